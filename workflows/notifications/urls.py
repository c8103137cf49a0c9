"""URLs of the notifications part."""

urlpatterns = []
