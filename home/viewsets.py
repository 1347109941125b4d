"""Wagtail admin for the site-wide snippets, grouped under one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import Organisation, Person, Territory, Theme


class ReferenceDataViewSet(SnippetViewSet):
    """Small tables: search them with the ORM, identically on every database."""

    search_backend_name = None


class ThemeViewSet(ReferenceDataViewSet):
    model = Theme
    icon = "tag"
    menu_order = 100
    list_display = ["name", "slug", "colour", "sort_order"]
    list_export = ["name", "slug", "description", "colour"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "name"]


class TerritoryViewSet(ReferenceDataViewSet):
    model = Territory
    icon = "site"
    menu_order = 110
    list_display = ["name", "insee_code", "slug"]
    list_export = ["name", "insee_code", "slug"]
    search_fields = ["name", "insee_code"]
    ordering = ["insee_code"]


class OrganisationViewSet(ReferenceDataViewSet):
    model = Organisation
    icon = "group"
    menu_order = 120
    list_display = ["name", "kind", "is_partner", "website"]
    list_filter = ["kind", "is_partner"]
    list_export = ["name", "kind", "is_partner", "website", "description"]
    search_fields = ["name", "description"]
    inspect_view_enabled = True


class PersonViewSet(ReferenceDataViewSet):
    model = Person
    icon = "user"
    menu_order = 130
    list_display = ["name", "role", "organisation"]
    list_filter = ["organisation"]
    list_export = ["name", "role", "organisation"]
    search_fields = ["name", "role"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Person.objects.select_related("organisation")


class ReferenceDataViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ThemeViewSet, TerritoryViewSet, OrganisationViewSet, PersonViewSet)
