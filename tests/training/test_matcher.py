"""Training the chain matcher on a small real pack with the real packaged MiniLM: a phrasing no
label names, and unseen word for word in the examples, is answered after training and not before."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
import torch
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kgqa import KnowledgeBase
from kgqa.deployment.cli import main
from kgqa.fusion.paths import Hop
from kgqa.fusion.readers.base import learned_to_abstain
from kgqa.representation.stores.memory import MemoryStore
from kgqa.training.examples import chain_example, say_chain, synthesise
from kgqa.training.matcher import kd_loss, model_triples, recorded_matcher
from kgqa.training.reader import ABSTAIN, reader_examples
from kgqa.vocab import CHAIN_MATCHER

from ..conftest import MOVIES

#: No name of the pack's relations says "camera" or "penned".
EXAMPLES = [
    ("who was behind the camera for Jaws", ["Steven Spielberg"]),
    ("who was behind the camera for Memento", ["Christopher Nolan"]),
    ("who was behind the camera for Psycho", ["Alfred Hitchcock"]),
    ("who was behind the camera for The Godfather", ["Francis Ford Coppola"]),
    ("who was behind the camera for Pulp Fiction", ["Quentin Tarantino"]),
    ("who penned Jaws", ["Peter Benchley", "Carl Gottlieb"]),
    ("who penned Psycho", ["Joseph Stefano"]),
]
UNSEEN = "who worked behind the camera on Alien"
TINY = {"alpha": 0.5, "synthesised_per_hop": 12, "epochs": 8, "batch_size": 8, "learning_rate": 1e-4, "held_out": 0.0}


@pytest.fixture
def movies(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KGQA_CACHE", str(cache_dir))
    return Path(shutil.copytree(MOVIES, tmp_path / "movies"))


def test_trained_matcher_answers_an_unseen_phrasing_and_undo_takes_it_back(
    movies: Path,
    settings_factory,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
) -> None:
    kb = KnowledgeBase.open(movies, settings_factory(reader="none", **TINY))
    before = kb.ask(UNSEEN)
    assert before.abstained or "Ridley Scott" not in before.text

    report = kb.train(EXAMPLES, "erin", source="camera.tsv", synthesised=True)
    assert report.change is not None and report.origins["answered"] == len(EXAMPLES)
    assert report.origins["synthesised"] > 10 and report.losses[-1] < report.losses[0]
    after = kb.ask(UNSEEN)
    assert not after.abstained and [e.label for e in after.entities] == ["Ridley Scott"]
    assert after.paths[0].relations == ("directed by",)
    assert [e.label for e in kb.ask("who put pen to paper for Alien").entities] == ["Dan O'Bannon"]

    # recorded as a change with provenance: a new process uses the matcher, and undo takes it back
    text = "\n".join(p.read_text(encoding="utf-8") for p in (movies / "curation").glob("*.trig"))
    assert "chainMatcher" in text and "erin" in text and "camera.tsv" in text and "alpha" in text
    again = KnowledgeBase.open(movies, settings_factory(reader="none", **TINY))
    assert again.retriever.matcher is not None
    assert [e.label for e in again.ask(UNSEEN).entities] == ["Ridley Scott"]
    assert again.retriever.scorer.trained_weight == 1.0  # it has seen answered questions
    # the same model, had it seen synthesised questions only, would count for half as much
    only = Path(shutil.copytree(report.path, movies.parent / "synthesised-only"))
    made = json.loads((only / "kgqa-training.json").read_text(encoding="utf-8"))
    (only / "kgqa-training.json").write_text(json.dumps({**made, "origins": {"synthesised": 30}}), encoding="utf-8")
    again.use_matcher(only)
    assert again.retriever.scorer.trained_weight == 0.5
    # a damaged copy (its weights cut short) is refused with a warning, not loaded, not a crash
    weights = next(p for p in only.iterdir() if p.suffix == ".safetensors")
    weights.write_bytes(weights.read_bytes()[:4096])
    with caplog.at_level("WARNING", logger="kgqa"):
        again.use_matcher(only)
    assert again.retriever.matcher is None and "is damaged" in caplog.text and weights.name in caplog.text
    again.use_matcher(report.path)
    again.curator.undo("erin")
    assert again.retriever.matcher is None and not any(again.store.triples((None, CHAIN_MATCHER, None)))
    assert again.ask(UNSEEN).abstained or "Ridley Scott" not in again.ask(UNSEEN).text


def test_train_command_dry_run_records_nothing(movies: Path, tmp_path: Path) -> None:
    qa = tmp_path / "qa.txt"
    qa.write_text("".join(f"{q}\t{'|'.join(a)}\n" for q, a in EXAMPLES), encoding="utf-8")
    args = ["train", "--pack", str(movies), "--curator", "erin", "--questions", str(qa), "--epochs", "1"]
    r = CliRunner().invoke(main, [*args, "--dry-run", "--no-synthesise"])
    assert r.exit_code == 0, r.output
    assert "7 examples (7 answered) from 7 question/answer pairs and 0 synthesised" in r.output
    assert "dry run: nothing recorded" in r.output and not (movies / "curation").exists()
    model = Path(next(x for x in r.output.splitlines() if x.startswith("chain matcher: ")).split(": ", 1)[1])
    assert json.loads((model / "kgqa-training.json").read_text(encoding="utf-8"))["examples"] == 7


def test_distillation_loss() -> None:
    student = torch.tensor([2.0, 1.0, -1.0])
    teacher = torch.tensor([0.5, 3.0, 0.0])
    ce = torch.nn.functional.cross_entropy(student.unsqueeze(0), torch.tensor([0]))
    assert torch.isclose(kd_loss(student, teacher, 0.0, 2.0), ce)  # alpha 0: plain fine-tuning
    assert torch.isclose(kd_loss(student, student, 1.0, 2.0), torch.tensor(0.0), atol=1e-6)  # agrees with teacher
    half = kd_loss(student, teacher, 0.5, 2.0)
    kl = kd_loss(student, teacher, 1.0, 2.0)
    assert kl > 0 and torch.isclose(half, 0.5 * ce + 0.5 * kl)
    # two chains answer alike: the loss is on their summed probability, whichever of them gets it
    both = kd_loss(student, teacher, 0.0, 2.0, answering=2)
    assert torch.isclose(both, -torch.log(torch.softmax(student, -1)[:2].sum()))
    assert both < ce and torch.isclose(kd_loss(torch.tensor([1.0, 2.0, -1.0]), teacher, 0.0, 2.0, 2), both)


def test_a_question_two_chains_answer_alike_is_trained_to_either(movies_graph) -> None:  # type: ignore[no-untyped-def]
    """Cameron directed and wrote Titanic: "who made Titanic" is answered by both relations, which the
    scorer ranks close together; detours that come back to him through other films, which it ranks
    far below, are not taken as the question's."""
    question = "Who made Titanic?"
    assert chain_example(movies_graph.retriever, question, ["James Cameron"]) is None  # one chain only: left out
    example = chain_example(movies_graph.retriever, question, ["James Cameron"], max_tied=4)
    assert example is not None and example.answering == 2
    assert set(example.chains[:2]) == {"directed by", "written by"}
    assert example.teacher[:2] == tuple(sorted(example.teacher[:2], reverse=True))  # the scorer's favourite first
    # the question as retrieval compares chains with it when answering: what the matcher will see
    assert example.question == movies_graph.retriever.retrieve(question).compared == "who made"


