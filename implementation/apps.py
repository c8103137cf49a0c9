from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
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
