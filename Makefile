# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv demo chromium

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

demo: venv
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_demo
	$(MANAGE) ensure_admin --host $(HOST) --port $(PORT)

run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when it is missing (root, as on CI).
# The script says what is wrong when it cannot (not root, apt busy, no such package).
chromium:
	@.ci/install-chromium

test: venv chromium
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run -v0
	DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=check-deploy-$$(printf '%060d' 0)x ALLOWED_HOSTS=portal.example HELPDESK_ENCRYPTION_KEYS=Y2hlY2stZGVwbG95LW5vdC1hLXJlYWwta2V5LTAwMDA= HELPDESK_HASH_KEY=check-deploy-hash-key-$$(printf '%032d' 0) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest
