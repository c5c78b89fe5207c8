"""The graph store contract and the registry that picks a backend by name."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from rdflib.term import Node

from ..errors import BackendError
from ..knowledge import Pack

Triple = tuple[Node, Node, Node]
Pattern = tuple[Node | None, Node | None, Node | None]


@runtime_checkable
class GraphStore(Protocol):
    """What retrieval needs from a graph: indexed pattern lookups and provenance.

    Lookups with a bound subject or object must be served by the store's own indexes, never by a
    scan of all triples; ``triples((None, None, None))`` is only for building the fact index.
    """

    name: str
    #: ids of the curation changes replayed into the store, oldest first
    applied: list[str]

    def __len__(self) -> int: ...

    def save_applied(self) -> None:
        """Remember ``applied`` where the store persists (an on-disk store); no-op in memory."""
        ...

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        """Triples matching a pattern (``None`` is a wildcard), each once, whatever graph holds it."""
        ...

    def sources(self, triple: Triple) -> list[str]:
        """The named graphs (one per pack file, or as written in TriG) that assert a triple."""
        ...

    def add(self, triple: Triple, graph: str) -> None:
        """Assert a triple in a named graph."""
        ...

    def remove(self, triple: Triple, graph: str | None = None) -> None:
        """Retract a triple from one named graph, or from all of them."""
        ...


#: backend name -> "module:Class"; modules are imported only when a backend is asked for.
BACKENDS: dict[str, str] = {
    "memory": "kgqa.graph.memory:MemoryStore",
    "oxigraph": "kgqa.graph.oxigraph:OxigraphStore",
}

#: Above this many bytes of RDF, ``open_store(backend="auto")`` picks the on-disk store.
AUTO_OXIGRAPH_BYTES = 20_000_000


def open_store(pack: Pack, backend: str = "auto", cache_dir: Path | None = None, fresh: bool = False) -> GraphStore:
    """Open the pack's graph in the named backend (``memory``, ``oxigraph`` or ``auto``);
    ``fresh`` discards what a persistent backend kept and loads the pack's files again."""
    if backend == "auto":
        size = sum(p.stat().st_size for p in pack.files)
        backend = "oxigraph" if size > AUTO_OXIGRAPH_BYTES else "memory"
    if backend not in BACKENDS:
        raise BackendError(f"unknown graph backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    module_name, _, class_name = BACKENDS[backend].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise BackendError(f"graph backend {backend!r} needs {e.name}: pip install 'kgqa[{backend}]'") from e
    cls = getattr(module, class_name)
    store: GraphStore = cls.from_pack(pack, cache_dir=cache_dir, fresh=fresh)
    return store
