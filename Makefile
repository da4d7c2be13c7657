# Ficshelf chores. `make run` and `make test` are all a new user needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-fast install install-test lint deadcode mypy mypy-pure format migrate demo serve clean

run: install
	PORT=$(PORT) $(BIN)/ficshelf serve

# The venv is rebuilt when pyproject.toml changes.
$(BIN)/ficshelf: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Ficshelf needs Python 3.11 or newer; this is " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install: $(BIN)/ficshelf

$(VENV)/.test-installed: $(BIN)/ficshelf
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install-test: $(VENV)/.test-installed

# Style, then the layering rules (import-linter: [tool.importlinter] in pyproject.toml),
# then dead code.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory deadcode

# Dead code: vulture at 80% confidence, which is what it is sure of: unused imports and
# arguments, unreachable code ([tool.vulture] in pyproject.toml says why not lower).
deadcode: install-test
	$(BIN)/vulture

# Types: `make mypy` checks everything [tool.mypy] names, the pure packages strictly, and
# `make test` runs it. `make mypy-pure` checks the pure packages alone, a quick loop.
PURE_PACKAGES := ficshelf/text ficshelf/importer ficshelf/books
mypy: install-test
	$(BIN)/mypy

mypy-pure: install-test
	$(BIN)/mypy $(PURE_PACKAGES)

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The one command CI calls.
test: install-test lint mypy
	$(BIN)/pytest

# A quick local loop: all but the tests marked slow (subprocesses: the benchmarks,
# epubcheck's JVM) or browser. CI runs `make test`, which runs every one of them.
test-fast: install-test
	$(BIN)/pytest -m "not slow and not browser"

migrate: install
	$(BIN)/ficshelf migrate

demo: migrate
	$(BIN)/ficshelf demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .grimp_cache .import_linter_cache build *.egg-info
