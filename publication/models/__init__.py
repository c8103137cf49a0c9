from .pdf import PlanPublication, PlanPublicationQuerySet, PublicationStatus

__all__ = ["PlanPublication", "PlanPublicationQuerySet", "PublicationStatus"]
