"""Shared fixtures: real packs, the real packaged embedder and reader, one cache per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MOVIES = ROOT / "knowledge" / "movies"


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh kgqa cache for indexes and stores; converted reader models are shared with the user
    cache (``KGQA_MODEL_CACHE``) so the one-time GGUF conversion is not repeated per run."""
    return tmp_path_factory.mktemp("kgqa-cache")


@pytest.fixture(scope="session", autouse=True)
def _offline(cache_dir: Path) -> Iterator[None]:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    yield


@pytest.fixture(scope="session")
def settings_factory(cache_dir: Path):  # type: ignore[no-untyped-def]
    from kgqa import Settings
    from kgqa.settings import default_cache_dir

    def make(**kw: object) -> Settings:
        return Settings(cache_dir=cache_dir, progress="never", model_cache_dir=default_cache_dir()).replace(**kw)

    return make


@pytest.fixture(scope="session")
def turtle_kb(tmp_path_factory, settings_factory):  # type: ignore[no-untyped-def]
    """A knowledge base over a small pack written inline as Turtle, answering from the graph alone."""
    from kgqa import KnowledgeBase

    def make(text: str, name: str = "pack") -> KnowledgeBase:
        path = tmp_path_factory.mktemp(name) / f"{name}.ttl"
        path.write_text(text, encoding="utf-8")
        return KnowledgeBase.open(path, settings_factory(reader="none"))

    return make


@pytest.fixture(scope="session")
def movies_graph(settings_factory):  # type: ignore[no-untyped-def]
    """The bundled movies pack, answering from the graph alone (no reader)."""
    from kgqa import KnowledgeBase

    return KnowledgeBase.open(MOVIES, settings_factory(reader="none"))


@pytest.fixture(scope="session")
def movies_kb(settings_factory):  # type: ignore[no-untyped-def]
    """The bundled movies pack with the real packaged Gemma-3-270M reader."""
    from kgqa import KnowledgeBase

    return KnowledgeBase.open(MOVIES, settings_factory())


@pytest.fixture(scope="session")
def rivers_kb(settings_factory):  # type: ignore[no-untyped-def]
    """A pack of another domain that the system was not written for."""
    from kgqa import KnowledgeBase

    return KnowledgeBase.open(DATA / "rivers", settings_factory())
