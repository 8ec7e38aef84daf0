# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install serve worker beat lint check browser documents-deps messages clean

# A stamp per dependency file: reinstall only when the file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

## make run: install, migrate, load the demo, serve on http://127.0.0.1:8000
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ — demo accounts above, password 'demo'."
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (SQLite and eager Celery unless DATABASE_URL / CELERY_BROKER_URL are set)
test: install browser documents-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# Browser tests drive Debian's Chromium; install it when it is missing (root on CI).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Supervision documents: WeasyPrint needs Pango; tests read PDFs with poppler's pdftotext;
# Liberation Serif stands in for Times New Roman (same metrics). Installed when missing (root on CI).
documents-deps:
	@{ ldconfig -p | grep -q libpango-1.0 && command -v pdftotext >/dev/null && fc-list | grep -qi "Liberation Serif"; } || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 poppler-utils fonts-liberation >/dev/null; }

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## make messages: gather the translatable strings into locale/*/django.po and compile them
messages: install
	$(PY) manage.py makemessages -l en -l vi --no-obsolete -i ".venv/*" -i "node_modules/*" -i "staticfiles/*"
	$(PY) manage.py compilemessages -l en -l vi --ignore=".venv/*" --ignore="node_modules/*"

worker: install
	$(VENV)/bin/celery -A oversight_portal worker -l info

beat: install
	$(VENV)/bin/celery -A oversight_portal beat -l info

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
