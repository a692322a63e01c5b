# MSO-Förderung — build, run and test helpers.
#
#   make run                      dev server + task worker on http://127.0.0.1:8000/
#   make test                     full suite on SQLite, then on a throwaway PostgreSQL
#   make test PYTEST_ARGS='-k foo -x'
#   make test-sqlite / test-postgres   only one of the two runs
#   make pg-shell                 psql on a throwaway, migrated PostgreSQL cluster
#   make benchmark BENCHMARK_ARGS='--size 10000'   issue 15's benchmark (docs/performance.md)
#   make clean                    remove var/ and install stamps (keeps .venv)

SHELL := /bin/bash
.NOTPARALLEL:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check --quiet
STAMP_REQ := $(VENV)/.stamp-requirements
STAMP_DEV := $(VENV)/.stamp-requirements-dev
STAMP_NPM := node_modules/.stamp-package-lock

PYTEST_ARGS ?=
TEST_DATABASES ?= sqlite postgres
export PYTEST_ARGS TEST_DATABASES PY

.PHONY: help venv venv-dev sysdeps sysdeps-test messages run test test-sqlite \
        test-postgres pg-shell benchmark clean

help:
	@sed -n '2,10s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

# --- environment ----------------------------------------------------------

sysdeps:                       ## gettext, pango (WeasyPrint), venv support
	@scripts/ensure-system-deps base

sysdeps-test:                  ## + chromium (e2e) and PostgreSQL server binaries
	@scripts/ensure-system-deps base chromium postgres

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-install only when the requirements file changed (stamp lives in .venv,
# so deleting .venv also forces a reinstall).
$(STAMP_REQ): requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	@touch $@

$(STAMP_DEV): requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	@touch $@

# axe-core for the accessibility gate, from the npm registry at the version
# package-lock.json pins.
$(STAMP_NPM): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

venv: sysdeps $(STAMP_REQ)

venv-dev: venv $(STAMP_DEV)

messages: venv
	@scripts/compilemessages.sh

# --- run ------------------------------------------------------------------

run: export DEBUG := 1
run: venv messages
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	scripts/run.sh

# --- tests ----------------------------------------------------------------

test: export DJANGO_ALLOW_ASYNC_UNSAFE := true
test: sysdeps-test venv-dev $(STAMP_NPM) messages
	@mkdir -p var
	scripts/run-tests.sh

test-sqlite: TEST_DATABASES := sqlite
test-sqlite: test

test-postgres: TEST_DATABASES := postgres
test-postgres: test

pg-shell: export DEBUG := 1
pg-shell: venv
	scripts/pg-throwaway bash -c '$(PY) manage.py migrate --noinput && psql'

# Seeds 100,000 applications into a throwaway cluster and measures; not part of `make test`.
BENCHMARK_ARGS ?=
benchmark: export SECRET_KEY := benchmark-only
benchmark: venv messages
	scripts/pg-throwaway bash -c '$(PY) manage.py migrate -v0 --noinput && $(PY) manage.py benchmark $(BENCHMARK_ARGS)'

clean:
	rm -rf var node_modules $(STAMP_REQ) $(STAMP_DEV)
