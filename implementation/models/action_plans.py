"""The yearly action plan (akční / realizační plán) as a Wagtail page.

A page, so the review workflow (steering group, then council) applies to it
unchanged and every edit is a revision. Its lines point at the plan's
activities through `cms.StrategicItem`, whose identity survives renumbering.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class ActionPlanForm(WagtailAdminPageForm):
    """Offer and accept only the current activities of the plan the action plan belongs to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cms.models import PlanPage, StrategicItem

        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        self.plan = PlanPage.objects.filter(pk=getattr(parent, "pk", None)).first()
        queryset = StrategicItem.objects.activities().current()
        self.activity_queryset = queryset.for_plan(self.plan) if self.plan else queryset.none()
        formset = self.formsets.get("items")
        if formset is not None:
            for form in formset.forms:
                form.fields["activity"].queryset = self.activity_queryset

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("items")
        allowed = set(self.activity_queryset.values_list("pk", flat=True))
        for form in formset.forms if formset is not None else []:
            activity = form.cleaned_data.get("activity") if hasattr(form, "cleaned_data") else None
            if activity is not None and activity.pk not in allowed:
                form.add_error("activity", _("Choose an activity of this plan."))
        return cleaned


class ActionPlanPage(RoutablePageMixin, Page):
    """One year's activities of a plan; a child of the plan page."""

    year = models.PositiveSmallIntegerField(_("year"))
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    parent_page_types = ["cms.PlanPage"]
    subpage_types = []
    base_form_class = ActionPlanForm

    content_panels = Page.content_panels + [
        FieldPanel("year"),
        FieldPanel("intro"),
        InlinePanel("items", heading=_("Activities in this year"), label=_("activity")),
    ]

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    # Not called `plan`: the review's council stage would treat the action
    # plan's resolution as the plan's own adoption.
    @cached_property
    def parent_plan(self):
        from cms.models import PlanPage

        return PlanPage.objects.ancestor_of(self).first()

    @property
    def territory(self):
        plan = self.parent_plan
        return plan.territory if plan else None

    def clean(self):
        super().clean()
        if self.parent_plan and not (self.parent_plan.period_from <= (self.year or 0) <= self.parent_plan.period_to):
            raise ValidationError(
                {
                    "year": _("The year must lie within the plan's period %(period)s.")
                    % {"period": self.parent_plan.period_label}
                }
            )

    def total_planned(self):
        return sum((item.planned_cost or Decimal(0) for item in self.items.all()), Decimal(0))

    def lines(self):
        return self.items.select_related("activity").order_by("sort_order")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["plan"] = self.parent_plan
        context["lines"] = self.lines()
        return context

    @path("pdf/", name="pdf")
    def pdf_view(self, request):
        """The action plan as a tagged PDF (PDF/UA-1, Czech)."""
        from django.http import HttpResponse
        from django.template.loader import render_to_string
        from django.utils import translation
        from weasyprint import HTML

        with translation.override("cs"):
            html = render_to_string(
                "implementation/pdf/action_plan.html", {"page": self, "plan": self.parent_plan, "lines": self.lines()}
            )
        response = HttpResponse(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="akcni-plan-{self.year}.pdf"'
        return response


class ActionPlanItem(Orderable):
    """One activity of the strategic part planned for the action plan's year, with its cost and who carries it out."""

    page = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(
        "cms.StrategicItem",
        on_delete=models.CASCADE,
        related_name="action_plan_items",
        verbose_name=_("activity"),
        limit_choices_to={"kind": "activity", "is_current": True},
    )
    planned_cost = models.DecimalField(
        _("planned cost this year (CZK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    funding_sources = models.CharField(
        _("funding sources this year"), max_length=500, blank=True, help_text=_("For example: rozpočet obce, MPSV.")
    )
    responsible_organisation = models.CharField(_("responsible organisation"), max_length=255, blank=True)
    milestones = models.TextField(_("milestones"), blank=True, help_text=_("One milestone per line."))

    panels = [
        FieldPanel("activity"),
        FieldPanel("planned_cost"),
        FieldPanel("funding_sources"),
        FieldPanel("responsible_organisation"),
        FieldPanel("milestones"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("action plan activity")
        verbose_name_plural = _("action plan activities")

    def milestone_list(self):
        return [line.strip() for line in self.milestones.splitlines() if line.strip()]
