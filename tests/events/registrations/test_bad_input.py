"""Whatever a client posts, the registration pages answer without a server
error, and nothing invalid is recorded (property-based, with hypothesis)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.registrations.models import Registration
from events.registrations.tokens import management_path
from tests.events.registrations.factories import build_registration_event, register

pytestmark = pytest.mark.django_db

FIELDS = [
    "first_name",
    "last_name",
    "email",
    "participant_type",
    "organisation_name",
    "organisation_type",
    "organisation_town",
    "territory",
    "seats",
    "companion_1",
    "companion_2",
    "slot_1",
    "slot_2",
    "slot_3",
    "phone",
    "accessibility_needs",
    "dietary_needs",
    "consent",
    "news_opt_in",
    "website",
]
values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=300, max_size=5000),
    st.sampled_from(
        ["", "0", "-1", "1", "3", "99999999999999999999", "1e9", "on", "citizen"]
    ),
    st.integers().map(str),
)
post_data = st.dictionaries(
    st.sampled_from(FIELDS) | st.text(max_size=10),
    st.one_of(values, st.lists(values, max_size=3)),
)
quick = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def no_rate_limits(settings):
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, (10**6, 60))


@pytest.fixture
def event(index):
    return build_registration_event(
        index,
        sessions=6,
        max_seats_per_registration=3,
        ask_phone=True,
        ask_accessibility_needs=True,
        ask_dietary_needs=True,
    )


@quick
@given(data=post_data)
def test_the_registration_form_never_fails(client, event, no_rate_limits, data):
    response = client.post(reverse("registrations:register", args=[event.pk]), data)

    assert response.status_code in {200, 302, 400, 409}
    for registration in Registration.objects.all():
        assert "\n" not in registration.first_name + registration.last_name
        assert 1 <= registration.seats <= 3


@quick
@given(data=post_data)
def test_the_change_form_never_fails(client, event, no_rate_limits, data):
    registration = register(event, sessions=[event.sessions.first()]).registration

    response = client.post(management_path(registration) + "modifier/", data)

    assert response.status_code in {200, 302, 409}
    registration.refresh_from_db()
    assert 1 <= registration.seats <= 3
