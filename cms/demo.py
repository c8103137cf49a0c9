"""The demo: two fictional Czech territories built by `load_demo`.

`build_demo()` is idempotent: everything is looked up by a stable key (page
slug under its parent, username, body slug, image title) and only created
when missing, so a second run changes nothing and gives the same counts.

Other apps add their part of the demo by connecting to `demo_territory_built`
in their AppConfig.ready(), so cms knows nothing of them.
"""

import datetime
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.images import ImageFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from cms.models import (
    ChapterPage,
    ContactPage,
    EventPage,
    Municipality,
    NewsIndexPage,
    NewsPage,
    PartnerLogo,
    PlanningBody,
    PlanningBodyKind,
    PlanPage,
    PlanStatus,
    ServiceType,
    StandardPage,
    StrategicPartPage,
    TargetGroup,
    TerritoryHomePage,
    TerritoryKind,
    TriadaImage,
)
from cms.roles import ensure_territory_roles, top_collection

# Sent once per territory after the cms part of the demo is built.
# kwargs: territory (TerritoryHomePage), plan (PlanPage), users (dict role -> list of users), password (str)
demo_territory_built = Signal()

ROLE_ADMIN = "admin"
ROLE_COORDINATOR = "coordinator"
ROLE_WG_MEMBER = "working_group_member"
ROLE_STEERING_MEMBER = "steering_group_member"
ROLE_COUNCIL_SECRETARY = "council_secretary"

ROLE_LABELS = {
    ROLE_ADMIN: "správce systému (superuživatel)",
    ROLE_COORDINATOR: "koordinátorka KPSS",
    ROLE_WG_MEMBER: "člen/ka pracovní skupiny",
    ROLE_STEERING_MEMBER: "člen/ka řídící skupiny",
    ROLE_COUNCIL_SECRETARY: "tajemník/tajemnice zastupitelstva / valné hromady",
}

PLAN_SLUG = "komunitni-plan-2026-2028"


@dataclass
class Account:
    username: str
    first_name: str
    last_name: str
    role: str
    body: str | None = None  # body key in the territory, None for coordinator/admin
    chair: bool = False


@dataclass
class TerritorySpec:
    key: str
    title: str
    short_name: str
    kind: str
    hostname: str
    is_default: bool
    seat: str
    council_kind: str
    council_name: str
    municipalities: list
    coordinator: tuple  # name, e-mail, phone, address
    accounts: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    population: int = 0
    seniors_share: str = "22 %"


WORKING_GROUPS = [
    ("ps-seniori", "Pracovní skupina Senioři", ["seniori", "osoby_zijici_s_demenci", "pecujici_osoby"]),
    (
        "ps-ozp",
        "Pracovní skupina Osoby se zdravotním postižením",
        ["osoby_se_zdravotnim_postizenim", "osoby_s_chronickym_dusevnim_onemocnenim"],
    ),
    ("ps-rodiny", "Pracovní skupina Rodiny s dětmi", ["rodiny_s_ditetem_detmi", "deti_a_mladez_6_26_ohrozene"]),
    (
        "ps-vylouceni",
        "Pracovní skupina Osoby ohrožené sociálním vyloučením",
        ["osoby_bez_pristresi", "osoby_zijici_v_socialne_vyloucenych_komunitach", "osoby_v_krizi"],
    ),
]

MAIN_TARGET_GROUPS = [codes[0] for _slug, _name, codes in WORKING_GROUPS]

LIPOV = TerritorySpec(
    key="lipov",
    title="ORP Lipov",
    short_name="Lipov",
    kind=TerritoryKind.ORP,
    hostname="127.0.0.1",
    is_default=True,
    seat="Lipov",
    council_kind=PlanningBodyKind.COUNCIL,
    council_name="Zastupitelstvo města Lipov",
    municipalities=[
        "lipov",
        "dubnice_nad_lipovkou",
        "horni_lhota",
        "kamenna_ves",
        "olsany_u_lipova",
        "racice",
        "studenka",
        "vrbova_lhota",
        "zahori",
        "bukovina",
    ],
    coordinator=(
        "Mgr. Petra Horáková",
        "kpss@lipov.example.cz",
        "+420 577 100 200",
        "Městský úřad Lipov, odbor sociálních věcí\nNáměstí Míru 1\n765 01 Lipov",
    ),
    accounts=[
        Account("koordinator", "Petra", "Horáková", ROLE_COORDINATOR),
        Account("clen-ps-seniori", "Jiří", "Dvořák", ROLE_WG_MEMBER, "ps-seniori", chair=True),
        Account("clen-ps-rodiny", "Lenka", "Marková", ROLE_WG_MEMBER, "ps-rodiny", chair=True),
        Account("clen-rs", "Martin", "Kratochvíl", ROLE_STEERING_MEMBER, "ridici-skupina", chair=True),
        Account("tajemnik", "Eva", "Procházková", ROLE_COUNCIL_SECRETARY, "zastupitelstvo"),
    ],
    partners=[("Město Lipov", (31, 95, 140)), ("Charita Lipov", (170, 40, 40)), ("Krajský úřad", (40, 110, 60))],
    population=24832,
    seniors_share="22,4 %",
)

PODHURI = TerritorySpec(
    key="podhuri",
    title="Mikroregion Podhůří",
    short_name="Podhůří",
    kind=TerritoryKind.MICROREGION,
    hostname="localhost",
    is_default=False,
    seat="Jedlová pod Hřebenem",
    council_kind=PlanningBodyKind.GENERAL_ASSEMBLY,
    council_name="Valná hromada Mikroregionu Podhůří",
    municipalities=["jedlova_pod_hrebenem", "smrcna", "vysoka_plan", "skalka", "lesna", "modrin", "kamenice"],
    coordinator=(
        "Mgr. Petra Horáková",
        "kpss@podhuri.example.cz",
        "+420 577 100 210",
        "Mikroregion Podhůří, kancelář svazku\nJedlová pod Hřebenem 12\n765 11 Jedlová pod Hřebenem",
    ),
    accounts=[
        Account("koordinator", "Petra", "Horáková", ROLE_COORDINATOR),
        Account("podhuri-clen-ps", "Tomáš", "Veselý", ROLE_WG_MEMBER, "ps-seniori", chair=True),
        Account("podhuri-clen-rs", "Hana", "Šťastná", ROLE_STEERING_MEMBER, "ridici-skupina", chair=True),
        Account("podhuri-tajemnik", "Karel", "Pokorný", ROLE_COUNCIL_SECRETARY, "valna-hromada"),
    ],
    partners=[("Mikroregion Podhůří", (90, 60, 130)), ("Diakonie Podhůří", (20, 90, 120))],
    population=6088,
    seniors_share="24,9 %",
)

