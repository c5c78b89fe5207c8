"""Embedders on sentence-transformers: the packaged all-MiniLM-L6-v2 by default, any
sentence-transformers model by path or name. Questions run through an ONNX export (``onnx``)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelError
from .base import resolve_embedder_path
from .onnx import BULK_THREADS, OnnxEncoder

log = logging.getLogger(__name__)

#: How ``embed_query`` encodes one question when onnxruntime is at hand. ``"int8"``: a copy of the
#: ONNX export with its matrix products quantized to 8 bits (per channel), run on one thread: ~2 ms
#: instead of ~5 on 2 cores, within cosine 0.98 of the exact vector (checked at load; ~0.994 on
#: MetaQA questions). Callers re-embed exactly when a decision is close (see ``Retriever``).
#: ``"float32"``: the exact export only.
QUERY_PRECISIONS = ("int8", "float32")
#: Texts per batch of bulk work, sorted by length (32: ~750 facts/s on 2 cores, 128: ~660).
BULK_BATCH = 32


class SentenceTransformerEmbedder:
    """An embedder on sentence-transformers, on the CPU unless told otherwise.

    With ``cache_dir`` and onnxruntime installed, texts run through an ONNX export of the same weights,
    made once in ``cache_dir/onnx`` and checked against torch before use: up to ``onnx_max_batch``
    texts (questions, relation chains) in one batch, more (building an index) sorted by length in
    batches of ``BULK_BATCH``: ~750 facts/s on 2 cores where torch does ~290, the same vectors. With
    ``bulk_precision="int8"`` bulk work runs on the int8 copy (~1,400/s) when, on a sample of the texts,
    its vectors keep a mean cosine of ``min_bulk_agreement`` to the exact ones. Everything a question
    needs goes through one runtime: onnxruntime right after torch ran in the same process waits for
    torch's spinning worker threads (~30 ms instead of ~4 ms on 2 cores).
    """

    def __init__(
        self,
        name: str = "minilm",
        *,
        device: str | None = None,
        cache_dir: Path | None = None,
        query_precision: str = "int8",
        onnx_max_batch: int = 256,
        min_int8_agreement: float = 0.98,
        bulk_precision: str = "float32",
        min_bulk_agreement: float = 0.99,
    ) -> None:
        for what, value in (("query", query_precision), ("bulk", bulk_precision)):
            if value not in QUERY_PRECISIONS:
                raise ModelError(f"{what} precision must be one of {', '.join(QUERY_PRECISIONS)}, not {value!r}")
        self.bulk_precision, self.min_bulk_agreement = bulk_precision, min_bulk_agreement
        self._bulk: OnnxEncoder | None = None  # the encoder of bulk work, once chosen
        self.name = name
        self.query_precision = query_precision
        self.onnx_max_batch = onnx_max_batch
        self.min_int8_agreement = min_int8_agreement
        self._onnx: OnnxEncoder | None = None
        self._quick: OnnxEncoder | None = None
        self._onnx_tried = cache_dir is None or (device not in (None, "cpu"))
        self._cache_dir = cache_dir
        self._model: Any = None
        self._source = resolve_embedder_path(name)
        # An export checked against torch in an earlier process runs without loading torch at all
        # (sentence-transformers, transformers and torch take ~6 s to import); the model itself is
        # loaded when bulk work (an index build) needs it.
        recalled = None
        if not self._onnx_tried and Path(self._source).exists():
            assert cache_dir is not None
            recalled = OnnxEncoder.recall(self._source, cache_dir, quick=query_precision == "int8")
        if recalled is not None:
            self._onnx, self._quick, self.dimension = recalled
            self._onnx_tried = True
        else:
            get_dim = (
                getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
            )
            dim = get_dim()
            if dim is None:
                raise ModelError(f"embedder {name!r} does not report its dimension")
            self.dimension = int(dim)

    @property
    def model(self) -> Any:
        """The sentence-transformers model, loaded on first use."""
        if self._model is None:
            self._model, self._source = _load(self.name)
        return self._model

    def _load_onnx(self) -> None:
        if not self._onnx_tried:
            self._onnx_tried = True
            assert self._cache_dir is not None
            self._onnx = OnnxEncoder.create(self.model, self._source, self.name, self._cache_dir, self._encode_torch)
            if self._onnx is not None and self.query_precision == "int8":
                self._quick = self._onnx.quantized(self.model[0].auto_model, self.min_int8_agreement)
            if self._onnx is not None and (self._quick is not None or self.query_precision != "int8"):
                self._onnx.remember(self._quick, self.dimension)

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self._load_onnx()
        if self._onnx is None:
            return self._encode_torch(texts, batch_size)
        if len(texts) <= self.onnx_max_batch:
            return self._onnx.encode(texts)
        encoder = self._bulk_encoder(texts)
        batches = bulk_batches(texts)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for rows in batches:
            out[rows] = encoder.encode([texts[i] for i in rows])
        return out

    def encode_batches(self, batches: list[list[str]]) -> list[np.ndarray]:
        """Batches of bulk work as they are (a Ray worker's share), through the bulk encoder: an int8
        encoder's vectors depend on which texts share a batch, so the batches are made by the caller."""
        self._load_onnx()
        if self._onnx is None:
            return [self._encode_torch(b) for b in batches]
        encoder = self._bulk_encoder([t for b in batches[:8] for t in b])
        return [encoder.encode(b) for b in batches]

    def _bulk_encoder(self, texts: list[str]) -> OnnxEncoder:
        """The exact export, or with ``bulk_precision="int8"`` its int8 copy on every core when it
        agrees with the exact vectors on a sample of the first texts of bulk work (decided once)."""
        assert self._onnx is not None
        if self._bulk is None:
            self._bulk = self._onnx
            if self.bulk_precision == "int8" and self._quick is not None:
                int8 = self._quick.on_threads(BULK_THREADS)
                sample = texts[:: max(1, len(texts) // 256)][:256]
                agreement = float(np.mean(np.sum(self._onnx.encode(sample) * int8.encode(sample), axis=1)))
                if agreement >= self.min_bulk_agreement:
                    self._bulk = int8
                else:
                    log.warning("int8 bulk embedding strays from the exact vectors (mean cosine %.4f < %.4f): "
                                "embedding exactly", agreement, self.min_bulk_agreement)  # fmt: skip
        return self._bulk

    def embed_query(self, text: str) -> tuple[np.ndarray, bool]:
        """One question's vector through the fastest encoder at hand (see ``QUERY_PRECISIONS``),
        and whether it is exact."""
        self._load_onnx()
        if self._quick is not None:
            return self._quick.encode([text])[0], False
        return self.embed([text])[0], True

    def _encode_torch(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def bulk_batches(texts: list[str]) -> list[list[int]]:
    """Rows of bulk work in batches of ``BULK_BATCH``, sorted by length (little padding in each)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    return [order[start : start + BULK_BATCH] for start in range(0, len(texts), BULK_BATCH)]


def _load(name: str) -> tuple[Any, str]:
    """The sentence-transformers model named (a packaged short name, a local folder or a hub name),
    loaded without a progress bar and, for a local folder, without asking the hub; and where it is."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    path = resolve_embedder_path(name)
    local = Path(path).exists()
    if local:
        # A local folder must never trigger a hub lookup (no network here, in CI, for many users).
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    hf_logging.disable_progress_bar()  # loading a small model is not long work
    try:
        model = SentenceTransformer(path, device="cpu", local_files_only=local)
    except Exception as e:  # sentence-transformers raises OSError, ValueError, HF errors...
        raise ModelError(f"cannot load embedder {name!r} ({path}): {e}") from e
    return model, path


__all__ = ["BULK_BATCH", "QUERY_PRECISIONS", "SentenceTransformerEmbedder", "bulk_batches"]
