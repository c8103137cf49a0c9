from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    """The living plan; ready() adds the action plan page type under plans and connects its PDF and workflow receivers (cms names none of this app's types)."""

    name = "implementation"
    verbose_name = _("Implementation and monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.models import PlanPage

        # cms names none of our types; the plan accepts the action plan as a child from here.
        if "implementation.ActionPlanPage" not in PlanPage.subpage_types:
            PlanPage.subpage_types = [*PlanPage.subpage_types, "implementation.ActionPlanPage"]
        from django.db.models.signals import post_save

        from . import workflow
        from .models import ActionPlanPage

        post_save.connect(
            workflow.on_action_plan_saved, sender=ActionPlanPage, dispatch_uid="implementation.action_plan_workflow"
        )
        from .models import ActivityReport, IndicatorValue, MonitoringRound, SpentAmount
        from .services import report_pdf

        post_save.connect(
            report_pdf.on_round_saved, sender=MonitoringRound, dispatch_uid="implementation.report_pdf_round"
        )
        post_save.connect(
            report_pdf.on_report_saved, sender=ActivityReport, dispatch_uid="implementation.report_pdf_report"
        )
        from wagtail.signals import page_published

        from cms.models import StrategicPartPage

        page_published.connect(
            report_pdf.on_strategic_part_published,
            sender=StrategicPartPage,
            dispatch_uid="implementation.report_pdf_strategy_published",
        )
        for model in (IndicatorValue, SpentAmount):
            post_save.connect(
                report_pdf.on_report_value_saved,
                sender=model,
                dispatch_uid=f"implementation.report_pdf_{model._meta.model_name}",
            )
