"""The open data API: a read-only JSON view of public events (Wagtail API v2).

Only the ``events`` endpoint is registered: the generic pages, images and
documents endpoints would show drafts' files and internal events. Endpoints,
under ``/api/v2/``:

- ``events/``: public, live events by start date (``limit``, ``offset``,
  ``order``, ``fields``, ``search`` and field filters such as ``status=``);
- ``events/<id>/``: one event;
- ``events/find/?html_path=/evenements/<slug>/``: the event at that URL.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from events.models import Session
from events.visibility import public_events

_datetime = serializers.DateTimeField()  # ISO 8601 with the offset of Europe/Paris


def _named(item, *attributes):
    return {attribute: getattr(item, attribute) for attribute in attributes}


def _coordinate(value):
    return float(value) if value is not None else None


class _ReadOnlyField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


class KindField(_ReadOnlyField):
    def to_representation(self, kind):
        return _named(kind, "name", "slug")


class ThemesField(_ReadOnlyField):
    def to_representation(self, themes):
        return [_named(theme, "name", "slug") for theme in themes.all()]


class TerritoryField(_ReadOnlyField):
    def to_representation(self, territory):
        return _named(territory, "name", "slug", "insee_code")


class VenueField(_ReadOnlyField):
    def to_representation(self, venue):
        return _named(venue, "name", "street_address", "postcode", "town") | {
            "latitude": _coordinate(venue.latitude),
            "longitude": _coordinate(venue.longitude),
        }


class SessionsField(_ReadOnlyField):
    def to_representation(self, sessions):
        return [
            _named(session, "title", "kind")
            | {
                "theme": _named(session.theme, "name", "slug")
                if session.theme
                else None,
                "starts_at": _datetime.to_representation(session.starts_at),
                "ends_at": _datetime.to_representation(session.ends_at),
            }
            | _named(session, "location", "capacity", "description")
            for session in sessions.all()
        ]


class SafeFieldsFilter(FieldsFilter):
    """``?starts_at=garbage`` or ``?territory=x`` is a 400, not a 500."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError) as error:
            raise BadRequestError("field filter error: invalid value") from error


EVENT_FIELDS = [
    "summary",
    APIField("kind", serializer=KindField()),
    "starts_at",
    "ends_at",
    "status",
    "status_explanation",
    "attendance_mode",
    APIField("themes", serializer=ThemesField()),
    APIField("territory", serializer=TerritoryField()),
    APIField("venue", serializer=VenueField()),
    APIField("sessions", serializer=SessionsField()),
]


class EventsAPIViewSet(PagesAPIViewSet):
    name = "events"
    renderer_classes = [JSONRenderer]
    authentication_classes = []  # the same public answer for everyone
    filter_backends = [
        SafeFieldsFilter if backend is FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]
    body_fields = [*PagesAPIViewSet.body_fields, *EVENT_FIELDS]
    # The parent (the events index) and aliases have no endpoint here.
    meta_fields = [
        field
        for field in PagesAPIViewSet.meta_fields
        if field not in {"parent", "alias_of", "show_in_menus"}
    ]
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        *(getattr(field, "name", field) for field in EVENT_FIELDS),
    ]

    def get_queryset(self):
        return (
            public_events()
            .select_related("kind", "territory", "venue")
            .prefetch_related(
                "themes",
                Prefetch("sessions", queryset=Session.objects.select_related("theme")),
            )
            .order_by("starts_at", "pk")
        )

    def finalize_response(self, request, response, *args, **kwargs):
        # Open data: any website may read it from a browser (no credentials).
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("events", EventsAPIViewSet)
