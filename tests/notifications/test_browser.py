"""The public subscription pages in Chromium: accessible, keyboard-usable, Czech, valid HTML."""

from urllib.request import urlopen

import pytest
from wagtail.models import Site

from notifications.models import Subscription, SubscriptionStatus
from tests.browser import assert_no_axe_violations, html_errors
from tests.factories import make_territory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_subscribe_confirm_unsubscribe_by_keyboard(live_server, browser_page, mailoutbox):
    Site.objects.all().delete()  # Wagtail's initial site would hold localhost:80
    make_territory("ORP Testov", hostname="localhost", default_site=True)
    page = browser_page
    page.goto(f"{live_server.url}/odber/")
    assert page.locator("h1").inner_text() == "E-maily o veřejných připomínkováních"
    assert_no_axe_violations(page)
    served = urlopen(f"{live_server.url}/odber/").read().decode()
    assert html_errors(served) == [], served.splitlines()[15:25]

    page.keyboard.press("Tab")  # skip link first, then on through the page to the field
    page.get_by_label("Váš e-mail").focus()
    page.keyboard.type("neplatna adresa")
    page.keyboard.press("Enter")
    page.get_by_text("Zadejte platnou e-mailovou adresu").wait_for()
    assert page.get_by_label("Váš e-mail").get_attribute("aria-invalid") == "true"
    assert not Subscription.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_label("Váš e-mail").fill("obcan@example.cz")
    page.get_by_label("Váš e-mail").press("Enter")
    page.get_by_role("heading", name="Zkontrolujte svůj e-mail").wait_for()
    subscription = Subscription.objects.get()
    assert [m.to for m in mailoutbox] == [["obcan@example.cz"]]

    page.goto(f"{live_server.url}/odber/potvrdit/{subscription.token}/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Potvrdit odběr").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Děkujeme.").wait_for()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED

    page.goto(f"{live_server.url}/odber/odhlasit/{subscription.token}/")
    assert html_errors(urlopen(page.url).read().decode()) == []
    page.get_by_role("button", name="Odhlásit odběr").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Hotovo.").wait_for()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
