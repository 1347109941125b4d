"""Time telling 50,000 subscribers of a news item through the tasks.

Run with `make bench-notify` (or `.venv/bin/python bench/news_notification.py`).
It fills a fresh SQLite file (var/bench-notify/bench.sqlite3) or, when
BENCH_POSTGRES_URL is set (e.g. postgres://postgres@127.0.0.1:5432), the
recreated PostgreSQL database `portal_bench_notify`, with BENCH_SUBSCRIBERS
confirmed subscribers (default 50,000; a third chose the news item's theme, a
third another theme, a third none), with the database task backend
(django-tasks-db) and anymail's test mailer, as a worker runs them. Then:

1. publishes the news item (what the editor's request does: the notification
   row and the planning task enqueued) and times it;
2. runs the planning task (one read of the subscribers, one batch task per
   100 of them, spaced to respect NEWS_NOTIFICATIONS_PER_MINUTE) and times
   the enqueueing: target under 10 s;
3. runs every batch task and every send task in this process, as a worker
   would (ignoring the spacing), and prints the throughput in emails per
   second, with the peak resident memory.
"""

import os
import resource
import sys
import time

from fresh_database import ROOT, use_fresh_database

WORKDIR = ROOT / "var" / "bench-notify"
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "50000"))
DATABASE = "portal_bench_notify"
ENQUEUE_TARGET_S = 10


def fill(count: int):
    """The news index, two themes and ``count`` confirmed subscribers;
    returns the unpublished news item and its theme."""
    from django.utils import timezone

    from news.subscriptions.models import Subscription, SubscriptionStatus
    from tests.factories import build_home_page, build_theme
    from tests.news.factories import build_news, build_news_index

    index = build_news_index(build_home_page())
    theme, other = build_theme(), build_theme()
    now = timezone.now()
    subscriptions = Subscription.objects.bulk_create(
        (
            Subscription(
                email=f"personne{number}@example.org",
                status=SubscriptionStatus.CONFIRMED,
                consent_notice_version="1.1",
                consented_at=now,
                requested_at=now,
                confirmed_at=now,
            )
            for number in range(count)
        ),
        batch_size=1000,
    )
    Subscription.themes.through.objects.bulk_create(
        (
            Subscription.themes.through(
                subscription_id=subscription.pk,
                theme_id=(theme if number % 3 == 0 else other).pk,
            )
            for number, subscription in enumerate(subscriptions)
            if number % 3 != 2
        ),
        batch_size=1000,
    )
    news = build_news(index, publish=False, title="Retour sur la journée")
    news.themes.set([theme])
    return news


def run_due_tasks(task_path: str) -> int:
    """Run the queued tasks of ``task_path`` here, as a worker would."""
    from django_tasks_db.models import DBTaskResult

    ran = 0
    queued = DBTaskResult.objects.filter(task_path=task_path, status="READY")
    for result in queued.iterator():
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        ran += 1
    queued.update(status="SUCCESSFUL")
    return ran


def main() -> int:
    engine = use_fresh_database(workdir=WORKDIR, postgres_name=DATABASE)

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ).enable()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    news = fill(SUBSCRIBERS)
    print(
        f"{SUBSCRIBERS:,} confirmed subscribers on "
        f"{engine}, "
        f"ready in {time.perf_counter() - started:.0f} s"
    )

    from news.notifications.models import PublicationNotification
    from news.notifications.services import notification_plan

    started = time.perf_counter()
    with transaction.atomic():
        news.save_revision().publish()
    publish_s = time.perf_counter() - started
    notification = PublicationNotification.objects.get(page=news)

    started = time.perf_counter()
    recipients = notification_plan(notification_id=notification.pk)
    enqueue_s = time.perf_counter() - started

    started = time.perf_counter()
    batches = run_due_tasks("news.notifications.tasks.notification_batch_task")
    queue_s = time.perf_counter() - started
    started = time.perf_counter()
    sent = run_due_tasks("outbox.tasks.send_email_task")
    send_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    per_minute = settings.NEWS_NOTIFICATIONS_PER_MINUTE
    print(f"publish (the editor's request):          {publish_s:8.2f} s")
    print(
        f"plan: {recipients:,} recipients in {batches:,} batch tasks: "
        f"{enqueue_s:8.2f} s (target under {ENQUEUE_TARGET_S} s)"
    )
    print(
        f"batches: {recipients:,} emails into the outbox: {queue_s:8.2f} s "
        f"({recipients / queue_s:,.0f}/s)"
    )
    print(
        f"send tasks (anymail's test backend): {sent:,} in {send_s:.2f} s "
        f"({sent / send_s:,.0f}/s)"
    )
    print(
        f"spacing at NEWS_NOTIFICATIONS_PER_MINUTE={per_minute}: the last batch "
        f"runs {recipients / per_minute:,.0f} min after the first"
    )
    print(f"peak resident memory: {peak_mb:.0f} MB")
    met = enqueue_s < ENQUEUE_TARGET_S and publish_s < 1
    print(f"enqueueing target: {'met' if met else 'missed'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
