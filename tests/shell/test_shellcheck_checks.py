"""ShellCheck's most frequent checks as shared functions (SC2086, SC2046, SC2155, SC2002), the way
every language calls them: a script, optional known variables, and spans of the script text."""

from __future__ import annotations

import pytest

from infragenius.languages.shell import GITHUB_EXPRESSION, parse_script
from infragenius.languages.shell.rules import (
    masked_substitution_status,
    unquoted_expansions,
    unquoted_substitutions,
    useless_cats,
)
from infragenius.languages.shell.rules.words import word_parts


def _spans(text: str, hits) -> list[str]:
    return [text[h.start : h.end] for h in hits]


def test_word_parts_know_where_each_expansion_is_and_whether_it_is_quoted():
    raw = 'a"$B"${C:-x}$(d)'
    found = [(p.kind, raw[p.start : p.end], p.quoted) for p in word_parts(raw) if p.kind != "text"]
    assert found == [("var", "$B", True), ("var", "${C:-x}", False), ("other", "$(d)", False)]


@pytest.mark.parametrize(
    "script,expected",
    [
        ("rm -rf $DIR/cache", ["$DIR"]),
        ("cat > $OUT", ["$OUT"]),  # a redirect target is split too ("ambiguous redirect")
        ('echo "$A" ${B}', ["${B}"]),
        ("V=1.2; echo $V", []),  # only ever one plain word
        ('V=1.2; R="$V-x"; echo $R', []),
        ("V=$(date); echo $V", ["$V"]),  # a substitution may print anything
        ("read -r L; echo $L", ["$L"]),
        ("for a in x y; do echo $a; done", []),
        ("for f in *.txt; do rm $f; done", ["$f"]),
        ("echo ${#X} $RANDOM ${DEBUG:+-v} $1 $#", []),
        ("export A=$B; [[ -n $C ]]; case $D in *) ;; esac", []),
        ("sh -c 'echo $E'", []),  # ShellCheck does not read sh -c scripts either
        ("echo ${{ matrix.os }} $RUNNER_OS", []),  # a template, and a variable the caller knows
        # an exit status is a number; so are the shell's other special parameters
        ("S=0; make || S=$?; exit $S", []),
        ("PID=$!; N=$#; echo $PID $N", []),
        ("S=$?; S=$(cat f); exit $S", ["$S"]),
        # set from a substitution that prints one plain word (or an exit status, its command's output in a file)
        ("C=$(lint ./... > /tmp/out.txt 2>&1 ; echo $?) || true; exit ${C}", []),
        ("V=$(git rev-parse --short HEAD); docker tag x:$V", []),
        ("C=$(lint ./... ; echo $?); exit $C", ["$C"]),  # lint's own output is captured too
        # a ``for`` list continued with backslash-newlines: every item is a plain word
        ("for f in a \\\n    b.md \\\n    c\ndo\n  cp ${f} dist/\ndone", []),
        ("for f in a \\\n    *.md\ndo\n  cp ${f} dist/\ndone", ["${f}"]),
    ],
)
def test_unquoted_expansions(script, expected):
    text = script
    found = unquoted_expansions(parse_script(text, GITHUB_EXPRESSION), lambda name: name == "RUNNER_OS")
    assert _spans(text, found) == expected


@pytest.mark.parametrize(
    "script,expected",
    [
        ("apt-get install $(cat pkgs)", ["$(cat pkgs)"]),
        ("cp `ls` /x", ["`ls`"]),
        ('cp "$(ls)" /x; X=$(ls); echo $((1 + 2))', []),
        ("make -j$(nproc) && echo $(uname -m) $(dpkg --print-architecture) $(id -u)", []),
        # one-word printers: a sha, a ref name, a number, a user id
        ("git diff $(git merge-base origin/main $HEAD) $(git merge-base --fork-point main)", []),
        ("git log $(git rev-parse --abbrev-ref HEAD) $(git rev-parse --verify -q $REF)", []),
        ("make -j$(nproc --all) -u $(id -u) -g $(id -g $USER) -t $(date +%s) -d $(date -u +%Y%m%d)", []),
        ("git show $(git merge-base --all a b)", ["$(git merge-base --all a b)"]),  # several shas
        ("cd $(git rev-parse --show-toplevel)", ["$(git rev-parse --show-toplevel)"]),  # a path
        ("./configure $(test \"$(uname -m)\" != riscv64 && echo '--with-lto')", []),
        ("./configure $(test -n x && echo 'two words')", ["$(test -n x && echo 'two words')"]),
    ],
)
def test_unquoted_substitutions(script, expected):
    assert _spans(script, unquoted_substitutions(parse_script(script))) == expected


def test_masked_substitution_status_names_the_builtin_and_the_variable():
    text = 'export A="$(mktemp -d)" B=1 N=$((1+2)); f() { local out=`ls`; }'
    hits = masked_substitution_status(parse_script(text))
    assert _spans(text, hits) == ['A="$(mktemp -d)"', "out=`ls`"]
    assert hits[0].message == "Declare and assign separately: export A=$(...) hides the command's exit status"


def test_useless_cats_only_for_one_file_without_options():
    text = "cat f | grep x; cat a b | sort; cat -n f | less; cat *.pem | x; cat $F | y; { cat g; } | z; cat h 2>/dev/null | w"
    hits = useless_cats(parse_script(text))
    assert _spans(text, hits) == ["cat f"]
    assert hits[0].message == "Useless cat: give the file to grep directly (< f)"


@pytest.mark.parametrize(
    "text,message",
    [
        # the file goes after the loop's ``done``: the loop's first command is not the reader
        ("cat f | while read -r l; do echo $l; done", "give the file to the loop directly (done < f)"),
        (
            "cat 'a b' |\n  while IFS= read -r l\ndo\n  x\ndone | sort",
            "give the file to the loop directly (done < 'a b')",
        ),
        ("cat f | until ! read l; do :; done", "give the file to the loop directly (done < f)"),
        ("cat f | { read a; echo $a; }", "give the file to the group directly (} < f)"),
        ("cat f | ( read a; echo $a )", "give the file to the subshell directly () < f)"),
        ("cat f |(read a)", "give the file to the subshell directly () < f)"),
        ("cat f | if read a; then :; fi", "give the file to the if directly (fi < f)"),
    ],
)
def test_useless_cat_into_a_compound_command_says_where_the_file_goes(text, message):
    (hit,) = useless_cats(parse_script(text))
    assert hit.message == f"Useless cat: {message}"
