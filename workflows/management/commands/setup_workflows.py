"""Create or update the default approval workflow of every territory."""

from django.core.management.base import BaseCommand

from cms.models import TerritoryHomePage
from workflows.review.provisioning import ensure_default_workflows


class Command(BaseCommand):
    """Run after adding a territory or changing the default chain: every territory gets its approval workflow."""

    help = "Create or update each territory's default chapter approval workflow (idempotent)."

    def handle(self, *args, **options):
        for territory in TerritoryHomePage.objects.order_by("path"):
            workflow = ensure_default_workflows(territory)
            stages = ", ".join(task.name for task in workflow.tasks)
            self.stdout.write(f"{workflow.name}: {stages}")
