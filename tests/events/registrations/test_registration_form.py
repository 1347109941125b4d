"""The public registration form, through HTTP: fields, states, errors, limits."""

from datetime import timedelta

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.models import EventStatus
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from tests.events.factories import build_event
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_portal_settings, build_standard_page
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_url(event) -> str:
    return reverse("registrations:register", args=[event.pk])


def valid_data(**overrides) -> dict:
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "Camille.Martin@Example.org ",
        "participant_type": "citizen",
        "consent": "on",
    }
    return {
        key: value for key, value in (data | overrides).items() if value is not None
    }


def error_for(response, field_id: str) -> str:
    error = soup(response).find(id=f"id_{field_id}_error")
    return text_of(error) if error else ""


def test_event_page_says_seats_left_and_links_to_the_form(client, index):
    event = build_registration_event(index, capacity=30)
    register(event, seats=1)

    page = soup(client.get(event.url))

    box = page.select_one(".event-box--registration")
    assert "29 places restantes" in text_of(box)
    assert box.find("a", class_="button")["href"] == form_url(event)


def test_the_form_page_is_never_cached_and_not_indexed(client, index):
    event = build_registration_event(index)

    response = client.get(form_url(event))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert soup(response).find("input", {"name": "csrfmiddlewaretoken"})


def test_optional_questions_only_when_asked(client, index):
    plain = build_registration_event(index)
    asking = build_registration_event(
        index, ask_phone=True, ask_accessibility_needs=True, ask_dietary_needs=True
    )

    plain_names = {
        tag.get("name")
        for tag in soup(client.get(form_url(plain))).select("input, textarea")
    }
    asking_names = {
        tag.get("name")
        for tag in soup(client.get(form_url(asking))).select("input, textarea")
    }

    assert not {"phone", "accessibility_needs", "dietary_needs"} & plain_names
    assert {"phone", "accessibility_needs", "dietary_needs"} <= asking_names


def test_a_guest_registers_and_lands_on_the_management_page(client, index):
    notice = build_standard_page(index.get_parent(), title="Données", slug="donnees")
    notice.save_revision().publish()
    notice.refresh_from_db()
    build_portal_settings(index.get_site(), personal_data_page=notice)
    event = build_registration_event(index)

    response = client.post(form_url(event), valid_data())

    assert response.status_code == 302
    assert response["Location"].startswith("/inscriptions/")
    registration = Registration.objects.get()
    assert registration.email == "camille.martin@example.org"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert (
        registration.consent_notice_version == f"{notice.pk}.{notice.live_revision_id}"
    )
    assert registration.news_opt_in is False
    page = client.get(response["Location"])
    assert "Votre inscription est confirmée" in text_of(
        soup(page).select_one(".messages")
    )


def test_a_new_version_of_the_notice_is_recorded_as_soon_as_published(client, index):
    notice = build_standard_page(index.get_parent(), title="Données", slug="donnees")
    build_portal_settings(index.get_site(), personal_data_page=notice)
    event = build_registration_event(index)
    client.post(form_url(event), valid_data(email="before@example.org"))

    notice.save_revision().publish()
    notice.refresh_from_db()
    client.post(form_url(event), valid_data(email="after@example.org"))

    versions = dict(Registration.objects.values_list("email", "consent_notice_version"))
    assert versions["before@example.org"] == f"{notice.pk}.0"
    assert versions["after@example.org"] == f"{notice.pk}.{notice.live_revision_id}"


def test_a_second_registration_with_the_same_email_shows_no_data(client, index):
    event = build_registration_event(index)
    client.post(form_url(event), valid_data())

    response = client.post(
        form_url(event),
        valid_data(email="camille.martin@example.org", first_name="Autre"),
    )

    assert response.status_code == 200
    assert text_of(soup(response).find("h1")) == "Vous êtes déjà inscrit·e"
    assert "Camille" not in response.content.decode()
    assert Registration.objects.count() == 1


