"""The fact index: one embedding per fact sentence in a vector index, saved as a directory with a
manifest.

Layout::

    <index dir>/
        manifest.json   # format version, embedder, dimension, graph fingerprint, fact count, backend
        facts.txt       # row i -> the triple (N-Triples terms) whose sentence is vector i
        vectors.faiss   # the vector index (``vectors`` backends), inner product over normalised vectors

Loading an index built for another graph, model or format is an error (or a rebuild), never
silent garbage.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import IndexMismatchError
from ..progress import Progress
from .embedders.base import Embedder
from .vectors.base import INDEXES, VectorIndex

FORMAT_VERSION = 1
VECTORS_FILE = "vectors.faiss"
#: Sentences embedded per step of a build (progress is reported between steps).
BUILD_CHUNK = 2048
#: Builds of fewer facts than this show no progress (a few seconds of work).
PROGRESS_FROM = 5000


@dataclass
class FactIndex:
    """Vectors of fact sentences; row ``i`` belongs to ``keys[i]`` (a triple key)."""

    index: VectorIndex
    keys: list[str]
    manifest: dict[str, Any]

    def __post_init__(self) -> None:
        self.rows = {key: i for i, key in enumerate(self.keys) if key}  # "" marks a retracted fact's row
        self._vectors: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, key: str) -> bool:
        return key in self.rows

    @property
    def vectors(self) -> np.ndarray:
        """All vectors as one (n, d) matrix (read once from the index, then kept)."""
        if self._vectors is None:
            self._vectors = self.index.vectors()
        return self._vectors

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The k facts nearest to a normalised query vector, as (triple key, cosine)."""
        if not self.rows or k <= 0:
            return []
        dead = len(self.keys) - len(self.rows)  # rows of retracted facts stay in the index, filtered here
        scores, ids = self.index.search(query, min(k + dead, len(self.keys)))
        hits = [
            (self.keys[i], float(s))
            for s, i in zip(scores, ids, strict=True)
            if i >= 0 and self.rows.get(self.keys[i]) == i
        ]
        return hits[:k]

    def scores(self, query: np.ndarray, keys: list[str]) -> np.ndarray:
        """Cosine of the query with each listed fact; facts not in the index score -1."""
        out = np.full(len(keys), -1.0, dtype=np.float32)
        rows = [(j, self.rows[k]) for j, k in enumerate(keys) if k in self.rows]
        if rows:
            pos, idx = zip(*rows, strict=True)
            out[list(pos)] = self.vectors[list(idx)] @ query
        return out

    def update(self, added: list[tuple[str, str]], removed: list[str], embedder: Embedder) -> int:
        """Embed only the added facts (key, sentence) and drop the removed ones; returns facts embedded."""
        for key in removed:
            self.rows.pop(key, None)
        new = [(k, s) for k, s in dict(added).items() if k not in self.rows]
        if new:
            vectors = embedder.embed([s for _, s in new])
            start = len(self.index)
            self.index.add(vectors)
            for j, (key, _) in enumerate(new):
                self.keys.append(key)
                self.rows[key] = start + j
            if self._vectors is not None:
                self._vectors = np.vstack([self._vectors, vectors])
        return len(new)

    @classmethod
    def build(
        cls,
        keys: list[str],
        sentences: list[str],
        embedder: Embedder,
        fingerprint: str,
        backend: str = "flat",
        progress: str = "auto",
    ) -> FactIndex:
        """Embed every sentence (in steps, reporting progress for large builds) into a new index."""
        factory = INDEXES.get(backend)  # an unknown backend fails before any work
        parts = []
        with Progress(len(sentences), "indexing facts", "facts", progress, PROGRESS_FROM) as bar:
            for start in range(0, len(sentences), BUILD_CHUNK):
                parts.append(embedder.embed(sentences[start : start + BUILD_CHUNK]))
                bar.update(len(parts[-1]))
        vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dimension), np.float32)
        index = factory.create(embedder.dimension)
        index.add(vectors)
        manifest = {
            "format_version": FORMAT_VERSION,
            "embedder": embedder.name,
            "dimension": embedder.dimension,
            "graph_fingerprint": fingerprint,
            "facts": len(keys),
            "metric": "cosine",
            "backend": backend,
        }
        built = cls(index=index, keys=keys, manifest=manifest)
        built._vectors = vectors
        return built

    def save(self, directory: Path) -> None:
        """Write the index atomically: a crash leaves the old index or the new one, never half of one."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
        try:
            self.index.save(tmp / VECTORS_FILE)
            live = (k if self.rows.get(k) == i else "" for i, k in enumerate(self.keys))
            (tmp / "facts.txt").write_text("".join(k + "\n" for k in live), encoding="utf-8")
            (tmp / "manifest.json").write_text(json.dumps(self.manifest, indent=2), encoding="utf-8")
            old = directory.with_name(directory.name + ".old")
            if directory.exists():
                shutil.rmtree(old, ignore_errors=True)
                os.replace(directory, old)
            os.replace(tmp, directory)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(
        cls, directory: Path, embedder_name: str, dimension: int, fingerprint: str, backend: str = "flat"
    ) -> FactIndex:
        """Open a saved index, checking it was built for this graph and embedder.

        Raises:
            IndexMismatchError: the index is missing, of another format, model or graph.
        """
        manifest_path = directory / "manifest.json"
        if not manifest_path.exists():
            raise IndexMismatchError(f"no index at {directory}")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        problems = _mismatches(manifest, embedder_name, dimension, fingerprint)
        if manifest.get("backend", "flat") != backend:
            problems.append(f"backend {manifest.get('backend', 'flat')} (expected {backend})")
        if problems:
            raise IndexMismatchError(f"index at {directory} is stale: " + "; ".join(problems))
        keys = (directory / "facts.txt").read_text(encoding="utf-8").splitlines()
        index = INDEXES.get(backend).load(directory / VECTORS_FILE)
        if len(index) != len(keys):
            raise IndexMismatchError(f"index at {directory} is damaged: {len(index)} vectors for {len(keys)} facts")
        return cls(index=index, keys=keys, manifest=manifest)


def _mismatches(manifest: dict[str, Any], embedder_name: str, dimension: int, fingerprint: str) -> list[str]:
    problems = []
    if manifest.get("format_version") != FORMAT_VERSION:
        problems.append(f"format {manifest.get('format_version')} (expected {FORMAT_VERSION})")
    if manifest.get("embedder") != embedder_name or manifest.get("dimension") != dimension:
        problems.append(
            f"embedder {manifest.get('embedder')}/{manifest.get('dimension')}d (expected {embedder_name}/{dimension}d)"
        )
    if manifest.get("graph_fingerprint") != fingerprint:
        problems.append("the graph changed since it was built")
    return problems


__all__ = ["FactIndex"]
