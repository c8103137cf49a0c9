import pytest

from tests.browser import axe_violations, html_errors

pytestmark = pytest.mark.browser


def test_chromium_renders_and_axe_finds_a_missing_alt(browser_page):
    browser_page.set_content(
        '<html lang="cs"><head><title>x</title></head><body><main><img src="a.png"></main></body></html>'
    )
    ids = {v["id"] for v in axe_violations(browser_page)}
    assert "image-alt" in ids


def test_validator_reports_invalid_html():
    errors = html_errors("<!DOCTYPE html><html lang=cs><head><title>x</title></head><body><p><div></p></body></html>")
    assert errors
