# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
CATALOGUE := mtu/translations/en/LC_MESSAGES/messages

.PHONY: run test install lint weigh clean-db constraints messages bench bench-quick

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Perlu Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-installs whenever pyproject.toml or constraints.txt changes. constraints.txt pins every
# package to the versions the suite last passed with; `make constraints` writes it anew from
# the working .venv after an upgrade (pip install -U … inside the ranges of pyproject.toml).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

install: $(VENV)/.installed $(CATALOGUE).mo

# Translations (mtu/translations; Bahasa Indonesia is the source language). The .po is kept in
# git, the .mo is compiled from it here. `make messages` extracts every _()/_l()/ngettext from
# mtu/ and templates/ and adds the new ones, untranslated, to each catalogue (sorted, without
# source lines, so that branches adding messages merge cleanly); then translate the empty
# msgstr entries: tests/test_translations.py fails while one is left.
$(CATALOGUE).mo: $(CATALOGUE).po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d mtu/translations

messages: | $(VENV)/.installed
	@mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --no-wrap \
	  --sort-output --project MTU -o build/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date \
	  --no-wrap -i build/messages.pot -d mtu/translations
	$(MAKE) --no-print-directory $(CATALOGUE).mo

constraints: | $(BIN)/python
	{ echo "# Written by make constraints (pip freeze of a .venv the suite passed in)."; \
	  $(BIN)/pip freeze --exclude-editable; } > constraints.txt

run: install
	MTU_ENV=development $(FLASK) db upgrade
	MTU_ENV=development $(FLASK) seed-demo --if-empty
	MTU_ENV=development $(FLASK) run --host 127.0.0.1 --port $(PORT)

# The test suite's checkers from the npm registry (package.json, pinned by package-lock.json):
# the Nu HTML checker (vnu.jar, run with the machine's Java) and axe-core. --ignore-scripts:
# vnu-jar's own install script would fetch a Java; the machine has one.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# A pytest-xdist worker per core, each with its own database (tests/conftest.py); a single
# file runs as usual with .venv/bin/pytest tests/…
TEST_WORKERS ?= auto

test: install node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check .

# Bytes on the wire for the demo pages (see README, "Budgets").
weigh: install
	$(BIN)/python -m tests.weigh

# A synthetic province (100 000 participants, 2 M marks) on SQLite and PostgreSQL, served by
# gunicorn on 127.0.0.1 and driven by 1 and 50 users; writes docs/PERFORMANCE.md (README,
# "Performance"). BENCH_PG_URL names the PostgreSQL database it may wipe (default bench_pg).
$(VENV)/.bench-installed: pyproject.toml constraints.txt | $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	@touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench $(BENCH_ARGS)

# A tenth of the rows (BENCH_SCALE overrides), 5 s warm-up, 20 s measured; writes no docs.
bench-quick: $(VENV)/.bench-installed
	$(BIN)/python -m bench --quick $(BENCH_ARGS)

clean-db:
	rm -f instance/mtu.sqlite3 instance/mtu.sqlite3-wal instance/mtu.sqlite3-shm
