#!/bin/sh
# The container's entrypoint. The first argument picks a role:
#   web      wait for the database, migrate (unless MIGRATE_ON_START=0), then
#            serve with gunicorn (extra arguments go to gunicorn)
#   worker   wait for the database and its migrations, then run the task worker
#   scheduler  wait likewise, then enqueue the periodic tasks every
#            SCHEDULER_INTERVAL_SECONDS (default 60)
#   manage   run a management command: `manage createsuperuser`
# Anything else is executed as given (`sh`, `python`, ...).
set -eu

cd "$(dirname "$0")/.."

# Waits up to DATABASE_WAIT_SECONDS for the database; with the argument
# "migrations", also until no migration is left to apply (the web container
# applies them).
WAIT_FOR_DATABASE='
import os, sys, time

import django

django.setup()
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

deadline = time.monotonic() + int(os.environ.get("DATABASE_WAIT_SECONDS", "60"))
want_migrations = sys.argv[1:] == ["migrations"]
while True:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        if want_migrations:
            executor = MigrationExecutor(connection)
            targets = executor.loader.graph.leaf_nodes()
            if executor.migration_plan(targets):
                raise RuntimeError("migrations are not applied yet")
        sys.exit(0)
    except Exception as error:
        connection.close()
        if time.monotonic() > deadline:
            sys.exit(f"Gave up waiting for the database: {error}")
        print(f"Waiting for the database: {error}", file=sys.stderr)
        time.sleep(2)
'

wait_for_database() {
    python -c "$WAIT_FOR_DATABASE" "$@"
}

role="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$role" in
    web)
        wait_for_database
        if [ "${MIGRATE_ON_START:-1}" != "0" ]; then
            python manage.py migrate --noinput
        fi
        exec gunicorn -c docker/gunicorn.conf.py portal.wsgi "$@"
        ;;
    worker)
        wait_for_database migrations
        exec python manage.py db_worker "$@"
        ;;
    scheduler)
        wait_for_database migrations
        interval="${SCHEDULER_INTERVAL_SECONDS:-60}"
        # As PID 1 the shell ignores SIGTERM unless it traps it; sleeping in
        # the background lets `wait` return at once when the signal comes.
        trap 'kill "${sleeper:-}" 2>/dev/null; exit 0' INT TERM
        while :; do
            python manage.py enqueue_periodic_tasks "$@" \
                || echo "Enqueueing the periodic tasks failed; next try in ${interval} s." >&2
            sleep "$interval" &
            sleeper=$!
            wait "$sleeper"
        done
        ;;
    manage)
        exec python manage.py "$@"
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
