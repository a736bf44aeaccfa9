"""The shell parser and the RUN rules never raise, whatever the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.shell import GITHUB_EXPRESSION, package_commands, parse_script
from infragenius.languages.shell.rules import (
    masked_substitution_status,
    unquoted_expansions,
    unquoted_substitutions,
    useless_cats,
)

# fragments of shell, glued at random: more interesting than random characters alone
TOKENS = list("ab -=$'\"\\|&;(){}<>`#*\n\té") + [
    "apt-get ",
    "install ",
    "-y ",
    "sudo ",
    "sh -c ",
    "$(",
    "<<EOF\n",
    "curl ",
    "| sh",
    "cd ",
    "pip ",
    "${{ a }}",
    "${{",
    "\U000fe1ab",
]
SHELLISH = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(SHELLISH, st.text(max_size=60)))
def test_parse_script_never_raises(text):
    script = parse_script(text)
    for cmd in script.commands:
        for word in cmd.words:
            assert 0 <= word.start <= word.end <= len(text)
    list(package_commands(script.commands))
    masked = parse_script(text + " ${{ x }}", GITHUB_EXPRESSION)
    assert all(0 <= w.start <= w.end <= len(masked.text) for c in masked.commands for w in c.words)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHELLISH)
def test_run_rules_never_crash(text):
    doc = Document(
        uri="untitled:fuzz", text=f"FROM debian:12\nRUN {text}\nRUN <<EOF\n{text}\nEOF\n", language="dockerfile"
    )
    analysis = Engine(Config(select=["DF1", "SH2"])).analyse(doc, use_cache=False)
    assert analysis.rule_errors == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHELLISH)
def test_shellcheck_checks_stay_inside_the_script(text):
    # an unterminated backtick or $'...' once gave a span one past the end
    for script in (parse_script(text), parse_script(text, GITHUB_EXPRESSION)):
        checks = (unquoted_expansions, unquoted_substitutions, masked_substitution_status, useless_cats)
        for hit in (h for check in checks for h in check(script)):
            assert 0 <= hit.start <= hit.end <= len(text)


def test_unterminated_backtick_span_ends_at_the_text():
    text = "g `c $((1+|2))"
    assert [(h.start, h.end) for h in unquoted_substitutions(parse_script(text))] == [(2, len(text))]


def test_deep_nesting_is_cut_off_not_raised():
    script = parse_script("(" * 3000 + "echo" + ")" * 3000)
    assert script.has_error or script.commands
