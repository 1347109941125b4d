"""The public registration form and the guest's change and cancel forms.

Fields are built for one event: its seats per registration, its sessions (one
radio group per time slot, seats left in the labels), its optional questions.
Forms only check input; capacity is decided by the services, under locks.
"""

import re
from dataclasses import dataclass
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import EventPage, Session
from events.registrations.choices import OrganisationType, ParticipantType
from events.registrations.selectors import Availability, SessionAvailability
from home.models import Territory

# C0 and C1 controls (CR and LF included), and the Unicode line and paragraph
# separators: in a name they would end up in mail headers and .ics lines.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Multi-line answers may hold line breaks and tabs, nothing else invisible.
CONTROL_CHARACTERS_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
PHONE = re.compile(r"^\+?[0-9 .()\-]{6,25}$")
ORGANISATION_TYPES = {
    ParticipantType.ESS_ORGANISATION,
    ParticipantType.PUBLIC_BODY,
    ParticipantType.COMPANY,
}
NO_SESSION = ""


class VisibleTextField(forms.CharField):
    """Text without invisible characters (``forbidden``): they would end up in
    mail headers and .ics lines."""

    forbidden = CONTROL_CHARACTERS_BUT_LINES
    message = _("Remove the invisible characters from this text.")

    def validate(self, value):
        super().validate(value)
        if value and self.forbidden.search(value):
            raise ValidationError(self.message, code="control_characters")


