"""A model-based test of curation: two writers, each in its own process, add, retract, edit, correct,
import, record training and undo on one pack, and after every step the running knowledge base, the
other process, a store built afresh from the files and a plain reference model hold the same graph.

The model is the definition in its simplest form: the pack's triples, then each change in force in
order, removing what it removed and adding what it added; an undo takes a change out of that list.
It also says which writes must be refused (a removal of what the graph does not hold, an edit with
nothing to replace, a write or an undo that breaks the pack's ``sh:maxCount 1``, a change that
changes nothing) and what each recorded change must hold (only what it changed).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from rdflib import XSD, Literal, URIRef

from kgqa import KnowledgeBase, Settings
from kgqa.curation.validation import validate_pack
from kgqa.knowledge.changes import ChangeLog, read_change
from kgqa.knowledge.terms import Triple
from kgqa.representation.facts import is_fact, triple_key
from kgqa.representation.stores import open_store
from kgqa.representation.sync import sync_store
from kgqa.settings import default_cache_dir
from kgqa.vocab import CUE_WORD

from .writer import call, quads, serve

EX = "https://example.org/m/"
A, B, C = (URIRef(EX + n) for n in "abc")
KNOWS, YEAR = URIRef(EX + "knows"), URIRef(EX + "year")
YEARS = [Literal(str(y), datatype=XSD.gYear) for y in (1990, 1991, 1992)]
CUES = [(KNOWS, CUE_WORD, Literal(w)) for w in ("friend", "pal")]
NODES = [A, B, C]

DATA = f"""@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:knows rdfs:label "knows" .
ex:year rdfs:label "year" .
ex:a a ex:Thing ; rdfs:label "Ada" ; ex:knows ex:b ; ex:year "1990"^^xsd:gYear .
ex:b a ex:Thing ; rdfs:label "Bo" ; ex:year "1991"^^xsd:gYear .
ex:c a ex:Thing ; rdfs:label "Cy" .
"""
# a second file stating one of the same facts: a triple held by two graphs
MORE = f"""@prefix ex: <{EX}> .
ex:a ex:knows ex:b .
ex:c ex:knows ex:a .
"""
SHAPES = f"""@prefix ex: <{EX}> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:year ; sh:maxCount 1 ] .
"""
TOML = f"""[pack]
name = "model"
language = "en"
base = "{EX}"
"""

facts = st.one_of(
    st.tuples(st.sampled_from(NODES), st.just(KNOWS), st.sampled_from(NODES)),
    st.tuples(st.sampled_from(NODES), st.just(YEAR), st.sampled_from(YEARS)),
)
writers = st.sampled_from(["kb", "proc"])
forces = st.sampled_from([False, False, False, True])


def write_pack(root: Path) -> Path:
    (root / "shapes").mkdir(parents=True)
    (root / "pack.toml").write_text(TOML)
    (root / "data.ttl").write_text(DATA)
    (root / "more.ttl").write_text(MORE)
    (root / "shapes" / "things.ttl").write_text(SHAPES)
    return root


def typed(t: Triple) -> tuple[str, str, str]:
    """A triple as a curator types it."""
    return t[0].n3(), t[1].n3(), t[2].n3()


@dataclass
class Model:
    """The graph as the files and the changes in force define it, in the plainest terms."""

    base: frozenset[Triple]
    in_force: list[tuple[str, frozenset[Triple], frozenset[Triple]]] = field(default_factory=list)

    def graph(self, without: str | None = None) -> set[Triple]:
        g = set(self.base)
        for cid, added, removed in self.in_force:
            if cid != without:
                g = (g - removed) | added
        return g

    @staticmethod
    def years(g: set[Triple], s: URIRef) -> int:
        return sum(1 for t in g if t[0] == s and t[1] == YEAR)

    def breaks(self, before: set[Triple], after: set[Triple]) -> bool:
        """Whether going from ``before`` to ``after`` gives a node a second year it did not have."""
        focus = {t[0] for t in before ^ after}
        return any(self.years(before, s) <= 1 < self.years(after, s) for s in focus)

    def valid(self) -> bool:
        g = self.graph()
        return all(self.years(g, s) <= 1 for s in NODES)


#: steps taken by every run in this process (the CI run must take at least 5,000)
STEPS = [0]


class Curation(RuleBasedStateMachine):
    """Two writers on one pack, against the model."""

    conn: ClassVar[Any] = None  # the other process's pipe, set by the test
    cache: ClassVar[Path] = Path()
    validate_every: ClassVar[int] = 10

    def __init__(self) -> None:
        super().__init__()
        self.root = write_pack(Path(tempfile.mkdtemp(prefix="kgqa-model-")) / "model")
        self.kb = KnowledgeBase.open(
            self.root,
            Settings(cache_dir=self.cache, progress="never", model_cache_dir=default_cache_dir()).replace(
                reader="none"
            ),
        )
        self.model = Model(frozenset(self._store_triples()))
        self.ids: list[str] = []  # every change recorded, undo records included
        self.parsed: dict[tuple[str, bytes], Any] = {}  # the fresh store's parses, by file content
        self.steps = 0
        assert self.ask_proc("open", str(self.root), str(self.cache)) == ("ok", None)

    def _store_triples(self) -> set[Triple]:
        return set(self.kb.store.triples((None, None, None)))

    def ask_proc(self, *message: Any) -> Any:
        self.conn.send(message)
        return self.conn.recv()

    def do(self, writer: str, name: str, *args: Any, **kwargs: Any) -> tuple[str, Any]:
        if writer == "proc":
            return self.ask_proc(name, args, kwargs)  # type: ignore[no-any-return]
        return call(self.kb, name, args, kwargs)  # type: ignore[arg-type]

    # -- the writes ----------------------------------------------------------------------------

    def write(
        self, writer: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], expect: str,
        added: set[Triple], removed: set[Triple],
    ) -> None:  # fmt: skip
        """Carry out a write and check its outcome and its record against what the model expects."""
        outcome, value = self.do(writer, name, *args, **kwargs)
        got = "ok" if outcome == "ok" else value[0]
        assert got == expect, f"{name}{args} {kwargs}: expected {expect}, got {outcome} {value}"
        if outcome != "ok":
            return
        change = read_change(self.root / "curation" / f"{value}.trig")
        assert set(change.added) == added, f"{name}: recorded additions {change.added} != {added}"
        assert set(change.removed_triples) == removed, f"{name}: recorded removals {change.removed} != {removed}"
        self.ids.append(value)
        self.model.in_force.append((value, frozenset(added), frozenset(removed)))

    def plan(
        self, action: str, want_added: set[Triple], want_removed: set[Triple], force: bool
    ) -> tuple[str, set[Triple], set[Triple]]:
        """What the curator must do with a change that asks to add and remove these triples: refuse it
        (and why), or record exactly what it changes."""
        g = self.model.graph()
        after = (g - want_removed) | want_added
        if not force and self.model.breaks(g, after):
            return "ValidationError", set(), set()
        same = want_added & want_removed
        removed = (want_removed & g) - same
        added = want_added - same if action == "correct" else want_added - same - g
        if not added and not removed:
            return "KgqaError", set(), set()
        return "ok", added, removed

    @rule(writer=writers, t=facts, force=forces)
    def add(self, writer: str, t: Triple, force: bool) -> None:
        expect, added, removed = self.plan("add", {t}, set(), force)
        self.write(writer, "add", typed(t), {"curator": "ann", "force": force}, expect, added, removed)

    @rule(writer=writers, t=facts)
    def retract(self, writer: str, t: Triple) -> None:
        if t not in self.model.graph():
            expect, added, removed = "KgqaError", set(), set()
        else:
            expect, added, removed = self.plan("retract", set(), {t}, False)
        self.write(writer, "retract", typed(t), {"curator": "bea"}, expect, added, removed)

    @rule(writer=writers, t=facts, force=forces)
    def edit(self, writer: str, t: Triple, force: bool) -> None:
        s, p, o = t
        old = {x for x in self.model.graph() if x[0] == s and x[1] == p and x[2] != o}
        if not old:
            expect, added, removed = "KgqaError", set(), set()
        else:
            expect, added, removed = self.plan("edit", {t}, old, force)
        self.write(writer, "edit", typed(t), {"curator": "cat", "force": force}, expect, added, removed)

    @rule(writer=writers, t=facts, wrong=st.none() | facts, force=forces)
    def correct(self, writer: str, t: Triple, wrong: Triple | None, force: bool) -> None:
        retract = [typed(wrong)] if wrong is not None else None
        expect, added, removed = self.plan("correct", {t}, {wrong} if wrong else set(), force)
        kwargs = {"curator": "dan", "retract": retract, "force": force}
        self.write(writer, "correct", (f"What about {t[0].n3()}?", [typed(t)]), kwargs, expect, added, removed)

    @rule(writer=writers, rows=st.lists(facts, min_size=1, max_size=3), force=forces)
    def import_rows(self, writer: str, rows: list[Triple], force: bool) -> None:
        table = [dict(zip(("subject", "predicate", "object"), typed(t), strict=True)) for t in rows]
        expect, added, removed = self.plan("import", set(rows), set(), force)
        self.write(writer, "import_rows", (table,), {"curator": "eve", "force": force}, expect, added, removed)

    @rule(writer=writers, cues=st.lists(st.sampled_from(CUES), min_size=1, max_size=2, unique=True))
    def train(self, writer: str, cues: list[Triple]) -> None:
        expect, added, removed = self.plan("train", set(cues), set(), False)
        self.write(writer, "commit", ("train", "fay", cues, []), {}, expect, added, removed)

    @rule(writer=writers, pick=st.integers(0, 60) | st.none(), force=forces)
    def undo(self, writer: str, pick: int | None, force: bool) -> None:
        in_force = [cid for cid, _, _ in self.model.in_force]
        if pick is None:
            target = in_force[-1] if in_force else None
            kwargs: dict[str, Any] = {"curator": "gus", "force": force}
        else:  # any change recorded so far (an undo record, or one undone already: refused)
            target = self.ids[pick % len(self.ids)] if self.ids else f"{pick + 1:04d}"
            kwargs = {"curator": "gus", "change_id": target, "force": force}
        if target is None or target not in in_force:
            expect = "KgqaError"
        else:
            g, after = self.model.graph(), self.model.graph(without=target)
            expect = "ValidationError" if not force and self.model.breaks(g, after) else "ok"
        outcome, value = self.do(writer, "undo", **kwargs)
        got = "ok" if outcome == "ok" else value[0]
        assert got == expect, f"undo {kwargs}: expected {expect}, got {outcome} {value}"
        if outcome == "ok":
            self.ids.append(value)
            self.model.in_force = [op for op in self.model.in_force if op[0] != target]

    # -- after every step ----------------------------------------------------------------------

    def fresh_quads(self) -> dict[str, list[str]]:
        """The graph a process that opens the pack now builds: a store from the files, caught up with
        the log (change files parsed once per content, as each is written once)."""
        store = open_store(self.kb.pack, "memory", cache_dir=self.cache)
        log = ChangeLog(self.root)
        for cid in log.ids():
            path = log.dir / f"{cid}.trig"
            key = (cid, path.read_bytes())
            if key not in self.parsed:
                self.parsed[key] = read_change(path)
            log._cache[cid] = self.parsed[key]
        sync_store(store, log)
        return quads(store)

    @invariant()
    def every_process_holds_the_model_graph(self) -> None:
        STEPS[0] += 1
        self.steps += 1
        want = {" ".join(x.n3() for x in t) for t in self.model.graph()}
        self.kb.refresh()
        running = quads(self.kb.store)
        outcome, other = self.ask_proc("quads", (), {})
        assert outcome == "ok", other
        fresh = self.fresh_quads()
        assert set(running) == want, f"running: +{set(running) - want} -{want - set(running)}"
        assert fresh == running, "a fresh process holds other graphs than the running one"
        assert other == running, "the other process holds other graphs than the running one"
        schema = self.kb.graph.schema
        keys = {triple_key(t) for t in self.model.graph() if is_fact(t, schema)}
        assert set(self.kb.index.rows) == keys, "the fact index does not follow the graph"
        if self.steps % self.validate_every == 0:
            report = validate_pack(self.root)
            assert report.ok == self.model.valid(), report.text()

    def teardown(self) -> None:
        report = validate_pack(self.root)
        assert report.ok == self.model.valid(), report.text()
        shutil.rmtree(self.root.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def other_process() -> Iterator[Any]:
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    proc = ctx.Process(target=serve, args=(there,), daemon=True)
    proc.start()
    yield here
    here.send(None)
    proc.join(30)


def _run(conn: Any, cache: Path, examples: int, steps: int) -> int:
    Curation.conn, Curation.cache = conn, cache
    before = STEPS[0]
    run_state_machine_as_test(
        Curation,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=False,
        ),
    )
    return STEPS[0] - before


def test_two_writers_agree_with_the_model(other_process: Any, tmp_path: Path) -> None:
    taken = _run(other_process, tmp_path / "cache", examples=int(os.environ.get("KGQA_MODEL_EXAMPLES", 120)), steps=50)
    print(f"model-based curation: {taken} steps")
    assert taken >= 5000 or "KGQA_MODEL_EXAMPLES" in os.environ


@pytest.mark.slow
def test_two_writers_agree_with_the_model_long(other_process: Any, tmp_path: Path) -> None:
    taken = _run(other_process, tmp_path / "cache", examples=2200, steps=50)
    print(f"model-based curation: {taken} steps")
    assert taken >= 100_000


def _replay(conn: Any, cache: Path, steps: list[tuple[str, dict[str, Any]]]) -> None:
    """Run the machine through given steps, checking after each as the search does."""
    Curation.conn, Curation.cache = conn, cache
    machine = Curation()
    try:
        machine.every_process_holds_the_model_graph()
        for name, kwargs in steps:
            getattr(machine, name)(**kwargs)
            machine.every_process_holds_the_model_graph()
        machine.teardown()
    finally:
        shutil.rmtree(machine.root.parent, ignore_errors=True)


# Failures the search found, kept: each failed on the code it was found on.
PINNED = {
    # the index dropped a fact a correction restated when the correction was undone, though the
    # change that added it was still in force (found on the main before the one definition)
    "undo of a correction that restated a held fact": [
        ("add", {"writer": "kb", "t": (A, KNOWS, A), "force": False}),
        ("correct", {"writer": "kb", "t": (A, KNOWS, A), "wrong": None, "force": False}),
        ("undo", {"writer": "kb", "pick": None, "force": False}),
    ],
    # a fact in a file, removed, added again by a change, removed by a third: undoing the first
    # brought the file's copy back in a fresh process (which removed only the third's copy) but
    # not in the running one (reasoned out when the definition was written; kept as a check)
    "undo of a removal shadowed by a later one": [
        ("retract", {"writer": "kb", "t": (A, YEAR, YEARS[0])}),
        ("add", {"writer": "proc", "t": (A, YEAR, YEARS[0]), "force": False}),
        ("retract", {"writer": "proc", "t": (A, YEAR, YEARS[0])}),
        ("undo", {"writer": "kb", "pick": 0, "force": False}),
        ("undo", {"writer": "proc", "pick": 2, "force": False}),
    ],
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_examples(name: str, other_process: Any, tmp_path: Path) -> None:
    _replay(other_process, tmp_path / "cache", PINNED[name])
