"""In-memory graph store on rdflib: right for packs up to a few hundred thousand triples."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from ...knowledge.pack import Pack
from ...knowledge.terms import Pattern, Triple


class MemoryStore:
    """One merged rdflib graph for indexed lookups, plus the named graphs each triple came from.

    Terms are interned on the way in: every node is one object and every triple one tuple, so the
    walks of retrieval compare them by identity instead of calling rdflib's ``__eq__``.
    """

    name = "memory"
    canonical_terms = True

    def __init__(self) -> None:
        self.graph = Graph()
        self._sources: dict[Triple, list[str]] = defaultdict(list)
        # Each node's triples as subject and as object: neighbourhood lookups are the hot path of
        # retrieval, and rdflib's generic pattern matching costs ~10x more per lookup.
        self._out: dict[Node, list[Triple]] = defaultdict(list)
        self._in: dict[Node, list[Triple]] = defaultdict(list)
        self._terms: dict[Node, Node] = {}
        self.applied: list[str] = []  # built fresh from the pack files: no change replayed yet

    def save_applied(self) -> None:
        """Nothing to persist: a memory store is rebuilt on every open."""

    @classmethod
    def from_pack(
        cls, pack: Pack, cache_dir: Path | None = None, fresh: bool = True, options: object = None
    ) -> MemoryStore:
        store = cls()
        for path in pack.files:
            for graph_name, g in pack.parse_file(path):
                # rdflib iterates a parsed graph in an order that changes from run to run (it hashes
                # strings); sorted, every run walks the same edges first and lists answers alike
                for triple in sorted(g, key=_sort_key):
                    store.add(triple, str(graph_name))
        return store

    def __len__(self) -> int:
        return len(self.graph)

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        s, p, o = pattern
        if s is not None and p is None and o is None:
            return iter(tuple(self._out.get(s, ())))
        if o is not None and s is None and p is None:
            return iter(tuple(self._in.get(o, ())))
        return self.graph.triples(pattern)  # type: ignore[arg-type,return-value]

    def select(self, query: str) -> list[dict[str, Node]]:
        rows = self.graph.query(query)
        return [{str(k): v for k, v in row.asdict().items()} for row in rows]  # type: ignore[union-attr]

    def nodes(self) -> Iterator[Node]:
        """Every node that is the subject or object of a triple, once."""
        yield from self._out
        yield from (n for n in self._in if n not in self._out)

    def sources(self, triple: Triple) -> list[str]:
        return list(self._sources.get(triple, ()))

    def add(self, triple: Triple, graph: str) -> None:
        graphs = self._sources.get(triple)
        if graphs is None:
            terms = self._terms
            s, p, o = (terms.setdefault(x, x) for x in triple)
            triple = (s, p, o)
            self.graph.add(triple)  # type: ignore[arg-type]
            self._out[triple[0]].append(triple)
            self._in[triple[2]].append(triple)
            graphs = self._sources[triple] = []
        if graph not in graphs:
            graphs.append(graph)

    def remove(self, triple: Triple, graph: str | None = None) -> None:
        graphs = self._sources.get(triple, [])
        if graph is None:
            graphs.clear()
        elif graph in graphs:
            graphs.remove(graph)
        if not graphs and triple in self._sources:
            del self._sources[triple]
            self.graph.remove(triple)  # type: ignore[arg-type]
            for index, node in ((self._out, triple[0]), (self._in, triple[2])):
                index[node].remove(triple)
                if not index[node]:
                    del index[node]


def _sort_key(triple: Triple) -> tuple[str, str, str]:
    return (triple[0].n3(), triple[1].n3(), triple[2].n3())


__all__ = ["MemoryStore"]
