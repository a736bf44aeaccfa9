"""Engine: crash isolation, caching, engine codes (IG003, IG004), selection and severity."""

from __future__ import annotations

import logging

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document, Range
from infragenius.core.engine import Engine
from infragenius.core.findings import Severity
from infragenius.core.rules import REGISTRY
from infragenius.languages.dockerfile.rules._base import DockerfileRule

STABLE = {"select": ["DF001", "DF002"]}
TEXT = "FROM alpine:latest\nMAINTAINER me\n"


def engine(**settings) -> Engine:
    return Engine(Config.from_dict({**STABLE, **settings}))


def document(text: str = TEXT, version: int | None = 1, uri: str = "file:///w/Dockerfile") -> Document:
    return Document(uri=uri, text=text, language="dockerfile", version=version)


def codes(analysis) -> list[str]:
    return [f.code for f in analysis.findings]


@pytest.fixture
def crashing_rule():
    """A throwaway rule that raises; removed from the registry afterwards."""

    class Crashes(DockerfileRule):
        code = "DF998"
        name = "test-crashes"
        message = "never reported"

        def check_file(self, df, ctx):
            yield self.finding(Range.of(0, 0, 0, 1))
            raise RuntimeError("rule bug")

    yield Crashes
    REGISTRY.remove(Crashes.code)


def test_a_crashing_rule_is_logged_and_skipped(crashing_rule, caplog):
    eng = Engine(Config.from_dict({"select": ["DF001", "DF002", "DF998"]}))
    with caplog.at_level(logging.ERROR, logger="infragenius.core.engine"):
        analysis = eng.analyse(document())
    assert codes(analysis) == ["DF002", "DF001"]  # no partial output of the crashing rule either
    assert analysis.rule_errors == ["DF998"]
    assert "rule DF998 crashed on file:///w/Dockerfile; skipped" in caplog.text
    assert "RuntimeError: rule bug" in caplog.text


def test_a_crashing_parser_gives_ig002(monkeypatch, caplog):
    spec = REGISTRY.language("dockerfile")

    def broken(document, ctx):
        raise ValueError("parser bug")

    monkeypatch.setattr(type(spec), "parse", property(lambda self: broken), raising=False)
    with caplog.at_level(logging.ERROR):
        analysis = engine().analyse(document())
    assert codes(analysis) == ["IG002"]
    assert analysis.findings[0].severity == Severity.INFORMATION
    assert "parser for dockerfile crashed" in caplog.text


def test_cache_by_uri_and_version():
    eng = engine()
    first = eng.analyse(document(version=1))
    assert eng.analyse(document(version=1)) is first
    assert eng.analyse(document(version=2)) is not first
    assert eng.analyse(document(uri="file:///w/other/Dockerfile")) is not first
    changed = eng.analyse(document("FROM alpine:3.20\n", version=1))
    assert changed is not first and codes(changed) == []
    assert eng.analyse(document(version=1), use_cache=False) is not first


def test_set_config_clears_the_cache():
    eng = engine()
    first = eng.analyse(document())
    eng.set_config(Config.from_dict({"select": ["DF001"]}))
    second = eng.analyse(document())
    assert second is not first and codes(second) == ["DF001"]


def test_ig003_for_files_over_max_file_size():
    analysis = engine(**{"max-file-size": 10}).analyse(document())
    assert [(f.code, f.range) for f in analysis.findings] == [("IG003", Range.of(0, 0, 0, 18))]
    assert analysis.findings[0].message == "File is larger than max-file-size; not analysed"
    assert codes(engine(**{"max-file-size": len(TEXT)}).analyse(document())) == ["DF002", "DF001"]


def test_ig004_for_nul_bytes():
    analysis = engine().analyse(document("FROM alpine:latest\x00\x01\n"))
    assert codes(analysis) == ["IG004"]
    assert analysis.findings[0].url == "https://infragenius.dev/rules/IG004"


def test_engine_codes_can_be_ignored():
    assert codes(engine(ignore=["IG004"]).analyse(document("\x00"))) == []


def test_unknown_or_disabled_language_gives_nothing():
    eng = engine(languages={"dockerfile": False})
    assert codes(eng.analyse(document())) == []
    doc = Document(uri="untitled:x", text="hello", language=None)
    assert codes(Engine().analyse(doc)) == [] and doc.language is None


