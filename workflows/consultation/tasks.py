"""Celery tasks of the consultation part (take primary keys, re-fetch)."""
