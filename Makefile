# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# PostgreSQL and Redis for `make test-services` (and the second half of .ci/run).
# TEST_DATABASE_URL is the table owner (migrates, truncates, backs up); the suite's runtime connects
# as TEST_APP_DATABASE_URL, a role in mqa_app that owns nothing, so every test runs behind row-level
# security. Empty: the owner's URL as the login role mqa_app_test, created by the suite if missing
# (needs an owner that may create roles, and trust or a password in ~/.pgpass for mqa_app_test).
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
TEST_APP_DATABASE_URL ?=
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: install run test test-services worker bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Embedded mode: SQLite under instance/, jobs in-process, demo tenants for the five cities.
run: $(STAMP)
	$(BIN)/mqa db upgrade
	$(BIN)/mqa seed-demo
	$(BIN)/mqa serve --port $(PORT)

## The whole suite on SQLite (tests needing Redis run when it answers, else they are skipped).
test: $(STAMP)
	$(BIN)/pytest

## The whole suite again on PostgreSQL and Redis, with a real rq worker; a missing service fails.
test-services: $(STAMP)
	MQA_TEST_DATABASE_URL=$(TEST_DATABASE_URL) MQA_TEST_APP_DATABASE_URL=$(TEST_APP_DATABASE_URL) \
		MQA_TEST_REDIS_URL=$(TEST_REDIS_URL) MQA_REQUIRE_SERVICES=1 $(BIN)/pytest

## An rq worker (needs REDIS_URL, and DATABASE_URL pointing at the same database as the API).
worker: $(STAMP)
	$(BIN)/mqa worker

## Request cost against a bare Flask + SQLAlchemy anchor, under gunicorn on PostgreSQL, at two data
## scales (prints ratios; MISSED marks a goal not met). BENCH_DATABASE_URL is a scratch database.
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/perf_db
bench: $(STAMP)
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python benchmarks/request_cost.py

clean:
	rm -rf $(VENV) instance .pytest_cache
