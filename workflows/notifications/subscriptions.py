"""Public e-mail subscription to a territory's consultations: double opt-in, one-click unsubscribe.

An address gets nothing but the confirmation e-mail until its owner opens
the link and confirms. Confirming and unsubscribing change state only on POST
(mail scanners follow links); the unsubscribe URL also accepts the RFC 8058
one-click POST that mail clients send for the List-Unsubscribe header.
"""

import logging
from datetime import timedelta
from functools import partial

from django import forms
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from workflows.models.notifications import Subscription, SubscriptionStatus

logger = logging.getLogger(__name__)

# A new confirmation e-mail for the same address at most this often.
RESEND_AFTER = timedelta(minutes=10)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter your e-mail address."),
            "invalid": gettext_lazy("Enter a valid e-mail address, e.g. jana.novakova@example.cz."),
        },
    )


def _territory(request):
    from cms.models import TerritoryHomePage

    site = Site.find_for_request(request)
    territory = TerritoryHomePage.objects.filter(pk=site.root_page_id).first() if site else None
    if territory is None:
        raise Http404
    return territory


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
        transaction.on_commit(partial(_enqueue_confirmation, subscription.pk))
    return subscription


def _enqueue_confirmation(subscription_id):
    from workflows.notifications.outbox import safe_apply_async
    from workflows.notifications.tasks import send_subscription_confirmation

    safe_apply_async(send_subscription_confirmation, subscription_id)


def send_confirmation(subscription_id):
    """Send the owed confirmation e-mail once (row locked while sending)."""
    from workflows.notifications.delivery import DeliveryFailed
    from workflows.notifications.messages import public_url

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
                render_to_string("workflows/notifications/email/confirm_subscription.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [subscription.email],
            )
            message.attach_alternative(
                render_to_string("workflows/notifications/email/confirm_subscription.html", context), "text/html"
            )
        try:
            message.send(fail_silently=False)
        except Exception as exc:
            raise DeliveryFailed(str(exc))
        subscription.confirmation_sent_at = timezone.now()
        subscription.save(update_fields=["confirmation_sent_at"])
    return True


def owed_confirmations(limit=200):
    return list(
        Subscription.objects.filter(status=SubscriptionStatus.PENDING, confirmation_sent_at__isnull=True).values_list(
            "pk", flat=True
        )[:limit]
    )


# --- public views --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request):
    territory = _territory(request)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request_subscription(territory, form.cleaned_data["email"])
        return render(request, "workflows/notifications/public/subscribe_sent.html", {"territory": territory})
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workflows/notifications/public/subscribe.html", {"territory": territory, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscription = get_object_or_404(Subscription.objects.select_related("territory"), token=token)
    done = False
    if request.method == "POST":
        if subscription.status != SubscriptionStatus.CONFIRMED:
            subscription.status = SubscriptionStatus.CONFIRMED
            subscription.confirmed_at = timezone.now()
            subscription.unsubscribed_at = None
            subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        done = True
    return render(
        request,
        "workflows/notifications/public/confirm.html",
        {"subscription": subscription, "territory": subscription.territory, "done": done},
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = get_object_or_404(Subscription.objects.select_related("territory"), token=token)
    if request.method == "POST":
        if subscription.status != SubscriptionStatus.UNSUBSCRIBED:
            subscription.status = SubscriptionStatus.UNSUBSCRIBED
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["status", "unsubscribed_at"])
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=204)
        done = True
    else:
        done = subscription.status == SubscriptionStatus.UNSUBSCRIBED
    return render(
        request,
        "workflows/notifications/public/unsubscribe.html",
        {"subscription": subscription, "territory": subscription.territory, "done": done},
    )
