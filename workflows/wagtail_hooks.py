"""Wagtail hooks of the workflows app; each part registers its own."""

from workflows.consultation import wagtail_hooks as consultation_hooks  # noqa: F401
from workflows.review import wagtail_hooks as review_hooks  # noqa: F401
