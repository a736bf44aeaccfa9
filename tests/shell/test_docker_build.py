"""Reading ``docker build`` command lines (languages/shell/docker_build.py): the context and ``-f``
words with their offsets, or nothing when an option could hide where the context is."""

from __future__ import annotations

import pytest

from infragenius.languages.shell import parse_script
from infragenius.languages.shell.docker_build import docker_build


def _read(line: str):
    [command] = parse_script(line).commands
    found = docker_build(command)
    if found is None:
        return None
    file = (found.file.value, found.file.start, found.file.end) if found.file else None
    return (found.context.value, found.context.start, found.context.end), file


@pytest.mark.parametrize(
    "line, expected",
    [
        ("docker build -f docker/Dockerfile -t app:1 .", ((".", 43, 44), ("docker/Dockerfile", 16, 33))),
        ('docker build --pull -t "$IMAGE" .', ((".", 32, 33), None)),
        ("docker buildx build --file=ci/Dockerfile --push ctx", (("ctx", 48, 51), ("ci/Dockerfile", 27, 40))),
        ("docker image build -fDockerfile.ci ./app", (("./app", 35, 40), ("Dockerfile.ci", 21, 34))),
        ('docker build --build-arg "V=1" -t x "$CONTEXT"', (("$CONTEXT", 36, 46), None)),
        # not read: an option we do not know, a word that may split into options, no build at all
        ("docker build --some-new-flag value .", None),
        ("docker build $FLAGS .", None),
        ("docker build -t a b c", None),
        ("docker push app:1", None),
        ("podman build -t a .", None),
    ],
)
def test_docker_build(line: str, expected) -> None:
    assert _read(line) == expected
