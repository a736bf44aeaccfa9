"""The small code models ``infragenius ai pull`` offers: a short list, chosen by hand.

Each is an instruct model in GGUF at Q4_K_M (about 4.8 bits a weight: the usual size/quality balance for
a CPU), published by the model's own authors on the Hugging Face hub, and small enough to answer on a
laptop's CPU. The embedded provider runs whichever was pulled last instead of the shipped 135M model.

Checksums: ``sha256`` is None for every entry. The hub's values could not be read when this list was
written (no network), and a hash is never written from memory. The download is checked instead against
the sha256 the hub publishes for the file at download time (its ``X-Linked-Etag`` header: the Git LFS
object id, which is the file's sha256); a download with neither is refused. Record a value here only
after reading it from the file's page on the hub. Sizes are approximate (for the list); the disk-space
check uses the size the server sends.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

HUB = "https://huggingface.co"
ENV_HUB = "HF_ENDPOINT"  # the hub's own variable for a mirror; tests point it at a local server


@dataclass(frozen=True)
class CatalogueModel:
    name: str  # what the user types: ``infragenius ai pull NAME``
    title: str
    repo: str  # on the hub
    file: str
    approx_bytes: int
    license: str
    sha256: str | None = None  # see the module's docstring

    @property
    def url(self) -> str:
        hub = os.environ.get(ENV_HUB, HUB).rstrip("/")
        return f"{hub}/{self.repo}/resolve/main/{self.file}"

    @property
    def size_label(self) -> str:
        return f"about {self.approx_bytes / 1e9:.1f} GB"


CATALOGUE: tuple[CatalogueModel, ...] = (
    CatalogueModel(
        "qwen2.5-coder-1.5b",
        "Qwen2.5-Coder 1.5B Instruct, Q4_K_M",
        "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        1_100_000_000,
        "Apache-2.0",
    ),
    CatalogueModel(
        "qwen2.5-coder-0.5b",
        "Qwen2.5-Coder 0.5B Instruct, Q4_K_M",
        "Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF",
        "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        400_000_000,
        "Apache-2.0",
    ),
    CatalogueModel(
        "qwen2.5-coder-3b",
        "Qwen2.5-Coder 3B Instruct, Q4_K_M",
        "Qwen/Qwen2.5-Coder-3B-Instruct-GGUF",
        "qwen2.5-coder-3b-instruct-q4_k_m.gguf",
        2_100_000_000,
        "Qwen Research License (non-commercial use)",
    ),
)
DEFAULT = CATALOGUE[0].name  # fast enough on two cores, and it writes valid fixes far more often than 135M


def find(name: str) -> CatalogueModel | None:
    wanted = name.strip().lower()
    return next((m for m in CATALOGUE if m.name == wanted), None)
