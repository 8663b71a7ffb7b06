# Waypoint — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/waypoint
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

# make run: a local trial on the embedded SQLite database, with the demo network
# (DEMO=0: without it). make program: set up a real program (network, sites, first admin).
DEMO ?= 1
RUN_ENV := WAYPOINT_DEMO=$(DEMO) WAYPOINT_SECURE=0 WAYPOINT_SECRET_KEY_FILE=var/secret.key

.PHONY: run dev program test test-sqlite test-postgres lint install install-dev messages clean

# setuptools tells every editable install, in a box, to beware of folders named like the package.
QUIET_INSTALL := PYTHONWARNINGS="ignore:Editable installation"

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(QUIET_INSTALL) $(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(QUIET_INSTALL) $(PIP) install --quiet -e '.[dev,postgres,redis,pdf]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var/secret.key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: $(VENV)/.installed var/secret.key
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@if [ "$(DEMO)" = "1" ]; then $(RUN_ENV) $(PY) manage.py seed_demo --if-empty; fi
	$(RUN_ENV) $(PY) manage.py serve

# program: asks for the program's name, its sites and its first admin (ARGS="--help" lists the options).
program: $(VENV)/.installed var/secret.key
	$(RUN_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	$(RUN_ENV) $(PY) manage.py create_program $(ARGS)

# dev: Django's autoreloading server in debug mode (tasks run in the request: WAYPOINT_TASKS_IMMEDIATE=1).
dev: $(VENV)/.installed-dev
	WAYPOINT_DEBUG=1 WAYPOINT_DEMO=1 $(PY) manage.py migrate --noinput
	WAYPOINT_DEBUG=1 WAYPOINT_DEMO=1 $(PY) manage.py seed_demo --if-empty
	WAYPOINT_DEBUG=1 WAYPOINT_DEMO=1 WAYPOINT_TASKS_IMMEDIATE=1 $(PY) manage.py runserver 127.0.0.1:8000

# make test: the whole suite on SQLite, then on PostgreSQL (+ Redis) when reachable.
test: test-sqlite test-postgres

test-sqlite: $(VENV)/.installed-dev
	@echo "=== Waypoint test suite on SQLite (embedded task queue) ==="
	env -u DATABASE_URL -u REDIS_URL WAYPOINT_TEST_DB=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev
	@if $(PY) tests/services.py postgres "$(PG_URL)"; then \
	  echo "=== Waypoint test suite on PostgreSQL ==="; \
	  if $(PY) tests/services.py redis "$(REDIS_TEST_URL)"; then export REDIS_URL="$(REDIS_TEST_URL)"; echo "    (task queue and cache on Redis)"; \
	  elif [ "$$WAYPOINT_REQUIRE_POSTGRES" = "1" ]; then echo "Redis is required alongside PostgreSQL but is not reachable at $(REDIS_TEST_URL)"; exit 1; fi; \
	  DATABASE_URL="$(PG_URL)" WAYPOINT_TEST_DB=postgres $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ "$$WAYPOINT_REQUIRE_POSTGRES" = "1" ]; then \
	  echo "PostgreSQL is required (WAYPOINT_REQUIRE_POSTGRES=1) but not reachable at $(PG_URL)"; exit 1; \
	else \
	  echo "=== PostgreSQL not reachable at $(PG_URL): PostgreSQL run skipped ==="; \
	fi

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check waypoint tests bench
	$(VENV)/bin/ruff format --check waypoint tests bench

messages: $(VENV)/.installed-dev
	cd waypoint && WAYPOINT_DEBUG=1 ../$(PY) ../manage.py makemessages -l es --no-obsolete --ignore='migrations/*'
	cd waypoint && WAYPOINT_DEBUG=1 ../$(PY) ../manage.py compilemessages -l es

clean:
	rm -rf $(VENV) var
