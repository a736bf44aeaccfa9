"""From a Dockerfile RUN to shell scripts and back to document ranges."""

from __future__ import annotations

from infragenius.core.document import Document
from infragenius.languages.dockerfile.parse import parse
from infragenius.languages.dockerfile.shell_view import final_stages, run_scripts, stage_shell

from ..helpers import analyse, golden_line


def views(text):
    df = parse(Document(uri="untitled:x", text=text, language="dockerfile"))
    return df, [(ins, v) for ins in df.instructions for v in run_scripts(df, ins)]


def located(text, program):
    """(line, column, text) of every ``program`` command name, 1-based like the golden files."""
    doc_lines = text.splitlines()
    out = []
    for _, view in views(text)[1]:
        for cmd in view.commands:
            if cmd.program == program:
                r = view.word_range(cmd.name)
                assert r.start.line == r.end.line
                out.append(
                    (r.start.line + 1, r.start.column + 1, doc_lines[r.start.line][r.start.column : r.end.column])
                )
    return out


def test_continuation_lines_map_back():
    text = "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n      curl\n"
    assert located(text, "apt-get") == [(2, 5, "apt-get"), (3, 8, "apt-get")]


def test_heredoc_body_is_the_script():
    text = "FROM debian:12\nRUN <<EOF\nset -e\napt-get install -y vim\nEOF\nRUN bash <<-EOT\n\t\tcd /tmp\n\tEOT\n"
    assert located(text, "apt-get") == [(4, 1, "apt-get")]
    assert located(text, "cd") == [(7, 3, "cd")]


def test_heredoc_fed_to_another_program_is_data():
    text = "FROM debian:12\nRUN python3 <<EOF\nimport os\nEOF\nRUN cat <<EOF > /etc/x.conf\nsudo rm\nEOF\n"
    _, found = views(text)
    assert [c.program for _, v in found for c in v.commands] == ["python3", "cat"]


def test_exec_form_shell_script():
    text = 'FROM debian:12\nRUN ["sh", "-c", "cd /x && make"]\nRUN ["sh", "-c", "echo \\"a\\" && cd /y"]\n'
    assert located(text, "cd")[0] == (2, 19, "cd")
    # escapes shift offsets: the whole string is reported
    second = next(v for ins, v in views(text)[1] if ins.line == 2)
    cmd = next(c for c in second.commands if c.program == "cd")
    r = second.word_range(cmd.name)
    assert (r.start.column, r.end.column) == (17, 38)


def test_non_posix_shells_are_skipped():
    text = 'FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN cd /x\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN cd c:\\\\x\n'
    assert views(text)[1] == []


def test_shell_is_inherited_from_the_parent_stage():
    text = 'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\n'
    df, found = views(text)
    assert stage_shell(df, found[0][0]) == ["/bin/bash", "-o", "pipefail", "-c"]
    assert [f.code for f in analyse(text, "dockerfile", select=["DF131"])] == []


def test_final_stages_follow_from():
    df, _ = views("FROM a AS one\nFROM b AS two\nFROM two AS three\nFROM one AS unused\nFROM three\n")
    assert final_stages(df) == {4, 2, 1}


def test_onbuild_run_is_checked():
    text = "FROM debian:12\nONBUILD RUN sudo make\n"
    assert [golden_line(f) for f in analyse(text, "dockerfile", select=["DF102"])] == [
        "2:13-2:17 DF102 Do not use sudo as it leads to unpredictable behavior; use a tool like gosu or USER"
    ]


def test_no_fix_where_offsets_do_not_map_exactly():
    text = 'FROM debian:12\nRUN ["sh", "-c", "echo \\"a\\" && apt-get install --no-install-recommends curl=1"]\n'
    (finding,) = analyse(text, "dockerfile", select=["DF106"])
    assert golden_line(finding) == "2:18-2:80 DF106 Use the -y switch to avoid manual input (apt-get install -y)"
    assert finding.fix is None


def test_fix_inside_sh_c_script():
    text = "FROM debian:12\nRUN sh -c 'apt-get install --no-install-recommends curl=1'\n"
    (finding,) = analyse(text, "dockerfile", select=["DF106"])
    assert golden_line(finding) == "2:12-2:19 DF106 Use the -y switch to avoid manual input (apt-get install -y)"
    assert [e.new_text for e in finding.fix.edits] == [" -y"]
    assert finding.fix.edits[0].range.start.column == 26


def test_heredoc_with_a_shebang():
    text = (
        "FROM debian:12\nRUN <<EOF\n#!/usr/bin/env python3\nprint('sudo x')\nEOF\n"
        "RUN <<EOF\n#!/usr/bin/env bash\nsudo make\nEOF\nRUN <<EOF\n#!/bin/sh -e\nsudo make\nEOF\n"
    )
    assert located(text, "sudo") == []
    assert [c.program for _, v in views(text)[1] for c in v.commands] == ["make", "make"]
