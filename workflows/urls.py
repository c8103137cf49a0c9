"""Public URLs of the workflows app (consultation pages, unsubscribe links, ...)."""

from django.urls import include, path

urlpatterns = [
    path("", include("workflows.review.urls")),
    path("", include("workflows.consultation.urls")),
]
