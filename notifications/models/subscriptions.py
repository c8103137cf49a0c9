"""Public e-mail subscriptions to a territory's consultations (double opt-in)."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriptionStatus(models.TextChoices):
    """A public subscription's state: double opt-in (pending until the e-mail is confirmed), and an unsubscribe kept as a row so it is honoured."""

    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


def new_token():
    """A URL-safe secret for confirm and unsubscribe links (the link is the only proof of the address)."""
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    """`confirmed()`: only confirmed addresses ever receive news."""

    def confirmed(self):
        return self.filter(status=SubscriptionStatus.CONFIRMED)


class Subscription(models.Model):
    """A member of the public who wants e-mail about a territory's consultations.

    Double opt-in: the address receives nothing but the confirmation e-mail
    until its owner follows the link. The token also serves the one-click
    unsubscribe link and List-Unsubscribe header.
    """

    territory = models.ForeignKey(
        "cms.TerritoryHomePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("territory")
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    status = models.CharField(
        _("status"), max_length=15, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "email"], name="unique_subscription_per_territory")
        ]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self):
        return self.email