TERRITORIES = [LIPOV, PODHURI]

# Members without a login (unusable password): real people in real bodies.
MEMBER_NAMES = [
    ("Jana", "Nováková"),
    ("Petr", "Svoboda"),
    ("Marie", "Černá"),
    ("Josef", "Kučera"),
    ("Alena", "Veselá"),
    ("Pavel", "Novotný"),
    ("Lucie", "Králová"),
    ("Michal", "Němec"),
    ("Zdeňka", "Pospíšilová"),
    ("Roman", "Hájek"),
    ("Ivana", "Jelínková"),
    ("David", "Růžička"),
    ("Kateřina", "Benešová"),
    ("Ondřej", "Fiala"),
    ("Věra", "Sedláčková"),
    ("Jan", "Doležal"),
    ("Monika", "Zemanová"),
    ("Lukáš", "Kolář"),
    ("Hana", "Navrátilová"),
    ("Václav", "Čermák"),
    ("Simona", "Urbanová"),
    ("Radek", "Vaněk"),
    ("Olga", "Blažková"),
    ("Stanislav", "Kříž"),
]


def demo_accounts():
    """Usernames of every demo login account (for the deployment check)."""
    names = {"admin"}
    for spec in TERRITORIES:
        names.update(account.username for account in spec.accounts)
    return sorted(names)


# --- small builders -------------------------------------------------------------------------


def _id():
    return str(uuid.uuid4())


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": _id()}


def _items(values):
    """ListBlock items in the block format, each with its own stable id."""
    return [{"type": "item", "value": value, "id": _id()} for value in values]


def heading(text, level="h2"):
    return _block("heading", {"text": text, "level": level})


def paragraph(*texts):
    return _block("paragraph", "".join(f"<p>{text}</p>" for text in texts))


