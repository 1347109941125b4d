"""Demo subscribers: fictitious people who confirmed their subscription to
the news, so that publishing a news item or the results page in the demo
sends its emails (to files in var/mail/ in development).

Every address is on ``exemple.invalid`` (RFC 2606: nothing is ever
delivered there). Created only when there is no subscriber at all.
"""

from django.utils import timezone

from home.demo.helpers import report
from home.models import Theme
from news.subscriptions.models import (
    Subscription,
    SubscriptionSource,
    SubscriptionStatus,
)

DEMO_NOTICE = "demo"
SUBSCRIBERS = [
    ("camille.martin@exemple.invalid", SubscriptionSource.FORM, []),
    ("hugo.petit@exemple.invalid", SubscriptionSource.REGISTRATION, []),
    ("ines.durand@exemple.invalid", SubscriptionSource.FORM, ["finances-solidaires"]),
]


def load_demo_content(*, stdout) -> int:
    if Subscription.objects.exists():
        return report(stdout, "News subscribers", 0)
    now = timezone.now()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for email, source, theme_slugs in SUBSCRIBERS:
        subscription = Subscription.objects.create(
            email=email,
            status=SubscriptionStatus.CONFIRMED,
            source=source,
            consent_notice_version=DEMO_NOTICE,
            consented_at=now,
            requested_at=now,
            confirmed_at=now,
        )
        subscription.themes.set(
            [themes[slug] for slug in theme_slugs if slug in themes]
        )
    return report(stdout, "News subscribers", len(SUBSCRIBERS))
