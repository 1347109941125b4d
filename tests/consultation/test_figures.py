"""The consultation in figures, read from the results page as a visitor sees
it, against hand-built events, registrations and check-ins."""

import pytest
from django.utils import timezone, translation

from consultation.figures.disclosure import THRESHOLD
from events.models import Audience, EventStatus, SessionKind
from events.registrations.attendance import (
    registration_add_walk_in,
    registration_mark_attendance,
)
from events.registrations.choices import Attendance, OrganisationType, ParticipantType
from events.registrations.models import Registration
from events.registrations.services import registration_cancel
from privacy.services import registrations_anonymise
from tests.consultation.factories import build_held_event, build_results_page
from tests.consultation.pages import chart_data, key_figures
from tests.events.factories import build_event, build_kind, build_territory
from tests.events.registrations.factories import register
from tests.factories import build_theme

pytestmark = pytest.mark.django_db


def label(choice) -> str:
    with translation.override("fr"):
        return str(choice.label)


def people(count, **fields):
    return [dict(fields) for _ in range(count)]


def mark(event, attendance, *, emails):
    for registration in Registration.objects.filter(event=event, email__in=emails):
        registration_mark_attendance(registration=registration, attendance=attendance)


@pytest.fixture
def results(home_page):
    return build_results_page(home_page)


def test_present_people_count_where_attendance_was_recorded(
    client, events_index, results
):
    checked_in = build_held_event(
        events_index,
        people=[{"seats": 2}, {"seats": 1}, {"seats": 3}, {"seats": 1}],
    )
    mark(checked_in, Attendance.PRESENT, emails=["personne0@example.org"])
    mark(checked_in, Attendance.ABSENT, emails=["personne1@example.org"])
    registration_add_walk_in(event=checked_in, first_name="Léa", last_name="Roux")
    build_held_event(events_index, people=[{"seats": 4}, {"seats": 3}])

    figures = key_figures(client.get(results.url))

    # Checked in: 2 present + 1 walk-in; the 3 + 1 unmarked seats do not
    # count. Not checked in: 4 + 3 registered seats.
    assert figures["participants"] == "10"
    assert figures["registered"] == "15"  # 2 + 1 + 3 + 1 + 1 + 4 + 3
    assert figures["present"] == f"< {THRESHOLD}"  # 3
    assert figures["events"] == "2"


def test_without_any_check_in_registrations_count_and_present_is_not_shown(
    client, events_index, results
):
    build_held_event(events_index, people=[{"seats": 3}, {"seats": 3}])

    figures = key_figures(client.get(results.url))

    assert figures["participants"] == "6"
    assert "present" not in figures


def test_only_held_events_and_confirmed_registrations_count(
    client, events_index, results
):
    held = build_held_event(events_index, people=people(6))
    registration_cancel(registration=Registration.objects.filter(event=held).first())
    build_held_event(events_index, people=people(7), status=EventStatus.CANCELLED)
    build_held_event(events_index, people=people(8), status=EventStatus.POSTPONED)
    upcoming = build_event(events_index, registration_required=True, capacity=50)
    for number in range(9):
        register(upcoming, email=f"future{number}@example.org")
    unpublished = build_held_event(events_index, people=people(10))
    unpublished.unpublish()

    figures = key_figures(client.get(results.url))

    assert figures["participants"] == "5"
    assert figures["events"] == "1"


def test_internal_events_count_only_where_the_page_says_so(
    client, home_page, events_index
):
    build_held_event(events_index, people=people(6))
    build_held_event(events_index, people=people(7), audience=Audience.INTERNAL)
    public_only = build_results_page(home_page)
    with_internal = build_results_page(
        home_page, slug="resultats-agents", figures_include_internal_events=True
    )

    assert key_figures(client.get(public_only.url))["participants"] == "6"
    response = client.get(with_internal.url)
    assert key_figures(response)["participants"] == "13"
    assert key_figures(response)["events"] == "2"


