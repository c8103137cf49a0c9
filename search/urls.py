"""URLs of the search app."""

urlpatterns = []
