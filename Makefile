# OurPlan: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
CHROMIUM ?= /usr/bin/chromium
export OURPLAN_DEV ?= 1

.PHONY: run test test-postgres bench lint security install assets browser pdf-libs worker clean

## Set everything up, load the demo area and serve OurPlan at http://127.0.0.1:$(PORT)
run: install assets pdf-libs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@$(PY) manage.py demo_signins
	$(PY) manage.py serve_dev --port $(PORT)

## Run every test, browser tests included
test: install assets pdf-libs browser
	$(PY) -m pytest

## The same suite against PostgreSQL (DATABASE_URL defaults to the local test database)
test-postgres: install assets pdf-libs browser
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest

## Speed figures, one line each: name value target. The figures at scale use 2,000 people on SQLite,
## or 25,000 with BENCH_DATABASE_URL=postgres://... (a database of its own; see bench/README.md)
bench: install assets pdf-libs
	$(PY) bench/run.py

## Lint and formatting check (ruff)
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Security checks: bandit (medium and high) over our own code, and pip-audit of the pinned
## dependencies (skipped, saying so, where no vulnerability database can be reached)
BANDIT_EXCLUDE = ./.venv,./node_modules,./static_build,./staticfiles,./var,*/tests/*,./browser_tests
security: install
	$(VENV)/bin/bandit --quiet --recursive . --severity-level medium --exclude '$(BANDIT_EXCLUDE)'
	$(PY) .ci/audit_dependencies.py

worker: install
	$(PY) manage.py db_worker

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

assets: node_modules/.installed static_build/css/ourplan.css

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static_build/css/ourplan.css: node_modules/.installed $(wildcard assets/scss/*.scss)
	npm run --silent build:css

## Browser tests use the system's Chromium; install it with apt where it is missing and apt is available
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
	    $$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get install -y chromium >/dev/null || \
	    { $$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get update >/dev/null && \
	      $$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get install -y chromium >/dev/null; }; \
	  else echo "Chromium is missing at $(CHROMIUM) and apt-get is not available: install Chromium and set CHROMIUM=/path/to/chromium"; exit 1; fi; \
	fi

## PDFs need the system's Pango (WeasyPrint); install it with apt where it is missing and apt is available
SUDO = $$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo)
pdf-libs: install
	@if ! $(PY) -c "import weasyprint" >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Pango for PDFs (apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)"; \
	    $(SUDO) apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null || \
	    { $(SUDO) apt-get update >/dev/null && $(SUDO) apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }; \
	  else echo "WeasyPrint cannot find Pango: install Pango 1.44 or later (see README)"; exit 1; fi; \
	fi

clean:
	rm -rf $(VENV) node_modules static_build staticfiles
