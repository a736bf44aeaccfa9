"""No secret reaches a model: planted secrets in every language, through every AI entry point.

``fixtures/planted/`` holds a small project (Dockerfile, Terraform, Kubernetes, a Helm chart, GitHub
Actions, GitLab CI) with secrets written in many forms; ``secrets.tsv`` lists them with their form.
Each entry point (``explain`` in every context mode, ``explain --fix``, ``review``, ``fix --ai``) runs
against a recording fake model, through the OpenAI-compatible provider and through the Cloud
provider, and nothing the fake receives may contain a planted secret or a long piece of one.
The fake echoes the placeholders it was shown, so the tests also see them restored locally.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from werkzeug.wrappers import Request, Response

from infragenius.cli import main

from .conftest import CHAT, FIXTURES, completion, sse

PLANTED = FIXTURES / "planted"
ANALYSES = "/v1/analyses"
PIECE = 5  # no run of this many characters of a secret may be sent
PLACEHOLDER = re.compile(r"REDACTED_[A-Z_]+?_\d+")


def planted() -> list[tuple[str, str, str]]:
    """(form, file, secret) for every planted secret."""
    rows = (line.split("\t") for line in (PLANTED / "secrets.tsv").read_text().splitlines())
    return [(form, file, secret) for form, file, secret in (r for r in rows if not r[0].startswith("#"))]


FILES = [
    "Dockerfile",
    "main.tf",
    "k8s/app.yaml",
    "chart/values.yaml",
    "chart/templates/secret.yaml",
    "chart/templates/deployment.yaml",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
]


class Recorder:
    """A fake model behind both an OpenAI-compatible and a Cloud endpoint, keeping every request."""

    def __init__(self, httpserver) -> None:
        self.server = httpserver
        self.received: list[tuple[str, str]] = []  # (mode, everything the request carried)
        self.mode = ""
        httpserver.expect_request(CHAT, method="POST").respond_with_handler(self._chat)
        httpserver.expect_request(ANALYSES, method="POST").respond_with_handler(self._cloud)

    def _record(self, request: Request) -> tuple[dict, str]:
        body = request.get_data(as_text=True)
        data = json.loads(body)
        contents = "\n".join(m["content"] for m in data["messages"])
        headers = "\n".join(f"{k}: {v}" for k, v in request.headers.items())
        self.received.append((self.mode, f"{contents}\n{body}\n{headers}"))
        return data, contents

    def _chat(self, request: Request) -> Response:
        data, _ = self._record(request)
        answer = _answer(data["messages"][-1]["content"])
        if data.get("stream"):
            return Response(
                sse([answer[i : i + 5] for i in range(0, len(answer), 5)]), content_type="text/event-stream"
            )
        return Response(json.dumps(completion(answer)), content_type="application/json")

    def _cloud(self, request: Request) -> Response:
        data, _ = self._record(request)
        body = {
            "id": "a1",
            "content": _answer(data["messages"][-1]["content"]),
            "model": "hosted",
            "tier": "professional",
            "usage": {"tokens_in": 1, "tokens_out": 1, "cost_cents": 0},
        }
        return Response(json.dumps(body), content_type="application/json")


def _answer(prompt: str) -> str:
    """Mentions every placeholder the prompt holds, in the shape the task asks for."""
    shown = " ".join(dict.fromkeys(PLACEHOLDER.findall(prompt))) or "nothing"
    if "Propose the smallest edit" in prompt:
        return json.dumps(
            {"explanation": f"Keep {shown}", "edits": [{"start_line": 1, "end_line": 1, "new_text": "x"}]}
        )
    if "Review this" in prompt:
        return json.dumps({"findings": [{"line": 1, "message": f"Saw {shown}", "explanation": "."}]})
    return f"Saw {shown}."


@pytest.fixture
def recorder(httpserver, tmp_path, monkeypatch):
    from infragenius.tiers import gates

    monkeypatch.setattr(gates, "require", lambda feature: None)  # fix --ai and the Cloud are paid features
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INFRAGENIUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INFRAGENIUS_AI_API_KEY", "acct-key-for-tests")
    shutil.copytree(PLANTED, tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    return Recorder(httpserver)


PROVIDERS = {"openai-compatible": CHAT, "infragenius-cloud": ANALYSES}


def provider_args(recorder: Recorder, provider: str) -> list[str]:
    base = recorder.server.url_for("/v1" if provider == "openai-compatible" else "")
    return ["--provider", provider, "--base-url", base]


def finding_lines(path: str) -> list[int]:
    from infragenius.core.config import Config
    from infragenius.core.detect import detect
    from infragenius.core.document import Document
    from infragenius.core.engine import Engine

    file = Path(path).resolve()
    text = file.read_text()
    document = Document(uri=file.as_uri(), text=text, language=detect(file, text), path=file)
    findings = Engine(Config(), root=Path.cwd()).analyse(document, use_cache=False).findings
    return sorted({f.range.start.line + 1 for f in findings})


def leaks(recorder: Recorder) -> dict[str, set[str]]:
    """form -> the modes in which a planted secret (or a piece of one) was sent."""
    found: dict[str, set[str]] = defaultdict(set)
    for form, _file, secret in planted():
        pieces = {secret[i : i + PIECE] for i in range(max(1, len(secret) - PIECE + 1))}
        for mode, text in recorder.received:
            if any(piece in text for piece in pieces):
                found[f"{form}: {secret}"].add(mode)
    return dict(found)


def run(recorder: Recorder, mode: str, argv: list[str], capsys) -> str:
    recorder.mode = mode
    main(argv)
    out, err = capsys.readouterr()
    return out + err


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("path", FILES)
def test_explain_and_fix_in_every_context_mode_send_no_secret(recorder, capsys, provider, path):
    lines = finding_lines(path)
    for line in lines:
        for context in ("none", "window", "file"):
            argv = ["explain", f"{path}:{line}", "--fix", "--context", context, *provider_args(recorder, provider)]
            out = run(recorder, f"explain --fix --context {context}", argv, capsys)
            assert "REDACTED_" not in out, out  # placeholders come back as the values they stand for
    assert {mode for mode, _ in recorder.received} == (
        {f"explain --fix --context {c}" for c in ("none", "window", "file")} if lines else set()
    )
    assert leaks(recorder) == {}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("path", FILES)
def test_review_sends_no_secret(recorder, capsys, provider, path):
    out = run(recorder, "review", ["review", path, *provider_args(recorder, provider)], capsys)
    assert recorder.received and "REDACTED_" not in out
    assert leaks(recorder) == {}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_fix_all_with_ai_sends_no_secret(recorder, capsys, provider):
    run(recorder, "fix --ai", ["fix", "--ai", ".", "--diff", "--jobs", "1", *provider_args(recorder, provider)], capsys)
    assert len(recorder.received) > 20
    assert leaks(recorder) == {}


def test_placeholders_are_restored_in_the_answer(recorder, capsys):
    out = run(
        recorder, "explain", ["explain", "Dockerfile:3", "DF035", *provider_args(recorder, "openai-compatible")], capsys
    )
    ((_, sent),) = recorder.received
    assert "ENV DB_PASSWORD=REDACTED_SECRET_1\n" in sent
    assert "Saw " in out and "Kx9!mQ2v#77341" in out and "REDACTED_" not in out


@pytest.mark.parametrize("path", FILES)
def test_the_text_alone_is_enough_in_a_whole_file_excerpt(path):
    """The Cloud service redacts what it is sent again, with no file at hand (an old or modified
    client): over an excerpt of the whole file, the text path finds every planted secret too."""
    from infragenius.ai.redact import Redactor

    lines = (PLANTED / path).read_text().split("\n")
    width = len(str(len(lines)))
    out = Redactor().redact("\n".join(f"{i + 1:>{width}} | {line}" for i, line in enumerate(lines)))
    for _form, file, secret in planted():
        if file == path:
            assert not any(secret[i : i + PIECE] in out for i in range(max(1, len(secret) - PIECE + 1))), secret
