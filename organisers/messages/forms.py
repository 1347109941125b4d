"""The form an organiser writes a message to attendees with."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisers.models import AttendeeMessage


class AttendeeMessageForm(forms.ModelForm):
    """Builds an unsaved message about ``event``; the session list holds its
    sessions only."""

    class Meta:
        model = AttendeeMessage
        fields = ["audience", "session", "subject", "text"]
        widgets = {"audience": forms.RadioSelect}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        session = self.fields["session"]
        session.queryset = event.sessions.order_by("starts_at", "sort_order", "pk")
        session.empty_label = _("The whole event")
        session.help_text = _("Only the people registered for this session.")
        if not session.queryset.exists():
            del self.fields["session"]

    def clean_subject(self):
        """One line: a line break would let the text write email headers."""
        subject = self.cleaned_data["subject"]
        if "\r" in subject or "\n" in subject:
            raise ValidationError(
                _("The subject must fit on one line."), code="line_break"
            )
        return subject
