# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEB_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 gettext
BROWSER_PACKAGES := chromium
export DJANGO_SETTINGS_MODULE ?= zhuzhou_legal.settings.base

.PHONY: run test lint test-browser worker check-deploy bench loadtest backup restore lock messages system-deps browser-deps clean

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $@

# Debian packages PDFs need: Chinese fonts (else boxes) and HarfBuzz subsetting (else fontTools, ~50x slower).
system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages (install as root):$$missing"; fi; fi

browser-deps:
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing chromium"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	  else echo "chromium is missing (install as root): browser tests will fail"; fi; fi

# Translations are compiled from the .po files on every start (gettext's msgfmt).
messages: $(VENV)/.installed system-deps
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null

run: $(VENV)/.installed system-deps messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:8000/ (admin: /admin/)"
	$(PY) manage.py runserver --insecure 127.0.0.1:8000

# The lint gate: ruff's rules (pyproject.toml) and its formatting, on the whole tree; no unused production
# code (vulture: pyproject's [tool.vulture] and vulture_whitelist.py name what only Django and templates read).
lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m vulture

test: lint $(VENV)/.installed system-deps browser-deps messages
	DJANGO_SETTINGS_MODULE=zhuzhou_legal.settings.test $(PY) -m pytest -p no:cacheprovider -n 2 --dist loadgroup $(PYTEST_ARGS)

test-browser: $(VENV)/.installed system-deps browser-deps messages
	DJANGO_SETTINGS_MODULE=zhuzhou_legal.settings.test $(PY) -m pytest -p no:cacheprovider -m browser $(PYTEST_ARGS)

worker: $(VENV)/.installed
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (for example redis://127.0.0.1:6379/0)"; exit 1; }
	$(VENV)/bin/celery -A zhuzhou_legal worker --beat --scheduler django_celery_beat.schedulers:DatabaseScheduler -l info

check-deploy: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=zhuzhou_legal.settings.production \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9)} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-legal.zhuzhou.gov.cn} \
	$(PY) manage.py check --deploy --fail-level WARNING

# Benchmark every page for every role, the PDF engine and the bulk jobs against DATABASE_URL
# (PostgreSQL with the province set for the real figures: see README, "Performance").
bench: $(VENV)/.installed messages
	@test -n "$$DATABASE_URL" || echo "DATABASE_URL is not set: measuring the SQLite default, not the figures the targets are about"
	$(PY) manage.py bench $(BENCH_ARGS)

# Locust, headless, against gunicorn (2 workers) on loopback and DATABASE_URL; LOADTEST_DURATION=30s to shorten.
loadtest: $(VENV)/.installed messages
	$(PIP) install --quiet -r requirements-bench.txt
	$(PY) manage.py loadtest $(LOADTEST_ARGS)

# PostgreSQL only (DATABASE_URL): pg_dump custom format into backups/, or FILE=... to choose the name.
backup: $(VENV)/.installed
	$(PY) manage.py backup_db $(if $(FILE),--output "$(FILE)")

# Replaces the database's contents with FILE (asks for confirmation; one transaction).
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/zhuzhou-YYYYMMDD-HHMMSS.dump"; exit 1; }
	$(PY) manage.py restore_db "$(FILE)"

# PostgreSQL: run as the tables' owner (DATABASE_URL = the role that migrates) to let APP_ROLE (made with
# `createuser APP_ROLE`) read and write rows without owning them; then serve with DATABASE_URL naming APP_ROLE.
# It can no longer DISABLE TRIGGER or TRUNCATE (README, "Reliability").
app-role: $(VENV)/.installed
	@test -n "$(APP_ROLE)" || { echo "Usage: make app-role APP_ROLE=zhuzhou_app (DATABASE_URL as the owner)"; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py grant_app_role "$(APP_ROLE)"

# Walks the audit hash chain; exits 1 naming the first row that does not fit.
verify-audit: $(VENV)/.installed
	$(PY) manage.py verify_audit

lock:
	$(PIP) install -r requirements.in && $(PIP) freeze > requirements.txt

clean:
	rm -rf $(VENV) .test-media staticfiles .test-db.sqlite3*
