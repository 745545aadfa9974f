# Newsline. `make demo` and `make test` are the two commands a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# Test processes: two suit the 2-core CI machine; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2

.PHONY: demo test lint lock serve worker install install-full install-test migrate bench soak rolling audit backup restore clean messages

# Everything installed comes from a lock that `make lock` generates from
# pyproject.toml: every package pinned, every file's hash checked (pip refuses
# a file whose hash is not listed, and a package the lock does not name). The
# runtime lock pins pip too, replacing the venv's bundled one.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

# The optional stacks too (local toxicity classifier, S3 storage, Akismet): for
# a server whose settings use one (docs/dependencies.md).
$(VENV)/.installed-full: $(VENV)/.installed requirements-full.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-full.lock
	touch $@

# Every optional stack and the test tools: make test runs the extras' tests too.
$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

install: $(VENV)/.installed
install-full: $(VENV)/.installed-full
install-test: $(VENV)/.installed-test

## lock: regenerate requirements*.lock from pyproject.toml with uv (needs the network: it reads PyPI's index). It keeps every pin it can; UPGRADE=1 moves all to the newest allowed, UPGRADE=name just that package
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --quiet --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command "make lock" $(if $(filter 1,$(UPGRADE)),--upgrade,$(if $(UPGRADE),--upgrade-package $(UPGRADE)))
lock: install-test
	$(UV_COMPILE) --group install -o requirements.lock
	$(UV_COMPILE) --group install --all-extras -c requirements.lock -o requirements-full.lock
	$(UV_COMPILE) --group install --all-extras --group test -c requirements-full.lock -o requirements-test.lock

## demo: install, migrate, load the demo newsroom and serve it on $(HOST):$(PORT)
demo: install
	NEWSLINE_DEMO=1 $(PY) manage.py migrate --noinput -v0
	NEWSLINE_DEMO=1 $(PY) manage.py collectstatic --noinput -v0
	NEWSLINE_DEMO=1 $(PY) manage.py load_demo
	@echo ""
	@echo "  Reader:  http://$(HOST):$(PORT)/"
	@echo "  Desk:    http://$(HOST):$(PORT)/desk/   (demo sign-in: editor / newsline)"
	@echo "  Readers: http://$(HOST):$(PORT)/accounts/login/   (reader / newsline; Premium member: member / newsline)"
	@echo "  Email:   the demo's mail (sign-up confirmations, notifications) is written to files in var/mail/"
	@echo ""
	NEWSLINE_DEMO=1 SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py serve --host $(HOST) --port $(PORT)

## lint: ruff over the code (pyproject.toml's [tool.ruff]): unused imports and names, import order, lines past 120
lint: install-test
	$(PY) -m ruff check .

## test: ruff first (a second), then the whole suite on SQLite (TEST_WORKERS processes, pytest-xdist), the tests marked each_server again as a stream node (WEB_ROLE=streams: uvicorn), then (TEST_POSTGRES_URL set, as in CI) the tests that touch the database, but not the browser's, on PostgreSQL (docs/testing.md)
test: install-test
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(TEST_WORKERS)
	@echo "== the tests whose result depends on the ASGI server (marked each_server) again on a stream node's server (uvicorn)"
	WEB_ROLE=streams $(PY) -m pytest -n $(TEST_WORKERS) -m each_server realtime tests/browser
	@if [ -n "$(TEST_POSTGRES_URL)" ]; then \
	  echo "== the tests that touch the database again on PostgreSQL ($(TEST_POSTGRES_URL)), but not the browser tests: the rest ran above"; \
	  DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m pytest -n $(TEST_WORKERS) --database-tests-only --ignore=tests/browser --ignore-glob='*_browser.py'; \
	fi

## messages: bring the translation catalogues up to date with the code and compile them (needs GNU gettext; `make messages APPS=liveblogs` for one app; docs/i18n.md)
messages: install
	NEWSLINE_DEMO=1 $(PY) manage.py messages $(APPS)

## serve: the production server (settings from the environment)
serve: install
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

## worker: a background job worker on its own (serve starts one; run more on other machines with JOB_WORKER=off there)
worker: install
	$(PY) manage.py run_worker --no-reload

## audit: every locked package against PyPI's advisory data (CI runs it; unreachable, it warns and passes)
audit:
	$(PYTHON) deploy/audit_dependencies.py requirements-test.lock

## backup: a consistent copy of the database in $(BACKUP_DIR) (var/backups by default); `make backup TO=path` for a file of your choice
backup: install
	$(PY) manage.py backup $(if $(TO),--output $(TO))

## restore: put a backup back (FROM=path, or the newest in the backup folder); open reader pages reset
restore: install
	$(PY) manage.py restore $(if $(FROM),$(FROM),--latest) --yes

## bench: the benchmarks (bench/run.py), all or `make bench ONLY=pages,fanout`; results in bench/results/
bench: install-test
	$(PY) bench/run.py $(ONLY)

## soak: SOAK_MINUTES (30) of SOAK_READERS (2000) readers, a post every 2 s, comments: memory, lost events (bench/soak.py)
soak: install-test
	$(PY) bench/soak.py

## rolling: restart two servers in turn under ROLLING_READERS (2000) readers: lost, duplicated, reconnect spread (bench/rolling.py)
rolling: install-test
	$(PY) bench/rolling.py

clean:
	rm -rf var .pytest_cache
