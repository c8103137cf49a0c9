"""Admin registrations of the content app; each concern keeps its own module."""

from cms.admin import documents, snippets, strategy_views  # noqa: F401
