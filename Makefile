# The consultation portal: `make run` to try it, `make test` to check it.
# `make help` lists every target.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PORT ?= 8000
PYTEST_ARGS ?=
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := $(PY) manage.py
STAMP_PROD := $(VENV)/.installed-prod
STAMP_DEV := $(VENV)/.installed-dev
PYTHON_CANDIDATES := python3.13 python3.12 python3
PYTHON_VERSION_OK := import sys; sys.exit(sys.version_info < (3, 12))

export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Installs must not run concurrently, even under `make -j`.
.NOTPARALLEL:

# Without a usable .venv (missing, or its Python is too old), `venv` recreates
# it, so the install stamps must be remade whatever their dates say.
ifneq ($(shell $(PY) -c '$(PYTHON_VERSION_OK)' 2>/dev/null && echo ok),ok)
.PHONY: $(STAMP_PROD) $(STAMP_DEV)
endif

.PHONY: help venv install install-dev messages run serve worker test bench bench-export bench-notify bench-pages bench-page-costs bench-results bench-rush \
	lint format reset-demo lock clean

help: ## List the targets
	@echo "Usage: make <target> [PORT=8000] [PYTEST_ARGS=...]"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'

venv: ## Create .venv with Python 3.12+ (only if missing or too old)
	@if [ -x $(PY) ] && $(PY) -c '$(PYTHON_VERSION_OK)' 2>/dev/null; then exit 0; fi; \
	python=""; \
	for candidate in $(PYTHON_CANDIDATES); do \
		if command -v "$$candidate" >/dev/null 2>&1 \
			&& "$$candidate" -c '$(PYTHON_VERSION_OK)' 2>/dev/null; then \
			python="$$candidate"; break; \
		fi; \
	done; \
	if [ -z "$$python" ]; then \
		echo "Python 3.12 or newer is required; install it, e.g. \`pyenv install 3.13\`." >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$("$$python" --version)"; \
	rm -rf $(VENV); \
	"$$python" -m venv $(VENV); \
	$(PIP) install --quiet --upgrade pip

$(STAMP_PROD): requirements/base.txt pyproject.toml | venv
	$(PIP) install --quiet -r requirements/base.txt
	$(PIP) install --quiet --no-deps -e .
	@touch $@

$(STAMP_DEV): requirements/base.txt requirements/dev.txt pyproject.toml | venv
	$(PIP) install --quiet -r requirements/base.txt -r requirements/dev.txt
	$(PIP) install --quiet --no-deps -e .
	@touch $@ $(STAMP_PROD)

install: $(STAMP_PROD) ## Install the production requirements and the project

install-dev: $(STAMP_DEV) ## Install the development and test requirements too

messages: $(STAMP_PROD) ## Compile the translations (.po -> .mo)
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=var --verbosity 0

run: messages ## Migrate, load the demo, create the admin, serve with a task worker
	@mkdir -p var/mail
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_data
	$(MANAGE) create_dev_admin --port $(PORT)
	@$(MAKE) --no-print-directory serve PORT=$(PORT)

serve: $(STAMP_PROD) ## Serve on 127.0.0.1:PORT with a task worker (no setup)
	@mkdir -p var/mail
	@$(MANAGE) set_dev_site_address --port $(PORT)
	@echo
	@echo "Portal:  http://127.0.0.1:$(PORT)/"
	@echo "Admin:   http://127.0.0.1:$(PORT)/admin/"
	@echo "Mail:    every email is written as a file in var/mail/"
	@echo "Tasks:   a worker (manage.py db_worker) runs alongside, and the periodic"
	@echo "         tasks are enqueued every minute; Ctrl-C stops them all."
	@echo
	@children=""; \
	stop_children() { for child in $$children; do kill "$$child" 2>/dev/null || true; \
		wait "$$child" 2>/dev/null || true; done; }; \
	trap stop_children EXIT; \
	trap 'exit 0' INT; \
	trap 'exit 143' TERM; \
	$(MANAGE) db_worker & children="$$!"; \
	( sleeper=""; trap 'kill $$sleeper 2>/dev/null; exit 0' TERM; \
		while :; do $(MANAGE) enqueue_periodic_tasks --verbosity 0 || true; \
			sleep 60 & sleeper=$$!; wait $$sleeper; done ) & children="$$children $$!"; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

worker: $(STAMP_PROD) ## Run only the background task worker
	$(MANAGE) db_worker

test: install-dev messages ## Run the whole test suite (PYTEST_ARGS=... passes options)
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest $(PYTEST_ARGS)

bench: install-dev messages ## Time pages and feeds and count their queries (bench/)
	$(PY) bench/public_pages.py
	$(PY) bench/events_pages.py

bench-export: install-dev messages ## Time the exports and sign-in sheet of 10,000 registrations (bench/)
	$(PY) bench/export.py

bench-notify: install-dev messages ## Tell 50,000 news subscribers through the tasks (bench/)
	$(PY) bench/news_notification.py

bench-pages: install-dev messages ## Page types uncached and cached against a bare view: gunicorn, PostgreSQL, Redis (bench/)
	$(PY) bench/pages.py

bench-page-costs: install-dev messages ## Profile each page type uncached: CPU, queries, costly template nodes (bench/)
	$(PY) bench/page_costs.py

bench-results: install-dev messages ## Time the results page's figures: 100 events, 20,000 registrations (bench/)
	$(PY) bench/results_figures.py

bench-rush: install-dev messages ## Rush a registration form: gunicorn, PostgreSQL, Redis (bench/)
	$(PY) bench/registration_rush.py

lint: install-dev ## Check the code with ruff (lint and formatting)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev ## Format the code and fix what ruff can fix
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

reset-demo: messages ## Delete var/db.sqlite3 and media/, then reload the demo
	rm -f var/db.sqlite3 var/db.sqlite3-journal var/db.sqlite3-wal var/db.sqlite3-shm
	rm -rf media
	@echo "Deleted the development database (var/db.sqlite3) and uploads (media/)."
	@mkdir -p var/mail
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_data
	$(MANAGE) create_dev_admin --port $(PORT)
	@echo "The demo database is fresh: migrated, demo content loaded, admin created."

lock: | venv ## Regenerate requirements/*.txt from requirements/*.in
	@$(PY) -m uv --version >/dev/null 2>&1 || $(PIP) install --quiet uv
	$(PY) -m uv pip compile -q requirements/base.in -o requirements/base.txt --python-version 3.13
	$(PY) -m uv pip compile -q requirements/dev.in -o requirements/dev.txt --python-version 3.13
	@rm -f $(STAMP_PROD) $(STAMP_DEV)
	@echo "Pinned requirements written; the next make target reinstalls them."

clean: ## Remove .venv and generated files (keeps var/db.sqlite3 and media/)
	rm -rf $(VENV) static_collected test-results var/ci var/test-media .ruff_cache \
		.pytest_cache *.egg-info
	find . -path ./.git -prune -o \( -name '*.mo' -o -name __pycache__ \) -print0 \
		| xargs -0 rm -rf
	@echo "Kept var/db.sqlite3, var/mail/ and media/: use \`make reset-demo\` to reset them."
