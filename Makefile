# The two commands: `make demo` and `make test`. Each builds everything it needs from nothing:
# only `python3` (3.11, with its standard `venv` module) has to be on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system demo test bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
		echo "Safeguard needs Python 3.11: '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." \
		     "Run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.11"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { \
		echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Chromium, PostgreSQL and GOV.UK Frontend for the web application (says so when it cannot).
system:
	scripts/setup-system

demo: setup system
	$(BIN)/safeguard demo

# The first pass shares the tests among the machine's cores, a test file to a core (a file's
# served site and browser stay in one process); the PostgreSQL pass does the same.
test: setup system
	$(BIN)/pytest -n auto --dist loadfile
	scripts/test-on-postgresql

bench: setup
	$(BIN)/python bench/import_bench.py

# Leaves the store (var/, or SAFEGUARD_HOME) alone: it holds the council's snapshots.
clean:
	rm -rf $(VENV) test-artifacts bench/out
