"""The facade: ``KnowledgeBase.open(pack).ask(question) -> Answer``."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import numpy as np
from rapidfuzz import fuzz
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.term import Node

from .answer import ABSTAIN_TEXT, Answer, Entity, ReasoningPath
from .config import Settings
from .curation import (
    Change,
    ChangeLog,
    StaleStateError,
    apply_change,
    expand,
    parse_literal,
    plan_sync,
    revert_change,
)
from .embeddings import Embedder, SentenceTransformerEmbedder
from .errors import IndexMismatchError, KgqaError, QuestionError, UnknownEntityError, ValidationError
from .facts import Fact, Labels, is_fact, iter_facts, make_fact, readable, schema_nodes, triple_key
from .graph import GraphStore, Triple, open_store
from .index import FactIndex
from .knowledge import Pack
from .linking import EntityLinker, normalize, stem
from .paths import Neighbourhoods
from .reader import Reader, load_reader, parse_answer
from .retrieval import Retrieval, RetrievalConfig, Retriever, ScoredPath
from .validation import check_edit
from .vocab import CUE_WORD, NON_FACT_PREDICATES

if TYPE_CHECKING:
    from .learning import Cue, Learned

#: Below this lead of the best relation chain over the next, an unsure graph lets the reader choose.
UNSURE_MARGIN = 0.25
#: How close (cosine) a new question must be to a corrected one to reuse the correction.
CORRECTION_SIMILARITY = 0.92


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
        self.linker = EntityLinker.build(labels, _schema_words(store, labels, schema), skip=schema)
        self.hoods = Neighbourhoods(store, schema)
        nodes = getattr(store, "nodes", None)
        if callable(nodes):  # a store in memory: lay out every node's edges for walking now (~1 s per 100k facts)
            self.hoods.preload(nodes())
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
        if callable(nodes):  # and embed the label text of every relation chain (when there are few)
            self.retriever.prepare_chains(self.hoods.predicates())
        self._reader: Reader | None = None
        self._reader_loaded = False
        self._prefix_cache: dict[str, str] | None = None
        self._correction_vectors: dict[str, np.ndarray] = {}
        self._corrections: list[Change] | None = None  # read from the log once, refreshed on sync
        self.log = ChangeLog(pack.root)

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
        log = ChangeLog(pack.root)
        try:
            revert, todo = plan_sync(store.applied, log)
        except StaleStateError:  # the change log was rewritten by hand (say, a checkout): reload
            del store  # release the on-disk store before it is rebuilt
            store = open_store(pack, settings.backend, cache_dir=settings.cache_dir, fresh=True)
            revert, todo = plan_sync(store.applied, log)
        for change in revert:
            revert_change(store, change)
        for change in todo:
            apply_change(store, change)
        if revert or todo:
            store.applied = [c.key for c in log.effective()]
            store.save_applied()
        labels = Labels.from_store(store, pack.info.language)
        schema = schema_nodes(store)
        models = settings.model_cache_dir or settings.cache_dir
        embedder = SentenceTransformerEmbedder(
            settings.embedder, cache_dir=models, query_precision=settings.query_precision
        )
        index = cls._open_index(pack, store, labels, schema, embedder, settings, log)
        kb = cls(pack, store, settings, embedder, index, labels, schema)
        kb.log = log
        return kb

    @staticmethod
    def index_dir(pack: Pack, settings: Settings) -> Path:
        """Content-addressed: copies of a pack share the index of their common files."""
        return settings.cache_dir / "indexes" / f"{pack.info.name}-{pack.fingerprint()[:16]}"

    @classmethod
    def _open_index(
        cls,
        pack: Pack,
        store: GraphStore,
        labels: Labels,
        schema: set[Node],
        embedder: Embedder,
        settings: Settings,
        log: ChangeLog,
    ) -> FactIndex:
        """Load the index built for the pack's files, catching up on curation changes incrementally;
        build it when there is none or it was built for other files or another embedder."""
        directory = cls.index_dir(pack, settings)
        fingerprint = pack.fingerprint()
        try:
            index = FactIndex.load(directory, embedder.name, embedder.dimension, fingerprint)
            revert, todo = plan_sync(list(index.manifest.get("changes", [])), log)
        except (IndexMismatchError, StaleStateError):
            if settings.rebuild == "never":
                raise
        else:
            if revert or todo:
                added, removed = _index_delta(revert, todo, schema)
                n = index.update(
                    [(triple_key(t), labels.verbalize(t)) for t in added], [triple_key(t) for t in removed], embedder
                )
                index.manifest["changes"] = [c.key for c in log.effective()]
                if n > 256:  # worth keeping; a few facts are cheaper to re-embed than the index to rewrite
                    index.save(directory)
            return index
        triples = list(iter_facts(store, schema))
        keys = [triple_key(t) for t in triples]
        sentences = [labels.verbalize(t) for t in triples]
        index = FactIndex.build(keys, sentences, embedder, fingerprint, progress=settings.show_progress)
        index.manifest["changes"] = [c.key for c in log.effective()]
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
        corrected = self._correction(q)
        if corrected is not None:
            return self._corrected_answer(q, corrected, start)
        r = self.retriever.retrieve(q)
        facts = [make_fact(t, self.labels, self.store, s) for t, s in r.facts]
        linked = tuple(
            Entity(str(n), self.labels.label(n), rank=i + 1, score=m.score)
            for i, m in enumerate(r.mentions)
            for n in m.nodes[:1]
        )
        raw = ""
        t_read = time.perf_counter()
        ranked = list(r.answers)
        confidence = r.confidence
        best = r.best
        # The graph is sure when a word of the question names the best chain. Measured on MetaQA dev,
        # letting the reader overrule such a chain costs accuracy (it tends to name the intermediate
        # entity it sees in the facts), so it may only choose among the next readings when no word of
        # the question names the best one and the runner-up scores close to it.
        sure = bool(ranked) and best is not None and best.lexical > 0
        reader = self.reader if facts and (self.settings.read == "always" or not sure) else None
        others: list[ScoredPath] = []
        if reader is not None and ranked and best is not None and best.lexical == 0 and r.margin < UNSURE_MARGIN:
            others = r.alternatives(1)
            given = {x for x, _ in r.facts}
            for other in others:
                for t in [t for n in other.answers[:2] for t in other.result.ends[n]]:
                    if t not in given:
                        given.add(t)
                        facts.append(make_fact(t, self.labels, self.store))
        if reader is not None:
            raw = reader.read(q, [f.sentence for f in facts])
        said, reader_cites = parse_answer(raw)
        timings = dict(r.timings)
        timings["read"] = time.perf_counter() - t_read
        if said and others and _match(said, [n for n, _ in ranked], self.labels) is None:
            for other in others:
                pick = _match(said, other.answers, self.labels)
                if pick is not None:
                    ranked = [(n, other.score) for n in other.answers][: self.retriever.config.max_answers]
                    r.evidence.update({n: other.result.ends[n] for n in other.answers})
                    r.paths.remove(other)
                    r.paths.insert(0, other)
                    break
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
        top_nodes = {str(n) for n, _ in ranked[:10]}
        on_chains = {tuple(map(str, t)) for n, _ in ranked[:10] for t in r.evidence.get(n, ())}
        cited = [
            i + 1
            for i, f in enumerate(facts)
            if (f.subject, f.predicate, f.object) in on_chains or f.subject in top_nodes or f.object in top_nodes
        ]
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

    # --- curation -----------------------------------------------------------------------------

    def history(self) -> list[Change]:
        """Every recorded change of the pack, oldest first."""
        return self.log.changes()

    def resolve(self, term: str, role: str = "entity", create: bool = False) -> tuple[Node, list[Triple]]:
        """A term as typed by a curator -> a node, plus the triples that minting it needs.

        ``term`` is an IRI (``<…>`` or absolute), a prefixed name of the pack, a literal (objects
        only: ``"text"@en``, ``"1979"^^xsd:gYear``, ``42``), or the label of an existing entity or
        predicate. An unknown label is an error listing close matches, unless ``create`` mints an
        entity named by it.
        """
        text = term.strip()
        if not text:
            raise UnknownEntityError(term)
        prefixes = self._prefixes()
        iri = expand(text, prefixes)
        if iri is not None:
            return iri, []
        if role == "object":
            lit = parse_literal(text, prefixes)
            if lit is not None:
                return lit, []
        nodes = self.linker.by_label.get(normalize(text), [])
        if role == "predicate":
            nodes = [n for n in nodes if n in self.schema or self.labels.templates.get(n)] or nodes
        if len(nodes) == 1:
            return nodes[0], []
        if len(nodes) > 1:
            raise UnknownEntityError(text, [f"{self.labels.label(n)} <{n}>" for n in nodes[:5]])
        if create:
            node = URIRef(self.pack.base + quote(text.replace(" ", "_"), safe="-._~"))
            extra: list[Triple] = [(node, RDFS.label, Literal(text))]
            if role == "predicate":
                extra.append((node, RDF.type, RDF.Property))
            return node, extra
        raise UnknownEntityError(text, self.linker.suggest(text))

    def _prefixes(self) -> dict[str, str]:
        if self._prefix_cache is None:
            self._prefix_cache = self.pack.prefixes()
        return self._prefix_cache

    def _triple(self, subject: str, predicate: str, obj: str, create: bool) -> tuple[Triple, list[Triple]]:
        s, extra_s = self.resolve(subject, "entity", create)
        p, extra_p = self.resolve(predicate, "predicate", create)
        try:
            o, extra_o = self.resolve(obj, "object", create)
        except UnknownEntityError:
            if not self._takes_literals(p):
                raise
            o, extra_o = Literal(obj.strip()), []  # a data property: a bare word is a plain literal
        return (s, p, o), extra_s + extra_p + extra_o

    def _takes_literals(self, predicate: Node) -> bool:
        sample = [o for _, _, o in islice(self.store.triples((None, predicate, None)), 5)]
        return bool(sample) and all(isinstance(o, Literal) for o in sample)

    def add(
        self,
        subject: str,
        predicate: str,
        obj: str,
        curator: str,
        *,
        source: str = "",
        note: str = "",
        create: bool = False,
        force: bool = False,
        expected_head: str | None | object = ...,
    ) -> Change:
        """Assert a fact, recorded with curator, time, source and note."""
        triple, extra = self._triple(subject, predicate, obj, create)
        return self._commit(
            "add", curator, [*extra, triple], [], source=source, note=note, force=force, expected_head=expected_head
        )

    def retract(
        self,
        subject: str,
        predicate: str,
        obj: str,
        curator: str,
        *,
        source: str = "",
        note: str = "",
        force: bool = False,
        expected_head: str | None | object = ...,
    ) -> Change:
        """Retract a fact from every graph that asserts it."""
        triple, _ = self._triple(subject, predicate, obj, False)
        if not any(True for _ in self.store.triples(triple)):
            raise KgqaError(f"the pack does not state {self.labels.verbalize(triple)!r}: nothing to retract")
        return self._commit(
            "retract", curator, [], [triple], source=source, note=note, force=force, expected_head=expected_head
        )

    def edit(
        self,
        subject: str,
        predicate: str,
        obj: str,
        curator: str,
        *,
        old: str | None = None,
        source: str = "",
        note: str = "",
        create: bool = False,
        force: bool = False,
        expected_head: str | None | object = ...,
    ) -> Change:
        """Replace the object of ``subject predicate`` (all values, or only ``old``) with ``obj``."""
        (s, p, o), extra = self._triple(subject, predicate, obj, create)
        if old is not None:
            (_, _, old_o), _ = self._triple(subject, predicate, old, False)
            removed = [(s, p, old_o)] if any(True for _ in self.store.triples((s, p, old_o))) else []
        else:
            removed = [t for t in self.store.triples((s, p, None)) if t[2] != o]
        if not removed:
            raise KgqaError(f"{self.labels.label(s)} has no {self.labels.predicate_label(p)} value to replace")
        return self._commit(
            "edit",
            curator,
            [*extra, (s, p, o)],
            removed,
            source=source,
            note=note,
            force=force,
            expected_head=expected_head,
        )

    def use_cues(self, cues: Iterable[Cue]) -> None:
        """Overlay cue words on relations in memory only (nothing is recorded): how an evaluation
        uses what it learned from a training split without changing the pack."""
        for cue in cues:
            if cue.word not in self.labels.cues[cue.predicate]:
                self.labels.cues[cue.predicate].append(cue.word)
        self.retriever._hop_word_cache.clear()

    def learn(
        self,
        examples: Iterable[tuple[str, Sequence[str]]],
        curator: str | None = None,
        *,
        source: str = "",
        min_support: int = 5,
        min_precision: float = 0.8,
        progress: bool = False,
    ) -> Learned:
        """Learn how questions name relations from (question, right answers) pairs (see ``learning``).

        With a ``curator`` the new cue words are recorded as one curation change (``kgqa:cueWord``
        triples with provenance, reviewable and undoable); without one they are only returned.
        """
        from .learning import learn_cues

        learned = learn_cues(self, examples, min_support=min_support, min_precision=min_precision, progress=progress)
        new = [c for c in learned.cues if c.word not in self.labels.cues.get(c.predicate, [])]
        if curator is not None and new:
            triples = [(c.predicate, CUE_WORD, Literal(c.word)) for c in new]
            note = f"cue words learned from {learned.usable} of {learned.examples} question/answer pairs: " + ", ".join(
                f"{c.word!r} for {self.labels.predicate_label(c.predicate)!r} ({c.support}, {c.precision:.0%})"
                for c in new
            )
            change = self._commit("learn", curator, triples, [], source=source, note=note)  # type: ignore[arg-type]
            learned.change = change.id
        return learned

    def correct(
        self,
        question: str,
        facts: list[tuple[str, str, str]],
        curator: str,
        *,
        retract: list[tuple[str, str, str]] | None = None,
        source: str = "",
        note: str = "",  # type: ignore[assignment]
        create: bool = False,
        force: bool = False,
    ) -> Change:
        """Correct a wrong answer: state the right fact(s) (and retract wrong ones) for a question.

        The facts enter the graph with provenance like any edit, and the question is remembered with
        them, so the next time it (or a close paraphrase) is asked, these facts answer it.
        """
        q = self.check_question(question)
        added: list[Triple] = []
        for fact in facts:
            triple, extra = self._triple(*fact, create=create)
            added += [*extra, triple]
        removed = [self._triple(*fact, create=False)[0] for fact in retract or []]
        if not added:
            raise KgqaError("a correction needs at least one fact")
        return self._commit("correct", curator, added, removed, source=source, note=note, question=q, force=force)

    def import_rows(
        self,
        rows: list[dict[str, str]],
        curator: str,
        *,
        create: bool = False,
        force: bool = False,
        note: str = "",
        source: str = "",
    ) -> Change:
        """Import table rows (subject, predicate, object, optional source) as one change."""
        added: list[Triple] = []
        sources = set()
        for i, row in enumerate(rows, 1):
            try:
                triple, extra = self._triple(row["subject"], row["predicate"], row["object"], create)
            except KeyError as e:
                raise KgqaError(f"row {i}: missing column {e.args[0]!r} (need subject, predicate, object)") from e
            except KgqaError as e:
                raise KgqaError(f"row {i}: {e}") from e
            added += [t for t in [*extra, triple] if t not in added]
            if row.get("source"):
                sources.add(row["source"])
        if not added:
            raise KgqaError("no rows to import")
        return self._commit(
            "import", curator, added, [], source="; ".join(sorted(sources)) or source, note=note, force=force
        )

    def undo(self, curator: str, change_id: str | None = None, note: str = "") -> Change:
        """Revert the last change in force (or the named one) by recording an undo."""
        effective = self.log.effective()
        if not effective:
            raise KgqaError("nothing to undo")
        target = effective[-1] if change_id is None else next((c for c in effective if c.id == change_id), None)
        if target is None:
            raise KgqaError(f"change {change_id} is not in force (unknown, or already undone)")
        change = self.log.record("undo", curator, note=note or f"undo {target.id}", undoes=target.id)
        self._sync()
        return change

    def diff(self, start: str | None = None, end: str | None = None) -> tuple[list[Triple], list[Triple]]:
        """Triples added and removed by the changes in force after ``start`` up to ``end`` (ids)."""
        changes = [c for c in self.log.effective() if (start is None or c.id > start) and (end is None or c.id <= end)]
        added, removed = _index_delta([], changes, set())
        return added, removed

    def _commit(
        self,
        action: str,
        curator: str,
        added: list[Triple],
        removed: list[Triple],
        *,
        source: str = "",
        note: str = "",
        question: str = "",
        force: bool = False,
        expected_head: str | None | object = ...,
    ) -> Change:
        if not force:
            problems = check_edit(self, added, removed)
            if problems:
                raise ValidationError(
                    "the change breaks the pack's shapes (use force to record it anyway): " + "; ".join(problems)
                )
        with_sources = [(t, g) for t in removed for g in (self.store.sources(t) or ["urn:kgqa:unknown"])]
        change = self.log.record(
            action,
            curator,
            added,
            with_sources,
            source=source,
            note=note,
            question=question,
            expected_head=expected_head,
        )
        self._sync()
        return change

    def _sync(self) -> None:
        """Bring store, index, labels and caches up to the change log (cheap: only the delta)."""
        revert, todo = plan_sync(self.store.applied, self.log)
        if not (revert or todo):
            return
        for change in revert:
            revert_change(self.store, change)
        for change in todo:
            apply_change(self.store, change)
        self.store.applied = [c.key for c in self.log.effective()]
        self.store.save_applied()
        touched = [t for c in revert + todo for t in (*c.added, *c.removed_triples)]
        if any(t[1] in NON_FACT_PREDICATES or t[1] == RDF.type for t in touched):
            self.labels = Labels.from_store(self.store, self.pack.info.language)
            self.schema = schema_nodes(self.store)
            self.linker = EntityLinker.build(
                self.labels, _schema_words(self.store, self.labels, self.schema), skip=self.schema
            )
            self.retriever.labels, self.retriever.linker = self.labels, self.linker
            self.retriever._class_words = None
            self.retriever._hop_word_cache.clear()
            self.retriever._hop_phrase_cache.clear()
            self.hoods.schema = self.schema
        added, removed = _index_delta(revert, todo, self.schema)
        self.index.update(
            [(triple_key(t), self.labels.verbalize(t)) for t in added], [triple_key(t) for t in removed], self.embedder
        )
        self.index.manifest["changes"] = list(self.store.applied)
        self.hoods.clear()
        self._correction_vectors = {}
        self._corrections = None

    def _correction(self, question: str, q_vec: np.ndarray | None = None) -> Change | None:
        """A curator's correction recorded for this question or a close paraphrase of it."""
        if self._corrections is None:
            self._corrections = [c for c in self.log.effective() if c.action == "correct" and c.question]
        corrections = self._corrections
        if not corrections:
            return None
        key = normalize(question)
        for c in reversed(corrections):
            if normalize(c.question) == key:
                return c
        missing = [c for c in corrections if c.id not in self._correction_vectors]
        if missing:
            for c, v in zip(missing, self.embedder.embed([c.question for c in missing]), strict=True):
                self._correction_vectors[c.id] = v
        (q,) = self.embedder.embed([question]) if q_vec is None else (q_vec,)
        best = max(reversed(corrections), key=lambda c: float(self._correction_vectors[c.id] @ q))
        return best if float(self._correction_vectors[best.id] @ q) >= CORRECTION_SIMILARITY else None

    def _corrected_answer(self, q: str, change: Change, start: float) -> Answer:
        mentions = self.linker.link(q)
        named = {n for m in mentions for n in m.nodes}
        facts_triples = [t for t in change.added if is_fact(t, self.schema)]
        nodes = list(dict.fromkeys(t[2] if t[0] in named else t[0] for t in facts_triples))
        facts = tuple(make_fact(t, self.labels, self.store, 1.0) for t in facts_triples)
        entities = tuple(Entity(str(n), self.labels.label(n), rank=i + 1, score=1.0) for i, n in enumerate(nodes))
        note = f"corrected by {change.curator} at {change.time} (change {change.id})"
        return Answer(
            question=q,
            text=_answer_text([e.label for e in entities]),
            entities=entities,
            facts=facts,
            cited=tuple(range(1, len(facts) + 1)),
            confidence=1.0,
            abstained=False,
            linked=tuple(Entity(str(n), self.labels.label(n)) for n in list(named)[:3]),
            timings={"total": time.perf_counter() - start},
            reader_output=note,
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


def _index_delta(revert: list[Change], todo: list[Change], schema: set[Node]) -> tuple[list[Triple], list[Triple]]:
    """Fact triples to embed and to drop so that an index follows reverted and new changes."""
    added: dict[Triple, None] = {}
    removed: dict[Triple, None] = {}
    steps = [(c.removed_triples, c.added) for c in revert] + [(c.added, c.removed_triples) for c in todo]
    for plus, minus in steps:
        for t in minus:
            added.pop(t, None)
            removed[t] = None
        for t in plus:
            removed.pop(t, None)
            added[t] = None
    return [t for t in added if is_fact(t, schema)], list(removed)


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


__all__ = ["KnowledgeBase"]
