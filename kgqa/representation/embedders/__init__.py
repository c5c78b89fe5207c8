"""Sentence embedders: the contract (``base``), sentence-transformers (the packaged MiniLM by default)
and its ONNX fast path for questions. Add a backend by registering it in ``EMBEDDERS``."""

from __future__ import annotations

from .base import EMBEDDERS, Embedder, QueryEmbedder, load_embedder

__all__ = ["EMBEDDERS", "Embedder", "QueryEmbedder", "load_embedder"]
