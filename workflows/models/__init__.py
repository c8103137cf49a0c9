"""Models of the workflows app, re-exported explicitly by each part."""

# Each part adds its own names here, e.g.:
# from .review import WorkingGroupReviewTask
from . import consultation, notifications, review  # noqa: F401
from .notifications import (  # noqa: F401
    Channel,
    DeliveryMode,
    Notification,
    NotificationEvent,
    NotificationKind,
    NotificationPreference,
    NotificationStatus,
    Subscription,
    SubscriptionStatus,
)

__all__ = []
__all__ += [
    "Channel",
    "DeliveryMode",
    "Notification",
    "NotificationEvent",
    "NotificationKind",
    "NotificationPreference",
    "NotificationStatus",
    "Subscription",
    "SubscriptionStatus",
]
from .consultation import (  # noqa: E402, F401
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
