"""Find references in Terraform, Dockerfiles and Helm: every location, in order, against
``references/expected.json`` (file names relative to the fixture; null for the document itself)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infragenius.core.document import Document, Position
from infragenius.languages.dockerfile.references import references as docker_references
from infragenius.languages.helm.references import references as helm_references
from infragenius.languages.terraform.references import references as tf_references

from .support import analysed, at

HERE = Path(__file__).parent / "references"
EXPECTED = json.loads((HERE / "expected.json").read_text("utf-8"))
FINDERS = {"terraform": tf_references, "dockerfile": docker_references, "helm": helm_references}

# id: (language, file, needle, delta, nth, include_declaration)
CASES = {
    # Terraform: a variable used in two files, from a use, from its header, with and without declaration
    "tf_var_from_use": ("terraform", "module/main.tf", "var.region", 5, 0, True),
    "tf_var_from_use_no_decl": ("terraform", "module/main.tf", "var.region", 5, 1, False),
    "tf_var_from_header": ("terraform", "module/variables.tf", '"region"', 2, 0, True),
    "tf_var_from_other_file": ("terraform", "module/outputs.tf", "var.region", 1, 0, True),
    "tf_var_unused": ("terraform", "module/variables.tf", '"unused"', 2, 0, True),
    "tf_local_from_key": ("terraform", "module/main.tf", "name ", 1, 0, True),
    "tf_local_from_use": ("terraform", "module/main.tf", "local.name", 7, 1, False),
    "tf_resource_from_header": ("terraform", "module/main.tf", '"logs"', 1, 0, True),
    "tf_resource_from_use": ("terraform", "module/outputs.tf", "aws_s3_bucket.logs", 3, 1, True),
    "tf_data": ("terraform", "module/main.tf", "data.aws", 2, 0, True),
    "tf_module_from_header": ("terraform", "module/main.tf", 'module "net"', 1, 0, False),
    "tf_module_from_use": ("terraform", "module/outputs.tf", "module.net", 8, 0, True),
    # negatives: an undeclared variable, an output header, the locals keyword, an attribute name
    "tf_unknown_var": ("terraform", "module/main.tf", "var.nope", 5, 0, True),
    "tf_output_header": ("terraform", "module/outputs.tf", '"arn"', 1, 0, True),
    "tf_locals_keyword": ("terraform", "module/main.tf", "locals", 1, 0, True),
    "tf_attribute": ("terraform", "module/main.tf", "source", 1, 0, True),
    # Dockerfile: stages from the AS name, --from= and FROM <stage>; variables by scope
    "df_stage_from_as": ("dockerfile", "Dockerfile", "build", 1, 0, True),
    "df_stage_from_flag": ("dockerfile", "Dockerfile", "--from=build", 9, 0, False),
    "df_stage_from_from": ("dockerfile", "Dockerfile", "FROM build", 6, 0, True),
    "df_stage_test": ("dockerfile", "Dockerfile", "test", 1, 0, True),
    "df_env_from_name": ("dockerfile", "Dockerfile", "APP=", 1, 0, True),
    "df_env_from_use": ("dockerfile", "Dockerfile", "${APP}", 3, 0, False),
    "df_env_from_heredoc": ("dockerfile", "Dockerfile", "echo $APP", 7, 1, True),
    "df_global_arg": ("dockerfile", "Dockerfile", "$BASE", 2, 0, True),
    "df_stage_arg": ("dockerfile", "Dockerfile", "${BASE}", 3, 0, True),
    # negatives: single-quoted, another stage's scope, an external image, a keyword
    "df_single_quoted": ("dockerfile", "Dockerfile", "'$APP'", 2, 0, True),
    "df_other_scope": ("dockerfile", "Dockerfile", "build $APP", 8, 0, True),
    "df_external_image": ("dockerfile", "Dockerfile", "FROM alpine", 6, 0, True),
    "df_keyword": ("dockerfile", "Dockerfile", "RUN", 1, 0, True),
    # Helm: literal and scoped value paths across templates, defines and their calls
    "helm_value_leaf": ("helm", "chart/templates/deployment.yaml", ".Values.image.tag", 15, 0, True),
    "helm_value_parent": ("helm", "chart/templates/deployment.yaml", ".Values.image.tag", 9, 0, True),
    "helm_value_scoped": ("helm", "chart/templates/deployment.yaml", ".tag }}", 2, 0, True),
    "helm_value_range_var": ("helm", "chart/templates/deployment.yaml", "$svc.port", 6, 0, True),
    "helm_value_no_decl": ("helm", "chart/templates/deployment.yaml", ".Values.replicas", 9, 0, False),
    "helm_value_in_helper": ("helm", "chart/templates/_helpers.tpl", ".Values.image.repository", 16, 0, True),
    "helm_include": ("helm", "chart/templates/deployment.yaml", '"demo.name"', 2, 0, True),
    "helm_define": ("helm", "chart/templates/_helpers.tpl", '"demo.name"', 2, 0, False),
    "helm_define_uncalled": ("helm", "chart/templates/_helpers.tpl", '"demo.unused"', 2, 0, True),
    # negatives: a key missing from values.yaml, .Values itself, .Chart, an unknown include
    "helm_value_missing": ("helm", "chart/templates/service.yaml", ".Values.nope", 9, 0, True),
    "helm_values_root": ("helm", "chart/templates/service.yaml", "$.Values", 4, 0, True),
    "helm_chart_name": ("helm", "chart/templates/_helpers.tpl", ".Chart.Name", 3, 0, True),
    "helm_unknown_include": ("helm", "chart/templates/service.yaml", '"demo.other"', 2, 0, True),
}


def _found(case: str) -> list | None:
    language, name, needle, delta, nth, include = CASES[case]
    path = HERE / name
    text = path.read_text("utf-8")
    document, model = analysed(path, language)
    answer = FINDERS[language](document, model, at(text, needle, delta, nth), include)
    if answer is None:
        return None
    return [
        [
            None if where is None else Path(where).relative_to(HERE).as_posix(),
            [rng.start.line, rng.start.column, rng.end.line, rng.end.column],
        ]
        for where, rng in answer
    ]


@pytest.mark.parametrize("case", sorted(CASES))
def test_references(case: str):
    assert _found(case) == EXPECTED[case]


def test_every_expectation_has_a_case():
    assert set(EXPECTED) == set(CASES)


@pytest.mark.parametrize("language", sorted(FINDERS))
def test_broken_input_never_raises(language: str):
    document = Document(uri="file:///x", text="", language=language)
    assert FINDERS[language](document, None, Position(0, 0), True) is None
    for name in ("module/main.tf", "Dockerfile", "chart/templates/deployment.yaml"):
        path = HERE / name
        text = path.read_text("utf-8")
        half = text[: len(text) // 2] + "{{ .Values. ${ var. $ --from= "
        document, model = analysed(
            path, {"module/main.tf": "terraform", "Dockerfile": "dockerfile"}.get(name, "helm"), half
        )
        finder = FINDERS[document.language]
        for line in range(half.count("\n") + 3):
            for column in (0, 5, 12, 40, 400):
                finder(document, model, Position(line, column), True)
