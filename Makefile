# Everything a fresh machine needs is set up by the targets themselves:
# a local virtual environment with the pinned Python packages (constraints.txt)
# and the pinned front-end assets (package-lock.json).
#
#   make serve   author the site with live reload on http://127.0.0.1:8000
#   make test    run every test
#   make build   build the static site into site/ (strict)

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

MATHJAX = docs/javascripts/vendor/mathjax/tex-svg.js

.PHONY: serve test build bench setup clean

setup: $(VENV)/.installed $(MATHJAX)

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,bench]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(MATHJAX): node_modules/.installed
	mkdir -p $(dir $@)
	cp node_modules/mathjax/es5/tex-svg.js $@

serve: setup
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: setup
	$(BIN)/python -m pytest

build: setup
	$(BIN)/mkdocs build --strict

bench: setup
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/build.py

clean:
	rm -rf $(VENV) node_modules site .cache docs/javascripts/vendor
