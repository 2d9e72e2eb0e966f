# The CRM workbook: `make lab` to read and work, `make test` to check everything.
# Works with GNU make on Linux, macOS and Windows (Git Bash); without make, see README.md.

PYTHON ?= python3
VENV   := .venv
ifeq ($(OS),Windows_NT)
  BIN := $(VENV)/Scripts
else
  BIN := $(VENV)/bin
endif
PY     := $(BIN)/python
LOCK   := constraints.txt
# Extra arguments for JupyterLab or pytest, e.g. `make lab ARGS=--no-browser`,
# `make test ARGS="-k rfm"`.
ARGS   ?=
# pytest workers: `make test` runs on two cores, each test file (so each notebook's cells,
# in order) in one worker; `make test WORKERS=0` runs in one process.
WORKERS ?= 2
# Which edition `make lab` opens: EDITION=zh starts in the Chinese edition (中文版).
# (Not LANG: make would take it from the environment's locale.)
EDITION ?= en
START  := notebooks/$(if $(filter zh,$(EDITION)),zh/,)00-getting-started.ipynb
# Translated markdown cells to accept after updating them: `make zh-sync ACCEPT="ch04-013"`.
ACCEPT ?=
# JupyterLab refuses to run as root unless told to; add the flag only for root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab test test-browser lint bench lock data student slides zh-sync grade clean

lab: $(VENV)/.installed-lab  ## start JupyterLab on the getting-started notebook (EDITION=zh: 中文版)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/$(START) $(ARGS)

test: $(VENV)/.installed-test  ## lint, library tests, data tests, notebook hygiene, every notebook
	$(BIN)/ruff check .
	$(PY) -m pytest $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadfile) $(ARGS)

# Debian's chromium (playwright never downloads a browser); override with CHROMIUM=/path.
CHROMIUM ?= /usr/bin/chromium

test-browser: $(VENV)/.installed-test  ## every notebook run in JupyterLab in headless Chromium
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Chromium is missing: installing Debian's chromium with apt-get"; \
	    apt-get update && apt-get install -y chromium fonts-noto-color-emoji || exit 1; \
	  else \
	    echo "make test-browser needs Chromium at $(CHROMIUM) and cannot install it here"; \
	    echo "(not root, or no apt-get). Install Debian's chromium package, or run"; \
	    echo "make test-browser CHROMIUM=/path/to/chromium"; \
	    exit 1; \
	  fi; \
	fi
	CHROMIUM="$(CHROMIUM)" $(PY) tests/browser_check.py $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed-lab  ## time the analytics on 1,000,000 orders against plain pandas
	$(PY) bench/run.py $(ARGS)

data: $(VENV)/.installed-lab  ## regenerate data/ from the seeded generator
	$(PY) -m crmkit.synth

# `make grade SUBMISSIONS=hand-ins/ OUT=grades/`: score a folder of submitted notebooks.
SUBMISSIONS ?= submissions
OUT ?= grades

grade: $(VENV)/.installed-lab  ## grade every notebook in SUBMISSIONS/: OUT/gradebook.csv, feedback
	$(PY) -m crmkit.grade "$(SUBMISSIONS)" --out "$(OUT)" $(ARGS)

student: $(VENV)/.installed-lab  ## student edition (solutions removed) in build/student/
	$(PY) scripts/student_edition.py build/student

slides: $(VENV)/.installed-lab  ## offline reveal.js slides of every notebook in build/slides/
	$(PY) scripts/build_slides.py build/slides

zh-sync: $(VENV)/.installed-lab  ## copy code, cell order and tags into the Chinese edition
	$(PY) scripts/zh_sync.py $(if $(ACCEPT),--accept $(ACCEPT),)

lock:  ## refresh constraints.txt: newest versions allowed by pyproject.toml
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[test]"
	echo "# Exact versions the workbook is tested with. Regenerate with 'make lock'." > $(LOCK)
	echo "# Used as pip constraints (-c), so platform-only packages are still allowed." >> $(LOCK)
	.lock-venv/bin/python -m pip freeze --exclude-editable >> $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) build .pytest_cache

$(PY):
	$(PYTHON) -m venv $(VENV)

# The stamps make a second run start at once: pip runs again only when
# pyproject.toml or the lock changed.  The test environment includes the lab one.
$(VENV)/.installed-lab: pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --quiet -c $(LOCK) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --quiet -c $(LOCK) -e ".[test]"
	touch $(VENV)/.installed-lab $@
