"""Public URLs of the notifications part: the consultation e-mail subscription."""

from django.urls import path

from workflows.notifications import subscriptions

urlpatterns = [
    path("odber/", subscriptions.subscribe, name="notifications_subscribe"),
    path("odber/potvrdit/<str:token>/", subscriptions.confirm, name="notifications_confirm"),
    path("odber/odhlasit/<str:token>/", subscriptions.unsubscribe, name="notifications_unsubscribe"),
]
