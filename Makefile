# InfraGenius — `make setup && make run`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: setup run test bench eval lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: setup
	@echo "== infragenius check fixtures/ =="
	-@$(BIN)/infragenius check fixtures/
	@echo
	@echo "== infragenius rules DF001 =="
	@$(BIN)/infragenius rules DF001

test: setup
	$(PY) -m pytest -n 2 --dist loadgroup

bench: setup
	$(PY) tests/bench/bench.py

clean:
	rm -rf $(VENV) build *.egg-info server/*.egg-info .pytest_cache
