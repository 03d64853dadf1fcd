# The two commands: `make demo` and `make test`. Both build everything from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/safeguard demo

test: setup
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/import_bench.py

clean:
	rm -rf $(VENV) var test-artifacts
