"""Check-in on the day (issue #6): the signed code of a confirmed
registration, the page it opens for organisers and for everyone else, the
organisers' check-in list of an event, walk-ins, and the code in the
confirmation email and on the management page."""

import email
import email.policy
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from events.registrations.attendance import (
    WALK_IN_EMAIL_DOMAIN,
    registration_add_walk_in,
    registration_mark_attendance,
)
from events.registrations.checkin import (
    checkin_path,
    checkin_token,
    registration_for_checkin_token,
)
from events.registrations.choices import Attendance, RegistrationStatus
from events.registrations.models import Registration
from events.registrations.qr_codes import qr_png, qr_svg
from events.registrations.services import registration_cancel
from events.registrations.tokens import management_path, management_token
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
    build_staff_member,
)
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

ROOT_URL = "http://localhost"


@pytest.fixture
def event(index):
    return build_registration_event(index, sessions=2, title="Atelier ESS")


@pytest.fixture
def registration(event):
    session = event.sessions.order_by("pk").first()
    return register(
        event, organisation_name="Coop du Cher", sessions=[session]
    ).registration


def scan_url(registration) -> str:
    return checkin_path(registration)


def list_url(event) -> str:
    return reverse("organisers_checkin", args=[event.pk])


def attendance_url(registration) -> str:
    return reverse(
        "organisers_checkin_attendance",
        args=[registration.event_id, registration.pk],
    )


def walk_in_url(event) -> str:
    return reverse("organisers_checkin_walk_in", args=[event.pk])


# The code ------------------------------------------------------------------


def test_the_token_is_signed_holds_nothing_personal_and_differs_from_the_link(
    registration,
):
    token = checkin_token(registration)
    public_id, signature = token.split(":")

    assert public_id == registration.public_id.hex
    assert registration.email not in token and len(signature) >= 27
    assert token != management_token(registration)
    assert registration_for_checkin_token(token) == registration
    # Neither token opens the other's page.
    assert registration_for_checkin_token(management_token(registration)) is None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "0" * 32 + ":" + token.split(":")[1],
        lambda token: token.split(":")[0],
        lambda token: "n'importe-quoi",
    ],
)
def test_a_forged_token_designates_nobody(registration, mangle):
    assert registration_for_checkin_token(mangle(checkin_token(registration))) is None


# The scanned page ---------------------------------------------------------


def neutral(response) -> bool:
    page = soup(response)
    main = page.find("main")
    return (
        response.status_code == 200
        and page.find("h1") is not None
        and len(main.find_all("p")) == 1
        and not main.find("form")
        and "no-store" in response["Cache-Control"]
        and response["X-Robots-Tag"] == "noindex"
        and page.find("meta", attrs={"name": "robots", "content": "noindex"})
    )


NOT_ORGANISERS = {
    "anonymous": None,
    "communication": build_communication_member,
    "staff member": build_staff_member,
    "the person, with an account": lambda: build_admin_user("camille"),
}


@pytest.mark.parametrize("who", NOT_ORGANISERS)
def test_anyone_but_an_organiser_sees_the_same_neutral_page(client, registration, who):
    if NOT_ORGANISERS[who]:
        user = NOT_ORGANISERS[who]()
        if who.startswith("the person"):
            Registration.objects.filter(pk=registration.pk).update(user=user)
        client.force_login(user)
    real = client.get(scan_url(registration))
    forged = client.get("/pointage/" + "0" * 32 + ":faux/")
    posted = client.post(scan_url(registration), {"attendance": "present"})

    assert neutral(real) and neutral(forged) and neutral(posted)
    assert real.content == forged.content
    for response in (real, posted):
        content = response.content.decode()
        assert registration.first_name not in content
        assert "Coop du Cher" not in content and "Atelier ESS" not in content
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNKNOWN


def test_an_organiser_without_two_factor_is_sent_to_turn_it_on(client, registration):
    client.force_login(build_organiser(two_factor=False))

    response = client.get(scan_url(registration))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organisers_two_factor_required"))


