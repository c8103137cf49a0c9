"""Starting an import from the admin: a task enqueued on commit, progress and report on the run's page."""

import pytest

from catalogue.models import ImportRun, ImportStatus, Service
from cms.roles import coordinator_group
from tests.factories import make_user

from .helpers import FIXTURE, load_taxonomy, territory_with_municipalities

pytestmark = pytest.mark.django_db


def test_coordinator_starts_an_import_and_reads_its_report(client, settings, django_capture_on_commit_callbacks):
    settings.TRIADA_CATALOGUE_REGISTRY_URL = str(FIXTURE)
    load_taxonomy()
    lipov = territory_with_municipalities()
    other = territory_with_municipalities("Mikroregion Podhůří", ["bukovina", "smrcna"])
    coordinator = make_user("koordinator", groups=[coordinator_group(lipov)])
    stranger = make_user("cizi-koordinator", groups=[coordinator_group(other)])
    nobody = make_user("nikdo")
    from catalogue.access import ensure_catalogue_roles

    ensure_catalogue_roles()

    client.force_login(coordinator)
    form = client.get("/admin/katalog/import/")
    assert form.status_code == 200
    assert "Soubor nebo adresa" not in form.content.decode()  # only superusers choose the source
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/admin/katalog/import/", {"territory": other.pk})
    assert response.status_code == 200 and not callbacks  # not a territory of theirs: refused, nothing queued
    assert not ImportRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/admin/katalog/import/", {"territory": lipov.pk})
    assert len(callbacks) >= 1
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/katalog/import/{run.pk}/")
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and run.added == Service.objects.count()
    page = client.get(response["Location"]).content.decode()
    assert "hotovo" in page and 'value="100"' in page and "Chybné záznamy" in page
    assert client.get("/admin/katalog/importy/").status_code == 200

    client.force_login(stranger)
    assert client.get(f"/admin/katalog/import/{run.pk}/").status_code == 404
    # Their own run is listed; ours is not, in the list, its export or behind its edit/delete address.
    ImportRun.objects.create(territory=other)
    listing = client.get("/admin/katalog/importy/").content.decode()
    rows = listing.split('class="listing', 1)[1].split("<tbody", 1)[1].split("</tbody>", 1)[0]
    assert other.title in rows and lipov.title not in rows
    export = client.get("/admin/katalog/importy/", {"export": "csv"})
    exported = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert other.title in exported and lipov.title not in exported
    assert client.get(f"/admin/katalog/importy/edit/{run.pk}/").status_code in (302, 403, 404)
    assert client.post(f"/admin/katalog/importy/delete/{run.pk}/").status_code in (302, 403, 404)
    assert ImportRun.objects.filter(pk=run.pk).exists()
    client.force_login(nobody)
    assert client.get("/admin/katalog/import/").status_code in (302, 403)
