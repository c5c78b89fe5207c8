"""Turning triples into facts: labels for every node, and one sentence per triple.

Entities are named by ``rdfs:label`` or ``skos:prefLabel`` (``skos:altLabel`` adds synonyms);
predicates by their label, or by their local name made readable; a predicate may carry an
expert-written ``kgqa:template`` such as ``"{subject} was directed by {object}."``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, BNode, Literal
from rdflib.term import Node

from .graph.base import GraphStore, Triple
from .vocab import (
    ALT_LABEL_PREDICATES,
    CUE_WORD,
    INVERSE_LABEL,
    LABEL_PREDICATES,
    NON_FACT_PREDICATES,
    SCHEMA_TYPES,
    TEMPLATE,
)


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


def readable(name: str, lower: bool = True) -> str:
    """``directed_by`` / ``directedBy`` / ``__music__recording`` -> ``directed by`` / ``music recording``."""
    if lower:
        name = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    name = re.sub(r"[_./#:]+", " ", name)
    name = re.sub(r"\s+", " ", name).strip()
    return name.lower() if lower else name


def local_name(iri: str) -> str:
    """The last segment of an IRI: after ``#``, else after the last ``/`` or ``:``."""
    for sep in ("#", "/", ":"):
        if sep in iri.rstrip(sep):
            iri = iri.rstrip(sep).rsplit(sep, 1)[1]
            break
    return iri


@dataclass
class Labels:
    """Names of the graph's nodes, read once from the store's label triples (an index lookup each)."""

    language: str = "en"
    names: dict[Node, str] = field(default_factory=dict)
    alt: dict[Node, list[str]] = field(default_factory=lambda: defaultdict(list))
    templates: dict[Node, str] = field(default_factory=dict)
    inverse: dict[Node, str] = field(default_factory=dict)
    cues: dict[Node, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def from_store(cls, store: GraphStore, language: str = "en") -> Labels:
        labels = cls(language=language)
        ranked: dict[Node, tuple[int, str]] = {}
        for rank, pred in enumerate(LABEL_PREDICATES):
            for s, _, o in store.triples((None, pred, None)):
                if isinstance(o, Literal):
                    key = (labels._lang_rank(o) * 10 + rank, str(o))
                    if s not in ranked or key < ranked[s]:
                        ranked[s] = key
        labels.names = {s: text for s, (_, text) in ranked.items()}
        for pred in ALT_LABEL_PREDICATES:
            for s, _, o in store.triples((None, pred, None)):
                if isinstance(o, Literal) and labels._lang_rank(o) < 2:
                    labels.alt[s].append(str(o))
        for s, _, o in store.triples((None, TEMPLATE, None)):
            labels.templates[s] = str(o)
        for s, _, o in store.triples((None, INVERSE_LABEL, None)):
            labels.inverse[s] = str(o)
        for s, _, o in store.triples((None, CUE_WORD, None)):
            if isinstance(o, Literal) and labels._lang_rank(o) < 2:
                labels.cues[s].append(str(o))
        return labels

    def _lang_rank(self, lit: Literal) -> int:
        if not lit.language:
            return 0 if self.language == "en" else 1
        if lit.language.lower().split("-")[0] == self.language:
            return 0
        return 2

    def label(self, node: Node) -> str:
        """The display name of a node: its label, a literal's value, or a readable local name."""
        if isinstance(node, Literal):
            return str(node)
        name = self.names.get(node)
        if name is not None:
            return name
        if isinstance(node, BNode):
            return f"_:{node}"
        return readable(local_name(str(node)), lower=False)

    def predicate_label(self, predicate: Node) -> str:
        if predicate == RDF.type:
            return self.names.get(predicate, "is a")
        return self.names.get(predicate) or readable(local_name(str(predicate)))

    def inverse_label(self, predicate: Node) -> str:
        """How a relation reads from object to subject ("directed" for "directed by")."""
        return self.inverse.get(predicate) or f"is {self.predicate_label(predicate)} of"

    def relation_names(self, predicate: Node) -> list[str]:
        """Every name of a relation: label, alt labels and inverse label (not its cue words)."""
        names = [self.predicate_label(predicate), *self.all_names(predicate), self.inverse.get(predicate, "")]
        return [n for n in dict.fromkeys(names) if n]

    def all_names(self, node: Node) -> list[str]:
        main = self.names.get(node)
        return ([main] if main else []) + [a for a in self.alt.get(node, []) if a != main]

    def verbalize(self, triple: Triple) -> str:
        """One sentence for a triple, from the predicate's template if it has one."""
        s, p, o = triple
        subject, obj = self.label(s), self.label(o)
        template = self.templates.get(p)
        if template:
            try:
                return template.format(subject=subject, object=obj)
            except (KeyError, IndexError, ValueError):
                pass  # a malformed template falls back to the plain form
        return f"{subject} {self.predicate_label(p)} {obj}."


def is_fact(triple: Triple, schema_nodes: set[Node]) -> bool:
    """Whether a triple states domain knowledge (not a label, template or schema declaration)."""
    s, p, o = triple
    if p in NON_FACT_PREDICATES or s in schema_nodes:
        return False
    return not (p == RDF.type and o in SCHEMA_TYPES)


def schema_nodes(store: GraphStore) -> set[Node]:
    """Predicates and classes declared in the graph: their own triples are not facts."""
    nodes: set[Node] = set()
    for t in SCHEMA_TYPES:
        nodes.update(s for s, _, _ in store.triples((None, RDF.type, t)))
    for pred in (TEMPLATE, INVERSE_LABEL):
        nodes.update(s for s, _, _ in store.triples((None, pred, None)))
    return nodes


def iter_facts(store: GraphStore, schema: set[Node]) -> Iterator[Triple]:
    """Every fact triple of the store (a full scan: for building the index only)."""
    for triple in store.triples((None, None, None)):
        if is_fact(triple, schema):
            yield triple


def make_fact(triple: Triple, labels: Labels, store: GraphStore, score: float = 0.0) -> Fact:
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
        sources=tuple(store.sources(triple)),
    )


def triple_key(triple: Triple) -> str:
    """A stable string key of a triple (N-Triples terms), used to map index rows to triples."""
    return " ".join(t.n3() for t in triple)


__all__ = ["Fact", "Labels", "iter_facts", "make_fact", "readable", "schema_nodes", "triple_key"]
