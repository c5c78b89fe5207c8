from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kgqa.evaluation import evaluate, hits_at_1, load_questions, norm_answer, recall_in_facts, set_prf
from kgqa.importers import import_triples, relation_label

from .conftest import DATA


def test_normalisation_and_hits() -> None:
    assert norm_answer("  The  Dark-Knight! ") == "the dark knight"
    assert hits_at_1("ridley scott", ("Ridley Scott",)) == 1.0
    assert hits_at_1("Ridley Scott.", ("Tony Scott", "Ridley  Scott")) == 1.0
    assert hits_at_1("Scott", ("Ridley Scott",)) == 0.0
    assert hits_at_1(None, ("x",)) == 0.0


def test_set_precision_recall_f1_by_hand() -> None:
    # predicted {a, b, c}, gold {b, c, d, e}: tp = 2, P = 2/3, R = 2/4, F1 = 2PR/(P+R) = 4/7
    p, r, f = set_prf(["a", "B", "c"], ("b", "c", "d", "e"))
    assert p == pytest.approx(2 / 3) and r == pytest.approx(0.5) and f == pytest.approx(4 / 7)
    assert set_prf([], ("a",)) == (0.0, 0.0, 0.0)
    assert set_prf(["x"], ("a",)) == (0.0, 0.0, 0.0)
    assert recall_in_facts(["Alien", "Ridley Scott"], ("ridley scott",)) == 1.0
    assert recall_in_facts(["Alien"], ("Ridley Scott",)) == 0.0


def test_questions_without_and_with_hints(tmp_path: Path) -> None:
    qs = load_questions(DATA / "rivers_questions.txt")
    assert qs[0].text == "which cities does the Danube flow through"
    assert qs[0].gold == ("Vienna", "Budapest", "Belgrade")
    assert load_questions(DATA / "rivers_questions.txt", hints=True)[0].text.startswith(
        "which cities does the [Danube]"
    )
    a = [q.text for q in load_questions(DATA / "rivers_questions.txt", limit=2, seed=7)]
    b = [q.text for q in load_questions(DATA / "rivers_questions.txt", limit=2, seed=7)]
    assert a == b and len(a) == 2


def test_relation_labels() -> None:
    assert relation_label("directed_by") == "directed by"
    assert relation_label("plays_in_club_inverse") == "plays in club (inverse)"
    assert relation_label("__music__recording__releases") == "music recording releases"


def test_import_awkward_names(tmp_path: Path) -> None:
    report = import_triples(DATA / "awkward_triples.txt", tmp_path / "pack", name="awk")
    assert report.triples == 6  # one duplicate line dropped
    g = Graph().parse(tmp_path / "pack" / "kb.nt")
    by_label = {str(o): s for s, _, o in g.triples((None, RDFS.label, None))}
    for name in ["Léon: The Professional", 'Club "Q" & Co.', "O'Brien #2", "50% Off <Live>", "AC/DC"]:
        assert isinstance(by_label[name], URIRef)
    assert by_label["AC/DC"] != by_label["Léon: The Professional"]
    assert (None, RDFS.label, Literal("plays in club (inverse)")) in g


def test_eval_end_to_end_on_another_domain(tmp_path: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    triples = tmp_path / "rivers.txt"
    triples.write_text(
        "Danube|flows_through|Vienna\nDanube|flows_through|Budapest\nDanube|flows_through|Belgrade\n"
        "Vienna|capital_of|Austria\nRhine|flows_into|North Sea\nThames|flows_into|North Sea\n"
    )
    results = evaluate(
        triples,
        DATA / "rivers_questions.txt",
        tmp_path / "out",
        reader="none",
        systems=["kgqa"],
        settings=settings_factory(),
    )
    assert results["n"] == 3
    assert results["systems"]["kgqa"]["hits_at_1"] == 1.0
    saved = json.loads((tmp_path / "out" / "results.json").read_text())
    assert saved["systems"]["kgqa"]["latency_ms"]["p50"] > 0
    assert (tmp_path / "out" / "report.md").read_text().count("| kgqa |") == 1
    assert (tmp_path / "out" / "chart.png").stat().st_size > 1000
