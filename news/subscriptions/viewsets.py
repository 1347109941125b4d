"""The subscribers in the admin, for organisers: a filtered, searchable
listing with the counts per theme above it, its exports, and each
subscription's page.

Addresses are personal data: "view" on subscriptions (the Organisateurs
group, superusers) and two-factor authentication first, as for
registrations; nobody adds, edits or deletes from here (the services do).
The communication team sees the counts only (``views.subscription_counts``).
"""

from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from news.subscriptions.filters import SubscriptionFilterSet
from news.subscriptions.models import Subscription
from news.subscriptions.selectors import subscription_counts, subscriptions_for_admin
from organisers.exports import CSV_CONTENT_TYPE, csv_lines, log_export_of
from organisers.permissions import ViewOnlyPermissionPolicy
from organisers.two_factor import with_two_factor

EXPORT_LOG_ACTION = "subscriptions.export"
EXPORT_FIELDS = [
    "email",
    "status",
    "theme_names",
    "source",
    "consent_notice_version",
    "consented_at",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
    "unsubscribe_reason",
]


def log_export(*, user, export_format: str, rows: int, filters: str) -> None:
    """Who exported how many subscribers, when, with which filters."""
    log_export_of(
        Subscription,
        action=EXPORT_LOG_ACTION,
        label=capfirst(str(Subscription._meta.verbose_name_plural)),
        data={"format": export_format, "filters": filters, "rows": rows},
        user=user,
    )


class ExportLogFormatter(LogFormatter):
    label = _("Export subscribers")

    def format_message(self, log_entry):
        data = log_entry.data
        return ngettext(
            "Exported %(rows)d subscriber (%(format)s).",
            "Exported %(rows)d subscribers (%(format)s).",
            data["rows"],
        ) % {"rows": data["rows"], "format": data["format"].upper()}


class SubscriptionIndexView(generic.IndexView):
    """The listing; its exports as French spreadsheet software reads them
    (UTF-8 with a BOM, semicolons), without formulas, audit-logged."""

    def get_filename(self):
        return f"abonnes-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def subscription_counts(self):
        return subscription_counts()

    def as_spreadsheet(self, queryset, spreadsheet_format):
        query = self.request.GET.copy()
        query.pop("export", None)
        log_export(
            user=self.request.user,
            export_format=spreadsheet_format,
            rows=queryset.count(),
            filters=query.urlencode(),
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self._csv_lines(queryset), content_type=CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.get_filename()}.csv"'
        )
        return response

    def _csv_lines(self, queryset):
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [
                self.preprocess_field_value(field, value, "csv")
                for field, value in self.to_row_dict(item).items()
            ]
            for item in queryset
        )
        return csv_lines(headings, rows)


class SubscriptionInspectView(generic.InspectView):
    def get_themes_display_value(self):
        return self.object.theme_names()


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = _("Subscribers")
    menu_order = 895
    add_to_admin_menu = True
    url_prefix = "abonnes"
    index_view_class = SubscriptionIndexView
    index_template_name = "subscriptions/admin/index.html"
    inspect_view_class = SubscriptionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = SubscriptionFilterSet
    search_fields = ["email"]
    search_backend_name = None  # plain database lookups, no search index
    ordering = "-created_at"
    list_per_page = 50
    list_export = EXPORT_FIELDS
    export_headings = {"theme_names": _("Themes")}
    inspect_view_fields = [
        "email",
        "status",
        "themes",
        "source",
        "consent_notice_version",
        "consented_at",
        "created_at",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
        "unsubscribe_reason",
    ]
    # No add or edit view is reachable; Wagtail still wants a form definition.
    form_fields = ["status"]

    @cached_property
    def list_display(self):
        return [
            "email",
            "status",
            Column("themes", label=_("Themes"), accessor="theme_names"),
            "source",
            DateColumn("created_at", label=_("Created at"), sort_key="created_at"),
            DateColumn("confirmed_at", label=_("Confirmed at")),
            DateColumn("unsubscribed_at", label=_("Unsubscribed at")),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            permission_policy=ViewOnlyPermissionPolicy(Subscription), **kwargs
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=subscriptions_for_admin(), **kwargs
        )

    def get_urlpatterns(self):
        return with_two_factor(
            [
                path("", self.index_view, name="index"),
                path("results/", self.index_results_view, name="index_results"),
                path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            ]
        )
