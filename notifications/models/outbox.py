"""Models of the notifications part: a transactional outbox.

A domain event writes one `NotificationEvent` row inside the transaction of
the change (recipients already resolved to ids, so the editor's request does
a constant amount of work however large the body is). After commit, a Celery
task fans the event out into `Notification` rows, one per recipient and
channel, and delivers them. Rows that were never fanned out or delivered
(broker down, worker killed) are picked up by a periodic sweeper; the unique
dedupe keys and row locks make every step safe to run twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """Every kind of notice; each has its own e-mail template (notifications/templates/notifications/kinds/<kind>.txt)."""

    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Stage approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    COUNCIL_RESOLUTION = "council_resolution", _("Council resolution recorded")
    CONSULTATION_OPENED = "consultation_opened", _("Consultation opened")
    CONSULTATION_CLOSING_SOON = "consultation_closing_soon", _("Consultation closes in 3 days")
    CONSULTATION_CLOSED = "consultation_closed", _("Consultation closed")
    PUBLIC_COMMENT = "public_comment", _("New public comment")
    COMMENT_SETTLED = "comment_settled", _("Comment settled")
    SETTLEMENT_PROPOSED = "settlement_proposed", _("Settlement awaits confirmation")
    PUBLISHED = "published", _("Published on the website")
    TASK_DUE_SOON = "task_due_soon", _("Task due in 2 days")
    TASK_OVERDUE = "task_overdue", _("Task overdue")


# Notices that hand someone a task: they may be digested, never switched off.
TASK_KINDS = frozenset(
    {
        NotificationKind.SUBMITTED,
        NotificationKind.CHANGES_REQUESTED,
        NotificationKind.PUBLIC_COMMENT,
        NotificationKind.SETTLEMENT_PROPOSED,
        NotificationKind.TASK_DUE_SOON,
        NotificationKind.TASK_OVERDUE,
    }
)


class DeliveryMode(models.TextChoices):
    """How a user wants a kind of notice: at once, in the daily digest, or not by e-mail."""

    IMMEDIATE = "immediate", _("immediately")
    DIGEST = "digest", _("in a daily digest")
    OFF = "off", _("off")


class Channel(models.TextChoices):
    """Where a notice goes: e-mail or the admin inbox."""

    EMAIL = "email", _("e-mail")
    INBOX = "inbox", _("inbox in the administration")


class NotificationStatus(models.TextChoices):
    """The delivery state of one notice; pending rows are what the sweep delivers after an outage."""

    PENDING = "pending", _("waiting")
    DIGEST = "digest", _("waiting for the daily digest")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class NotificationEventQuerySet(models.QuerySet):
    """`not_fanned_out()`: events whose recipients are not computed yet, for the sweep."""

    def not_fanned_out(self):
        return self.filter(fanned_out_at__isnull=True)


class NotificationEvent(models.Model):
    """One occurrence of a domain event, written in the transaction of the change."""

    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    # Identifies the occurrence, so an event raised twice (a retried task, a
    # reminder sweep run twice) is stored once.
    key = models.CharField(_("event key"), max_length=255, unique=True)
    territory = models.ForeignKey(
        "cms.TerritoryHomePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
    )
    # Plain strings only (titles, names, links, the comment); rendered later.
    context = models.JSONField(_("context"), default=dict)
    recipient_user_ids = models.JSONField(_("recipient users"), default=list)
    # [[address, subscription id or null], ...] for people without an account.
    recipient_emails = models.JSONField(_("recipient addresses"), default=list)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    fanned_out_at = models.DateTimeField(_("fanned out"), null=True, blank=True)

    objects = NotificationEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification event")
        verbose_name_plural = _("notification events")
        indexes = [
            models.Index(
                fields=["created_at"], name="notif_event_not_fanned", condition=models.Q(fanned_out_at__isnull=True)
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.key})"


class NotificationQuerySet(models.QuerySet):
    """Filters over notices (per user, inbox, unread, undelivered e-mail) for the inbox, the log and the sweep."""

    def for_user(self, user):
        return self.filter(user=user)

    def inbox(self):
        return self.filter(channel=Channel.INBOX)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def undelivered_email(self):
        return self.filter(channel=Channel.EMAIL, status=NotificationStatus.PENDING)

    def for_territories(self, territories):
        return self.filter(event__territory__in=territories)


class Notification(models.Model):
    """One message to one recipient on one channel: the delivery log row."""

    event = models.ForeignKey(
        NotificationEvent, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    subscription = models.ForeignKey(
        "notifications.Subscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("subscription"),
    )
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # event key + recipient + channel: the same message is never stored twice.
    dedupe_key = models.CharField(_("deduplication key"), max_length=400, unique=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="notif_pending_email",
                condition=models.Q(status="pending", channel="email"),
            ),
            models.Index(fields=["user", "channel", "read_at"], name="notif_inbox"),
        ]
        permissions = [("resend_notification", _("Can resend a failed notification"))]

    def __str__(self):
        return f"{self.subject} → {self.recipient_label}"

    @property
    def recipient_label(self):
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.email


class NotificationPreference(models.Model):
    """How a user wants e-mail about one kind of event (default: immediately)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    mode = models.CharField(_("delivery"), max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.IMMEDIATE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} – {self.get_mode_display()}"
