"""Redirects in the shell model, the weak back-references, and the shared checks that read redirects."""

from __future__ import annotations

import gc

import pytest

from infragenius.languages.shell import GITHUB_EXPRESSION, parse_script
from infragenius.languages.shell import parse as shell_parse
from infragenius.languages.shell.packages import package_command
from infragenius.languages.shell.rules.env_files import expanded_variables, file_writes
from infragenius.languages.shell.rules.sudo_redirects import sudo_redirects

from ..robustness.test_no_cycles import _cyclic_garbage


def shape(text: str, index: int = 0, template=None):
    """(op, fd, target as written, redirect as written, compound) of one command's redirects."""
    cmd = parse_script(text, template).commands[index]
    return [
        (r.op, r.fd, text[r.target.start : r.target.end] if r.target else None, text[r.start : r.end], r.compound)
        for r in cmd.redirects
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("echo x > f", [(">", None, "f", "> f", False)]),
        ("echo x >> 'a b'", [(">>", None, "'a b'", ">> 'a b'", False)]),
        ("cmd 2>/dev/null >| g", [(">", 2, "/dev/null", "2>/dev/null", False), (">|", None, "g", ">| g", False)]),
        ("cmd &> out 2>&1", [("&>", None, "out", "&> out", False), (">&", 2, "1", "2>&1", False)]),
        ("cmd &>> out <in", [("&>>", None, "out", "&>> out", False), ("<", None, "in", "<in", False)]),
        ('cat <<<"$x"', [("<<<", None, '"$x"', '<<<"$x"', False)]),
        ("cmd 3<f 10>g", [("<", 3, "f", "3<f", False), (">", 10, "g", "10>g", False)]),
        ("echo a >&2 2>&-", [(">&", None, "2", ">&2", False), (">&-", 2, None, "2>&-", False)]),
        ("> f echo x", [(">", None, "f", "> f", False)]),
        ("a <> i", [("<>", None, "i", "<> i", False)]),
        ('echo x >"$F"y', [(">", None, '"$F"y', '>"$F"y', False)]),
    ],
)
def test_operators_descriptors_and_targets(text, expected):
    assert shape(text) == expected


def test_redirect_targets_are_never_arguments():
    script = parse_script("sudo echo x > /root/f 2>&1; cat <<<word; cmd 3<in")
    assert [[w.value for w in c.args] for c in script.commands] == [["x"], [], []]
    # tree-sitter hangs words after a target on the redirect; they are arguments
    cmd = parse_script("echo a > f b c").commands[0]
    assert [w.value for w in cmd.args] == ["a", "b", "c"]
    assert [r.target.value for r in cmd.redirects] == ["f"]
    assert [w.value for w in parse_script("cmd 10>g {fd}>h").commands[0].args] == []


def test_a_redirect_after_a_pipeline_or_list_belongs_to_its_last_command():
    script = parse_script("a | b > f 2> g && c; d && e > h; ! x > y")
    got = {c.program: [r.target.value for r in c.redirects] for c in script.commands}
    assert got == {"a": [], "b": ["f", "g"], "c": [], "d": [], "e": ["h"], "x": ["y"]}
    assert parse_script("a > f | b").commands[0].redirects[0].target.value == "f"


def test_compound_statement_redirects_apply_to_the_commands_inside():
    text = "{ a; b > own; } > f; while read l; do x; done < in; f() { y; } > log; (z) 2> err"
    script = parse_script(text)
    got = {c.program: [(r.target.value, r.compound) for r in c.redirects] for c in script.commands}
    assert got == {
        "a": [("f", True)],
        "b": [("f", True), ("own", False)],  # outer first: the order the shell applies them
        "read": [("in", True)],
        "x": [("in", True)],
        "y": [("log", True)],
        "z": [("err", True)],
    }
    assert script.commands[1].stdout_redirect().target.value == "own"
    # every redirect once, in source order, for the script
    assert [r.target.value for r in script.redirects] == ["own", "f", "in", "log", "err"]


