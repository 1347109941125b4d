"""Forms of the check-in pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.registrations.choices import Attendance, ParticipantType
from events.registrations.models import Registration


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or organisation"), required=False, max_length=100)


class AttendanceForm(forms.Form):
    """Present, or back to not recorded (undo)."""

    attendance = forms.ChoiceField(
        choices=[(Attendance.PRESENT, ""), (Attendance.UNKNOWN, "")], required=False
    )


def _field(name: str) -> forms.Field:
    return Registration._meta.get_field(name).formfield()


class WalkInForm(forms.Form):
    first_name = _field("first_name")
    last_name = _field("last_name")
    organisation_name = _field("organisation_name")
    participant_type = forms.ChoiceField(
        label=_("Participant type"),
        choices=ParticipantType.choices,
        initial=ParticipantType.CITIZEN,
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("For the organisers' messages about this event."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "walk-in-%s")
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"
