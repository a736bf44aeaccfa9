"""``infragenius ai pull`` against a local HTTP server standing in for the model hub (issue 20 §1).

The server serves a small GGUF file (made with the ``gguf`` package) at the hub's ``resolve`` path,
answers ``Range`` requests, can cut the connection part-way, and publishes the file's sha256 in
``X-Linked-Etag`` as the Hugging Face hub does. The code under test is the real download path: httpx,
resume, checksum, disk space, the data folder and the embedded provider's choice of model.
"""

from __future__ import annotations

import hashlib
import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from infragenius.ai import catalogue, download, model_store
from infragenius.ai.catalogue import CatalogueModel
from infragenius.ai.download import DownloadError
from infragenius.ai.embedded import EmbeddedProvider
from infragenius.cli import main

gguf = pytest.importorskip("gguf")

ENTRY = catalogue.CATALOGUE[0]


def small_gguf(path: Path) -> bytes:
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny test model")
    writer.add_uint32("test.numbers", 7)
    writer.add_string("test.padding", "x" * 200_000)  # large enough to be cut in the middle
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path.read_bytes()


@dataclass
class Hub:
    """What the fake hub serves and what it was asked."""

    data: bytes
    url: str = ""
    cut_after: list[int] = field(default_factory=list)  # per response, in turn: bytes sent before cutting
    publish: str | None = None  # X-Linked-Etag (None: not sent)
    honour_range: bool = True
    ranges: list[str | None] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


