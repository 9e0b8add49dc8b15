# statusbridge — `make demo` and `make test` do every set-up step themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := node_modules/.installed

.PHONY: install browser demo test test-sqlite test-postgres bench check format clean

install: $(STAMP) $(ASSETS) browser

# USWDS (the web pages' design system) and axe-core (the browser tests' accessibility scan) come
# from the npm registry, pinned in package-lock.json, into node_modules/ (git-ignored).
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(ASSETS)

# The browser tests drive Debian's chromium (Playwright's own browser download fails here);
# where it cannot be installed they skip, saying why, rather than fail the install.
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium) \
	  || echo "chromium could not be installed: the browser tests (tests/e2e) will skip"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

demo: install
	bash scripts/demo.sh

test: install
	bash scripts/test.sh

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	bash bench/run.sh

check: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info .mypy_cache .ruff_cache
