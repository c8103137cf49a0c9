"""One e-mail message: its headers, its failure, its connection. The bottom layer of sending."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from notifications.messages import unsubscribe_url

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """Some rows could not be sent now; the task retries them with backoff."""


def host():
    """The host name in our Message-IDs (the admin's)."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "triada.invalid"


def build_message(notification, connection=None):
    """The e-mail of one Notification row, with a stable Message-ID and, for subscribers, List-Unsubscribe."""
    address = notification.user.email if notification.user_id and notification.user.email else notification.email
    headers = {"Message-ID": f"<notification-{notification.pk}@{host()}>"}
    if notification.subscription_id:
        unsubscribe = unsubscribe_url(notification.subscription)
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers=headers,
        connection=connection,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


def open_connection():
    """A mail backend connection that raises on failure (the caller records it)."""
    return get_connection(fail_silently=False)


def close_quietly(connection):
    """Close the connection; a broken SMTP session must not hide what was sent."""
    try:
        connection.close()
    except Exception:  # noqa: BLE001
        logger.debug("Closing the mail connection failed", exc_info=True)
