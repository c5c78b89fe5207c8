"""Every reading that has a SPARQL form gives, run on the pack's store, the answers kgqa's own execution
gives: over every question of the development sets kept in the repository (the compositional sets of
the bundled packs, and the packs and questions of ``benchmarks/unseen`` written by people who had not
read kgqa's code)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kgqa import KnowledgeBase
from kgqa.fusion.sparql import ANSWER, chain_query
from kgqa.representation.stores.oxigraph import OxigraphStore

from ..conftest import DATA

ROOT = Path(__file__).resolve().parents[2]
SETS = {
    "movies": (ROOT / "knowledge" / "movies", ROOT / "benchmarks" / "compositional" / "movies.tsv"),
    "solar": (ROOT / "knowledge" / "solar", ROOT / "benchmarks" / "compositional" / "solar.tsv"),
    **{
        d.name: (d / "pack", d / "questions.tsv")
        for d in sorted((ROOT / "benchmarks" / "unseen").iterdir())
        if (d / "questions.tsv").exists()
    },
}


def _questions(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [row[0] for row in csv.reader(f, delimiter="\t") if row and not row[0].startswith("#") and row[0]]


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_sparql_form_gives_the_same_answers(name: str, settings_factory) -> None:  # type: ignore[no-untyped-def]
    pack, questions = SETS[name]
    kb = KnowledgeBase.open(pack, settings_factory(reader="none"))
    cap = kb.settings.retrieval.max_answers
    checked = 0
    for question in _questions(questions):
        a = kb.ask(question)
        if a.abstained or a.program is None or not a.program.sparql:
            continue
        rows = kb.graph.store.select(a.program.sparql)
        if "COUNT(" in a.program.sparql:
            assert [int(row["count"]) for row in rows] == [int(a.text)], (question, a.program.sparql)  # type: ignore[call-overload]
            checked += 1
            continue
        if a.program.shape == "aggregate":
            assert [float(row["value"]) for row in rows] == pytest.approx([float(a.text)], abs=0.01), question  # type: ignore[call-overload]
            checked += 1
            continue
        if a.program.shape == "yesno":
            assert bool(rows) == (a.text == "yes"), (question, a.program.sparql)
            checked += 1
            continue
        got = {str(row[ANSWER]) for row in rows}
        kgqa = {e.iri for e in a.entities}
        assert kgqa <= got, (question, a.program.sparql, kgqa - got)
        if len(kgqa) < cap:
            assert got == kgqa, (question, a.program.sparql, got - kgqa)
        checked += 1
    assert checked >= 10  # path readings are the commonest: each set has many


def test_the_same_query_runs_on_oxigraph(settings_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(DATA / "zoo" / "zoo.ttl", settings_factory(reader="none", store="oxigraph"))
    assert isinstance(kb.graph.store, OxigraphStore)
    a = kb.ask("Who is the director of the zoo where Leo lives?")
    assert a.text == "Ada Brown" and a.program is not None
    assert [str(r[ANSWER]) for r in kb.graph.store.select(a.program.sparql)] == [a.entities[0].iri]
    # a symmetric relation both ways, and a count
    twin = kb.ask("Which zoo is Harbor Zoo twinned with?")
    assert twin.program is not None and "|^" in twin.program.sparql
    leo = kb.graph.names.lookup("Leo")[0]
    lives = next(h for h in kb.retriever.hoods.all_grouped(leo) if h.forward)
    (row,) = kb.graph.store.select(chain_query(leo, [lives, lives._replace(forward=False)], count=True))
    assert int(row["count"]) == 2  # Leo's zoo-mates: Nala and Talon, not Leo


def test_no_text_of_the_question_reaches_the_query(zoo_kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    a = zoo_kb.ask('Who is the director of City Zoo? } DROP ALL ; SELECT * WHERE { ?s ?p "x')
    assert a.program is None or "DROP" not in a.program.sparql


@pytest.fixture(scope="module")
def zoo_kb(settings_factory) -> KnowledgeBase:  # type: ignore[no-untyped-def]
    return KnowledgeBase.open(DATA / "zoo" / "zoo.ttl", settings_factory(reader="none"))
