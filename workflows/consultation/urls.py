"""URLs of the consultation part."""

urlpatterns = []
