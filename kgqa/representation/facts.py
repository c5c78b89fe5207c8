"""Facts: triples that state domain knowledge (not labels or schema), as sentences with provenance."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, Literal
from rdflib.term import Node
from rdflib.util import from_n3

from ..knowledge.terms import Triple
from ..vocab import INVERSE_LABEL, NON_FACT_PREDICATES, SCHEMA_TYPES, TEMPLATE
from .labels import Labels
from .stores.base import GraphStore, TripleSource, sources_of


@dataclass(frozen=True)
class Fact:
    """One triple with its sentence, relevance score and provenance (the named graphs asserting it)."""

    subject: str
    predicate: str
    object: str
    sentence: str
    subject_label: str = ""
    predicate_label: str = ""
    object_label: str = ""
    object_is_literal: bool = False
    score: float = 0.0
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "object_is_literal": self.object_is_literal,
            "sentence": self.sentence,
            "score": round(self.score, 4),
            "sources": list(self.sources),
        }


def is_fact(triple: Triple, schema_nodes: set[Node]) -> bool:
    """Whether a triple states domain knowledge (not a label, template or schema declaration)."""
    s, p, o = triple
    if p in NON_FACT_PREDICATES or s in schema_nodes:
        return False
    return not (p == RDF.type and o in SCHEMA_TYPES)


def schema_nodes(store: TripleSource) -> set[Node]:
    """Predicates and classes declared in the graph: their own triples are not facts."""
    nodes: set[Node] = set()
    for t in SCHEMA_TYPES:
        nodes.update(s for s, _, _ in store.triples((None, RDF.type, t)))
    for pred in (TEMPLATE, INVERSE_LABEL):
        nodes.update(s for s, _, _ in store.triples((None, pred, None)))
    return nodes


def iter_facts(store: TripleSource, schema: set[Node]) -> Iterator[Triple]:
    """Every fact triple of the store (a full scan: for building the index only)."""
    for triple in store.triples((None, None, None)):
        if is_fact(triple, schema):
            yield triple


def make_facts(scored: Iterable[tuple[Triple, float]], labels: Labels, store: GraphStore) -> list[Fact]:
    """Facts of (triple, score) pairs, their provenance asked of the store at once."""
    pairs = list(scored)
    sources = sources_of(store, [t for t, _ in pairs])
    return [make_fact(t, labels, store, score, sources[t]) for t, score in pairs]


def make_fact(
    triple: Triple, labels: Labels, store: GraphStore, score: float = 0.0, sources: list[str] | None = None
) -> Fact:
    s, p, o = triple
    return Fact(
        subject=str(s),
        predicate=str(p),
        object=str(o),
        sentence=labels.verbalize(triple),
        subject_label=labels.label(s),
        predicate_label=labels.predicate_label(p),
        object_label=labels.label(o),
        object_is_literal=isinstance(o, Literal),
        score=score,
        sources=tuple(store.sources(triple) if sources is None else sources),
    )


def triple_key(triple: Triple) -> str:
    """A stable string key of a triple (N-Triples terms), used to map index rows to triples."""
    return " ".join(t.n3() for t in triple)


def parse_key(key: str) -> Triple:
    """Inverse of ``triple_key``: N-Triples terms back to rdflib terms."""
    s, rest = key.split(" ", 1)
    p, o = rest.split(" ", 1)
    return (from_n3(s), from_n3(p), from_n3(o))  # type: ignore[return-value]


__all__ = ["Fact", "is_fact", "iter_facts", "make_fact", "make_facts", "parse_key", "schema_nodes", "triple_key"]
