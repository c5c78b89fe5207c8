"""A second writer in its own process, for the model-based test: it opens a pack the way a running
kgqa does (a store built from the files, caught up with the change log, a curator on it), without
the embedder, and carries out the curator's calls sent to it over a pipe."""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kgqa.curation.curator import Curator
from kgqa.knowledge.changes import ChangeLog
from kgqa.knowledge.pack import Pack
from kgqa.representation.graph import KnowledgeGraph
from kgqa.representation.stores import open_store
from kgqa.representation.stores.base import GraphStore
from kgqa.representation.sync import sync_store


class Writer:
    """A pack opened for writing: the graph in memory, kept up to the change log."""

    def __init__(self, path: str | Path, cache_dir: str | Path) -> None:
        self.pack = Pack.open(path)
        self.log = ChangeLog(self.pack.root)
        self.store: GraphStore = open_store(self.pack, "memory", cache_dir=Path(cache_dir))
        sync_store(self.store, self.log)
        self.graph = KnowledgeGraph.read(self.store, self.pack.info.language)
        self.curator = Curator(self.pack, self.graph, self.log, self.sync)

    def sync(self) -> None:
        delta = sync_store(self.store, self.log)
        if delta and KnowledgeGraph.renames(delta.touched()):
            self.graph.reread()

    def quads(self) -> dict[str, list[str]]:
        """Every triple the store holds (as N-Triples text) with the graphs that hold it."""
        self.sync()
        return quads(self.store)


def quads(store: GraphStore) -> dict[str, list[str]]:
    return {" ".join(x.n3() for x in t): sorted(store.sources(t)) for t in store.triples((None, None, None))}


def call(writer: Writer, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Any]:
    """Carry out one curator call: ("ok", the change's id) or ("error", the exception's class and text)."""
    try:
        if name == "quads":
            return "ok", writer.quads()
        if name == "commit":
            action, curator, added, removed = args
            change = writer.curator.commit(action, curator, (added, removed), **kwargs)
        else:
            change = getattr(writer.curator, name)(*args, **kwargs)
        return "ok", change.id
    except Exception as e:  # reported to the test, which compares it with the model
        return "error", (type(e).__name__, str(e))


def serve(conn: Connection) -> None:
    """The process's loop: ("open", path, cache) opens a pack; (name, args, kwargs) calls on it."""
    writer: Writer | None = None
    while True:
        message = conn.recv()
        if message is None:
            return
        if message[0] == "open":
            try:
                writer = Writer(message[1], message[2])
                conn.send(("ok", None))
            except Exception as e:
                conn.send(("error", (type(e).__name__, str(e))))
            continue
        assert writer is not None
        conn.send(call(writer, *message))
