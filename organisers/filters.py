"""Filters of the registrations listing (and so of its exports)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from events.models import EventPage, Session
from events.registrations.choices import Attendance
from events.registrations.models import Registration
from home.models import Territory


class SessionChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.page.title} – {obj.title}"


class SessionFilter(django_filters.ModelChoiceFilter):
    field_class = SessionChoiceField


def events_with_registrations(request):
    registrations = Registration.objects.filter(event=OuterRef("pk"))
    return EventPage.objects.filter(Exists(registrations)).order_by("-starts_at")


def sessions_with_registrations(request):
    return (
        Session.objects.filter(registration_links__isnull=False)
        .distinct()
        .select_related("page")
        .order_by("-page__starts_at", "starts_at", "sort_order")
    )


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=capfirst(_("event")), queryset=events_with_registrations
    )
    session = SessionFilter(
        label=capfirst(_("session")),
        field_name="sessions",
        queryset=sessions_with_registrations,
    )
    territory = django_filters.ModelChoiceFilter(
        label=capfirst(_("territory")), queryset=Territory.objects.order_by("name")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=capfirst(_("created at")), widget=DateRangePickerWidget
    )
    attendance = django_filters.ChoiceFilter(
        label=capfirst(_("attendance")),
        choices=[
            (Attendance.PRESENT, Attendance.PRESENT.label),
            (Attendance.ABSENT, Attendance.ABSENT.label),
            ("unknown", Attendance.UNKNOWN.label),
        ],
        method="filter_attendance",
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )

    class Meta:
        model = Registration
        fields = [
            "event",
            "session",
            "status",
            "participant_type",
            "organisation_type",
            "territory",
            "attendance",
            "created_at",
        ]

    def filter_attendance(self, queryset, name, value):
        return queryset.filter(attendance="" if value == "unknown" else value)
