"""The events demo loader on its own, under an empty home page: it reports
one line per kind of object it creates."""

import io

import pytest
from django.core.management.base import OutputWrapper

from events import demo

pytestmark = pytest.mark.django_db


def test_loader_reports_one_line_per_kind_of_object(home_page):
    output = io.StringIO()

    created = demo.load_demo_content(stdout=OutputWrapper(output))

    lines = output.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Kinds of event",
        "Venues",
        "Events index page",
        "Events",
    ]
    assert created == 7 + 4 + 1 + 10
