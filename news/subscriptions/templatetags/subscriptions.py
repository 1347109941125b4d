"""``{% subscription_form as form %}``: an unbound subscription form for any
template (the footer uses ``footer=True`` for its own ids);
``{% blank_subscription_form %}``: the news index's, rendered."""

from django import template
from django.template.loader import render_to_string
from wagtail.models import Site

from home.content_cache import remember
from news.subscriptions.forms import SubscriptionForm, footer_subscription_form

register = template.Library()


@register.simple_tag
def subscription_form(footer: bool = False) -> SubscriptionForm:
    return footer_subscription_form() if footer else SubscriptionForm()


@register.simple_tag(takes_context=True)
def blank_subscription_form(context):
    """``components/subscription_form.html`` with an unbound form, rendered
    once per site and content generation: the themes and settings it shows
    are content, and it carries no token (news.subscriptions.views)."""
    request = context["request"]
    site = Site.find_for_request(request)
    return remember(
        f"blank-subscription-form:{site.pk if site else 0}",
        lambda: render_to_string(
            "components/subscription_form.html",
            {"form": SubscriptionForm()},
            request=request,
        ),
    )
