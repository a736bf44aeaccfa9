# InfraGenius — `make setup && make run`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

CLIENT := vscode-client

.PHONY: setup run test test-python test-client package-client bench eval lint clean

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

test: test-client test-python

test-python: setup
	$(PY) -m pytest -n 2 --dist loadgroup

$(CLIENT)/node_modules/.installed: $(CLIENT)/package-lock.json
	cd $(CLIENT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-client: $(CLIENT)/node_modules/.installed
	cd $(CLIENT) && npm test

package-client: $(CLIENT)/node_modules/.installed
	cd $(CLIENT) && npm run package

bench: setup
	$(PY) tests/bench/bench.py

clean:
	rm -rf $(VENV) build *.egg-info server/*.egg-info .pytest_cache $(CLIENT)/node_modules $(CLIENT)/dist $(CLIENT)/out
