"""The registrations admin for organisers: a filtered, searchable listing,
its exports, and each registration with its history.

Registrations are personal data: two-factor authentication first. The
viewset itself only shows ("view"): the listing, the inspect view and the
exports; no generic add, edit or delete view is reachable. The organisers'
actions (add by hand, change, cancel, promote, resend the invite,
attendance) are views of their own (``organisers.actions``), linked from
the listing's header and the registration's page.
"""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from events.registrations.models import Registration
from organisers.actions.selectors import registration_actions
from organisers.exports import EXPORT_FIELDS, RegistrationExportMixin
from organisers.filters import RegistrationFilterSet
from organisers.permissions import (
    ViewOnlyPermissionPolicy,
    registration_permission_policy,
)
from organisers.selectors import (
    registration_emails,
    registration_for_inspect,
    registration_history,
    registrations_for_admin,
)
from organisers.two_factor import with_two_factor


class RegistrationIndexView(RegistrationExportMixin, generic.IndexView):
    @cached_property
    def header_buttons(self):
        """ "Add a registration" for those who may, for the event the listing
        is filtered on if any."""
        buttons = super().header_buttons
        user = self.request.user
        if registration_permission_policy.user_has_permission(user, "add"):
            url = reverse("organisers_registration_add")
            event = self.request.GET.get("event", "")
            if event.isdigit():
                url += "?" + urlencode({"event": event})
            buttons.append(
                HeaderButton(_("Add a registration"), url=url, icon_name="plus")
            )
        return buttons


class RegistrationInspectView(generic.InspectView):
    template_name = "organisers/registrations/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(registration_for_inspect(), pk=self.pk)

    def get_page_subtitle(self):
        return f"{self.object.full_name} – {self.object.event.title}"

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "" if value is None else value

    def get_companions_display_value(self):
        return ", ".join(self.object.companions)

    def get_news_opt_in_display_value(self):
        return gettext("Yes") if self.object.news_opt_in else gettext("No")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            history=registration_history(self.object),
            emails=registration_emails(self.object),
            actions=registration_actions(
                registration=self.object, user=self.request.user
            ),
            **kwargs,
        )


def field_label(name: str) -> str:
    return capfirst(Registration._meta.get_field(name).verbose_name)


def session_titles(registration: Registration) -> str:
    return ", ".join(session.title for session in registration.sessions.all())


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 890
    add_to_admin_menu = True
    url_prefix = "inscriptions"
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = RegistrationFilterSet
    search_fields = ["first_name", "last_name", "email", "organisation_name"]
    search_backend_name = None  # plain database lookups, no search index
    ordering = "-created_at"
    list_per_page = 50
    list_export = EXPORT_FIELDS
    inspect_view_fields = [
        "event",
        "sessions",
        "status",
        "seats",
        "companions",
        "first_name",
        "last_name",
        "email",
        "participant_type",
        "organisation_name",
        "organisation_type",
        "organisation_town",
        "territory",
        "phone",
        "accessibility_needs",
        "dietary_needs",
        "consent_notice_version",
        "consented_at",
        "news_opt_in",
        "attendance",
        "attendance_recorded_at",
        "user",
    ]
    # No add or edit view is reachable; Wagtail still wants a form definition.
    form_fields = ["status"]

    @cached_property
    def list_display(self):
        return [
            TitleColumn(
                "name",
                label=_("Name"),
                accessor="full_name",
                sort_key="last_name",
                url_name=self.get_url_name("inspect"),
            ),
            "email",
            Column("event", label=field_label("event"), sort_key="event__starts_at"),
            Column("sessions", label=field_label("sessions"), accessor=session_titles),
            "status",
            "seats",
            "participant_type",
            "organisation_name",
            "attendance",
            "created_at",
        ]

    @property
    def url_finder_class(self):
        """Links to a registration (e.g. in the site history) open its
        inspect view."""
        return type(
            "RegistrationURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            permission_policy=ViewOnlyPermissionPolicy(Registration), **kwargs
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=registrations_for_admin(), **kwargs
        )

    def get_urlpatterns(self):
        return with_two_factor(
            [
                path("", self.index_view, name="index"),
                path("results/", self.index_results_view, name="index_results"),
                path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            ]
        )
