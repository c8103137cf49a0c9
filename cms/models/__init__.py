from .bodies import PlanningBody, PlanningBodyKind, PlanningBodyQuerySet
from .library import DocumentIndexPage
from .media import (
    DocumentType,
    DocumentVersion,
    ExtractionStatus,
    Publicity,
    TriadaDocument,
    TriadaImage,
    TriadaRendition,
)
from .news import ContactPage, EventPage, NewsIndexPage, NewsPage, StandardPage
from .plan import ChapterPage, PlanPage, PlanStatus, StrategicPartPage
from .strategy import (
    StrategicItem,
    StrategicItemKind,
    StrategicItemQuerySet,
    StrategyEntry,
    set_strategy,
    strategic_item_data,
    sync_strategic_items,
)
from .taxonomy import AgeGroup, LifeSituation, Municipality, ServiceForm, ServiceType, TargetGroup
from .territory import PartnerLogo, TerritoryHomePage, TerritoryKind

__all__ = [
    "AgeGroup",
    "ChapterPage",
    "ContactPage",
    "DocumentIndexPage",
    "DocumentType",
    "DocumentVersion",
    "EventPage",
    "ExtractionStatus",
    "LifeSituation",
    "Municipality",
    "NewsIndexPage",
    "NewsPage",
    "PartnerLogo",
    "PlanPage",
    "PlanStatus",
    "PlanningBody",
    "PlanningBodyKind",
    "PlanningBodyQuerySet",
    "Publicity",
    "ServiceForm",
    "ServiceType",
    "StandardPage",
    "StrategicItem",
    "StrategicItemKind",
    "StrategicItemQuerySet",
    "StrategicPartPage",
    "StrategyEntry",
    "set_strategy",
    "strategic_item_data",
    "sync_strategic_items",
    "TargetGroup",
    "TerritoryHomePage",
    "TerritoryKind",
    "TriadaDocument",
    "TriadaImage",
    "TriadaRendition",
]