@pytest.mark.parametrize(
    "build",
    [
        build_organiser,
        lambda: build_admin_user("root", is_superuser=True, two_factor=True),
    ],
)
def test_an_organiser_sees_the_person_and_checks_them_in_once(
    client, registration, build
):
    client.force_login(build())

    page = soup(client.get(scan_url(registration)))
    facts = text_of(page.find("main"))
    assert "Camille" in facts and "Coop du Cher" in facts and "Atelier ESS" in facts
    assert "Atelier 1" in facts  # the chosen session
    form = page.find("main").find("form", method="post")
    assert form.find("input", attrs={"name": "attendance"})["value"] == "present"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})

    first = client.post(scan_url(registration), {"attendance": "present"})
    registration.refresh_from_db()
    assert first.status_code == 200
    assert registration.attendance == Attendance.PRESENT
    recorded = timezone.localtime(registration.attendance_recorded_at)
    assert recorded.strftime("%H:%M") in text_of(soup(first).find(id="checkin-result"))

    # A second scan, or a second tap, changes nothing and says when.
    for again in (
        client.get(scan_url(registration)),
        client.post(scan_url(registration), {"attendance": "present"}),
    ):
        result = soup(again).find(id="checkin-result")
        assert result.find_parent(attrs={"role": "status"})
        assert recorded.strftime("%H:%M") in text_of(result)
        undo = soup(again).find("main").find("form", method="post")
        assert undo.find("input", attrs={"name": "attendance"})["value"] == ""
    registration.refresh_from_db()
    assert registration.attendance_recorded_at == recorded

    client.post(scan_url(registration), {"attendance": ""})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNKNOWN


def test_an_organiser_is_told_of_an_unknown_code_and_a_cancelled_one(
    client, registration
):
    client.force_login(build_organiser())

    assert client.get("/pointage/" + "0" * 32 + ":faux/").status_code == 404
    registration_cancel(registration=registration)
    response = client.get(scan_url(registration))
    assert response.status_code == 200
    assert not soup(response).find("main").find("form", method="post")
    client.post(scan_url(registration), {"attendance": "present"})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNKNOWN


@override_settings(PERSONAL_DATA_WITHOUT_TWO_FACTOR=["admin"])
def test_the_development_exemption_opens_the_scanned_page(client, registration):
    client.force_login(build_admin_user("admin", is_superuser=True))

    response = client.get(scan_url(registration))

    assert soup(response).find("main").find("form", method="post")


# The organisers' check-in list -------------------------------------------


# who → (status of the list, status of a check-in, status of a walk-in)
MATRIX = {
    "anonymous": (302, 302, 302),
    "communication": (302, 302, 302),
    "staff member": (302, 302, 302),
    "organiser without two-factor": (302, 302, 302),
    "organiser": (200, 302, 302),
    "superuser": (200, 302, 302),
}
USERS = {
    "anonymous": None,
    "communication": build_communication_member,
    "staff member": build_staff_member,
    "organiser without two-factor": lambda: build_organiser(two_factor=False),
    "organiser": build_organiser,
    "superuser": lambda: build_admin_user("root", is_superuser=True, two_factor=True),
}
ALLOWED = {"organiser", "superuser"}
WALK_IN = {"first_name": "Sam", "last_name": "Durand", "participant_type": "citizen"}


@pytest.mark.parametrize("who", MATRIX)
def test_who_may_use_the_check_in_list(client, event, registration, who):
    if USERS[who]:
        client.force_login(USERS[who]())

    listing = client.get(list_url(event))
    checked = client.post(attendance_url(registration), {"attendance": "present"})
    walk_in = client.post(walk_in_url(event), WALK_IN)

    statuses = (listing.status_code, checked.status_code, walk_in.status_code)
    assert statuses == MATRIX[who]
    registration.refresh_from_db()
    walked_in = Registration.objects.filter(last_name="Durand").exists()
    assert (registration.attendance == Attendance.PRESENT) == (who in ALLOWED)
    assert walked_in == (who in ALLOWED)
    if who not in ALLOWED:
        assert "Camille" not in listing.content.decode()
        location = checked["Location"]
        assert location.startswith(("/admin/login/", "/admin/"))
        if who == "organiser without two-factor":
            assert location.startswith(reverse("organisers_two_factor_required"))
    else:
        assert walk_in["Location"].startswith(list_url(event))
        assert checked["Location"].endswith(f"#registration-{registration.pk}")


@pytest.fixture
def organiser_client(client):
    client.force_login(build_organiser())
    return client


def rows(response) -> list:
    return soup(response).select(".checkin__list > li")


