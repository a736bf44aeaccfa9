"""Shell checks on CI scripts: the shared functions (``languages/shell/rules``) and how GitHub Actions
``run:`` and GitLab ``script:`` feed them (shells, flags, Windows jobs, positions in YAML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.findings import Severity
from infragenius.languages.shell import GITHUB_EXPRESSION, parse_script
from infragenius.languages.shell.rules import (
    ShellFlags,
    empty_variable_rm_paths,
    masked_pipelines,
    password_arguments,
    remote_script_runs,
    tls_verification_disabled,
    unchecked_cds,
)
from infragenius.languages.shell.rules.errexit import flags_at
from infragenius.languages.shell.rules.words import Part, word_parts

from ..conftest import corpus_dir
from ..helpers import analyse, golden_line

NO_FLAGS = ShellFlags(errexit=False, pipefail=False)


def spans(text, hits):
    return [text[h.start : h.end] for h in hits]


# -- words ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw,parts",
    [
        ('"$DIR/"*', [Part("var", "DIR"), Part("text", "/"), Part("text", "*")]),
        ("${DIR:?}/x", [Part("var", "DIR", True), Part("text", "/"), Part("text", "x")]),
        ("${DIR%/}", [Part("var", "DIR")]),
        ("'$no'", [Part("text", "$no")]),
        ("$(pwd)/", [Part("other", "$(pwd)"), Part("text", "/")]),
        ("${{ inputs.dir }}/", [Part("other", "${{ inputs.dir }}"), Part("text", "/")]),
        ("$1/", [Part("other", "$1"), Part("text", "/")]),
    ],
)
def test_word_parts(raw, parts):
    assert word_parts(raw) == parts


# -- the shared checks ---------------------------------------------------------------------------
def test_remote_script_runs():
    text = (
        "curl -fsSL https://x.io/i.sh | sh\ncurl -fsSL https://x.io/t.tgz | tar -xz\nbash <(wget -qO- https://x.io/i)"
    )
    assert spans(text, remote_script_runs(parse_script(text))) == [
        "curl -fsSL https://x.io/i.sh | sh",
        "bash <(wget -qO- https://x.io/i)",
    ]


def test_password_arguments():
    text = (
        'docker login -u u -p "$P" r.io\n'
        "docker --config /c login --password=$P\n"
        "echo $P | docker login -u u --password-stdin\n"
        "docker run -p 80:80 nginx\n"
        "helm registry login -p x r.io\n"
        "helm install -p x\n"
    )
    assert spans(text, password_arguments(parse_script(text))) == ['-p "$P"', "--password=$P", "-p x"]


def test_tls_verification_disabled_skips_local_and_unknown_hosts():
    text = (
        "curl -k https://example.com/x\n"
        "curl -k https://localhost:8443/health\n"
        "curl -k https://db:5432/\n"
        "curl -k https://192.168.1.4/\n"
        "curl -k https://$HOST/x\n"
        "curl -k https://api.$DOMAIN/x\n"
        "curl -k https://svc.ns.svc.cluster.local/x\n"
        "wget --no-check-certificate https://example.com/b\n"
        "git config http.sslVerify true\n"
        "GIT_SSL_NO_VERIFY= git fetch\n"
    )
    hits = tls_verification_disabled(parse_script(text))
    assert spans(text, hits) == ["-k", "--no-check-certificate"]
    assert text[: hits[0].start].count("\n") == 0


def test_rm_paths_follow_shellcheck_sc2115():
    text = (
        'rm -rf "$A/"*\n'  # /*
        "rm -rf $A/usr/local\n"  # /usr/local
        "rm -rf $A/build\n"  # /build: not a system directory
        "rm -f $A/*\n"  # not recursive
        'rm -rf "${A:-x}/"*\n'  # guarded
        'rm -rf "$KNOWN/"*\n'  # the caller knows it is set
        'rm -rf "$KNOWN/$A"\n'  # $KNOWN/ is not /
        'B=out; rm -rf "$B/"*\n'  # assigned by the script
    )
    hits = empty_variable_rm_paths(parse_script(text), lambda name: name == "KNOWN")
    assert spans(text, hits) == ['"$A/"*', "$A/usr/local"]
    assert hits[1].message == '$A may be empty, and then this deletes /usr/local; use "${A:?}" to stop instead'


def test_flags_follow_top_level_set_commands():
    text = "set -euo pipefail\nf() { set +e; }\nset +o errexit\necho end"
    script = parse_script(text)
    assert flags_at(script, text.index("f()"), NO_FLAGS) == ShellFlags(True, True)
    assert flags_at(script, text.index("echo"), NO_FLAGS) == ShellFlags(False, True)


def test_unchecked_cds():
    text = "cd a\nmake\ncd b || exit\ncd c && make\n(cd d; make)\nif cd e; then make; fi\ncd f"
    script = parse_script(text)
    assert spans(text, unchecked_cds(script, NO_FLAGS)) == ["cd a"]
    assert spans(text, unchecked_cds(script, NO_FLAGS, more_follows=True)) == ["cd a", "cd f"]
    assert unchecked_cds(script, ShellFlags(True, False)) == []
    assert unchecked_cds(parse_script("cd a\nif [ $? -ne 0 ]; then exit 1; fi\nmake"), NO_FLAGS) == []


def test_masked_pipelines():
    text = "make 2>&1 | tee log\necho x | tee -a f\ncat | tee f\n{ a; b; } | tee g\ngo test | tee t || true\nx=$(a | tee f)"
    script = parse_script(text)
    assert spans(text, masked_pipelines(script, NO_FLAGS)) == ["make"]
    assert masked_pipelines(script, ShellFlags(True, True)) == []
    assert masked_pipelines(parse_script("make | tee log\necho ${PIPESTATUS[0]}"), NO_FLAGS) == []
    assert masked_pipelines(parse_script("shopt -so pipefail\nmake | tee log"), NO_FLAGS) == []
    assert masked_pipelines(parse_script("set -o pipefail\nset +o pipefail\nmake | tee log"), NO_FLAGS) != []


def test_checks_survive_odd_input():
    for text in ['rm -rf "$\U000fe1ab/"*', "curl -k 'https://[::1", "${{", "cd\x00", "rm -rf ${", "é | tee"]:
        script = parse_script(text, GITHUB_EXPRESSION)
        for check in (remote_script_runs, password_arguments, tls_verification_disabled):
            check(script)
        empty_variable_rm_paths(script, lambda _: False)
        unchecked_cds(script, NO_FLAGS, True)
        masked_pipelines(script, NO_FLAGS)


# -- GitHub Actions: which shell a step runs in --------------------------------------------------
def ga(steps: str, job_extra: str = "", runs_on: str = "ubuntu-latest", top: str = "") -> list[str]:
    text = f"on: push\n{top}jobs:\n  j:\n    runs-on: {runs_on}\n{job_extra}    steps:\n{steps}"
    return [
        golden_line(f)
        for f in analyse(text, "github-actions")
        if f.code.startswith("SH") and f.severity <= Severity.WARNING
    ]


def test_default_shell_has_no_pipefail_but_bash_has():
    assert ga("      - run: make | tee log\n") == [
        "6:14-6:18 SH006 The exit status of make is lost: the pipeline's status is tee's"
    ]
    assert ga("      - run: make | tee log\n        shell: bash\n") == []
    assert ga("      - run: make | tee log\n", top="defaults:\n  run:\n    shell: bash\n") == []
    assert ga("      - run: make | tee log\n", "    defaults:\n      run:\n        shell: bash -o pipefail {0}\n") == []


@pytest.mark.parametrize(
    "runs_on,job_extra,checked",
    [
        ("windows-latest", "", False),
        ("[self-hosted, windows]", "", False),
        ("${{ matrix.os }}", "    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n", True),
        ("${{ matrix.os }}", "    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n", False),
        ("${{ inputs.os }}", "", False),
        ("{group: linux-big}", "", True),
    ],
)
def test_runner_decides_the_default_shell(runs_on, job_extra, checked):
    found = ga("      - run: curl -fsSL https://x.io/i.sh | sh\n", job_extra, runs_on)
    assert bool(found) is checked


def test_non_posix_shells_are_skipped():
    for shell in ("pwsh", "powershell", "cmd", "python", "${{ matrix.shell }}", "perl {0}"):
        assert ga(f"      - run: curl -fsSL https://x.io/i.sh | sh\n        shell: {shell}\n") == [], shell
    assert ga("      - run: curl -fsSL https://x.io/i.sh | sh\n        shell: /bin/bash -e {0}\n") != []


def test_powershell_script_on_an_unnamed_runner_is_skipped():
    assert (
        ga(
            '      - run: |\n          Write-Host "hi"\n          curl -k https://example.com/x\n',
            runs_on="[self-hosted, gpu]",
        )
        == []
    )
    assert ga("      - run: curl -k https://example.com/x\n", runs_on="[self-hosted, gpu]") != []


def test_composite_action_steps_are_checked():
    text = "runs:\n  using: composite\n  steps:\n    - run: curl -fsSL https://x.io/i.sh | sh\n      shell: bash\n"
    found = analyse(text, "github-actions", Path("action.yml"))
    assert [golden_line(f) for f in found if f.code.startswith("SH") and f.severity <= Severity.WARNING] == [
        "4:12-4:45 SH001 Remote script run straight from the network; download it, verify its checksum, then run it"
    ]


def test_expression_in_script_is_an_unknown_value():
    assert ga("      - run: rm -rf ${{ inputs.dir }}/*\n") == []
    assert ga('      - run: curl -k "https://${{ inputs.host }}/x"\n') == []


# -- GitLab CI -----------------------------------------------------------------------------------
def gl(text: str) -> list[str]:
    return [
        golden_line(f) for f in analyse(text, "gitlab-ci") if f.code.startswith("SH") and f.severity <= Severity.WARNING
    ]


def test_gitlab_windows_jobs_are_skipped():
    line = "    - curl -fsSL https://x.io/i.sh | sh\n"
    assert gl(f"a:\n  tags: [win32-ps]\n  script:\n{line}") == []
    assert gl(f"a:\n  image: mcr.microsoft.com/windows/servercore:ltsc2022\n  script:\n{line}") == []
    assert gl(f"a:\n  script:\n    - Write-Host hello\n{line}") == []
    assert gl(f"a:\n  tags: [darwin]\n  script:\n{line}") != []


def test_gitlab_set_e_carries_from_before_script_to_script():
    text = "a:\n  before_script:\n    - set +e\n  script:\n    - cd build\n    - make\n"
    assert gl(text) == ["5:7-5:15 SH105 Use 'cd ... || exit 1' in case cd fails: set -e is not in effect here"]


def test_variables_set_by_other_lines_count_as_set():
    assert gl('a:\n  script:\n    - export OUT=public\n    - rm -rf "$OUT/"*\n') == []
    assert ga('      - run: echo "OUT=public" >> "$GITHUB_ENV"\n      - run: rm -rf "$OUT/"*\n') == []


def test_continue_on_error_step_is_not_reported_for_lost_status():
    assert ga("      - run: make | tee log\n        continue-on-error: true\n") == []


def test_gitlab_status_tested_on_the_next_line():
    assert gl("a:\n  script:\n    - set +e\n    - cd build\n    - '[ $? -eq 0 ] || exit 1'\n    - make\n") == []


def test_gitlab_variables_count_as_set():
    text = 'variables:\n  OUT: x\na:\n  script:\n    - rm -rf "$OUT/"*\n    - rm -rf "$NOPE/"*\n'
    assert gl(text) == ['6:14-6:23 SH104 $NOPE may be empty, and then this deletes /*; use "${NOPE:?}" to stop instead']


# -- the corpus: every warning was reviewed by hand ------------------------------------------------
# (the ShellCheck style checks SH008-SH011/SH107-SH110 are information; their corpus findings are
# reviewed in tests/github_actions/test_scripts_shellcheck.py and tests/gitlab_ci/test_scripts_shellcheck.py)
EXPECTED_CORPUS = {
    "github-actions": [],
    "gitlab-ci": [
        "lh-ehr/.gitlab-ci.yml:7:41-7:67 SH102 Password given on the command line; pipe it to --password-stdin instead",
    ],
}


@pytest.mark.parametrize("kind", sorted(EXPECTED_CORPUS))
def test_corpus_findings_are_the_reviewed_ones(kind):
    root = corpus_dir(kind)
    engine = Engine(Config(select=["SH"]))
    found = []
    for path in sorted(root.rglob("*.y*ml")):
        rel = path.relative_to(root).as_posix()
        if kind == "github-actions" and (
            rel.startswith("actionlint/testdata")
            or (".github/workflows/" not in rel and path.name not in ("action.yml", "action.yaml"))
        ):
            continue
        doc = Document(uri=path.resolve().as_uri(), text=decode(path.read_bytes()), language=kind, path=path)
        found += [
            f"{rel}:{golden_line(f)}"
            for f in engine.analyse(doc, use_cache=False).findings
            if f.code.startswith("SH") and f.severity <= Severity.WARNING
        ]
    assert found == EXPECTED_CORPUS[kind]
