"""Postpone or cancel a published event in one step, from the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.models import EventPage, EventStatus
from events.services import STATUS_EXPLANATION_MAX_LENGTH, event_change_status


class EventStatusChangeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (EventStatus.POSTPONED, EventStatus.POSTPONED.label),
            (EventStatus.CANCELLED, EventStatus.CANCELLED.label),
        ],
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Public explanation"),
        max_length=STATUS_EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the event page, in calendars and in the open data. "
            "300 characters at most."
        ),
        error_messages={
            "required": _("Tell the public why the event is postponed or cancelled.")
        },
    )


class EventStatusChangeView(WagtailAdminTemplateMixin, FormView):
    form_class = EventStatusChangeForm
    template_name = "events/admin/status_change.html"
    header_icon = "date"
    page_title = _("Postpone or cancel")

    def dispatch(self, request, page_id):
        self.event = get_object_or_404(EventPage, pk=page_id)
        if not self.event.permissions_for_user(request.user).can_publish():
            return self.forbidden()
        lock = self.event.get_lock()
        if lock and lock.for_user(request.user):
            messages.error(request, lock.get_message(request.user))
            return redirect(self.next_url)
        if not self.event.live:
            messages.error(
                request,
                _("Only a published event can be postponed or cancelled here."),
            )
            return redirect(self.next_url)
        return super().dispatch(request, page_id)

    def forbidden(self):
        """A 403 page, where Wagtail would redirect to the dashboard."""
        self.template_name = "events/admin/status_change_forbidden.html"
        context = self.get_context_data(back_url=self.next_url)
        return self.render_to_response(context, status=403)

    @cached_property
    def next_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(
            "wagtailadmin_pages:edit", args=[self.event.pk]
        )

    def get_page_subtitle(self):
        return self.event.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("event_pages:index"), "label": _("Events")},
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.get_admin_display_title(),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self):
        if self.event.status == EventStatus.SCHEDULED:
            return {"status": EventStatus.POSTPONED}
        return {
            "status": self.event.status,
            "explanation": self.event.status_explanation,
        }

    def form_valid(self, form):
        try:
            event = event_change_status(
                event=self.event,
                status=form.cleaned_data["status"],
                explanation=form.cleaned_data["explanation"],
                user=self.request.user,
            )
        except ValidationError as error:
            for field, field_messages in _messages_by_field(error).items():
                form.add_error(field if field in form.fields else None, field_messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(title)s” is now %(status)s. The change is published.")
            % {"title": event.title, "status": event.get_status_display().lower()},
        )
        return redirect(self.next_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event,
            action_url=self.request.get_full_path(),
            submit_button_label=_("Publish the new status"),
            submit_button_active_label=_("Publishing…"),
            cancel_url=self.next_url,
            **kwargs,
        )


def _messages_by_field(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {None: error.messages}
