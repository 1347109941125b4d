"""Wagtail admin for events: the events listing, kinds of event and venues,
grouped under one "Events" menu."""

from django.forms import CheckboxSelectMultiple, RadioSelect
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import (
    ChoiceFilter,
    DateFromToRangeFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
)
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
)
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from events.models import Audience, EventKind, EventPage, EventStatus, Venue
from home.models import Territory
from home.viewsets import ReferenceDataViewSet


def _label(field_name: str):
    return capfirst(EventPage._meta.get_field(field_name).verbose_name)


class EventFilterSet(PageFilterSet):
    status = MultipleChoiceFilter(
        label=_label("status"),
        choices=EventStatus.choices,
        widget=CheckboxSelectMultiple,
    )
    audience = ChoiceFilter(
        label=_label("audience"),
        choices=Audience.choices,
        empty_label=_("All"),
        widget=RadioSelect,
    )
    territory = ModelMultipleChoiceFilter(
        label=_label("territory"),
        queryset=Territory.objects.all(),
        widget=CheckboxSelectMultiple,
    )
    kind = ModelMultipleChoiceFilter(
        label=_label("kind"),
        queryset=EventKind.objects.all(),
        widget=CheckboxSelectMultiple,
    )
    starts_at = DateFromToRangeFilter(
        label=_("Start date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = EventPage
        fields = []


class EventIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("kind", "territory", for_specific_subqueries=True)
        )

    def to_row_dict(self, item):
        """Exports read as the listing does: labels, and times in local time."""
        row = super().to_row_dict(item)
        row["status"] = item.get_status_display()
        row["audience"] = item.get_audience_display()
        row["live"] = _("Yes") if item.live else _("No")
        for field in ("starts_at", "ends_at"):
            row[field] = timezone.localtime(row[field]).replace(tzinfo=None)
        return row


class EventListingViewSet(PageListingViewSet):
    """Every event, whatever its parent, with the fields organisers sort by."""

    model = EventPage
    name = "event_pages"  # "events" is the namespace of the public feeds
    url_prefix = "events"
    icon = "date"
    menu_label = _("All events")
    index_view_class = EventIndexView
    filterset_class = EventFilterSet
    ordering = "-starts_at"
    list_display = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        "kind",
        "status",
        "starts_at",
        "territory",
        "audience",
        PageStatusColumn("live_status", label=_("Publication"), sort_key="live"),
    ]
    list_export = [
        "title",
        "kind",
        "status",
        "status_explanation",
        "starts_at",
        "ends_at",
        "territory",
        "audience",
        "live",
        "full_url",
    ]
    export_headings = {"full_url": _("Page address")}

    @property
    def menu_item_class(self):
        menu_item_class = super().menu_item_class

        class EventListingMenuItem(menu_item_class):
            def is_shown(self, request):
                return PagePermissionPolicy().user_has_any_permission(
                    request.user, {"add", "change", "publish"}
                )

        return EventListingMenuItem


class EventKindViewSet(ReferenceDataViewSet):
    model = EventKind
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    list_export = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class VenueViewSet(ReferenceDataViewSet):
    model = Venue
    icon = "site"
    list_display = ["name", "town", "postcode", "territory"]
    list_filter = ["territory"]
    list_export = [
        "name",
        "street_address",
        "postcode",
        "town",
        "territory",
        "latitude",
        "longitude",
        "access_information",
        "reduced_mobility_information",
        "public_transport",
    ]
    search_fields = ["name", "street_address", "postcode", "town"]
    ordering = ["name"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Venue.objects.select_related("territory")


class EventsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_order = 150
    items = (EventListingViewSet, EventKindViewSet, VenueViewSet)
