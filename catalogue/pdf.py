"""The printable catalogue: a tagged PDF (PDF/UA-1, lang cs) made in the background.

A PDF is kept per data version (count and last change of the territory's
public services and providers); when the data changes, the next request asks
for a new one and the old files are removed once it is ready.
"""

import hashlib
from collections import defaultdict
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cms.models import TargetGroup
from triada.enqueue import enqueue_on_commit

from .models import CataloguePdf, Provider
from .opendata import public_services

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
STALE_AFTER = timedelta(minutes=10)


def data_version(page):
    """A hash of what the catalogue PDF shows, so a new PDF is built only when the data changed."""
    territory = page.territory
    services = public_services(territory).order_by()
    figures = services.aggregate(n=Count("pk"), last=Max("updated_at"))
    providers = Provider.objects.filter(services__in=services.values("pk")).aggregate(last=Max("updated_at"))
    key = f"{page.pk}|{figures['n']}|{figures['last']}|{providers['last']}|{page.last_published_at}"
    return hashlib.sha256(key.encode()).hexdigest()


def current_pdf(page):
    """The PDF of the current data, asking for one if there is none yet."""
    from .tasks import build_catalogue_pdf

    version = data_version(page)
    document = CataloguePdf.objects.filter(page=page, data_version=version).first()
    if document is None:
        try:
            with transaction.atomic():
                document = CataloguePdf.objects.create(page=page, data_version=version)
        except IntegrityError:
            return CataloguePdf.objects.filter(page=page, data_version=version).first()
        enqueue_on_commit(build_catalogue_pdf, document.pk)
        if transaction.get_autocommit():
            document.refresh_from_db()
    elif not document.ready and document.created_at < timezone.now() - STALE_AFTER:
        # Its task was lost (broker down, worker killed): ask again rather than answer 503 forever.
        CataloguePdf.objects.filter(pk=document.pk).update(created_at=timezone.now())
        enqueue_on_commit(build_catalogue_pdf, document.pk)
    return document


def catalogue_context(page):
    """The catalogue grouped by target group and municipality, as the printed catalogue is read."""
    services = list(public_services(page.territory))
    by_group = defaultdict(list)
    by_municipality = defaultdict(list)
    for service in services:
        for group in service.target_groups.all():
            by_group[group.pk].append(service)
        for municipality in service.municipalities.all():
            by_municipality[municipality.name].append(service)
    groups = [
        {"group": group, "services": by_group[group.pk]} for group in TargetGroup.objects.filter(pk__in=list(by_group))
    ]
    return {
        "page": page,
        "territory": page.territory,
        "services": services,
        "groups": groups,
        "municipalities": sorted(by_municipality.items()),
        "generated": timezone.localdate(),
    }


def render_catalogue(page):
    """The catalogue as a tagged PDF (Czech, no external fetches)."""
    from weasyprint import HTML

    with translation.override("cs"):
        html = render_to_string("catalogue/catalogue_pdf.html", catalogue_context(page))
    return HTML(string=html, url_fetcher=_refuse).write_pdf(**PDF_OPTIONS)


def _refuse(url, *args, **kwargs):
    raise ValueError(f"Nothing is fetched for the catalogue PDF: {url}")


def build_pdf(pdf_pk):
    """Render a waiting CataloguePdf, store it and drop the older ready ones of the page."""
    document = CataloguePdf.objects.select_related("page").filter(pk=pdf_pk, ready=False).first()
    if document is None:
        return
    page = document.page.specific
    content = render_catalogue(page)
    document.file.save(f"katalog-{page.pk}-{document.data_version[:12]}.pdf", ContentFile(content), save=False)
    document.ready = True
    document.save()
    for old in CataloguePdf.objects.filter(page=page, ready=True).exclude(pk=document.pk):
        old.file.delete(save=False)
        old.delete()
