"""Vector indexes over fact embeddings: the contract (``base``) and FAISS (``faiss_index``). Add a
backend by registering it in ``INDEXES``."""

from __future__ import annotations

from .base import INDEXES, VectorIndex, VectorIndexFactory

__all__ = ["INDEXES", "VectorIndex", "VectorIndexFactory"]
