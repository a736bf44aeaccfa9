"""The shell model: words, offsets, connections, wrappers, nested scripts."""

from __future__ import annotations

from infragenius.languages.shell import GITHUB_EXPRESSION, parse_script
from infragenius.languages.shell.model import BACKGROUND, LOOP, NESTED, SUBSHELL, SUBSTITUTION


def names(script):
    return [c.program for c in script.commands]


def test_words_have_static_values_and_exact_offsets():
    text = """apt-get install -y "curl=${V}" 'a b' c\\ d foo$X"""
    cmd = parse_script(text).commands[0]
    assert cmd.program == "apt-get"
    got = [(w.value, w.is_static, w.static_prefix, text[w.start : w.end]) for w in cmd.args]
    assert got == [
        ("install", True, "install", "install"),
        ("-y", True, "-y", "-y"),
        ("curl=${V}", False, "curl=", '"curl=${V}"'),
        ("a b", True, "a b", "'a b'"),
        ("c d", True, "c d", "c\\ d"),
        ("foo$X", False, "foo", "foo$X"),
    ]


def test_opaque_words_are_unquoted_leading_expansions():
    args = parse_script('cmd $FLAGS "$ONE" ${X}y').commands[0].args
    assert [w.opaque for w in args] == [True, False, True]


def test_offsets_are_code_points_not_bytes():
    text = "echo é && cd /tmp"
    cd = parse_script(text).commands[1]
    assert text[cd.start : cd.end] == "cd /tmp"
    assert text[cd.args[0].start : cd.args[0].end] == "/tmp"


def test_connections_and_contexts():
    script = parse_script("a && b || c; d | e |& f; (g); for i in 1; do h; done; i &")
    assert names(script) == list("abcdefghi")
    assert [c.op_before for c in script.commands[:6]] == [None, "&&", "||", ";", "|", "|&"]
    assert len(script.pipelines) == 1
    pipe = script.pipelines[0]
    assert [c.program for c in pipe.commands] == ["d", "e", "f"]
    assert [op for op, _, _ in pipe.operators] == ["|", "|&"]
    assert SUBSHELL in script.commands[6].contexts
    assert LOOP in script.commands[7].contexts
    assert BACKGROUND in script.commands[8].contexts


def test_substitutions_belong_to_their_command():
    script = parse_script('x="$(dpkg --print-architecture | awk -F- "{print}")"; echo $(uname -m)')
    dpkg, awk, echo, uname = script.commands
    assert (dpkg.program, awk.program, echo.program, uname.program) == ("dpkg", "awk", "echo", "uname")
    assert SUBSTITUTION in dpkg.contexts and dpkg.parent is None  # a bare assignment has no command
    assert uname.parent is echo and uname.substitution == "$("
    assert len(script.pipelines) == 1


def test_wrappers_are_unwrapped():
    script = parse_script("DEBIAN_FRONTEND=noninteractive sudo -E -u root env A=1 nice -n 5 apt-get update")
    cmd = script.commands[0]
    assert cmd.program == "apt-get"
    assert [w.value for w in cmd.wrappers] == ["sudo", "env", "nice"]
    assert [k for k, _ in cmd.assignments] == ["DEBIAN_FRONTEND", "A"]
    assert cmd.assignment("A").value == "1"


def test_wrappers_without_a_command_stay():
    assert names(parse_script("sudo -l; command -v curl; env")) == ["sudo", "command", "env"]


def test_sh_c_scripts_are_parsed_with_document_offsets():
    text = "bash -c 'cd /x && make' && sh -ec \"apt-get update\""
    script = parse_script(text)
    assert names(script) == ["bash", "cd", "make", "sh", "apt-get"]
    cd = script.commands[1]
    assert NESTED in cd.contexts and cd.nested_in is script.commands[0]
    assert text[cd.start : cd.end] == "cd /x"
    update = script.commands[4]
    assert text[update.args[0].start : update.args[0].end] == "update"


def test_cd_targets():
    targets = parse_script("cd /a && cd && cd -P /b && cd -").cd_targets()
    assert [t.value if t else None for _, t in targets] == ["/a", None, "/b", "-"]


def test_syntax_errors_give_a_best_effort_model():
    script = parse_script("apt-get install -y curl && (echo")
    assert script.has_error
    assert names(script)[0] == "apt-get"


def test_results_are_cached_by_text():
    assert parse_script("echo cached") is parse_script("echo cached")


def test_sh_c_after_options_with_values():
    assert names(parse_script("bash -eo pipefail -c 'a | b'")) == ["bash", "a", "b"]
    assert names(parse_script("bash --norc -o errexit -c 'c'")) == ["bash", "c"]
    assert names(parse_script("sh script.sh -c 'not a script'")) == ["sh"]


def test_template_expressions_are_expansions():
    text = "echo '${{ github.event.issue.title }}' && ${{ matrix.cmd }} x && cd ${{ env.DIR }}/sub"
    script = parse_script(text, GITHUB_EXPRESSION)
    assert not script.has_error
    echo, cmd, cd = script.commands
    title = echo.args[0]
    assert (title.value, title.is_static, text[title.start : title.end]) == (
        "${{ github.event.issue.title }}",
        False,
        "'${{ github.event.issue.title }}'",
    )
    assert cmd.program is None and cmd.name.raw == "${{ matrix.cmd }}"
    assert (cd.args[0].is_static, cd.args[0].static_prefix) == (False, "")