def test_anonymised_registrations_still_count(client, events_index, results):
    territory = build_territory(name="Loiret", slug="loiret", insee_code="45")
    event = build_held_event(
        events_index,
        people=[
            *people(
                3,
                territory=territory,
                participant_type=ParticipantType.ESS_ORGANISATION,
                organisation_name="SCOP Bois et Savoir-faire",
                organisation_type=OrganisationType.COOPERATIVE,
            ),
            {
                "territory": territory,
                "participant_type": ParticipantType.ESS_ORGANISATION,
                # The same organisation, typed otherwise.
                "organisation_name": "scop bois & savoir faire ",
                "organisation_type": OrganisationType.COOPERATIVE,
                "seats": 3,
            },
        ],
    )
    before = client.get(results.url)
    registrations_anonymise(
        registration_ids=list(
            Registration.objects.filter(event=event).values_list("pk", flat=True)[:2]
        ),
        now=timezone.now(),
    )
    after = client.get(results.url)

    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 2
    for response in (before, after):
        assert key_figures(response)["participants"] == "6"
        territories = chart_data(response, "chart-participants-by-territory")
        assert territories.rows == {"Loiret": "6"}
        organisations = chart_data(response, "chart-organisations-by-type")
        assert organisations.rows == {label(OrganisationType.COOPERATIVE): "< 5"}
        assert organisations.total == "< 5"


def test_small_counts_are_hidden_and_cannot_be_worked_out_from_the_total(
    client, events_index, results
):
    build_held_event(
        events_index,
        people=people(10, participant_type=ParticipantType.CITIZEN)
        + people(3, participant_type=ParticipantType.COMPANY)
        + people(6, participant_type=ParticipantType.PUBLIC_BODY),
    )

    response = client.get(results.url)
    chart = chart_data(response, "chart-participants-by-type")

    assert chart.rows == {
        label(ParticipantType.CITIZEN): "10",
        label(ParticipantType.PUBLIC_BODY): "≥ 5",
        label(ParticipantType.COMPANY): "< 5",
    }
    assert chart.total == "19"


def test_two_small_counts_need_no_other_count_hidden(client, events_index, results):
    build_held_event(
        events_index,
        people=people(10, participant_type=ParticipantType.CITIZEN)
        + people(3, participant_type=ParticipantType.COMPANY)
        + people(2, participant_type=ParticipantType.OTHER),
    )

    chart = chart_data(client.get(results.url), "chart-participants-by-type")

    assert chart.rows == {
        label(ParticipantType.CITIZEN): "10",
        label(ParticipantType.COMPANY): "< 5",
        label(ParticipantType.OTHER): "< 5",
    }


def test_events_by_kind_and_workshops_by_theme(client, events_index, results):
    visit = build_kind(name="Visite apprenante", slug="visite", sort_order=1)
    half_day = build_kind(name="Demi-journée", slug="demi-journee", sort_order=0)
    finance = build_theme(name="Finances solidaires", slug="finances")
    youth = build_theme(name="Jeunesse", slug="jeunesse")
    workshop_day = build_held_event(events_index, kind=half_day, sessions=3)
    sessions = list(workshop_day.sessions.order_by("pk"))
    for session, theme in zip(sessions, [finance, youth, finance], strict=True):
        session.kind = SessionKind.WORKSHOP
        session.theme = theme
        session.save()
    build_held_event(events_index, kind=visit)
    build_held_event(events_index, kind=visit)

    response = client.get(results.url)

    assert chart_data(response, "chart-events-by-kind").rows == {
        "Demi-journée": "1",
        "Visite apprenante": "2",
    }
    workshops = chart_data(response, "chart-workshops-by-theme")
    assert workshops.rows == {"Finances solidaires": "2", "Jeunesse": "1"}
    assert workshops.total == "3"


def test_a_check_in_updates_the_cached_figures(
    client, events_index, results, django_capture_on_commit_callbacks
):
    event = build_held_event(events_index, people=people(8))
    assert key_figures(client.get(results.url))["participants"] == "8"

    # A change that bypasses the services is not seen: the figures are cached.
    Registration.objects.filter(pk=Registration.objects.first().pk).update(seats=2)
    assert key_figures(client.get(results.url))["participants"] == "8"

    present = [f"personne{number}@example.org" for number in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        mark(event, Attendance.PRESENT, emails=present)

    # personne0 now has 2 seats: 2 + 5 present.
    assert key_figures(client.get(results.url))["participants"] == "7"


def test_registering_for_an_event_to_come_keeps_the_cached_figures(
    client, events_index, results, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from consultation.figures.cache import KEY

    build_held_event(events_index, people=people(8))
    client.get(results.url)  # computes and caches the figures
    upcoming = build_event(events_index, registration_required=True)

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(upcoming, email="nouvelle@example.org").registration
    kept = cache.get(KEY.format(False))
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)
    dropped = cache.get(KEY.format(False))

    assert kept is not None
    assert dropped is None
