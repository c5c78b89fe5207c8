"""The facade: ``KnowledgeBase.open(pack).ask(question) -> Answer``.

It composes the stages and delegates: the pack and its change log (``knowledge``), the store, names
and fact index kept in step with the log (``representation``), the ``Curator`` (``curation``),
retrieval and the answer decision (``fusion``) and learning (``training``).
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .curation.corrections import Corrections
from .curation.curator import Curator
from .fusion.answer import Answer
from .fusion.answering import Answerer
from .fusion.linking import EntityLinker
from .fusion.paths import Neighbourhoods
from .fusion.readers.base import Reader
from .fusion.retrieval import Retrieval, Retriever
from .knowledge.changes import ChangeLog
from .knowledge.pack import Pack
from .representation.embedders.base import Embedder, load_embedder
from .representation.facts import Fact, make_facts
from .representation.graph import KnowledgeGraph
from .representation.index import FactIndex
from .representation.labels import Labels
from .representation.stores.base import GraphStore
from .representation.sync import open_pack, open_synced_index, open_synced_store, sync_store, update_index
from .settings import Settings
from .text import clean_question
from .training import trainer
from .training.cues import Cue, Learned, overlay_cues
from .training.matcher import TrainReport
from .training.reader import ReaderReport


class KnowledgeBase:
    """A knowledge pack opened for question answering: graph, fact index, retriever, reader, curator.

    Example:
        >>> kb = KnowledgeBase.open("knowledge/movies")
        >>> kb.ask("Who directed Alien?").text
        'Ridley Scott'
    """

    def __init__(
        self,
        pack: Pack,
        settings: Settings,
        graph: KnowledgeGraph,
        embedder: Embedder,
        index: FactIndex,
        log: ChangeLog,
    ) -> None:
        self.pack, self.settings, self.graph, self.log = pack, settings, graph, log
        self.embedder, self.index = embedder, index
        cfg = settings.retrieval
        self.hoods = Neighbourhoods(
            graph.store, graph.schema, cfg.hub_limit, cfg.neighbourhood_cache, cfg.start_edge_cap
        )
        nodes = getattr(graph.store, "nodes", None)
        if callable(nodes):  # a store in memory: lay out every node's edges for walking now (~1 s per 100k facts)
            self.hoods.preload(nodes())
        self.linker = self._linker()
        self.retriever = Retriever(graph, self.linker, self.hoods, embedder, index, cfg, settings.reading.max_facts)
        if callable(nodes):  # and embed the label text of every relation chain (when there are few)
            self.retriever.scorer.prepare_chains(self.hoods.predicates(), settings.cache_dir / "chains")
        self.answerer = Answerer(graph, self.hoods, settings.reading, cfg)
        self.corrections = Corrections(log, embedder, settings.reading.correction_similarity)
        # a weak callback: a dropped KnowledgeBase (and its models) must not live on in a reference cycle
        sync = weakref.WeakMethod(self.sync)
        self.curator = Curator(pack, graph, log, lambda: sync()(), settings.max_question_chars)  # type: ignore[misc]
        self._reader: Reader | None = None
        self._reader_loaded = False
        self._stamp = log.stamp()  # the change log as last synced
        self._matcher_name: str | None = None
        trainer.load_matcher(self)

    @classmethod
    def open(cls, path: str | Path | None = None, settings: Settings | None = None, **overrides: Any) -> KnowledgeBase:
        """Open a pack directory (or one RDF file), building its fact index on first use.

        Keyword arguments change settings by name (``reader="none"``, ``store="oxigraph"``...). With
        ``endpoint="http://..."`` the graph is queried in place on that SPARQL endpoint; ``path`` is
        then optional (a pack directory still gives the name, language and curation log).
        """
        settings = (settings or Settings()).replace(**overrides)
        pack = open_pack(path, settings)
        log = ChangeLog(pack.root)
        store = open_synced_store(pack, settings, log)
        graph = KnowledgeGraph.read(store, pack.info.language)
        embedder = load_embedder(settings.backends, cache_dir=settings.models_dir)
        return cls(pack, settings, graph, embedder, open_synced_index(pack, graph, embedder, settings, log), log)

    @property
    def store(self) -> GraphStore:
        return self.graph.store

    @property
    def labels(self) -> Labels:
        return self.graph.labels

    @property
    def reader(self) -> Reader | None:
        """The language model, loaded on first use (the graph alone answers ``facts``)."""
        if not self._reader_loaded:  # a reader the pack records as tuned, if any
            self.use_reader(trainer.tuned_reader(self) or self.settings.backends.reader)
        return self._reader

    def use_reader(self, name: str) -> None:
        """Read with this reader (a short name or a model folder, such as a tuned reader's), in memory."""
        self._reader, self._reader_loaded = trainer.load_named_reader(self, name), True

    def tune_reader(self, examples: Iterable[tuple[str, Sequence[str]]] = (), curator: str | None = None,
                    **options: Any) -> ReaderReport:  # fmt: skip
        """Tune the reader with a LoRA adapter on answered questions (see ``training.trainer``)."""
        return trainer.tune_reader(self, examples, curator, **options)

    def check_question(self, question: str) -> str:
        """The question with its whitespace collapsed; ``QuestionError`` when empty or too long."""
        return clean_question(question, self.settings.max_question_chars)

    def retrieve(self, question: str) -> Retrieval:
        """Link, walk and rank for a question, without the reader."""
        self.refresh()
        return self.retriever.retrieve(self.check_question(question))

    def facts(self, question: str) -> list[Fact]:
        """The facts retrieval finds for a question, best first, with scores and provenance."""
        return make_facts(self.retrieve(question).facts, self.labels, self.store)

    def ask(self, question: str, read: str | None = None) -> Answer:
        """Answer a question from the graph, with the facts and paths that support the answer;
        ``read`` ("auto" or "always") overrides when the reader is asked."""
        start = time.perf_counter()
        q = self.check_question(question)
        self.refresh()
        corrected = self.corrections.find(q)
        if corrected is not None:
            answer = self.answerer.corrected(q, corrected, self.retriever.link(q))
        else:
            answer = self.answerer.ask(self.retriever, q, lambda: self.reader, read)
        answer.timings["total"] = time.perf_counter() - start
        return answer

    def refresh(self) -> None:
        """Catch up with changes other processes recorded (a ``stat`` when there are none)."""
        if self.log.moved(self._stamp):
            self.sync()

    def sync(self) -> None:
        """Bring store, index, names and caches up to the change log (cheap: only the delta)."""
        self._stamp = self.log.stamp()
        delta = sync_store(self.store, self.log)
        if not delta:
            return
        if KnowledgeGraph.renames(delta.touched()):
            self.graph.reread()
            self.linker = self._linker()
            self.retriever.refresh(self.linker)
            self.answerer.refresh()
            trainer.load_matcher(self)
            if self._reader is not None and self._reader.name != (
                trainer.tuned_reader(self) or self.settings.backends.reader
            ):
                self._reader_loaded = False  # a tuned reader was recorded or undone
        update_index(self.index, delta, self.graph, self.embedder)
        self.hoods.clear(self.graph.schema)
        self.corrections.forget()

    def use_matcher(self, path: Path | None) -> None:
        """Score chains with the trained matcher in ``path`` too (None: without one), in memory only."""
        trainer.use_matcher(self, path)

    def train(self, examples: Iterable[tuple[str, Sequence[str]]] = (), curator: str | None = None,
              **options: Any) -> TrainReport:  # fmt: skip
        """Fine-tune the chain matcher on answered questions and use it (see ``training.trainer``)."""
        return trainer.train(self, examples, curator, **options)

    def _linker(self) -> EntityLinker:
        g = self.graph
        return EntityLinker.build(g.names, g.schema_words(), skip=g.schema, settings=self.settings.linking)

    def use_cues(self, cues: Iterable[Cue]) -> None:
        """Overlay cue words on relations in memory only (an evaluation's, learned from its split)."""
        overlay_cues(self.labels, cues)
        self.retriever.refresh(self.linker)

    def learn(self, examples: Iterable[tuple[str, Sequence[str]]], curator: str | None = None,
              **options: Any) -> Learned:  # fmt: skip
        """Learn cue words from (question, right answers) pairs (see ``training.trainer.learn``)."""
        return trainer.learn(self, examples, curator, **options)


__all__ = ["KnowledgeBase"]
