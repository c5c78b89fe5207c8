"""The change log: experts add, retract, edit and correct knowledge, with provenance, history and undo.

Every change is one small TriG file under ``<pack>/curation/``, written once and never rewritten::

    curation/0003.trig
        <urn:kgqa:change:0003> a prov:Activity ; kgqa:action "add" ;
            prov:wasAssociatedWith <urn:kgqa:curator:alice> ; prov:startedAtTime "…"^^xsd:dateTime ;
            kgqa:source "…" ; rdfs:comment "…" ; kgqa:added <urn:kgqa:change:0003/added> .
        <urn:kgqa:change:0003/added> { <s> <p> <o> . }
        <urn:kgqa:change:0003/removed/urn%3Akgqa%3Afile%3Afilms.ttl> { … }   # retracted, with their graph

The pack's own files are never rewritten: the graph in use is the pack plus its changes, replayed in
order, skipping changes that a later ``undo`` reverted. Files diff well under version control, a
change is either wholly there or not at all (written to a temporary file, then linked into place
under a lock, never over an existing one), and two curators writing at once are serialised; a writer
that states which change it saw last (``expected_head``) gets a ``ConflictError`` if another came first.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef

from ..errors import ConflictError, KgqaError, PackError, PackSyntaxError, StaleStateError
from ..vocab import KGQA
from .pack import CURATION_DIR
from .terms import Triple

PROV = Namespace("http://www.w3.org/ns/prov#")
CHANGE_PREFIX = "urn:kgqa:change:"
CURATOR_PREFIX = "urn:kgqa:curator:"
ACTIONS = ("add", "retract", "edit", "correct", "import", "undo", "learn", "train")
_ID = re.compile(r"^(\d{4,})\.trig$")


@dataclass(frozen=True)
class Change:
    """One recorded change: who, when, why, and which triples it added and removed."""

    id: str
    action: str
    curator: str
    time: str
    source: str = ""
    note: str = ""
    question: str = ""
    undoes: str = ""
    added: tuple[Triple, ...] = ()
    removed: tuple[tuple[Triple, str], ...] = ()  # (triple, the named graph it was removed from)

    @property
    def key(self) -> str:
        """Identity of the change across copies of a pack (ids alone repeat between packs)."""
        return f"{self.id}@{self.time}"

    @property
    def when(self) -> str:
        """The time to the second, for people."""
        return re.sub(r"\.\d+(?=[+-]\d\d:\d\d$|Z$|$)", "", self.time)

    @property
    def iri(self) -> URIRef:
        return URIRef(CHANGE_PREFIX + self.id)

    @property
    def removed_triples(self) -> tuple[Triple, ...]:
        return tuple(dict.fromkeys(t for t, _ in self.removed))

    @property
    def graph(self) -> str:
        """The named graph that holds this change's added triples (their provenance)."""
        return CHANGE_PREFIX + self.id

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "action": self.action,
            "curator": self.curator,
            "time": self.time,
            "source": self.source,
            "note": self.note,
            "question": self.question,
            "undoes": self.undoes,
            "added": [[t.n3() for t in tr] for tr in self.added],
            "removed": [[t.n3() for t in tr] for tr, _ in self.removed],
        }


#: How long after the log's last change its stamp is not trusted to show a newer one.
FRESH_NS = 2_000_000_000


