"""The public documents page of a territory (the governed library's public face)."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .bodies import PlanningBody
from .territory import TerritoryHomePage

DOCUMENTS_PER_PAGE = 50


class DocumentIndexPage(Page):
    """Public documents of one territory, filterable by type, year and body."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    parent_page_types = ["cms.TerritoryHomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "cms/library/document_index_page.html"

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("documents page")
        verbose_name_plural = _("documents pages")

    @property
    def territory(self):
        return TerritoryHomePage.objects.ancestor_of(self).last()

    def public_documents(self):
        from cms.access import documents_of_territory

        return (
            documents_of_territory(self.territory)
            .public()
            .select_related("owning_body")
            .order_by("-date", "title", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        from cms.library.filters import DocumentFilterForm

        context = super().get_context(request, *args, **kwargs)
        documents = self.public_documents()
        bodies = PlanningBody.objects.for_territory(self.territory).public()
        form = DocumentFilterForm(request.GET or None, documents=documents, bodies=bodies)
        filtered = form.filter(documents)
        paginator = Paginator(filtered, DOCUMENTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("strana"))
        query = request.GET.copy()
        query.pop("strana", None)
        context.update(
            {
                "filter_form": form,
                "documents": page_obj.object_list,
                "page_obj": page_obj,
                "result_count": paginator.count,
                "filter_query": query.urlencode(),
                "is_filtered": form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
            }
        )
        return context
