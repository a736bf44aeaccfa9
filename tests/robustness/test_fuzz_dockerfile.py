"""Fuzzing the Dockerfile language (hypothesis): random and mutated text never breaks the engine.

For any text: no exception out of the engine, no IG002 (parser crash), no crashed rule, every range
inside the document, each fix applies cleanly and its result analyses soundly, and one document
takes less than a time budget. Seeds are the project's own Dockerfile cases and fixtures plus a few
corpus files when ../shared/corpus is present.
"""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.core.findings import apply_edits

from ..conftest import CORPUS, ROOT
from .invariants import analysis_problems

BUDGET_S = 2.0  # one document; generous for a busy 2-core machine
ENGINE = Engine(Config())
# The suite runs a fixed set of examples (derandomized: no flaky failures). A fuzzing campaign:
#   IG_FUZZ_RANDOM=1 IG_FUZZ_EXAMPLES=3000 .venv/bin/python -m pytest tests/robustness -p no:xdist
RANDOM = bool(os.environ.get("IG_FUZZ_RANDOM"))
EXAMPLES = int(os.environ.get("IG_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None if not RANDOM else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KEYWORDS = [
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "MAINTAINER",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
    "from",
    "Run",
    "RUNN",
]
TOKENS = KEYWORDS + [
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\\",
    "\\\n",
    "`",
    "`\n",
    "#",
    "# escape=`\n",
    "# syntax=x\n",
    "# hadolint ignore=DL3008\n",
    "# infragenius: ignore[DF001]\n",
    '"',
    "'",
    "$",
    "${",
    "}",
    "${A:-b}",
    "$(",
    ")",
    "[",
    "]",
    '["a", "b"]',
    "{",
    "=",
    "--",
    "--from=",
    "--mount=type=cache,target=/x",
    "--platform=$X",
    "<<",
    "<<EOF\n",
    "<<-EOF\n",
    "EOF",
    "EOF\n",
    "AS",
    " AS ",
    "alpine",
    "alpine:latest",
    "ubuntu:22.04@sha256:",
    "apt-get install -y curl",
    "apk add --no-cache",
    "pip install",
    "sudo",
    "cd /x",
    "&&",
    "||",
    ";",
    "|",
    ">",
    "2>&1",
    "\x00",
    "\ufeff",
    "\u00e9",
    "\U0001f600",
    "\u200b",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
]


def _seeds() -> list[str]:
    paths = sorted((ROOT / "tests" / "cases" / "dockerfile").rglob("*.Dockerfile")) + sorted(
        (ROOT / "fixtures").rglob("Dockerfile*")
    )
    corpus = CORPUS / "dockerfile"
    if corpus.is_dir():
        paths += sorted(corpus.rglob("Dockerfile*"))[::15]  # a spread of real files, few enough to stay fast
    texts = [p.read_text("utf-8", "replace") for p in paths if p.is_file()]
    return texts or ['FROM alpine:3.19\nRUN apk add --no-cache curl\nCMD ["sh"]\n']


SEEDS = _seeds()

token_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=80).map("".join)


@st.composite
def mutated(draw) -> str:
    """A real Dockerfile with a few random cuts, duplications, insertions and line swaps."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 200)))
        op = draw(st.sampled_from(["cut", "dup", "insert", "swap", "truncate"]))
        if op == "cut":
            text = text[:a] + text[b:]
        elif op == "dup":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "insert":
            text = text[:a] + draw(token_text) + text[a:]
        elif op == "swap":
            lines = text.split("\n")
            i, j = (
                draw(st.integers(0, len(lines) - 1)),
                draw(st.integers(0, len(lines) - 1)),
            )
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            text = text[:a]
    return text


def check(text: str) -> None:
    document = Document("untitled:fuzz/Dockerfile", text, "dockerfile")
    started = time.perf_counter()
    analysis = ENGINE.analyse(document, use_cache=False)
    elapsed = time.perf_counter() - started
    assert analysis_problems(analysis) == []
    assert elapsed < BUDGET_S, f"{elapsed:.2f} s for {len(text)} characters"
    for finding in analysis.findings:
        if finding.fix is None:
            continue
        fixed = apply_edits(text, list(finding.fix.edits), document)
        after = ENGINE.analyse(Document("untitled:fuzz/Dockerfile", fixed, "dockerfile"), use_cache=False)
        assert analysis_problems(after) == [], f"after the fix of {finding.code}"


@FUZZ
@given(token_text)
def test_random_token_soup(text: str) -> None:
    check(text)


@FUZZ
@given(st.text(max_size=400))
def test_random_unicode(text: str) -> None:
    check(text)


@FUZZ
@given(mutated())
def test_mutated_real_dockerfiles(text: str) -> None:
    check(text)


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))
@given(
    st.lists(st.sampled_from(KEYWORDS), min_size=1, max_size=30),
    st.sampled_from(["\n", "\r\n", " \\\n", "\\\n\\\n"]),
)
def test_keyword_sequences(keywords: list[str], separator: str) -> None:
    """Instructions with missing or odd arguments, joined by line ends or continuations."""
    check(separator.join(f"{k} " for k in keywords))
