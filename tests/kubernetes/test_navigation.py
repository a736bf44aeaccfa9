"""Go-to-definition and completion in Kubernetes manifests (languages/kubernetes/definition.py,
completion.py), on the manifests under navigation/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from infragenius.core.document import Document, Position, Range
from infragenius.languages.kubernetes import LANGUAGE
from infragenius.languages.kubernetes.completion import allowed_values
from infragenius.languages.kubernetes.parse import parse

HERE = Path(__file__).resolve().parent / "navigation"
_VALUE = re.compile(r"^[ ]*(?:-[ ]+)?[\w.\-/]+:[ ]+(?:\{[ ]*name:[ ]*)?(?=[\w])")


def _document(text: str) -> Document:
    return Document("file:///nav.yaml", text, "kubernetes")


def _define(text: str, line: int, column: int):
    document = _document(text)
    return LANGUAGE.definition(document, parse(document), Position(line, column))


def _targets(found) -> list[tuple[Range, Range]]:
    if found is None:
        return []
    found = found if isinstance(found, list) else [found]
    assert all(path is None for path, *_ in found)
    return [(target, origin) for _, target, origin in found]


def _at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) of the nth occurrence of needle."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    document = _document(text)
    return tuple(document.position_at(offset))


def _golden(text: str) -> str:
    """Every ``key: value`` line's answer at the value's first character, one line each."""
    out = []
    for number, line in enumerate(text.split("\n")):
        found = _VALUE.match(line)
        if found is None:
            continue
        for target, origin in _targets(_define(text, number, found.end())):
            out.append(
                f"{number + 1}:{origin.start.column}-{origin.end.column} {line.strip()} -> "
                f"{target.start.line + 1}:{target.start.column}-{target.end.column}"
            )
    return "\n".join(out) + "\n"


# -- definition -----------------------------------------------------------------------------------
def test_every_reference_in_the_file(update_golden: bool) -> None:
    """All answers over the file, exact ranges (1-based lines); unlisted lines answer nothing:
    ``nowhere`` (no such ConfigMap), the Pod's Secret in another namespace, the ``nobody`` Service."""
    text = (HERE / "app.yaml").read_text()
    expected = HERE / "app.definitions.txt"
    if update_golden:
        expected.write_text(_golden(text))
    assert _golden(text) == expected.read_text()


def test_config_map_key_ref_jumps_to_the_config_map_name() -> None:
    text = (HERE / "app.yaml").read_text()
    line, column = _at(text, "name: web-config", 1)  # the configMapKeyRef
    assert _targets(_define(text, line, column + 8)) == [
        (Range.of(3, 8, 3, 18), Range.of(line, column + 6, line, column + 16))
    ]


def test_role_ref_follows_its_kind() -> None:
    text = (HERE / "app.yaml").read_text()
    role, cluster_role = _at(text, "name: reader", 0), _at(text, "name: reader", 1)
    binding, cluster_binding = _at(text, "name: reader", 2), _at(text, "name: reader", 3)
    assert _targets(_define(text, binding[0], binding[1] + 6))[0][0] == Range.of(role[0], 8, role[0], 14)
    assert _targets(_define(text, cluster_binding[0], cluster_binding[1] + 6))[0][0] == Range.of(
        cluster_role[0], 8, cluster_role[0], 14
    )


def _names(text: str, found) -> list[str]:
    document = _document(text)
    return [document.text_in(target) + f"@{target.start.line + 1}" for target, _ in _targets(found)]