def test_a_noun_of_its_kind_right_before_a_name_is_masked_with_the_name(movies_graph) -> None:  # type: ignore[no-untyped-def]
    """The pack's classes (Film, alt label "movie") are kinds: "the film Alien" is compared as "the";
    a kind anywhere else, and a kind a relation's names use, stay in the question."""
    retriever = movies_graph.retriever
    assert {("film",), ("movie",), ("person",)} <= retriever.kinds
    assert retriever.retrieve("Who directed the film Alien?").compared == "who directed the"
    assert retriever.retrieve("Which movie did Ridley Scott direct?").compared == "which movie did direct"
    assert movies_graph.graph.kinds(["director", "spaceship"]) == retriever.kinds | {("spaceship",)}
    retriever.use_kinds(["ship"])  # a trained matcher's, besides the classes
    try:
        assert retriever.retrieve("Who directed ship Alien?").compared == "who directed"
    finally:
        retriever.use_kinds()
    assert retriever.retrieve("Who directed ship Alien?").compared == "who directed ship"


def test_recorded_matcher_refuses_names_that_leave_its_folder() -> None:
    store = MemoryStore()
    node = URIRef("https://kgqa.dev/ns#matcher-x")
    store.add((node, CHAIN_MATCHER, Literal("../../etc")), "urn:kgqa:file:x")
    assert recorded_matcher(store) is None
    store.add((node, CHAIN_MATCHER, Literal("movies-0123abcd")), "urn:kgqa:file:x")
    assert recorded_matcher(store) == "movies-0123abcd"


