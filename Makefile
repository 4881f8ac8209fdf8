# The course's commands. `make book` and `make test` set everything up on first use.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The test and bench tools (requirements-dev.txt) have a stamp of their own: `make book` and
# `make lab` install only what a learner needs, `make test` and `make bench` add the rest.
DEV_STAMP := $(VENV)/.installed-dev
NPM_STAMP := node_modules/.package-lock.json
PYTHON ?= python3
# JupyterLab refuses to run as root without this flag; only pass it when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Builds, tests and re-executed notebooks never touch a learner's real progress file: they
# get a scratch one, removed afterwards (the command's exit status is kept).
with_scratch = scratch=$$(mktemp -d) && R2P_PROGRESS=$$scratch/progress.json $(1); \
	status=$$?; rm -rf "$$scratch"; exit $$status
# JupyterLab on the course's root, opening the start page: default_url makes the link that
# JupyterLab prints (and the browser it opens) land on book/intro.md, not on the Launcher.
# The course's JupyterLab settings come with the package (jupyter-config/), so plain pip
# users get the same (see README).
LAB_ARGS := --ip=127.0.0.1 $(ROOT_FLAG) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/book/intro.md

.PHONY: setup book serve lab lab-command update test test-fast notebooks bench hub-sizing chromium java node check rules-js clean

setup: $(STAMP)

# Reinstall only when requirements.txt, pyproject.toml or the shipped Jupyter settings
# changed (or .venv is missing).
$(STAMP): requirements.txt pyproject.toml $(wildcard jupyter-config/*/*.json)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

# The test and bench tools on top (again whenever the learner's install above was redone).
$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(DEV_STAMP)

# The npm packages, pinned in package.json and package-lock.json: reveal.js for the slide
# decks (the book build copies its files into the site), and the tests' tools (axe-core for the
# accessibility tests, configurable-http-proxy for the JupyterHub rehearsal, vnu-jar, ESLint for
# the course's JavaScript: tests/test_assets.py).
$(NPM_STAMP): package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

book: $(STAMP) $(NPM_STAMP)
	@$(call with_scratch,$(BIN)/jupyter-book build . -W -n --keep-going)
	@echo
	@echo "The course website is in _build/html/ (start page: _build/html/index.html)."
	@echo "View it with: make serve   (then open http://127.0.0.1:8000/)"

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_ARGS)

# The exact command line of `make lab` (the JupyterLab tests start it).
lab-command:
	@echo jupyter lab $(LAB_ARGS)

# Bring the course up to date (git) without losing the learner's work: files they changed that
# the course changed too are copied to my-changes/ first. Plain Python: no .venv needed.
update:
	@$(PYTHON) tools/update.py

# Re-run the lab notebooks in place, with outputs kept stable (no timestamps, fixed widget ids).
notebooks: $(STAMP)
	@$(call with_scratch,$(BIN)/python tools/run_notebooks.py notebooks/*.ipynb)

check: $(STAMP)
	$(BIN)/r2p-course check

# The shared rules' JavaScript (r2p_course/widgets/static/rules.js), generated from
# r2p_course/rules.py: run after editing rules.py (tests/test_rules.py fails until you do).
# Plain Python: no .venv needed.
rules-js:
	@$(PYTHON) -m r2p_course.rules

# Node.js and npm (for reveal.js and the tests' npm tools) come from Debian: install them when root, else say how.
node:
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm; \
	  else \
	    echo "The setup needs Node.js and npm (for reveal.js, the slide decks, and for the tests' tools)."; \
	    echo "Install them with:"; \
	    echo "    sudo apt-get install nodejs npm"; \
	    echo "then run make again."; exit 1; \
	  fi; \
	fi

# Browser tests drive Debian's chromium; install it when root, else say how.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "The browser tests need Debian's chromium. Install it with:"; \
	    echo "    sudo apt-get install chromium"; \
	    echo "then run 'make test' again."; exit 1; \
	  fi; \
	fi

# The HTML checker (npm's vnu-jar) runs on Java: Debian's headless runtime, installed when root.
java:
	@if ! command -v java >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless; \
	  else \
	    echo "The HTML check (vnu-jar) needs Java. Install it with:"; \
	    echo "    sudo apt-get install default-jre-headless"; \
	    echo "then run 'make test' again."; exit 1; \
	  fi; \
	fi

# The print tests read the PDFs with poppler's pdftotext, pdfinfo and pdffonts (Debian's
# poppler-utils), installed when root, else say how.
poppler:
	@if ! command -v pdftotext >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils; \
	  else \
	    echo "The print tests read PDFs with poppler-utils. Install it with:"; \
	    echo "    sudo apt-get install poppler-utils"; \
	    echo "then run 'make test' again."; exit 1; \
	  fi; \
	fi

# Every test, in two lanes at once (the machine's 2 cores): the JupyterLab and JupyterHub tests
# (marker `lab`: mostly waiting on servers, kernels and a browser) beside all the others. Each
# lane has its own temporary folder; the lab lane's report is printed after the other's, and
# the run fails if either lane fails.
test: $(DEV_STAMP) $(NPM_STAMP) chromium java poppler
	$(BIN)/ruff check .
	@mkdir -p _build; \
	$(BIN)/pytest -m lab --basetemp="$$(mktemp -d)" > _build/test-lab.log 2>&1 & lab=$$!; \
	$(BIN)/pytest -m "not lab" --basetemp="$$(mktemp -d)"; others=$$?; \
	wait $$lab; labs=$$?; \
	echo; echo "== The JupyterLab and JupyterHub tests (marker lab), run beside the others =="; \
	cat _build/test-lab.log; \
	test $$others -eq 0 && test $$labs -eq 0

# The fast lane, under a minute: the `unit` tests (tests/README.md), among them the shared case
# files run against Python and, in Node.js, the JavaScript. No site build, browser or JupyterLab.
test-fast: $(DEV_STAMP) $(NPM_STAMP) java
	$(BIN)/ruff check .
	$(BIN)/pytest -m "unit and not slow"

bench: $(DEV_STAMP) $(NPM_STAMP) chromium
	@$(call with_scratch,$(BIN)/python tools/bench.py)

# What one learner costs on a JupyterHub (tools/hub_sizing.py, on the rehearsal hub of the tests):
# prints a table, a few minutes. Opt-in: neither make test nor make bench runs it.
hub-sizing: $(DEV_STAMP) $(NPM_STAMP) chromium
	$(BIN)/python tools/hub_sizing.py

# The printable edition: _build/pdf/handbook.pdf and tool-cards.pdf, printed from the website
# (built first) by Chromium through Playwright (tools/make_pdf.py), offline.
.PHONY: pdf poppler
pdf: book $(DEV_STAMP) chromium
	$(BIN)/python tools/make_pdf.py

clean:
	rm -rf _build
