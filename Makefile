# The README's two commands are `make run` and `make test`; `make` lists the rest.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STACK := $(PY) -m tooling.localstack
I18N := DJANGO_DEBUG=1 $(PY) manage.py
I18N_SKIP := --ignore=.venv --ignore=.local --ignore=staticfiles
# Production settings (DEBUG off, compressed static files), served over plain HTTP.
BENCH_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=benchmark-only-not-secret-$$$$-0123456789abcdefghij API_TRUSTED_PROXIES=0 \
	SUBMISSION_CONTACT_KEYS=YmVuY2htYXJrLW9ubHktbmV2ZXItYS1zZWNyZXQhISE= \
	RECORD_KEYS=YmVuY2htYXJrLW9ubHktbmV2ZXItYS1zZWNyZXQhISE= BACKUP_KEYS=YmVuY2htYXJrLW9ubHktbmV2ZXItYS1zZWNyZXQhISE= \
	DJANGO_ALLOWED_HOSTS=testserver DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_STATIC_ROOT=.local/staticfiles
# Benchmarks ask from one address: its per-address limits are lifted.
UNLIMITED := API_ANONYMOUS_RATE=1000000/minute API_PARTNER_RATE=1000000/minute DJANGO_ALLOWED_HOSTS=127.0.0.1,testserver

.DEFAULT_GOAL := help
.PHONY: help install browser run superuser manage test fuzz-api fuzz-staff lint format messages demo eval-search bench bench-list-import bench-person-import stop eval-linkage bench-linkage bench-statistics bench-release bench-api fuzz-forms backup restore load

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[local,dev]" && touch $@

install: $(VENV)/.installed ## Create .venv and install the project

run: install ## Serve http://127.0.0.1:8000 (PORT=8001 for another) with PostgreSQL, Redis, a worker and beat
	$(STACK) run --addr 127.0.0.1:$(or $(PORT),8000)

superuser: install ## Create the first administrator (asks for a username and password)
	$(STACK) exec -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py createsuperuser'

manage: install ## Run any management command on the local servers: make manage CMD="load_archive_data"
	$(STACK) exec -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py $(CMD)'

# Two processes (pytest-xdist; TEST_PROCESSES=n for more), each with its own test
# database (made afresh) and Redis database; then the drills alone, which stop and
# restart the shared PostgreSQL and Redis, on the first process's test database
# (kept for them: migrating another would cost half a minute).
test: install lint browser ## Lint, check migrations and run every test on real PostgreSQL and Redis
	$(STACK) exec --redis-db 1 -- sh -c '$(PY) -m pytest -n $(or $(TEST_PROCESSES),2) \
	  --create-db --reuse-db --ignore=tests/drills && $(PY) -m pytest -n 1 --reuse-db tests/drills'

fuzz-api: install ## Property-based run of the API schema with a larger budget (schemathesis)
	$(STACK) exec --redis-db 1 -- env API_FUZZ_EXAMPLES=$(or $(EXAMPLES),100) \
	  API_FUZZ_PHASES=examples,coverage,fuzzing $(PY) -m pytest tests/archive/test_api_schema.py

fuzz-staff: install ## Hypothesis plays an editor on every admin page, and writes checked against updated_at (EXAMPLES=1000)
	$(STACK) exec --redis-db 1 -- env STAFF_FUZZ_EXAMPLES=$(or $(EXAMPLES),1000) FRESHNESS_EXAMPLES=$(or $(EXAMPLES),1000) \
	  $(PY) -m pytest tests/archive/test_staff_fuzz.py tests/archive/test_freshness.py

fuzz-forms: install ## Hypothesis run of the public forms and query pages (EXAMPLES=200 per page)
	$(STACK) exec --redis-db 1 -- env FORM_FUZZ_EXAMPLES=$(or $(EXAMPLES),200) \
	  $(PY) -m pytest tests/submissions/test_forms_fuzz.py

browser: ## Install Debian's chromium for browser tests where possible (root, apt-get)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	   chromium chromium-driver) >/dev/null 2>&1; } || \
	echo "chromium is not installed here: browser tests will be skipped"

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

messages: install ## Update and compile the kk/ru/en catalogues (needs GNU gettext)
	$(STACK) exec -- sh -c '$(I18N) makemessages --all $(I18N_SKIP) && $(I18N) compilemessages $(I18N_SKIP)'

