# `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench install system-deps clean fideslang-venv

demo: $(STAMP) system-deps
	$(BIN)/daicho demo --out demo-output

test: $(STAMP) system-deps fideslang-venv
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check inventory catalog cli tests bench

bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py

install: $(STAMP)

# fideslang (to validate the Fides export) pins an older pydantic than daicho's: it gets a venv of its own.
FIDES_VENV := .venv-fideslang
fideslang-venv: $(FIDES_VENV)/.installed
$(FIDES_VENV)/.installed:
	test -x $(FIDES_VENV)/bin/python || $(PYTHON) -m venv $(FIDES_VENV)
	$(FIDES_VENV)/bin/python -m pip install -q fideslang==3.1.4 \
	  || echo "note: fideslang could not be installed; the Fides validation tests will be skipped" >&2
	$(FIDES_VENV)/bin/python -c "import fideslang" && touch $@ || true

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

clean:
	rm -rf $(VENV) $(FIDES_VENV) demo-output *.egg-info build .pytest_cache