def counts(response) -> list[str]:
    """The numbers of "Present: N out of M confirmed", from its live region."""
    count = soup(response).find(id="checkin-count")
    assert count["role"] == "status" and count["aria-live"] == "polite"
    return [word for word in text_of(count).split() if word.isdigit()]


def test_the_list_shows_confirmed_people_and_counts_those_present(
    organiser_client, event, registration
):
    other = register(event, email="b@example.org", first_name="Bertrand").registration
    register(event, email="c@example.org", first_name="Chloé")
    cancelled = register(event, email="d@example.org").registration
    registration_cancel(registration=cancelled)

    before = organiser_client.get(list_url(event))
    assert len(rows(before)) == 3
    assert counts(before) == ["0", "3"]

    organiser_client.post(attendance_url(other), {"attendance": "present"})
    after = organiser_client.get(list_url(event))
    assert counts(after) == ["1", "3"]
    row = soup(after).find(id=f"registration-{other.pk}")
    assert row.find("input", attrs={"name": "attendance"})["value"] == ""
    # The button names the person for screen readers.
    assert "Bertrand" in text_of(row.find("button"))

    organiser_client.post(attendance_url(other), {"attendance": ""})
    assert counts(organiser_client.get(list_url(event))) == ["0", "3"]


def test_a_second_tap_is_harmless(organiser_client, registration):
    for _ in range(2):
        response = organiser_client.post(
            attendance_url(registration), {"attendance": "present", "q": "cam"}
        )
        assert response.status_code == 302
        assert "q=cam" in response["Location"]
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT


def test_the_search_finds_names_and_organisations_with_a_plain_get_form(
    organiser_client, event, registration
):
    register(event, email="b@example.org", first_name="Bertrand", last_name="Roy")
    register(event, email="c@example.org", first_name="Chloé", organisation_name="Scic")

    def found(query):
        response = organiser_client.get(list_url(event), {"q": query})
        return sorted(row["id"] for row in rows(response))

    page = soup(organiser_client.get(list_url(event)))
    search = page.find("form", role="search")
    assert search["method"] == "get" and search.find(
        "label", attrs={"for": "checkin-q"}
    )
    assert found("camille martin") == [f"registration-{registration.pk}"]
    assert found("COOP") == [f"registration-{registration.pk}"]
    assert len(found("roy")) == 1 and len(found("scic")) == 1
    assert found("personne") == []
    assert len(found("")) == 3


def test_queries_stay_constant_as_registrants_grow(organiser_client, event):
    def queries() -> int:
        with count_queries() as counter:
            assert organiser_client.get(list_url(event)).status_code == 200
        return len(counter)

    register(event, email="p0@example.org")
    queries()  # fills what the site caches about its content
    few = queries()
    for number in range(1, 8):
        registration = register(event, email=f"p{number}@example.org").registration
        if number % 2:
            registration_mark_attendance(
                registration=registration, attendance=Attendance.PRESENT
            )

    assert queries() == few


# Walk-ins ------------------------------------------------------------------


def test_a_walk_in_is_confirmed_and_present_even_when_the_event_is_full(index):
    event = build_registration_event(index, capacity=1)
    register(event)

    walk_in = registration_add_walk_in(
        event=event, first_name=" Sam ", last_name="Durand", organisation_name="Asso"
    )

    assert walk_in.status == RegistrationStatus.CONFIRMED
    assert walk_in.attendance == Attendance.PRESENT
    assert walk_in.first_name == "Sam" and walk_in.attendance_recorded_at
    assert walk_in.email.endswith("@" + WALK_IN_EMAIL_DOMAIN)
    second = registration_add_walk_in(event=event, first_name="A", last_name="B")
    assert second.email != walk_in.email
    assert mail.outbox == []


def test_a_walk_in_with_the_email_of_a_registrant_is_refused(registration):
    with pytest.raises(Exception) as error:
        registration_add_walk_in(
            event=registration.event,
            first_name="Camille",
            last_name="Martin",
            email=" CAMILLE@example.org",
        )
    assert "email" in error.value.message_dict


