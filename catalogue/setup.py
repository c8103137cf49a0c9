"""Public functions that set up a territory's catalogue (used by the demo and by coordinators' scripts)."""

from django.db import transaction

from cms.models import LifeSituation

from .models import CatalogueIndexPage, PlannedChange, PlannedChangeKind, Service, SituationPrompt

# Plain-language entry points: (life situation code, how people say it, what can help).
DEFAULT_PROMPTS = [
    (
        "pece_o_osobu_zavislou_na_peci_jine_osoby",
        "Starám se o blízkého, který se sám neobejde (třeba o maminku s demencí)",
        "Pečovatelská a odlehčovací služba, denní stacionář, poradenství pro pečující.",
    ),
    ("vek", "Stárnu a doma už všechno nezvládám", "Pomoc v domácnosti, tísňová péče, domov pro seniory."),
    (
        "zdravotni_postizeni_nebo_dusevni_onemocneni",
        "Mám zdravotní postižení nebo duševní onemocnění a potřebuji podporu",
        "Osobní asistence, sociální rehabilitace, chráněné bydlení.",
    ),
    (
        "ztrata_pristresi_nejiste_nebo_neadekvatni_bydleni",
        "Přišel jsem o bydlení nebo o něj můžu přijít",
        "Azylový dům, noclehárna, terénní program, poradna.",
    ),
    (
        "nezamestnanost_a_materialni_problemy_nizke_prijmy_zadluzeni",
        "Mám dluhy nebo mi nezbývají peníze na základní věci",
        "Odborné sociální poradenství, dluhová poradna.",
    ),
    (
        "socialni_problemy_obeti_agrese_trestne_cinnosti_a_domaciho_nasili",
        "Doma mi někdo ubližuje",
        "Intervenční centrum, krizová pomoc, telefonická krizová pomoc.",
    ),
    (
        "socialni_problemy_spojene_s_peci_o_deti_a_vychovou_deti",
        "Jako rodina si nevíme rady s dětmi nebo s domácností",
        "Sociálně aktivizační služby pro rodiny s dětmi, raná péče.",
    ),
    (
        "rizikovy_zpusob_zivota_alkohol_psychotropni_latky_hazard",
        "Pití, drogy nebo hazard mi (nebo blízkému) přerůstají přes hlavu",
        "Kontaktní centrum, terénní program, poradna.",
    ),
]


@transaction.atomic
def ensure_catalogue_page(territory, title="Katalog sociálních služeb", slug="katalog"):
    """The territory's catalogue page with the default life situations; created once."""
    page = CatalogueIndexPage.objects.child_of(territory).first()
    if page is not None:
        return page.specific
    page = CatalogueIndexPage(
        title=title,
        slug=slug,
        intro="<p>Sociální a doprovodné služby pro obyvatele území. Vyberte, pro koho službu hledáte, nebo začněte svou životní situací.</p>",
        situations_intro="Vyberte, co je vaší situaci nejbližší. Ukážeme služby, které mohou pomoci.",
    )
    territory.add_child(instance=page)
    situations = {s.code: s for s in LifeSituation.objects.filter(code__in=[code for code, *_ in DEFAULT_PROMPTS])}
    for order, (code, question, hint) in enumerate(DEFAULT_PROMPTS):
        if code in situations:
            SituationPrompt.objects.create(
                page=page, life_situation=situations[code], question=question, hint=hint, sort_order=order
            )
    page.save_revision().publish()
    return page


def link_activities(service, activities):
    """Name the plan activities a service takes part in (kept by every import)."""
    through = Service.activities.through
    present = set(through.objects.filter(service=service).values_list("strategicitem_id", flat=True))
    through.objects.bulk_create(
        through(service=service, strategicitem_id=item.pk) for item in activities if item.pk not in present
    )


def add_planned_change(provider, year, kind, description, *, reason="", service=None, activity=None, capacity=None):
    """Record a provider's planned change (used by the demo; the admin creates them through the provider's form)."""
    return PlannedChange.objects.create(
        provider=provider,
        year=year,
        kind=kind,
        description=description,
        reason=reason,
        service=service,
        activity=activity,
        capacity_change=capacity,
    )


__all__ = ["DEFAULT_PROMPTS", "PlannedChangeKind", "add_planned_change", "ensure_catalogue_page", "link_activities"]
