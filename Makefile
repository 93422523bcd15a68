# Two commands do everything on a fresh machine: `make run` and `make test`.
# Both bootstrap .venv from uv.lock on first use.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(PYTHON) -m uv
VENV := .venv
STAMP := $(VENV)/.synced-$(shell cat uv.lock pyproject.toml | cksum | cut -d' ' -f1)

export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: run test bench docs clean-data venv

venv: $(STAMP)

$(STAMP): uv.lock pyproject.toml
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --python 3.11
	@rm -f $(VENV)/.synced-*
	@touch $@

run: $(STAMP)
	$(VENV)/bin/pressmine run

test: $(STAMP)
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_ingest.py

docs: $(STAMP)
	$(VENV)/bin/pressmine docs

clean-data:
	rm -rf data/