def bullets(intro, items):
    return _block("paragraph", f"<p>{intro}</p><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def table(caption, rows):
    return _block(
        "table",
        {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": caption,
            "cell": [],
            "mergedCells": [],
        },
    )


def key_figures(title, figures):
    return _block(
        "key_figures",
        {
            "title": title,
            "figures": _items([{"value": v, "label": label, "note": note} for v, label, note in figures]),
        },
    )


def callout(kind, title, text):
    return _block("callout", {"kind": kind, "title": title, "text": f"<p>{text}</p>"})


# --- chapter texts --------------------------------------------------------------------------


def chapter_specs(spec):
    """(slug, number, title, lead, body key of the responsible group, target group codes, blocks)."""
    t = spec.short_name
    is_orp = spec.kind == TerritoryKind.ORP
    area = f"správní obvod ORP {t}" if is_orp else f"území Mikroregionu {t}"
    approver = "zastupitelstvo města" if is_orp else "valná hromada mikroregionu"
    n_municipalities = len(spec.municipalities)
    population = f"{spec.population:,}".replace(",", " ")
    return [
        (
            "uvod",
            1,
            "Úvod",
            f"Proč plánujeme sociální služby společně a co přináší komunitní plán na léta 2026–2028 pro {area}.",
            "ridici-skupina",
            [],
            [
                heading("Slovo úvodem"),
                paragraph(
                    f"Vážení občané, předkládáme vám v pořadí již třetí komunitní plán sociálních služeb pro {area}. "
                    "Vznikl během dvou let společné práce zadavatelů, poskytovatelů a uživatelů sociálních služeb "
                    "a popisuje, jak chceme v letech 2026–2028 zajistit pomoc lidem, kteří se ocitli "
                    "v nepříznivé sociální situaci.",
                    "Komunitní plán není dokument pro úřední šuplík. Každý rok vyhodnotíme, co se podařilo, "
                    "a na základě monitoringu plán aktualizujeme akčním plánem.",
                ),
                callout(
                    "info",
                    "Co je komunitní plánování",
                    "Komunitní plánování je metoda, kterou obce zjišťují potřeby svých obyvatel a hledají "
                    "dostupné zdroje. Plán zpracovaný podle § 3 písm. h) zákona č. 108/2006 Sb. "
                    "schvaluje " + approver + ".",
                ),
                heading("Zpracovatelský tým", "h3"),
                paragraph(
                    f"Plán zpracovaly čtyři pracovní skupiny pod vedením řídící skupiny a koordinátorky "
                    f"{spec.coordinator[0]}. Na přípravě se podílelo 58 lidí ze všech tří stran triády."
                ),
            ],
        ),
        (
            "organizace-a-prubeh-planovani",
            2,
            "Organizace a průběh plánování",
            "Kdo plán připravoval, jak často se skupiny scházely a jak se mohla zapojit veřejnost.",
            "ridici-skupina",
            [],
            [
                heading("Organizační struktura"),
                bullets(
                    "Plánování probíhalo v těchto orgánech:",
                    [
                        f"{spec.council_name} – schvaluje plán a rozpočet na sociální služby,",
                        "řídící skupina – koordinuje práci skupin a předkládá plán ke schválení,",
                        "čtyři pracovní skupiny podle cílových skupin,",
                        "koordinátorka komunitního plánování – vede proces a komunikuje s veřejností.",
                    ],
                ),
                heading("Harmonogram přípravy"),
                table(
                    "Harmonogram přípravy komunitního plánu",
                    [
                        ["Období", "Činnost", "Výstup"],
                        ["leden–březen 2025", "vyhodnocení předchozího plánu", "hodnoticí zpráva"],
                        ["duben–červen 2025", "dotazníkové šetření mezi uživateli", "analýza potřeb"],
                        ["září–prosinec 2025", "jednání pracovních skupin", "návrh priorit a opatření"],
                        ["leden–únor 2026", "veřejné projednání návrhu", "vypořádání připomínek"],
                        ["březen 2026", "schválení plánu", "usnesení " + approver],
                    ],
                ),
                paragraph(
                    "Pracovní skupiny se scházely zpravidla jednou za dva měsíce. Zápisy z jednání jsou "
                    "zveřejněny na tomto webu, stejně jako pozvánky na veřejná setkání."
                ),
            ],
        ),
        (
            "vyhodnoceni-predchoziho-planu",
            3,
            "Vyhodnocení předchozího plánu",
            "Jak se podařilo naplnit komunitní plán na léta 2023–2025.",
            "ridici-skupina",
            [],
            [
                heading("Plnění opatření 2023–2025"),
                paragraph(
                    "Předchozí plán obsahoval 4 priority, 12 opatření a 31 aktivit. Většina aktivit byla "
                    "splněna nebo se plní průběžně; nesplněné aktivity se týkaly především investic, "
                    "na které se nepodařilo získat dotaci."
                ),
                key_figures(
                    "Plnění aktivit předchozího plánu",
                    [
                        ("19", "aktivit splněno", ""),
                        ("7", "aktivit plněno průběžně", ""),
                        ("3", "aktivity částečně splněny", ""),
                        ("2", "aktivity nesplněny", "chybějící financování"),
                    ],
                ),
                table(
                    "Plnění podle priorit předchozího plánu",
                    [
                        ["Priorita", "Aktivit", "Splněno", "Průběžně", "Nesplněno"],
                        ["Senioři", "9", "6", "2", "1"],
                        ["Osoby se zdravotním postižením", "8", "5", "2", "1"],
                        ["Rodiny s dětmi", "7", "5", "2", "0"],
                        ["Sociální vyloučení", "7", "3", "4", "0"],
                    ],
                ),
            ],
        ),
        (
            "sociodemograficka-analyza",
            4,
            "Sociodemografická analýza",
            f"Obyvatelstvo {area.replace('správní obvod', 'správního obvodu')} v číslech: stárnutí, domácnosti, nezaměstnanost.",
            "ps-seniori",
            ["seniori"],
            [
                heading("Území a obyvatelstvo"),
                paragraph(
                    f"Plán pokrývá {n_municipalities} obcí s {population} obyvateli. Podíl obyvatel starších "
                    f"65 let dosáhl {spec.seniors_share} a podle projekce Českého statistického úřadu "
                    "do roku 2030 dále poroste."
                ),
                key_figures(
                    "Území v číslech",
                    [
                        (population, "obyvatel", "ČSÚ, 1. 1. 2025"),
                        (str(n_municipalities), "obcí", ""),
                        (spec.seniors_share, "obyvatel nad 65 let", "ČSÚ 2024"),
                        ("3,9 %", "podíl nezaměstnaných osob", "ÚP ČR, 2024"),
                    ],
                ),
                table(
                    "Věková struktura obyvatel (podíl v %)",
                    [
                        ["Věková skupina", "2015", "2020", "2024"],
                        ["0–14 let", "15,8", "15,9", "15,2"],
                        ["15–64 let", "66,1", "63,4", "62,4"],
                        ["65 a více let", "18,1", "20,7", spec.seniors_share.replace(" %", "")],
                    ],
                ),
                paragraph(
                    "Přibývá jednočlenných domácností seniorů, zejména v menších obcích bez lékaře a obchodu. "
                    "Pro ně je klíčová dostupnost terénních služeb a dopravy."
                ),
            ],
        ),
        (
            "analyza-poskytovatelu-a-zadavatelu",
            5,
            "Analýza poskytovatelů a zadavatelů",
            "Které sociální služby na území působí, kdo je financuje a kde chybí kapacity.",
            "ps-ozp",
            ["osoby_se_zdravotnim_postizenim"],
            [
                heading("Poskytovatelé sociálních služeb"),
                paragraph(
                    "Na území působí 14 registrovaných poskytovatelů se 27 sociálními službami. Převažují "
                    "služby sociální péče; služby sociální prevence jsou soustředěny do spádového města."
                ),
                table(
                    "Sociální služby podle druhu a kapacity",
                    [
                        ["Druh služby", "Počet služeb", "Kapacita", "Forma"],
                        ["Pečovatelská služba (§40)", "3", "260 klientů", "terénní"],
                        ["Osobní asistence (§39)", "2", "45 klientů", "terénní"],
                        ["Domov pro seniory (§49)", "1", "84 lůžek", "pobytová"],
                        ["Odborné sociální poradenství (§37)", "2", "12 konzultací denně", "ambulantní"],
                        ["Sociálně aktivizační služby pro rodiny s dětmi (§65)", "2", "60 rodin", "terénní"],
                    ],
                ),
                heading("Zadavatelé", "h3"),
                paragraph(
                    "Hlavními zadavateli jsou obce, kraj a Ministerstvo práce a sociálních věcí. Obce přispívají "
                    "na provoz služeb z vlastních rozpočtů a poskytují prostory za symbolické nájemné."
                ),
            ],
        ),
        (
            "analyza-potreb-uzivatelu",
            6,
            "Analýza potřeb uživatelů",
            "Co nám řekli lidé v dotazníkovém šetření a na setkáních s veřejností.",
            "ps-rodiny",
            ["rodiny_s_ditetem_detmi", "seniori"],
            [
                heading("Dotazníkové šetření"),
                paragraph(
                    "Na jaře 2025 vyplnilo dotazník 612 obyvatel, z toho 241 uživatelů sociálních služeb "
                    "a 96 pečujících osob. Dotazník byl k dispozici online i v tištěné podobě na obecních úřadech."
                ),
                table(
                    "Nejčastěji uváděné potřeby",
                    [
                        ["Potřeba", "Podíl odpovědí"],
                        ["Dostupná pomoc v domácnosti o víkendu", "41 %"],
                        ["Odlehčení pro pečující osoby", "33 %"],
                        ["Doprava k lékaři a na úřady", "29 %"],
                        ["Poradenství při dluzích", "18 %"],
                    ],
                ),
                callout(
                    "important",
                    "Hlavní zjištění",
                    "Lidé nejvíce postrádají pomoc o víkendech a odlehčovací služby pro rodiny, "
                    "které doma pečují o blízkého.",
                ),
            ],
        ),
        (
            "vymezeni-cilovych-skupin",
            7,
            "Vymezení cílových skupin",
            "Pro koho je plán určen: čtyři cílové skupiny a jejich situace.",
            "ps-vylouceni",
            ["seniori", "osoby_se_zdravotnim_postizenim", "rodiny_s_ditetem_detmi", "osoby_v_krizi"],
            [
                heading("Cílové skupiny plánu"),
                bullets(
                    "Plán se zaměřuje na tyto cílové skupiny:",
                    [
                        "senioři a osoby pečující o blízkého,",
                        "osoby se zdravotním postižením a s duševním onemocněním,",
                        "rodiny s dětmi v obtížné situaci,",
                        "osoby ohrožené sociálním vyloučením, zadlužením a ztrátou bydlení.",
                    ],
                ),
                paragraph(
                    "Cílové skupiny se vzájemně prolínají: senior se zdravotním postižením, který žije sám, "
                    "potřebuje služby více skupin. Proto pracovní skupiny spolupracují na společných opatřeních."
                ),
            ],
        ),
        (
            "swot-analyza",
            8,
            "SWOT analýza",
            "Silné a slabé stránky sítě sociálních služeb, příležitosti a hrozby.",
            "ps-seniori",
            [],
            [
                heading("Souhrnná SWOT analýza"),
                table(
                    "SWOT analýza sítě sociálních služeb",
                    [
                        ["Silné stránky", "Slabé stránky"],
                        ["tradice komunitního plánování", "nedostatek služeb v malých obcích"],
                        ["spolupráce obcí a poskytovatelů", "chybějící odlehčovací služby"],
                        ["Příležitosti", "Hrozby"],
                        ["evropské fondy ESF+", "nejisté financování ze státního rozpočtu"],
                        ["rozvoj sdílené dopravy", "nedostatek pracovníků v sociálních službách"],
                    ],
                ),
                paragraph(
                    "Z analýzy vyplývá, že síť služeb je stabilní, ale málo dostupná mimo spádové město. "
                    "Opatření plánu proto posilují terénní služby a dopravu."
                ),
            ],
        ),
        (
            "financovani",
            9,
            "Financování",
            "Odkud plyne peníze na sociální služby a jak se budou vyvíjet.",
            "ridici-skupina",
            [],
            [
                heading("Zdroje financování"),
                paragraph(
                    "Sociální služby jsou financovány z více zdrojů: dotace ze státního rozpočtu rozdělované "
                    "krajem, příspěvky obcí, úhrady uživatelů a příspěvek na péči, fondy EU a dary."
                ),
                table(
                    "Financování sociálních služeb v roce 2025 (v tis. Kč)",
                    [
                        ["Zdroj", "Částka", "Podíl"],
                        ["Dotace MPSV přes kraj", "38 420", "46 %"],
                        ["Úhrady uživatelů", "22 150", "27 %"],
                        ["Rozpočty obcí", "14 380", "17 %"],
                        ["ESF+ a jiné zdroje", "8 210", "10 %"],
                    ],
                ),
                callout(
                    "success",
                    "Společný fond obcí",
                    "Od roku 2026 obce přispívají do společného fondu 35 Kč na obyvatele ročně.",
                ),
            ],
        ),
        (
            "implementace-a-monitoring",
            11,
            "Implementace a monitoring",
            "Jak budeme plán uskutečňovat, sledovat a každoročně vyhodnocovat.",
            "ridici-skupina",
            [],
            [
                heading("Akční plány"),
                paragraph(
                    "Plán se naplňuje ročními akčními plány. Každý akční plán vybírá aktivity na daný rok "
                    "a určuje, kdo je realizuje a z jakých zdrojů."
                ),
                heading("Monitoring"),
                bullets(
                    "Monitoring probíhá jednou ročně:",
                    [
                        "poskytovatelé do 31. ledna vyplní údaje o plnění aktivit,",
                        "pracovní skupiny vyhodnotí plnění a indikátory,",
                        "řídící skupina schválí monitorovací zprávu,",
                        f"zprávu projedná {approver} a zveřejní se na tomto webu.",
                    ],
                ),
                paragraph("Změnu plánu může navrhnout kterákoli pracovní skupina; změnu schvaluje " + approver + "."),
            ],
        ),
        (
            "seznam-zkratek",
            12,
            "Seznam zkratek",
            "Zkratky použité v textu plánu.",
            "ps-rodiny",
            [],
            [
                table(
                    "Seznam zkratek",
                    [
                        ["Zkratka", "Význam"],
                        ["KPSS", "komunitní plánování sociálních služeb"],
                        ["ORP", "obec s rozšířenou působností"],
                        ["MPSV", "Ministerstvo práce a sociálních věcí"],
                        ["ESF+", "Evropský sociální fond plus"],
                        ["OZP", "osoby se zdravotním postižením"],
                        ["PS", "pracovní skupina"],
                        ["ŘS", "řídící skupina"],
                    ],
                ),
            ],
        ),
    ]


# Priorities → measures → activities. Each activity:
# (title, organisation, years, cost, funding, indicators, target group codes, service type codes)
STRATEGY = [
    (
        "Podpora života seniorů v domácím prostředí",
        "Senioři mají mít možnost žít co nejdéle doma s podporou terénních služeb.",
        [
            (
                "Rozvoj terénních služeb pro seniory",
                [
                    (
                        "Rozšíření pečovatelské služby o víkendy",
                        "Pečovatelská služba města",
                        (2026, 2028),
                        1_450_000,
                        [("rozpočet obce", 650_000), ("dotace MPSV", 800_000)],
                        [("počet klientů", "osob", 120, 150), ("hodiny péče o víkendech", "hodin/rok", 0, 2400)],
                        ["seniori"],
                        ["pecovatelska_sluzba"],
                    ),
                    (
                        "Zavedení tísňové péče v malých obcích",
                        "Charita",
                        (2026, 2027),
                        420_000,
                        [("dotace kraje", 300_000), ("úhrady uživatelů", 120_000)],
                        [("počet zapojených domácností", "domácností", 12, 40)],
                        ["seniori", "osoby_s_chronickym_onemocnenim"],
                        ["tisnova_pece"],
                    ),
                    (
                        "Osobní asistence pro seniory s vysokou mírou závislosti",
                        "Spolek Asistence",
                        (2026, 2028),
                        980_000,
                        [("dotace MPSV", 700_000), ("úhrady uživatelů", 280_000)],
                        [("počet klientů", "osob", 18, 26)],
                        ["seniori", "osoby_zijici_s_demenci"],
                        ["osobni_asistence"],
                    ),
                ],
            ),
            (
                "Podpora pečujících osob",
                [
                    (
                        "Odlehčovací služba s pobytovou formou",
                        "Domov pro seniory",
                        (2027, 2028),
                        2_100_000,
                        [("ESF+", 1_500_000), ("rozpočet obce", 600_000)],
                        [("počet lůžek odlehčovací služby", "lůžek", 0, 6)],
                        ["pecujici_osoby", "seniori"],
                        ["odlehcovaci_sluzby"],
                    ),
                    (
                        "Svépomocná skupina pro pečující",
                        "Charita",
                        (2026, 2028),
                        90_000,
                        [("rozpočet obce", 90_000)],
                        [("počet setkání", "setkání/rok", 4, 10)],
                        ["pecujici_osoby"],
                        ["odborne_socialni_poradenstvi"],
                    ),
                ],
            ),
            (
                "Dostupná doprava a informace",
                [
                    (
                        "Senior taxi pro obce do 1 000 obyvatel",
                        "Obce regionu",
                        (2026, 2028),
                        360_000,
                        [("rozpočty obcí", 360_000)],
                        [("počet jízd", "jízd/rok", 800, 1500)],
                        ["seniori", "osoby_se_zdravotnim_postizenim"],
                        [],
                    ),
                    (
                        "Tištěný katalog sociálních služeb",
                        "Koordinátorka KPSS",
                        (2026, 2026),
                        45_000,
                        [("rozpočet obce", 45_000)],
                        [("vytištěné výtisky", "ks", 0, 3000)],
                        ["seniori", "rodiny_s_ditetem_detmi"],
                        [],
                    ),
                ],
            ),
        ],
    ),
    (
        "Osoby se zdravotním postižením a duševním onemocněním",
        "Lidé s postižením mají mít dostupné služby, které jim umožní samostatný život a práci.",
        [
            (
                "Samostatné bydlení a sociální rehabilitace",
                [
                    (
                        "Chráněné bydlení pro 6 osob s mentálním postižením",
                        "Spolek Naděje",
                        (2027, 2028),
                        4_800_000,
                        [("IROP", 4_000_000), ("rozpočet obce", 800_000)],
                        [("počet míst chráněného bydlení", "míst", 0, 6)],
                        ["osoby_s_mentalnim_postizenim"],
                        ["chranene_bydleni"],
                    ),
                    (
                        "Podpora samostatného bydlení v bytech obce",
                        "Spolek Naděje",
                        (2026, 2028),
                        640_000,
                        [("dotace MPSV", 640_000)],
                        [("počet klientů", "osob", 5, 12)],
                        ["osoby_s_mentalnim_postizenim", "osoby_s_chronickym_dusevnim_onemocnenim"],
                        ["podpora_samostatneho_bydleni"],
                    ),
                    (
                        "Terénní sociální rehabilitace pro lidi s duševním onemocněním",
                        "Centrum duševního zdraví",
                        (2026, 2028),
                        1_200_000,
                        [("dotace MPSV", 900_000), ("zdravotní pojišťovny", 300_000)],
                        [("počet klientů", "osob", 30, 45)],
                        ["osoby_s_chronickym_dusevnim_onemocnenim"],
                        ["socialni_rehabilitace"],
                    ),
                ],
            ),
            (
                "Zaměstnávání a denní aktivity",
                [
                    (
                        "Sociálně terapeutická dílna",
                        "Diakonie",
                        (2026, 2028),
                        1_050_000,
                        [("dotace MPSV", 850_000), ("rozpočet obce", 200_000)],
                        [("počet klientů", "osob", 12, 16)],
                        ["osoby_s_mentalnim_postizenim", "osoby_s_kombinovanym_postizenim"],
                        ["socialne_terapeuticke_dilny"],
                    ),
                    (
                        "Denní stacionář – rozšíření provozu do 17 hodin",
                        "Denní stacionář Slunečnice",
                        (2026, 2027),
                        380_000,
                        [("dotace kraje", 380_000)],
                        [("provozní doba", "hodin/den", 8, 10)],
                        ["osoby_s_kombinovanym_postizenim"],
                        ["denni_stacionare"],
                    ),
                    (
                        "Bezbariérové úpravy obecních budov",
                        "Obce regionu",
                        (2026, 2028),
                        900_000,
                        [("rozpočty obcí", 900_000)],
                        [("upravené budovy", "budov", 3, 9)],
                        ["osoby_s_telesnym_postizenim"],
                        [],
                    ),
                ],
            ),
        ],
    ),
    (
        "Rodiny s dětmi a osoby ohrožené sociálním vyloučením",
        "Rodiny v obtížné situaci a lidé ohrožení vyloučením mají dostat včasnou pomoc.",
        [
            (
                "Podpora rodin s dětmi",
                [
                    (
                        "Sociálně aktivizační služba pro rodiny s dětmi v menších obcích",
                        "Charita",
                        (2026, 2028),
                        760_000,
                        [("dotace MPSV", 600_000), ("rozpočty obcí", 160_000)],
                        [("počet rodin", "rodin", 40, 60)],
                        ["rodiny_s_ditetem_detmi"],
                        ["socialne_aktivizacni_sluzby_pro_rodiny_s_detmi"],
                    ),
                    (
                        "Raná péče pro rodiny dětí s postižením",
                        "Středisko rané péče",
                        (2026, 2028),
                        300_000,
                        [("dotace kraje", 300_000)],
                        [("počet rodin", "rodin", 8, 14)],
                        ["rodiny_s_ditetem_detmi", "osoby_se_zdravotnim_postizenim"],
                        ["rana_pece"],
                    ),
                    (
                        "Nízkoprahový klub pro děti a mládež",
                        "Spolek Klubko",
                        (2026, 2028),
                        820_000,
                        [("dotace MPSV", 620_000), ("rozpočet obce", 200_000)],
                        [("počet uživatelů", "osob", 55, 80)],
                        ["deti_a_mladez_6_26_ohrozene"],
                        ["nizkoprahova_zarizeni_pro_deti_a_mladez"],
                    ),
                ],
            ),
            (
                "Prevence ztráty bydlení a zadlužení",
                [
                    (
                        "Dluhová poradna v obcích",
                        "Občanská poradna",
                        (2026, 2028),
                        510_000,
                        [("dotace MPSV", 400_000), ("rozpočty obcí", 110_000)],
                        [("počet klientů", "osob", 90, 130)],
                        ["osoby_v_krizi"],
                        ["odborne_socialni_poradenstvi"],
                    ),
                    (
                        "Krizové byty obce",
                        "Město",
                        (2027, 2028),
                        1_300_000,
                        [("rozpočet obce", 500_000), ("IROP", 800_000)],
                        [("počet krizových bytů", "bytů", 1, 3)],
                        ["osoby_bez_pristresi", "rodiny_s_ditetem_detmi"],
                        ["krizova_pomoc"],
                    ),
                    (
                        "Terénní program v sociálně vyloučených lokalitách",
                        "Charita",
                        (2026, 2028),
                        690_000,
                        [("ESF+", 690_000)],
                        [("počet kontaktů", "kontaktů/rok", 600, 900)],
                        ["osoby_zijici_v_socialne_vyloucenych_komunitach"],
                        ["terenni_programy"],
                    ),
                ],
            ),
            (
                "Lidé bez domova",
                [
                    (
                        "Noclehárna v zimních měsících",
                        "Armáda spásy",
                        (2026, 2028),
                        450_000,
                        [("rozpočet obce", 250_000), ("dotace MPSV", 200_000)],
                        [("počet lůžek", "lůžek", 6, 10)],
                        ["osoby_bez_pristresi"],
                        ["nocleharny"],
                    ),
                    (
                        "Nízkoprahové denní centrum – rozšíření otevírací doby",
                        "Armáda spásy",
                        (2026, 2028),
                        340_000,
                        [("dotace MPSV", 340_000)],
                        [("počet uživatelů", "osob", 40, 55)],
                        ["osoby_bez_pristresi"],
                        ["nizkoprahova_denni_centra"],
                    ),
                ],
            ),
        ],
    ),
]


def strategy_blocks(spec):
    target_groups = {tg.code: tg.pk for tg in TargetGroup.objects.all()}
    service_types = {st.code: st.pk for st in ServiceType.objects.all()}
    priorities = []
    for p_number, (p_title, p_description, measures) in enumerate(STRATEGY, start=1):
        measure_values = []
        for m_number, (m_title, activities) in enumerate(measures, start=1):
            activity_values = []
            for a_number, activity in enumerate(activities, start=1):
                title, organisation, (year_from, year_to), cost, funding, indicators, tgs, sts = activity
                if organisation in ("Město", "Obce regionu"):
                    organisation = f"{organisation} {spec.short_name}" if organisation == "Město" else organisation
                activity_values.append(
                    {
                        "number": a_number,
                        "title": title,
                        "description": f"<p>{title} – aktivita opatření {p_number}.{m_number} na území {spec.short_name}.</p>",
                        "responsible_organisation": organisation,
                        "year_from": year_from,
                        "year_to": year_to,
                        "estimated_cost": str(Decimal(cost)),
                        "funding_sources": _items([{"source": s, "amount": str(a)} for s, a in funding]),
                        "indicators": _items(
                            [{"name": n, "unit": u, "baseline": str(b), "target": str(t)} for n, u, b, t in indicators]
                        ),
                        "target_groups": _items([target_groups[c] for c in tgs if c in target_groups]),
                        "service_types": _items([service_types[c] for c in sts if c in service_types]),
                    }
                )
            measure_values.append(
                {
                    "number": m_number,
                    "title": m_title,
                    "description": f"<p>{m_title}.</p>",
                    "activities": _items(activity_values),
                }
            )
        priorities.append(
            _block(
                "priority",
                {
                    "number": p_number,
                    "title": p_title,
                    "description": f"<p>{p_description}</p>",
                    "measures": _items(measure_values),
                },
            )
        )
    return priorities


# --- builders -------------------------------------------------------------------------------


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _add_published(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _logo_png(name, color):
    """A small partner logo: a coloured badge with the initials."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 96), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 236, 92), radius=14, fill=color)
    initials = "".join(word[0] for word in name.split()[:3]).upper()
    draw.text((24, 36), initials, fill="white")
    draw.text((80, 36), name[:22], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _partner_logo(spec, name, color):
    image = TriadaImage.objects.filter(title=f"Logo: {name}").first()
    if image is None:
        image = TriadaImage(
            title=f"Logo: {name}",
            description=name,
            collection=top_collection(spec.title),
            file=ImageFile(io.BytesIO(_logo_png(name, color)), name=f"logo-{slugify(name)}.png"),
        )
        image.save()
    return image


def _ensure_tree_roots():
    """Recreate the roots Wagtail's migrations create, if a flushed database lost them.

    Transactional test runs truncate every table between tests, migration data included.
    """
    from wagtail.models import Collection, Locale

    locale = Locale.objects.first() or Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def _remove_wagtail_welcome_page():
    """Wagtail's first migration leaves a 'Welcome' page and a localhost:80 site; the demo replaces them."""
    for page in Page.objects.filter(depth=2, slug="home", content_type__model="page", numchild=0):
        Site.objects.filter(root_page=page).delete()
        page.delete()


def _user(username, first_name, last_name, *, password=None, email=None):
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email or f"{username}@example.cz"},
    )
    if password is not None:
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
    elif _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    _czech_admin(user)
    return user


