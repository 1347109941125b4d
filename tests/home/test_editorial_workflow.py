"""The "Relecture" workflow: Communication submits, reviewers approve (which
publishes) or ask for changes with a comment; everyone concerned is told by
email through the outbox; scheduled publication is done by the periodic task.
Driven through the admin's HTTP views, as editors use them."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import StandardPage
from home.tasks import publish_scheduled_pages_task
from organisers.roles import REVIEWERS
from outbox.models import OutgoingEmail
from tests.factories import build_standard_page
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
)

pytestmark = pytest.mark.django_db

OUTBOX_THEN_PROVIDER = {
    "default": {"BACKEND": "outbox.backends.OutboxEmailBackend"},
    "provider": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


@pytest.fixture(autouse=True)
def mail_through_the_outbox(settings):
    """The test runner swaps every mailer for locmem; restore the portal's
    routing: send_mail → outbox → task → provider."""
    settings.MAILERS = OUTBOX_THEN_PROVIDER


@pytest.fixture
def draft(home_page):
    page = build_standard_page(home_page, title="La concertation", live=False)
    page.save_revision()
    return page


@pytest.fixture
def reviewer(db):
    return build_admin_user("relectrice", groups=(REVIEWERS,), two_factor=True)


def edit(client, page, action: str, **fields):
    data = nested_form_data(
        {
            "title": fields.pop("title", page.title),
            "slug": page.slug,
            "introduction": fields.pop("introduction", ""),
            "body": streamfield([]),
            "comments": inline_formset([]),
            action: "1",
            **fields,
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def workflow_action(client, page, action: str, **data):
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, state.current_task_state.pk],
    )
    return client.post(url, data)


def mail_to(address: str) -> list:
    return [
        message_from_bytes(message.message().as_bytes(), policy=policy.default)
        for message in mail.outbox
        if address in message.to
    ]


def test_communication_cannot_publish_directly(client, draft):
    client.force_login(build_communication_member())

    edit(client, draft, "action-publish", title="Publiée sans relecture ?")

    draft.refresh_from_db()
    assert not draft.live
    assert draft.live_revision is None


def test_submitted_then_approved_page_is_published_and_people_are_told(
    client, draft, reviewer, django_capture_on_commit_callbacks
):
    author = build_communication_member()
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(
            client, draft, "action-submit", title="La concertation, expliquée"
        )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state.status == "in_progress"
    # The reviewer is asked to review, through the outbox, not in the request.
    assert OutgoingEmail.objects.filter(
        kind="notification", recipient=reviewer.email
    ).exists()
    [request] = mail_to(reviewer.email)
    assert "La concertation, expliquée" in request["Subject"]

    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, draft, "approve", comment="Parfait.")

    page = StandardPage.objects.get(pk=draft.pk)
    assert page.live
    assert page.title == "La concertation, expliquée"
    assert mail_to(author.email), "the author hears that the page is approved"


def test_changes_requested_with_a_comment_go_back_to_the_author(
    client, draft, reviewer, django_capture_on_commit_callbacks
):
    author = build_communication_member()
    client.force_login(author)
    edit(client, draft, "action-submit")
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(
            client, draft, "reject", comment="Ajoutez la date de la plénière."
        )

    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state.status == "needs_changes"
    [notice] = mail_to(author.email)
    assert "Ajoutez la date de la plénière." in notice.get_body().get_content()


def test_only_reviewers_approve(client, draft):
    client.force_login(build_communication_member())
    edit(client, draft, "action-submit")
    client.force_login(build_communication_member("collegue"))

    workflow_action(client, draft, "approve")

    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state.status == "in_progress"


def test_organisers_still_publish_events_and_pages_directly(client, draft):
    client.force_login(build_organiser())

    edit(client, draft, "action-publish", title="Publiée par l’organisatrice")

    draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Publiée par l’organisatrice"


def test_an_approved_page_with_a_go_live_date_is_published_by_the_periodic_task(
    client, draft, reviewer, monkeypatch
):
    client.force_login(build_communication_member())
    go_live = timezone.localtime() + timedelta(days=2)
    edit(client, draft, "action-submit", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    client.force_login(reviewer)
    workflow_action(client, draft, "approve")

    draft.refresh_from_db()
    assert not draft.live
    revision = draft.scheduled_revision
    assert revision is not None
    publish_scheduled_pages_task.enqueue()
    assert not Page.objects.get(pk=draft.pk).live, "not before its time"

    later = go_live + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    publish_scheduled_pages_task.enqueue()

    assert Page.objects.get(pk=draft.pk).live