demo: install ## Add fictional demo people (PEOPLE=2000 SEED=2022), marked fictional
	$(STACK) exec -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py seed_demo --people $(or $(PEOPLE),2000) --seed $(or $(SEED),2022)'

eval-search: install ## Recall@1/@5 of name search per spelling form (fictional people)
	$(STACK) exec -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py migrate -v0 && DJANGO_DEBUG=1 $(PY) manage.py evaluate_search'

bench: install ## Search latency at 1,000,000 fictional people (own database; long first run)
	$(STACK) exec --database qantar_bench -- sh -c '$(BENCH_ENV) $(PY) manage.py migrate -v0 && \
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0 && \
	$(BENCH_ENV) $(PY) manage.py benchmark_search --people $(or $(PEOPLE),1000000)'

stop: install ## Stop PostgreSQL and Redis left running under .local/
	$(STACK) stop

bench-list-import: install ## Rows a second of a victim list's import (ROWS=10000, rolled back)
	$(STACK) exec -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py migrate -v0 && DJANGO_DEBUG=1 $(PY) manage.py benchmark_list_import --rows $(or $(ROWS),10000)'

bench-person-import: install ## Rows a second of the background import of a staff sheet of people (ROWS=10000, rolled back)
	$(STACK) exec -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py migrate -v0 && DJANGO_DEBUG=1 $(PY) manage.py benchmark_person_import --rows $(or $(ROWS),10000)'

eval-linkage: install ## Precision, recall and F1 of victim-list linkage on fictional lists (PEOPLE=3000)
	$(STACK) exec -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py migrate -v0 && DJANGO_DEBUG=1 $(PY) manage.py evaluate_linkage --people $(or $(PEOPLE),3000)'

bench-linkage: install ## Import and link a 10,000-entry fictional list against 100,000 fictional people (own database)
	$(STACK) exec --database qantar_linkbench -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py migrate -v0 && DJANGO_DEBUG=1 $(PY) manage.py benchmark_linkage --people $(or $(PEOPLE),100000) --entries $(or $(ENTRIES),10000)'

bench-statistics: install ## The statistics page at 100,000 fictional people, cached and not (own database)
	$(STACK) exec --database qantar_statbench -- sh -c '$(BENCH_ENV) $(PY) manage.py migrate -v0 && \
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0 && \
	$(BENCH_ENV) $(PY) manage.py benchmark_statistics --people $(or $(PEOPLE),100000)'

bench-release: install ## A public release's files at 100,000 fictional people (PEOPLE=1000000 for the national scale)
	$(STACK) exec --database qantar_statbench -- sh -c '$(BENCH_ENV) $(PY) manage.py migrate -v0 && \
	$(BENCH_ENV) $(PY) manage.py benchmark_release --people $(or $(PEOPLE),100000)'

bench-api: install ## API lists, search and exports through gunicorn at 100,000 and 1,000,000 fictional people (SIZES=100000 for one; REQUESTS=100)
	@for people in $(or $(SIZES),100000 1000000); do \
	  database=$$( [ $$people -gt 100000 ] && echo qantar_bench || echo qantar_statbench ); \
	  $(STACK) exec --database $$database --redis-db 5 -- sh -c '$(BENCH_ENV) $(PY) manage.py migrate -v0 && \
	  $(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0 && \
	  $(BENCH_ENV) $(UNLIMITED) $(PY) manage.py benchmark_api --people '$$people' --requests $(or $(REQUESTS),100)' || exit 1; \
	done

backup: install ## Write an encrypted backup (database and media files) into BACKUP_DIR (.local/backups)
	$(STACK) exec -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py backup'

restore: install ## Restore FILE=... into an empty database (DATABASE=new name) and media folder (MEDIA=dir); FORCE=1 replaces
	$(STACK) exec --database $(or $(DATABASE),qantar) -- sh -c 'DJANGO_DEBUG=1 $(PY) manage.py restore "$(FILE)" $(if $(MEDIA),--media-root "$(MEDIA)") $(if $(FORCE),--force)'

load: install ## Bounded load test (SECONDS=60, CLIENTS=8) of gunicorn with production settings at 100,000 fictional people (own database)
	$(STACK) exec --database qantar_statbench --redis-db 5 -- sh -c '$(BENCH_ENV) $(PY) manage.py migrate -v0 && \
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0 && \
	$(BENCH_ENV) $(PY) manage.py load_test --people $(or $(PEOPLE),100000) --seconds $(or $(SECONDS),60) --clients $(or $(CLIENTS),8)'
