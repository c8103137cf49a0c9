"""The page editor narrowed to one item of the strategic part and its children.

It is Wagtail's own page `EditView` (same template, actions, workflow and
hooks); only the scope differs, carried in the URL so the form posts back here
and "Save draft" returns here.
"""

from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.views.pages.edit import EditView


class StrategyEditView(EditView):
    """Wagtail's page editor for one item of a strategic part and its children (`scope`): a 150-activity part is too large for one form."""

    def get_object(self):
        from cms.models import StrategicPartPage

        page = super().get_object()
        if not isinstance(page, StrategicPartPage):
            raise Http404
        scope = str(self.kwargs["scope"])
        if not any(str(entry.uid) == scope for entry in page.strategy_entries.all()):
            raise Http404
        page._strategy_scope = scope
        return page

    def get_edit_url(self):
        return reverse("cms_strategy_edit", args=[self.page.id, self.kwargs["scope"]])


@hooks.register("register_admin_urls")
def register_strategy_urls():
    """Admin URLs of the per-scope strategy editor (registered from cms's wagtail_hooks)."""
    return [
        path(
            "strategie/<int:page_id>/<uuid:scope>/",
            StrategyEditView.as_view(),
            name="cms_strategy_edit",
        )
    ]
