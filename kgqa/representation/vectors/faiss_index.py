"""Vector indexes over a memory-mapped matrix of the vectors (``vectors.npy``): the vectors stay on
disk, pages are read as needed and shared by every process that maps them (the workers of
``kgqa serve``), so a large index costs little resident memory.

- ``flat``: exact inner-product search over all rows (right below ~100k vectors: ~20 ms a query
  over 128k on 2 cores; kgqa searches the whole index only when a question links nothing);
- ``ivfpq``: FAISS's inverted lists of product-quantized codes (48 bytes a vector) find candidates,
  which are re-ranked exactly from the mapped vectors (~2.5 ms over 1M vectors, recall@10 ~1.0 with
  200 candidates).
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

VECTORS = "vectors.npy"
CODES = "ivfpq.faiss"
#: Write the matrix in steps of this many rows (bounded memory while saving a large index).
_WRITE_STEP = 65_536


class Rows:
    """The vectors: a memory-mapped matrix read from disk, plus rows added since, in memory."""

    def __init__(self, base: np.ndarray, dimension: int) -> None:
        self.base, self.dimension = base, dimension
        self.extra: list[np.ndarray] = []
        self._extra_n = 0

    def __len__(self) -> int:
        return len(self.base) + self._extra_n

    def add(self, vectors: np.ndarray) -> None:
        self.extra.append(np.ascontiguousarray(vectors, dtype=np.float32))
        self._extra_n += len(vectors)

    def tail(self) -> np.ndarray:
        return np.concatenate(self.extra) if self.extra else np.zeros((0, self.dimension), np.float32)

    def take(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        n = len(self.base)
        if not self.extra:
            return np.asarray(self.base[ids], dtype=np.float32)
        out = np.empty((len(ids), self.dimension), np.float32)
        low = ids < n
        out[low] = self.base[ids[low]]
        out[~low] = self.tail()[ids[~low] - n]
        return out

    def scores(self, query: np.ndarray) -> np.ndarray:
        """The inner product of every row with the query."""
        parts = [self.base @ query] if len(self.base) else []
        if self.extra:
            parts.append(self.tail() @ query)
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def all(self) -> np.ndarray:
        return np.concatenate([np.asarray(self.base, np.float32), self.tail()])

    def save(self, directory: Path) -> None:
        out = np.lib.format.open_memmap(directory / VECTORS, "w+", np.float32, (len(self), self.dimension))
        n = len(self.base)
        for start in range(0, n, _WRITE_STEP):
            out[start : min(n, start + _WRITE_STEP)] = self.base[start : start + _WRITE_STEP]
        out[len(self.base) :] = self.tail()
        out.flush()
        del out

    @classmethod
    def load(cls, directory: Path) -> Rows:
        base = np.load(directory / VECTORS, mmap_mode="r")
        return cls(base, int(base.shape[1]))


def _top(scores: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, np.float32), np.zeros(0, np.int64)
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    return scores[best].astype(np.float32), ids[best]


class _OnRows:
    """What every index here does with its mapped rows."""

    _rows: Rows

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        return self._rows.take(ids)

    def vectors(self) -> np.ndarray:
        return self._rows.all()


class FlatIndex(_OnRows):
    """Exact search: the inner product of the query with every (mapped) row."""

    def __init__(self, rows: Rows) -> None:
        self._rows, self.dimension = rows, rows.dimension

    @classmethod
    def create(cls, vectors: np.ndarray) -> FlatIndex:
        return cls(Rows(np.ascontiguousarray(vectors, dtype=np.float32), int(vectors.shape[1])))

    @classmethod
    def load(cls, directory: Path) -> FlatIndex:
        return cls(Rows.load(directory))

    def add(self, vectors: np.ndarray) -> None:
        if len(vectors):
            self._rows.add(vectors)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores = self._rows.scores(np.asarray(query, np.float32).reshape(-1))
        return _top(scores, np.arange(len(scores)), k)

    def save(self, directory: Path) -> None:
        self._rows.save(directory)


def _subquantizers(dimension: int) -> int:
    """Sub-vectors per code: 8 dimensions each where the dimension allows (48 for 384)."""
    for m in (dimension // 8, 64, 48, 32, 24, 16, 12, 8, 4, 2, 1):
        if 0 < m <= dimension and dimension % m == 0 and m <= 96:
            return m
    return 1


class IvfPqIndex(_OnRows):
    """IVF-PQ candidates (FAISS), re-ranked exactly from the mapped vectors."""

    #: inverted lists searched per query, and candidates re-ranked exactly (at least 10 per result)
    nprobe, candidates = 32, 200

    def __init__(self, codes: faiss.Index, rows: Rows) -> None:
        self.codes, self._rows, self.dimension = codes, rows, rows.dimension
        faiss.extract_index_ivf(codes).nprobe = self.nprobe

    @classmethod
    def create(cls, vectors: np.ndarray) -> IvfPqIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, d = vectors.shape
        lists = max(16, min(8192, int(4 * math.sqrt(n))))
        codes = faiss.IndexIVFPQ(faiss.IndexFlatIP(d), d, lists, _subquantizers(d), 8, faiss.METRIC_INNER_PRODUCT)
        sample = vectors[np.random.default_rng(0).choice(n, min(n, 40 * lists), replace=False)] if n else vectors
        codes.train(sample)
        for start in range(0, n, _WRITE_STEP):
            codes.add(vectors[start : start + _WRITE_STEP])
        return cls(codes, Rows(vectors, d))

    @classmethod
    def load(cls, directory: Path) -> IvfPqIndex:
        return cls(faiss.read_index(str(directory / CODES)), Rows.load(directory))

    def add(self, vectors: np.ndarray) -> None:
        if len(vectors):
            self.codes.add(np.ascontiguousarray(vectors, dtype=np.float32))
            self._rows.add(vectors)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = np.asarray(query, np.float32).reshape(1, -1)
        _, found = self.codes.search(q, max(self.candidates, 10 * k))
        ids = found[0][found[0] >= 0]
        return _top(self._rows.take(ids) @ q[0], ids, k)

    def save(self, directory: Path) -> None:
        self._rows.save(directory)
        faiss.write_index(self.codes, str(directory / CODES))


__all__ = ["FlatIndex", "IvfPqIndex", "Rows"]
