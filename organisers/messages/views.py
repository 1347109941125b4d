"""The admin page where organisers write to the registrants of an event:
write, preview (the text as sent, the number of recipients), send."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from wagtail.admin import messages

from events.models import EventPage
from organisers.messages.forms import AttendeeMessageForm
from organisers.messages.services import (
    attendee_message_preview,
    attendee_message_send,
)
from organisers.models import AttendeeMessage
from organisers.permissions import personal_data_view


@personal_data_view("change")
def compose(request, event_id: int):
    event = get_object_or_404(EventPage, pk=event_id)
    form = AttendeeMessageForm(request.POST or None, event=event)
    preview = None
    if request.method == "POST" and form.is_valid():
        message = form.save(commit=False)
        if "send" in request.POST:
            message.created_by = request.user
            count = attendee_message_send(message=message)
            messages.success(request, _sent_message(count))
            return redirect("organisers_attendee_message", event_id=event.pk)
        preview = attendee_message_preview(message=message)
    context = {
        "event": event,
        "form": form,
        "preview": preview,
        "sent_messages": AttendeeMessage.objects.filter(
            event=event, sent_at__isnull=False
        ).select_related("session", "created_by"),
    }
    return TemplateResponse(request, "organisers/messages/compose.html", context)


def _sent_message(count: int) -> str:
    return ngettext(
        "Message sent to %(count)d person.",
        "Message sent to %(count)d people.",
        count,
    ) % {"count": count}
