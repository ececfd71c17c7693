# ClaimTrack: `make run` serves the site, `make test` runs the whole suite.
# Both build .venv, start the embedded PostgreSQL when DATABASE_URL is unset,
# migrate and load the curated seed corpus first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve setup db migrate seed chromium wrk bench loadtest screenshots backup restore lint format db-stop clean

run: setup
	$(BIN)/python manage.py ensure_demo_editor
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production settings behind gunicorn (claimtrack/gunicorn.conf.py reads WEB_CONCURRENCY,
# GUNICORN_THREADS, BIND...). Locally it uses the embedded database and a secret kept in
# .local-secret-key (git-ignored); plain HTTP on loopback, so no HTTPS redirect.
serve: setup
	@test -s .local-secret-key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .local-secret-key
	DJANGO_SETTINGS_MODULE=claimtrack.settings.production SECRET_KEY=$${SECRET_KEY:-$$(cat .local-secret-key)} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} DATABASE_URL=$${DATABASE_URL:-$$($(BIN)/python -m claimtrack.embedded_db url)} \
	  SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} \
	  sh -c '$(BIN)/python manage.py collectstatic --no-input -v 0 && exec $(BIN)/gunicorn claimtrack.wsgi -c claimtrack/gunicorn.conf.py'

test: setup chromium
	$(BIN)/pytest

# Browser tests drive Debian's chromium (Playwright's own browser downloads are
# not used). Installed with apt when missing; needs root or sudo.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

setup: $(STAMP) db migrate seed

$(STAMP): requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

db: $(STAMP)
	$(BIN)/python -m claimtrack.dbsetup

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --no-input

seed: $(STAMP)
	$(BIN)/python manage.py load_seed_data

# Throughput and latency of every page and API endpoint at 10,000 and 1,000,000 claims
# (docs/PERFORMANCE.md). Builds the two synthetic archives once (about 10 minutes for
# the million), then about 10 minutes of wrk. BENCH_ARGS="--scales 10000 --runs 1" for less.
bench: setup wrk
	$(BIN)/python bench/bench_http.py $(BENCH_ARGS)

# 60 s at 64 connections of reads and editors' writes, then checks that nothing failed
# and every acknowledged write is there (bench/load_test.py).
loadtest: setup
	$(BIN)/python bench/bench_load.py

# The load generator of `make bench`, from Debian's packages.
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

# Refresh docs/screenshots/ from the browser tests (they save to a temporary folder otherwise).
screenshots: setup chromium
	SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest claims/tests/browser -k screenshot

# The whole database, with pg_dump's custom format, into backups/ (git-ignored).
backup: $(STAMP) db
	$(BIN)/python -m claimtrack.backup dump $(FILE)

# make restore FILE=backups/claimtrack-....dump: replaces the database's contents.
restore: $(STAMP) db
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/claimtrack-....dump"; exit 2; }
	$(BIN)/python -m claimtrack.backup restore $(FILE)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

db-stop: $(STAMP)
	$(BIN)/python -m claimtrack.embedded_db stop

clean: db-stop
	rm -rf $(VENV)

# Precision/recall of statement extraction and recall@k of claim matching on the
# seed corpus (docs/EXTRACTION.md), then the extractor's speed (docs/PERFORMANCE.md).
.PHONY: eval
eval: setup
	$(BIN)/python manage.py evaluate_extraction
	$(BIN)/python bench/bench_attribution.py
