"""Editors and reviewers preview every page type before it is published: the
draft of each demo page, one per type, renders in the admin's preview."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.organisers.factories import build_admin_user

pytestmark = pytest.mark.django_db


def test_the_draft_of_every_page_type_renders(client, demo_site):
    client.force_login(build_admin_user("root", is_superuser=True))
    one_page_per_type = {}
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        one_page_per_type.setdefault(type(page), page)

    for page in one_page_per_type.values():
        page.title = f"{page.title} (brouillon)"
        page.save_revision()
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))

        assert response.status_code == 200, type(page).__name__
        assert f"{page.title}".encode() in response.content, type(page).__name__
    assert len(one_page_per_type) >= 5
