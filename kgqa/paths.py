"""Relation paths: walk 1-3 relations out of a linked entity, in either direction, by store lookups.

Paths are grouped by their relation chain (``directed_by⁻¹ → in_language``): each chain leads from
the start entity to a set of end nodes, and every end node keeps one chain of triples back to the
start as its evidence. Hubs (a genre with thousands of films) are not walked through: a node with
more than ``hub_limit`` edges ends the walk there, which bounds the work per question.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from rdflib import RDF, Literal
from rdflib.term import Node

from .facts import Labels, is_fact
from .graph.base import GraphStore, Triple
from .linking import STOPWORDS, normalize


@dataclass(frozen=True)
class Hop:
    """One relation step: a predicate followed forwards (subject→object) or backwards."""

    predicate: Node
    forward: bool

    def text(self, labels: Labels) -> str:
        return labels.predicate_label(self.predicate) if self.forward else labels.inverse_label(self.predicate)

    def phrases(self, labels: Labels) -> tuple[tuple[str, ...], ...]:
        """Names of this relation of two words or more, as token tuples ("flows into", "directed by")."""
        names = [
            *labels.all_names(self.predicate),
            labels.predicate_label(self.predicate),
            labels.inverse.get(self.predicate, ""),
        ]
        return tuple(dict.fromkeys(tuple(normalize(n).split()) for n in names if len(normalize(n).split()) >= 2))

    def words(self, labels: Labels) -> frozenset[str]:
        """Content words that name this relation (label, alt labels, inverse label), for lexical cues."""
        # Both directions: the graph already fixes the direction, and "wrote" names "written by" too.
        names = [*labels.all_names(self.predicate), labels.predicate_label(self.predicate)]
        names.append(labels.inverse.get(self.predicate, ""))
        return frozenset(w for n in names for w in normalize(n).split() if w not in STOPWORDS)


RelationPath = tuple[Hop, ...]


@dataclass
class PathResult:
    """The end nodes a relation chain reaches from a start node, each with its chain of triples."""

    start: Node
    relations: RelationPath
    ends: dict[Node, tuple[Triple, ...]]

    def describe(self, labels: Labels) -> str:
        """The chain as read from the start: "directed by → born in" (inverse hops by their inverse label)."""
        return " → ".join(h.text(labels) for h in self.relations)

    def relation_text(self, labels: Labels) -> str:
        """The chain's relation labels, direction left out: what is embedded to compare with a question
        (the graph already fixes the direction; "is written by of" would only add noise)."""
        return " ".join(
            " ".join(dict.fromkeys([labels.predicate_label(h.predicate), *labels.alt.get(h.predicate, [])]))
            for h in self.relations
        )


class Neighbourhoods:
    """Edges of nodes, fetched from the store on demand and kept in a bounded LRU cache."""

    def __init__(self, store: GraphStore, schema: set[Node], hub_limit: int = 400, cache_size: int = 50_000):
        self.store = store
        self.schema = schema
        self.hub_limit = hub_limit
        self.cache_size = cache_size
        self._cache: OrderedDict[Node, list[tuple[Hop, Node, Triple]] | None] = OrderedDict()

    def clear(self) -> None:
        self._cache.clear()

    def edges(self, node: Node) -> list[tuple[Hop, Node, Triple]] | None:
        """(hop, neighbour, triple) for each fact touching the node; None for a hub."""
        if node in self._cache:
            self._cache.move_to_end(node)
            return self._cache[node]
        out: list[tuple[Hop, Node, Triple]] | None = []
        limit = self.hub_limit + 1
        for t in islice(self.store.triples((node, None, None)), limit):
            if is_fact(t, self.schema) and t[1] != RDF.type:  # types constrain answers, they are not asked for
                out.append((Hop(t[1], True), t[2], t))  # type: ignore[union-attr]
        for t in islice(self.store.triples((None, None, node)), limit):
            if is_fact(t, self.schema) and t[1] != RDF.type:
                out.append((Hop(t[1], False), t[0], t))  # type: ignore[union-attr]
        if len(out) > self.hub_limit:  # type: ignore[arg-type]
            out = None
        self._cache[node] = out
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return out

    def all_edges(self, node: Node, cap: int = 5000) -> Iterator[tuple[Hop, Node, Triple]]:
        """Edges of a start node, which is walked even when it is a hub (up to ``cap``)."""
        cached = self.edges(node)
        if cached is not None:
            yield from cached
            return
        for t in islice(self.store.triples((node, None, None)), cap):
            if is_fact(t, self.schema) and t[1] != RDF.type:
                yield Hop(t[1], True), t[2], t
        for t in islice(self.store.triples((None, None, node)), cap):
            if is_fact(t, self.schema) and t[1] != RDF.type:
                yield Hop(t[1], False), t[0], t


def walk(hoods: Neighbourhoods, start: Node, max_hops: int = 3, max_frontier: int = 300) -> list[PathResult]:
    """Every relation chain of 1..max_hops from ``start``, with the nodes it reaches."""
    results: list[PathResult] = []
    level: dict[RelationPath, dict[Node, tuple[Triple, ...]]] = {(): {start: ()}}
    for depth in range(1, max_hops + 1):
        nxt: dict[RelationPath, dict[Node, tuple[Triple, ...]]] = defaultdict(dict)
        for rel, frontier in level.items():
            if depth > 1 and len(frontier) > max_frontier:
                continue
            for node, chain in frontier.items():
                if isinstance(node, Literal):
                    continue
                edges = hoods.all_edges(node) if depth == 1 else hoods.edges(node)
                if edges is None:
                    continue
                for hop, other, triple in edges:
                    if triple in chain:
                        continue
                    ends = nxt[(*rel, hop)]
                    if other not in ends:
                        ends[other] = (*chain, triple)
        for rel, ends in nxt.items():
            results.append(PathResult(start=start, relations=rel, ends=ends))
        level = dict(nxt)
        if not level:
            break
    return results