def test_the_walk_in_form_adds_the_person_and_shows_its_errors(
    organiser_client, event, registration
):
    page = soup(organiser_client.get(list_url(event)))
    form = page.find("form", action=walk_in_url(event))
    for name in ("first_name", "last_name", "organisation_name", "email"):
        field = form.find(attrs={"name": name})
        assert form.find("label", attrs={"for": field["id"]})

    invalid = organiser_client.post(
        walk_in_url(event), {"first_name": "", "last_name": "", "email": "x"}
    )
    assert invalid.status_code == 400
    summary = soup(invalid).find(id="walk-in-errors")
    assert summary.has_attr("autofocus") and summary["role"] == "alert"
    first_name = soup(invalid).find(attrs={"name": "first_name"})
    assert first_name["aria-invalid"] == "true"
    assert soup(invalid).find(id=first_name["aria-describedby"].split()[-1])

    duplicate = organiser_client.post(
        walk_in_url(event),
        {
            "first_name": "C",
            "last_name": "M",
            "email": registration.email,
            "participant_type": "citizen",
        },
    )
    assert duplicate.status_code == 400
    assert soup(duplicate).find(id="walk-in-email_error")

    added = organiser_client.post(walk_in_url(event), WALK_IN)
    walk_in = Registration.objects.get(last_name="Durand")
    assert added["Location"].endswith(f"#registration-{walk_in.pk}")
    assert counts(organiser_client.get(list_url(event))) == ["1", "2"]


def test_the_walk_in_form_needs_the_add_permission(client, event):
    organiser = build_organiser()
    organiser.groups.first().permissions.remove(
        *organiser.groups.first().permissions.filter(codename="add_registration")
    )
    client.force_login(organiser)

    page = soup(client.get(list_url(event)))

    assert not page.find("form", action=walk_in_url(event))
    assert client.post(walk_in_url(event), {"first_name": "S"}).status_code == 302


# The code for the person ----------------------------------------------------


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(
        message.message().as_bytes(), policy=email.policy.default
    )


def test_the_confirmation_email_carries_the_code_and_its_link(
    index, django_capture_on_commit_callbacks
):
    event = build_registration_event(index)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event).registration

    [message] = [parsed(m) for m in mail.outbox]
    url = ROOT_URL + checkin_path(registration)
    [code] = [
        part for part in message.walk() if part.get_filename() == "code-pointage.png"
    ]
    assert code.get_content_disposition() == "attachment"
    assert code.get_content_type() == "image/png"
    png = code.get_payload(decode=True)
    assert png == qr_png(url)  # the code encodes the check-in link
    assert Image.open(io.BytesIO(png)).format == "PNG"
    for subtype in ("plain", "html"):
        assert url in message.get_body(preferencelist=(subtype,)).get_content()
    # The invite stays as it was, without any link of ours inside.
    [invite] = [p for p in message.walk() if p.get_filename() == "invitation.ics"]
    assert checkin_token(registration) not in invite.get_payload(decode=True).decode()


def test_a_waitlisted_person_gets_no_code(index, django_capture_on_commit_callbacks):
    event = build_registration_event(index, capacity=1, waiting_list_enabled=True)
    register(event)
    with django_capture_on_commit_callbacks(execute=True):
        register(event, email="second@example.org")

    [message] = [parsed(m) for m in mail.outbox if m.to == ["second@example.org"]]
    assert not [p for p in message.walk() if p.get_filename() == "code-pointage.png"]


def soup_of(markup):
    return BeautifulSoup(markup, "html.parser").find("svg")


def svg_path(svg) -> str:
    return svg.find("path")["d"]


def test_the_management_page_shows_the_code_while_it_is_of_use(
    client, index, registration
):
    response = client.get(management_path(registration))
    section = soup(response).find("section", attrs={"aria-labelledby": "checkin-code"})
    svg = section.find("svg")

    assert svg["role"] == "img" and svg["aria-label"]
    expected = soup_of(qr_svg("http://testserver" + scan_url(registration), label="x"))
    assert svg_path(svg) == svg_path(expected)

    past = build_registration_event(index, days=-2)
    Registration.objects.filter(pk=registration.pk).update(event=past)
    assert not soup(client.get(management_path(registration))).find("svg")
    waitlisted = register(
        build_registration_event(index), email="w@example.org"
    ).registration
    Registration.objects.filter(pk=waitlisted.pk).update(
        status=RegistrationStatus.WAITLISTED, waitlisted_at=timezone.now()
    )
    assert not soup(client.get(management_path(waitlisted))).find("svg")


def test_an_anonymised_registration_has_no_code(registration):
    token = checkin_token(registration)
    Registration.objects.filter(pk=registration.pk).update(
        anonymised_at=timezone.now() - timedelta(days=1)
    )
    assert registration_for_checkin_token(token) is None
