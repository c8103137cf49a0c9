"""Public URLs of the notifications part: the consultation e-mail subscription."""

from django.urls import path

from notifications import public_views

urlpatterns = [
    path("odber/", public_views.subscribe, name="notifications_subscribe"),
    path("odber/potvrdit/<str:token>/", public_views.confirm, name="notifications_confirm"),
    path("odber/odhlasit/<str:token>/", public_views.unsubscribe, name="notifications_unsubscribe"),
]
