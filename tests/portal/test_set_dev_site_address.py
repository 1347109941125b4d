"""Development: links in emails open the running server."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def test_the_default_site_answers_on_the_local_port(home_page, settings):
    settings.DEBUG = True
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80
    site.save()

    call_command("set_dev_site_address", port=8123, stdout=io.StringIO())

    site.refresh_from_db()
    assert site.root_url == "http://127.0.0.1:8123"


def test_a_site_pointed_elsewhere_is_kept(home_page, settings):
    settings.DEBUG = True
    Site.objects.filter(is_default_site=True).update(hostname="concertation.example")

    call_command("set_dev_site_address", port=8123, stdout=io.StringIO())

    assert Site.objects.get(is_default_site=True).hostname == "concertation.example"


def test_refused_outside_development(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("set_dev_site_address", port=8123)
