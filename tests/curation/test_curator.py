"""Curation: edits with provenance, history, undo, validation, corrections, imports and safety."""

from __future__ import annotations

import gc
import json
import multiprocessing
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kgqa import KgqaError, KnowledgeBase, UnknownEntityError
from kgqa.deployment.cli import main
from kgqa.errors import ConflictError, ValidationError
from kgqa.knowledge.changes import ChangeLog

from ..conftest import DATA, MOVIES

MV = "https://kgqa.dev/packs/movies/"


@pytest.fixture
def rivers(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA / "rivers", tmp_path / "rivers"))


@pytest.fixture
def movies(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MOVIES, tmp_path / "movies"))


@pytest.fixture(autouse=True)
def _cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGQA_CACHE", str(cache_dir))


def _ask(pack: Path, question: str) -> dict:  # type: ignore[type-arg]
    r = CliRunner().invoke(main, ["ask", "--pack", str(pack), "--reader", "none", "--json", question])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_add_history_undo_round_trip_on_an_unseen_pack(rivers: Path) -> None:
    q = "What is the population of Vienna?"
    assert _ask(rivers, q)["abstained"]
    r = CliRunner().invoke(
        main,
        [
            "add",
            "--pack",
            str(rivers),
            "--curator",
            "alice",
            "--source",
            "census 2024",
            "--note",
            "missing",
            "--create",
            "Vienna",
            "population",
            "1982097",
        ],
    )
    assert r.exit_code == 0, r.output
    a = _ask(rivers, q)
    assert not a["abstained"] and a["answer"] == "1982097"
    assert a["facts"][0]["sources"] == ["urn:kgqa:change:0001"]
    r = CliRunner().invoke(main, ["history", "--pack", str(rivers)])
    assert "alice" in r.output and "census 2024" in r.output and "missing" in r.output
    r = CliRunner().invoke(main, ["undo", "--pack", str(rivers), "--curator", "bob"])
    assert r.exit_code == 0 and "reverts change 0001" in r.output
    assert _ask(rivers, q)["abstained"]
    r = CliRunner().invoke(main, ["history", "--pack", str(rivers), "--json"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(x["id"], x["action"], x["curator"]) for x in rows] == [("0001", "add", "alice"), ("0002", "undo", "bob")]
    # the pack's own files were never touched
    assert (rivers / "geo.ttl").read_text() == (DATA / "rivers" / "geo.ttl").read_text()


def test_terms_labels_prefixed_names_and_literals(movies: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(movies, settings_factory(reader="none"))
    with pytest.raises(UnknownEntityError) as err:
        kb.curator.add("Ridley Scot", "born in", "London", "alice")
    assert "Ridley Scott" in str(err.value)
    change = kb.curator.add(":Alien", "mv:releaseYear", '"1980"^^xsd:gYear', "alice", force=True)
    assert change.added == ((URIRef(MV + "id/Alien"), URIRef(MV + "releaseYear"), Literal("1980", datatype=XSD.gYear)),)
    # a fact the graph already states (by labels here) changes nothing: refused, nothing recorded
    with pytest.raises(KgqaError, match="nothing to change"):
        kb.curator.add("Ridley Scott", "born in", "South Shields", "alice")
    assert [c.id for c in ChangeLog(movies).changes()] == [change.id]


def test_edit_and_retract(movies: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(movies, settings_factory(reader="none"))
    with pytest.raises(KgqaError, match="nothing to change"):  # the value it has: no change to record
        kb.curator.edit("Vertigo", "music by", "Bernard Herrmann", "alice", old="Bernard Herrmann")
    kb.curator.edit("Jaws", "release year", '"1976"^^xsd:gYear', "alice", note="wrong on purpose")
    assert kb.ask("When was Jaws released?").entities[0].label == "1976"
    kb.curator.undo("alice")
    assert kb.ask("When was Jaws released?").entities[0].label == "1975"
    kb.curator.retract("Jaws", "music by", "John Williams", "bob")
    assert not [t for t in kb.store.triples((URIRef(MV + "id/Jaws"), URIRef(MV + "musicBy"), None))]
    with pytest.raises(KgqaError, match="nothing to retract"):
        kb.curator.retract("Jaws", "music by", "John Williams", "bob")
    added, removed = kb.curator.diff()
    assert any(t[1] == URIRef(MV + "musicBy") for t in removed)


def test_edit_breaking_a_shape_is_refused_unless_forced(movies: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(movies, settings_factory(reader="none"))
    with pytest.raises(ValidationError, match="releaseYear"):
        kb.curator.add("Alien", "release year", '"1980"^^xsd:gYear', "alice")  # sh:maxCount 1
    assert ChangeLog(movies).changes() == []
    kb.curator.add("Alien", "release year", '"1980"^^xsd:gYear', "alice", force=True)
    r = CliRunner().invoke(main, ["validate", "--pack", str(movies)])
    assert r.exit_code == 1 and "shacl" in r.output


def test_correcting_a_wrong_answer(rivers: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(rivers, settings_factory(reader="none"))
    q = "Who is the mayor of Vienna?"
    before = kb.ask(q)
    assert before.abstained or before.entities[0].label != "Michael Ludwig"
    change = kb.curator.correct(q, [("Vienna", "mayor", "Michael Ludwig")], "carol", create=True, source="vienna.gv.at")
    after = kb.ask(q)
    assert [e.label for e in after.entities] == ["Michael Ludwig"]
    assert after.supporting_facts[0].sources == (f"urn:kgqa:change:{change.id}",)
    assert "carol" in after.reader_output
    assert kb.ask("who is the mayor of vienna").entities[0].label == "Michael Ludwig"
    again = KnowledgeBase.open(rivers, settings_factory(reader="none"))  # a new process sees it too
    assert again.ask(q).entities[0].label == "Michael Ludwig"


def test_incremental_index_embeds_only_the_change(rivers: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(rivers, settings_factory(reader="none"))
    n = len(kb.index)
    with pytest.raises(KgqaError, match="nothing to change"):  # already there: nothing recorded or embedded
        kb.curator.add("Danube", "mouth", "Black Sea", "alice")
    assert len(kb.index) == n
    with pytest.raises(KgqaError, match="nothing to change"):
        kb.curator.add("Rhine", "flows through", "Basel", "alice")
    kb.curator.add("Thames", "length in kilometres", "347", "alice")
    assert len(kb.index) == n + 1
    kb.curator.retract("Thames", "length in kilometres", "346", "alice")
    assert len(kb.index) == n
    reopened = KnowledgeBase.open(rivers, settings_factory(reader="none"))
    assert len(reopened.index) == n
    assert reopened.facts("How long is the Thames?")[0].sentence == "Thames length in kilometres 347."


def test_import_csv_and_json(rivers: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text(
        "subject,predicate,object,source\nVienna,capital of,Austria,atlas\nDanube,mouth,Black Sea,atlas\n"
        "Seine,flows through,Paris,atlas\n"
    )
    r = CliRunner().invoke(main, ["import", "--pack", str(rivers), "--curator", "dave", str(csv_file)])
    assert r.exit_code == 1 and "row 3" in r.output and "Seine" in r.output
    assert ChangeLog(rivers).changes() == []  # a bad row records nothing
    r = CliRunner().invoke(main, ["import", "--pack", str(rivers), "--curator", "dave", "--create", str(csv_file)])
    assert r.exit_code == 0, r.output
    assert ChangeLog(rivers).changes()[0].source == "atlas"
    js = tmp_path / "rows.json"
    js.write_text(json.dumps([{"subject": "Seine", "predicate": "mouth", "object": "English Channel"}]))
    r = CliRunner().invoke(main, ["import", "--pack", str(rivers), "--curator", "dave", "--create", str(js)])
    assert r.exit_code == 0, r.output
    assert _ask(rivers, "Where does the Seine flow into?")["answer"] == "English Channel"
    bad = tmp_path / "bad.json"
    bad.write_text('[{"subject": "x",\n "predicate": }]')
    r = CliRunner().invoke(main, ["import", "--pack", str(rivers), "--curator", "dave", str(bad)])
    assert r.exit_code == 1 and "bad.json:2" in r.output


def _write_many(root: str, curator: str, n: int) -> None:
    log = ChangeLog(Path(root))
    for i in range(n):
        t = (URIRef(f"http://example.org/{curator}/{i}"), URIRef("http://example.org/p"), Literal(i))
        log.record("add", curator, [t])


def test_concurrent_curators_lose_nothing(rivers: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(str(rivers), name, 15)) for name in ("ann", "ben", "cat")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    changes = ChangeLog(rivers).changes()
    assert [c.id for c in changes] == [f"{i:04d}" for i in range(1, 46)]
    assert sorted(c.curator for c in changes) == ["ann"] * 15 + ["ben"] * 15 + ["cat"] * 15
    log = ChangeLog(rivers)
    with pytest.raises(ConflictError, match="0045"):
        log.record("add", "dan", [], expected_head="0044")
    log.record("add", "dan", [], expected_head="0045")


def test_killed_writer_leaves_the_pack_consistent(rivers: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    script = (
        "import sys; from pathlib import Path; from rdflib import URIRef, Literal; "
        "from kgqa.knowledge.changes import ChangeLog; "
        "ts = [(URIRef(f'http://example.org/n{i}'), URIRef('http://example.org/p'), Literal('x' * 50)) "
        "for i in range(400000)]; print('ready', flush=True); "
        "ChangeLog(Path(sys.argv[1])).record('add', 'killed', ts)"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(rivers)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(1.0)  # mid-serialisation
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert ChangeLog(rivers).changes() == []
    kb = KnowledgeBase.open(rivers, settings_factory(reader="none"))
    kb.curator.add("Oxford", "capital of", "United Kingdom", "alice")
    assert [c.id for c in kb.curator.history()] == ["0001"]
    assert kb.ask("What is Vienna the capital of?").entities[0].label == "Austria"


def test_validate_command(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["validate", "--pack", str(MOVIES)])
    assert r.exit_code == 0, r.output
    assert "0 errors" in r.output
    r = CliRunner().invoke(main, ["validate", "--pack", str(DATA / "broken"), "--json"])
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    syntax = [i for i in report["issues"] if i["kind"] == "syntax"]
    assert syntax[0]["file"] == "bad.ttl" and syntax[0]["line"] == 4
    kinds = {i["kind"] for i in report["issues"]}
    assert {"missing-label", "dangling"} <= kinds


def test_changes_replay_into_the_persistent_store(rivers: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(rivers, settings_factory(reader="none", store="oxigraph"))
    kb.curator.add("Danube", "flows through", "Bratislava", "alice", create=True)
    assert "Bratislava" in kb.ask("Which cities does the Danube flow through?").text
    with pytest.raises(KgqaError, match="open in another"):
        KnowledgeBase.open(rivers, settings_factory(reader="none", store="oxigraph"))
    del kb
    gc.collect()
    again = KnowledgeBase.open(rivers, settings_factory(reader="none", store="oxigraph"))
    assert "Bratislava" in again.ask("Which cities does the Danube flow through?").text
    again.curator.undo("bob")
    del again
    gc.collect()
    third = KnowledgeBase.open(rivers, settings_factory(reader="none", store="oxigraph"))
    assert "Bratislava" not in third.ask("Which cities does the Danube flow through?").text
    del third
    gc.collect()
    for p in (rivers / "curation").glob("*.trig"):  # history rewritten by hand: the store reloads
        p.unlink()
    fourth = KnowledgeBase.open(rivers, settings_factory(reader="none", store="oxigraph"))
    assert fourth.curator.history() == [] and "Vienna" in fourth.ask("Which cities does the Danube flow through?").text
