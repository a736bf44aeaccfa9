"""``make eval-ai``: a fixed set of findings through the configured AI provider (issue 20 §4).

Five findings per language, from the fixtures and the rule cases, each explained and fixed through
``AIService`` as the CLI and the language server do (the answer cache is off). Prints one markdown
table per language and a total:

- well-formed: fix proposals that parse and lie inside the file (after the one repair request);
- verified: AI fixes that re-analyse clean (the target finding gone, nothing new);
- grounded: explanations that pass the grounding check (no made-up code, the finding's subject named);
- shown first: from the request to the first text the user sees (with the 135M model, the engine's own
  explanation, streamed before the model's); model first token: to the model's first streamed piece;
  and total seconds.

The provider is the one the settings choose (``.infragenius.toml``, the user's config, a local server
found on loopback, else the embedded model); the options override it like ``explain``'s:

    python tests/bench/eval/ai.py                                   # whatever is configured
    python tests/bench/eval/ai.py --provider embedded               # the embedded model
    python tests/bench/eval/ai.py --provider openai-compatible --base-url http://127.0.0.1:11434/v1 --model qwen2.5-coder:7b

``--assert-well-formed`` exits 1 unless every proposal was well-formed (for CI); ``--json FILE`` saves
every row. ``--languages`` and ``--limit`` run a part of the set.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from infragenius import app
from infragenius.ai.cache import AnswerCache
from infragenius.ai.cli import PROVIDERS, _load_config
from infragenius.ai.service import AIService, FixProposal
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.findings import Finding

app.compose_engine()  # the engine's languages and packs, as the infragenius command wires them
ROOT = Path(__file__).resolve().parents[3]
CASES = "tests/cases"

# (file, rule code): the first finding of that code in that file. Fixed: change it only on purpose,
# as the figures are compared from one run to the next.
SET: dict[str, list[tuple[str, str]]] = {
    "dockerfile": [
        ("fixtures/dockerfile/Dockerfile.bad", "DF001"),
        ("fixtures/dockerfile/Dockerfile.bad", "DF002"),
        ("fixtures/dockerfile/Dockerfile.bad", "DF025"),
        ("fixtures/dockerfile/Dockerfile.bad", "DF035"),
        ("fixtures/dockerfile/Dockerfile.bad", "DF104"),
    ],
    "terraform": [
        ("fixtures/terraform/main.tf", "TF001"),
        ("fixtures/terraform/main.tf", "TF004"),
        ("fixtures/terraform/main.tf", "TF011"),
        ("fixtures/terraform/main.tf", "TF100"),
        ("fixtures/terraform/main.tf", "TF103"),
    ],
    "helm": [
        ("fixtures/helm/web/templates/deployment.yaml", "HM001"),
        ("fixtures/helm/web/templates/deployment.yaml", "HM002"),
        ("fixtures/helm/web/templates/deployment.yaml", "HM003"),
        ("fixtures/helm/web/templates/service.yaml", "HM004"),
        (f"{CASES}/helm/HM001/bad/templates/ingress.yaml", "HM001"),
    ],
    "kubernetes": [
        ("fixtures/kubernetes/deployment.yaml", "K8001"),
        ("fixtures/kubernetes/deployment.yaml", "K8003"),
        ("fixtures/kubernetes/deployment.yaml", "K8005"),
        ("fixtures/kubernetes/deployment.yaml", "K8012"),
        ("fixtures/kubernetes/deployment.yaml", "K8016"),
    ],
    "github-actions": [
        (f"{CASES}/github-actions/GA002/bad.yml", "GA002"),
        (f"{CASES}/github-actions/GA003/bad.yml", "GA003"),
        (f"{CASES}/github-actions/GA004/bad.yml", "GA004"),
        (f"{CASES}/github-actions/GA006/bad.yml", "GA006"),
        (f"{CASES}/github-actions/GA030/bad.yml", "GA030"),
    ],
    "gitlab-ci": [
        (f"{CASES}/gitlab-ci/GL002/bad/.gitlab-ci.yml", "GL002"),
        (f"{CASES}/gitlab-ci/GL003/bad/.gitlab-ci.yml", "GL003"),
        (f"{CASES}/gitlab-ci/GL004/bad_typo.yml", "GL004"),
        (f"{CASES}/gitlab-ci/GL006/bad/.gitlab-ci.yml", "GL006"),
        (f"{CASES}/gitlab-ci/GL007/bad/.gitlab-ci.yml", "GL007"),
    ],
}


@dataclass
class Row:
    language: str
    file: str
    code: str
    line: int | None = None
    skipped: str | None = None  # the file or the finding is not there: said, never dropped
    grounded: bool | None = None
    explain_note: str | None = None
    shown_first_s: float | None = None  # the first text the user sees
    first_token_s: float | None = None  # the model's first piece
    explain_s: float | None = None
    fix: str | None = None  # verified / rejected / malformed / error / rule
    fix_reason: str | None = None
    fix_s: float | None = None

    @property
    def well_formed(self) -> bool | None:
        return None if self.fix in (None, "error") else self.fix != "malformed"


class FirstToken:
    """Wraps the provider: notes when the model's first streamed piece arrives."""

    def __init__(self, provider) -> None:
        self._provider = provider
        self.first: float | None = None

    def __getattr__(self, name):
        return getattr(self._provider, name)

    def complete(self, messages, schema=None, stream=None):
        def on_piece(piece: str) -> None:
            if self.first is None:
                self.first = time.perf_counter()
            stream(piece)

        return self._provider.complete(messages, schema=schema, stream=on_piece if stream else None)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = _load_config(args, ROOT / "x")
    engine = Engine(config, root=ROOT)
    service = AIService(config, engine, cache=AnswerCache(disk=False), use_cache=False)
    timer = FirstToken(service.provider)
    service.provider = timer
    label = f"{service.provider.name} ({getattr(service.provider, 'model', '?')})"
    print(f"# AI eval: {label}\n", flush=True)
    rows: list[Row] = []
    try:
        for language, items in SET.items():
            if args.languages and language not in args.languages:
                continue
            for path, code in items[: args.limit]:
                row = evaluate(service, timer, engine, language, path, code)
                rows.append(row)
                print(_progress(row), file=sys.stderr, flush=True)
    finally:
        service.close()
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps({"provider": label, "rows": [asdict(r) for r in rows]}, indent=1))
    if args.assert_well_formed and any(r.well_formed is False for r in rows):
        print("not every proposal was well-formed", file=sys.stderr)
        return 1
    return 0


