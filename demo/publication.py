"""The publication part of the demo: the PDF of each territory's plan, ready to download."""

from publication.services import request_plan_pdf

from .registry import step


@step(order=99)
def plan_pdf(demo):
    """Last step: the PDF of the final text (publishing in the demo asks again after commit; same text, same row)."""
    if demo.plan is not None:
        request_plan_pdf(demo.plan)
