# Everything a fresh machine needs is set up by the targets themselves:
# the pinned npm package (MathJax, package-lock.json), then a local virtual
# environment with the pinned Python packages (constraints.txt) and bpdocs
# installed editable (its build hook copies MathJax into the package).
#
#   make serve   author the site with live reload on http://127.0.0.1:8000
#   make test    run every test
#   make build   build the static site into site/ (strict)

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
MATHJAX = plugins/bpdocs/static/vendor/mathjax/mathjax-node.js

.PHONY: serve test build bench setup clean

setup: $(VENV)/.installed $(MATHJAX)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(VENV)/.installed: pyproject.toml setup.py constraints.txt node_modules/.installed
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,bench]'
	touch $@

$(MATHJAX): node_modules/.installed setup.py plugins/bpdocs/static/bundling/mathjax-node.js
	$(BIN)/python -c 'import runpy; runpy.run_path("setup.py")["vendor_mathjax"]()'

serve: setup
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

test: setup
	$(BIN)/python -m pytest

build: setup
	$(BIN)/mkdocs build --strict

bench: setup
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/build.py
	$(BIN)/python bench/check.py
	$(BIN)/python bench/reader.py

clean:
	rm -rf $(VENV) node_modules site dist .cache plugins/bpdocs/static/vendor
