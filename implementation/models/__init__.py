from .action_plans import ActionPlanItem, ActionPlanPage
from .monitoring import (
    ActivityReport,
    ActivityReportQuerySet,
    FulfilmentStatus,
    HistoryAction,
    IndicatorValue,
    MonitoringRound,
    ReportHistory,
    ReportState,
    RoundStatus,
    SpentAmount,
)
from .pool import (
    PUBLIC_INTENT_STATUSES,
    IntentChannel,
    IntentStatus,
    IntentStatusChange,
    ProjectIntent,
    SubmitterKind,
)
from .report_pdf import ReportPdf
from .versions import PlanVersion

__all__ = [
    "PUBLIC_INTENT_STATUSES",
    "ActionPlanItem",
    "ActionPlanPage",
    "ActivityReport",
    "ActivityReportQuerySet",
    "FulfilmentStatus",
    "HistoryAction",
    "IndicatorValue",
    "IntentChannel",
    "IntentStatus",
    "IntentStatusChange",
    "MonitoringRound",
    "PlanVersion",
    "ProjectIntent",
    "ReportHistory",
    "ReportPdf",
    "ReportState",
    "RoundStatus",
    "SpentAmount",
    "SubmitterKind",
]
