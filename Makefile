# qtransport: the two commands of the README, and a few helpers.
#
#   make lab    set up (first time only) and open the course in JupyterLab
#   make test   set up (first time only) and run every test
#
# Setup is a project-local virtual environment in .venv, installed with plain
# pip from pyproject.toml.  It is redone only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DOCS   := $(VENV)/.installed-docs
PORT   ?= 8888

.PHONY: lab test test-units test-site test-browser test-book book pdf setup bench exercises lint format clean help

help:
	@echo "make lab        open the course in JupyterLab (sets up .venv on first use)"
	@echo "make test       run every test: unit, doctest, notebooks, exercises, lint, website, browser"
	@echo "make test-browser  only the real-browser test (JupyterLab in headless Chromium)"
	@echo "make test-book  only the website and PDF tests (builds the site first)"
	@echo "make book       build the course as a static website in _build/html"
	@echo "make pdf        print the website to _build/qtransport.pdf"
	@echo "make bench      print the benchmark tables"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make clean      remove .venv and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "qtransport needs Python 3.11 or newer, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[course,test]"
	@touch $(STAMP)

# The website's tools (Jupyter Book 1), needed by make book, make pdf and make test.
$(DOCS): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[course,test,docs]"
	@touch $(DOCS)

setup: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb --allow-root

# First the website is built, its chapters run two at a time with no other kernel starting
# beside them (about a minute).  Then the tests run on every core (at most four), one file per
# worker so that a notebook's cells stay together; beside them, each page of the site is opened
# in headless Chromium and the PDF printed and checked (they measure no timings, so the load
# does not matter to them).  The JupyterLab test runs alone afterwards, so that what it
# measures in the page is not slowed down by the other tests.
test: $(STAMP) $(DOCS)
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-hub-proxy.sh
	$(BIN)/ruff check qtransport tests notebooks solutions benchmarks scripts book/_ext
	$(BIN)/python scripts/build_book.py
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-units test-site
	$(BIN)/python -m pytest -m browser --ignore=tests/browser/test_book.py --ignore=tests/browser/test_pdf.py

# Unit tests, doctests, every notebook (nbval), the exercises and the grader.
test-units: $(STAMP)
	$(BIN)/python -m pytest --numprocesses=auto --maxprocesses=4 --dist=loadfile -m "not browser"

# The website and the PDF, built and tested.
test-site: $(STAMP) $(DOCS)
	@bash scripts/ensure-chromium.sh
	QTRANSPORT_BOOK=required $(BIN)/python -m pytest -m browser tests/browser/test_book.py tests/browser/test_pdf.py

test-browser: $(STAMP)
	@bash scripts/ensure-chromium.sh
	$(BIN)/python -m pytest -m browser

book: $(DOCS)
	$(BIN)/python scripts/build_book.py

pdf: book
	@bash scripts/ensure-chromium.sh
	$(BIN)/python scripts/build_pdf.py

test-book: test-site

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

exercises: $(STAMP)
	$(BIN)/python -m qtransport.grading generate

lint: $(STAMP)
	$(BIN)/ruff check qtransport tests notebooks solutions benchmarks scripts book/_ext

format: $(STAMP)
	$(BIN)/ruff check --fix qtransport tests notebooks solutions benchmarks scripts
	$(BIN)/nbstripout notebooks/*.ipynb solutions/*.ipynb exercises/*.ipynb

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
