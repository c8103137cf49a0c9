"""URLs of the search app (included at "hledat/")."""

from django.urls import path

from search import views

urlpatterns = [
    path("", views.search, name="search"),
    path("naseptavac/", views.autocomplete, name="search_autocomplete"),
]
