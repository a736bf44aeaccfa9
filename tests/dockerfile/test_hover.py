"""Dockerfile hover: instruction docs, stage references, variable definitions."""

from __future__ import annotations

from infragenius.core.document import Document, Position
from infragenius.languages.dockerfile import LANGUAGE
from infragenius.languages.dockerfile.hover import INSTRUCTION_DOCS, hover
from infragenius.languages.dockerfile.model import INSTRUCTIONS
from infragenius.languages.dockerfile.parse import parse

TEXT = """\
ARG GO_VERSION=1.23
ARG TAG
FROM golang:${GO_VERSION} AS build
ARG GO_VERSION
ENV CGO_ENABLED=0 \\
    OUT=/out
RUN <<EOF
go build -o $OUT/app
EOF
FROM build AS test
onbuild COPY --from=build /out /x
FROM alpine:3.20
COPY --from=build $OUT /app
COPY --from=0 /out /app
COPY --from=busybox:1.36 /bin/busybox /bin/
ARG TARGETARCH
WORKDIR /x-$TARGETARCH-$NOPE
"""


def _hover(line: int, column: int, text: str = TEXT) -> str | None:
    doc = Document("untitled:Dockerfile", text, "dockerfile")
    return hover(doc, parse(doc), Position(line, column))


def test_every_instruction_has_docs():
    assert set(INSTRUCTION_DOCS) == set(INSTRUCTIONS)


def test_keyword_docs():
    text = _hover(2, 2)
    assert text.startswith("**FROM**\n\nStarts a build stage")
    assert "```dockerfile\nFROM [--platform=<platform>]" in text
    assert text.endswith("(https://docs.docker.com/reference/dockerfile/#from)")
    assert _hover(4, 0).startswith("**ENV**")


def test_onbuild_trigger_keyword_gets_its_own_docs():
    assert _hover(10, 0).startswith("**ONBUILD**")
    assert _hover(10, 9).startswith("**COPY**")


def test_stage_reference_in_copy_from_and_from():
    expected = (
        "**stage `build`** (stage 0), defined on line 3\n\n```dockerfile\nFROM golang:${GO_VERSION} AS build\n```"
    )
    assert _hover(12, 8) == expected
    assert _hover(9, 6) == expected
    assert _hover(13, 12).startswith("**stage `build`** (stage 0)")


def test_image_in_copy_from_is_not_a_stage():
    assert (
        _hover(14, 10)
        == "**busybox:1.36**: not a stage of this Dockerfile, so it is pulled as the image `busybox:1.36`"
    )


def test_variable_definitions():
    assert _hover(2, 15) == "**GO_VERSION** (ARG, defined on line 1)\n\ndefault: `1.23`"
    # re-declared in the stage: inherits the global default
    assert (
        _hover(12, 19)
        == "**$OUT**: not defined by an ARG or ENV of this Dockerfile before this line (the base image may set it)"
    )
    assert _hover(16, 13) == "**TARGETARCH** (ARG, defined on line 16)\n\ndefault: no default (set with `--build-arg`)"


def test_variable_in_continuation_and_heredoc():
    assert _hover(7, 14) == "**OUT** (ENV, defined on line 5)\n\nvalue: `/out`"


def test_undeclared_in_from_and_predefined():
    text = "FROM alpine:$NOPE\nFROM --platform=$BUILDPLATFORM alpine:3\nRUN echo $HTTP_PROXY\n"
    assert _hover(0, 14, text) == "**$NOPE**: not declared by a global ARG (before the first FROM)"
    assert _hover(1, 20, text).startswith("**BUILDPLATFORM**: predefined platform build argument")
    assert _hover(2, 12, text).startswith("**HTTP_PROXY**: predefined proxy build argument")


def test_nothing_to_say():
    assert _hover(16, 30) is None or "NOPE" in _hover(16, 30)
    assert _hover(0, 0, "\n# comment\n") is None
    assert _hover(0, 5, "FROM alpine:3\n") is None
    doc = Document("untitled:Dockerfile", "FROM x\n", "dockerfile")
    assert hover(doc, None, Position(0, 0)) is None


def test_language_spec_wires_hover():
    doc = Document("untitled:Dockerfile", "FROM x\n", "dockerfile")
    assert LANGUAGE.hover(doc, parse(doc), Position(0, 1)).startswith("**FROM**")
