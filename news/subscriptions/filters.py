"""Filters of the subscribers listing (and so of its exports)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from home.models import Theme
from news.subscriptions.models import Subscription

EVERY_THEME = "every"


class SubscriptionFilterSet(WagtailFilterSet):
    theme = django_filters.ChoiceFilter(
        label=capfirst(_("theme")),
        choices=lambda: [
            (EVERY_THEME, _("No choice (every theme)")),
            *((str(theme.pk), theme.name) for theme in Theme.objects.all()),
        ],
        method="filter_theme",
    )

    class Meta:
        model = Subscription
        fields = ["status", "theme", "source", "unsubscribe_reason"]

    def filter_theme(self, queryset, name, value):
        chosen = Subscription.themes.through.objects.filter(
            subscription_id=OuterRef("pk")
        )
        if value == EVERY_THEME:
            return queryset.filter(~Exists(chosen))
        return queryset.filter(Exists(chosen.filter(theme_id=value)))