def _czech_admin(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != "cs":
        profile.preferred_language = "cs"
        profile.save(update_fields=["preferred_language"])


def _territory(spec):
    root = Page.get_first_root_node()
    territory = TerritoryHomePage.objects.child_of(root).filter(slug=spec.key).first()
    if territory is None:
        territory = TerritoryHomePage(
            title=spec.title,
            slug=spec.key,
            short_name=spec.short_name,
            kind=spec.kind,
            intro=(
                f"<p>Vítejte na stránkách komunitního plánování sociálních služeb – {spec.title}. "
                "Najdete zde plán, zápisy z jednání pracovních skupin, aktuality a kontakty.</p>"
            ),
            coordinator_name=spec.coordinator[0],
            coordinator_email=spec.coordinator[1],
            coordinator_phone=spec.coordinator[2],
            coordinator_address=spec.coordinator[3],
            funding_statement=(
                "<p>Komunitní plánování je financováno z rozpočtu "
                + ("města Lipov" if spec.kind == TerritoryKind.ORP else "Mikroregionu Podhůří")
                + " a z projektu Evropského sociálního fondu plus (ESF+) v rámci Operačního programu "
                "Zaměstnanost plus.</p>"
            ),
        )
        territory.partner_logos = [
            PartnerLogo(name=name, logo=_partner_logo(spec, name, color), sort_order=position)
            for position, (name, color) in enumerate(spec.partners)
        ]
        root.add_child(instance=territory)
        territory.municipalities.set(Municipality.objects.filter(code__in=spec.municipalities))
        territory.save_revision().publish()
    return territory


def _site(spec, territory, port):
    if spec.is_default:
        Site.objects.exclude(root_page=territory).update(is_default_site=False)
    Site.objects.filter(hostname=spec.hostname, port=port).exclude(root_page=territory).delete()
    site = Site.objects.filter(root_page=territory).first() or Site(root_page=territory)
    site.hostname = spec.hostname
    site.port = port
    site.site_name = spec.title
    site.is_default_site = spec.is_default
    site.save()
    return site


def _bodies(spec, territory):
    """The bodies of the territory, keyed by slug, each with its auth group."""
    target_groups = {tg.code: tg for tg in TargetGroup.objects.all()}
    definitions = [("ridici-skupina", PlanningBodyKind.STEERING_GROUP, "Řídící skupina", [])]
    definitions += [(slug, PlanningBodyKind.WORKING_GROUP, name, tgs) for slug, name, tgs in WORKING_GROUPS]
    council_slug = "zastupitelstvo" if spec.council_kind == PlanningBodyKind.COUNCIL else "valna-hromada"
    definitions.append((council_slug, spec.council_kind, spec.council_name, []))
    bodies = {}
    for order, (slug, kind, name, tgs) in enumerate(definitions, start=1):
        group, _created = Group.objects.get_or_create(name=f"{spec.title}: {name}"[:150])
        body, created = PlanningBody.objects.get_or_create(
            territory=territory,
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "group": group,
                "sort_order": order,
                "contact_email": f"{slug}@{spec.key}.example.cz",
                "description": _body_description(kind, name, spec),
            },
        )
        if created and tgs:
            body.target_groups.set([target_groups[c] for c in tgs if c in target_groups])
        bodies[slug] = body
    return bodies


