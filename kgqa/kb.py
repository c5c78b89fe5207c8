"""The facade: ``KnowledgeBase.open(pack).ask(question) -> Answer``."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rdflib import Literal
from rdflib.term import Node

from .answer import ABSTAIN_TEXT, Answer, Entity, ReasoningPath
from .config import Settings
from .embeddings import Embedder, SentenceTransformerEmbedder
from .errors import IndexMismatchError, QuestionError
from .facts import Fact, Labels, iter_facts, make_fact, readable, schema_nodes, triple_key
from .graph import GraphStore, Triple, open_store
from .index import FactIndex
from .knowledge import Pack
from .linking import EntityLinker, normalize, stem
from .paths import Neighbourhoods
from .reader import Reader, load_reader, parse_answer
from .retrieval import Retrieval, RetrievalConfig, Retriever


class KnowledgeBase:
    """A knowledge pack opened for question answering: graph, fact index, linker and reader.

    Example:
        >>> kb = KnowledgeBase.open("knowledge/movies")
        >>> kb.ask("Who directed Alien?").text
        'Ridley Scott'
    """

    def __init__(
        self,
        pack: Pack,
        store: GraphStore,
        settings: Settings,
        embedder: Embedder,
        index: FactIndex,
        labels: Labels,
        schema: set[Node],
    ) -> None:
        self.pack = pack
        self.store = store
        self.settings = settings
        self.embedder = embedder
        self.index = index
        self.labels = labels
        self.schema = schema
        self.linker = EntityLinker.build(labels, _schema_words(store, labels, schema))
        self.hoods = Neighbourhoods(store, schema)
        self.retriever = Retriever(
            store,
            labels,
            self.linker,
            self.hoods,
            embedder,
            index,
            RetrievalConfig(
                max_hops=settings.max_hops, max_facts=settings.max_facts, min_path_score=settings.abstain_below
            ),
        )
        self._reader: Reader | None = None
        self._reader_loaded = False

    @classmethod
    def open(cls, path: str | Path, settings: Settings | None = None, **overrides: Any) -> KnowledgeBase:
        """Open a pack directory (or one RDF file), building its fact index on first use.

        Keyword arguments override fields of ``Settings`` (``reader="none"``, ``backend="oxigraph"``...).
        """
        settings = settings or Settings()
        for key, value in overrides.items():
            if not hasattr(settings, key):
                raise TypeError(f"unknown setting {key!r}")
            setattr(settings, key, value)
        pack = Pack.open(path)
        store = open_store(pack, settings.backend, cache_dir=settings.cache_dir)
        labels = Labels.from_store(store, pack.info.language)
        schema = schema_nodes(store)
        embedder = SentenceTransformerEmbedder(settings.embedder)
        index = cls._open_index(pack, store, labels, schema, embedder, settings)
        return cls(pack, store, settings, embedder, index, labels, schema)

    @staticmethod
    def index_dir(pack: Pack, settings: Settings) -> Path:
        tag = hashlib.sha1(str(pack.root).encode()).hexdigest()[:10]
        return settings.cache_dir / "indexes" / f"{pack.info.name}-{tag}"

    @classmethod
    def _open_index(
        cls, pack: Pack, store: GraphStore, labels: Labels, schema: set[Node], embedder: Embedder, settings: Settings
    ) -> FactIndex:
        directory = cls.index_dir(pack, settings)
        fingerprint = pack.fingerprint()
        try:
            return FactIndex.load(directory, embedder.name, embedder.dimension, fingerprint)
        except IndexMismatchError:
            if settings.rebuild == "never":
                raise
        triples = list(iter_facts(store, schema))
        keys = [triple_key(t) for t in triples]
        sentences = [labels.verbalize(t) for t in triples]
        index = FactIndex.build(keys, sentences, embedder, fingerprint, progress=settings.show_progress)
        index.save(directory)
        return index

    @property
    def reader(self) -> Reader | None:
        """The language model, loaded on first use (the graph alone answers ``facts``)."""
        if not self._reader_loaded:
            self._reader = load_reader(
                self.settings.reader,
                self.settings.model_cache_dir or self.settings.cache_dir,
                self.settings.max_new_tokens,
            )
            self._reader_loaded = True
        return self._reader

    def check_question(self, question: str) -> str:
        q = " ".join(question.split())
        if not q:
            raise QuestionError("the question is empty")
        if len(q) > self.settings.max_question_chars:
            raise QuestionError(
                f"the question is {len(q):,} characters long; the limit is {self.settings.max_question_chars:,}"
            )
        return q

    def retrieve(self, question: str) -> Retrieval:
        """Link, walk and rank for a question, without the reader."""
        return self.retriever.retrieve(self.check_question(question))

    def facts(self, question: str) -> list[Fact]:
        """The facts retrieval finds for a question, best first, with scores and provenance."""
        r = self.retrieve(question)
        return [make_fact(t, self.labels, self.store, s) for t, s in r.facts]

    def ask(self, question: str) -> Answer:
        """Answer a question from the graph, with the facts and paths that support the answer."""
        start = time.perf_counter()
        q = self.check_question(question)
        r = self.retriever.retrieve(q)
        facts = [make_fact(t, self.labels, self.store, s) for t, s in r.facts]
        linked = tuple(
            Entity(str(n), self.labels.label(n), rank=i + 1, score=m.score)
            for i, m in enumerate(r.mentions)
            for n in m.nodes[:1]
        )
        raw = ""
        t_read = time.perf_counter()
        reader = self.reader if facts else None
        if reader is not None:
            raw = reader.read(q, [f.sentence for f in facts])
        said, reader_cites = parse_answer(raw)
        timings = dict(r.timings)
        timings["read"] = time.perf_counter() - t_read

        ranked = list(r.answers)
        confidence = r.confidence
        if ranked and r.best is not None and r.best.lexical == 0 and normalize(said) == normalize(ABSTAIN_TEXT):
            # No word of the question names the chosen relation and the reader finds no answer in
            # the facts: the graph's guess is not supported, so abstain.
            ranked = []
        if ranked:
            pick = _match(said, [n for n, _ in ranked], self.labels)
            if pick is not None:  # the reader may choose among the answers the graph proves, never add one
                ranked.sort(key=lambda ns: ns[0] != pick)
        elif said and normalize(said) != normalize(ABSTAIN_TEXT) and facts:
            # Nothing proven by a path: accept the reader only if it names a node of the given facts.
            nodes = [n for t, _ in r.facts for n in (t[2], t[0])]
            linked_nodes = {n for m in r.mentions for n in m.nodes}
            pick = _match(said, [n for n in dict.fromkeys(nodes) if n not in linked_nodes], self.labels)
            if pick is not None:
                ranked = [(pick, facts[0].score)]
                confidence = min(0.5, max(0.0, facts[0].score))
        if not ranked:
            timings["total"] = time.perf_counter() - start
            return Answer(
                question=q,
                text=ABSTAIN_TEXT,
                facts=tuple(facts),
                abstained=True,
                linked=linked,
                timings=timings,
                reader_output=raw,
                confidence=0.0,
            )

        entities = tuple(Entity(str(n), self.labels.label(n), rank=i + 1, score=s) for i, (n, s) in enumerate(ranked))
        top_nodes = {n for n, _ in ranked[:10]}
        cited = [i + 1 for i, (t, _) in enumerate(r.facts) if t[0] in top_nodes or t[2] in top_nodes]
        cited += [c for c in reader_cites if 0 < c <= len(facts) and c not in cited]
        timings["total"] = time.perf_counter() - start
        return Answer(
            question=q,
            text=_answer_text([e.label for e in entities]),
            entities=entities,
            facts=tuple(facts),
            cited=tuple(sorted(cited)),
            confidence=confidence,
            abstained=False,
            paths=tuple(self._paths(r, [n for n, _ in ranked[:3]])),
            linked=linked,
            timings=timings,
            reader_output=raw,
        )

    def _paths(self, r: Retrieval, nodes: list[Node]) -> list[ReasoningPath]:
        """Readable chains from the question's entity to each top answer."""
        out = []
        best = r.best
        for node in nodes:
            chain = r.evidence.get(node)
            if not chain or best is None:
                continue
            current: Node = best.result.start
            steps = [self.labels.label(current)]
            relations = []
            for s, p, o in chain:
                if current == s:
                    rel, current = self.labels.predicate_label(p), o
                elif current == o:
                    rel, current = self.labels.inverse_label(p), s
                else:  # a second entity's chain starts here
                    current = s
                    steps.append(";")
                    steps.append(self.labels.label(s))
                    rel, current = self.labels.predicate_label(p), o
                relations.append(rel)
                steps += [f"—{rel}→", self.labels.label(current)]
            facts = tuple(make_fact(t, self.labels, self.store) for t in chain)
            out.append(ReasoningPath(tuple(relations), tuple(steps), facts, best.score))
        return out


