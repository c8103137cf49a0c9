"""Signal receivers of the review part, connected from WorkflowsConfig.ready()."""

from django.db.models.signals import post_save


def connect():
    from cms.demo import demo_territory_built
    from cms.models import PlanPage
    from workflows.review import services

    demo_territory_built.connect(services.on_demo_territory_built, dispatch_uid="workflows.review.demo_workflows")
    post_save.connect(services.on_plan_created, sender=PlanPage, dispatch_uid="workflows.review.plan_workflow")
