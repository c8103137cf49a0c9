"""Celery tasks of the notifications part (take primary keys, re-fetch)."""
