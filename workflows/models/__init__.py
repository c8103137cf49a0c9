"""Models of the workflows app, re-exported explicitly by each part."""

# Each part adds its own names here, e.g.:
# from .review import WorkingGroupReviewTask
from . import consultation, review  # noqa: F401

__all__ = []
from .consultation import (  # noqa: F401
    Comment,
    CommentChannel,
    CommentTarget,
    Consultation,
    ConsultationEvent,
    ConsultationEventKind,
    HiddenReason,
    ModerationMode,
    ModerationStatus,
    Outcome,
    PublicCommentTask,
    PublicCommentTaskState,
    TriadSide,
)

__all__ += [
    "Comment",
    "CommentChannel",
    "CommentTarget",
    "Consultation",
    "ConsultationEvent",
    "ConsultationEventKind",
    "HiddenReason",
    "ModerationMode",
    "ModerationStatus",
    "Outcome",
    "PublicCommentTask",
    "PublicCommentTaskState",
    "TriadSide",
]
from .review import (  # noqa: E402, F401
    BodyRole,
    BodyTask,
    CouncilDecisionTask,
    CouncilResolution,
    ResolutionOutcome,
    SteeringApproval,
    SteeringApprovalTaskState,
    SteeringGroupApprovalTask,
    WorkingGroupReviewTask,
)

__all__ += [
    "BodyRole",
    "BodyTask",
    "CouncilDecisionTask",
    "CouncilResolution",
    "ResolutionOutcome",
    "SteeringApproval",
    "SteeringApprovalTaskState",
    "SteeringGroupApprovalTask",
    "WorkingGroupReviewTask",
]
