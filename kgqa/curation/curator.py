"""The Curator: experts add, retract, edit, correct, import and undo knowledge, each change recorded
in the change log with its provenance, checked against the pack's shapes, and in force at once."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from urllib.parse import quote

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.term import Node

from ..errors import KgqaError, UnknownEntityError, ValidationError, shown
from ..knowledge.changes import Change, ChangeLog, Definition, net_effect, touched
from ..knowledge.pack import Pack
from ..knowledge.terms import Triple, expand, parse_literal
from ..representation.graph import KnowledgeGraph
from ..text import clean_question
from .validation import check_edit

#: The argument ``expected_head`` takes when the caller does not care which change came last.
ANY_HEAD: object = ...

#: What a change adds and what it removes.
Edit = tuple[list[Triple], list[Triple]]


class Curator:
    """Changes to one pack's graph. ``on_change`` brings the caller's store, index and caches up to the
    log after each recorded change."""

    def __init__(
        self,
        pack: Pack,
        graph: KnowledgeGraph,
        log: ChangeLog,
        on_change: Callable[[], object],
        max_question_chars: int = 2000,
    ) -> None:
        self.pack = pack
        self.max_question_chars = max_question_chars
        self.graph = graph
        self.log = log
        self.on_change = on_change
        self._prefixes: dict[str, str] | None = None

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
        prefixes = self.prefixes()
        iri = expand(text, prefixes)
        if iri is not None:
            return iri, []
        if role == "object":
            lit = parse_literal(text, prefixes)
            if lit is not None:
                return lit, []
        g = self.graph
        nodes = g.names.lookup(text)
        if role == "predicate":
            nodes = [n for n in nodes if n in g.schema or g.labels.templates.get(n)] or nodes
        if len(nodes) == 1:
            return nodes[0], []
        if len(nodes) > 1:
            raise UnknownEntityError(text, [f"{g.labels.label(n)} <{n}>" for n in nodes[:5]])
        if create:
            node = URIRef(self.pack.base + quote(text.replace(" ", "_"), safe="-._~"))
            extra: list[Triple] = [(node, RDFS.label, Literal(text))]
            if role == "predicate":
                extra.append((node, RDF.type, RDF.Property))
            return node, extra
        raise UnknownEntityError(text, g.names.suggest(text))

    def prefixes(self) -> dict[str, str]:
        if self._prefixes is None:
            self._prefixes = self.pack.prefixes()
        return self._prefixes

    def triple(self, subject: str, predicate: str, obj: str, create: bool = False) -> tuple[Triple, list[Triple]]:
        """Three terms as typed -> a triple, plus the triples that minting new entities needs."""
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
        sample = [o for _, _, o in islice(self.graph.store.triples((None, predicate, None)), 5)]
        return bool(sample) and all(isinstance(o, Literal) for o in sample)

    def _states(self, triple: Triple) -> bool:
        return any(True for _ in self.graph.store.triples(triple))

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
        expected_head: str | None | object = ANY_HEAD,
    ) -> Change:
        """Assert a fact, recorded with curator, time, source and note."""

        def build() -> Edit:
            triple, extra = self.triple(subject, predicate, obj, create)
            return [*extra, triple], []

        return self.commit("add", curator, build, source=source, note=note, force=force, expected_head=expected_head)

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
        expected_head: str | None | object = ANY_HEAD,
    ) -> Change:
        """Retract a fact from every graph that asserts it."""

        def build() -> Edit:
            triple, _ = self.triple(subject, predicate, obj, False)
            if not self._states(triple):
                raise KgqaError(f"the pack does not state {self.graph.labels.verbalize(triple)!r}: nothing to retract")
            return [], [triple]

        return self.commit(
            "retract", curator, build, source=source, note=note, force=force, expected_head=expected_head
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
        expected_head: str | None | object = ANY_HEAD,
    ) -> Change:
        """Replace the object of ``subject predicate`` (all values, or only ``old``) with ``obj``: the
        values the pack states when the change is recorded (another curator's edit comes first)."""

        def build() -> Edit:
            (s, p, o), extra = self.triple(subject, predicate, obj, create)
            if old is not None:
                (_, _, old_o), _ = self.triple(subject, predicate, old, False)
                removed = [(s, p, old_o)] if self._states((s, p, old_o)) else []
            else:
                removed = [t for t in self.graph.store.triples((s, p, None)) if t[2] != o]
            if not removed:
                labels = self.graph.labels
                raise KgqaError(f"{labels.label(s)} has no {labels.predicate_label(p)} value to replace")
            return [*extra, (s, p, o)], removed

        return self.commit("edit", curator, build, source=source, note=note, force=force, expected_head=expected_head)

    def correct(
        self,
        question: str,
        facts: list[tuple[str, str, str]],
        curator: str,
        *,
        retract: list[tuple[str, str, str]] | None = None,
        source: str = "",
        note: str = "",
        create: bool = False,
        force: bool = False,
    ) -> Change:
        """Correct a wrong answer: state the right fact(s) (and retract wrong ones) for a question.

        The facts enter the graph with provenance like any edit, and the question is remembered with
        them, so the next time it (or a close paraphrase) is asked, these facts answer it.
        """
        question = clean_question(question, self.max_question_chars)

        def build() -> Edit:
            added: list[Triple] = []
            for fact in facts:
                triple, extra = self.triple(*fact, create=create)
                added += [*extra, triple]
            removed = [self.triple(*fact, create=False)[0] for fact in retract or []]
            if not added:
                raise KgqaError("a correction needs at least one fact")
            return added, removed

        return self.commit("correct", curator, build, source=source, note=note, question=question, force=force)

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
        sources = sorted({row["source"] for row in rows if row.get("source")})

        def build() -> Edit:
            added: list[Triple] = []
            for i, row in enumerate(rows, 1):
                try:
                    triple, extra = self.triple(row["subject"], row["predicate"], row["object"], create)
                except KeyError as e:
                    raise KgqaError(
                        f"row {i}: missing column {shown(e.args[0])} (need subject, predicate, object)"
                    ) from e
                except KgqaError as e:
                    raise KgqaError(f"row {i}: {e}") from e
                added += [t for t in [*extra, triple] if t not in added]
            if not added:
                raise KgqaError("no rows to import")
            return added, []

        return self.commit("import", curator, build, source="; ".join(sources) or source, note=note, force=force)

    def _check_writable(self) -> None:
        """Before anything is recorded: a change the store cannot take (a read-only endpoint) is never
        logged."""
        check = getattr(self.graph.store, "writable_or_raise", None)
        if check is not None:
            check()

    def undo(self, curator: str, change_id: str | None = None, note: str = "", force: bool = False) -> Change:
        """Revert the last change in force (or the named one) by recording an undo: a change like any
        other, checked against the shapes (unless ``force``).

        Raises:
            ValidationError: the graph without the change would break the pack's shapes.
        """
        self._check_writable()
        with self.log.locked():
            self.on_change()
            effective = self.log.effective()
            if not effective:
                raise KgqaError("nothing to undo")
            target = effective[-1] if change_id is None else next((c for c in effective if c.id == change_id), None)
            if target is None:
                raise KgqaError(f"change {change_id} is not in force (unknown, or already undone)")
            if not force:
                store = self.graph.store
                rest = Definition.of([c for c in effective if c is not target], self.log.changes())
                back, gone = rest.after(store, touched([target]))
                problems = check_edit(self.pack, store, back, gone)
                if problems:
                    raise ValidationError(
                        f"undoing change {target.id} breaks the pack's shapes (use force to undo it anyway): "
                        + "; ".join(problems)
                    )
            change = self.log.record("undo", curator, note=note or f"undo {target.id}", undoes=target.id)
        self.on_change()
        return change

    def diff(self, start: str | None = None, end: str | None = None) -> tuple[list[Triple], list[Triple]]:
        """Triples added and removed by the changes in force after ``start`` up to ``end`` (ids)."""
        low, high = _change_number(start), _change_number(end)
        changes = [
            c for c in self.log.effective() if (low is None or int(c.id) > low) and (high is None or int(c.id) <= high)
        ]
        return net_effect(changes)

    def commit(
        self,
        action: str,
        curator: str,
        edit: Callable[[], Edit] | Edit,
        *,
        source: str = "",
        note: str = "",
        question: str = "",
        force: bool = False,
        expected_head: str | None | object = ANY_HEAD,
    ) -> Change:
        """Record a change: under the change log's lock, catch up with what other curators recorded,
        build the change against that graph (``edit``: the triples it adds and removes, or a function
        that works them out), check it against the shapes (unless ``force``), write it; then bring the
        graph up to it. Nothing is written when any step fails.

        Raises:
            ValidationError: the change breaks the pack's shapes.
            ConflictError: ``expected_head`` was given and another change was recorded since.
            PackSyntaxError: a change file or a shapes file of the pack is malformed.
            ReadOnlyError: the store is a SPARQL endpoint kgqa may not update.
        """
        self._check_writable()
        with self.log.locked():
            self.on_change()  # another writer's change may remove what this one edits, or break a shape
            added, removed = edit() if callable(edit) else edit
            if not force:
                problems = check_edit(self.pack, self.graph.store, added, removed)
                if problems:
                    raise ValidationError(
                        "the change breaks the pack's shapes (use force to record it anyway): " + "; ".join(problems)
                    )
            store = self.graph.store
            # a change records only what it changes: a removal what the graph holds (with the graphs
            # that hold it, to which an undo gives it back), an addition what it does not hold yet
            same = set(added) & set(removed)  # an edit to the value it has: neither removed nor added
            with_sources = [(t, g) for t in removed if t not in same for g in store.sources(t)]
            # (a correction restates what answers its question, held or not: the question is tied to it)
            added = [t for t in added if t not in same and (action == "correct" or not store.sources(t))]
            if not added and not with_sources:
                raise KgqaError("nothing to change: the graph already holds that, or does not hold what is removed")
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
        self.on_change()
        return change


__all__ = ["ANY_HEAD", "Curator"]


def _change_number(change_id: str | None) -> int | None:
    """A change id as the number it orders by ("0012" -> 12); a clear error for anything else."""
    if change_id is None:
        return None
    if not change_id.strip().isdigit():
        raise KgqaError("a change id is a number, as `kgqa history` lists them")
    return int(change_id)