@pytest.fixture
def hub(tmp_path, monkeypatch) -> Iterator[Hub]:
    data = small_gguf(tmp_path / "served.gguf")
    state = Hub(data, publish=f'"{hashlib.sha256(data).hexdigest()}"')

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            state.paths.append(self.path)
            state.ranges.append(self.headers.get("Range"))
            if self.path.startswith("/redirect/"):  # the hub answers resolve/ with a redirect to its CDN
                self.send_response(302)
                self.send_header("Location", self.path.removeprefix("/redirect"))
                if state.publish:
                    self.send_header("X-Linked-Etag", state.publish)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            start = 0
            match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
            if match and state.honour_range:
                start = int(match.group(1))
                if start >= len(state.data):
                    self.send_response(416)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(state.data) - 1}/{len(state.data)}")
            else:
                self.send_response(200)
            body = state.data[start:]
            self.send_header("Content-Length", str(len(body)))
            if state.publish and "/resolve/" in self.path:
                self.send_header("X-Linked-Etag", state.publish)
            self.end_headers()
            if state.cut_after:
                self.wfile.write(body[: state.cut_after.pop(0)])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("HF_ENDPOINT", state.url)
    monkeypatch.setenv("INFRAGENIUS_AI_MODELS_DIR", str(tmp_path / "models"))
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_catalogue_points_at_the_hub_and_records_no_invented_hash(monkeypatch):
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    assert ENTRY.name == catalogue.DEFAULT == "qwen2.5-coder-1.5b"
    assert ENTRY.url == (
        "https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    )
    for entry in catalogue.CATALOGUE:
        assert entry.file.endswith(".gguf") and entry.license
        assert entry.sha256 is None  # the hub's value is checked at download time (see catalogue.py)


def test_pull_downloads_verifies_and_the_embedded_provider_uses_it(hub, tmp_path, capsys):
    assert main(["ai", "pull"]) == 0
    out = capsys.readouterr()
    saved = tmp_path / "models" / ENTRY.file
    assert saved.read_bytes() == hub.data
    assert not (tmp_path / "models" / (ENTRY.file + ".part")).exists()
    assert hub.paths == [f"/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/{ENTRY.file}"]
    assert f"verified: sha256 {hashlib.sha256(hub.data).hexdigest()} matches the hub's published sha256" in out.out
    assert f"saved {saved}; the embedded provider now uses it" in out.out
    assert (
        "pulling qwen2.5-coder-1.5b: Qwen2.5-Coder 1.5B Instruct, Q4_K_M, about 1.1 GB, license: Apache-2.0" in out.err
    )

    provider = EmbeddedProvider()
    assert provider.model_path == saved and provider.model == ENTRY.file
    assert not provider.tiny  # a real code model: its answer stands on its own
    assert EmbeddedProvider(model_path=tmp_path / "mine.gguf").model_path == tmp_path / "mine.gguf"  # settings win

    assert main(["ai", "status"]) == 0
    assert f"model: {saved} (pulled with `infragenius ai pull qwen2.5-coder-1.5b`)" in capsys.readouterr().out
    assert main(["ai", "pull", "qwen2.5-coder-1.5b"]) == 0
    assert "already downloaded" in capsys.readouterr().out and len(hub.paths) == 1


def test_a_cut_download_resumes_where_it_stopped(hub, tmp_path):
    hub.cut_after = [100_000, 50_000]
    result = model_store.pull(ENTRY)
    assert result.path.read_bytes() == hub.data
    assert hub.ranges == [None, "bytes=100000-", "bytes=150000-"]


def test_a_download_cut_too_often_is_kept_and_resumed_by_the_next_pull(hub, tmp_path, capsys):
    hub.cut_after = [60_000, 0, 0]
    assert main(["ai", "pull", ENTRY.name]) == 1
    err = capsys.readouterr().err
    total = f"{len(hub.data) / 1e6:.1f} MB"
    assert f"infragenius: error: the download was cut at 60000 bytes of {total} (" in err
    assert err.rstrip().endswith("run the same command again to resume")
    part = tmp_path / "models" / (ENTRY.file + ".part")
    assert part.stat().st_size == 60_000
    assert main(["ai", "pull", ENTRY.name]) == 0
    assert hub.ranges[-1] == "bytes=60000-"
    assert (tmp_path / "models" / ENTRY.file).read_bytes() == hub.data


def test_a_server_that_ignores_range_is_read_from_the_start(hub, tmp_path):
    hub.cut_after = [70_000]
    hub.honour_range = False
    assert model_store.pull(ENTRY).path.read_bytes() == hub.data
    assert hub.ranges == [None, "bytes=70000-"]


def test_a_bad_checksum_is_rejected_and_removed(hub, tmp_path, capsys):
    hub.publish = '"' + "0" * 64 + '"'
    assert main(["ai", "pull"]) == 1
    err = capsys.readouterr().err
    assert f"checksum mismatch: the file's sha256 is {hashlib.sha256(hub.data).hexdigest()}, expected {'0' * 64}" in err
    assert "the download was removed" in err
    assert list((tmp_path / "models").iterdir()) == []
    assert model_store.chosen() is None and EmbeddedProvider().tiny


def test_the_catalogue_hash_wins_over_the_hub(hub, tmp_path):
    recorded = CatalogueModel("t", "T", "o/r", "t.gguf", 1, "MIT", sha256="f" * 64)
    with pytest.raises(DownloadError, match=f"expected {'f' * 64}"):
        model_store.pull(recorded)
    right = CatalogueModel("t", "T", "o/r", "t.gguf", 1, "MIT", sha256=hashlib.sha256(hub.data).hexdigest())
    assert model_store.pull(right).checked_against == "the catalogue"


def test_no_checksum_anywhere_is_refused_before_writing(hub, tmp_path):
    hub.publish = None
    with pytest.raises(DownloadError, match="no checksum to verify the file with"):
        model_store.pull(ENTRY)
    assert list((tmp_path / "models").iterdir()) == []


def test_the_published_hash_is_read_through_the_hubs_redirect(hub, tmp_path):
    redirected = CatalogueModel("t", "T", "redirect/o/r", "t.gguf", 1, "MIT")
    assert model_store.pull(redirected).sha256 == hashlib.sha256(hub.data).hexdigest()
    assert hub.paths == ["/redirect/o/r/resolve/main/t.gguf", "/o/r/resolve/main/t.gguf"]


def test_not_enough_space_is_refused_before_writing(hub, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(download, "free_space", lambda folder: 10_000_000)
    assert main(["ai", "pull"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"not enough disk space in .*models: the model needs \d+\.\d MB more, 10\.0 MB is free", err)
    assert list((tmp_path / "models").iterdir()) == []


def test_a_file_that_is_not_a_gguf_model_is_removed(hub, tmp_path):
    hub.data = b"<html>Not found</html>" * 10
    hub.publish = f'"{hashlib.sha256(hub.data).hexdigest()}"'
    with pytest.raises(DownloadError, match="not a GGUF model"):
        model_store.pull(ENTRY)
    assert list((tmp_path / "models").iterdir()) == []


def test_an_unknown_name_is_a_usage_error(hub, capsys):
    assert main(["ai", "pull", "gpt-5"]) == 2
    assert "no recommended model named 'gpt-5'; choose one of: qwen2.5-coder-1.5b" in capsys.readouterr().err


def test_list_marks_what_is_downloaded(hub, capsys):
    model_store.pull(ENTRY)
    assert main(["ai", "pull", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("* qwen2.5-coder-1.5b ") and lines[1].startswith("  qwen2.5-coder-0.5b ")