def test_missing_fields_are_reported_next_to_each_and_in_a_focused_summary(
    client, index
):
    event = build_registration_event(index)

    response = client.post(
        form_url(event), {"first_name": "Camille", "email": "pas-un-email"}
    )

    assert response.status_code == 200
    page = soup(response)
    assert error_for(response, "last_name")
    assert error_for(response, "email")
    assert error_for(response, "consent")
    summary = page.find(id="erreurs")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert {link["href"] for link in summary.find_all("a")} >= {
        "#id_last_name",
        "#id_email",
    }
    assert page.find(id="id_last_name")["aria-invalid"] == "true"
    assert "id_last_name_error" in page.find(id="id_last_name")["aria-describedby"]
    # Nothing typed is lost.
    assert page.find(id="id_first_name")["value"] == "Camille"
    assert page.find(id="id_email")["value"] == "pas-un-email"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "name", ["Camille\r\nBcc: x@example.org", "Ca\x00mille", "Ca\u2028mille"]
)
def test_line_breaks_and_control_characters_in_names_are_refused(client, index, name):
    event = build_registration_event(index)

    response = client.post(form_url(event), valid_data(first_name=name))

    assert "une seule ligne" in error_for(response, "first_name")
    assert not Registration.objects.exists()


def test_organisations_give_their_name_and_ess_ones_their_type(client, index):
    event = build_registration_event(index)

    response = client.post(
        form_url(event), valid_data(participant_type="ess_organisation")
    )

    assert error_for(response, "organisation_name")
    assert error_for(response, "organisation_type")
    response = client.post(
        form_url(event),
        valid_data(
            participant_type="ess_organisation",
            organisation_name="Coop’Cepoy",
            organisation_type="cooperative",
            organisation_town="Cepoy",
        ),
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.organisation_name, registration.organisation_type) == (
        "Coop’Cepoy",
        "cooperative",
    )


def test_a_citizen_keeps_no_organisation_typed_by_mistake(client, index):
    event = build_registration_event(index)

    client.post(
        form_url(event), valid_data(organisation_name="Typed then changed mind")
    )

    assert Registration.objects.get().organisation_name == ""


def test_seats_and_the_names_of_companions(client, index):
    event = build_registration_event(index, max_seats_per_registration=3)

    too_many = client.post(
        form_url(event),
        valid_data(seats="1", companion_1="Alex Durand"),
    )
    assert "Plus de noms que de places" in error_for(too_many, "companion_1")

    client.post(
        form_url(event),
        valid_data(seats="3", companion_1="Alex Durand", companion_2="Sam Petit"),
    )
    registration = Registration.objects.get()
    assert registration.seats == 3
    assert registration.companions == ["Alex Durand", "Sam Petit"]


def test_sessions_one_radio_group_per_time_slot_with_seats_left(client, index):
    event = build_registration_event(index, sessions=6)
    sessions = list(event.sessions.order_by("starts_at", "pk"))

    page = soup(client.get(form_url(event)))

    groups = page.select("fieldset.field--choices")
    slot_groups = [
        group
        for group in groups
        if group.find("input", {"name": "slot_1"})
        or group.find("input", {"name": "slot_2"})
        or group.find("input", {"name": "slot_3"})
    ]
    assert len(slot_groups) == 3
    first = slot_groups[0]
    assert "20 places restantes" in text_of(first)
    assert {tag["value"] for tag in first.find_all("input")} == {
        str(sessions[0].pk),
        str(sessions[1].pk),
        "",
    }


def test_a_session_choice_is_saved(client, index):
    event = build_registration_event(index, sessions=6)
    chosen = event.sessions.order_by("starts_at", "pk").first()

    response = client.post(form_url(event), valid_data(slot_1=str(chosen.pk)))

    assert response.status_code == 302
    assert list(Registration.objects.get().sessions.all()) == [chosen]


