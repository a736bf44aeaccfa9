"""The chart copies Helm renders are kept between renders (``mirror``) and brought up to date file by
file; a chart's templates analysed one after another share one render of the whole chart
(``render.shares_whole``) once it is known to render."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.context import Workspace
from infragenius.languages.helm.mirror import Mirror
from infragenius.languages.helm.render import SHARE_AFTER, chart_folder, shares_whole, snapshot, without

from ..helpers import write_files

CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"


def _chart(root: Path, **extra: str) -> Path:
    write_files(
        root,
        {
            "Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            "values.yaml": "{}\n",
            "templates/a.yaml": CONFIGMAP,
            "templates/b.yaml": CONFIGMAP.replace("ConfigMap", "Secret"),
            "templates/c.yaml": CONFIGMAP.replace("ConfigMap", "ServiceAccount"),
            **extra,
        },
    )
    return root.resolve()


class Counted:
    """Content that counts how often it was asked for (written)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.calls = data, 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


def test_a_mirror_writes_only_what_changed_and_removes_what_is_no_longer_wanted():
    mirror = Mirror("web")
    try:
        one, two = Counted(b"one\n"), Counted(b"two\n")
        folder = mirror.sync({"a.yaml": ("v1", one), "sub/b.yaml": ("v1", two)})
        assert folder.name == "web"
        assert (folder / "a.yaml").read_bytes() == b"one\n" and (folder / "sub/b.yaml").read_bytes() == b"two\n"
        newer = Counted(b"one, edited\n")
        assert mirror.sync({"a.yaml": ("v2", newer), "sub/b.yaml": ("v1", two)}) == folder
        assert (one.calls, two.calls, newer.calls) == (1, 1, 1)  # b.yaml held already: not written again
        assert (folder / "a.yaml").read_bytes() == b"one, edited\n"
        mirror.sync({"a.yaml": ("v2", newer)})
        assert not (folder / "sub/b.yaml").exists()
    finally:
        mirror.remove()
    assert not mirror.top.exists()


def test_the_copy_holds_the_buffers_and_not_the_templates_left_out(tmp_path):
    root = _chart(tmp_path / "web")
    edited = "# unsaved\n" + CONFIGMAP
    snap = without(snapshot(root, Workspace({root / "templates/a.yaml": edited})), frozenset({"templates/c.yaml"}))
    folder, markers = chart_folder(snap)
    assert folder != root and markers == {}
    assert (folder / "templates/a.yaml").read_text() == edited
    assert (folder / "templates/b.yaml").read_text() == (root / "templates/b.yaml").read_text()
    assert not (folder / "templates/c.yaml").exists()
    marked, markers = chart_folder(snap, marked=True)  # a copy of its own: the plain one stays plain
    assert marked != folder and sorted(markers) == ["templates/a.yaml", "templates/b.yaml"]
    assert "\x1e" in (marked / "templates/a.yaml").read_text()
    assert (folder / "templates/a.yaml").read_text() == edited
    again = without(snapshot(root, Workspace({root / "templates/a.yaml": CONFIGMAP})), frozenset())
    assert chart_folder(again)[0] == folder  # the same copy, brought up to date
    assert (folder / "templates/a.yaml").read_text() == CONFIGMAP
    assert (folder / "templates/c.yaml").read_text() == (root / "templates/c.yaml").read_text()


def test_a_chart_on_disk_renders_from_where_it_is(tmp_path):
    root = _chart(tmp_path / "web")
    assert chart_folder(snapshot(root, Workspace())) == (root, {})


def test_templates_of_one_chart_text_share_its_whole_render_from_the_third(tmp_path):
    pytest.importorskip("helm_python", reason="helm-python-sdk not installed")
    whole = snapshot(_chart(tmp_path / "web"), Workspace())
    asked = [shares_whole(whole, f"templates/{name}.yaml") for name in "abc"]
    assert SHARE_AFTER == 3 and asked == [False, False, True]
    assert shares_whole(whole, "templates/a.yaml")  # rendered now: every template shares it


def test_a_whole_chart_that_fails_to_render_is_not_shared(tmp_path):
    pytest.importorskip("helm_python", reason="helm-python-sdk not installed")
    root = _chart(tmp_path / "web", **{"templates/d.yaml": '{{ fail "no" }}\n'})
    whole = snapshot(root, Workspace())
    assert [shares_whole(whole, f"templates/{name}.yaml") for name in "abcd"] == [False] * 4
