"""Meetings of planning bodies, their minutes and the chair's approval."""

from .approval import ChairApprovalTask, MinutesApproval
from .pages import (
    MeetingAttachment,
    MeetingIndexPage,
    MeetingKind,
    MeetingPage,
    MeetingQuerySet,
    MeetingResolution,
    MinutesStatus,
    ResolutionQuerySet,
    ResolutionStatus,
)

__all__ = [
    "ChairApprovalTask",
    "MeetingAttachment",
    "MeetingIndexPage",
    "MeetingKind",
    "MeetingPage",
    "MeetingQuerySet",
    "MeetingResolution",
    "MinutesApproval",
    "MinutesStatus",
    "ResolutionQuerySet",
    "ResolutionStatus",
]
