from django.urls import path

from operations.health import health

urlpatterns = [path("zdravi/", health, name="health")]
