"""In-memory graph store on rdflib: right for packs up to a few hundred thousand triples."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph

from ..knowledge import Pack
from .base import Pattern, Triple


class MemoryStore:
    """One merged rdflib graph for indexed lookups, plus the named graphs each triple came from."""

    name = "memory"

    def __init__(self) -> None:
        self.graph = Graph()
        self._sources: dict[Triple, list[str]] = defaultdict(list)
        self.applied: list[str] = []  # built fresh from the pack files: no change replayed yet

    def save_applied(self) -> None:
        """Nothing to persist: a memory store is rebuilt on every open."""

    @classmethod
    def from_pack(cls, pack: Pack, cache_dir: Path | None = None, fresh: bool = True) -> MemoryStore:
        store = cls()
        for path in pack.files:
            for graph_name, g in pack.parse_file(path):
                for triple in g:
                    store.add(triple, str(graph_name))
        return store

    def __len__(self) -> int:
        return len(self.graph)

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        yield from self.graph.triples(pattern)  # type: ignore[arg-type]

    def sources(self, triple: Triple) -> list[str]:
        return list(self._sources.get(triple, ()))

    def add(self, triple: Triple, graph: str) -> None:
        self.graph.add(triple)  # type: ignore[arg-type]
        if graph not in self._sources[triple]:
            self._sources[triple].append(graph)

    def remove(self, triple: Triple, graph: str | None = None) -> None:
        graphs = self._sources.get(triple, [])
        if graph is None:
            graphs.clear()
        elif graph in graphs:
            graphs.remove(graph)
        if not graphs:
            self._sources.pop(triple, None)
            self.graph.remove(triple)  # type: ignore[arg-type]


__all__ = ["MemoryStore"]
