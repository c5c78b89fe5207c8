"""Learning how questions name relations, from question/answer pairs, on a small real pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kgqa import KnowledgeBase
from kgqa.deployment.cli import main
from kgqa.evaluation.harness import evaluate
from kgqa.vocab import CUE_WORD

from ..conftest import DATA

GEO = "http://example.org/geo/"

#: People ask in their own words: no label of the pack says "banks", "towns" or "empty".
EXAMPLES = [
    ("which towns sit on the banks of the Danube", ["Vienna", "Budapest", "Belgrade"]),
    ("which towns sit on the banks of the Rhine", ["Basel", "Cologne"]),
    ("what sea does the Danube empty into", ["Black Sea"]),
    ("what sea does the Rhine empty into", ["North Sea"]),
]
UNSEEN = "which towns sit on the banks of the Thames"


@pytest.fixture
def rivers(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KGQA_CACHE", str(cache_dir))
    return Path(shutil.copytree(DATA / "rivers", tmp_path / "rivers"))


def _answer(kb: KnowledgeBase, question: str) -> list[str]:
    return [e.label for e in kb.ask(question).entities]


def test_learned_cue_words_answer_an_unseen_question(rivers: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(rivers, settings_factory(reader="none"))
    assert sorted(_answer(kb, UNSEEN)) != ["London", "Oxford"]  # no word of it names "flows through"

    learned = kb.learn(EXAMPLES, "erin", source="examples.tsv", min_support=2)
    assert learned.usable == 4 and learned.change is not None
    words = {(kb.labels.predicate_label(c.predicate), c.word) for c in learned.cues}
    assert {("flows through", "banks"), ("flows through", "towns"), ("mouth", "empty")} <= words
    assert all(c.precision == 1.0 and c.support == 2 for c in learned.cues)

    answer = kb.ask(UNSEEN)
    assert sorted(e.label for e in answer.entities) == ["London", "Oxford"]
    assert not answer.abstained and answer.paths[0].relations == ("flows through",)
    assert _answer(kb, "what sea does the Thames empty into") == ["North Sea"]

    # recorded as a change with provenance: a new process has the cues, and undo takes them back
    change = (rivers / "curation").glob("*.trig")
    text = "\n".join(p.read_text(encoding="utf-8") for p in change)
    assert "cueWord" in text and "erin" in text and "examples.tsv" in text
    again = KnowledgeBase.open(rivers, settings_factory(reader="none"))
    assert "banks" in again.labels.cues[URIRef(GEO + "flowsThrough")]
    assert sorted(_answer(again, UNSEEN)) == ["London", "Oxford"]
    again.curator.undo("erin")
    assert not any(again.store.triples((None, CUE_WORD, None)))
    assert sorted(_answer(again, UNSEEN)) != ["London", "Oxford"]


def test_ambiguous_and_unanswerable_examples_teach_nothing(rivers: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(rivers, settings_factory(reader="none"))
    learned = kb.learn(
        [
            ("who is the mayor of Vienna", ["Michael Ludwig"]),  # no chain reaches the answer
            ("tell me about the Danube", []),  # no answer given
            ("which towns sit on the banks of the Danube", ["Vienna", "Budapest", "Belgrade"]),
        ],
        min_support=2,
    )
    assert learned.examples == 3 and learned.usable == 1 and learned.cues == []  # one example is not enough
    assert learned.change is None and not (rivers / "curation").exists()


def test_learn_command_and_dry_run(rivers: Path, tmp_path: Path) -> None:
    qa = tmp_path / "qa.txt"
    qa.write_text("".join(f"{q}\t{'|'.join(a)}\n" for q, a in EXAMPLES), encoding="utf-8")
    args = ["learn", "--pack", str(rivers), "--curator", "erin", "--questions", str(qa), "--min-support", "2"]
    r = CliRunner().invoke(main, [*args, "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "'banks' -> flows through  (2 examples, 100%)" in r.output and "dry run" in r.output
    assert not (rivers / "curation").exists()
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert "recorded as change 0001" in r.output
    r = CliRunner().invoke(main, ["ask", "--pack", str(rivers), "--reader", "none", "--json", UNSEEN])
    assert sorted(e["label"] for e in json.loads(r.stdout.strip().splitlines()[-1])["entities"]) == ["London", "Oxford"]


def test_eval_learns_only_from_questions_it_does_not_evaluate(rivers: Path, tmp_path: Path) -> None:
    train = tmp_path / "train.txt"
    train.write_text("".join(f"{q}\t{'|'.join(a)}\n" for q, a in EXAMPLES), encoding="utf-8")
    test = tmp_path / "test.txt"
    test.write_text(f"{UNSEEN}\tLondon|Oxford\n{EXAMPLES[0][0]}\tVienna|Budapest|Belgrade\n", encoding="utf-8")
    results = evaluate(
        rivers, test, tmp_path / "out", reader="none", systems=["kgqa"], learn=[train], learn_min_support=1
    )
    assert results["learned"]["examples"] == 3  # the evaluated Danube question is left out
    assert any(c["word"] == "banks" and c["relation"] == "flows through" for c in results["learned"]["cues"])
    assert results["systems"]["kgqa"]["hits_at_1"] == 1.0
    assert "cue words learned from" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert not (rivers / "curation").exists()  # an evaluation changes no pack
