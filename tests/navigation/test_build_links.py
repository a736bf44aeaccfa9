"""Links and go-to-definition from CI builds to the files they build (github_actions/links.py,
gitlab_ci/links.py) on the GA053/GL017 case folders: only paths that exist are linked; broken input
gives no error."""

from __future__ import annotations

from pathlib import Path

from infragenius.core.document import Document, Position
from infragenius.languages.github_actions import links as actions_links
from infragenius.languages.gitlab_ci import links as gitlab_links

from .support import analysed, at

CASES = Path(__file__).parents[1] / "cases"
WORKFLOW = CASES / "github-actions/GA053/bad_paths/.github/workflows/build.yml"
PIPELINE = CASES / "gitlab-ci/GL017/bad_paths/.gitlab-ci.yml"


def _shown(answer, root: Path) -> list[tuple[int, int, int, str]]:
    return [(r.start.line, r.start.column, r.end.column, path.relative_to(root).as_posix()) for r, path in answer]


def test_workflow_links_name_only_what_exists() -> None:
    document, model = analysed(WORKFLOW, "github-actions")
    root = WORKFLOW.parents[2]
    assert _shown(actions_links.links(document, model), root) == [
        (15, 19, 22, "app"),  # context: app (its file: app/Dockerfile.prod does not exist)
        (19, 19, 23, "docs"),  # a folder without a Dockerfile is still the context
        (40, 51, 54, "app"),  # docker build -f app/Dockerfile.ci -t app app
        (41, 31, 35, "docs"),
    ]
    # definition opens the Dockerfile the build reads, when there is one
    assert actions_links.dockerfile_target(model, at(document.text, "context: app", 10)) is None
    good = CASES / "github-actions/GA053/good_paths/.github/workflows/build.yml"
    document, model = analysed(good, "github-actions")
    [(target, _, origin)] = actions_links.dockerfile_target(model, at(document.text, "context: app", 10))
    assert target == good.parents[2] / "app" / "Dockerfile"
    assert document.text.split("\n")[origin.start.line][origin.start.column : origin.end.column] == "app"


def test_pipeline_links_name_only_what_exists() -> None:
    document, model = analysed(PIPELINE, "gitlab-ci")
    root = PIPELINE.parent
    assert _shown(gitlab_links.links(document, model), root) == [
        (8, 69, 70, "."),  # docker build -f docker/Dockerfile.prod -t "$CI_REGISTRY_IMAGE" .
        (10, 51, 57, "docker"),  # docker buildx build --file=Dockerfile --push docker
    ]


def test_broken_input_never_raises() -> None:
    for path, language, module in ((WORKFLOW, "github-actions", actions_links), (PIPELINE, "gitlab-ci", gitlab_links)):
        text = path.read_text("utf-8")
        for cut in (len(text) // 3, len(text) // 2, len(text) - 7):
            broken = text[:cut] + "\n  - docker build -f\n    with: {context: [\n"
            document, model = analysed(path, language, broken)
            module.links(document, model)
            for line in range(broken.count("\n") + 2):
                for column in (0, 6, 12, 20, 40, 300):
                    if module is actions_links:
                        module.dockerfile_target(model, Position(line, column))
                    else:
                        module.dockerfile_target(document, model, Position(line, column))
    assert actions_links.links(Document(uri="file:///x", text=""), None) is None
