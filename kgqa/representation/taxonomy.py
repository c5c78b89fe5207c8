"""A pack's classes and their hierarchy: which classes there are, and which are below which.

A question asks for things by a class at any level ("which *metals*", "is warfarin an
*anticoagulant*") while a pack types each thing by its most specific class (an *alkali metal*, a
*vitamin K antagonist*) and says once, in its schema, that one class is below another
(``rdfs:subClassOf``). So membership is read through the hierarchy: a thing is of a class when one of
its types is that class or below it. Classes are what the pack types things with, what it declares as
``rdfs:Class``/``owl:Class``, and what ``rdfs:subClassOf`` relates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx
from rdflib import OWL, RDF, RDFS
from rdflib.term import Node, URIRef

from ..vocab import SCHEMA_TYPES
from .stores.base import TripleSource


@dataclass(frozen=True)
class Taxonomy:
    """The classes of a graph with, for each, itself and every class below it (and above it)."""

    store: TripleSource
    classes: frozenset[Node]
    below: dict[Node, frozenset[Node]]
    above: dict[Node, frozenset[Node]]

    @classmethod
    def read(cls, store: TripleSource) -> Taxonomy:
        typed = {o for _, _, o in store.triples((None, RDF.type, None)) if isinstance(o, URIRef)}
        declared = {s for t in (RDFS.Class, OWL.Class) for s, _, _ in store.triples((None, RDF.type, t))}
        tree: nx.DiGraph = nx.DiGraph()  # an edge from a class to each class right above it
        tree.add_edges_from(
            (s, o)
            for s, _, o in store.triples((None, RDFS.subClassOf, None))
            if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o
        )
        classes = frozenset((typed | declared | set(tree.nodes)) - set(SCHEMA_TYPES) - {OWL.Thing, RDFS.Resource})
        tree.add_nodes_from(classes)
        above = {c: frozenset(nx.descendants(tree, c)) | {c} for c in classes}
        below = {c: frozenset(nx.ancestors(tree, c)) | {c} for c in classes}
        return cls(store, classes, below, above)

    def types(self, node: Node) -> set[Node]:
        """Every class a node is of: its own types and all the classes above them."""
        out: set[Node] = set()
        for _, _, t in self.store.triples((node, RDF.type, None)):
            out |= self.above.get(t, frozenset({t}))
        return out

    def is_a(self, node: Node, cls: Node) -> bool:
        """Whether a node is of a class, directly or through the classes below it."""
        return any(t in self.below.get(cls, (cls,)) for _, _, t in self.store.triples((node, RDF.type, None)))

    def any_is_a(self, nodes: Iterable[Node], cls: Node) -> bool:
        return any(self.is_a(n, cls) for n in nodes)

    def instances(self, cls: Node) -> Iterator[tuple[Node, Node]]:
        """(instance, its own class) for everything of a class, directly or through a class below it."""
        seen: set[Node] = set()
        for c in sorted(self.below.get(cls, frozenset({cls})), key=str):
            for s, _, _ in self.store.triples((None, RDF.type, c)):
                if s not in seen:
                    seen.add(s)
                    yield s, c

    def has_instances(self, cls: Node) -> bool:
        return next(self.instances(cls), None) is not None


__all__ = ["Taxonomy"]
