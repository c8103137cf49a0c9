"""Celery tasks of the review part (take primary keys, re-fetch)."""