class SingleLineField(VisibleTextField):
    """Text on one line: surrounding spaces stripped, line breaks refused too."""

    forbidden = CONTROL_CHARACTERS
    message = _("Use letters, digits and punctuation only, on one line.")

    def __init__(self, *, max_length: int, autocomplete: str = "", **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        if autocomplete:
            self.widget.attrs["autocomplete"] = autocomplete


class MultiLineField(VisibleTextField):
    widget = forms.Textarea(attrs={"rows": 3})


class SessionRadioSelect(forms.RadioSelect):
    """Radio buttons whose full sessions are disabled (when there is no
    waiting list to join)."""

    def __init__(self, *args, disabled_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = {str(value) for value in disabled_values}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


@dataclass(frozen=True)
class TimeSlot:
    """Sessions starting together: a person takes at most one of them."""

    field_name: str
    label: str
    sessions: list[SessionAvailability]


def time_slots(availability: Availability) -> list[TimeSlot]:
    by_start = groupby(availability.sessions, key=lambda row: row.session.starts_at)
    slots = []
    for number, (starts_at, rows) in enumerate(by_start, start=1):
        rows = list(rows)
        ends_at = max(row.session.ends_at for row in rows)
        label = _("%(day)s, from %(start)s to %(end)s") % {
            "day": formats.date_format(timezone.localtime(starts_at), "l j F"),
            "start": formats.time_format(timezone.localtime(starts_at), "G \\h i"),
            "end": formats.time_format(timezone.localtime(ends_at), "G \\h i"),
        }
        slots.append(TimeSlot(f"slot_{number}", label, rows))
    return slots


def session_choice_label(row: SessionAvailability, *, waiting_list: bool) -> str:
    title = row.session.title
    if row.seats_left is None:
        return title
    if row.seats_left == 0:
        if waiting_list:
            return _("%(title)s (full: waiting list)") % {"title": title}
        return _("%(title)s (full)") % {"title": title}
    return ngettext(
        "%(title)s (%(count)d seat left)",
        "%(title)s (%(count)d seats left)",
        row.seats_left,
    ) % {"title": title, "count": row.seats_left}


class SessionChoiceMixin:
    """One radio group per time slot; an event with a single session needs
    no choice (the registration takes it)."""

    def add_session_fields(self, *, event: EventPage, availability: Availability):
        self.event = event
        self.availability = availability
        self.slots = time_slots(availability) if len(availability.sessions) > 1 else []
        waiting_list = event.waiting_list_enabled
        self.full_session_ids = {
            row.session.pk for row in availability.sessions if row.is_full
        }
        for slot in self.slots:
            disabled = [] if waiting_list else sorted(self.full_session_ids)
            choices = [
                (
                    str(row.session.pk),
                    session_choice_label(row, waiting_list=waiting_list),
                )
                for row in slot.sessions
            ]
            choices.append((NO_SESSION, _("None at this time")))
            self.fields[slot.field_name] = forms.ChoiceField(
                label=slot.label,
                choices=choices,
                required=False,
                widget=SessionRadioSelect(disabled_values=disabled),
            )

    @property
    def slot_fields(self):
        return [self[slot.field_name] for slot in self.slots]

    def chosen_session_ids(self) -> list[int]:
        if len(self.availability.sessions) == 1:
            return [self.availability.sessions[0].session.pk]
        return [
            int(self.cleaned_data[slot.field_name])
            for slot in self.slots
            if self.cleaned_data.get(slot.field_name)
        ]

    def chosen_sessions(self) -> list[Session]:
        """The chosen sessions, as the form showed them (from its availability)."""
        chosen = set(self.chosen_session_ids())
        return [
            row.session
            for row in self.availability.sessions
            if row.session.pk in chosen
        ]

    def clean_sessions(self) -> None:
        """At least one session when there is a choice; a full session only
        with a waiting list (the radio is disabled, but a POST can say anything)."""
        if not self.slots:
            return
        chosen = self.chosen_session_ids()
        if not chosen:
            self.add_error(self.slots[0].field_name, _("Choose at least one session."))
        if self.event.waiting_list_enabled:
            return
        for slot in self.slots:
            value = self.cleaned_data.get(slot.field_name)
            if value and int(value) in self.full_session_ids:
                self.add_error(
                    slot.field_name, _("This session is full: choose another one.")
                )


class SeatsMixin:
    def add_seats_field(self, *, event: EventPage):
        maximum = event.max_seats_per_registration
        if maximum > 1:
            self.fields["seats"] = forms.TypedChoiceField(
                label=_("Number of seats"),
                help_text=_("Including you: at most %(maximum)d seats.")
                % {"maximum": maximum},
                choices=[(n, str(n)) for n in range(1, maximum + 1)],
                coerce=int,
                initial=1,
                required=False,  # a select always sends a value; none means one
                empty_value=1,
            )

    def chosen_seats(self) -> int:
        return self.cleaned_data.get("seats") or 1


class ParticipantForm(forms.Form):
    """Who a participant is: the registration form's fields that a profile
    keeps too (the profile form makes them all optional)."""

    first_name = SingleLineField(
        label=_("First name"), max_length=100, autocomplete="given-name"
    )
    last_name = SingleLineField(
        label=_("Last name"), max_length=100, autocomplete="family-name"
    )
    participant_type = forms.ChoiceField(
        label=_("You are coming as"),
        choices=ParticipantType.choices,
        initial=ParticipantType.CITIZEN,
        widget=forms.RadioSelect,
    )
    organisation_name = SingleLineField(
        label=_("Name of the organisation"),
        max_length=200,
        required=False,
        autocomplete="organization",
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Choose…")), *OrganisationType.choices],
        required=False,
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("Choose…"),
    )
    news_opt_in = forms.BooleanField(
        label=_("I would like to receive news of the consultation by email."),
        help_text=_("Optional. You can unsubscribe from any email."),
        required=False,
    )


class RegistrationForm(SessionChoiceMixin, SeatsMixin, ParticipantForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_(
            "Your confirmation, the calendar invite and your personal link to "
            "change or cancel are sent there."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation_town = SingleLineField(
        label=_("Town of the organisation"),
        max_length=100,
        required=False,
        autocomplete="address-level2",
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the data-protection notice: my data is used only to "
            "organise this event."
        ),
    )
    # Honeypot: hidden from people (CSS, aria-hidden, out of the tab order);
    # a robot that fills every field fills it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # As the page shows them (errors are listed in this order).
    field_order = [
        "first_name",
        "last_name",
        "email",
        "participant_type",
        "organisation_name",
        "organisation_type",
        "organisation_town",
        "territory",
        "consent",
        "news_opt_in",
        "website",
    ]
    identity_field_names = ("first_name", "last_name", "email")
    organisation_field_names = (
        "organisation_name",
        "organisation_type",
        "organisation_town",
        "territory",
    )

    def __init__(self, *args, event: EventPage, availability: Availability, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_seats_field(event=event)
        self.companion_names = [
            f"companion_{number}"
            for number in range(1, event.max_seats_per_registration)
        ]
        for number, name in enumerate(self.companion_names, start=1):
            self.fields[name] = SingleLineField(
                label=_("Person %(number)d coming with you") % {"number": number},
                max_length=200,
                required=False,
            )
        self.add_session_fields(event=event, availability=availability)
        self.question_names = []
        if event.ask_phone:
            self._add_question(
                "phone",
                SingleLineField(
                    label=_("Phone"),
                    help_text=_("To reach you on the day if needed."),
                    max_length=30,
                    required=False,
                    autocomplete="tel",
                ),
            )
        if event.ask_accessibility_needs:
            self._add_question(
                "accessibility_needs",
                MultiLineField(
                    label=_("Accessibility needs"),
                    help_text=_(
                        "Tell us what would help you take part (access, hearing "
                        "loop, sign language…)."
                    ),
                    max_length=1000,
                    required=False,
                ),
            )
        if event.ask_dietary_needs:
            self._add_question(
                "dietary_needs",
                MultiLineField(
                    label=_("Dietary needs"),
                    help_text=_("A meal is served: allergies, diet."),
                    max_length=500,
                    required=False,
                ),
            )

    def _add_question(self, name: str, field: forms.Field) -> None:
        self.fields[name] = field
        self.question_names.append(name)

    @property
    def identity_fields(self):
        return [self[name] for name in self.identity_field_names]

    @property
    def organisation_fields(self):
        return [self[name] for name in self.organisation_field_names]

    @property
    def companion_fields(self):
        return [self[name] for name in self.companion_names]

    @property
    def question_fields(self):
        return [self[name] for name in self.question_names]

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not PHONE.match(phone):
            raise ValidationError(
                _("Enter a phone number, e.g. 02 38 70 30 30 or +33 2 38 70 30 30.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        participant_type = cleaned.get("participant_type")
        if participant_type in ORGANISATION_TYPES and not cleaned.get(
            "organisation_name"
        ):
            self.add_error(
                "organisation_name", _("Give the name of your organisation.")
            )
        if participant_type == ParticipantType.ESS_ORGANISATION and not cleaned.get(
            "organisation_type"
        ):
            self.add_error("organisation_type", _("Choose the type of organisation."))
        companions = self.companions()
        if len(companions) > self.chosen_seats() - 1:
            self.add_error(
                self.companion_names[len(companions) - 1],
                _("More names than seats: add seats or remove a name."),
            )
        self.clean_sessions()
        return cleaned

    def companions(self) -> list[str]:
        return [
            self.cleaned_data[name]
            for name in self.companion_names
            if self.cleaned_data.get(name)
        ]

    def registration_data(self) -> dict:
        """Keyword arguments for ``services.registration_create``."""
        data = self.cleaned_data
        organisation = data["participant_type"] in ORGANISATION_TYPES
        return {
            "email": data["email"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "participant_type": data["participant_type"],
            "organisation_name": data["organisation_name"] if organisation else "",
            "organisation_type": data["organisation_type"] if organisation else "",
            "organisation_town": data["organisation_town"] if organisation else "",
            "territory": data["territory"],
            "seats": self.chosen_seats(),
            "companions": self.companions(),
            "sessions": self.chosen_sessions(),
            "phone": data.get("phone", ""),
            "accessibility_needs": data.get("accessibility_needs", ""),
            "dietary_needs": data.get("dietary_needs", ""),
            "news_opt_in": data["news_opt_in"],
        }


class RegistrationChangeForm(SessionChoiceMixin, SeatsMixin, forms.Form):
    """Seats and sessions of an existing registration."""

    def __init__(self, *args, registration, availability: Availability, **kwargs):
        event = registration.event
        super().__init__(*args, **kwargs)
        self.add_seats_field(event=event)
        if "seats" in self.fields:
            self.fields["seats"].initial = registration.seats
        self.add_session_fields(event=event, availability=availability)
        chosen = {link.session_id for link in registration.session_links.all()}
        for slot in self.slots:
            self.fields[slot.field_name].initial = next(
                (
                    str(row.session.pk)
                    for row in slot.sessions
                    if row.session.pk in chosen
                ),
                NO_SESSION,
            )
        # One's own sessions are never "full" for oneself.
        self.full_session_ids -= chosen
        for slot in self.slots:
            self.fields[slot.field_name].widget.disabled_values -= {
                str(pk) for pk in chosen
            }

    def clean(self):
        cleaned = super().clean()
        self.clean_sessions()
        return cleaned
