"""``{% subscription_form as form %}``: an unbound subscription form for any
template (the news index includes ``components/subscription_form.html``
with it; the footer uses ``footer=True`` for its own ids)."""

from django import template

from news.subscriptions.forms import SubscriptionForm, footer_subscription_form

register = template.Library()


@register.simple_tag
def subscription_form(footer: bool = False) -> SubscriptionForm:
    return footer_subscription_form() if footer else SubscriptionForm()
