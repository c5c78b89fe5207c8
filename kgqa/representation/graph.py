"""A pack's graph as the later stages read it: the store with the names of its nodes and its schema,
re-read after an edit that renames or retypes something."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF
from rdflib.term import Node

from ..text import normalize, readable, stem
from ..vocab import NON_FACT_PREDICATES
from .facts import schema_nodes
from .labels import Labels, NameIndex
from .stores.base import GraphStore
from .taxonomy import Taxonomy


@dataclass
class KnowledgeGraph:
    """The store, the names of its nodes (``labels``, ``names``), its schema nodes and its classes."""

    store: GraphStore
    language: str
    labels: Labels
    schema: set[Node]
    names: NameIndex
    taxonomy: Taxonomy

    @classmethod
    def read(cls, store: GraphStore, language: str = "en") -> KnowledgeGraph:
        labels = Labels.from_store(store, language)
        taxonomy = Taxonomy.read(store)
        labels.name_classes_by_glosses(store, taxonomy.classes)
        return cls(store, language, labels, schema_nodes(store), NameIndex.build(labels), taxonomy)

    def reread(self) -> None:
        """Read names, schema and classes again (after an edit of labels, templates or types)."""
        self.labels = Labels.from_store(self.store, self.language)
        self.schema = schema_nodes(self.store)
        self.taxonomy = Taxonomy.read(self.store)
        self.labels.name_classes_by_glosses(self.store, self.taxonomy.classes)
        self.names = NameIndex.build(self.labels)

    @staticmethod
    def renames(triples: list[tuple[Node, Node, Node]]) -> bool:
        """Whether changing these triples changes names, templates, cue words or types."""
        return any(t[1] in NON_FACT_PREDICATES or t[1] == RDF.type for t in triples)

    def kinds(self, more: Iterable[str] = ()) -> frozenset[tuple[str, ...]]:
        """Nouns of the kinds of things the graph holds, as words, that a question may put right
        before a name ("the film Alien", "describe movie X"): its classes' names and ``more`` (what a
        gloss model says relations' subjects are). One that shares a word with a relation's names or
        cue words is left out: that word asks for the relation."""
        named = self.relation_words()
        found = self.class_names() + [normalize(k) for k in more]
        return frozenset(tuple(k.split()) for k in found if k and not named & set(k.split()))

    def relation_words(self) -> set[str]:
        """The words of every relation's names, cue words, measures and picked gloss words
        (``Labels.relation_words``): the schema's properties and whatever has a template, an
        inverse label or cue words."""
        labels = self.labels
        relations = (self.schema - set(self.taxonomy.classes)) | set(labels.templates) | set(labels.inverse)
        return {w for p in relations | set(labels.cues) for w in labels.relation_words(p)}

    def class_names(self) -> list[str]:
        """The classes' names and alt names, normalised ("plant family")."""
        labels = self.labels
        names = [n for c in self.taxonomy.classes for n in (labels.label(c), *labels.alt.get(c, []))]
        return [normalize(readable(n)) for n in names]

    def schema_words(self) -> set[str]:
        """Words that name relations and classes: evidence of what is asked, not of which entity."""
        labels = self.labels
        texts: list[str] = []
        for node in self.schema:
            texts += [labels.label(node), labels.inverse.get(node, "")]
        classes = self.taxonomy.classes
        for node in set(labels.templates) | set(labels.inverse) | classes:
            texts.append(labels.label(node))
        words: set[str] = set()
        for text in texts:
            for w in normalize(readable(text)).split():
                words.add(w)
                words.add(stem(w))
        return words


__all__ = ["KnowledgeGraph"]
