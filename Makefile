# newslib: every README command is a target here. `make` or `make help` lists them.
# Each target creates the virtual environment .venv when it is missing (Python 3.11+, pip).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CORPUS ?=
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install test report quality bench lab sync-notebooks clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# torch for the optional attribution tagger: the CPU build. Where PyPI's default torch is a
# CUDA build of several GB, pass e.g. TORCH="torch --index-url https://download.pytorch.org/whl/cpu".
TORCH  ?= torch==2.13.0

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e '.[dev,tagger,peers]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install newslib (editable) with its dependencies

test: $(STAMP)  ## run the test suite (benchmark-backed tests skip when ../shared is absent)
	$(PY) -m pytest

report: $(STAMP)  ## run every notebook headless on the sample corpus, or on CORPUS=path
	$(PY) -m newslib.report $(if $(CORPUS),--corpus "$(CORPUS)")

quality: $(STAMP)  ## measure quality on ../shared/benchmarks (peers too); writes reports/quality.{md,json}
	$(PY) -m newslib.quality

bench: $(STAMP)  ## speed and memory side by side with the peers; writes reports/bench.json
	$(PY) -m newslib.bench

lab: $(STAMP)  ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks/

sync-notebooks: $(STAMP)  ## pair notebooks with their py:percent scripts (jupytext)
	$(VENV)/bin/jupytext --sync notebooks/*.ipynb

clean:  ## remove generated reports and caches (keeps .venv)
	rm -rf reports/figures/* reports/*.html reports/*.json reports/*.md .pytest_cache