def _body_description(kind, name, spec):
    if kind == PlanningBodyKind.WORKING_GROUP:
        return (
            f"{name} sdružuje zástupce poskytovatelů, uživatelů a obcí. Připravuje kapitoly plánu "
            "za svou cílovou skupinu a navrhuje opatření."
        )
    if kind == PlanningBodyKind.STEERING_GROUP:
        return "Řídící skupina koordinuje práci pracovních skupin a odpovídá za plán jako celek."
    return f"{name} schvaluje komunitní plán a jeho změny usnesením."


def _members(spec, bodies, accounts_by_body):
    """Give each body members without a login and a chair; demo accounts join their body."""
    names = iter(MEMBER_NAMES * 2)
    for slug, body in bodies.items():
        chairs, members = [], []
        for account_user, is_chair in accounts_by_body.get(slug, []):
            (chairs if is_chair else members).append(account_user)
        for _index in range(3):
            first, last = next(names)
            username = f"{spec.key}.{slugify(first)}.{slugify(last)}.{slug}"[:150]
            members.append(_user(username, first, last))
        members = chairs + members
        for member in members:
            member.groups.add(body.group)
        if body.chair_id is None:
            body.chair = members[0]
            body.save(update_fields=["chair"])


def _plan(spec, territory, bodies):
    plan = _child(territory, PlanPage, PLAN_SLUG)
    if plan is None:
        plan = _add_published(
            territory,
            PlanPage(
                title="Komunitní plán sociálních služeb 2026–2028",
                slug=PLAN_SLUG,
                period_from=2026,
                period_to=2028,
                status=PlanStatus.DRAFT,
                summary=(
                    f"<p>Střednědobý plán rozvoje sociálních služeb – {spec.title} na léta 2026–2028. "
                    "Obsahuje analýzy, tři priority, osm opatření a více než dvacet aktivit.</p>"
                ),
            ),
        )
    target_groups = {tg.code: tg for tg in TargetGroup.objects.all()}
    for slug, number, title, lead, body_slug, tgs, blocks in chapter_specs(spec):
        if _child(plan, ChapterPage, slug) is not None:
            continue
        chapter = ChapterPage(
            title=title, slug=slug, number=number, lead=lead, responsible_group=bodies[body_slug], body=blocks
        )
        plan.add_child(instance=chapter)
        # Chapters about the plan as a whole concern the four main target groups.
        codes = tgs or MAIN_TARGET_GROUPS
        chapter.target_groups.set([target_groups[c] for c in codes if c in target_groups])
        chapter.save_revision().publish()
    if _child(plan, StrategicPartPage, "strategicka-cast") is None:
        part = StrategicPartPage(
            title="Strategická část",
            slug="strategicka-cast",
            number=10,
            lead="Priority, opatření a aktivity plánu na léta 2026–2028.",
            responsible_group=bodies["ridici-skupina"],
            body=[
                paragraph(
                    "Strategická část stanovuje tři priority, které vycházejí z analýzy potřeb a ze SWOT analýzy. "
                    "Každá aktivita má odpovědnou organizaci, období, odhad nákladů, zdroje financování "
                    "a měřitelné indikátory."
                )
            ],
            strategy=strategy_blocks(spec),
        )
        plan.add_child(instance=part)
        part.target_groups.set(TargetGroup.objects.filter(code__in=MAIN_TARGET_GROUPS))
        part.save_revision().publish()
    return plan


