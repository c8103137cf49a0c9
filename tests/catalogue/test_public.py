"""The public catalogue: filters with counts, life situations, service pages, PDF, open data, search."""

import csv
import io
import json
import subprocess

import pytest
from pypdf import PdfReader

from catalogue.importer import import_file
from catalogue.models import CatalogueIndexPage, Service, SituationPrompt
from cms.models import LifeSituation, TargetGroup
from tests.factories import make_territory
from tests.pdf_ua import pdf_ua_failures

from .helpers import FIXTURE, load_taxonomy, territory_with_municipalities

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    load_taxonomy()
    territory = territory_with_municipalities()
    import_file(territory, FIXTURE)
    page = CatalogueIndexPage(title="Katalog sociálních služeb", slug="katalog")
    territory.add_child(instance=page)
    situation = LifeSituation.objects.get(code="pece_o_osobu_zavislou_na_peci_jine_osoby")
    SituationPrompt.objects.create(
        page=page, life_situation=situation, question="Pečuji o maminku s demencí a nestačím na to sama"
    )
    page.save_revision().publish()
    helped = list(Service.objects.public().order_by("pk")[:3])
    for service in helped:
        service.life_situations.add(situation)
        service.save()
    return {"territory": territory, "page": page, "host": territory.get_site().hostname, "helped": helped}


def get(client, catalogue, path="", **params):
    return client.get(f"/katalog/{path}", params, HTTP_HOST=catalogue["host"])


def test_filters_combine_and_counts_tell_what_each_choice_shows(client, catalogue):
    public = Service.objects.public().in_territory(catalogue["territory"])
    group = TargetGroup.objects.filter(service__in=public).order_by("pk").first()
    with_group = public.filter(target_groups=group).distinct()
    form_code = with_group.values_list("forms__code", flat=True).first()

    response = get(client, catalogue, skupina=group.code)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{with_group.count()} služ" in html
    for service in with_group.order_by("name")[:20]:
        assert service.name in html
    # The count beside a form is what choosing it together with the group would show.
    both = with_group.filter(forms__code=form_code).distinct().count()
    facet_forms = response.context["facets"][3]
    assert {o["code"]: o["count"] for o in facet_forms.options}[form_code] == both

    combined = get(client, catalogue, skupina=group.code, forma=form_code)
    assert combined.context["result_count"] == both
    assert "Zrušit filtr" in combined.content.decode()
    # Unknown codes are ignored, not an error.
    assert get(client, catalogue, skupina="nic-takoveho").context["result_count"] == public.count()


def test_life_situation_in_plain_words_leads_to_the_services_that_help(client, catalogue):
    situations = get(client, catalogue, "zivotni-situace/")
    html = situations.content.decode()
    assert "Pečuji o maminku s demencí" in html
    link = "/katalog/?situace=pece_o_osobu_zavislou_na_peci_jine_osoby"
    assert link in html
    results = client.get(link, HTTP_HOST=catalogue["host"])
    assert results.context["result_count"] == len(catalogue["helped"])
    for service in catalogue["helped"]:
        assert service.name in results.content.decode()


def test_service_page_shows_the_live_version_and_hides_ended_and_foreign_services(client, catalogue):
    service = catalogue["helped"][0]
    page = get(client, catalogue, f"sluzba/{service.pk}/")
    assert page.status_code == 200
    assert service.name in page.content.decode() and service.provider.name in page.content.decode()
    # A provider's pending draft is not what the public sees.
    service.description = "<script>alert(1)</script> Koncept, který ještě nikdo neschválil"
    service.save_revision()
    assert "Koncept" not in get(client, catalogue, f"sluzba/{service.pk}/").content.decode()
    Service.objects.filter(pk=service.pk).update(ended_on="2025-01-01")
    assert get(client, catalogue, f"sluzba/{service.pk}/").status_code == 404
    other = make_territory("Mikroregion Jinde")
    outside = Service.objects.exclude(pk__in=Service.objects.in_territory(catalogue["territory"])).first()
    assert other and (outside is None or get(client, catalogue, f"sluzba/{outside.pk}/").status_code == 404)


def test_open_data_lists_exactly_the_public_services(client, catalogue):
    public = Service.objects.public().in_territory(catalogue["territory"])
    data = json.loads(get(client, catalogue, "otevrena-data/json/").content)
    assert {item["id"] for item in data["polozky"]} == set(public.values_list("pk", flat=True))
    rows = list(csv.reader(io.StringIO(get(client, catalogue, "otevrena-data/csv/").content.decode()), delimiter=";"))
    assert rows[0][:3] == ["id", "identifikator_registr", "nazev"]
    assert len(rows) - 1 == public.count()


def test_pdf_is_made_in_the_background_and_has_every_service_and_a_bookmark_per_target_group(
    client, catalogue, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        first = get(client, catalogue, "pdf/")
    assert first.status_code == 503 and first["Retry-After"]
    response = get(client, catalogue, "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "pdf/"
    path.write_bytes(b"".join(response.streaming_content))

    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    public = Service.objects.public().in_territory(catalogue["territory"])
    for name in public.values_list("name", flat=True):
        assert " ".join(name.split()) in text, name
    assert "Rejstřík obcí" in text
    reader = PdfReader(path)
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    groups = TargetGroup.objects.filter(service__in=public).distinct()
    for group in groups:
        assert group.name in titles
    assert reader.trailer["/Root"].get("/Lang") == "cs"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert pdf_ua_failures(path) == []  # veraPDF: every machine-checkable PDF/UA-1 rule

    # Kept while the data does not change; a change asks for a new one.
    assert get(client, catalogue, "pdf/").status_code == 200
    service = public.first()
    service.name = "Nově pojmenovaná služba"
    service.save()
    assert get(client, catalogue, "pdf/").status_code == 503
    # A lost build task is asked for again once the request is stale, not left at 503 forever.
    from catalogue.models import CataloguePdf

    pending = CataloguePdf.objects.get(ready=False)
    CataloguePdf.objects.filter(pk=pending.pk).update(created_at="2020-01-01T00:00:00Z")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert get(client, catalogue, "pdf/").status_code == 503
    assert any("build_catalogue_pdf" in repr(callback) for callback in callbacks)
    assert get(client, catalogue, "pdf/").status_code == 200
