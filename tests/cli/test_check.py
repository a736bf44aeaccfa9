"""``infragenius check``: selection, exit codes, stdin, --fix, --jobs, awkward file systems."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import ClassVar

import pytest

from .conftest import STABLE

BOTH = "FROM alpine:latest\nMAINTAINER Jane <jane@example.com>\n"


def write(folder, name, text=BOTH):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(run):
    return [row["code"] for row in json.loads(run.out)]


# -- selection -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "options, expected",
    [
        ([], ["DF002", "DF001"]),
        (["--select", "DF001"], ["DF001"]),
        (["--select", "hadolint:DL3007"], ["DF002"]),
        (["--select", "DL4000"], ["DF001"]),
        (["--select", "dl4000"], ["DF001"]),
        (["--select", "DF001,DF002", "--ignore", "DF002"], ["DF001"]),
        (["--select", "DF001", "--extend-select", "DL3007"], ["DF002", "DF001"]),
        (["--ignore", "hadolint:DL4000"], ["DF002"]),
        (["--ignore", "DF"], []),
        (["--ignore", "DF001", "--ignore", "DF002"], []),
    ],
)
def test_select_ignore(cli, isolated, options, expected):
    write(isolated, "Dockerfile")
    assert codes(cli("check", "--format", "json", *options)) == expected


def test_select_by_prefix(cli, isolated):
    write(isolated, "Dockerfile")
    found = codes(cli("check", "--format", "json", "--select", "DF"))
    assert {"DF001", "DF002"} <= set(found)
    assert set(codes(cli("check", "--format", "json", "--select", "DF00", "--ignore", "DF001"))) >= {"DF002"}


def test_config_file_is_used_and_cli_overrides_it(cli, isolated):
    write(isolated, "Dockerfile")
    (isolated / ".infragenius.toml").write_text(STABLE + 'ignore = ["DF001"]\n[severity]\nDF002 = "error"\n')
    rows = json.loads(cli("check", "--format", "json").out)
    assert [(r["code"], r["severity"]) for r in rows] == [("DF002", "error")]
    assert codes(cli("check", "--format", "json", "--select", "DF001", "--ignore", "DF002")) == ["DF001"]


# -- exit codes ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, options, code",
    [
        ("FROM alpine:3.20\n", [], 0),
        (BOTH, [], 1),
        (BOTH, ["--fail-on", "warning"], 1),
        (BOTH, ["--fail-on", "error"], 0),
        (BOTH, ["--fail-on", "hint"], 1),
        (BOTH, ["--fail-on", "never"], 0),
        (BOTH, ["--exit-zero"], 0),
        (BOTH, ["--fail-on", "error", "--select", "DF002"], 0),
    ],
)
def test_exit_codes(cli, isolated, text, options, code):
    write(isolated, "Dockerfile", text)
    assert cli("check", *options).code == code


def test_severity_override_raises_exit_code(cli, isolated):
    write(isolated, "Dockerfile")
    (isolated / ".infragenius.toml").unlink()
    (isolated / "pyproject.toml").write_text(
        '[tool.infragenius]\nselect = ["DF001"]\n[tool.infragenius.severity]\nDF001 = "error"\n'
    )
    assert cli("check", "--fail-on", "error").code == 1


@pytest.mark.parametrize(
    "options, message",
    [
        (["--select", "XX999"], "unknown rule code 'XX999' in select"),
        (["--ignore", "nosuchtool:FOO"], "unknown rule code 'nosuchtool:FOO' in ignore"),
        (["--fail-on", "fatal"], "unknown severity 'fatal'"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["missing-dir"], "missing-dir: no such file or directory"),
        (["-", "Dockerfile"], "'-' (stdin) cannot be combined"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(cli, isolated, options, message):
    write(isolated, "Dockerfile")
    run = cli("check", *options)
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err


def test_config_errors_exit_2(cli, isolated):
    write(isolated, "Dockerfile")
    (isolated / ".infragenius.toml").write_text("selct = ['DF001']\n")
    run = cli("check")
    assert run.code == 2 and "unknown key 'selct'" in run.err and ".infragenius.toml" in run.err
    (isolated / ".infragenius.toml").write_text("select = [\n")
    run = cli("check")
    assert run.code == 2 and "invalid TOML" in run.err
    run = cli("check", "--config", "nowhere.toml")
    assert run.code == 2 and "nowhere.toml: cannot read" in run.err


# -- stdin -----------------------------------------------------------------------------------------
def test_stdin_with_filename(cli, isolated):
    run = cli("check", "-", "--stdin-filename", "docker/Dockerfile", "--format", "json", stdin=BOTH.encode())
    rows = json.loads(run.out)
    assert run.code == 1
    assert [(r["code"], r["filename"]) for r in rows] == [
        ("DF002", "docker/Dockerfile"),
        ("DF001", "docker/Dockerfile"),
    ]


def test_stdin_filename_drives_per_file_ignores(cli, isolated):
    (isolated / ".infragenius.toml").write_text(STABLE + '[per-file-ignores]\n"legacy/**" = ["DF001"]\n')
    run = cli("check", "-", "--stdin-filename", "legacy/x/Dockerfile", "--format", "json", stdin=BOTH.encode())
    assert codes(run) == ["DF002"]


def test_stdin_detects_language_by_content(cli, isolated):
    run = cli("check", "-", "--format", "json", stdin=BOTH.encode())
    assert [(r["code"], r["filename"]) for r in json.loads(run.out)] == [("DF002", "-"), ("DF001", "-")]


def test_stdin_fix_prints_fixed_text(cli, isolated):
    run = cli("check", "-", "--stdin-filename", "Dockerfile", "--fix", stdin=BOTH.encode())
    assert run.out == 'FROM alpine:latest\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n'
    assert "Dockerfile:1:6: DF002" in run.err and "Fixed 1 finding." in run.err
    assert run.code == 1  # DF002 remains


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"FROM alpine:3.20\nMAINTAINER \xff\n", b"FROM alpine:3.20\nMAINTAINER \xff\n"),  # echoed unchanged
        (
            b"\xef\xbb\xbfFROM alpine:3.20\nMAINTAINER x\n",
            b'\xef\xbb\xbfFROM alpine:3.20\nLABEL org.opencontainers.image.authors="x"\n',
        ),
    ],
)
def test_stdin_fix_keeps_bytes_it_cannot_decode_and_the_bom(isolated, data, expected):
    command = [
        sys.executable,
        "-m",
        "infragenius",
        "check",
        "-",
        "--stdin-filename",
        "Dockerfile",
        "--fix",
        "--no-cache",
    ]
    proc = subprocess.run(command, input=data, capture_output=True, cwd=isolated, timeout=60)
    assert proc.stdout == expected
    assert (b"not valid UTF-8; not fixed" in proc.stderr) == (b"\xff" in data)


# -- --fix -----------------------------------------------------------------------------------------
def test_fix_in_place_reports_what_is_left(cli, isolated):
    path = write(isolated, "Dockerfile", "FROM alpine:latest\r\nMAINTAINER a\r\nFROM alpine:3.20\nMAINTAINER b\n")
    run = cli("check", "--fix", "--format", "json")
    assert path.read_bytes() == (
        b'FROM alpine:latest\r\nLABEL org.opencontainers.image.authors="a"\r\n'
        b'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="b"\n'
    )
    assert codes(run) == ["DF002"]
    assert run.code == 1
    again = cli("check", "--fix")
    assert "Fixed" not in again.out and again.code == 1


def test_fix_keeps_bom_and_refuses_invalid_utf8(cli, isolated):
    bom = write(isolated, "a/Dockerfile", "")
    bom.write_bytes(b"\xef\xbb\xbfFROM alpine:3.20\nMAINTAINER a\n")
    bad = write(isolated, "b/Dockerfile", "")
    bad.write_bytes(b"FROM alpine:3.20\nMAINTAINER \xff\n")
    run = cli("check", "--fix", "--format", "json")
    assert bom.read_bytes() == b'\xef\xbb\xbfFROM alpine:3.20\nLABEL org.opencontainers.image.authors="a"\n'
    assert bad.read_bytes() == b"FROM alpine:3.20\nMAINTAINER \xff\n"
    assert "b/Dockerfile: not valid UTF-8; not fixed" in run.err
    assert [(r["filename"], r["code"]) for r in json.loads(run.out)] == [("b/Dockerfile", "DF001")]
    assert run.code == 1


def test_fix_only_selected_and_clean_exit(cli, isolated):
    path = write(isolated, "Dockerfile", "FROM alpine:3.20\nMAINTAINER a\n")
    run = cli("check", "--fix")
    assert run.code == 0
    assert run.out.splitlines() == ["Fixed 1 finding.", "All checks passed (1 file(s))."]
    assert path.read_text() == 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="a"\n'


def test_fix_leaves_unsafe_fixes_unless_asked(cli, isolated, monkeypatch):
    from infragenius.core.findings import Fix
    from infragenius.languages.dockerfile.rules.maintainer import MaintainerDeprecated

    original = MaintainerDeprecated.check_instruction

    def unsafe(self, ins, df, ctx):
        for f in original(self, ins, df, ctx):
            yield f.with_(fix=Fix(f.fix.title, f.fix.edits, "unsafe"))

    monkeypatch.setattr(MaintainerDeprecated, "check_instruction", unsafe)
    path = write(isolated, "Dockerfile", "FROM alpine:3.20\nMAINTAINER a\n")
    assert cli("check", "--fix", "--no-cache").code == 1
    assert "MAINTAINER a" in path.read_text()
    assert cli("check", "--fix", "--unsafe-fixes", "--no-cache").code == 0
    assert "LABEL" in path.read_text()


def test_fix_document_repeats_until_stable():
    """Two fixes on the same span: one per round, until nothing changes."""
    from infragenius.cli import fix_document
    from infragenius.core.document import Document, Range
    from infragenius.core.findings import Edit, Finding, Fix

    class Shrinker:  # an "engine" whose one finding asks to drop the first character until one is left
        def analyse(self, document, use_cache=False):
            class A:
                findings: ClassVar[list] = []

            if len(document.text) > 1:
                edit = Edit(Range.of(0, 0, 0, 1), "")
                A.findings = [Finding("X", "m", Range.of(0, 0, 0, 1), fix=Fix("t", (edit,)))] * 2
            return A

    doc = Document("untitled:x", "abcd", "dockerfile")
    text, remaining, applied = fix_document(Shrinker(), doc, Shrinker().analyse(doc).findings, unsafe=False)
    assert (text, remaining, applied) == ("d", [], 3)


# -- files, folders, walking -----------------------------------------------------------------------
def test_walk_skips_vendor_dirs_and_gitignored(cli, isolated):
    for name in (
        "Dockerfile",
        "a/Dockerfile",
        ".git/Dockerfile",
        "node_modules/x/Dockerfile",
        ".venv/Dockerfile",
        "build/Dockerfile",
        "a/tmp.Dockerfile",
        "a/keep.Dockerfile",
    ):
        write(isolated, name)
    (isolated / ".gitignore").write_text("build/\n*.Dockerfile\n!keep.Dockerfile\n")
    rows = json.loads(cli("check", "--format", "json", "--select", "DF001").out)
    assert [r["filename"] for r in rows] == ["Dockerfile", "a/Dockerfile", "a/keep.Dockerfile"]


def test_gitignore_above_the_named_folder_applies(cli, isolated):
    (isolated / ".git").mkdir()
    (isolated / ".gitignore").write_text("generated/\n")
    write(isolated, "svc/generated/Dockerfile")
    write(isolated, "svc/Dockerfile")
    rows = json.loads(cli("check", "svc", "--format", "json", "--select", "DF001").out)
    assert [r["filename"] for r in rows] == ["svc/Dockerfile"]
    # naming an ignored folder explicitly analyses it
    rows = json.loads(cli("check", "svc/generated", "--format", "json", "--select", "DF001").out)
    assert [r["filename"] for r in rows] == ["svc/generated/Dockerfile"]


def test_nested_gitignore_negation_wins(cli, isolated):
    (isolated / ".gitignore").write_text("*.Dockerfile\n")
    write(isolated, "a/x.Dockerfile")
    write(isolated, "b/x.Dockerfile")
    (isolated / "b" / ".gitignore").write_text("!x.Dockerfile\n")
    rows = json.loads(cli("check", "--format", "json", "--select", "DF001").out)
    assert [r["filename"] for r in rows] == ["b/x.Dockerfile"]


def test_exclude_from_config(cli, isolated):
    write(isolated, "a/Dockerfile")
    write(isolated, "vendor/Dockerfile")
    (isolated / ".infragenius.toml").write_text(STABLE + 'exclude = ["vendor/"]\n')
    rows = json.loads(cli("check", "--format", "json", "--select", "DF001").out)
    assert [r["filename"] for r in rows] == ["a/Dockerfile"]


def test_explicit_file_of_unknown_kind_is_accepted(cli, isolated):
    write(isolated, "notes.txt", "hello\n")
    write(isolated, "Buildfile", BOTH)  # no known name and no suffix: detected by content
    write(isolated, "build.df", BOTH)  # an unknown suffix: not ours
    run = cli("check", "notes.txt", "Buildfile", "build.df", "--format", "json")
    assert [r["filename"] for r in json.loads(run.out)] == ["Buildfile", "Buildfile"]


def test_output_is_ordered_by_filename(cli, isolated):
    for name in ("b/Dockerfile", "a/Dockerfile", "Dockerfile"):
        write(isolated, name)
    rows = json.loads(cli("check", "b", "Dockerfile", "a", "--format", "json").out)
    assert [(r["filename"], r["code"]) for r in rows] == [
        ("Dockerfile", "DF002"),
        ("Dockerfile", "DF001"),
        ("a/Dockerfile", "DF002"),
        ("a/Dockerfile", "DF001"),
        ("b/Dockerfile", "DF002"),
        ("b/Dockerfile", "DF001"),
    ]


def test_same_file_twice_is_reported_once(cli, isolated):
    write(isolated, "Dockerfile")
    os.symlink("Dockerfile", isolated / "Dockerfile.link")
    rows = json.loads(cli("check", ".", "Dockerfile", "--format", "json", "--select", "DF001").out)
    assert [r["filename"] for r in rows] == ["Dockerfile"]


def test_symlink_loops_do_not_hang(cli, isolated):
    write(isolated, "a/Dockerfile")
    os.symlink("..", isolated / "a" / "up")
    os.symlink("loop1.Dockerfile", isolated / "loop2.Dockerfile")
    os.symlink("loop2.Dockerfile", isolated / "loop1.Dockerfile")
    run = cli("check", "--format", "json", "--select", "DF001")
    assert [r["filename"] for r in json.loads(run.out)] == ["a/Dockerfile"]
    assert "Traceback" not in run.err
    assert "loop1.Dockerfile: cannot read" in run.err


def test_unreadable_file_and_folder_are_warnings(cli, isolated, monkeypatch):
    write(isolated, "ok/Dockerfile")
    locked = write(isolated, "locked/Dockerfile")
    secret = write(isolated, "secret/Dockerfile")
    if os.geteuid() == 0:  # root reads everything: simulate the permission errors
        import pathlib

        read_bytes, scandir = pathlib.Path.read_bytes, os.scandir

        def deny_file(self):
            if self.name == "Dockerfile" and self.parent.name == "locked":
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        def deny_folder(path):
            if os.fspath(path).endswith("secret"):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return scandir(path)

        monkeypatch.setattr(pathlib.Path, "read_bytes", deny_file)
        monkeypatch.setattr(os, "scandir", deny_folder)
        run = cli("check", "--format", "json", "--select", "DF001")
    else:
        locked.chmod(0)
        secret.parent.chmod(0)
        try:
            run = cli("check", "--format", "json", "--select", "DF001")
        finally:
            locked.chmod(0o644)
            secret.parent.chmod(0o755)
    assert [r["filename"] for r in json.loads(run.out)] == ["ok/Dockerfile"]
    assert "locked/Dockerfile: cannot read: Permission denied" in run.err
    assert "secret: cannot list directory: Permission denied" in run.err
    assert run.code == 1 and "Traceback" not in run.err


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems reject non-UTF-8 names")
def test_non_utf8_file_names(cli, isolated):
    raw = os.fsencode(str(isolated)) + b"/caf\xe9.Dockerfile"
    with open(raw, "wb") as fh:
        fh.write(BOTH.encode())
    for fmt in ("text", "json", "sarif", "github"):
        run = cli("check", "--format", fmt, "--select", "DF001")
        assert run.code == 1 and "Traceback" not in run.err
        assert "caf\ufffd.Dockerfile" in run.out or "caf%EF%BF%BD.Dockerfile" in run.out


def test_fifos_are_skipped_not_read(cli, isolated):
    write(isolated, "Dockerfile", "FROM alpine:3.20\n")
    os.mkfifo(isolated / "pipe.Dockerfile")
    run = cli("check", "--format", "json")
    assert (run.code, run.out, run.err) == (0, "[]\n", "")
    run = cli("check", "pipe.Dockerfile")
    assert "pipe.Dockerfile: not a regular file; skipped" in run.err and run.code == 0


def test_binary_and_empty_files(cli, isolated):
    (isolated / "Dockerfile").write_bytes(b"FROM alpine\x00\x01\x02")
    (isolated / "empty.Dockerfile").write_bytes(b"")
    rows = json.loads(cli("check", "--format", "json").out)
    assert [(r["filename"], r["code"]) for r in rows] == [("Dockerfile", "IG004")]


# -- --jobs and progress ---------------------------------------------------------------------------
def test_jobs_gives_the_same_output(cli, isolated):
    for i in range(12):
        write(isolated, f"d{i:02}/Dockerfile", BOTH if i % 3 else "FROM alpine:3.20\n")
    one = cli("check", "--jobs", "1", "--no-cache", "--format", "json")
    two = cli("check", "--jobs", "2", "--no-cache", "--format", "json")
    assert one.code == two.code == 1
    assert one.out == two.out and len(json.loads(one.out)) == 16


def test_progress_line_only_on_a_terminal(cli, isolated, monkeypatch):
    from infragenius import cli as cli_module

    for i in range(cli_module.Progress.MIN_FILES):
        write(isolated, f"d{i:02}/Dockerfile", "FROM alpine:3.20\n")
    assert cli("check").err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    run = cli("check")
    assert f"[{cli_module.Progress.MIN_FILES}/{cli_module.Progress.MIN_FILES}] d19/Dockerfile" in run.err
    assert run.err.endswith("\r\x1b[K")