def _news(spec, territory):
    index = _child(territory, NewsIndexPage, "aktuality")
    if index is None:
        index = _add_published(
            territory,
            NewsIndexPage(
                title="Aktuality",
                slug="aktuality",
                intro="<p>Novinky z komunitního plánování a pozvánky na setkání.</p>",
            ),
        )
    news = [
        (
            "zacina-verejne-projednani-planu",
            "Začíná veřejné projednání návrhu plánu",
            datetime.date(2026, 11, 2),
            "Návrh komunitního plánu na léta 2026–2028 je zveřejněn k připomínkám.",
            "<p>Připomínky můžete podávat přes tento web, e-mailem nebo písemně na podatelně. "
            "Každou připomínku zaevidujeme a vypořádáme s odůvodněním.</p>",
            True,
        ),
        (
            "vysledky-dotaznikoveho-setreni",
            "Výsledky dotazníkového šetření",
            datetime.date(2026, 9, 15),
            "Děkujeme všem 612 respondentům. Přinášíme hlavní zjištění.",
            "<p>Nejvíce lidí postrádá pomoc o víkendech a odlehčovací služby pro pečující. "
            "Výsledky se promítly do strategické části plánu.</p>",
            False,
        ),
        (
            "nova-clenka-ridici-skupiny",
            "Řídící skupina má nové členy",
            datetime.date(2026, 6, 20),
            "Řídící skupinu doplnili zástupci poskytovatelů a uživatelů.",
            "<p>Nové členy jmenoval starosta na návrh pracovních skupin. Složení skupin najdete v kontaktech.</p>",
            False,
        ),
    ]
    for slug, title, date, lead, body, press in news:
        if _child(index, NewsPage, slug) is None:
            _add_published(
                index, NewsPage(title=title, slug=slug, date=date, lead=lead, body=body, is_press_release=press)
            )
    tz = timezone.get_default_timezone()
    events = [
        (
            "verejne-projednani-navrhu-planu",
            "Veřejné projednání návrhu plánu",
            datetime.datetime(2026, 12, 10, 17, 0, tzinfo=tz),
            datetime.datetime(2026, 12, 10, 19, 0, tzinfo=tz),
            f"Velký sál radnice, {spec.seat}",
            "Představíme návrh plánu a zodpovíme vaše dotazy.",
        ),
        (
            "workshop-pecujici",
            "Setkání pro pečující osoby",
            datetime.datetime(2026, 10, 8, 16, 0, tzinfo=tz),
            datetime.datetime(2026, 10, 8, 18, 0, tzinfo=tz),
            f"Komunitní centrum, {spec.seat}",
            "Sdílení zkušeností a informace o odlehčovacích službách.",
        ),
    ]
    for slug, title, start, end, place, lead in events:
        if _child(index, EventPage, slug) is None:
            _add_published(
                index,
                EventPage(
                    title=title,
                    slug=slug,
                    start=start,
                    end=end,
                    place=place,
                    lead=lead,
                    body=f"<p>{lead} Vstup je bezbariérový, akce je otevřena veřejnosti.</p>",
                ),
            )
    return index


