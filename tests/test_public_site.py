"""What a citizen sees on the public site: the plan, its chapters, the strategic part."""

import datetime
import re
import uuid

import pytest
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail import hooks

from cms.models import ChapterPage, StrategicItem, TargetGroup, set_strategy
from tests.factories import make_chapter, make_plan, make_territory
from tests.site_content import (
    activity,
    block,
    build_site,
    make_document,
    make_image,
    make_strategic_part,
    strategy_value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site("ORP Testov", hostname="testserver")


def path(page):
    """The page's URL on its own site (relative, as the templates write it)."""
    return page.get_url(current_site=page.get_site())


def get_html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def section(html, start_marker, end_marker):
    start = html.index(start_marker)
    return html[start : html.index(end_marker, start)]


def test_plan_page_lists_chapters_in_their_order_with_leads(client):
    territory = make_territory("ORP Pořadí", hostname="testserver")
    plan = make_plan(territory)
    # Created out of order on purpose: the table of contents follows the numbers.
    make_chapter(plan, "Financování", number=3)
    first = make_chapter(plan, "Úvod", number=1)
    make_chapter(plan, "Analýza potřeb", number=2)
    first.lead = "Proč a pro koho plánujeme."
    first.save_revision().publish()

    toc = section(get_html(client, path(plan)), 'class="toc"', "</nav>")
    titles = re.findall(r'<span class="toc-title">([^<]+)</span>', toc)
    assert titles == ["Úvod", "Analýza potřeb", "Financování"]
    assert "Proč a pro koho plánujeme." in toc


def test_plan_page_shows_the_strategic_part_with_codes_in_order(client, site):
    html = get_html(client, path(site["plan"]))
    outline = section(html, 'id="strategicka-cast"', "</section>")
    codes = re.findall(r'<span class="code">(?:Priorita |Opatření )?([\d.]+)</span>', outline)
    assert codes == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1", "2.1.1"]
    assert "Rozšíření pečovatelské služby" in outline
    assert path(site["strategic_part"]) + "polozka/1.1.1/" in outline


def test_every_activity_is_reachable_by_its_url_and_its_anchor(client, site):
    part = site["strategic_part"]
    part_html = get_html(client, path(part))
    activities = list(StrategicItem.objects.filter(strategic_part=part).activities().current())
    assert [item.code for item in activities] == ["1.1.1", "1.1.2", "2.1.1"]
    for item in activities:
        assert item.anchor == "aktivita-" + item.code.replace(".", "-")
        assert f'id="{item.anchor}"' in part_html
        item_html = get_html(client, item.get_url())
        assert item.title in item_html
        assert "Charita Testov" in item_html
        assert f"Financování aktivity {item.code}" in item_html
    # Priorities and measures have anchors and pages too.
    assert 'id="priorita-1"' in part_html and 'id="opatreni-1-2"' in part_html
    assert "Terénní služby v obcích" in get_html(client, path(part) + "polozka/1/")
    get_html(client, path(part) + "polozka/9.9.9/", status=404)


def test_activity_page_shows_all_its_data(client, site):
    html = get_html(client, path(site["strategic_part"]) + "polozka/1.1.1/")
    main = section(html, "<main", "</main>")
    for expected in (
        "Aktivita 1.1.1",
        "Rozšíření pečovatelské služby",
        "Charita Testov",
        "2026–2028",
        "1\xa0250\xa0000 Kč",
        "rozpočet obce",
        "MPSV",
        "počet klientů",
        "osob",
        ">120<",
        ">150<",
        "Senioři",
    ):
        assert expected in main, expected
    assert "<caption>Indikátory aktivity 1.1.1</caption>" in main
    assert '<th scope="col">Indikátor</th>' in main
    assert 'aria-current="page">1.1.1<' in main


def test_chapter_blocks_keep_their_anchors_across_revisions(client, site):
    chapter = site["chapters"][0]
    ids = [child.id for child in chapter.body]
    html = get_html(client, path(chapter))
    for block_id in ids:
        assert f'<section id="blok-{block_id}" class="block block-' in html

    # A new revision: a paragraph inserted at the top, another one reworded.
    chapter = chapter.get_latest_revision_as_object()
    data = list(chapter.body.raw_data)
    data[1] = dict(data[1], value="<p>Pečovatelská služba je nově dostupná i o víkendech.</p>")
    inserted = block("paragraph", "<p>Nový úvodní odstavec.</p>")
    chapter.body = [inserted, *data]
    chapter.save_revision().publish()

    html = get_html(client, path(chapter))
    for block_id in ids:
        assert f'id="blok-{block_id}"' in html
    assert f'id="blok-{inserted["id"]}"' in html
    reworded = section(html, f'id="blok-{ids[1]}"', "</section>")
    assert "nově dostupná i o víkendech" in reworded


def test_unpublished_chapters_are_not_shown_to_the_public(client, site):
    plan = site["plan"]
    # Never published: created as a draft, as the admin does.
    draft = ChapterPage(title="Rozpracovaná kapitola", slug="rozpracovana", number=4, live=False)
    plan.add_child(instance=draft)
    draft.save_revision()
    withdrawn = make_chapter(plan, "Stažená kapitola", number=5)
    withdrawn.unpublish()

    plan_html = get_html(client, path(plan))
    assert "Rozpracovaná kapitola" not in plan_html
    assert "Stažená kapitola" not in plan_html
    get_html(client, path(plan) + draft.slug + "/", status=404)
    get_html(client, path(plan) + withdrawn.slug + "/", status=404)
    # Neither does the chapter navigation lead there.
    last_published = get_html(client, path(site["strategic_part"]))
    assert "Rozpracovaná" not in last_published and "Stažená" not in last_published


def test_chapter_navigation_and_breadcrumbs(client, site):
    first, second = site["chapters"]
    html = get_html(client, path(second))
    pager = section(html, 'class="pager"', "</nav>")
    assert f'href="{path(first)}" rel="prev"' in pager
    assert f'href="{path(site["strategic_part"])}" rel="next"' in pager
    crumbs = section(html, 'class="breadcrumbs"', "</nav>")
    assert 'aria-label="Drobečková navigace"' in crumbs
    assert path(site["plan"]) in crumbs
    assert f'<span aria-current="page">{second.title}</span>' in crumbs


def test_user_entered_text_is_escaped(client):
    territory = make_territory("ORP Zkouška", hostname="testserver")
    plan = make_plan(territory)
    nasty = '<script>alert("x")</script>'
    chapter = make_chapter(plan, f"Kapitola {nasty}", number=1)
    chapter.lead = f"Úvod {nasty}"
    chapter.body = [
        block(
            "table",
            {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": f"Tabulka {nasty}",
                "data": [["Sloupec", nasty], ['<img src=x onerror="alert(1)">', "2"]],
            },
        ),
        block("heading", {"text": nasty, "level": "h2"}),
        block("callout", {"kind": "info", "title": nasty, "text": "<p>Text</p>"}),
        block("key_figures", {"title": nasty, "figures": [{"value": nasty, "label": nasty, "note": nasty}]}),
    ]
    chapter.save_revision().publish()
    part = make_strategic_part(plan, number=2)
    tree = strategy_value()
    tree[0]["value"]["title"] = nasty
    tree[0]["value"]["measures"][0]["activities"][0]["responsible_organisation"] = nasty
    set_strategy(part, tree)
    part.save_revision().publish()

    for url in (path(plan), path(chapter), path(part), path(part) + "polozka/1.1.1/"):
        html = get_html(client, url)
        assert "<script>alert" not in html, url
        assert "onerror=" not in html.replace("onerror=&quot;", ""), url
    assert "&lt;script&gt;" in get_html(client, path(chapter))


def test_document_links_state_type_and_size_and_internal_ones_are_not_offered(client, site):
    chapter = site["chapters"][0]
    html = get_html(client, path(chapter))
    assert "Zápis z jednání řídící skupiny" in html
    assert "(PDF, 1,2\xa0MB)" in html
    assert site["document"].url in html

    internal = make_document("Interní podklad", publicity="internal", size=2048)
    chapter = chapter.get_latest_revision_as_object()
    chapter.body = [*chapter.body.raw_data, block("document_link", {"document": internal.pk, "label": ""})]
    chapter.save_revision().publish()
    html = get_html(client, path(chapter))
    assert "Interní podklad" not in html
    assert internal.url not in html


def test_figures_carry_alt_text_and_decorative_images_an_empty_alt(client, site):
    chapter = site["chapters"][0]
    html = get_html(client, path(chapter))
    assert re.search(r'<img alt="Mapa obcí v území"[^>]*>', html) or 'alt="Mapa obcí v území"' in html
    decorative = make_image("Ozdoba", alt="Ozdobný proužek")
    chapter = chapter.get_latest_revision_as_object()
    figure = block("figure", {"image": {"image": decorative.pk, "alt_text": "", "decorative": True}, "caption": ""})
    chapter.body = [*chapter.body.raw_data, figure]
    chapter.save_revision().publish()
    decorative_section = section(get_html(client, path(chapter)), f'id="blok-{figure["id"]}"', "</section>")
    assert 'alt=""' in decorative_section
    assert "Ozdobný proužek" not in decorative_section


def test_other_apps_attach_tools_to_blocks_and_sections_to_the_plan(client, site):
    chapter = site["chapters"][0]
    first_block = chapter.body[0]

    def comment_tool(request, page, bound_block):
        return format_html('<a href="/pripominka/{}/">Připomínkovat tento odstavec</a>', bound_block.id)

    def settlement(request, page):
        return [
            {"id": "vyporadani", "title": "Vypořádání připomínek", "html": mark_safe("<p>Tabulka vypořádání.</p>")}
        ]

    plain = get_html(client, path(chapter))
    assert "block-tools" not in plain

    with (
        hooks.register_temporarily("triada_block_tools", comment_tool),
        hooks.register_temporarily("triada_plan_sections", settlement),
    ):
        html = get_html(client, path(chapter))
        plan_html = get_html(client, path(site["plan"]))
    own = section(html, f'id="blok-{first_block.id}"', "</section>")
    assert f'href="/pripominka/{first_block.id}/">Připomínkovat tento odstavec' in own
    assert '<section class="plan-section" id="vyporadani"' in plan_html
    assert '<h2 id="vyporadani-nadpis">Vypořádání připomínek</h2>' in plan_html


def test_page_banners_appear_above_the_content(client, site):
    def draft_banner(request, page):
        return format_html(
            '<div class="callout" role="region" aria-label="{}">{}</div>', "Návrh", "Návrh k připomínkám"
        )

    with hooks.register_temporarily("triada_page_banners", draft_banner):
        html = get_html(client, path(site["chapters"][0]))
    banners = section(html, '<div class="container page-banners">', "</div>\n")
    assert "Návrh k připomínkám" in banners
    assert html.index("page-banners") < html.index('<main id="obsah"')
    assert "page-banners" not in get_html(client, path(site["chapters"][0]))


def test_plan_sections_from_the_context_are_rendered(rf, site):
    from django.template.loader import render_to_string

    plan = site["plan"]
    request = rf.get(path(plan))
    context = plan.get_context(request)
    context["plan_sections"] = [
        {"id": "historie", "title": "Historie schvalování", "html": mark_safe("<p>Schváleno.</p>")}
    ]
    html = render_to_string("cms/plan_page.html", context, request=request)
    assert '<h2 id="historie-nadpis">Historie schvalování</h2>' in html


def test_menu_footer_and_approval_line(client, site):
    plan = site["plan"]
    plan.approval_resolution_number = "ZM/12/2026"
    plan.approval_body = "Zastupitelstvo města Testov"
    plan.approval_date = datetime.date(2026, 3, 5)
    plan.save_revision().publish()

    html = get_html(client, path(plan))
    nav = section(html, 'class="site-nav"', "</nav>")
    assert 'aria-label="Hlavní navigace"' in nav
    assert f'href="{path(plan)}" aria-current="page"' in nav
    assert path(site["news_index"]) in nav
    assert "Schváleno: Zastupitelstvo města Testov, usnesení č. ZM/12/2026 ze dne 5. března 2026." in html
    footer = section(html, "<footer", "</footer>")
    assert f'href="{path(site["statement"])}">Prohlášení o přístupnosti' in footer
    assert "koordinator@testov.example.cz" in footer
    assert "Triáda" in footer
    assert 'media="print"' in html


def test_public_pages_need_no_javascript_for_reading(client, site):
    html = get_html(client, path(site["chapters"][0]))
    assert "Pečovatelská služba je dostupná" in html
    # The print button only appears when the script can work it.
    assert '<p class="print-action" hidden>' in html


def test_the_whole_plan_on_one_page_for_printing(client, site):
    plan = site["plan"]
    assert f'href="{path(plan)}?cely=1"' in get_html(client, path(plan))

    html = get_html(client, path(plan) + "?cely=1")
    titles = re.findall(r'<h2 id="kapitola-\d+-nadpis"><span class="chapter-number">(\d+)\.</span> ([^<]+)</h2>', html)
    assert titles == [("1", "Úvod"), ("2", "Analýza potřeb uživatelů"), ("3", "Strategická část")]
    # Chapter headings move one level down under the chapter's h2, and keep their anchors.
    first_block = site["chapters"][0].body[0]
    assert f'<section id="blok-{first_block.id}" class="block block-heading">' in html
    assert '<h3 class="block-heading">Východiska</h3>' in html
    assert 'id="aktivita-1-1-1"' in html
    assert re.search(r'<h5 id="aktivita-1-1-1-nadpis">', html)
    assert html.count("<h1") == 1


def test_heading_blocks_only_ever_produce_h2_to_h4():
    from cms.templatetags.triada_site import heading_tag

    assert [heading_tag(level) for level in ("h2", "h3", "h4")] == ["h2", "h3", "h4"]
    assert heading_tag('h2 onclick="alert(1)"') == "h2"
    assert heading_tag("h1") == "h2"
    assert heading_tag("h3", 1) == "h4"


def test_hook_output_that_is_not_marked_safe_is_escaped(client, site):
    chapter = site["chapters"][0]

    def careless_tool(request, page, bound_block):
        return "<b>nebezpečné</b>"

    with hooks.register_temporarily("triada_block_tools", careless_tool):
        html = get_html(client, path(chapter))
    assert "&lt;b&gt;nebezpečné&lt;/b&gt;" in html
    assert "<b>nebezpečné</b>" not in html


def test_block_ids_are_uuid_anchors(client, site):
    html = get_html(client, path(site["chapters"][0]))
    anchors = re.findall(r'<section id="blok-([^"]+)"', html)
    assert anchors and all(uuid.UUID(anchor) for anchor in anchors)


def test_chapter_and_strategy_queries_do_not_grow_with_the_plan(client, site):
    """More chapters, blocks and activities must not mean more queries per page (no N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        client.get(url)  # warm Wagtail's per-site caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    chapter, part = site["chapters"][0], site["strategic_part"]
    before = (count(path(chapter)), count(path(part)), count(path(part) + "polozka/1.1.1/"))

    for number in range(4, 9):
        make_chapter(site["plan"], f"Doplněná kapitola {number}", number=number, paragraphs=("A.", "B.", "C."))
    chapter = chapter.get_latest_revision_as_object()
    chapter.body = [*chapter.body.raw_data, *[block("paragraph", f"<p>Odstavec {n}.</p>") for n in range(10)]]
    chapter.save_revision().publish()
    part = part.get_latest_revision_as_object()
    strategy = strategy_value(TargetGroup.objects.first())
    strategy[0]["value"]["measures"][0]["activities"] += [activity(n, f"Další aktivita {n}") for n in range(3, 9)]
    set_strategy(part, strategy)
    part.save_revision().publish()

    after = (count(path(chapter)), count(path(part)), count(path(part) + "polozka/1.1.1/"))
    assert min(before) > 0
    assert after == before


def test_views_that_call_something_else_page_still_render_the_frame(rf, site):
    """base.html must not break when a view's `page` is not a Wagtail page (e.g. a paginator page)."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    request = rf.get("/hledat/", HTTP_HOST="testserver")
    html = render_to_string("base.html", {"page": Paginator([1, 2, 3], 2).page(1)}, request=request)
    assert "Přeskočit na obsah" in html
    assert 'class="breadcrumbs"' not in html
