"""Roles and their permissions, set up by code so every installation agrees.

`ensure_territory_roles(territory)` creates (idempotently) the auth groups of a
territory and gives each role exactly its part. Working-group members get
their chapter rights through `cms.permissions`, not through tree-wide grants.
"""


def ensure_territory_roles(territory):
    """Create or update the auth groups and permissions of `territory`'s roles.

    Filled in by the foundation work; safe to call repeatedly.
    """
