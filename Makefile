# Two commands on a fresh machine: `make run` builds the seed graph, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench install chromium clean

run: $(STAMP)
	$(BIN)/kg build seeds/ --out outputs/

test: $(STAMP) $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest

# Archive benchmarks (heavy: minutes): speed against bare nlp.pipe, 2 processes against 1, memory on 10,000
# documents; SPARQL on a million triples against rdflib; kg serve under 16 clients for 30 s. Each runs
# whatever the others gave; make fails if any missed its target.
bench: $(STAMP)
	$(BIN)/python benchmarks/archive.py; archive=$$?; \
	$(BIN)/python benchmarks/sparql.py; sparql=$$?; \
	$(BIN)/python benchmarks/endpoint_load.py; load=$$?; \
	[ $$archive -eq 0 ] && [ $$sparql -eq 0 ] && [ $$load -eq 0 ]

# The viewer tests drive a real headless Chromium (Debian's package).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Chromium for the viewer tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The viewer tests need Chromium: install it (e.g. 'sudo apt-get install chromium') and run 'make test' again."; exit 1; \
	  fi; }

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache
