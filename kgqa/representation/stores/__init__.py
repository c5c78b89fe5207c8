"""Graph stores: where the pack's triples live and how retrieval walks them (``memory``: rdflib;
``oxigraph``: on disk). Add a backend by registering it in ``STORES`` (see ``kgqa.registry``)."""

from __future__ import annotations

from .base import STORES, GraphStore, TripleSource, open_store

__all__ = ["STORES", "GraphStore", "TripleSource", "open_store"]
