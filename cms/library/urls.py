from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("verze/<int:version_id>/", views.serve_version, name="version"),
]