@dataclass
class ChangeLog:
    """The ``curation/`` directory of a pack."""

    root: Path
    _cache: dict[str, Change] = field(default_factory=dict)
    _thread_lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _depth: int = 0

    @property
    def dir(self) -> Path:
        return self.root / CURATION_DIR

    def ids(self) -> list[str]:
        if not self.dir.exists():
            return []
        try:
            names = os.listdir(self.dir)
        except OSError as e:  # not a directory, unreadable
            raise PackError(f"cannot read the change log {self.dir}: {e.strerror}") from e
        # ids order as numbers: "10000" comes after "9999"
        return sorted((m.group(1) for name in names if (m := _ID.match(name))), key=int)

    def changes(self) -> list[Change]:
        """Every recorded change, oldest first."""
        out = []
        for cid in self.ids():
            if cid not in self._cache:
                self._cache[cid] = read_change(self.dir / f"{cid}.trig")
            out.append(self._cache[cid])
        return out

    def head(self) -> str | None:
        ids = self.ids()
        return ids[-1] if ids else None

    def effective(self, changes: list[Change] | None = None) -> list[Change]:
        """Changes in force: all but undo records and the changes they reverted (of ``changes``, a
        listing already read, or of the log as it is now)."""
        changes = self.changes() if changes is None else changes
        undone = {c.undoes for c in changes if c.action == "undo"}
        return [c for c in changes if c.action != "undo" and c.id not in undone]

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the log's lock: other processes (``flock``) and threads wait. Re-entrant, so a writer
        can read, check and record one change under one hold. A temporary file left by a writer
        that was killed holding it is removed."""
        with self._thread_lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            try:
                if self.dir.exists() and not self.dir.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
                self.dir.mkdir(parents=True, exist_ok=True)
                lock = open(self.dir / ".lock", "a+")  # noqa: SIM115 - held across the yield below
            except OSError as e:  # read-only, not a directory, a full disk
                raise PackError(f"cannot write the change log {self.dir}: {e.strerror}") from e
            with lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                self._depth = 1
                try:
                    for stale in self.dir.glob(".*.tmp"):  # only a writer holding the lock makes these
                        stale.unlink(missing_ok=True)
                    yield
                finally:
                    self._depth = 0
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def moved(self, stamp: tuple[int, int]) -> bool:
        """Whether the log may hold changes it did not hold at ``stamp``. A directory's time moves in
        clock ticks, so a change recorded in the tick of that look leaves the stamp as it was: while
        the stamp is that fresh, the answer is yes, and the caller reads the log again."""
        now = self.stamp()
        return now != stamp or time.time_ns() - now[0] < FRESH_NS

    def stamp(self) -> tuple[int, int]:
        """Changes when a change file is added or removed: the directory's modification time and
        size (a cheap way for a long-lived reader to notice other writers)."""
        try:
            st = self.dir.stat()
        except FileNotFoundError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def record(
        self,
        action: str,
        curator: str,
        added: list[Triple] | tuple[Triple, ...] = (),
        removed: list[tuple[Triple, str]] | tuple[tuple[Triple, str], ...] = (),
        source: str = "",
        note: str = "",
        question: str = "",
        undoes: str = "",
        expected_head: str | None | object = ...,
    ) -> Change:
        """Write one change atomically and return it (under the lock).

        Raises:
            ConflictError: ``expected_head`` was given and another change was recorded since.
        """
        if action not in ACTIONS:
            raise KgqaError(f"unknown action {action!r}")
        if not curator.strip():
            raise KgqaError("a change needs a curator name")
        with self.locked():
            head = self.head()
            if expected_head is not ... and expected_head != head:
                raise ConflictError(
                    f"the pack changed since change {expected_head or '(none)'}: the latest is {head}; "
                    "reload and try again"
                )
            cid = f"{int(head or 0) + 1:04d}"
            change = Change(
                id=cid,
                action=action,
                curator=curator.strip(),
                time=_now(),
                source=source,
                note=note,
                question=question,
                undoes=undoes,
                added=tuple(added),
                removed=tuple(removed),
            )
            self._write(cid, serialize_change(change))
            self._cache[cid] = change
            return change

    def _write(self, cid: str, data: str) -> None:
        """Write a change file whole or not at all: a temporary file, synced, then linked into place
        (which fails, never overwrites, if the id is taken). Readable like the pack's own files."""
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{cid}.", suffix=".tmp", dir=self.dir)
        except OSError as e:
            raise PackError(f"cannot record the change in {self.dir}: {e.strerror}") from e
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
            os.link(tmp, self.dir / f"{cid}.trig")
        except FileExistsError:
            raise
        except OSError as e:  # a full disk: nothing is recorded
            raise PackError(f"cannot record the change in {self.dir}: {e.strerror}") from e
        finally:
            os.unlink(tmp)


