"""The change log: recording, reading back, undo, and planning what a store must replay."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kgqa import ConflictError, KgqaError
from kgqa.errors import StaleStateError
from kgqa.knowledge.changes import ChangeLog, plan_sync, read_change

A, P, B = URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:b")


def test_a_change_round_trips_with_its_provenance(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path)
    c = log.record(
        "edit", " alice ", [(A, P, Literal("new"))], [((A, P, B), "urn:kgqa:file:f.ttl")], source="s", note="n"
    )
    assert c.id == "0001" and c.curator == "alice"
    back = read_change(tmp_path / "curation" / "0001.trig")
    assert (back.action, back.curator, back.source, back.note) == ("edit", "alice", "s", "n")
    assert back.added == ((A, P, Literal("new")),)
    assert back.removed == (((A, P, B), "urn:kgqa:file:f.ttl"),)
    assert back.time == c.time


def test_iris_no_prefix_can_abbreviate_read_back(tmp_path: Path) -> None:
    # rdflib's TriG writer would write ns1:a for the subject and never declare ns1 (found by the fuzz suite)
    odd = (URIRef("https://example.org/a"), URIRef("https://example.org/b."), URIRef("https://example.org/0"))
    log = ChangeLog(tmp_path)
    log.record("edit", "alice", [odd], [(odd, "urn:kgqa:file:f.ttl")])
    back = read_change(tmp_path / "curation" / "0001.trig")
    assert back.added == (odd,) and back.removed == ((odd, "urn:kgqa:file:f.ttl"),)


def test_bad_records_and_conflicts_are_refused(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path)
    with pytest.raises(KgqaError, match="unknown action"):
        log.record("delete", "alice")
    with pytest.raises(KgqaError, match="curator"):
        log.record("add", "  ", [(A, P, B)])
    log.record("add", "alice", [(A, P, B)])
    with pytest.raises(ConflictError, match="changed since"):
        log.record("add", "bob", [(A, P, B)], expected_head=None)
    assert log.record("add", "bob", [(A, P, B)], expected_head="0001").id == "0002"


def test_sync_planning(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path)
    assert plan_sync([], log) == ([], [])
    first = log.record("add", "alice", [(A, P, B)])
    second = log.record("add", "alice", [(B, P, A)])
    assert plan_sync([], log) == ([], [first, second])  # a fresh store replays both
    assert plan_sync([first.key], log) == ([], [second])  # one behind
    undo = log.record("undo", "bob", undoes=first.id)
    assert log.effective() == [second] and undo not in log.effective()
    # a store that applied both must revert the undone one; one that applied none only applies the other
    assert plan_sync([first.key, second.key], log) == ([first], [])
    assert plan_sync([], log) == ([], [second])
    with pytest.raises(StaleStateError, match="does not have"):
        plan_sync(["0009@2020-01-01T00:00:00Z"], log)


def test_change_ids_order_as_numbers_past_9999(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path)
    first = log.record("add", "alice", [(A, P, Literal("x"))], [])
    # the log as a long-used pack has it: change 9999 is the last one recorded
    (tmp_path / "curation" / f"{first.id}.trig").rename(tmp_path / "curation" / "9999.trig")
    log = ChangeLog(tmp_path)
    assert log.head() == "9999"
    after = log.record("add", "alice", [(A, P, Literal("y"))], [])
    assert after.id == "10000" and log.head() == "10000"
    again = log.record("add", "alice", [(A, P, Literal("z"))], [])
    assert again.id == "10001" and log.ids() == ["9999", "10000", "10001"]
    undo = log.record("undo", "alice", note="undo 10001", undoes="10001")
    assert [c.id for c in log.effective()] == ["9999", "10000"] and undo.id == "10002"