def test_a_choice_is_needed_when_the_event_has_several_sessions(client, index):
    event = build_registration_event(index, sessions=6)

    response = client.post(form_url(event), valid_data())

    assert "au moins une session" in error_for(response, "slot_1")


def test_an_event_with_one_session_takes_it_without_asking(client, index):
    event = build_registration_event(index, sessions=1)

    page = soup(client.get(form_url(event)))
    client.post(form_url(event), valid_data())

    assert not page.find("input", {"name": "slot_1"})
    assert Registration.objects.get().sessions.count() == 1


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1e9", "", "0"])
def test_unknown_sessions_are_refused_without_error_pages(client, index, value):
    event = build_registration_event(index, sessions=6)

    response = client.post(form_url(event), valid_data(slot_1=value))

    assert response.status_code == 200
    assert error_for(response, "slot_1")
    assert not Registration.objects.exists()


def test_a_session_of_another_event_is_refused(client, index):
    event = build_registration_event(index, sessions=6)
    other = build_registration_event(index, sessions=2)
    foreign = other.sessions.first()

    response = client.post(form_url(event), valid_data(slot_1=str(foreign.pk)))

    assert error_for(response, "slot_1")
    assert not Registration.objects.exists()


def test_a_full_session_is_disabled_without_a_waiting_list(client, index):
    event = build_registration_event(index, sessions=2, waiting_list_enabled=False)
    full = event.sessions.order_by("starts_at", "pk").first()
    full.capacity = 1
    full.save()
    register(event, sessions=[full])

    page = soup(client.get(form_url(event)))
    radio = page.find("input", {"name": "slot_1", "value": str(full.pk)})
    response = client.post(
        form_url(event), valid_data(email="b@example.org", slot_1=str(full.pk))
    )

    assert radio.has_attr("disabled")
    assert "complet" in text_of(radio.find_next("label"))
    assert "complète" in error_for(response, "slot_1")
    assert Registration.objects.count() == 1


def test_a_full_event_puts_people_on_the_waiting_list(client, index):
    event = build_registration_event(index, capacity=1)
    register(event)

    response = client.post(
        form_url(event), valid_data(email="b@example.org"), follow=True
    )

    assert (
        Registration.objects.get(email="b@example.org").status
        == RegistrationStatus.WAITLISTED
    )
    assert "liste d’attente" in text_of(soup(response).select_one(".messages"))
    assert "numéro 1" in text_of(soup(response).select_one(".messages"))


def test_honeypot_filled_records_nothing(client, index):
    event = build_registration_event(index)

    response = client.post(form_url(event), valid_data(website="http://spam.example"))

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_rate_limit_per_ip_answers_429_in_french_and_keeps_the_input(
    client, index, settings
):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"registration_ip": (2, 600)}
    event = build_registration_event(index)
    for number in range(2):
        client.post(form_url(event), valid_data(email=f"p{number}@example.org"))

    response = client.post(form_url(event), valid_data(email="p3@example.org"))

    assert response.status_code == 429
    assert "Trop de tentatives" in text_of(soup(response).find(id="erreurs"))
    assert soup(response).find(id="id_email")["value"] == "p3@example.org"
    assert Registration.objects.count() == 2


