# The two commands a new machine needs: `make demo` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
POLICY := policies/songjiang-terminal-2024

.PHONY: setup demo test check compile clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Check and compile every policy, then answer the example requests (JSON Lines in and out).
demo: setup
	$(BIN)/sjdsl check $(POLICY)
	$(BIN)/sjdsl compile policies --out generated
	$(BIN)/sjdsl eval $(POLICY) < examples/requests.jsonl

test: setup
	$(BIN)/python -m pytest

check: setup
	$(BIN)/sjdsl check $(POLICY)

compile: setup
	$(BIN)/sjdsl compile policies --out generated

clean:
	rm -rf $(VENV) build dist site .pytest_cache
