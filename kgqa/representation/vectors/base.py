"""The vector index contract: inner-product search over L2-normalised vectors, kept in a file."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from ...registry import Registry


class VectorIndex(Protocol):
    """Vectors with row numbers in insertion order, searched by inner product (cosine)."""

    dimension: int

    def __len__(self) -> int: ...

    def add(self, vectors: np.ndarray) -> None:
        """Append rows (float32, shape (n, dimension))."""
        ...

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best rows for one query: (scores, row numbers), best first; row -1 pads."""
        ...

    def vectors(self) -> np.ndarray:
        """Every row as one (n, dimension) matrix."""
        ...

    def save(self, path: Path) -> None:
        """Write the index to one file."""
        ...


class VectorIndexFactory(Protocol):
    """A backend: a new empty index, or one read back from its file."""

    def create(self, dimension: int) -> VectorIndex: ...

    def load(self, path: Path) -> VectorIndex: ...


#: Vector index backends by name, imported when asked for.
INDEXES: Registry[VectorIndexFactory] = Registry("index", {"flat": "kgqa.representation.vectors.faiss_index:FlatIndex"})

__all__ = ["INDEXES", "VectorIndex", "VectorIndexFactory"]
