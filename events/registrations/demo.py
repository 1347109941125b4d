"""Demo registrations: fictitious people on the demo's events.

Past events get a realistic crowd with the attendance recorded on the day
(about one person in six did not come), so that lists, exports, sign-in
sheets and statistics have something to show; the upcoming plenary example
gets forty people to try check-in with (the other examples stay empty, for
trying registration). Every address is on
``exemple.invalid`` (RFC 2606: nothing is ever delivered there) and no email
is sent. Registrations of events older than the retention period are
anonymised by the periodic privacy task, as real ones would be; the counts
and the attendance stay.

Deterministic (a seeded random generator); an event that already has
registrations is left as it is.
"""

import random
from datetime import timedelta
from itertools import groupby

from django.utils import timezone
from django.utils.text import slugify

from events.models import EventPage
from events.registrations.choices import (
    Attendance,
    OrganisationType,
    ParticipantType,
    RegistrationStatus,
)
from events.registrations.models import Registration, RegistrationSession
from home.demo.helpers import report
from home.models import Territory

DEMO_DOMAIN = "exemple.invalid"
PAST_EVENT_CROWD = (24, 40)
UPCOMING_EXAMPLE_SLUG = "exemple-pleniere-de-restitution"
UPCOMING_EXAMPLE_CROWD = 40
ABSENT_ONE_IN = 6

FIRST_NAMES = [
    "Camille", "Dominique", "Claude", "Sacha", "Lucie", "Hugo", "Inès", "Karim",
    "Léa", "Mathis", "Nadia", "Olivier", "Pauline", "Quentin", "Rose", "Samir",
    "Théo", "Yasmine", "Zoé", "Bernard", "Chantal", "Fatou", "Gaël", "Hélène",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand",
    "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy",
    "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet",
    "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure",
]  # fmt: skip
ORGANISATIONS = [
    ("Association Les Jardins partagés du Cher", OrganisationType.ASSOCIATION),
    ("SCIC Énergies citoyennes du Loiret", OrganisationType.COOPERATIVE),
    ("SCOP Bois et Savoir-faire", OrganisationType.COOPERATIVE),
    ("Mutuelle solidaire du Centre", OrganisationType.MUTUAL),
    ("Fondation Val de Loire Initiatives", OrganisationType.FOUNDATION),
    ("Ressourcerie La Deuxième Vie", OrganisationType.ESS_COMPANY),
    ("Épicerie solidaire Le Panier commun", OrganisationType.ASSOCIATION),
    ("Tiers-lieu La Fabrique des possibles", OrganisationType.ASSOCIATION),
]
PUBLIC_BODIES = ["Communauté de communes du Pithiverais", "Mairie de Châteauroux"]
COMPANIES = ["Imprimerie Berry Impressions", "Transports Val Mobilité"]


def load_demo_content(*, stdout) -> int:
    generator = random.Random(2024)
    territories = list(Territory.objects.all())
    now = timezone.now()
    created = 0
    events = EventPage.objects.exclude(registrations__isnull=False).order_by("pk")
    for event in events.prefetch_related("sessions"):
        if event.ends_at < now:
            crowd = generator.randint(*PAST_EVENT_CROWD)
        elif event.slug == UPCOMING_EXAMPLE_SLUG:
            crowd = UPCOMING_EXAMPLE_CROWD
        else:
            continue
        created += _register_crowd(
            event, crowd, generator=generator, territories=territories, now=now
        )
    return report(stdout, "Demo registrations", created)


def _register_crowd(event, crowd, *, generator, territories, now) -> int:
    """``crowd`` confirmed registrations, within the event's and its sessions'
    capacities, one session per time slot."""
    slots = [
        list(sessions)
        for _start, sessions in groupby(
            sorted(event.sessions.all(), key=lambda s: (s.starts_at, s.pk)),
            key=lambda s: s.starts_at,
        )
    ]
    taken = {session.pk: 0 for slot in slots for session in slot}
    seats_taken = created = 0
    past = event.ends_at < now
    registered_at = event.starts_at - timedelta(days=20)
    for number in range(crowd):
        person = _person(generator, territories, number)
        seats = 2 if person["organisation_name"] and generator.random() < 0.2 else 1
        if event.capacity is not None and seats_taken + seats > event.capacity:
            break
        chosen = []
        for slot in slots:
            open_sessions = [
                s
                for s in slot
                if s.capacity is None or taken[s.pk] + seats <= s.capacity
            ]
            if open_sessions:
                chosen.append(generator.choice(open_sessions))
        registration = Registration.objects.create(
            event=event,
            seats=seats,
            companions=["Collègue de " + person["first_name"]] if seats == 2 else [],
            status=RegistrationStatus.CONFIRMED,
            consent_notice_version="demo",
            consented_at=registered_at,
            news_opt_in=generator.random() < 0.4,
            attendance=_attendance(generator) if past else Attendance.UNKNOWN,
            attendance_recorded_at=event.starts_at if past else None,
            **person,
        )
        RegistrationSession.objects.bulk_create(
            RegistrationSession(registration=registration, session=session)
            for session in chosen
        )
        for session in chosen:
            taken[session.pk] += seats
        seats_taken += seats
        created += 1
    return created


def _attendance(generator) -> str:
    if generator.randrange(ABSENT_ONE_IN) == 0:
        return Attendance.ABSENT
    return Attendance.PRESENT


def _person(generator, territories, number) -> dict:
    first_name = generator.choice(FIRST_NAMES)
    last_name = generator.choice(LAST_NAMES)
    participant_type = generator.choices(
        [
            ParticipantType.ESS_ORGANISATION,
            ParticipantType.CITIZEN,
            ParticipantType.PUBLIC_BODY,
            ParticipantType.COMPANY,
            ParticipantType.OTHER,
        ],
        weights=[50, 25, 15, 7, 3],
    )[0]
    organisation_name, organisation_type = "", ""
    if participant_type == ParticipantType.ESS_ORGANISATION:
        organisation_name, organisation_type = generator.choice(ORGANISATIONS)
    elif participant_type == ParticipantType.PUBLIC_BODY:
        organisation_name = generator.choice(PUBLIC_BODIES)
    elif participant_type == ParticipantType.COMPANY:
        organisation_name = generator.choice(COMPANIES)
    address = f"{slugify(first_name)}.{slugify(last_name)}.{number}@{DEMO_DOMAIN}"
    return {
        "first_name": first_name,
        "last_name": last_name,
        "email": address,
        "participant_type": participant_type,
        "organisation_name": organisation_name,
        "organisation_type": organisation_type,
        "territory": generator.choice(territories) if territories else None,
    }