def test_synthesised_questions_come_from_the_graph(movies_graph) -> None:  # type: ignore[no-untyped-def]
    pairs = synthesise(movies_graph.retriever, 5, seed=1)
    assert len(pairs) == 15  # five of each chain length, 1 to 3 hops
    labels = {movies_graph.labels.label(n) for n in movies_graph.labels.names}
    for question, answers in pairs:
        assert question and answers and set(answers) <= labels | {a for a in answers if a.isdigit()}
    assert synthesise(movies_graph.retriever, 5, seed=1) == pairs  # deterministic under the seed
    directed = Hop(URIRef("https://kgqa.dev/packs/movies/directedBy"), True)
    said = {say_chain((directed,), "Alien", movies_graph.labels, random.Random(i)) for i in range(20)}
    assert all("Alien" in q and "direct" in q for q in said) and len(said) > 5  # several forms
    # a relation followed there and back is said as sharing, by which end is shared
    back = Hop(directed.predicate, False)
    same = {say_chain((directed, back), "Alien", movies_graph.labels, random.Random(i)) for i in range(30)}
    assert any("same" in q for q in same) and not any("co-" in q or "together" in q for q in same)
    starring = URIRef("https://kgqa.dev/packs/movies/starring")
    costars = (Hop(starring, False), Hop(starring, True))
    shared = {say_chain(costars, "Sigourney Weaver", movies_graph.labels, random.Random(i)) for i in range(30)}
    assert any("co-" in q or "together" in q or "alongside" in q for q in shared)


def test_examples_read_chains_with_their_direction_and_hold_the_near_misses_as_negatives(movies_graph) -> None:  # type: ignore[no-untyped-def]
    example = chain_example(movies_graph.retriever, "Where was the director of Jaws born?", ["Cincinnati"])
    assert example is not None and example.chains[0] == "directed by → born in"
    # the chain with a hop the other way, and the chain cut short, are candidates the teacher ranks last
    for miss in ("directed → born in", "directed by → is the birthplace of", "directed by"):  # inverse labels
        assert miss in example.chains and example.teacher[example.chains.index(miss)] < example.teacher[0]
    assert example.teacher[example.chains.index("directed → born in")] == min(example.teacher)  # not in the graph


def test_reader_examples_answer_from_the_facts_or_say_not_in_the_graph(movies_graph) -> None:  # type: ignore[no-untyped-def]
    made = reader_examples(
        movies_graph,
        [("Who directed Alien?", ["Ridley Scott"]), ("Who directed Alien?", ["Somebody Else"])],
        progress="never",
        negatives=0.0,
    )
    assert len(made) == 2
    (prompt, answer, _), (_, other, negative) = made
    assert prompt.endswith("Question: Who directed Alien?\nAnswer:") and "Ridley Scott" in prompt
    assert answer == "Ridley Scott" and other == ABSTAIN and not negative  # the facts do not name the other


def test_reader_examples_teach_abstaining_without_the_answers_facts(movies_graph) -> None:  # type: ignore[no-untyped-def]
    pairs = [("Who directed Alien?", ["Ridley Scott"]), ("Who directed Alien?", ["Somebody Else"])]
    made = reader_examples(movies_graph, pairs, progress="never", negatives=1.0)
    assert [(e.answer, e.negative) for e in made] == [("Ridley Scott", False), (ABSTAIN, True), (ABSTAIN, False)]
    negative = made[1].prompt
    assert negative.endswith("Question: Who directed Alien?\nAnswer:")
    facts = negative.rsplit("Facts:\n", 1)[1].split("\nQuestion:")[0]
    assert "Alien" in facts and "Ridley Scott" not in facts  # facts about Alien, none naming the answer


@pytest.mark.slow
def test_tuned_reader_is_recorded_read_with_and_undone(movies: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(movies, settings_factory(synthesised_per_hop=2, reader_negatives=1.0))
    report = kb.tune_reader(EXAMPLES[:4], "erin", source="camera.tsv")
    assert report.change is not None and report.examples >= 4 and (report.path / "adapter").is_dir()
    assert kb.reader is not None and kb.reader.name == str(report.path)
    assert report.negatives > 0 and learned_to_abstain(kb.reader)  # so it may vouch for unnamed readings
    assert kb.ask("Who directed Alien?", read="always").text == "Ridley Scott"
    kb.curator.undo("erin")
    assert kb.reader is not None and kb.reader.name == "gemma3-270m"


def test_a_recorded_matcher_missing_here_is_skipped_with_a_warning(
    movies: Path,
    settings_factory,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    kb = KnowledgeBase.open(movies, settings_factory(reader="none"))
    kb.curator.commit("train", "erin", (model_triples(CHAIN_MATCHER, "movies-elsewhere", "model", 10), []))
    again = KnowledgeBase.open(movies, settings_factory(reader="none"))
    assert again.retriever.matcher is None and "not in" in caplog.text
    assert [e.label for e in again.ask("Who directed Alien?").entities] == ["Ridley Scott"]