def test_selector_pairs_select_workloads_holding_all_of_them() -> None:
    text = (HERE / "app.yaml").read_text()
    # Service web (no namespace) selects app=web: the Deployment (shop), the StatefulSet's template
    # (its own selector says app=db, but its pod labels say app=web) and the Pod (namespace other)
    line, column = _at(text, "app: web", 4)
    assert _names(text, _define(text, line, column + 6)) == ["web@38", "db@91", "debug@110"]
    assert _names(text, _define(text, line, column)) == ["web@38", "db@91", "debug@110"]  # on the key too
    # Service front (namespace shop) selects app=web + tier=front: the Deployment only
    line, column = _at(text, "tier: front", 1)
    found = _define(text, line, column + 7)
    assert _names(text, found) == ["web@38"]
    assert _targets(found)[0][1] == Range.of(line, column + 6, line, column + 11)
    # Service nobody: tier=middle is on no template
    line, column = _at(text, "tier: middle")
    assert _define(text, line, column + 7) is None


def test_the_selector_of_a_deployment_is_not_a_service_selector() -> None:
    text = (HERE / "app.yaml").read_text()
    line, column = _at(text, "app: db")
    assert _define(text, line, column + 6) is None


@pytest.mark.parametrize(
    "needle, shift",
    [
        ("name: nowhere", 7),  # no such ConfigMap
        ("name: web-secret", 7),  # first: the Secret's own name (itself)
        ("image: nginx", 8),  # not a reference
        ("apiVersion: v1", 12),
        ("kind: Deployment", 7),
        ("LEVEL: debug", 8),
    ],
)
def test_nothing_where_nothing_is_named(needle: str, shift: int) -> None:
    text = (HERE / "app.yaml").read_text()
    line, column = _at(text, needle)
    assert _define(text, line, column + shift) is None


def test_namespaces_must_match_when_both_are_given() -> None:
    text = (HERE / "app.yaml").read_text()
    line, column = _at(text, "name: web-secret", 3)  # the Pod in namespace other
    assert _define(text, line, column + 7) is None
    moved = text.replace("  name: debug\n  namespace: other\n", "  name: debug\n  namespace: shop\n")
    assert _names(moved, _define(moved, line, column + 7)) == ["web-secret@11"]


def test_same_name_other_kind_is_not_a_target() -> None:
    text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: v\n      configMap:\n        name: x\n"
    assert _define(text, 13, 15) is None


# -- completion -----------------------------------------------------------------------------------
_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
          {cursor}