def test_rate_limit_per_email_whatever_the_ip(index, settings):
    from django.test import Client

    settings.RATE_LIMITS = settings.RATE_LIMITS | {"registration_email": (2, 600)}
    event = build_registration_event(index)
    statuses = [
        Client(REMOTE_ADDR=f"10.0.0.{number}")
        .post(form_url(event), valid_data(first_name=""))
        .status_code
        for number in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_the_ip_comes_from_the_trusted_proxy_only(index, settings):
    from django.test import Client

    settings.RATE_LIMITS = settings.RATE_LIMITS | {"registration_ip": (1, 600)}
    settings.TRUSTED_PROXY_COUNT = 1
    event = build_registration_event(index)
    client = Client()
    first = client.post(
        form_url(event), valid_data(first_name=""), HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    other_ip = client.post(
        form_url(event), valid_data(first_name=""), HTTP_X_FORWARDED_FOR="203.0.113.2"
    )
    spoofed = client.post(
        form_url(event),
        valid_data(first_name=""),
        HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.1",
    )

    assert (first.status_code, other_ip.status_code, spoofed.status_code) == (
        200,
        200,
        429,
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"registration_opens_at": "future"}, "Les inscriptions ouvrent le"),
        ({"registration_closes_at": "past"}, "Les inscriptions sont closes"),
        ({"status": EventStatus.CANCELLED}, "annulé"),
        ({"status": EventStatus.POSTPONED}, "reporté"),
        ({"capacity": 1, "waiting_list_enabled": False, "full": True}, "Complet"),
    ],
)
def test_closed_states_show_no_form_and_record_nothing(client, index, fields, expected):
    now = timezone.now()
    fields = dict(fields)
    if fields.get("registration_opens_at") == "future":
        fields["registration_opens_at"] = now + timedelta(days=2)
    if fields.get("registration_closes_at") == "past":
        fields["registration_opens_at"] = now - timedelta(days=3)
        fields["registration_closes_at"] = now - timedelta(days=1)
    full = fields.pop("full", False)
    event = build_registration_event(index, **fields)
    if full:
        register(event, email="first@example.org")

    page = client.get(form_url(event))
    client.post(form_url(event), valid_data())

    assert not soup(page).find("form", class_="registration-form")
    assert expected in text_of(soup(page).find("main"))
    assert not Registration.objects.filter(email="camille.martin@example.org").exists()


def test_past_events_take_no_registration(client, index):
    event = build_registration_event(index, days=-2)

    client.post(form_url(event), valid_data())

    assert not Registration.objects.exists()


def test_an_event_without_registration_has_no_form_page(client, index):
    event = build_event(index)

    page = client.get(form_url(event))

    assert not soup(page).find("form", class_="registration-form")


def test_internal_events_are_not_found_for_the_public(client, index):
    event = build_registration_event(index, audience="internal")

    assert client.get(form_url(event)).status_code == 404
    assert client.post(form_url(event), valid_data()).status_code == 404


def test_an_unpublished_event_takes_no_more_registrations(client, index):
    event = build_registration_event(index)
    assert client.get(form_url(event)).status_code == 200

    event.unpublish()

    assert client.get(form_url(event)).status_code == 404
    assert client.post(form_url(event), valid_data()).status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.parametrize("restricted", ["event", "index"])
def test_a_restricted_events_form_sends_to_its_page_until_passed(
    client, index, django_user_model, restricted
):
    event = build_registration_event(index)
    PageViewRestriction.objects.create(
        page=event if restricted == "event" else index,
        restriction_type=PageViewRestriction.LOGIN,
    )

    refused = client.post(form_url(event), valid_data())
    client.force_login(django_user_model.objects.create_user("camille"))
    allowed = client.get(form_url(event))

    assert refused.status_code == 302
    assert refused["Location"] == event.url
    assert not Registration.objects.exists()
    assert allowed.status_code == 200
    assert soup(allowed).find("form", class_="registration-form")


def queries_for(client, method, url, data=None) -> int:
    with count_queries() as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302)
    return len(queries)


def test_form_and_submission_run_a_constant_number_of_queries(client, index):
    """Rendering the form, serving it from the cache and registering."""
    small = build_registration_event(index, sessions=2)
    large = build_registration_event(index, sessions=12)
    for number in range(30):
        register(large, email=f"p{number}@example.org")
    cache.clear()
    client.get(form_url(build_registration_event(index)))  # site caches

    get_small = queries_for(client, "get", form_url(small))
    get_large = queries_for(client, "get", form_url(large))
    cached_get = queries_for(client, "get", form_url(large))
    first = {
        event: str(event.sessions.order_by("starts_at", "pk").first().pk)
        for event in (small, large)
    }
    post_small = queries_for(
        client,
        "post",
        form_url(small),
        valid_data(email="a@example.org", slot_1=first[small]),
    )
    post_large = queries_for(
        client,
        "post",
        form_url(large),
        valid_data(email="b@example.org", slot_1=first[large]),
    )
    assert (
        Registration.objects.filter(
            email__in=["a@example.org", "b@example.org"]
        ).count()
        == 2
    )

    assert get_small == get_large <= 9
    assert cached_get <= 3
    assert post_small == post_large <= 20


