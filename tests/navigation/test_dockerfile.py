"""Dockerfile: stage references and $VAR jump to their FROM / ARG / ENV; keyword, stage and
variable completion."""

from __future__ import annotations

from infragenius.core.document import Range
from infragenius.languages.dockerfile.completion import completion
from infragenius.languages.dockerfile.definition import definition

from .support import analysed, at, write

DOCKERFILE = """ARG BASE=alpine:3.20
FROM ${BASE} AS build
ARG BASE
ENV APP=/app
RUN echo $APP $BASE

FROM build AS test
RUN <<EOF
echo $APP
EOF
FROM scratch
COPY --from=build /app /app
COPY --from=0 /x /x
COPY --from=later /y /y
COPY --from= /z /z
R
FROM alpine:3.20 AS later
"""


def _parsed(tmp_path, text=DOCKERFILE):
    write(tmp_path, {"Dockerfile": text})
    return analysed(tmp_path / "Dockerfile", "dockerfile")


def test_stage_references_jump_to_the_stage_name(tmp_path):
    document, model = _parsed(tmp_path)
    build = Range.of(1, 16, 1, 21)
    assert definition(document, model, at(DOCKERFILE, "--from=build", 9)) == (None, build, Range.of(11, 12, 11, 17))
    assert definition(document, model, at(DOCKERFILE, "--from=0", 7)) == (None, build, Range.of(12, 12, 12, 13))
    assert definition(document, model, at(DOCKERFILE, "FROM build", 5)) == (None, build, Range.of(6, 5, 6, 10))
    assert definition(document, model, at(DOCKERFILE, "--from=build", 2)) is None  # on the flag name
    assert definition(document, model, at(DOCKERFILE, "--from=later", 8)) is None  # a later stage: an image


def test_variables_jump_to_the_arg_or_env_in_scope(tmp_path):
    document, model = _parsed(tmp_path)
    # in FROM: the global ARG; in the stage: the re-declared ARG and the ENV
    assert definition(document, model, at(DOCKERFILE, "${BASE}", 3)) == (
        None,
        Range.of(0, 4, 0, 8),
        Range.of(1, 5, 1, 12),
    )
    assert definition(document, model, at(DOCKERFILE, "$BASE\n", 1)) == (
        None,
        Range.of(2, 4, 2, 8),
        Range.of(4, 14, 4, 19),
    )
    assert definition(document, model, at(DOCKERFILE, "$APP $", 2)) == (
        None,
        Range.of(3, 4, 3, 7),
        Range.of(4, 9, 4, 13),
    )
    # inside a RUN heredoc of a stage built on "build": the inherited ENV
    assert definition(document, model, at(DOCKERFILE, "echo $APP\nEOF", 6)) == (
        None,
        Range.of(3, 4, 3, 7),
        Range.of(8, 5, 8, 9),
    )


def test_undefined_variable_and_plain_words_have_no_definition(tmp_path):
    text = "FROM alpine:3.20\nRUN echo $HOME\n"
    document, model = _parsed(tmp_path, text)
    assert definition(document, model, at(text, "$HOME", 2)) is None
    assert definition(document, model, at(text, "echo")) is None


def test_keyword_completion_at_the_start_of_an_instruction(tmp_path):
    document, model = _parsed(tmp_path)
    items = completion(document, model, at(DOCKERFILE, "\nR\n", 2))
    labels = [i.label for i in items]
    assert labels == [
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    ]
    run = items[labels.index("RUN")]
    assert run.range == Range.of(15, 0, 15, 1) and run.insert_text == "RUN " and run.kind == "keyword"
    assert run.documentation.startswith("**RUN**")
    # before the first FROM only ARG and FROM are allowed
    assert [i.label for i in completion(document, model, at(DOCKERFILE, "ARG BASE=", 1))] == ["ARG", "FROM"]
    # not inside arguments or heredoc bodies
    assert completion(document, model, at(DOCKERFILE, "echo $APP\nEOF", 2)) is None


def test_stage_and_variable_completion(tmp_path):
    document, model = _parsed(tmp_path)
    items = completion(document, model, at(DOCKERFILE, "--from= /z", 7))
    assert [(i.label, i.detail) for i in items] == [
        ("build", "stage 0: FROM ${BASE}"),
        ("test", "stage 1: FROM build"),
    ]
    assert items[0].range == Range.of(14, 12, 14, 12)
    typed = completion(document, model, at(DOCKERFILE, "FROM build", 6))
    assert [i.label for i in typed] == ["build"] and typed[0].range == Range.of(6, 5, 6, 10)
    variables = completion(document, model, at(DOCKERFILE, "$APP $", 2))
    assert [(i.label, i.detail) for i in variables] == [
        ("APP", "ENV, line 4"),
        ("BASE", "ARG, line 3"),
        ("PATH", "predefined"),
    ]
    assert variables[0].range == Range.of(4, 10, 4, 13)