def _answer_text(labels: list[str], limit: int = 10) -> str:
    if len(labels) <= limit:
        return ", ".join(labels)
    return ", ".join(labels[:limit]) + f" and {len(labels) - limit} more"


def _match(said: str, nodes: list[Node], labels: Labels) -> Node | None:
    """The node whose label the reader's answer names (exact, then contained, then fuzzy)."""
    text = normalize(said)
    if not text or not nodes:
        return None
    names = [(n, normalize(name)) for n in nodes for name in (labels.all_names(n) or [labels.label(n)])]
    for n, name in names:
        if name == text:
            return n
    for n, name in names:
        if name and len(name) > 2 and (f" {name} " in f" {text} "):
            return n
    best = max(names, key=lambda nn: fuzz.ratio(nn[1], text))
    return best[0] if fuzz.ratio(best[1], text) >= 85 else None


def _schema_words(store: GraphStore, labels: Labels, schema: set[Node]) -> set[str]:
    """Words that name relations and classes: evidence of what is asked, not of which entity."""
    words: set[str] = set()
    texts: list[str] = []
    for node in schema:
        texts += [labels.label(node), labels.inverse.get(node, "")]
    predicates = {p for p in labels.templates} | set(labels.inverse)
    from rdflib import RDF

    classes = {o for _, _, o in store.triples((None, RDF.type, None))}
    for node in predicates | classes:
        texts.append(labels.label(node))
    for text in texts:
        for w in normalize(readable(text)).split():
            words.add(w)
            words.add(stem(w))
    return words


__all__ = ["KnowledgeBase", "Literal", "Triple"]
