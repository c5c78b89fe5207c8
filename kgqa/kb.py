"""The facade: ``KnowledgeBase.open(pack).ask(question) -> Answer``.

It composes the stages and delegates: the pack and its change log (``knowledge``), the store, names
and fact index kept in step with the log (``representation``), the ``Curator`` (``curation``),
retrieval and the answer decision (``fusion``) and learning (``training``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import time
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .curation.corrections import Corrections
from .curation.curator import Curator
from .errors import ModelError
from .fusion.answer import Answer
from .fusion.answering import Answerer
from .fusion.linking import EntityLinker
from .fusion.paths import Neighbourhoods
from .fusion.readers.base import NO_READER, Reader, load_reader
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
from .training.cues import Cue, Learned, cue_change, learn_cues, overlay_cues
from .training.examples import ChainExample, chain_examples, corrected_pairs, synthesise
from .training.matcher import (
    TrainReport,
    matcher_triples,
    model_triples,
    recorded_matcher,
    recorded_model,
    train_matcher,
)
from .training.reader import ReaderReport, reader_examples, train_reader
from .vocab import TUNED_READER

log = logging.getLogger(__name__)

#: Training settings that only say how a trained matcher is used: they do not name a new model.
INFERENCE_ONLY = frozenset({"trained_weight", "match_margin", "use_trained"})


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
        self.answerer = Answerer(graph, self.hoods, settings.reading, cfg.max_answers, cfg.strong_mention)
        self.corrections = Corrections(log, embedder, settings.reading.correction_similarity)
        # a weak callback: a dropped KnowledgeBase (and its models) must not live on in a reference cycle
        sync = weakref.WeakMethod(self.sync)
        self.curator = Curator(pack, graph, log, lambda: sync()(), settings.max_question_chars)  # type: ignore[misc]
        self._reader: Reader | None = None
        self._reader_loaded = False
        self._stamp = log.stamp()  # the change log as last synced
        self._matcher_name: str | None = None
        self._load_matcher()

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
        if not self._reader_loaded:
            b = self.settings.backends
            name = self._tuned_reader() or b.reader
            self._reader = load_reader(name, self.settings.models_dir, self.settings.reading.max_new_tokens,
                                       b.reader_backend)  # fmt: skip
            self._reader_loaded = True
        return self._reader

    def use_reader(self, name: str) -> None:
        """Read with this reader (a packaged short name or a model folder, such as a tuned reader's), in
        memory only: how an evaluation compares a tuned reader with the untuned one."""
        b = self.settings.backends
        self._reader = load_reader(name, self.settings.models_dir, self.settings.reading.max_new_tokens,
                                   b.reader_backend)  # fmt: skip
        self._reader_loaded = True

    def _tuned_reader(self) -> str | None:
        """The folder of the reader the pack records as tuned from the reader in settings, if it is here."""
        b = self.settings.backends
        found = recorded_model(self.store, TUNED_READER) if self.settings.training.use_trained else None
        if found is None or b.reader.lower() in NO_READER or found[1] != Path(b.reader).name:
            return None
        path = self.settings.cache_dir / "readers" / found[0]
        if not (path / "config.json").exists():
            log.warning("the pack records tuned reader %s, but it is not in %s: reading with %s", found[0],
                        path.parent, b.reader)  # fmt: skip
            return None
        return str(path)

    def tune_reader(
        self,
        examples: Iterable[tuple[str, Sequence[str]]] = (),
        curator: str | None = None,
        *,
        source: str = "",
        synthesised: bool = True,
        target: Path | None = None,
        fresh: bool = False,
    ) -> ReaderReport:
        """Hybrid fine-tuning of the reader (see ``training.reader``): a LoRA adapter trained to answer
        from the facts kgqa retrieves, on (question, right answers) pairs and questions synthesised
        from the graph, merged into a copy of the reader in ``cache_dir/readers`` (or ``target``).
        With a ``curator`` it is recorded as one curation change and read with from then on (undo it
        to go back); without one it is only made (``KnowledgeBase.open(..., reader=str(path))`` reads
        with it)."""
        from .fusion.readers.transformers import resolve_reader

        cfg = self.settings.training
        b = self.settings.backends
        if b.reader.lower() in NO_READER:
            raise ModelError("no reader to tune: the settings say reader='none'")
        self.refresh()
        pairs = list(examples)
        if synthesised:
            pairs += synthesise(self.retriever, cfg.synthesised_per_hop, cfg.seed)
        made = reader_examples(self, pairs, self.settings.progress)
        base = resolve_reader(b.reader, self.settings.models_dir)
        tuned = {k: v for k, v in dataclasses.asdict(cfg).items() if k.startswith(("lora_", "reader_")) or k == "seed"}
        key = hashlib.sha256(json.dumps([b.reader, self.pack.fingerprint(), tuned, made]).encode()).hexdigest()[:16]
        scratch, target = target is not None, target or self.settings.cache_dir / "readers" / f"{self._slug()}-{key}"
        recalled = None if fresh else ReaderReport.recall(target)
        report = recalled or train_reader(made, base, target, cfg, self.settings.progress)
        if curator is not None and not scratch:
            triples = model_triples(TUNED_READER, target.name, Path(b.reader).name, report.examples)
            note = (
                f"reader {b.reader} tuned with a LoRA adapter (rank {cfg.lora_rank}) on {report.examples} questions "
                f"with their facts ({report.abstaining} of them answered 'not in the knowledge graph')"
            )
            report.change = self.curator.commit("train", curator, (triples, []), source=source, note=note).id
            self._reader_loaded = False
        return report

    def _slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9.-]+", "-", self.pack.info.name).strip("-.")[:60] or "pack"

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
            shape, r = self.retriever.read_question(q)
            answer = self.answerer.answer(r, lambda: self.reader, read, shape)
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
            self.answerer.composer.refresh()
            self._load_matcher()
            if (
                self._reader_loaded
                and self._reader is not None
                and self._reader.name != (self._tuned_reader() or self.settings.backends.reader)
            ):
                self._reader_loaded = False  # a tuned reader was recorded or undone
        update_index(self.index, delta, self.labels, self.graph.schema, self.embedder)
        self.hoods.clear(self.graph.schema)
        self.corrections.forget()

    @property
    def matchers_dir(self) -> Path:
        """Where trained chain matchers live (named by pack, settings and examples)."""
        return self.settings.cache_dir / "matchers"

    def _load_matcher(self) -> None:
        """Compare questions with chains by the chain matcher the pack records, when its model is here."""
        cfg = self.settings.training
        name = recorded_matcher(self.store) if cfg.use_trained else None
        if name == self._matcher_name:
            return
        self._matcher_name = name
        path = self.matchers_dir / name if name is not None else None
        if path is not None and not path.is_dir():
            log.warning(
                "the pack records chain matcher %s, but its model is not in %s (another machine trained it?): "
                "chains are compared by the embedder; kgqa train makes it here",
                name,
                path.parent,
            )
            path = None
        self.use_matcher(path)

    def use_matcher(self, path: Path | None) -> None:
        """Compare questions with relation chains by the trained model in ``path`` (None: by the
        embedder), in memory only: how an evaluation uses a matcher it trained in scratch space."""
        matcher = None
        if path is not None:
            backends = dataclasses.replace(self.settings.backends, embedder=str(path))
            matcher = load_embedder(backends, cache_dir=self.settings.models_dir)
        cfg = self.settings.training
        self.retriever.use_matcher(matcher, cfg.trained_weight, cfg.match_margin)
        if matcher is not None and callable(getattr(self.store, "nodes", None)):
            self.retriever.scorer.prepare_chains(self.hoods.predicates(), self.settings.cache_dir / "chains")

    def training_examples(
        self, examples: Iterable[tuple[str, Sequence[str]]] = (), *, corrections: bool = True, synthesised: bool = True
    ) -> tuple[list[ChainExample], int, int]:
        """Training examples of the chain matcher from (question, right answers) pairs, the corrections
        in force and questions synthesised from the graph (``TrainingSettings.synthesised_per_hop`` per
        hop count); with how many pairs and synthesised questions there were. The teacher is the
        feature scorer on the embedder, whatever matcher is in use."""
        cfg, progress, chars = self.settings.training, self.settings.progress, self.settings.max_question_chars
        self.refresh()
        previous = self.retriever.matcher
        self.retriever.use_matcher(None)
        try:
            pairs = list(examples)
            made, _ = chain_examples(self.retriever, pairs, "answered", progress, chars)
            fixed = corrected_pairs(self.log, self.retriever) if corrections else []
            made += chain_examples(self.retriever, fixed, "corrected", progress, chars)[0]
            synth = synthesise(self.retriever, cfg.synthesised_per_hop, cfg.seed) if synthesised else []
            made += chain_examples(self.retriever, synth, "synthesised", progress, chars)[0]
        finally:
            self.retriever.use_matcher(previous, cfg.trained_weight, cfg.match_margin)
        return made, len(pairs) + len(fixed), len(synth)

    def train(
        self,
        examples: Iterable[tuple[str, Sequence[str]]] = (),
        curator: str | None = None,
        *,
        source: str = "",
        corrections: bool = True,
        synthesised: bool | None = None,
        target: Path | None = None,
        fresh: bool = False,
    ) -> TrainReport:
        """Fine-tune the chain matcher (see ``training``) on (question, right answers) pairs, the
        curators' corrections and questions synthesised from the graph (by default only when no pairs
        are given), and use it from now on.

        With a ``curator`` the matcher is recorded as one curation change (its name and how it was
        made, with provenance; undo it to go back); without one it is used in memory only. The model
        is kept in ``matchers_dir`` (or ``target``), named by the pack, the settings and the examples;
        one made before from the same is used again unless ``fresh``.
        """
        cfg = self.settings.training
        examples = list(examples)
        if synthesised is None:  # synthesised questions lowered MetaQA 2/3-hop when added to answered ones
            synthesised = not examples
        made, pairs, synth = self.training_examples(examples, corrections=corrections, synthesised=synthesised)
        made_of = {k: v for k, v in dataclasses.asdict(cfg).items() if k not in INFERENCE_ONLY}
        examples_key = [(e.question, e.chains[0]) for e in made]
        what = [self.settings.backends.embedder, self.pack.fingerprint(), made_of, examples_key]
        key = hashlib.sha256(json.dumps(what).encode()).hexdigest()[:16]
        scratch, target = target is not None, target or self.matchers_dir / f"{self._slug()}-{key}"
        report = None if fresh else TrainReport.recall(target)  # the same examples and settings: made already
        if report is None:
            report = train_matcher(made, self.settings.backends.embedder, target, cfg, self.settings.progress)
        report.pairs, report.synthesised = pairs, synth
        if curator is not None and not scratch:
            accuracy = f"{report.after:.3f}" if report.after is not None else "n/a"
            origins = ", ".join(f"{n} {o}" for o, n in report.origins.items())
            note = (
                f"chain matcher trained on {report.examples} examples ({origins}), alpha {report.alpha}, "
                f"T {report.temperature}, base {Path(report.base).name}; held-out top-1 {accuracy}"
            )
            change = self.curator.commit("train", curator, (matcher_triples(report), []), source=source, note=note)
            report.change = change.id
        else:
            self.use_matcher(report.path)
        return report

    def _linker(self) -> EntityLinker:
        g = self.graph
        return EntityLinker.build(g.names, g.schema_words(), skip=g.schema, settings=self.settings.linking)

    def use_cues(self, cues: Iterable[Cue]) -> None:
        """Overlay cue words on relations in memory only (nothing is recorded): how an evaluation
        uses what it learned from a training split without changing the pack."""
        overlay_cues(self.labels, cues)
        self.retriever.refresh(self.linker)

    def learn(
        self,
        examples: Iterable[tuple[str, Sequence[str]]],
        curator: str | None = None,
        *,
        source: str = "",
        min_support: int = 5,
        min_precision: float = 0.8,
    ) -> Learned:
        """Learn how questions name relations from (question, right answers) pairs (see ``training``).

        With a ``curator`` the new cue words are recorded as one curation change (``kgqa:cueWord``
        triples with provenance, reviewable and undoable); without one they are only returned.
        """
        learned = learn_cues(self.retriever, examples, min_support=min_support, min_precision=min_precision,
                             progress=self.settings.progress, max_chars=self.settings.max_question_chars)  # fmt: skip
        triples, note = cue_change(learned, self.labels)
        if curator is not None and triples:
            learned.change = self.curator.commit("learn", curator, (triples, []), source=source, note=note).id
        return learned


__all__ = ["KnowledgeBase"]
