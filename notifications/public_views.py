"""Public pages of the e-mail subscription: subscribe, confirm (POST), unsubscribe (POST, RFC 8058 one-click)."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.sites import site_for_request
from notifications.models import Subscription, SubscriptionStatus
from notifications.subscriptions import request_subscription


class SubscribeForm(forms.Form):
    """The public subscription form: the address only, with Czech messages."""

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

    site = site_for_request(request)
    territory = TerritoryHomePage.objects.filter(pk=site.root_page_id).first() if site else None
    if territory is None:
        raise Http404
    return territory


def _throttled(request, email):
    """django-ratelimit per client address and per e-mail; each valid request counts."""
    from django_ratelimit.core import is_ratelimited

    from triada.client_ip import client_ip

    by_ip = is_ratelimited(
        request,
        group="subscribe-ip",
        key=lambda _group, req: client_ip(req) or "unknown",
        rate=settings.TRIADA_SUBSCRIBE_RATE_IP,
        increment=True,
    )
    by_email = is_ratelimited(
        request,
        group="subscribe-email",
        key=lambda _group, _req: email.strip().lower(),
        rate=settings.TRIADA_SUBSCRIBE_RATE_EMAIL,
        increment=True,
    )
    return by_ip or by_email


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Ask for news of this territory by e-mail: sends a confirmation link (throttled per address and client), stores nothing public."""
    territory = _territory(request)
    form = SubscribeForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if _throttled(request, form.cleaned_data["email"]):
            form.add_error("email", _("Too many subscription requests. Please try again in an hour."))
            status = 429
        else:
            request_subscription(territory, form.cleaned_data["email"])
            return render(request, "notifications/public/subscribe_sent.html", {"territory": territory})
    return render(
        request, "notifications/public/subscribe.html", {"territory": territory, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Confirm a subscription by POST from the link's page, so mail scanners that follow links confirm nothing."""
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
        "notifications/public/confirm.html",
        {"subscription": subscription, "territory": subscription.territory, "done": done},
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Unsubscribe by POST, also the one-click List-Unsubscribe of mail clients (RFC 8058)."""
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
        "notifications/public/unsubscribe.html",
        {"subscription": subscription, "territory": subscription.territory, "done": done},
    )
