"""Shared fixtures. The servers themselves start in tests/services.py."""

import pytest


@pytest.fixture
def site_root(db):
    from wagtail.models import Page

    return Page.get_first_root_node()