def evaluate(service: AIService, timer: FirstToken, engine: Engine, language: str, path: str, code: str) -> Row:
    row = Row(language, path, code)
    document, finding = _finding(engine, ROOT / path, language, code)
    if finding is None:
        row.skipped = f"no {code} finding in {path}" if document else f"cannot read {path}"
        return row
    row.line = finding.range.start.line + 1
    timer.first = None
    started = time.perf_counter()
    shown: list[float] = []
    explanation = service.explain(document, finding, stream=lambda _piece: shown or shown.append(time.perf_counter()))
    row.explain_s = round(time.perf_counter() - started, 2)
    row.shown_first_s = round(shown[0] - started, 2) if shown else None
    row.first_token_s = round(timer.first - started, 2) if timer.first else None
    row.explain_note = explanation.note or explanation.caution
    row.grounded = explanation.note is None and explanation.caution is None
    started = time.perf_counter()
    proposal = service.fix(document, finding)
    row.fix_s = round(time.perf_counter() - started, 2)
    row.fix, row.fix_reason = classify(proposal)
    return row


def classify(proposal: FixProposal) -> tuple[str, str]:
    """verified, rejected (well-formed, failed verification), malformed, or error (no answer)."""
    reason = proposal.reason
    if proposal.verified:
        return "verified", reason
    if not reason.startswith("AI fix rejected: "):
        return "error", reason  # the provider did not answer (timeout, not running)
    why = reason.removeprefix("AI fix rejected: ")
    if (
        why.startswith(("the model's answer is still not usable", "the answer does not match"))
        or " rejected the request" in why
    ):
        return "malformed", reason
    return "rejected", reason


def table(rows: list[Row]) -> str:
    lines = [
        (
            "| language | findings | well-formed | verified | grounded | shown first p50 (s) "
            "| model first token p50 (s) | explain p50 (s) | fix p50 (s) |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    groups = {r.language: [x for x in rows if x.language == r.language] for r in rows}
    for language, group in [*groups.items(), ("total", rows)]:
        done = [r for r in group if not r.skipped]
        proposals = [r for r in done if r.well_formed is not None]
        lines.append(
            f"| {language} | {len(done)}{_skipped(group)} | {_ratio(sum(bool(r.well_formed) for r in proposals), len(proposals))} "
            f"| {_ratio(sum(r.fix == 'verified' for r in done), len(done))} "
            f"| {_ratio(sum(bool(r.grounded) for r in done), len(done))} "
            f"| {_median([r.shown_first_s for r in done])} | {_median([r.first_token_s for r in done])} "
            f"| {_median([r.explain_s for r in done])} "
            f"| {_median([r.fix_s for r in done])} |"
        )
    errors = [r for r in rows if r.fix == "error"]
    if errors:
        lines.append(f"\n{len(errors)} fix request(s) got no answer, e.g. {errors[0].code}: {errors[0].fix_reason}")
    return "\n".join(lines)


def _finding(engine: Engine, path: Path, language: str, code: str) -> tuple[Document | None, Finding | None]:
    try:
        text = decode(path.read_bytes())
    except OSError:
        return None, None
    # the set's language, as the rule cases do: a case file is not where the tool would look for it
    document = Document(uri=path.as_uri(), text=text, language=language, path=path)
    found = [f for f in engine.analyse(document, use_cache=False).findings if f.code == code]
    return document, (found[0] if found else None)


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def _median(values: list[float | None]) -> str:
    known = sorted(v for v in values if v is not None)
    return f"{known[len(known) // 2]:.2f}" if known else "-"


def _skipped(group: list[Row]) -> str:
    skipped = sum(1 for r in group if r.skipped)
    return f" ({skipped} skipped)" if skipped else ""


def _progress(row: Row) -> str:
    if row.skipped:
        return f"{row.code} {row.file}: skipped ({row.skipped})"
    return (
        f"{row.code} {row.file}:{row.line}: explain {row.explain_s}s (shown first {row.shown_first_s}s, "
        f"model first token {row.first_token_s}s, "
        f"{'grounded' if row.grounded else 'not grounded'}), fix {row.fix} in {row.fix_s}s"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=PROVIDERS, default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--model-path", default=None)
    parser.add_argument("--timeout", type=float, default=None, help="seconds per request (default: ai.timeout_s)")
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--languages", nargs="*", choices=list(SET), default=None)
    parser.add_argument("--limit", type=int, default=None, help="findings per language (default: all 5)")
    parser.add_argument("--json", default=None, help="save every row here")
    parser.add_argument("--assert-well-formed", action="store_true", help="exit 1 unless 100%% of proposals are")
    return parser


if __name__ == "__main__":
    sys.exit(main())
