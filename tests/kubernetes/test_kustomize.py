"""Kustomize: patches are partial objects, overlays may set the tag of a base's image."""

from __future__ import annotations

from pathlib import Path

from infragenius.core.images import image_parts
from infragenius.languages.kubernetes.kustomize import kustomize_info

from ..helpers import analyse, codes, write_files

PATCH = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
    "      containers:\n      - name: web\n        resources:\n          limits: {memory: 1Gi}\n"
)
ABSENCE = {"K8004", "K8005", "K8014", "K8016", "K8017", "K8028", "K8031"}


def test_a_listed_patch_is_not_judged_for_what_it_leaves_out(tmp_path: Path) -> None:
    write_files(tmp_path, {"kustomization.yaml": "patches:\n- path: patches/web.yaml\n", "patches/web.yaml": PATCH})
    found = set(codes(analyse(PATCH, "kubernetes", tmp_path / "patches" / "web.yaml")))
    assert found & ABSENCE == set()


def test_patch_forms_strategic_merge_and_plain_strings(tmp_path: Path) -> None:
    for listing in ("patchesStrategicMerge:\n- web.yaml\n", "patches:\n- web.yaml\n"):
        write_files(tmp_path, {"kustomization.yaml": listing, "web.yaml": PATCH})
        assert "K8031" not in codes(analyse(PATCH, "kubernetes", tmp_path / "web.yaml"))


def test_an_unlisted_partial_object_is_still_reported(tmp_path: Path) -> None:
    write_files(tmp_path, {"kustomization.yaml": "resources:\n- other.yaml\n", "web.yaml": PATCH})
    found = codes(analyse(PATCH, "kubernetes", tmp_path / "web.yaml"))
    assert "K8031" in found and "K8028" in found
    assert "K8028" in codes(analyse(PATCH, "kubernetes"))  # no file, no kustomization


def test_values_a_patch_sets_are_still_judged(tmp_path: Path) -> None:
    text = PATCH.replace(
        "resources:", "image: nginx:latest\n        securityContext: {privileged: true}\n        resources:"
    )
    write_files(tmp_path, {"kustomization.yaml": "patches:\n- path: web.yaml\n", "web.yaml": text})
    found = codes(analyse(text, "kubernetes", tmp_path / "web.yaml"))
    assert "K8001" in found and "K8018" in found


def test_merge_directives_mark_a_patch_and_only_they_are_allowed() -> None:
    text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n$patch: delete\n"
    assert "K8029" not in codes(analyse(text, "kubernetes"))
    findings = analyse(text.replace("$patch: delete", "$patch: delete\nspec:\n  tpye: NodePort"), "kubernetes")
    assert [f.message for f in findings if f.code == "K8029"] == [
        "Unknown field 'tpye' in Service.spec (did you mean 'type'?)"
    ]


def test_overlay_images_set_the_base_tag(tmp_path: Path) -> None:
    deploy = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        "  - {name: a, image: nginx}\n  - {name: b, image: ghcr.io/acme/api}\n  - {name: c, image: busybox}\n"
    )
    write_files(
        tmp_path,
        {
            "base/kustomization.yaml": "resources:\n- pod.yaml\n",
            "base/pod.yaml": deploy,
            "overlays/prod/kustomization.yaml": "resources:\n- ../../base\nimages:\n- name: nginx\n  newTag: '1.27'\n",
            "overlays/dev/kustomization.yaml": "bases:\n- ../../base\nimages:\n- {name: ghcr.io/acme/api, digest: 'sha256:abc'}\n",
        },
    )
    messages = [f.message for f in analyse(deploy, "kubernetes", tmp_path / "base" / "pod.yaml") if f.code == "K8018"]
    assert messages == ["Image 'busybox' of container 'c' of Pod 'p' has no tag (means latest)"]


def test_broken_inputs_never_raise(tmp_path: Path) -> None:
    assert kustomize_info(None, None).patch is False
    write_files(tmp_path, {"kustomization.yaml": "patches: [\n  - {path: \n", "web.yaml": PATCH})
    assert "K8031" in codes(analyse(PATCH, "kubernetes", tmp_path / "web.yaml"))
    write_files(tmp_path, {"kustomization.yaml": "patches: 3\nimages: {a: b}\nresources: null\n"})
    assert "K8031" in codes(analyse(PATCH, "kubernetes", tmp_path / "web.yaml"))


def test_image_name_drops_tag_and_digest() -> None:
    assert image_parts("nginx:1.27")[0] == "nginx"
    assert image_parts("registry:5000/team/app:v1@sha256:abc")[0] == "registry:5000/team/app"
    assert image_parts("registry:5000/app")[0] == "registry:5000/app"
