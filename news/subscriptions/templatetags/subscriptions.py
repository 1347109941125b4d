"""``{% subscription_form as form %}``: an unbound subscription form for any
template (the footer uses ``footer=True`` for its own ids);
``{% blank_subscription_form %}``: the news index's, rendered."""

from django import template

from home.content_cache import render_once_per_site
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
    return render_once_per_site(
        context["request"],
        "blank-subscription-form",
        "components/subscription_form.html",
        {"form": SubscriptionForm()},
    )
