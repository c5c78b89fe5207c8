"""Abstention: kgqa says the graph cannot answer when no relation of it matches what the question
asks for, or the question names something the graph does not hold, and answers otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgqa import Answer, KnowledgeBase
from kgqa.fusion.coverage import kind_word, unanswerable
from kgqa.fusion.linking import Mention
from kgqa.fusion.shapes import analyse

from ..conftest import MOVIES

MISSING_RELATION = [
    # the three: each was answered from another relation of the film
    ("What is the budget of Alien?", "budget"),
    ("Which studio produced Alien?", "produced"),
    ("Who is the villain in Alien?", "villain"),
    ("Who edited Jaws?", "edited"),
    ("How tall is Ridley Scott?", "tall"),
]
MISSING_ENTITY = [
    ("Who directed The Godfather Part II?", "part ii"),  # a longer name than the graph has
    ("name the director of terminator 2", "2"),  # a sequel the graph lacks
    ("When was Blade Runner 2049 released?", "2049"),
    ("Who wrote Alien Resurrection?", "resurrection"),
]
ANSWERED = [
    ("Who directed Alien?", "Ridley Scott"),
    ("Who directed the film Alien?", "Ridley Scott"),  # "film" says what Alien is
    ("Which films did Ridly Scott direct?", "Alien"),  # a typo: a fuzzy match that covers the name
    ("Who composed the music of Jaws?", "John Williams"),
    ("How many films did Ridley Scott direct?", "3"),
]


@pytest.mark.parametrize(("question", "word"), MISSING_RELATION)
def test_no_relation_for_what_is_asked_abstains(movies_graph: KnowledgeBase, question: str, word: str) -> None:
    a = movies_graph.ask(question)
    assert a.abstained and not a.entities
    assert "no relation" in a.why and repr(word) in a.why
    assert word in a.uncovered


@pytest.mark.parametrize(("question", "words"), MISSING_ENTITY)
def test_a_name_the_graph_lacks_abstains(movies_graph: KnowledgeBase, question: str, words: str) -> None:
    a = movies_graph.ask(question)
    assert a.abstained
    assert "nothing named" in a.why and words in a.why


@pytest.mark.parametrize(("question", "expected"), ANSWERED)
def test_covered_questions_are_answered(movies_graph: KnowledgeBase, question: str, expected: str) -> None:
    a = movies_graph.ask(question)
    assert not a.abstained and a.why == ""
    assert expected in [e.label for e in a.entities] or a.text == expected


def test_abstention_is_explained_everywhere(movies_graph: KnowledgeBase) -> None:
    d = movies_graph.ask("What is the budget of Alien?").to_dict()
    assert d["abstained"] and d["why"].startswith("no relation")
    assert d["answer"] == "not in the knowledge graph"


def test_kind_words_need_a_determiner() -> None:
    tokens = ["who", "directed", "the", "film", "alien"]
    assert kind_word(tokens, Mention("alien", 4, 5, (), 1.0)) == 3
    tokens = ["what", "kind", "of", "movie", "is", "heat"]
    assert kind_word(tokens, Mention("heat", 5, 6, (), 1.0)) == 3
    tokens = ["who", "produced", "alien"]  # a verb, not a kind of thing
    assert kind_word(tokens, Mention("alien", 2, 3, (), 1.0)) is None


def _why(question: str, mention: Mention, named: set[int], words: list[str], unnamed: bool = False) -> str:
    shape = analyse(question, [(mention.start, mention.end)])
    return unanswerable(question, shape, named, words, [mention], [mention], unnamed)


def test_capitalised_words_joined_to_a_mention_are_part_of_its_name() -> None:
    q = "when was Sound of Metal released"
    metal = Mention("metal", 4, 5, (), 1.5)
    assert "sound" in _why(q, metal, {4, 5}, ["sound"])
    # Title Case says nothing: every long word has a capital
    q = "When Was Sound Of Metal Released"
    assert _why(q, metal, {4, 5}, ["sound"]) == ""
    # a capitalised word elsewhere is not part of the name ("the Solar System is Makemake")
    q = "In which region of the Solar System is Makemake"
    make = Mention("makemake", 8, 9, (), 1.5)
    assert _why(q, make, {2, 8}, []) == ""


def test_fuzzy_and_unnamed_readings_with_words_left_abstain() -> None:
    q = "what words describe knives out"
    swords = Mention("swords", 1, 2, (), 0.8, fuzzy=True)
    assert "swords" in _why(q, swords, {1, 2}, ["knives"])
    q = "who produced alien"
    alien = Mention("alien", 2, 3, (), 1.5)
    assert "'produced'" in _why(q, alien, {2}, ["produced"], unnamed=True)
    assert _why(q, alien, {2}, ["produced"], unnamed=False) == ""  # a word names the relation
    assert _why(q, alien, {1, 2}, [], unnamed=True) == ""  # nothing is left of the question


def _as_tuned(settings_factory, tmp_path: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """The packaged reader's folder, and a copy of it whose tuning report says it learned to abstain
    (the weights are the packaged reader's own: tuning itself is the slow test in tests/training)."""
    from kgqa.fusion.readers.base import TUNING_REPORT
    from kgqa.fusion.readers.transformers import resolve_reader

    base = Path(resolve_reader("gemma3-270m", settings_factory().models_dir))
    tuned = tmp_path / "tuned"
    tuned.mkdir()
    for f in base.iterdir():
        (tuned / f.name).symlink_to(f)
    (tuned / TUNING_REPORT).write_text(json.dumps({"negatives": 12}), encoding="utf-8")
    return base, tuned


def test_a_reader_tuned_to_abstain_vouches_for_a_reading_no_word_names(settings_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Only a reader whose tuning report says it learned to abstain (kgqa's reader tuning with
    negatives) may keep a reading no word names; its answer stays unsure and says why."""
    from kgqa.fusion.answering import VOUCHED
    from kgqa.fusion.readers.base import TUNING_REPORT

    base, tuned = _as_tuned(settings_factory, tmp_path)
    question = "Which movies feature Elijah Wood?"  # "feature" names no relation of the pack
    lord = "The Lord of the Rings"

    def ask(reader: str, **kw: object) -> Answer:
        kb = KnowledgeBase.open(MOVIES, settings_factory(reader=reader, reader_backend="transformers", **kw))
        return kb.ask(question, read="always")

    vouched = ask(str(tuned))
    assert not vouched.abstained and vouched.entities[0].label.startswith(lord)
    assert vouched.confidence <= 0.5 and vouched.why == VOUCHED and "feature" in vouched.uncovered
    untuned = ask(str(base))  # the same model with no tuning report: its pick is no evidence
    assert untuned.abstained and "'feature'" in untuned.why
    assert ask(str(tuned), reader_vouches=False).abstained
    (tuned / TUNING_REPORT).write_text(json.dumps({"negatives": 0}), encoding="utf-8")  # never taught to abstain
    assert ask(str(tuned)).abstained


def test_no_chain_answers_the_reader_is_not_asked_unless_it_may_answer_alone(settings_factory) -> None:  # type: ignore[no-untyped-def]
    """A film the pack lacks: nothing links, so kgqa abstains without asking the reader. Allowed to
    answer alone from the nearest facts, the packaged reader names the director of a similar film
    (measured on benchmarks/abstention.py: why ``reader_answers_alone`` is off)."""
    question = "Who directed Jurassic World?"

    def ask(**kw: object) -> Answer:
        kb = KnowledgeBase.open(MOVIES, settings_factory(reader="gemma3-270m", reader_backend="transformers", **kw))
        return kb.ask(question)

    answer = ask()
    assert answer.abstained and answer.reader_output == "" and "names nothing" in answer.why
    alone = ask(reader_answers_alone=True)
    assert alone.reader_output and not alone.abstained and alone.confidence <= 0.5
    assert not alone.paths  # no chain proves it


def test_a_tuned_reader_may_pick_any_reading_of_the_entity_but_no_detour(settings_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """When no word names the best reading, a reader tuned to abstain may pick an answer of another
    walked reading of the same entity, not only of the close runner-up, and no longer than the best:
    "lead" names no relation, the best reading is *directed by* and the runner-up *written by*; the
    reader names an actor. A film it knows from elsewhere, reached only by a longer detour through the
    graph, is not taken."""
    from kgqa.fusion.answering import VOUCHED

    base, tuned = _as_tuned(settings_factory, tmp_path)

    def kb(reader: Path) -> KnowledgeBase:
        return KnowledgeBase.open(MOVIES, settings_factory(reader=str(reader), reader_backend="transformers"))

    question = "Who was the lead of Alien?"
    vouched = kb(tuned).ask(question, read="always")
    assert not vouched.abstained and vouched.why == VOUCHED and vouched.confidence <= 0.5
    assert vouched.paths[0].text.startswith("Alien —starring→")
    assert {"John Hurt", "Sigourney Weaver", "Tom Skerritt"} >= {e.label for e in vouched.entities}
    assert kb(base).ask(question, read="always").abstained  # an untuned reader's pick is no evidence
    assert kb(tuned).ask("Which picture has Sigourney Weaver?", read="always").abstained


def test_a_relation_the_trained_matcher_names_answers_where_the_best_scored_one_would_abstain(settings_factory) -> None:  # type: ignore[no-untyped-def]
    """When the best-scored chain is named by no word and leaves one unexplained ("lead": the best is
    *directed by*), the chain a trained matcher named (it marks it ``matched``, as
    ``Retriever._mark_matched`` does) answers instead, unsure and saying why; without such a mark
    kgqa abstains as before."""
    from kgqa.fusion.answering import MATCHED

    kb = KnowledgeBase.open(MOVIES, settings_factory(reader="none"))
    shape, r = kb.retriever.read_question("Who was the lead of Alien?")
    assert r.best is not None and r.best.lexical == 0
    assert str(r.best.result.relations[0].predicate).endswith("directedBy")
    assert kb.answerer.answer(r, lambda: None, None, shape).abstained
    starring = next(p for p in r.paths if str(p.result.relations[0].predicate).endswith("starring"))
    starring.features["matched"] = 1.0
    starring.lexical = 1.0
    answer = kb.answerer.answer(r, lambda: None, None, shape)
    assert not answer.abstained and answer.why == MATCHED and answer.confidence <= 0.6
    assert answer.paths[0].text.startswith("Alien —starring→")
    assert {e.label for e in answer.entities} <= {"John Hurt", "Sigourney Weaver", "Tom Skerritt"}


def test_a_chain_the_trained_matcher_names_answers_below_the_score_floor(settings_factory) -> None:  # type: ignore[no-untyped-def]
    """Below ``min_path_score`` the best chain does not answer, unless a trained matcher named it."""
    kb = KnowledgeBase.open(MOVIES, settings_factory(reader="none", min_path_score=50.0))
    _, r = kb.retriever.read_question("Who directed Alien?")
    assert r.paths and not r.answers  # every chain scores below the floor
    best = r.paths[0]
    assert str(best.result.relations[0].predicate).endswith("directedBy")
    best.features["matched"] = 1.0
    answers, _, _, chosen = kb.retriever._answer_set(r.paths)
    assert chosen == [best] and [kb.graph.labels.label(n) for n, _ in answers] == ["Ridley Scott"]
    best.lexical = 1.0
    r.answers = answers
    assert kb.retriever._confidence(r) <= 2 * kb.settings.retrieval.unnamed_confidence  # unsure: the scorer disagreed
