# Every target sets itself up (scripts/setup.sh is quick when nothing is missing).
VENV := .venv
BIN := $(VENV)/bin
FOIA_HOME ?= var
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run user test lint bench format clean mutation

setup: ; @bash scripts/setup.sh

# An index written by an older version (schema changed) is rebuilt from the cache first.
run: setup ; $(BIN)/foia --home $(FOIA_HOME) ingest corpus/ && { $(BIN)/foia --home $(FOIA_HOME) search --limit 1 records >/dev/null 2>&1 || $(BIN)/foia --home $(FOIA_HOME) reindex; } && $(BIN)/foia --home $(FOIA_HOME) serve --host $(HOST) --port $(PORT)

# An account on the home `make run` serves: make user NAME=alice ROLE=staff (asks for the
# password; piped in, it is read from standard input: echo "$PW" | make user NAME=… ROLE=…).
user: setup ; @test -n "$(NAME)" || { echo 'usage: make user NAME=alice ROLE=viewer|staff|admin' >&2; exit 2; }; $(BIN)/foia --home $(FOIA_HOME) user add "$(NAME)" --role "$(or $(ROLE),staff)" $$([ -t 0 ] || echo --password-stdin)

test: setup ; $(BIN)/pytest

lint: setup ; $(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

bench: setup ; $(BIN)/python bench/run_all.py --out bench/RESULTS.md

# Not part of test or CI (one to two hours): mutation scores of the modules in pyproject's [tool.mutmut].
mutation: setup ; rm -rf mutants && $(BIN)/mutmut run --max-children 2 >/dev/null; $(BIN)/python scripts/mutation_scores.py --survivors

format: setup ; $(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean: ; rm -rf $(VENV) var bench/work .pytest_cache .mypy_cache .ruff_cache tests/browser/screenshots mutants .hypothesis