def test_captured_output_does_not_inherit_enclosing_redirects():
    script = parse_script('{ echo "$(date)"; v=$(id); } > f')
    got = {c.program: [r.target.value for r in c.redirects] for c in script.commands}
    assert got == {"echo": ["f"], "date": [], "id": []}


def test_heredocs():
    text = "cat <<EOF > out\nhi $X\nEOF\ncat <<-'END' >> \"$LOG\"\n\tliteral $Y\n\tEND\n"
    script = parse_script(text)
    assert [c.program for c in script.commands] == ["cat", "cat"]
    first, second = script.commands
    heredoc, out = first.redirects
    assert (heredoc.op, heredoc.target.value, text[heredoc.start : heredoc.end]) == ("<<", "EOF", "<<EOF")
    assert (heredoc.body.value, heredoc.body.is_static, heredoc.body.static_prefix) == ("hi $X\n", False, "hi ")
    assert text[heredoc.body.start : heredoc.body.end] == "hi $X\n"
    assert (out.op, out.target.value) == (">", "out")
    quoted, log = second.redirects
    assert (quoted.op, quoted.target.value, quoted.target.raw, quoted.body.is_static) == ("<<-", "END", "'END'", True)
    assert (log.op, log.target.value, log.appends) == (">>", "$LOG", True)
    # what follows the delimiter on its line still runs
    piped = parse_script("cat <<EOF | sh\nx\nEOF\n")
    assert [c.program for c in piped.commands] == ["cat", "sh"] and piped.commands[1].redirects == ()


def test_template_expressions_in_targets_and_heredocs_are_unknown():
    text = "echo x >> ${{ env.GITHUB_ENV }}\ncat <<'EOF'\nA=${{ github.head_ref }}\nEOF\n"
    script = parse_script(text, GITHUB_EXPRESSION)
    target = script.commands[0].redirects[0].target
    assert (target.raw, target.is_static) == ("${{ env.GITHUB_ENV }}", False)
    body = script.commands[1].redirects[0].body
    assert (body.is_static, body.static_prefix) == (False, "A=")


def test_sh_c_redirects_have_document_offsets():
    text = "sudo sh -c 'echo x > /etc/f'"
    script = parse_script(text)
    echo = script.commands[1]
    redirect = echo.redirects[0]
    assert text[redirect.start : redirect.end] == "> /etc/f"
    assert text[redirect.target.start : redirect.target.end] == "/etc/f"
    assert [text[r.start : r.end] for r in script.redirects] == ["> /etc/f"]


def test_descriptor_helpers():
    script = parse_script("a &> f; b >&file; c 2>&1; d < in; e 2> err > out")
    a, b, c, d, e = script.commands
    assert a.redirects[0].descriptors == (1, 2) and a.redirects[0].writes_file
    assert b.redirects[0].descriptors == (1, 2) and b.redirects[0].writes_file
    assert c.redirects[0].descriptors == (2,) and not c.redirects[0].writes_file
    assert d.redirects[0].reads_file and d.stdout_redirect() is None
    assert e.stdout_redirect().target.value == "out"


BROKEN = ["echo >", "cat <<", "2>", "{ a; } >", "cat <<EOF", "a >&", "x=1 >f", "<<<", "a | > f", "echo ${{ x }} >> $F"]


@pytest.mark.parametrize("text", BROKEN)
def test_broken_redirects_never_raise(text):
    script = parse_script(text, GITHUB_EXPRESSION)
    for cmd in script.commands:
        for r in cmd.redirects:
            assert 0 <= r.start <= r.end <= len(text)
    sudo_redirects(script)
    file_writes(script, frozenset({"F"}))


# -- weak back-references --------------------------------------------------------------------------


def test_back_references_still_resolve():
    script = parse_script("a | b; echo $(uname); sh -c 'make'")
    a, b, echo, uname, sh, make = script.commands
    assert a.pipeline is b.pipeline is script.pipelines[0] and b.pipe_index == 1
    assert uname.parent is echo and make.nested_in is sh
    assert all(c.script is script for c in script.commands)


