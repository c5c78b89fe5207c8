"""Curation under concurrent writers and broken files: one lock around check-and-write, checks that
fail closed, nothing recorded when a write fails, and readers that see other writers' changes."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kgqa import KgqaError, KnowledgeBase, PackSyntaxError, ValidationError
from kgqa.curation.validation import validate_pack
from kgqa.deployment.cli import main
from kgqa.knowledge.changes import ChangeLog, plan_sync

from ..conftest import DATA, MOVIES

MV = "https://kgqa.dev/packs/movies/"


@pytest.fixture
def movies(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MOVIES, tmp_path / "movies"))


@pytest.fixture
def rivers(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA / "rivers", tmp_path / "rivers"))


def _edit_year(pack: str, cache: str, year: str, ready: object, go: object) -> None:
    from kgqa import KnowledgeBase, Settings

    kb = KnowledgeBase.open(pack, Settings(cache_dir=Path(cache), progress="never").replace(reader="none"))
    ready.set()  # type: ignore[attr-defined]
    go.wait(120)  # type: ignore[attr-defined]
    kb.curator.edit("Alien", "mv:releaseYear", f'"{year}"^^xsd:gYear', "racer")


def test_concurrent_edits_of_one_value_leave_one_value(movies: Path, cache_dir: Path) -> None:
    """Each writer opened the pack before the other wrote; the check and the write of each see the
    other's change (before the fix both removed 1979 and the pack then held two years)."""
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    readies = [ctx.Event(), ctx.Event()]
    procs = [
        ctx.Process(target=_edit_year, args=(str(movies), str(cache_dir), year, ready, go))
        for year, ready in zip(("1980", "1981"), readies, strict=True)
    ]
    for p in procs:
        p.start()
    for ready in readies:
        assert ready.wait(180)
    go.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    report = validate_pack(movies)
    assert report.ok, report.text()
    kb = KnowledgeBase.open(movies, reader="none", cache_dir=cache_dir, progress="never")
    years = {str(t[2]) for t in kb.store.triples((URIRef(MV + "id/Alien"), URIRef(MV + "releaseYear"), None))}
    assert len(years) == 1 and years <= {"1980", "1981"}


def test_shape_check_fails_closed(movies: Path, cache_dir: Path) -> None:
    (movies / "shapes" / "films.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle\n")
    kb = KnowledgeBase.open(movies, reader="none", cache_dir=cache_dir, progress="never")
    with pytest.raises(PackSyntaxError, match=r"films\.ttl:2"):
        kb.curator.add("Alien", "release year", '"1980"^^xsd:gYear', "alice")  # would break sh:maxCount 1
    assert ChangeLog(movies).changes() == []
    kb.curator.add("Alien", "release year", '"1980"^^xsd:gYear', "alice", force=True)  # forced: recorded
    assert len(ChangeLog(movies).changes()) == 1


def test_a_failed_write_records_nothing(rivers: Path, cache_dir: Path) -> None:
    kb = KnowledgeBase.open(rivers, reader="none", cache_dir=cache_dir, progress="never")
    kb.curator.add("Oxford", "capital of", "United Kingdom", "alice")
    broken = rivers / "curation" / "0002.trig"
    broken.write_text("<urn:kgqa:change:0002> a <http://www.w3.org/ns/prov#Activity> .\n{ broken\n")
    with pytest.raises(PackSyntaxError, match=r"0002\.trig:2"):  # the line where it breaks (counted from 1)
        kb.curator.add("Danube", "flows through", "Vienna", "alice")
    assert sorted(p.name for p in (rivers / "curation").glob("*.trig")) == ["0001.trig", "0002.trig"]


def test_readers_see_other_writers(rivers: Path, cache_dir: Path) -> None:
    reader = KnowledgeBase.open(rivers, reader="none", cache_dir=cache_dir, progress="never")
    assert reader.ask("What is the population of Vienna?").abstained
    writer = KnowledgeBase.open(rivers, reader="none", cache_dir=cache_dir, progress="never")
    writer.curator.add("Vienna", "population", "1982097", "alice", create=True)
    assert reader.ask("What is the population of Vienna?").text == "1982097"  # no write of its own needed
    writer.curator.undo("bob")
    assert reader.ask("What is the population of Vienna?").abstained


