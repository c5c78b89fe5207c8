"""The vector index contract: inner-product search over L2-normalised vectors, kept in a directory."""

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

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """The vectors of these rows, exactly as added."""
        ...

    def vectors(self) -> np.ndarray:
        """Every row as one (n, dimension) matrix."""
        ...

    def save(self, directory: Path) -> None:
        """Write the index's files into a directory (``vectors.npy`` and what the backend adds)."""
        ...


class VectorIndexFactory(Protocol):
    """A backend: a new index of some vectors, or one read back from its directory."""

    def create(self, vectors: np.ndarray) -> VectorIndex: ...

    def load(self, directory: Path) -> VectorIndex: ...


#: Vector index backends by name, imported when asked for.
INDEXES: Registry[VectorIndexFactory] = Registry(
    "index",
    {
        "flat": "kgqa.representation.vectors.faiss_index:FlatIndex",
        "ivfpq": "kgqa.representation.vectors.faiss_index:IvfPqIndex",
    },
)

#: Below this many vectors ``index="auto"`` searches them all exactly; above, it searches compressed
#: codes (IVF-PQ) and re-ranks the best candidates exactly.
EXACT_UP_TO = 100_000


def choose_index(name: str, count: int) -> str:
    """The backend for an index of ``count`` vectors: ``name``, or for ``"auto"`` by the count."""
    if name != "auto":
        return name
    return "flat" if count <= EXACT_UP_TO else "ivfpq"


__all__ = ["EXACT_UP_TO", "INDEXES", "VectorIndex", "VectorIndexFactory", "choose_index"]
