"""Shared fixtures. The servers themselves start in tests/services.py."""

import pytest

from tests.browser import launch_browser
from tests.celery_worker import _celery_worker_process, celery_worker, smtp_sink  # noqa: F401


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser):
    """A fresh browser context per test (own cookies), Czech locale."""
    context = browser.new_context(locale="cs-CZ", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
