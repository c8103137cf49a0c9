"""The public comment form by keyboard only: errors beside their fields, the summary focused, no e-mail needed."""

import os

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from tests.browser import assert_no_axe_violations, html_errors
from tests.workflows.test_consultation_browser import tab_to
from tests.workflows.test_consultation_support import (  # noqa: F401 (fixture)
    build,
    fresh_rate_limits,
    start_consultation,
)
from workflows.models import Comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_rate_limits"),
]

# The form's own button (the site search in the header has a submit button too).
SEND = "el.type === 'submit' && el.form && el.form.method === 'post'"
SCREENSHOTS = os.environ.get("TRIADA_SCREENSHOTS", "/tmp/triada-screenshots")


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_comment_form_by_keyboard_with_errors_and_without_e_mail(browser_page, live_server):
    Site.objects.all().delete()  # Wagtail's welcome site; ours becomes the default
    _territory, plan, chapter, workflow, people = build(hostname="localhost")
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    page = browser_page
    os.makedirs(SCREENSHOTS, exist_ok=True)

    page.goto(live_server.url + reverse("consultation_comment", args=[consultation.pk]))
    # labels above their fields, fields styled by the site (a block with the site's border)
    assert box(page, "label[for=id_author_name]")["y"] < box(page, "#id_author_name")["y"]
    assert box(page, "label[for=id_text]")["y"] < box(page, "#id_text")["y"]
    style = page.evaluate("getComputedStyle(document.querySelector('#id_author_name'))['border-top-width']")
    assert style == "2px"
    assert "(nepovinné)" in page.inner_text("label[for=id_author_email]")
    assert "Bez něj najdete vypořádání" in page.inner_text("#id_author_email_helptext")

    # Sent empty from the keyboard: the summary takes the focus, each field says what is wrong.
    tab_to(page, SEND)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "chyby"
    summary = page.inner_text("#chyby")
    assert "Vaše jméno" in summary and "Vaše připomínka" in summary and "e-mail" not in summary.lower()
    for name in ("author_name", "text"):
        field = page.locator(f"#id_{name}")
        assert field.get_attribute("aria-invalid") == "true"
        described = field.get_attribute("aria-describedby").split()
        assert f"id_{name}_error" in described
        assert "Toto pole je povinné." in page.inner_text(f"#id_{name}_error")
        # the error sits right above its field, below its label
        assert (
            box(page, f"label[for=id_{name}]")["y"] < box(page, f"#id_{name}_error")["y"] < field.bounding_box()["y"]
        )
    page.screenshot(path=f"{SCREENSHOTS}/comment-form-errors.png", full_page=True)
    assert html_errors(page.content()) == []  # before axe adds its own script to the page
    assert_no_axe_violations(page)

    # The summary links to the field; the citizen fills the form in without an e-mail.
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === '#id_author_name'")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_author_name"
    page.keyboard.type("Bohumil Bezmailový")
    tab_to(page, "el.name === 'text'")
    page.keyboard.type("Chybí odvoz k lékaři.")
    tab_to(page, SEND)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Děkujeme za připomínku" in page.inner_text("h1")
    notice = page.inner_text("#kde-vyporadani")
    assert "Nevyplnili jste e-mail" in notice and "č. 1" in notice
    assert consultation.ends_at_local.strftime("%-d. %-m. %Y") in notice
    assert (
        page.locator("#kde-vyporadani a")
        .first.get_attribute("href")
        .endswith(reverse("consultation_settlement", args=[consultation.pk]))
    )
    assert plan.title in notice
    page.screenshot(path=f"{SCREENSHOTS}/comment-thanks-without-email.png", full_page=True)
    assert html_errors(page.content()) == []
    assert_no_axe_violations(page)

    comment = Comment.objects.get()
    assert comment.author_email == "" and comment.author_name == "Bohumil Bezmailový"


def test_staff_record_a_letter_about_a_paragraph_in_the_admin(browser, live_server):
    from tests.browser import open_admin_as
    from tests.factories import PASSWORD
    from tests.workflows.test_consultation_support import block_ids

    Site.objects.all().delete()
    _territory, _plan, chapter, workflow, people = build(hostname="localhost")
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    page = open_admin_as(browser, live_server.url, people["coordinator"].username, PASSWORD)
    os.makedirs(SCREENSHOTS, exist_ok=True)

    page.goto(live_server.url + reverse("consultation_admin:detail", args=[consultation.pk]))
    with page.expect_navigation():
        page.click("text=Zaznamenat připomínku přijatou poštou, e-mailem nebo na veřejném projednání")
    assert "Zaznamenat připomínku přijatou poštou, e-mailem nebo na veřejném projednání" in page.title()
    assert page.input_value("input[name=received_at]")[:10] == timezone.localdate().isoformat()
    second = block_ids(chapter)[1]
    page.select_option("select[name=channel]", "post")
    page.select_option("select[name=target]", f"paragraph:{chapter.pk}:{second}")
    page.fill("input[name=author_name]", "Anna Dopisová")
    page.fill("textarea[name=text]", "Prosíme o rozšíření terénní služby.")
    page.screenshot(path=f"{SCREENSHOTS}/staff-record-comment.png", full_page=True)
    with page.expect_navigation():
        page.click("form[method=post] button.button:text-is('Zaznamenat')")
    assert "Připomínka č. 1 od Anna Dopisová (pošta) je zapsána v evidenci připomínek" in page.inner_text("body")
    comment = Comment.objects.get()
    assert (comment.channel, comment.block_id, comment.recorded_by) == ("post", second, people["coordinator"])
