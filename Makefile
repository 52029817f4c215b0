# The two set-up commands of the README: `make demo` and `make test`. Both build .venv first.
# `make serve` then serves the demonstration record on http://127.0.0.1:8000/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DATA ?= demo-data
# Leaflet and axe-core from the npm registry, served by the app (git-ignored; scripts/vendor-js).
VENDOR := src/ceasefire/web/static/vendor
VENDORED := $(VENDOR)/.versions

.PHONY: demo serve test lint docs venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(VENDORED): scripts/vendor-js
	scripts/vendor-js $(VENDOR)

venv: $(STAMP) $(VENDORED)

demo: $(STAMP) $(VENDORED)
	rm -rf $(DEMO_DATA)
	$(BIN)/ceasefire --data-dir $(DEMO_DATA) ingest src/ceasefire/demo/reports
	$(BIN)/ceasefire --data-dir $(DEMO_DATA) cases lodge --agreement agreements/doha-2025.yaml \
		--by pakistan --against afghanistan --clause ceasefire \
		--evidence $$(sha256sum src/ceasefire/demo/reports/example-03-kurram-complaint.md | cut -c1-12) \
		--allegation "A drone from across the border struck a house in Kurram district."
	$(BIN)/ceasefire --data-dir $(DEMO_DATA) documents
	$(BIN)/ceasefire --data-dir $(DEMO_DATA) incidents
	$(BIN)/ceasefire --data-dir $(DEMO_DATA) assess --agreement agreements/doha-2025.yaml
	$(BIN)/ceasefire --data-dir $(DEMO_DATA) log verify
	$(BIN)/ceasefire --data-dir $(DEMO_DATA) report --agreement agreements/doha-2025.yaml \
		--to 2025-11-30 --format html --output $(DEMO_DATA)/report.html
	BIN=$(BIN) scripts/demo-users $(DEMO_DATA)

serve: $(STAMP) $(VENDORED)
	$(BIN)/ceasefire --data-dir $(DEMO_DATA) serve

PY_DIRS := src tests $(wildcard benchmarks scripts eval)

lint: $(STAMP)
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/mypy
	$(BIN)/lint-imports

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

test: $(STAMP) $(VENDORED) lint
	scripts/ensure-chromium
	scripts/with-postgres $(BIN)/pytest -q

clean:
	rm -rf $(VENV) $(VENDOR) $(DEMO_DATA) site .pytest_cache .mypy_cache .ruff_cache
