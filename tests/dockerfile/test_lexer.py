"""Word splitting of instruction arguments: the cached fast path agrees with the full lexer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from infragenius.languages.dockerfile.lexer import _split, split_words

PLAIN = st.text(alphabet=st.sampled_from(list("ab-=/:.$ {}\t\u00a0\u3000\u2028\x1c")), max_size=60)


@given(PLAIN)
@settings(max_examples=300, deadline=None)
def test_plain_text_fast_path_matches_the_lexer(text: str) -> None:
    assert split_words(text) == _split(text, "\\")
    assert split_words(text, "`") == _split(text, "`")


def test_quotes_and_escapes_go_through_the_lexer() -> None:
    assert split_words('a "b c" d\\ e') == [("a", "a", 0, 1), ("b c", '"b c"', 2, 7), ("d e", "d\\ e", 8, 12)]
    assert split_words("x `y z", "`") == [("x", "x", 0, 1), ("y", "`y", 2, 4), ("z", "z", 5, 6)]


def test_results_are_copies_callers_may_change() -> None:
    first = split_words("apt-get install curl")
    first.pop()
    assert split_words("apt-get install curl") == [
        ("apt-get", "apt-get", 0, 7),
        ("install", "install", 8, 15),
        ("curl", "curl", 16, 20),
    ]
