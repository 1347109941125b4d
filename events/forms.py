"""The event editor's form: cross-field rules that span the event and its sessions."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from events.validation import ends_before_start


class EventPageForm(WagtailAdminPageForm):
    """Sessions must fit inside their event. Each object's own rules (ends
    after it starts, capacity) are in EventPage.clean and Session.clean."""

    def clean(self):
        cleaned_data = super().clean()
        starts_at = cleaned_data.get("starts_at")
        ends_at = cleaned_data.get("ends_at")
        if (
            starts_at
            and ends_at
            and not ends_before_start(starts_at, ends_at)
            and "sessions" in self.formsets
        ):
            self._check_sessions_inside(starts_at, ends_at)
        return cleaned_data

    def _check_sessions_inside(self, starts_at, ends_at):
        sessions = self.formsets["sessions"]
        sessions.is_valid()  # clean each session form before comparing
        for form in sessions.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            session_start = form.cleaned_data.get("starts_at")
            session_end = form.cleaned_data.get("ends_at")
            if session_start and session_start < starts_at:
                form.add_error(
                    "starts_at", _("A session cannot start before its event.")
                )
            if session_end and session_end > ends_at:
                form.add_error("ends_at", _("A session cannot end after its event."))
