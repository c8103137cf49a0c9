"""Signal receivers of the review part, connected from WorkflowsConfig.ready()."""

from django.db.models.signals import post_save


def connect():
    from cms.models import PlanPage
    from workflows.review import services

    post_save.connect(services.on_plan_created, sender=PlanPage, dispatch_uid="workflows.review.plan_workflow")
