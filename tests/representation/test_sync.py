"""Catching a store up with a change log that other processes write to while it reads."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kgqa.knowledge.changes import ChangeLog, Definition
from kgqa.knowledge.pack import Pack
from kgqa.representation import sync
from kgqa.representation.stores import open_store

from ..conftest import DATA

A, P = URIRef("https://example.org/a"), URIRef("https://example.org/p")


def test_a_change_recorded_during_a_catch_up_is_applied_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # found by the two-worker concurrency test: the store was marked as holding the log as it was
    # *after* applying, so a change another process recorded meanwhile was never applied
    pack = Pack.open(shutil.copytree(DATA / "rivers", tmp_path / "rivers"))
    store = open_store(pack, "memory", cache_dir=tmp_path / "cache")
    log = ChangeLog(pack.root)
    first = log.record("add", "alice", [(A, P, Literal("one"))])
    settle = Definition.settle

    def settle_while_another_writes(self: Definition, store_: object, triples: object) -> None:
        settle(self, store_, triples)  # type: ignore[arg-type]
        if not list(log.changes())[1:]:
            log.record("add", "bob", [(A, P, Literal("two"))])  # another process, mid catch-up

    monkeypatch.setattr(Definition, "settle", settle_while_another_writes)
    delta = sync.sync_store(store, log)
    assert [c.key for c in delta.todo] == [first.key] and store.applied == [first.key]
    assert {o for _, _, o in store.triples((A, P, None))} == {Literal("one")}

    monkeypatch.setattr(Definition, "settle", settle)
    delta = sync.sync_store(store, log)
    assert [c.curator for c in delta.todo] == ["bob"]
    assert {o for _, _, o in store.triples((A, P, None))} == {Literal("one"), Literal("two")}


def test_a_fresh_stamp_is_not_trusted(tmp_path: Path) -> None:
    # a directory's time moves in clock ticks: a change in the same tick leaves the stamp unchanged
    log = ChangeLog(tmp_path)
    log.record("add", "alice", [(A, P, Literal("one"))])
    assert log.moved(log.stamp())  # just written: whoever looks reads the log again
    an_hour_ago = time.time() - 3600
    os.utime(log.dir, (an_hour_ago, an_hour_ago))
    settled = log.stamp()
    assert not log.moved(settled)  # a stat, and nothing more
    log.record("add", "bob", [(A, P, Literal("two"))])
    assert log.moved(settled)