"""


def _complete(text: str):
    """Completion at ``|`` (removed from the text)."""
    line, column = _at(text, "|")
    text = text.replace("|", "", 1)
    document = _document(text)
    return LANGUAGE.completion(document, parse(document), Position(line, column))


def _labels(items) -> list[str]:
    return [item.label for item in items or []]


def test_container_keys_not_yet_written() -> None:
    items = _complete(_DEPLOYMENT.format(cursor="ima|"))
    labels = _labels(items)
    assert {"imagePullPolicy", "ports", "resources", "env", "securityContext"} <= set(labels)
    assert "image" not in labels and "name" not in labels
    pull = next(i for i in items if i.label == "imagePullPolicy")
    assert pull.insert_text == "imagePullPolicy: " and pull.range == Range.of(10, 10, 10, 13)
    assert pull.detail == "string" and pull.documentation.startswith("Image pull policy. One of Always")


def test_a_new_list_item_offers_every_key_and_required_first() -> None:
    items = _complete(_DEPLOYMENT.replace("          {cursor}\n", "        - |\n"))
    name = next(i for i in items if i.label == "name")
    assert name.detail == "string (required)" and name.sort_text == "0name"
    assert {"image", "name"} <= set(_labels(items))


def test_nested_keys_and_an_existing_colon() -> None:
    assert _labels(_complete(_DEPLOYMENT.format(cursor="resources:\n            lim|"))) == [
        "claims",
        "limits",
        "requests",
    ]
    items = _complete(_DEPLOYMENT.format(cursor="ima|ge: x"))
    assert items[0].insert_text == items[0].label and items[0].range == Range.of(10, 10, 10, 15)


def test_top_level_keys_leave_status_out() -> None:
    assert _labels(_complete("apiVersion: v1\nkind: Service\n|\n")) == ["metadata", "spec"]


def test_enum_values_from_the_description() -> None:
    items = _complete(_DEPLOYMENT.format(cursor="imagePullPolicy: If|"))
    assert _labels(items) == ["Always", "Never", "IfNotPresent"]
    assert items[0].range == Range.of(10, 27, 10, 29) and items[0].insert_text == "Always"
    glued = _complete(_DEPLOYMENT.format(cursor="imagePullPolicy:|"))
    assert glued[0].insert_text == " Always"
    assert _labels(_complete("apiVersion: v1\nkind: Service\nspec:\n  type: |\n")) == [
        "ExternalName",
        "ClusterIP",
        "NodePort",
        "LoadBalancer",
    ]


def test_allowed_values_prefer_the_enum() -> None:
    assert allowed_values({"enum": ["a", None, "b"], "description": "One of X, Y."}) == ["a", "b"]
    assert allowed_values({"description": "The name. One of them is fine."}) == []


def test_the_object_is_the_document_holding_the_cursor() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Service\nspec:\n  pol|\n---\napiVersion: v1\nkind: Pod\n"
    assert "internalTrafficPolicy" in _labels(_complete(text))


@pytest.mark.parametrize(
    "text",
    [
        "kind: Service\nspec:\n  |\n",  # no apiVersion
        "apiVersion: example.com/v1\nkind: Widget\nspec:\n  |\n",  # a custom resource: no schema
        "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    |\n",  # a free-form map
        "apiVersion: v1\nkind: Service\nspec:\n  ports: |\n",  # a list: no values to offer
        "apiVersion: v1\nkind: Service\nspec:\n  unknown:\n    |\n",
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  script: |\n    ech|\n",  # block scalar text
        "apiVersion: v1\nkind: Service\nspec:\n  type: Cluster IP |\n",
    ],
)
def test_no_completion_where_nothing_is_known(text: str) -> None:
    assert _complete(text) is None


# -- robustness -----------------------------------------------------------------------------------
def test_a_none_model_and_positions_past_the_end() -> None:
    text = (HERE / "broken.yaml").read_text()
    document = _document(text)
    assert LANGUAGE.definition(document, None, Position(27, 8)) is None
    assert LANGUAGE.definition(document, "not a model", Position(27, 8)) is None
    for position in (Position(999, 0), Position(5, 999), Position(-1, -1)):
        LANGUAGE.definition(document, parse(document), position)
        LANGUAGE.completion(document, parse(document), position)
    # completion reads the text: a None model answers the same
    line = _document(text).line_text(17)
    assert _labels(LANGUAGE.completion(document, None, Position(17, len(line)))) == ["Always", "Never", "IfNotPresent"]


def test_broken_input_at_every_offset_never_raises() -> None:
    """The file cut at each offset, and junk typed at each offset, asked at that offset."""
    text = (HERE / "broken.yaml").read_text()
    for offset in range(len(text) + 1):
        for variant in (
            text[:offset],
            text[:offset] + ":" + text[offset:],
            text[:offset] + "- {[" + text[offset:],
            text[:offset] + "\n  x" + text[offset:],
        ):
            document = _document(variant)
            model = parse(document)
            position = document.position_at(offset)
            LANGUAGE.definition(document, model, position)
            LANGUAGE.completion(document, model, position)


def test_every_position_of_the_intact_file() -> None:
    text = (HERE / "broken.yaml").read_text()
    document = _document(text)
    model = parse(document)
    for offset in range(len(text) + 1):
        position = document.position_at(offset)
        LANGUAGE.definition(document, model, position)
        LANGUAGE.completion(document, model, position)
    line, column = _at(text, "name: cfg}")
    assert _targets(LANGUAGE.definition(document, model, Position(line, column + 6))) == [
        (Range.of(3, 8, 3, 11), Range.of(line, column + 6, line, column + 9))
    ]
