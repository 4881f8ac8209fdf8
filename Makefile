# The course's commands. `make book` and `make test` set everything up on first use.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTHON ?= python3
# JupyterLab refuses to run as root without this flag; only pass it when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Builds, tests and re-executed notebooks never touch a learner's real progress file.
SCRATCH_PROGRESS = $$(mktemp -d)/progress.json

.PHONY: setup book serve lab test notebooks bench chromium check clean

setup: $(STAMP)

# Reinstall only when requirements.txt or pyproject.toml changed (or .venv is missing).
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

# JupyterLab settings for the course: MyST pages open as notebooks (jupytext), no news prompt.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): tools/jupyterlab-overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp $< $@

book: $(STAMP)
	R2P_PROGRESS=$(SCRATCH_PROGRESS) $(BIN)/jupyter-book build . -W -n --keep-going
	@echo
	@echo "The course website is in _build/html/ (start page: _build/html/index.html)."
	@echo "View it with: make serve   (then open http://127.0.0.1:8000/)"

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab --ip=127.0.0.1 $(ROOT_FLAG) book/intro.md

notebooks: $(STAMP)
	R2P_PROGRESS=$(SCRATCH_PROGRESS) $(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

check: $(STAMP)
	$(BIN)/r2p-course check

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

test: $(STAMP) $(LAB_SETTINGS) chromium
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: $(STAMP) chromium
	$(BIN)/python tools/bench.py

clean:
	rm -rf _build
