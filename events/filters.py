"""The events listing's filters: a GET form whose bad values are ignored, never fatal.

A visitor (or a link from elsewhere) may send an unknown theme, a malformed date
or the same filter twice. Each such value is dropped with a message saying why;
the other filters still apply. The form then shows the filters that apply.
"""

import datetime
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


@dataclass(frozen=True)
class EventFilters:
    """The filters that apply to a listing, as objects and dates."""

    theme: object = None
    territory: object = None
    kind: object = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    places_left: bool = False

    @property
    def cache_key(self) -> str:
        """The filters in one string, for keys of the content cache."""
        return ":".join(
            str(value.pk if hasattr(value, "pk") else value) for value in self._values
        )

    @property
    def is_active(self) -> bool:
        return any(self._values)

    @property
    def _values(self) -> tuple:
        return tuple(getattr(self, field.name) for field in fields(self))


@dataclass(frozen=True)
class IgnoredFilter:
    """A filter value that was dropped, and why (shown to the visitor)."""

    name: str
    label: str
    reason: str
    field_id: str


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    """Theme, territory, kind and a date range; every field optional."""

    theme = forms.ChoiceField(
        label=_("Theme"),
        required=False,
        error_messages={"invalid_choice": _("this theme does not exist.")},
    )
    territory = forms.ChoiceField(
        label=_("Territory"),
        required=False,
        error_messages={"invalid_choice": _("this territory does not exist.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        required=False,
        error_messages={"invalid_choice": _("this kind of event does not exist.")},
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=_DateInput(),
        error_messages={"invalid": _("this is not a date (expected: dd/mm/yyyy).")},
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=_DateInput(),
        error_messages={"invalid": _("this is not a date (expected: dd/mm/yyyy).")},
    )
    places_left = forms.BooleanField(
        label=_("Only events with places left"),
        required=False,
        help_text=_("Events open for registration now, with seats left."),
    )

    def __init__(self, query=None, *, themes, territories, kinds, fixed=()):
        """``query``: the request's GET QueryDict; ``fixed``: names of the
        filters that the view itself sets (theme or territory view)."""
        self._repeated = set()
        values = self._single_values(query) if query is not None else None
        self._submitted = urlencode(sorted((values or {}).items()))
        super().__init__(values, auto_id="filtre-%s")
        self._objects = {
            "theme": {theme.slug: theme for theme in themes},
            "territory": {territory.slug: territory for territory in territories},
            "kind": {kind.slug: kind for kind in kinds},
        }
        for name, objects in self._objects.items():
            self.fields[name].choices = [
                ("", self._all_label(name)),
                *((slug, str(obj)) for slug, obj in objects.items()),
            ]
        for name in fixed:
            del self.fields[name]

    @property
    def as_submitted(self) -> str:
        """Its fields and what was submitted to them, in one string: what its
        rendering varies with besides the choices (``{% fragment %}``)."""
        repeated = ",".join(sorted(self._repeated))
        return "|".join((",".join(self.fields), repeated, self._submitted))

    @property
    def criteria_fields(self):
        names = ("theme", "territory", "kind")
        return [self[name] for name in names if name in self.fields]

    @property
    def period_fields(self):
        return [self["date_from"], self["date_to"]]

    def _single_values(self, query) -> dict[str, str]:
        values = {}
        for name in self.base_fields:
            given = query.getlist(name)
            if len(given) > 1:
                self._repeated.add(name)
            elif given:
                values[name] = given[0]
        return values

    @staticmethod
    def _all_label(name):
        return {
            "theme": _("All themes"),
            "territory": _("All territories"),
            "kind": _("All kinds of event"),
        }[name]

    def clean(self):
        cleaned_data = super().clean()
        for name in sorted(self._repeated & set(self.fields)):
            self.add_error(name, _("this filter was given several values."))
        date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("the end date comes before the start date."))
        return cleaned_data

    def applied_filters(self, **fixed) -> EventFilters:
        """After validation: the valid values, as objects; ``fixed`` ones win."""
        data = self.cleaned_data
        values = {
            name: self._objects[name].get(data.get(name) or "")
            for name in self._objects
        }
        values |= {
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "places_left": bool(data.get("places_left")),
        }
        return EventFilters(**(values | fixed))

    def ignored_filters(self) -> list[IgnoredFilter]:
        """After validation: what was dropped, in the form's order. The form
        then forgets those values, so that it shows the filters that apply."""
        ignored = [
            IgnoredFilter(
                name=name,
                label=str(self.fields[name].label),
                reason=" ".join(str(error) for error in self.errors[name]),
                field_id=self[name].id_for_label,
            )
            for name in self.fields
            if name in self.errors
        ]
        self.data = {
            name: value for name, value in self.data.items() if name not in self.errors
        }
        return ignored


def parse_event_filters(query, *, themes, territories, kinds, fixed=None):
    """Read the GET filters of a listing.

    ``fixed`` maps a filter name to the object a theme or territory view sets.
    Returns the form to show, the filters that apply and the ignored ones.
    """
    fixed = fixed or {}
    form = EventFilterForm(
        query, themes=themes, territories=territories, kinds=kinds, fixed=fixed
    )
    form.is_valid()
    filters = form.applied_filters(**fixed)
    ignored = form.ignored_filters()
    return form, filters, ignored
