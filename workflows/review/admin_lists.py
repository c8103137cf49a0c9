"""The coordinator's plan list and a plan's approval matrix, on Wagtail's ReportView (filters, CSV/XLSX export).

Both read in a fixed number of queries whatever the number of plans or
chapters: territories are resolved by path in one query, the matrix's states
come from selectors.plan_matrix (two queries for all chapters).
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from cms.access import territory_of
from cms.models import PlanPage, PlanStatus
from workflows.review import selectors


class PlanFilterSet(WagtailFilterSet):
    """Plans by status (rozpracovaný, ve schvalování, v připomínkovém řízení, schválený)."""

    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"))

    class Meta:
        model = PlanPage
        fields = []


class PlanIndexView(ReportView):
    """Plans whose review the user coordinates: title (to the matrix), period, territory, status."""

    page_title = _("Plan approval")
    header_icon = "tasks"
    filterset_class = PlanFilterSet
    index_url_name = "workflows_review:plan_index"
    index_results_url_name = "workflows_review:plan_index_results"
    columns = [
        TitleColumn("title", label=_("Plan"), url_name="workflows_review:plan_matrix"),
        Column("period_label", label=_("Period")),
        Column("territory_name", label=_("Territory")),
        Column("get_status_display", label=_("Status")),
    ]
    list_export = ["title", "period_label", "territory_name", "get_status_display"]
    export_headings = {
        "title": _("Plan"),
        "period_label": _("Period"),
        "territory_name": _("Territory"),
        "get_status_display": _("Status"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_superuser or selectors.user_coordinates_any_plan(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        # A plan's parent is its territory: its title in the same query, not one per row.
        territory = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen))
        return selectors.coordinated_plans(self.request.user).annotate(
            territory_name=Subquery(territory.values("title")[:1])
        )


class StageColumn(Column):
    """One stage of the chain: its status in a chapter, who holds it, its due date."""

    cell_template_name = "workflows/review/matrix_cell.html"

    def __init__(self, task, index):
        super().__init__(f"stage_{index}", label=task.name)
        self.index = index

    def get_value(self, instance):
        return instance.matrix_cells[self.index]


def cell_text(cell):
    """A matrix cell in words, for the CSV/XLSX export (the table shows the same in its cell template)."""
    parts = [str(cell["status"])]
    if cell["current"]:
        parts.append(str(_("held by %(body)s") % {"body": cell["holder"]}))
    if cell["due_at"]:
        parts.append(str(_("due %(date)s") % {"date": date_format(cell["due_at"], "j. n. Y")}))
    if cell["overdue"]:
        parts.append(str(_("overdue")))
    return ", ".join(parts)


class PlanMatrixView(ReportView):
    """A plan's chapters × stages, with the button that submits every chapter at once."""

    template_name = "workflows/review/plan_matrix.html"
    header_icon = "tasks"
    index_url_name = "workflows_review:plan_matrix"
    index_results_url_name = "workflows_review:plan_matrix_results"
    paginate_by = None

    def setup(self, request, *args, **kwargs):
        self.plan = get_object_or_404(PlanPage, pk=kwargs["plan_id"])
        super().setup(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not selectors.user_can_submit_plan(request.user, self.plan):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def page_title(self):
        return _("Approval of chapters")

    def get_page_subtitle(self):
        return self.plan.title

    def get_index_url(self):
        from django.urls import reverse

        return reverse(self.index_url_name, args=[self.plan.pk])

    def get_index_results_url(self):
        from django.urls import reverse

        return reverse(self.index_results_url_name, args=[self.plan.pk])

    @cached_property
    def matrix(self):
        return selectors.plan_matrix(self.plan)

    @cached_property
    def columns(self):
        tasks, _rows = self.matrix
        return [
            TitleColumn("numbered_title", label=_("Chapter"), url_name="workflows_review:chapter_review"),
            *(StageColumn(task, index) for index, task in enumerate(tasks)),
        ]

    @property
    def list_export(self):
        return ["numbered_title"] + [f"stage_{index}" for index in range(len(self.matrix[0]))]

    @property
    def export_headings(self):
        headings = {"numbered_title": _("Chapter")}
        headings.update({f"stage_{index}": task.name for index, task in enumerate(self.matrix[0])})
        return headings

    def get_filename(self):
        return f"schvalovani-{self.plan.slug}"

    def get_queryset(self):
        chapters = []
        for row in self.matrix[1]:
            row["chapter"].matrix_cells = row["cells"]
            chapters.append(row["chapter"])
        return chapters

    def to_row_dict(self, item):
        row = {"numbered_title": item.numbered_title}
        row.update({f"stage_{index}": cell_text(cell) for index, cell in enumerate(item.matrix_cells)})
        return row

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(
            plan=self.plan,
            territory=territory_of(self.plan),
            has_workflow=self.plan.get_workflow() is not None,
            to_notify=selectors.people_to_notify_on_submit(self.plan, self.matrix),
        )
        return context
