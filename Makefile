# `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench install bytecode system-deps clean fideslang-venv translations

demo: $(STAMP) system-deps bytecode
	$(BIN)/daicho demo --out demo-output

test: $(STAMP) system-deps fideslang-venv
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check inventory catalog cli tests bench

# issue 9's figures side by side with their targets (bench/README.md); BENCH_ARGS e.g. "--only engoo --runs 10"
bench: $(STAMP) system-deps bytecode
	@bash scripts/system-deps.sh bench
	$(BIN)/python bench/run.py $(BENCH_ARGS)

install: $(STAMP) bytecode

# An editable install runs daicho from these folders; where PYTHONDONTWRITEBYTECODE is set (as on CI machines)
# Python would compile every imported module from source on every run (~70 ms of a 0.4 s `where`). compileall
# writes the .pyc files (only for sources newer than theirs), so start-up is what a wheel install gives.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q catalog inventory cli > /dev/null

# The message catalogs (docs/translation.md): extract the tool's words, merge them into each language's .po
# (new ones empty, changed ones fuzzy: tests/test_words.py fails until a translator fills them), compile the .mo.
LOCALES := catalog/words/locale
translations: $(STAMP)
	$(BIN)/pybabel -q extract -F catalog/words/babel.cfg -o $(LOCALES)/daicho.pot --no-location --sort-output \
	  --project daicho --version 0.1.0 --copyright-holder daicho -c NOTE .
	$(BIN)/pybabel -q update -i $(LOCALES)/daicho.pot -d $(LOCALES) -D daicho -l ja --ignore-pot-creation-date
	$(BIN)/pybabel -q compile -d $(LOCALES) -D daicho -l ja

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
