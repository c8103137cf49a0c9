"""Public e-mail subscription to a territory's consultations: double opt-in, one-click unsubscribe.

An address gets nothing but the confirmation e-mail until its owner opens
the link and confirms. Confirming and unsubscribing change state only on POST
(mail scanners follow links); the unsubscribe URL also accepts the RFC 8058
one-click POST that mail clients send for the List-Unsubscribe header.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.mail import DeliveryFailed
from notifications.messages import public_url
from notifications.models import Subscription, SubscriptionStatus
from triada.enqueue import enqueue_on_commit

logger = logging.getLogger(__name__)

# A new confirmation e-mail for the same address at most this often.
RESEND_AFTER = timedelta(minutes=10)


def request_subscription(territory, email):
    """Create or renew a pending subscription and owe it a confirmation e-mail."""
    email = email.strip()
    with transaction.atomic():
        subscription, _created = Subscription.objects.select_for_update().get_or_create(
            territory=territory, email__iexact=email, defaults={"email": email}
        )
        if subscription.status == SubscriptionStatus.CONFIRMED:
            return subscription  # nothing to do; the page says the same either way
        recently = (
            subscription.confirmation_sent_at and timezone.now() - subscription.confirmation_sent_at < RESEND_AFTER
        )
        if subscription.status == SubscriptionStatus.PENDING and recently:
            return subscription
        subscription.status = SubscriptionStatus.PENDING
        subscription.confirmation_sent_at = None  # owed: the sweeper sends it if this enqueue fails
        subscription.save(update_fields=["status", "confirmation_sent_at"])
        enqueue_on_commit("notifications.send_subscription_confirmation", subscription.pk)
    return subscription


def send_confirmation(subscription_id):
    """Send the owed confirmation e-mail once (row locked while sending)."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("territory")
            .filter(pk=subscription_id, status=SubscriptionStatus.PENDING, confirmation_sent_at__isnull=True)
            .first()
        )
        if subscription is None:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "territory": subscription.territory.display_name,
                "confirm_url": public_url(
                    subscription.territory, reverse("notifications_confirm", args=[subscription.token])
                ),
            }
            subject = _("Confirm the subscription: %(territory)s") % context
            context["subject"] = subject
            message = EmailMultiAlternatives(
                subject,
                render_to_string("notifications/email/confirm_subscription.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [subscription.email],
            )
            message.attach_alternative(
                render_to_string("notifications/email/confirm_subscription.html", context), "text/html"
            )
        try:
            message.send(fail_silently=False)
        except Exception as exc:
            raise DeliveryFailed(str(exc))
        subscription.confirmation_sent_at = timezone.now()
        subscription.save(update_fields=["confirmation_sent_at"])
    return True


def owed_confirmations(limit=200):
    """Pending subscriptions whose confirmation e-mail has not gone out yet, for the sweep after a broker outage."""
    return list(
        Subscription.objects.filter(status=SubscriptionStatus.PENDING, confirmation_sent_at__isnull=True).values_list(
            "pk", flat=True
        )[:limit]
    )
