# Two commands for a fresh clone: `make run` and `make test`.
SHELL := /bin/bash
export UV_NATIVE_TLS := 1
export PYTHONDONTWRITEBYTECODE := 1

VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench messages requirements clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check uv
	$(UV) pip install -q --python $(PY) -r requirements.txt
	touch $@

node_modules/.installed: package.json
	npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error
	touch $@

# The test run's search node (OpenSearch from Maven Central): built once into docker/search-node/target.
SEARCH_NODE := docker/search-node/target/.built
$(SEARCH_NODE): docker/search-node/pom.xml $(wildcard docker/search-node/src/main/java/cz/triada/searchnode/*.java)
	cd docker/search-node && mvn -q -B package -DskipTests
	touch $@

# veraPDF (PDF/UA-1 validator, Maven Central) for the PDF tests: built once into docker/pdf-check/target.
PDF_CHECK := docker/pdf-check/target/.built
$(PDF_CHECK): docker/pdf-check/pom.xml
	cd docker/pdf-check && mvn -q -B package
	touch $@

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

run: $(VENV)/.installed
	scripts/ensure-system-packages run
	$(MAKE) --no-print-directory messages
	mkdir -p var
	DJANGO_SETTINGS_MODULE=triada.settings.dev $(PY) manage.py migrate -v0
	DJANGO_SETTINGS_MODULE=triada.settings.dev $(PY) manage.py load_taxonomy
	DJANGO_SETTINGS_MODULE=triada.settings.dev $(PY) manage.py load_demo --port $(PORT)
	DJANGO_SETTINGS_MODULE=triada.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	scripts/ensure-system-packages test
	$(MAKE) --no-print-directory node_modules/.installed messages $(SEARCH_NODE) $(PDF_CHECK)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed
	scripts/ensure-system-packages test
	$(PY) -m bench

requirements: $(VENV)/.installed
	$(UV) pip compile requirements.in -o requirements.txt --python-version 3.11 -q

clean:
	rm -rf var node_modules $(VENV)
