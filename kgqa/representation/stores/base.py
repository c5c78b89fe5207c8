"""The graph store contract and the registry that picks a backend by name."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ...knowledge.pack import Pack
from ...knowledge.terms import Pattern, Triple
from ...registry import Registry

if TYPE_CHECKING:
    from rdflib.term import Node

    from ...settings import BackendSettings


class TripleSource(Protocol):
    """Anything that answers triple patterns: a graph store, or a plain rdflib graph."""

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        """Triples matching a pattern (``None`` is a wildcard), each once, whatever graph holds it."""
        ...


@runtime_checkable
class GraphStore(TripleSource, Protocol):
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

    def sources(self, triple: Triple) -> list[str]:
        """The named graphs (one per pack file, or as written in TriG) that assert a triple."""
        ...

    def select(self, query: str) -> list[dict[str, Node]]:
        """The rows of a SPARQL SELECT over every graph of the store, as rdflib terms by variable name
        (a reading's SPARQL form, ``fusion.sparql``)."""
        ...

    def add(self, triple: Triple, graph: str) -> None:
        """Assert a triple in a named graph."""
        ...

    def remove(self, triple: Triple, graph: str | None = None) -> None:
        """Retract a triple from one named graph, or from all of them."""
        ...


class StoreFactory(Protocol):
    """How a backend opens a pack: ``cls.from_pack(pack, cache_dir=..., fresh=..., options=...)``."""

    def from_pack(
        self, pack: Pack, cache_dir: Path | None = None, fresh: bool = False, options: BackendSettings | None = None
    ) -> GraphStore: ...


#: Graph store backends by name; modules are imported only when a backend is asked for.
STORES: Registry[StoreFactory] = Registry(
    "store",
    {
        "memory": "kgqa.representation.stores.memory:MemoryStore",
        "oxigraph": "kgqa.representation.stores.oxigraph:OxigraphStore",
        "sparql": "kgqa.representation.stores.sparql:SparqlStore",
    },
)


def choose_store(pack: Pack, name: str, auto_disk_bytes: int, endpoint: str = "") -> str:
    """The backend for a pack: ``name``, or for ``"auto"`` the SPARQL endpoint when one is given, else
    memory below ``auto_disk_bytes`` of RDF and the on-disk store above."""
    if name != "auto":
        return name
    if endpoint:
        return "sparql"
    size = sum(p.stat().st_size for p in pack.files)
    return "oxigraph" if size > auto_disk_bytes else "memory"


def open_store(
    pack: Pack, options: BackendSettings | str = "auto", cache_dir: Path | None = None, fresh: bool = False
) -> GraphStore:
    """Open the pack's graph in the backend ``options`` names (or the backend of that name, with
    default settings); ``fresh`` discards what a persistent backend kept and loads the pack's files again.

    Raises:
        BackendError: an unknown backend, or its dependency is missing.
    """
    if isinstance(options, str):
        from ...settings import BackendSettings

        options = BackendSettings(store=options)
    factory = STORES.get(choose_store(pack, options.store, options.auto_disk_bytes, options.endpoint))
    return factory.from_pack(pack, cache_dir=cache_dir, fresh=fresh, options=options)


def read_applied(path: Path | None) -> list[str]:
    """The ids of the curation changes a persistent store recorded as replayed into it."""
    return json.loads(path.read_text()) if path is not None and path.exists() else []


def write_applied(path: Path, applied: list[str]) -> None:
    """Record them, atomically (a crash leaves the old list or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(applied))
    os.replace(tmp, path)


def sources_of(store: GraphStore, triples: Sequence[Triple]) -> dict[Triple, list[str]]:
    """The named graphs asserting each triple, in one request where the store can (an endpoint)."""
    batch = getattr(store, "sources_of", None)
    return batch(triples) if batch is not None else {t: store.sources(t) for t in triples}


def present(store: TripleSource, triples: Sequence[Triple]) -> set[Triple]:
    """Which of these triples the graph holds, in one request where the store can (an endpoint)."""
    batch = getattr(store, "present", None)
    if batch is not None:
        return set(batch(triples))
    return {t for t in triples if any(True for _ in store.triples(t))}


__all__ = [
    "STORES",
    "GraphStore",
    "TripleSource",
    "open_store",
    "present",
    "read_applied",
    "sources_of",
    "write_applied",
]
