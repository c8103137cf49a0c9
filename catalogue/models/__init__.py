from .imports import ImportRun, ImportStatus
from .pages import CatalogueIndexPage, CataloguePdf, SituationPrompt
from .providers import PlannedChange, PlannedChangeKind, Provider
from .services import (
    REGISTRY_FIELDS,
    REGISTRY_M2M,
    CapacityType,
    Service,
    ServiceCapacity,
    ServiceKind,
    ServicePlace,
)

__all__ = [
    "REGISTRY_FIELDS",
    "REGISTRY_M2M",
    "CapacityType",
    "CatalogueIndexPage",
    "CataloguePdf",
    "ImportRun",
    "ImportStatus",
    "PlannedChange",
    "PlannedChangeKind",
    "Provider",
    "Service",
    "ServiceCapacity",
    "ServiceKind",
    "ServicePlace",
    "SituationPrompt",
]
