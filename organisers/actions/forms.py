"""Forms of the organisers' actions: the public registration form and change
form, reused with wording for an organiser."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from events.registrations.choices import Attendance
from events.registrations.forms import RegistrationChangeForm, RegistrationForm
from organisers.actions.selectors import events_for_registration_by_hand


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        names = {
            "title": obj.title,
            "date": formats.date_format(
                timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT"
            ),
        }
        if obj.is_internal:
            return _("%(title)s, %(date)s (internal event)") % names
        return _("%(title)s, %(date)s") % names


class EventChoiceForm(forms.Form):
    """The first step of a registration by hand (a GET form)."""

    event = EventChoiceField(
        label=_("Event"),
        queryset=EventPage.objects.none(),  # set per request
        empty_label=_("Choose…"),
        help_text=_("Events to come that take registrations, internal ones too."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events_for_registration_by_hand()


class ServiceErrorsMixin:
    def add_service_error(self, error: ValidationError) -> None:
        """A service's errors next to the field they are about (the first
        time slot for the sessions), the others above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            if field == "sessions" and self.slots:
                field = self.slots[0].field_name
            self.add_error(field if field in self.fields else None, messages)


class RegistrationByHandForm(ServiceErrorsMixin, RegistrationForm):
    """The public registration form, filled in by an organiser for someone
    who phoned: no honeypot, and the consent is the organiser's statement
    that they read the data-protection notice to the person."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["participant_type"].label = _("Coming as")
        self.fields["email"].help_text = _(
            "The confirmation, the calendar invite and the person's link to "
            "change or cancel are sent there."
        )
        self.fields["consent"].label = _(
            "I have read the data-protection notice to this person, and they "
            "agree that their data is used to organise this event."
        )
        self.fields["news_opt_in"].label = _(
            "The person asked to receive news of the consultation by email."
        )
        self.fields["news_opt_in"].help_text = _("Only if the person asked for it.")
        help_texts = {
            "seats": _("Including the person: at most %(maximum)d seats.")
            % {"maximum": self.event.max_seats_per_registration},
            "phone": _("To reach the person on the day if needed."),
            "accessibility_needs": _(
                "What would help the person take part (access, hearing loop, "
                "sign language…)."
            ),
        }
        for name, help_text in help_texts.items():
            if name in self.fields:
                self.fields[name].help_text = help_text
        for number, name in enumerate(self.companion_names, start=1):
            self.fields[name].label = _("Person %(number)d coming with them") % {
                "number": number
            }


class RegistrationChangeByOrganiserForm(ServiceErrorsMixin, RegistrationChangeForm):
    pass


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Attendance.choices, required=False)
