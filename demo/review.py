"""The review part of the demo: each territory's chapter-approval workflow."""

from workflows.review.provisioning import ensure_default_workflows

from .registry import step


@step(order=60)
def review_workflow(demo):
    """The default "Schválení kapitoly" workflow of the territory, assigned to its plan."""
    ensure_default_workflows(demo.territory)
