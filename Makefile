# ClaimTrack: `make run` serves the site, `make test` runs the whole suite.
# Both build .venv, start the embedded PostgreSQL when DATABASE_URL is unset,
# migrate and load the curated seed corpus first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup db migrate seed chromium screenshots lint format db-stop clean

run: setup
	$(BIN)/python manage.py ensure_demo_editor
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

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

# Refresh docs/screenshots/ from the browser tests (they save to a temporary folder otherwise).
screenshots: setup chromium
	SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest claims/tests/browser -k screenshot

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
