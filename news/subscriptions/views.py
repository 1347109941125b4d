"""Subscribing to the news, confirming, unsubscribing (mounted at
/actualites/abonnement/).

The form's POST is exempt from CSRF: the compact form sits in the footer of
every public page, which browsers and proxies keep for a while (a CSRF token
there would be someone else's), and the POST grants nothing an attacker
could not do by submitting the form themselves: it only asks for a
confirmation email (double opt-in), within rate limits, and answers the same
whether the address is subscribed or not.

Confirming and unsubscribing from a link show a button, and only its POST
acts: the link checkers of mail services open links (GET) on their own. The
one-click endpoint of the ``List-Unsubscribe`` header (RFC 8058) takes a POST
without a session nor a CSRF token: the signed token is the authority.
"""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from home.http_caching import private_response
from home.selectors import personal_data_notice
from news.subscriptions.forms import SubscriptionForm
from news.subscriptions.models import Subscription, SubscriptionStatus
from news.subscriptions.services import (
    normalise_email,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)
from news.subscriptions.tokens import (
    CONFIRMATION_MAX_AGE,
    LinkExpired,
    public_id_for_unsubscribe_token,
    subscription_for_confirmation_token,
)
from portal import rate_limits

FORM_TEMPLATE = "subscriptions/subscribe.html"
TOO_MANY_ATTEMPTS = gettext_lazy(
    "Too many attempts in a short time. Please try again in a few minutes."
)
ONE_CLICK_BODY = "One-Click"


def _within_rate_limits(request, email: str) -> bool:
    """Counts the attempt against both limits (both counters go up)."""
    ip_allowed = rate_limits.hit("subscription_ip", rate_limits.client_ip(request))
    email_allowed = not email or rate_limits.hit(
        "subscription_email", normalise_email(email)
    )
    return ip_allowed and email_allowed


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The full form; the footer's compact form posts here too. A valid
    request always leads to the same "check your inbox" page."""
    status = 200
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if not _within_rate_limits(request, request.POST.get("email", "")):
            form.is_valid()  # the fields keep what was typed
            form.add_error(None, TOO_MANY_ATTEMPTS)
            status = 429
        elif form.is_valid() and form.is_spam:
            form.add_error(None, _("Your subscription could not be recorded."))
            status = 400
        elif form.is_valid():
            subscription_request(
                consent_notice_version=personal_data_notice(request=request).version,
                **form.subscription_data(),
            )
            return redirect("subscriptions:check_inbox")
    else:
        form = SubscriptionForm()
    response = TemplateResponse(request, FORM_TEMPLATE, {"form": form}, status=status)
    return private_response(response)


@require_http_methods(["GET", "HEAD"])
def check_inbox(request):
    context = {"days": CONFIRMATION_MAX_AGE.days}
    return private_response(
        TemplateResponse(request, "subscriptions/check_inbox.html", context)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows the button (or where the subscription stands); its POST
    confirms, then shows the same page, confirmed."""
    try:
        subscription = subscription_for_confirmation_token(token)
    except LinkExpired:
        context = {"days": CONFIRMATION_MAX_AGE.days}
        response = TemplateResponse(
            request, "subscriptions/link_expired.html", context, status=410
        )
        return private_response(response)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        subscription_confirm(subscription=subscription)
        return redirect(request.path)
    context = {"subscription": subscription, "themes": subscription.themes.all()}
    return private_response(
        TemplateResponse(request, "subscriptions/confirm.html", context)
    )


def _subscription_for_unsubscribe(token) -> Subscription | None:
    """The subscription of an unsubscribe link; None when it no longer
    exists; 404 for a bad token."""
    public_id = public_id_for_unsubscribe_token(token)
    if public_id is None:
        raise Http404
    return Subscription.objects.filter(public_id=public_id).first()


@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows the button; its POST unsubscribes, then shows the same
    page, unsubscribed."""
    subscription = _subscription_for_unsubscribe(token)
    if request.method == "POST":
        if subscription is not None:
            subscription_unsubscribe(subscription=subscription)
        return redirect(request.path)
    subscribed = subscription is not None and (
        subscription.status != SubscriptionStatus.UNSUBSCRIBED
    )
    context = {"subscription": subscription, "subscribed": subscribed}
    return private_response(
        TemplateResponse(request, "subscriptions/unsubscribe.html", context)
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_one_click(request, token):
    """RFC 8058: the mail client POSTs ``List-Unsubscribe=One-Click``; no
    cookie, no session, no redirect. A GET (a client that opens the URL in a
    browser) gets the page with the button."""
    if request.method != "POST":
        return redirect("subscriptions:unsubscribe", token=token)
    subscription = _subscription_for_unsubscribe(token)
    if request.POST.get("List-Unsubscribe") != ONE_CLICK_BODY:
        return private_response(
            HttpResponseBadRequest(
                "List-Unsubscribe=One-Click expected.", content_type="text/plain"
            )
        )
    if subscription is not None:
        subscription_unsubscribe(subscription=subscription)
    return private_response(
        HttpResponse(_("You are unsubscribed."), content_type="text/plain")
    )
