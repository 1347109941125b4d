"""How the audit log shows a message to attendees; registered in
``organisers.wagtail_hooks`` under ``services.SENT_LOG_ACTION``."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter


class MessageSentLogFormatter(LogFormatter):
    label = _("Message sent to attendees")

    def format_message(self, log_entry):
        recipients = log_entry.data["recipients"]
        return ngettext(
            "Message “%(subject)s” sent to %(count)d person.",
            "Message “%(subject)s” sent to %(count)d people.",
            recipients,
        ) % {"subject": log_entry.label, "count": recipients}
