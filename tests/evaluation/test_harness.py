"""The evaluation harness: question files, systems, metrics and reports."""

from __future__ import annotations

import json
from pathlib import Path

from kgqa.evaluation.harness import evaluate
from kgqa.evaluation.questions import load_questions

from ..conftest import DATA


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


def test_question_files_may_carry_a_shape_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "q.tsv"
    path.write_text(
        "# a comment\nHow many films did Ridley Scott direct?\t3\tcount\nWho directed Alien?\tRidley Scott\n"
    )
    qs = load_questions(path)
    assert [(q.text, q.gold, q.shape) for q in qs] == [
        ("How many films did Ridley Scott direct?", ("3",), "count"),
        ("Who directed Alien?", ("Ridley Scott",), ""),
    ]
