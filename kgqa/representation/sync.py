"""Keeping a store and a fact index in step with the pack's change log, by replaying only the delta.

Both are built from the pack's files and remember which changes they hold (``applied`` keys); on
open and after every write, what the log reverted since is undone and what is new is applied. The
index is shared by copies of a pack (content-addressed), so it catches up on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.term import Node

from ..caches import building
from ..errors import IndexMismatchError, PackError, StaleStateError
from ..knowledge.changes import Change, ChangeLog, Definition, plan_sync, touched
from ..knowledge.pack import Pack
from ..knowledge.terms import Triple
from ..settings import Settings
from .embedders.base import Embedder
from .facts import is_fact, iter_facts, triple_key
from .graph import KnowledgeGraph
from .index import FactIndex, partial_dir
from .stores.base import GraphStore, choose_store, open_store, sources_of

logger = logging.getLogger(__name__)

#: An index catching up on more facts than this is saved again (fewer are cheaper to re-embed on
#: the next open than the index is to rewrite).
SAVE_AFTER = 256


@dataclass
class Delta:
    """Changes undone and changes applied in one catch-up, oldest first."""

    revert: list[Change] = field(default_factory=list)
    todo: list[Change] = field(default_factory=list)
    #: keys of the changes in force once the delta is applied (from the listing it was planned on)
    target: list[str] = field(default_factory=list)
    #: the changes in force once the delta is applied
    in_force: list[Change] = field(default_factory=list)

    @classmethod
    def plan(cls, applied: list[str], log: ChangeLog) -> Delta:
        """From one listing of the log: a change recorded by another process after it is left for
        the next catch-up, never marked as held without being applied."""
        changes = log.changes()
        revert, todo = plan_sync(applied, log, changes)
        effective = log.effective(changes)
        return cls(revert, todo, [c.key for c in effective], effective)

    def __bool__(self) -> bool:
        return bool(self.revert or self.todo)

    def touched(self) -> list[Triple]:
        """Every triple the delta adds or removes."""
        return touched(self.revert + self.todo)

    def facts(self, schema: set[Node], store: GraphStore) -> tuple[list[Triple], list[Triple]]:
        """Fact triples to embed and to drop so that an index follows the delta, once the store holds
        what the delta brings (``sync_store``): those it touched that the graph holds, and the rest."""
        held = sources_of(store, self.touched())  # asked, never remembered: the store just changed
        return [t for t, g in held.items() if g and is_fact(t, schema)], [t for t, g in held.items() if not g]


def sync_store(store: GraphStore, log: ChangeLog) -> Delta:
    """Replay on the store what the log changed since it was last synced.

    Raises:
        StaleStateError: the store holds changes the log does not know (the log was rewritten).
    """
    delta = Delta.plan(store.applied, log)
    if delta:
        # a store built fresh from the files holds what they state; one that has replayed changes
        # learns what the files stated of a triple a change removed from that change's record
        history = log.changes() if store.applied else []
        Definition.of(delta.in_force, history).settle(store, delta.touched())
        store.applied = delta.target
        store.save_applied()
    return delta


def index_delta(index: FactIndex, log: ChangeLog) -> Delta:
    """What the index must follow to reach the log.

    Raises:
        StaleStateError: the index holds changes the log does not know.
    """
    return Delta.plan(list(index.manifest.get("changes", [])), log)


def update_index(index: FactIndex, delta: Delta, graph: KnowledgeGraph, embedder: Embedder) -> int:
    """Embed the facts a delta adds, drop those it removes, and record the log's changes as held
    (the graph's store already holds the delta); returns how many facts were embedded."""
    labels, schema = graph.labels, graph.schema
    added, removed = delta.facts(schema, graph.store)
    n = index.update([(triple_key(t), labels.verbalize(t)) for t in added], [triple_key(t) for t in removed], embedder)
    index.manifest["changes"] = delta.target
    return n


def open_pack(path: str | Path | None, settings: Settings) -> Pack:
    """The pack at ``path``; with a SPARQL endpoint in the settings, the pack served by it (with no
    path: a pack of the endpoint's own, in the cache, holding its change log)."""
    b = settings.backends
    if path is None:
        if not b.endpoint:
            raise PackError("open a knowledge pack directory, or give a SPARQL endpoint (endpoint=...)")
        return Pack.for_endpoint(b.endpoint, settings.cache_dir)
    pack = Pack.open(path)
    sparql = choose_store(pack, b.store, b.auto_disk_bytes, b.endpoint) == "sparql"
    return pack.served_by(b.endpoint) if sparql else pack


def open_synced_store(pack: Pack, settings: Settings, log: ChangeLog) -> GraphStore:
    """The pack's store in the configured backend, caught up with the change log (loaded again from
    the pack's files if the log was rewritten, say by a checkout)."""
    b = settings.backends
    store = open_store(pack, b, settings.cache_dir)
    try:
        sync_store(store, log)
    except StaleStateError:
        del store  # release the on-disk store before it is rebuilt
        store = open_store(pack, b, settings.cache_dir, fresh=True)
        sync_store(store, log)
    return store


def index_dir(pack: Pack, settings: Settings) -> Path:
    """Content-addressed: copies of a pack share the index of their common files."""
    return settings.cache_dir / "indexes" / f"{pack.info.name}-{pack.fingerprint()[:16]}"


def open_synced_index(
    pack: Pack, graph: KnowledgeGraph, embedder: Embedder, settings: Settings, log: ChangeLog
) -> FactIndex:
    """Load the index built for the pack's files, catching up on curation changes incrementally;
    build it when there is none or it was built for other files or another embedder.

    Raises:
        IndexMismatchError: the index is stale and ``settings.rebuild`` is "never".
    """
    directory = index_dir(pack, settings)
    with building(directory):  # another process building or saving this index goes first
        try:
            index = FactIndex.load(directory, embedder.name, embedder.dimension, pack.fingerprint(),
                                   settings.backends.index)  # fmt: skip
            delta = index_delta(index, log)
        except (IndexMismatchError, StaleStateError) as e:
            if settings.rebuild == "never":
                raise
            if (directory / "manifest.json").exists():
                logger.warning("%s: building it again", e)
        else:
            if delta and update_index(index, delta, graph, embedder) > SAVE_AFTER:
                index.save(directory)
            return index
        return _build_index(pack, graph, embedder, settings, directory)


def _build_index(
    pack: Pack, graph: KnowledgeGraph, embedder: Embedder, settings: Settings, directory: Path
) -> FactIndex:
    triples = list(iter_facts(graph.store, graph.schema))
    sentences = [graph.labels.verbalize(t) for t in triples]
    builder = embedder
    if settings.backends.ray:  # the bulk of the work on a Ray cluster; the vectors are the same
        from .embedders.ray import RayEmbedder

        builder = RayEmbedder(embedder, settings.backends.ray)
    index = FactIndex.build([triple_key(t) for t in triples], sentences, builder, pack.fingerprint(),
                            settings.backends.index, settings.progress, work_dir=partial_dir(directory))  # fmt: skip
    index.manifest["changes"] = list(graph.store.applied)  # what the store was synced to, not the log now
    index.save(directory)
    return index


__all__ = [
    "Delta",
    "index_delta",
    "index_dir",
    "open_pack",
    "open_synced_index",
    "open_synced_store",
    "sync_store",
    "update_index",
]
