"""URLs of the review part."""

urlpatterns = []
