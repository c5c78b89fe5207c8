"""Bulk embedding on a Ray cluster: the facts of an index build split into one shard per worker,
each embedded by the same model with the same settings, in order, so the vectors are those the
process would make itself. Needs ``pip install 'kgqa[ray]'``.

The int8-or-exact choice of bulk work (see ``SentenceTransformerEmbedder``) is made once, here, on a
sample of the texts, and every worker is told it, so no shard decides on its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import BackendError


class RayEmbedder:
    """Wraps an embedder: small batches in this process, bulk work spread over Ray workers."""

    def __init__(self, local: Any, address: str = "local", workers: int | None = None) -> None:
        try:
            import ray
        except ImportError as e:
            raise BackendError("bulk embedding on Ray needs it installed: pip install 'kgqa[ray]'") from e
        self.local, self.name, self.dimension = local, local.name, local.dimension
        if not ray.is_initialized():
            # a local cluster of this machine's cores, or the cluster at ``address``
            ray.init(address=None if address in ("", "local") else address, log_to_driver=False,
                     include_dashboard=False, runtime_env={"env_vars": {"KGQA_BULK_THREADS": "1"}})  # fmt: skip
        self.ray = ray
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._actors: list[Any] = []

    def _start(self, precision: str) -> None:
        if self._actors:
            return
        shard = self.ray.remote(num_cpus=1)(_Shard)
        options = {
            "name": self.local.name,
            "cache_dir": str(self.local._cache_dir) if self.local._cache_dir else None,
            "precision": precision,
        }
        self._actors = [shard.remote(**options) for _ in range(self.workers)]  # type: ignore[attr-defined]

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if len(texts) <= getattr(self.local, "onnx_max_batch", 0) or not hasattr(self.local, "encode_batches"):
            return np.asarray(self.local.embed(texts, batch_size))
        from .sentence_transformers import bulk_batches

        # the encoder of bulk work is chosen here, on this process's sample of the texts, and the
        # batches are made here as in this process: an int8 encoder's vectors depend on batch-mates
        encoder = self.local._bulk_encoder(texts)
        self._start("int8" if encoder is not self.local._onnx else "float32")
        batches = bulk_batches(texts)
        bounds = np.linspace(0, len(batches), len(self._actors) + 1).astype(int)
        shares = [batches[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        done = self.ray.get([actor.encode_batches.remote([[texts[i] for i in rows] for rows in share])
                             for actor, share in zip(self._actors, shares, strict=True)])  # fmt: skip
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for share, vectors in zip(shares, done, strict=True):
            for rows, v in zip(share, vectors, strict=True):
                out[rows] = v
        return out

    def embed_query(self, text: str) -> tuple[np.ndarray, bool]:
        return self.local.embed_query(text)  # type: ignore[no-any-return]

    def close(self) -> None:
        for actor in self._actors:
            self.ray.kill(actor)
        self._actors = []


class _Shard:
    """One Ray worker's embedder (the bulk encoder fixed by the driver, never re-decided)."""

    def __init__(self, name: str, cache_dir: str | None, precision: str) -> None:
        from .sentence_transformers import SentenceTransformerEmbedder

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self.embedder = SentenceTransformerEmbedder(
            name, cache_dir=Path(cache_dir) if cache_dir else None, bulk_precision=precision, min_bulk_agreement=0.0
        )

    def encode_batches(self, batches: list[list[str]]) -> list[np.ndarray]:
        return self.embedder.encode_batches(batches)


__all__ = ["RayEmbedder"]
