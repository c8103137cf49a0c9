"""Models of the workflows app, re-exported explicitly by each part."""

# Each part adds its own names here, e.g.:
# from .review import WorkingGroupReviewTask
from . import consultation, notifications, review  # noqa: F401

__all__ = []
