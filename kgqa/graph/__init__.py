"""Graph stores: where the pack's triples live and how retrieval walks them."""

from __future__ import annotations

from .base import BACKENDS, GraphStore, Triple, open_store

__all__ = ["BACKENDS", "GraphStore", "Triple", "open_store"]