def test_a_script_dropped_from_the_cache_leaves_no_cyclic_garbage():
    text = "sudo apt-get install -y curl | tee log && { echo $(id) > f; sh -c 'pip install x'; } 2> err"

    def parse_use_and_evict() -> None:
        script = parse_script(text)
        assert [c.program for c in script.commands] == ["apt-get", "tee", "echo", "id", "sh", "pip"]
        assert package_command(script.commands[0]).manager == "apt-get"  # memoised on the command
        assert script.commands[3].parent is script.commands[2]
        shell_parse.parse_script.cache_clear()

    parse_use_and_evict()
    assert _cyclic_garbage(parse_use_and_evict) == {}
    gc.collect()


def test_memo_is_cached_per_command_while_the_script_lives():
    script = parse_script("apt-get install -y curl")
    cmd = script.commands[0]
    assert package_command(cmd) is package_command(cmd)


# -- shared checks -----------------------------------------------------------------------------


def test_sudo_redirects():
    text = (
        "sudo echo x > /etc/f; sudo tee /etc/g > /dev/null; sudo sh -c 'echo y > /etc/h'; sudo cat < /root/k; "
        'sudo make > "$LOG"; { sudo id; } > out; sudo -u app printf x >> /home/app/f; sh -c "sudo echo z > /etc/z"'
    )
    hits = sudo_redirects(parse_script(text))
    assert [text[h.start : h.end] for h in hits] == ["> /etc/f", "< /root/k", ">> /home/app/f", "> /etc/z"]
    assert hits[0].message == (
        "sudo does not apply to this redirect: the shell opens /etc/f without it; use '... | sudo tee /etc/f >/dev/null'"
    )
    assert "sudo tee -a /home/app/f" in hits[2].message
    assert (
        hits[1].message
        == "sudo does not apply to this redirect: the shell reads /root/k without it; use 'sudo cat /root/k | ...'"
    )


def test_file_writes_and_the_text_written():
    text = (
        'echo "A=$X" >> "$GITHUB_ENV"\n'
        'printf "%s" "$Y" | tee -a $GITHUB_PATH other\n'
        "{ echo B; } > ${GITHUB_ENV}\n"
        'cat <<EOF >> $GITHUB_ENV\nC=$(echo "$Z")\nEOF\n'
        "jq -r .x data.json >> $GITHUB_ENV\n"
        "echo nope > $GITHUB_ENV.bak\n"
    )
    writes = file_writes(parse_script(text), frozenset({"GITHUB_ENV", "GITHUB_PATH"}))
    got = [(w.variable, text[w.start : w.end], [d.word.raw for d in w.data]) for w in writes]
    assert got == [
        ("GITHUB_ENV", '>> "$GITHUB_ENV"', ['"A=$X"']),
        ("GITHUB_PATH", "$GITHUB_PATH", ['"%s"', '"$Y"']),
        ("GITHUB_ENV", "> ${GITHUB_ENV}", ["B"]),
        ("GITHUB_ENV", ">> $GITHUB_ENV", ['C=$(echo "$Z")\n']),
        ("GITHUB_ENV", ">> $GITHUB_ENV", []),  # jq's output is not its arguments: unknown text
    ]
    assert [expanded_variables(d) for w in writes for d in w.data] == [["X"], [], ["Y"], [], ["Z"]]


def test_single_quoted_and_quoted_heredoc_text_does_not_expand():
    text = "echo '$A' \"$B\" >> $GITHUB_ENV\ncat <<'EOF' >> $GITHUB_ENV\n$C\nEOF\n"
    writes = file_writes(parse_script(text), frozenset({"GITHUB_ENV"}))
    assert [expanded_variables(d) for w in writes for d in w.data] == [[], ["B"], []]


def test_statements_that_only_assign_are_recorded():
    text = 'a=$(b > f); export X="$Y" Z; c=1 cmd; local L=; m="$(echo "$T")"'
    script = parse_script(text)
    got = [
        (name, value.raw if value else None, text[offset : offset + 2]) for name, value, offset in script.assignments
    ]
    assert got == [("a", "$(b > f)", "a="), ("X", '"$Y"', "X="), ("L", None, "L="), ("m", '"$(echo "$T")"', "m=")]
