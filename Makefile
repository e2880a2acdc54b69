# The two commands a new machine needs: `make demo` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
POLICY := policies/songjiang-terminal-2024

.PHONY: setup demo test check compile docs serve-docs fmt fuzz bench bench-peers clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Check and compile every policy, run its worked examples, answer the example requests
# (JSON Lines in and out), build the auditors' site, and start the HTTP service briefly to show
# one curl answer (examples/serve-demo.sh).
demo: setup
	for p in policies/*/; do $(BIN)/sjdsl check $$p && $(BIN)/sjdsl test $$p || exit 1; done
	$(BIN)/sjdsl compile policies --out generated
	$(BIN)/sjdsl eval $(POLICY) < examples/requests.jsonl
	@mkdir -p build && rm -f build/demo-ledger.sqlite*
	$(BIN)/sjdsl grant $(POLICY) --ledger build/demo-ledger.sqlite < examples/grants.jsonl
	$(BIN)/sjdsl ledger show --enterprise E-示例-甲 --ledger build/demo-ledger.sqlite
	$(BIN)/sjdsl synth --n 2000 --seed 1 > build/synthetic-applications.jsonl
	$(BIN)/sjdsl simulate $(POLICY) build/synthetic-applications.jsonl
	$(BIN)/mkdocs build --strict --quiet
	BIN=$(BIN) bash examples/serve-demo.sh
	@echo "The auditors' site is in site/ (open site/index.html; to search, run: make serve-docs)"

# The documentation site: hand-written docs/ plus generated/docs/, built strictly into site/;
# then each policy's printable review as a PDF (site/<policy>/review.pdf), printed by Chromium.
docs: compile
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m sjdsl.tools.review_pdf site
	@echo "built site/ (open site/index.html; to search, run: make serve-docs) and site/<policy>/review.pdf"

serve-docs: compile
	$(BIN)/mkdocs serve

# Every test, lint (ruff), and the policy files in their canonical layout.
test: setup
	$(BIN)/ruff check sjdsl tests bench
	$(BIN)/sjdsl fmt --check policies
	$(BIN)/python -m pytest

check: setup
	$(BIN)/sjdsl check $(POLICY)

compile: setup
	$(BIN)/sjdsl compile policies --out generated

# Longer fuzzing runs than make test: damaged policies, random programs, requests, invariants,
# every number of both policies taken from (or changed in) its cited sentence.
fuzz: setup
	SJDSL_FUZZ_EXAMPLES=2000 SJDSL_FUZZ_MUTANTS=20000 $(BIN)/python -m pytest -q \
		tests/test_fuzz.py tests/test_invariants.py

# Benchmarks, not part of make test: ratios measured side by side; writes bench/results/latest.md.
bench: setup
	$(BIN)/python bench/run.py

# The vectorised engine against OpenFisca-Core, installed by the benchmark into its own venv.
bench-peers: setup
	$(BIN)/python bench/peers.py

fmt: setup
	$(BIN)/sjdsl fmt policies

clean:
	rm -rf $(VENV) build dist site .pytest_cache
