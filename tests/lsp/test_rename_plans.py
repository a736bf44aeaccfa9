"""What a rename edits, language by language, on the navigation fixtures (tests/navigation/references*):
for each case the name under the cursor and every range the rename replaces, or null where nothing
can be renamed. Expected in ``expected/rename_plans.json``; ``--update-golden`` rewrites it after a
read of the diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infragenius.core.engine import Analysis
from infragenius.lsp.rename import _plan
from infragenius.lsp.state import State

NAVIGATION = Path(__file__).parents[1] / "navigation"
EXPECTED = Path(__file__).parent / "expected" / "rename_plans.json"

# id: (language, file under tests/navigation, needle, code points into it)
CASES = {
    "dockerfile_stage": ("dockerfile", "references/Dockerfile", "FROM build", 6),
    "dockerfile_env": ("dockerfile", "references/Dockerfile", "${APP}", 3),
    "terraform_variable": ("terraform", "references/module/main.tf", "var.region", 5),
    "terraform_local": ("terraform", "references/module/main.tf", "local.name", 7),
    "helm_values_key": ("helm", "references/chart/templates/deployment.yaml", ".Values.image.tag", 15),
    "helm_define": ("helm", "references/chart/templates/deployment.yaml", '"demo.name"', 2),
    "workflow_job": ("github-actions", "references_yaml/workflow.yml", "needs: build", 8),
    "workflow_step_id": ("github-actions", "references_yaml/workflow.yml", "id: meta", 5),
    "gitlab_job": ("gitlab-ci", "references_yaml/gitlab/.gitlab-ci.yml", "needs: [build", 9),
    "gitlab_stage": ("gitlab-ci", "references_yaml/gitlab/.gitlab-ci.yml", "stage: deploy", 8),
    "gitlab_variable": ("gitlab-ci", "references_yaml/variables/.gitlab-ci.yml", "${IMAGE}", 3),
    # nothing to rename: an attribute name, an external image
    "terraform_attribute": ("terraform", "references/module/main.tf", "source", 1),
    "dockerfile_image": ("dockerfile", "references/Dockerfile", "FROM alpine", 6),
}


def _parse(language: str, path: Path):
    from tests.navigation.support import analysed

    return analysed(path, language)


def _plan_of(case: str) -> dict | None:
    language, name, needle, delta = CASES[case]
    path = NAVIGATION / name
    document, model = _parse(language, path)
    offset = document.text.index(needle) + delta
    plan = _plan(State(), Analysis(document, [], model, language), document.position_at(offset))
    if plan is None:
        return None
    sites = sorted(
        (Path(where.path).relative_to(NAVIGATION).as_posix(), r.start.line, r.start.column, r.end.column)
        for where, r in plan.sites
    )
    return {"name": plan.name, "sites": [list(site) for site in sites]}


def test_rename_plans(update_golden: bool) -> None:
    found = {case: _plan_of(case) for case in CASES}
    if update_golden:
        EXPECTED.write_text(json.dumps(found, indent=1) + "\n", "utf-8")
    assert found == json.loads(EXPECTED.read_text("utf-8"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_site_holds_the_name(case: str) -> None:
    plan = _plan_of(case)
    for file, line, start, end in (plan or {}).get("sites", []):
        assert (NAVIGATION / file).read_text("utf-8").split("\n")[line][start:end] == plan["name"]