def _umask() -> int:
    """The process's umask, read without changing it (setting it, even briefly, races other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def _now() -> str:
    """The time of a change as it reads back from its file: rdflib writes xsd:dateTime in its
    normalised form (``+00:00``, never ``Z``), and a change's key must be the same in every process.
    To the microsecond: copies of a pack share an index, and their changes of one id must not share
    a key because they were recorded in the same second."""
    return str(Literal(datetime.now(UTC).isoformat(), datatype=XSD.dateTime))


def serialize_change(change: Change) -> str:
    """The change as TriG: its provenance in the default graph, its triples in named graphs.

    The triples are written as N-Triples statements inside their graph blocks, every IRI in full:
    rdflib's Turtle and TriG writers abbreviate an IRI to a prefix they never declare when another
    IRI of the same statement cannot be abbreviated (``<https://e.org/b.>``), and a change must
    always read back as written.
    """
    ds = Dataset()
    ds.bind("prov", PROV)
    ds.bind("kgqa", KGQA)
    meta = ds.default_graph
    c = change.iri
    curator = URIRef(CURATOR_PREFIX + quote(change.curator, safe=""))
    meta.add((c, RDF.type, PROV.Activity))
    meta.add((c, KGQA.action, Literal(change.action)))
    meta.add((c, PROV.wasAssociatedWith, curator))
    meta.add((curator, RDF.type, PROV.Agent))
    meta.add((curator, RDFS.label, Literal(change.curator)))
    meta.add((c, PROV.startedAtTime, Literal(change.time, datatype=XSD.dateTime)))
    for pred, value in ((KGQA.source, change.source), (RDFS.comment, change.note), (KGQA.question, change.question)):
        if value:
            meta.add((c, pred, Literal(value)))
    if change.undoes:
        meta.add((c, KGQA.undoes, URIRef(CHANGE_PREFIX + change.undoes)))
    blocks: list[tuple[URIRef, list[Triple]]] = []
    if change.added:
        blocks.append((URIRef(f"{c}/added"), list(change.added)))
        meta.add((c, KGQA.added, blocks[-1][0]))
    for graph_name in sorted({g for _, g in change.removed}):
        blocks.append(
            (URIRef(f"{c}/removed/{quote(graph_name, safe='')}"), [t for t, g in change.removed if g == graph_name])
        )
        meta.add((c, KGQA.removed, blocks[-1][0]))
    parts = [ds.serialize(format="trig").rstrip() + "\n"]
    for name, triples in blocks:
        body = Graph()
        for t in triples:
            body.add(t)  # type: ignore[arg-type]
        lines = sorted(line for line in body.serialize(format="nt").split("\n") if line.strip())
        parts.append(f"\n{name.n3()} {{\n" + "".join(f"    {line}\n" for line in lines) + "}\n")
    return "".join(parts)


def read_change(path: Path) -> Change:
    ds = Dataset()
    try:
        ds.parse(path, format="trig")
    except Exception as e:  # a change file is written atomically; a broken one was edited by hand
        line = getattr(e, "lines", None)  # rdflib counts lines from 0
        raise PackSyntaxError(path, line + 1 if isinstance(line, int) else None, getattr(e, "_why", str(e))) from e
    cid = _ID.match(path.name).group(1)  # type: ignore[union-attr]
    c = URIRef(CHANGE_PREFIX + cid)
    meta = ds.default_graph

    def value(pred: URIRef) -> str:
        v = meta.value(c, pred)
        return "" if v is None else str(v)

    curator_node = meta.value(c, PROV.wasAssociatedWith)
    curator = str(meta.value(curator_node, RDFS.label) or "") if curator_node is not None else ""
    undoes = value(KGQA.undoes)
    added: list[Triple] = []
    removed: list[tuple[Triple, str]] = []
    for g in meta.objects(c, KGQA.added):
        added += list(ds.graph(g))  # type: ignore[arg-type]
    for g in meta.objects(c, KGQA.removed):
        src = unquote(str(g).split("/removed/", 1)[1])
        removed += [(t, src) for t in ds.graph(g)]  # type: ignore[misc]
    return Change(
        id=cid,
        action=value(KGQA.action),
        curator=curator,
        time=value(PROV.startedAtTime),
        source=value(KGQA.source),
        note=value(RDFS.comment),
        question=value(KGQA.question),
        undoes=undoes[len(CHANGE_PREFIX) :] if undoes else "",
        added=tuple(sorted(added)),
        removed=tuple(sorted(removed)),
    )


class TripleSink(Protocol):
    """Anything changes can be replayed on: a graph store, or a plain graph being validated."""

    def add(self, triple: Triple, graph: str) -> None: ...

    def remove(self, triple: Triple, graph: str | None = None) -> None: ...

    def sources(self, triple: Triple) -> list[str]: ...


def is_change_graph(graph: str) -> bool:
    """Whether a named graph holds a change's additions (not one of the pack's own files)."""
    return graph.startswith(CHANGE_PREFIX)


@dataclass
class Definition:
    """The one definition of the graph: the pack's files, then the changes in force in order, each
    removing its triples from every graph that holds them and asserting its own in its graph.

    So a triple is held, after the changes in force, by the files that state it when no change in
    force removes it, and by the graphs of the changes in force that add it after the last one that
    removes it. A store built from the files and a store that reverted and applied changes while it
    ran reach the same graphs for every triple (``settle``), and so does an undo.
    """

    in_force: list[Change]
    #: file graphs each triple was removed from by any recorded change: what the files stated, for
    #: a store that has replayed changes since it was built from them (one fresh from the files
    #: holds them as they are, and a file edited since must not be read from an old record)
    stated: dict[Triple, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, in_force: list[Change], history: Iterable[Change] = ()) -> Definition:
        stated: dict[Triple, set[str]] = {}
        for change in history:
            for t, g in change.removed:
                if not is_change_graph(g):
                    stated.setdefault(t, set()).add(g)
        return cls(list(in_force), stated)

    def __post_init__(self) -> None:
        self._last_removal: dict[Triple, int] = {}
        self._adds: dict[Triple, list[tuple[int, str]]] = {}
        for i, change in enumerate(self.in_force):
            for t in change.removed_triples:
                self._last_removal[t] = i
            for t in change.added:  # a change removes first, then adds
                self._adds.setdefault(t, []).append((i, change.graph))

    def holders(self, triple: Triple, files: Iterable[str]) -> set[str]:
        """The graphs that hold ``triple`` by the definition, given the file graphs a store holds it in."""
        last = self._last_removal.get(triple)
        out: set[str] = set()
        if last is None:  # no change in force removes it: the files that state it
            out = {g for g in files if not is_change_graph(g)} | self.stated.get(triple, set())
        out.update(g for i, g in self._adds.get(triple, ()) if last is None or i >= last)
        return out

    def settle(self, store: TripleSink, triples: Iterable[Triple]) -> None:
        """Make the store hold each of these triples in exactly the graphs the definition says."""
        for t in dict.fromkeys(triples):
            now = set(store.sources(t))
            want = self.holders(t, now)
            for g in sorted(now - want):
                store.remove(t, g)
            for g in sorted(want - now):
                store.add(t, g)

    def after(self, store: TripleSink, triples: Iterable[Triple]) -> tuple[list[Triple], list[Triple]]:
        """What settling these triples would add to the graph and remove from it (not changing the store)."""
        added, removed = [], []
        for t in dict.fromkeys(triples):
            now = store.sources(t)
            held = bool(self.holders(t, now))
            if held and not now:
                added.append(t)
            elif now and not held:
                removed.append(t)
        return added, removed


def touched(changes: Iterable[Change]) -> list[Triple]:
    """Every triple these changes add or remove."""
    return list(dict.fromkeys(t for c in changes for t in (*c.added, *c.removed_triples)))


def net_effect(changes: Iterable[Change]) -> tuple[list[Triple], list[Triple]]:
    """What applying these changes in order adds and removes, as a whole."""
    added: dict[Triple, None] = {}
    removed: dict[Triple, None] = {}
    for change in changes:
        for t in change.removed_triples:
            added.pop(t, None)
            removed[t] = None
        for t in change.added:
            removed.pop(t, None)
            added[t] = None
    return list(added), list(removed)


def plan_sync(
    applied: list[str], log: ChangeLog, changes: list[Change] | None = None
) -> tuple[list[Change], list[Change]]:
    """What to revert and what to apply to bring something that has the changes ``applied`` (keys)
    up to the log (as listed in ``changes``, when the caller has read it: one listing, so that a
    change another process records meanwhile is neither half-planned nor skipped). A key this log
    does not know cannot be reverted here: that raises."""
    changes = log.changes() if changes is None else changes
    by_key = {c.key: c for c in changes}
    effective = log.effective(changes)
    in_force = {c.key for c in effective}
    unknown = [k for k in applied if k not in by_key]
    if unknown:
        raise StaleStateError(f"built with changes this pack does not have: {', '.join(unknown[:3])}")
    done = set(applied)
    revert = [by_key[k] for k in reversed(applied) if k not in in_force]
    todo = [c for c in effective if c.key not in done]
    return revert, todo
