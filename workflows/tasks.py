"""Celery discovers tasks here; each part keeps its own module."""

from workflows.consultation.tasks import *  # noqa: F403