def test_the_form_reads_no_seats_while_people_join_the_waiting_list(client, index):
    """A rush on a full event: the seats counted once serve every form."""
    event = build_registration_event(index, capacity=1, waiting_list_enabled=True)
    register(event, email="premier@example.org")
    client.get(form_url(event))  # counts the seats, renders the form

    joined = client.post(form_url(event), valid_data(email="deux@example.org"))
    with count_queries() as queries:
        form = client.get(form_url(event))

    assert joined.status_code == 302
    assert Registration.objects.get(email="deux@example.org").status == (
        RegistrationStatus.WAITLISTED
    )
    assert form.status_code == 200
    assert len(queries) == 0


def test_the_blank_form_is_shared_but_each_visitor_gets_their_own_token(
    index, django_capture_on_commit_callbacks
):
    from django.test import Client

    event = build_registration_event(index, capacity=10)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    tokens = []
    for client in (first, second):
        page = soup(client.get(form_url(event)))
        tokens.append(page.find("input", {"name": "csrfmiddlewaretoken"})["value"])
    for number, (client, token) in enumerate(zip((first, second), tokens, strict=True)):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                form_url(event),
                valid_data(email=f"p{number}@example.org", csrfmiddlewaretoken=token),
            )
        assert response.status_code == 302

    assert tokens[0] != tokens[1]
    assert "8 places restantes" in text_of(soup(first.get(form_url(event))).main)


def seats_shown(client, event) -> str:
    return text_of(soup(client.get(form_url(event))).select_one("main .notice"))


def test_the_seats_on_the_blank_form_lag_at_most_the_set_delay(client, index, settings):
    """During a rush the shared form is rendered once per delay, not once per
    registration; the seats are counted again when the form is sent."""
    settings.REGISTRATION_FORM_SEATS_LAG_SECONDS = 60
    event = build_registration_event(index, capacity=10)
    assert seats_shown(client, event) == "10 places restantes."

    register(event, email="une@example.org")
    within_the_delay = seats_shown(client, event)
    settings.REGISTRATION_FORM_SEATS_LAG_SECONDS = 0
    after_the_delay = seats_shown(client, event)

    assert within_the_delay == "10 places restantes."
    assert after_the_delay == "9 places restantes."


def test_a_full_event_shows_on_the_blank_form_at_once(client, index, settings):
    settings.REGISTRATION_FORM_SEATS_LAG_SECONDS = 60
    event = build_registration_event(index, capacity=1, waiting_list_enabled=True)
    assert seats_shown(client, event) == "1 place restante."

    register(event, email="une@example.org")

    assert "liste d’attente" in seats_shown(client, event)


def test_the_form_finds_the_site_in_the_cache(client, index):
    event = build_registration_event(index)
    build_portal_settings(index.get_site())
    client.get(form_url(event))  # the site of the host, cached

    with count_queries() as queries:
        response = client.post(form_url(event), valid_data(email="pas-une-adresse"))

    assert response.status_code == 200  # the form, again, with its errors
    assert not [sql for sql in queries.statements if "wagtailcore_site" in sql]


def test_a_visitors_message_never_enters_the_shared_form(index):
    from django.test import Client

    event = build_registration_event(index)
    with_message = Client()
    with_message.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.INFO, "Message pour une seule personne")]
    )

    with_message.get(form_url(event))
    other = Client().get(form_url(event))

    assert "Message pour une seule personne" not in other.content.decode()
