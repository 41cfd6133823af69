# Two entry points for a fresh machine (only Python 3.11+ and make needed):
#   make run   - create .venv, install accord with its HTML reports, run the embedded default scenario
#   make test  - create .venv, install accord with its test tools, lint, type-check, test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck pytest browser postgresql bench clean

$(BIN)/accord: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[report]'
	@touch $@

# The tests also need a small strategy package installed (entry-point group accord.strategies).
$(VENV)/.dev: $(BIN)/accord tests/plugin_package/pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet -e tests/plugin_package
	@touch $@

run: $(BIN)/accord
	$(BIN)/accord run

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.dev
	$(BIN)/mypy

# The report tests open every kind of report in a headless Chromium (Debian's package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium for the report tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: the report tests need chromium (apt-get install chromium)"; fi; }

# The service tests start a throwaway PostgreSQL cluster (Debian's package).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing postgresql for the service tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "note: the service tests need postgresql (apt-get install postgresql)"; fi; }

pytest: $(VENV)/.dev browser postgresql
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: $(BIN)/accord
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
