"""Signal receivers of the review part, connected from WorkflowsConfig.ready()."""

from django.db.models.signals import post_save


def connect():
    """Connect the review's receivers (workflow provisioning, plan status); called from WorkflowsConfig.ready()."""
    from wagtail.models import WorkflowState

    from cms.models import PlanPage
    from workflows.models.review import ReviewCycleSettings
    from workflows.review import plan_status, provisioning

    post_save.connect(provisioning.on_plan_created, sender=PlanPage, dispatch_uid="workflows.review.plan_workflow")
    post_save.connect(
        provisioning.on_cycle_settings_saved,
        sender=ReviewCycleSettings,
        dispatch_uid="workflows.review.cycle_settings",
    )
    post_save.connect(
        plan_status.on_workflow_state_saved, sender=WorkflowState, dispatch_uid="workflows.review.plan_status"
    )
