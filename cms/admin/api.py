"""The admin API (`/admin/api/main/…`) lists only what the access layer lets a user see.

Wagtail's document and image endpoints list every object to any admin user;
these subclasses take their querysets from `cms.access`, so lists, details and
`find` agree with the permission-checked serving views. Pages keep Wagtail's
queryset, which asks the page policy (`explorable_instances`). All three
authenticate by the admin session explicitly.
"""

from rest_framework.authentication import SessionAuthentication
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from cms import access


class AdminSessionMixin:
    """The admin's session user, whatever the project-wide DRF defaults say (the public API has none)."""

    authentication_classes = [SessionAuthentication]
    # Internal to the admin: not part of the public API's OpenAPI schema.
    schema = None


class AccessPagesAdminAPIViewSet(AdminSessionMixin, PagesAdminAPIViewSet):
    """Wagtail's admin pages API behind the admin session, so choosers cannot be called without a login."""

    pass


class AccessDocumentsAdminAPIViewSet(AdminSessionMixin, DocumentsAdminAPIViewSet):
    """The admin documents API narrowed by cms.access: a user's choosers list only documents they may see."""

    def get_queryset(self):
        return access.admin_documents_for(self.request.user).order_by("id")


class AccessImagesAdminAPIViewSet(AdminSessionMixin, ImagesAdminAPIViewSet):
    """The admin images API narrowed by cms.access, like the documents API."""

    def get_queryset(self):
        return access.admin_images_for(self.request.user).order_by("id")


@hooks.register("construct_admin_api", order=100)
def restrict_admin_api(router):
    """Runs after Wagtail's own registrations (order 0) and replaces them."""
    router.register_endpoint("pages", AccessPagesAdminAPIViewSet)
    router.register_endpoint("documents", AccessDocumentsAdminAPIViewSet)
    router.register_endpoint("images", AccessImagesAdminAPIViewSet)