def test_wrong_datatypes_and_bad_iris_are_refused(
    rivers: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KGQA_CACHE", str(cache_dir))
    for obj in ['"abc"^^xsd:integer', "<http://example.org/a b>"]:
        r = CliRunner().invoke(
            main, ["add", "--pack", str(rivers), "--curator", "alice", "Danube", "length in kilometres", obj]
        )
        assert r.exit_code == 1 and "Traceback" not in r.output
        assert "not a valid" in r.output
    r = CliRunner().invoke(
        main, ["add", "--pack", str(rivers), "--curator", "alice", "<http://x>y>", "mouth", "North Sea"]
    )
    assert r.exit_code == 1 and "not a valid IRI" in r.output
    assert ChangeLog(rivers).changes() == []


def test_change_times_round_trip_so_the_disk_store_is_not_rebuilt(rivers: Path, cache_dir: Path) -> None:
    kb = KnowledgeBase.open(rivers, reader="none", store="oxigraph", cache_dir=cache_dir, progress="never")
    kb.curator.add("Oxford", "capital of", "United Kingdom", "alice")
    applied = list(kb.store.applied)
    del kb
    import gc

    gc.collect()
    assert plan_sync(applied, ChangeLog(rivers)) == ([], [])  # the keys a new process reads are the same


def test_change_files_are_readable_like_pack_files_and_stale_temporaries_go(rivers: Path, cache_dir: Path) -> None:
    kb = KnowledgeBase.open(rivers, reader="none", cache_dir=cache_dir, progress="never")
    (rivers / "curation").mkdir(exist_ok=True)
    stale = rivers / "curation" / ".0001.abc.tmp"
    stale.write_text("")  # what a writer killed mid-write leaves
    kb.curator.add("Oxford", "capital of", "United Kingdom", "alice")
    mode = stat.S_IMODE(os.stat(rivers / "curation" / "0001.trig").st_mode)
    assert mode == stat.S_IMODE(os.stat(rivers / "geo.ttl").st_mode) & 0o666
    assert not stale.exists()


def test_ill_typed_literals_in_a_pack_are_reported(rivers: Path) -> None:
    (rivers / "more.ttl").write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://example.org/geo/Danube> <http://example.org/geo/lengthKm> "long"^^xsd:integer .\n'
    )
    report = validate_pack(rivers)
    assert not report.ok and any(i.kind == "datatype" and "'long'" in i.message for i in report.issues)


def test_unknown_error_is_a_kgqa_error() -> None:
    assert issubclass(PackSyntaxError, KgqaError)


def _years(kb: KnowledgeBase) -> set[str]:
    alien = URIRef("https://kgqa.dev/packs/movies/id/Alien")
    return {str(o) for _, _, o in kb.store.triples((alien, URIRef("https://kgqa.dev/packs/movies/releaseYear"), None))}


def test_undo_is_the_exact_inverse_and_checks_the_shapes(movies: Path, cache_dir: Path) -> None:
    def fresh() -> KnowledgeBase:
        return KnowledgeBase.open(movies, reader="none", cache_dir=cache_dir, progress="never")

    kb = fresh()
    a = kb.curator.edit("Alien", "release year", '"1980"^^xsd:gYear', "alice", old='"1979"^^xsd:gYear')
    kb.curator.edit("Alien", "release year", '"1981"^^xsd:gYear', "alice", old='"1980"^^xsd:gYear')
    # undoing a alone would leave 1979 beside 1981: sh:maxCount 1 refuses it, unless forced
    with pytest.raises(ValidationError, match="maxCount|releaseYear"):
        kb.curator.undo("alice", a.id)
    kb.curator.undo("alice", a.id, force=True)
    assert _years(kb) == _years(fresh()) == {"1979", "1981"}
    kb.curator.undo("alice")  # b: its 1980 came from a, which is no longer in force: not given back
    assert _years(kb) == _years(fresh()) == {"1979"}


def test_a_removal_records_only_what_the_graph_holds(movies: Path, cache_dir: Path) -> None:
    kb = KnowledgeBase.open(movies, reader="none", cache_dir=cache_dir, progress="never")
    change = kb.curator.correct(
        "Who directed Jaws?", [("Jaws", "directed by", "Steven Spielberg")], "alice",
        retract=[("Jaws", "directed by", "James Cameron")],
    )  # fmt: skip
    assert change.removed == ()  # the pack never said Cameron directed Jaws
    kb.curator.undo("alice")
    assert {e.label for e in kb.ask("Who directed Jaws?").entities} == {"Steven Spielberg"}
    again = KnowledgeBase.open(movies, reader="none", cache_dir=cache_dir, progress="never")
    assert {e.label for e in again.ask("Who directed Jaws?").entities} == {"Steven Spielberg"}
