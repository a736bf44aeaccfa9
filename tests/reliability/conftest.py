import pytest


@pytest.fixture(autouse=True)
def _private_ai_cache(monkeypatch, tmp_path):
    """Each test gets an empty AI answer cache (the servers it starts inherit the variable): a cached
    answer from an earlier run would hide the fault, or the model start, under test."""
    monkeypatch.setenv("INFRAGENIUS_AI_CACHE_DIR", str(tmp_path / "ai-cache"))
