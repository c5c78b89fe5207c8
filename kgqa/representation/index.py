"""The fact index: one embedding per fact sentence in a vector index, saved as a directory with a
manifest.

Layout::

    <index dir>/
        manifest.json   # format version, embedder, dimension, graph fingerprint, fact count, backend,
                        # and the SHA-256 of each file below
        facts.txt       # row i -> the triple (N-Triples terms) whose sentence is vector i
        vectors.npy     # the normalised vectors, memory-mapped when loaded
        ivfpq.faiss     # the compressed codes of a large index (``vectors`` backends)

A build embeds in steps into ``<index dir>.partial/`` and records each step, so an interrupted build
of a large graph resumes where it stopped.

Loading an index built for another graph, model or format, or one whose files are not those its
manifest lists (cut short, changed, not UTF-8), is an error (or a rebuild), never silent garbage.
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

from ..caches import checksums, damage
from ..errors import IndexMismatchError
from ..progress import Progress
from .embedders.base import Embedder
from .vectors.base import INDEXES, VectorIndex, choose_index

FORMAT_VERSION = 3
#: Sentences embedded per step of a build (progress is reported, and a partial build kept, between steps).
BUILD_CHUNK = 8192
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

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, key: str) -> bool:
        return key in self.rows

    @property
    def vectors(self) -> np.ndarray:
        """All vectors as one (n, d) matrix (read from disk: for analysis, not for answering)."""
        return self.index.vectors()

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
            out[list(pos)] = self.index.rows(np.array(idx)) @ query
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
        return len(new)

    @classmethod
    def build(
        cls,
        keys: list[str],
        sentences: list[str],
        embedder: Embedder,
        fingerprint: str,
        backend: str = "auto",
        progress: str = "auto",
        work_dir: Path | None = None,
    ) -> FactIndex:
        """Embed every sentence (in steps, reporting progress for large builds) into a new index of
        the backend ``backend`` names (``"auto"``: by the number of facts). With ``work_dir`` the
        steps are kept there as they are done, and a build interrupted earlier resumes from them."""
        backend = choose_index(backend, len(sentences))
        factory = INDEXES.get(backend)  # an unknown backend fails before any work
        job = {"fingerprint": fingerprint, "embedder": embedder.name, "dimension": embedder.dimension,
               "facts": len(sentences), "keys": _digest(keys)}  # fmt: skip
        vectors = _embed_all(sentences, embedder, progress, work_dir, job)
        manifest = {
            "format_version": FORMAT_VERSION,
            "embedder": embedder.name,
            "dimension": embedder.dimension,
            "graph_fingerprint": fingerprint,
            "facts": len(keys),
            "metric": "cosine",
            "backend": backend,
        }
        return cls(index=factory.create(vectors), keys=keys, manifest=manifest)

    def save(self, directory: Path) -> None:
        """Write the index atomically: a crash leaves the old index or the new one, never half of one."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
        try:
            self.index.save(tmp)
            live = (k if self.rows.get(k) == i else "" for i, k in enumerate(self.keys))
            (tmp / "facts.txt").write_text("".join(k + "\n" for k in live), encoding="utf-8")
            self.manifest["checksums"] = checksums(tmp)
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
        # from now on the vectors are read from the saved file, mapped, not held in memory
        self.index = INDEXES.get(self.manifest["backend"]).load(directory)
        shutil.rmtree(partial_dir(directory), ignore_errors=True)

    @classmethod
    def load(
        cls, directory: Path, embedder_name: str, dimension: int, fingerprint: str, backend: str = "auto"
    ) -> FactIndex:
        """Open a saved index, checking it was built for this graph and embedder.

        Raises:
            IndexMismatchError: the index is missing, damaged, or of another format, model or graph.
        """
        manifest_path = directory / "manifest.json"
        if not manifest_path.exists():
            raise IndexMismatchError(f"no index at {directory}")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as e:  # (UnicodeDecodeError is a ValueError)
            raise IndexMismatchError(f"index at {directory} is damaged: manifest.json unreadable ({e})") from e
        problems = _mismatches(manifest, embedder_name, dimension, fingerprint)
        built = manifest.get("backend", "flat")
        if backend != "auto" and built != backend:  # "auto" takes what was chosen when it was built
            problems.append(f"backend {built} (expected {backend})")
        if problems:
            raise IndexMismatchError(f"index at {directory} is stale: " + "; ".join(problems))
        why = damage(directory, manifest.get("checksums"))
        if why is not None:
            raise IndexMismatchError(f"index at {directory} is damaged: {why}")
        try:
            keys = (directory / "facts.txt").read_text(encoding="utf-8").splitlines()
            index = INDEXES.get(built).load(directory)
        except (OSError, ValueError) as e:
            raise IndexMismatchError(f"index at {directory} is damaged: {e}") from e
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


def partial_dir(directory: Path) -> Path:
    """Where a build of the index at ``directory`` keeps its finished steps."""
    return directory.with_name(directory.name + ".partial")


def _digest(keys: list[str]) -> str:
    import hashlib

    h = hashlib.sha1()
    for key in keys:
        h.update(key.encode())
        h.update(b"\n")
    return h.hexdigest()


def _embed_all(
    sentences: list[str], embedder: Embedder, progress: str, work_dir: Path | None, job: dict[str, Any]
) -> np.ndarray:
    """Every sentence's vector, in steps; with ``work_dir`` into a file there, resuming after the
    last step an earlier build of the same job finished."""
    n, d = len(sentences), embedder.dimension
    done = 0
    if work_dir is None:
        vectors = np.empty((n, d), np.float32)
    else:
        if not _same_job(work_dir, job):
            shutil.rmtree(work_dir, ignore_errors=True)
            work_dir.mkdir(parents=True)
            np.lib.format.open_memmap(work_dir / "vectors.npy", "w+", np.float32, (n, d)).flush()
            (work_dir / "job.json").write_text(json.dumps(job))
        vectors = np.load(work_dir / "vectors.npy", mmap_mode="r+")
        marker = work_dir / "done"
        done = int(marker.read_text()) if marker.exists() else 0
    with Progress(n, "indexing facts", "facts", progress, PROGRESS_FROM) as bar:
        bar.update(done)
        for start in range(done, n, BUILD_CHUNK):
            chunk = sentences[start : start + BUILD_CHUNK]
            vectors[start : start + len(chunk)] = embedder.embed(chunk)
            if work_dir is not None:
                vectors.flush()  # type: ignore[attr-defined]
                _write_atomic(work_dir / "done", str(start + len(chunk)))
            bar.update(len(chunk))
    return vectors


def _same_job(work_dir: Path, job: dict[str, Any]) -> bool:
    try:
        return bool(json.loads((work_dir / "job.json").read_text()) == job and (work_dir / "vectors.npy").exists())
    except (OSError, ValueError):
        return False


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


__all__ = ["FactIndex", "partial_dir"]
