# Nomina's task runner. `make run` starts the whole service on the embedded default;
# `make test` installs what the tests need and runs them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint install install-dev migrate seed messages makemessages bench bench-portal bench-sweeps bench-notes bench-review docs-notes docs-portal fuzz clean assets

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The French and Spanish catalogues (locale/*/LC_MESSAGES/django.po, committed) compiled to
# the .mo files Django reads (not committed). msgfmt is GNU gettext's (Debian: gettext).
DJANGO_CMD := DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.test} $(PY) manage.py
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=var
messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt missing: apt-get install gettext"; exit 1; }
	$(DJANGO_CMD) compilemessages $(I18N_IGNORE) -v0

# For translators: extract every marked string into the catalogues (new ones empty, changed
# ones fuzzy), then say what is left to translate. Fill them in the .po files, or write a
# JSON file (`manage.py translations --missing F`, fill it in, `--fill F`); README, Translations.
makemessages: install
	$(DJANGO_CMD) makemessages -l fr -l es $(I18N_IGNORE) --no-obsolete -v0
	$(DJANGO_CMD) translations

migrate: install messages
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py seed_demo

run: seed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} bin/run-embedded

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

test: lint messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# A longer randomized API fuzz against a live server (seed printed; SEED=n to replay).
fuzz: install-dev
	bin/fuzz

# Front-end assets (needs Node.js and the npm registry). The built files are committed, so
# `make run` and CI need no npm: run this only after changing package.json or web/assets/.
WEB_STATIC := web/static/web
assets:
	npm ci --no-audit --no-fund
	npx sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules \
		web/assets/nomina.scss $(WEB_STATIC)/nomina.css
	mkdir -p $(WEB_STATIC)/fonts $(WEB_STATIC)/vendor
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(WEB_STATIC)/vendor/
	cp node_modules/chart.js/dist/chart.umd.min.js $(WEB_STATIC)/vendor/
	cp node_modules/@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2 \
		node_modules/@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2 \
		node_modules/@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2 \
		node_modules/@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff2 \
		node_modules/@fontsource/noto-sans/LICENSE $(WEB_STATIC)/fonts/
	cp node_modules/chart.js/LICENSE.md $(WEB_STATIC)/vendor/chart.js.LICENSE.md

# The load benchmark (issue 8) and the micro-benchmarks, on a scratch PostgreSQL database;
# writes bench/results/<date>-load.md. wrk is Debian's: bench/run.py installs it if missing.
bench: install-dev
	$(PY) bench/run.py

# The mission portal's nominations page under load beside a bare signed-in view (issue 10),
# on a scratch PostgreSQL database; writes bench/results/<date>-portal.md.
bench-portal: install-dev
	$(PY) bench/portal.py

# The reminder and deadline sweeps at 10 and 10,000 nominations (issue 9), in-process on a
# scratch PostgreSQL database; writes bench/results/<date>-sweeps.md.
bench-sweeps: install-dev
	$(PY) bench/sweeps.py

# Rendering and sending a call's notes verbales to 175 missions (WeasyPrint, the real send
# task, anymail's test backend) on a scratch PostgreSQL database; writes
# bench/results/<date>-notes.md.
bench-notes: install-dev
	$(PY) bench/notes.py

# The executive office's side by side (40 candidates, 5 members' ratings: p95 in-process)
# and the 40-candidate shortlist dossier built in its task; bench/results/<date>-review.md.
bench-review: install-dev
	$(PY) bench/review.py

# The README's images of a call's note verbale in each language: rendered from the demo
# call on a scratch SQLite database, first pages as PNG (pdftoppm: Debian's poppler-utils).
docs-notes: install
	@command -v pdftoppm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils
	rm -rf var/docs-notes && mkdir -p var/docs-notes docs
	NOMINA_VAR_DIR=$(CURDIR)/var/docs-notes DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	NOMINA_VAR_DIR=$(CURDIR)/var/docs-notes DJANGO_DEBUG=1 $(PY) manage.py seed_demo >/dev/null
	NOMINA_VAR_DIR=$(CURDIR)/var/docs-notes DJANGO_DEBUG=1 $(PY) manage.py render_note_specimens \
		--output var/docs-notes
	for language in en fr es; do \
		pdftoppm -png -r 80 -f 1 -l 1 -singlefile var/docs-notes/call.$$language.pdf \
			docs/note-verbale-$$language; \
	done

# The README's screenshots of the portal home in each language: the browser test on the demo
# data (Debian's Chromium), its screenshots copied from var/test-artifacts/.
docs-portal: install-dev messages
	$(VENV)/bin/pytest -q -p no:cacheprovider tests/browser/test_portal_languages.py
	for language in en fr es; do \
		cp var/test-artifacts/portal-$$language.png docs/portal-$$language.png; \
	done

clean:
	rm -rf $(VENV) var node_modules
