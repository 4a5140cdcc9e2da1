# The human interface. `make demo` and `make test` build the virtual environment when it is missing.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
# pip reads this for every install, build dependencies included: one tested set of versions.
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test test-fast lint sample clean

demo: $(BIN)/iip  ## ingest the embedded sample releases into the default warehouse and print the summary
	$(BIN)/iip run

test: $(BIN)/iip  ## the whole test suite, real-data tests included (they skip without ../shared/nso)
	$(BIN)/pytest

test-fast: $(BIN)/iip  ## everything but the tests that read the real workbooks
	$(BIN)/pytest -m "not slow"

lint: $(BIN)/iip
	$(BIN)/ruff check warehouse flows tests scripts bench

sample: $(BIN)/iip  ## rewrite the sample workbooks after editing scripts/build_sample.py
	$(BIN)/python scripts/build_sample.py

.PHONY: bench bench-smoke
# Not part of `make test`: whole-process timings take minutes. BENCHMARKS.md records the figures.
bench: $(BIN)/iip  ## the benchmark: every month 2010-01..2026-10, 5 runs each, 5% faults (~30 min on 2 cores)
	$(BIN)/python -m bench.run --faults 0.05

bench-smoke: $(BIN)/iip  ## the benchmark's quick form: four months, one timed run each, no real workbooks
	$(BIN)/python -m bench.run --start 2024-01 --end 2024-04 --repeats 1 --faults 0.5 --no-real \
		--work bench/work/smoke --out bench/results/smoke.json

$(BIN)/iip: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
