"""Admin URLs of the consultation part, mounted under the Wagtail admin by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "consultation_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/upravit/", admin_views.edit, name="edit"),
    path("<int:pk>/uzavrit/", admin_views.close, name="close"),
    path("<int:pk>/zaznamenat/", admin_views.record, name="record"),
    path("<int:pk>/potvrdit-vse/", admin_views.confirm_all, name="confirm_all"),
    path("pripominka/<int:pk>/", admin_views.comment_detail, name="comment"),
    path("pripominka/<int:pk>/potvrdit/", admin_views.confirm, name="confirm"),
    path("pripominka/<int:pk>/skryt/", admin_views.hide, name="hide"),
    path("pripominka/<int:pk>/zverejnit/", admin_views.publish, name="publish"),
]
