"""Events in Wagtail: who may open an internal event, the admin menus, and the
"postpone or cancel" action."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from events.admin_views import EventStatusChangeView
from events.models import EventPage, EventStatus
from events.services import STATUS_CHANGE_LOG_ACTION
from events.viewsets import EventsViewSetGroup
from events.visibility import event_visible_to

register_snippet(EventsViewSetGroup)


@hooks.register("before_serve_page", order=-1)
def hide_internal_events(page, request, serve_args, serve_kwargs):
    """An internal event does not exist for anyone outside the Region staff.

    It answers 404 rather than a login page that would confirm the event
    exists: before_serve_page hooks run before Wagtail's view restrictions
    (an on_serve_page wrapper), and order=-1 puts this one before Wagtail's
    own request-method check too. Admin previews and "view draft" do not go
    through this hook, so editors outside the staff group can still check
    their work.
    """
    if isinstance(page, EventPage) and not event_visible_to(page, request.user):
        raise Http404


@hooks.register("register_admin_urls")
def register_status_change_url():
    return [
        path(
            "events/<int:page_id>/status/",
            EventStatusChangeView.as_view(),
            name="events_change_status",
        )
    ]


def _can_change_status(page, user) -> bool:
    return (
        isinstance(page, EventPage)
        and page.live
        and page.permissions_for_user(user).can_publish()
    )


def status_change_url(page, next_url=None) -> str:
    url = reverse("events_change_status", args=[page.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class StatusChangeButton(PageMenuItem):
    label = _("Postpone or cancel")
    icon_name = "calendar-check"

    def is_shown(self, user):
        return _can_change_status(self.page, user)

    @property
    def url(self):
        return status_change_url(self.page, self.next_url)


@hooks.register("register_page_listing_more_buttons")
def status_change_listing_button(page, user, next_url=None):
    yield StatusChangeButton(page=page, next_url=next_url, priority=45)


@hooks.register("register_page_header_buttons")
def status_change_header_button(page, user, view_name, next_url=None):
    yield StatusChangeButton(page=page, next_url=next_url, priority=55)


class StatusChangeActionMenuItem(ActionMenuItem):
    label = _("Postpone or cancel")
    name = "action-change-status"
    icon_name = "calendar-check"

    def is_shown(self, context):
        return (
            context["view"] == "edit"
            and not context["locked_for_user"]
            and _can_change_status(context["page"], context["request"].user)
        )

    def get_url(self, parent_context):
        return status_change_url(parent_context["page"])


@hooks.register("register_page_action_menu_item")
def status_change_action_menu_item():
    return StatusChangeActionMenuItem(order=25)


@hooks.register("register_log_actions")
def register_status_change_log_action(actions):
    @actions.register_action(STATUS_CHANGE_LOG_ACTION)
    class StatusChangeFormatter(LogFormatter):
        label = _("Change event status")

        def format_message(self, log_entry):
            status = log_entry.data.get("status", "")
            labels = dict(EventStatus.choices)
            return _("Event status changed to “%(status)s”") % {
                "status": labels.get(status, status)
            }

        def format_comment(self, log_entry):
            return log_entry.data.get("explanation", "")
