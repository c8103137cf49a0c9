"""Models of the notifications app: the outbox (events, per-recipient rows, preferences) and subscriptions."""

from .outbox import (
    TASK_KINDS,
    Channel,
    DeliveryMode,
    Notification,
    NotificationEvent,
    NotificationKind,
    NotificationPreference,
    NotificationStatus,
)
from .subscriptions import Subscription, SubscriptionStatus

__all__ = [
    "TASK_KINDS",
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
