"""A LoRA adapter for the embedded llama.cpp server (``ai.lora-path``, Professional: custom models).

The adapter is made here with the ``gguf`` package: rank-4 zero deltas on two attention layers of
SmolLM2-135M, so the answers are the base model's while llama.cpp still loads and checks the adapter
against the model. Skipped where xllamacpp, the model or ``gguf`` is missing.
"""

from __future__ import annotations

import pytest

from infragenius.ai.embedded import (
    EmbeddedProvider,
    default_model_path,
    unavailable_reason,
)
from infragenius.ai.provider import AIUnavailable
from infragenius.ai.providers import make_provider, required_feature
from infragenius.core.config import AIConfig, ConfigError

REASON = unavailable_reason()
embedded = pytest.mark.skipif(REASON is not None, reason=f"embedded model not available: {REASON}")


def zero_lora(path, layers: int = 2, rank: int = 4, width: int = 576) -> str:
    gguf = pytest.importorskip("gguf")
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_string("general.type", "adapter")
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", float(rank))
    for i in range(layers):  # ggml shapes: A [n_in, rank], B [rank, n_out] (numpy lists them reversed)
        writer.add_tensor(f"blk.{i}.attn_q.weight.lora_a", np.zeros((rank, width), dtype=np.float32))
        writer.add_tensor(f"blk.{i}.attn_q.weight.lora_b", np.zeros((width, rank), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return str(path)


@embedded
def test_embedded_model_answers_with_a_lora_adapter(tmp_path):
    provider = EmbeddedProvider(
        default_model_path(), timeout_s=60, max_tokens=8, lora_path=zero_lora(tmp_path / "zero.gguf")
    )
    try:
        assert provider.complete([{"role": "user", "content": "Say hi"}]).strip()
        assert provider.model == "SmolLM2-135M-Instruct.Q4_1.gguf+zero.gguf"  # cache keys differ from the base model's
        assert provider.process.lora_path.name == "zero.gguf"
    finally:
        provider.close()
        provider.process.stop()


@embedded
def test_a_file_that_is_no_adapter_is_one_clear_error(tmp_path):
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a gguf file")
    provider = EmbeddedProvider(default_model_path(), timeout_s=60, max_tokens=8, lora_path=bad)
    with pytest.raises(
        AIUnavailable, match=r"could not start: .* \(is notes.gguf a GGUF LoRA adapter made for this model\?\)"
    ):
        provider.complete([{"role": "user", "content": "Say hi"}])
    provider.close()


def test_a_missing_adapter_is_reported_before_anything_starts(tmp_path):
    provider = EmbeddedProvider(default_model_path(), lora_path=tmp_path / "gone.gguf")
    with pytest.raises(AIUnavailable, match="LoRA adapter not found: .*gone.gguf"):
        provider.complete([{"role": "user", "content": "hi"}])


def test_lora_is_a_custom_model_and_only_for_the_embedded_provider():
    assert required_feature(AIConfig(provider="embedded", lora_path="a.gguf")) == "custom-models"
    assert required_feature(AIConfig(provider="embedded")) is None
    with pytest.raises(ConfigError, match='ai.lora-path is for the embedded model; ai.provider is "openai-compatible"'):
        make_provider(AIConfig(provider="openai-compatible", base_url="http://127.0.0.1:9/v1", lora_path="a.gguf"))