def _contact_and_statement(spec, territory):
    if _child(territory, ContactPage, "kontakty") is None:
        _add_published(
            territory,
            ContactPage(
                title="Kontakty",
                slug="kontakty",
                intro="<p>S dotazy ke komunitnímu plánování se obracejte na koordinátorku.</p>",
                office_hours="pondělí a středa 8:00–17:00\nčtvrtek 8:00–14:00",
            ),
        )
    if _child(territory, StandardPage, "prohlaseni-o-pristupnosti") is None:
        _add_published(
            territory,
            StandardPage(
                title="Prohlášení o přístupnosti",
                slug="prohlaseni-o-pristupnosti",
                lead=(
                    f"{spec.title} se zavazuje zpřístupnit tyto internetové stránky v souladu se zákonem "
                    "č. 99/2019 Sb., o přístupnosti internetových stránek a mobilních aplikací."
                ),
                body=[
                    heading("Stav souladu"),
                    paragraph(
                        "Tyto internetové stránky jsou v souladu s normou ČSN EN 301 549 a s pravidly "
                        "WCAG 2.1 na úrovni AA. Prohlášení bylo vypracováno 1. 11. 2026 na základě "
                        "vlastního posouzení provedeného správcem stránek."
                    ),
                    heading("Nepřístupný obsah"),
                    paragraph(
                        "Některé starší dokumenty ve formátu PDF zveřejněné před 23. 9. 2018 nemusí být plně "
                        "přístupné. Na požádání vám je poskytneme v přístupné podobě."
                    ),
                    heading("Zpětná vazba a kontakty"),
                    paragraph(
                        f"Nedostatky v přístupnosti nám můžete oznámit na adrese {spec.coordinator[1]} "
                        f"nebo na telefonu {spec.coordinator[2]}. Odpovíme do 30 dnů."
                    ),
                    heading("Postupy pro vymáhání"),
                    paragraph(
                        "Pokud nebudete s vyřízením spokojeni, můžete se obrátit na Ministerstvo vnitra "
                        "ČR, odbor eGovernmentu."
                    ),
                ],
            ),
        )