def test_language_detected_when_missing():
    doc = Document(uri="untitled:x", text=TEXT, language=None)
    assert codes(engine().analyse(doc)) == ["DF002", "DF001"] and doc.language == "dockerfile"


def test_severity_override_and_sorting():
    analysis = engine(severity={"hadolint:DL4000": "error"}).analyse(document("MAINTAINER me\nFROM alpine:latest\n"))
    assert [(f.code, f.severity, f.range.start.line) for f in analysis.findings] == [
        ("DF001", Severity.ERROR, 0),
        ("DF002", Severity.WARNING, 1),
    ]


def test_per_file_ignores_relative_to_root(tmp_path):
    eng = Engine(Config.from_dict({**STABLE, "per-file-ignores": {"legacy/**": ["DF001"]}}), root=tmp_path)
    path = tmp_path / "legacy" / "Dockerfile"
    doc = Document(uri=path.as_uri(), text=TEXT, language="dockerfile", path=path)
    assert codes(eng.analyse(doc)) == ["DF002"]
    other = tmp_path / "app" / "Dockerfile"
    assert codes(eng.analyse(Document(uri=other.as_uri(), text=TEXT, language="dockerfile", path=other))) == [
        "DF002",
        "DF001",
    ]


def test_suppressed_count():
    analysis = engine().analyse(document("# infragenius: ignore[DF002]\nFROM alpine:latest\nMAINTAINER me\n"))
    assert codes(analysis) == ["DF001"] and analysis.suppressed == 1


def test_pragmas_resolve_without_importing_other_languages(tmp_path):
    """A ``# zizmor: ignore[...]`` in a workflow resolves against the workflow's rules only: checking
    one workflow must not import the other languages (120 ms of start-up)."""
    import subprocess
    import sys

    workflow = tmp_path / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4  # zizmor: ignore[artipacked]\n"
    )
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from infragenius import app\napp.compose_engine()\n"
        "from infragenius.core.config import Config\nfrom infragenius.core.document import Document\n"
        "from infragenius.core.engine import Engine\n"
        f"p = Path({str(workflow)!r})\n"
        "text = p.read_text()\n"
        "def codes(t): return sorted({f.code for f in Engine(Config()).analyse(Document.from_path(p, t)).findings})\n"
        "print(codes(text)); print(codes(text.replace('# zizmor: ignore[artipacked]', '')))\n"
        # a language's package is its spec (detection reads them all); its modules are what costs
        "print(sorted({m.split('.')[2] for m in sys.modules if m.count('.') == 3 and m.startswith('infragenius.languages.')}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    with_pragma, without, languages = out.splitlines()
    assert "GA033" in without and "GA033" not in with_pragma  # zizmor's artipacked, suppressed by its alias
    assert languages == "['github_actions', 'shell', 'yaml']"


def test_looking_up_a_findings_rule_imports_no_other_language():
    """The server looks up each finding's rule (tags, hover, AI prompts): for a rule that is loaded
    that must not import every language (it did: 40 ms of the first diagnostics)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from infragenius import app\napp.compose_engine()\n"
        "from infragenius.core.config import Config\nfrom infragenius.core.document import Document\n"
        "from infragenius.core.engine import Engine\nfrom infragenius.core.rules import REGISTRY\n"
        "doc = Document('file:///w/Dockerfile', 'MAINTAINER x\\nFROM alpine\\n', 'dockerfile')\n"
        "codes = [f.code for f in Engine(Config()).analyse(doc).findings]\n"
        "print(all(REGISTRY.get(c).code == c for c in codes), 'DF001' in codes)\n"
        "print(sorted(m.split('.')[2] for m in sys.modules if m.count('.') == 2 and m.startswith('infragenius.languages.')"
        " and m != 'infragenius.languages.registry'))\n"
        "print(REGISTRY.get('hadolint:DL3006').code)\n"  # an alias still finds its rule (loads all)
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    found, languages, alias = out.splitlines()
    assert found == "True True"
    assert languages == "['dockerfile', 'shell']"
    assert alias == "DF003"