@dataclass
class DemoResult:
    territories: list
    sites: list
    accounts: list  # (username, role label, territory title)
    password: str


def build_demo(port=8000, send_signal=True):
    """Build (or complete) both demo territories; returns what to print."""
    password = getattr(settings, "TRIADA_DEMO_PASSWORD", None)
    if not password:
        raise ImproperlyConfigured("TRIADA_DEMO_PASSWORD is not set: the demo must not be loaded here.")
    from cms.management.commands.load_taxonomy import load_taxonomy

    built = []
    with transaction.atomic():
        load_taxonomy()
        _ensure_tree_roots()
        _remove_wagtail_welcome_page()
        admin = _user("admin", "Správce", "Systému", password=password)
        if not admin.is_superuser or not admin.is_staff:
            admin.is_superuser = admin.is_staff = True
            admin.save(update_fields=["is_superuser", "is_staff"])
        accounts = {"admin": (ROLE_LABELS[ROLE_ADMIN], [spec.title for spec in TERRITORIES])}
        sites = []
        for spec in TERRITORIES:
            territory = _territory(spec)
            sites.append(_site(spec, territory, port))
            bodies = _bodies(spec, territory)
            coordinators = ensure_territory_roles(territory)
            territory.refresh_from_db()
            users = {ROLE_ADMIN: [admin]}
            by_body = {}
            for account in spec.accounts:
                user = _user(account.username, account.first_name, account.last_name, password=password)
                users.setdefault(account.role, []).append(user)
                if account.role == ROLE_COORDINATOR:
                    user.groups.add(coordinators)
                else:
                    by_body.setdefault(account.body, []).append((user, account.chair))
                accounts.setdefault(account.username, (ROLE_LABELS[account.role], []))[1].append(spec.title)
            _members(spec, bodies, by_body)
            plan = _plan(spec, territory, bodies)
            _news(spec, territory)
            _contact_and_statement(spec, territory)
            built.append((territory, plan, users))
    if send_signal:
        for territory, plan, users in built:
            demo_territory_built.send(
                sender=TerritoryHomePage, territory=territory, plan=plan, users=users, password=password
            )
    return DemoResult(
        territories=[t for t, _p, _u in built],
        sites=sites,
        accounts=[(username, role, ", ".join(titles)) for username, (role, titles) in accounts.items()],
        password=password,
    )
