"""End-to-end questions over the bundled pack and a pack of another domain."""

from __future__ import annotations

import pytest

from kgqa import KnowledgeBase, QuestionError

ONE_HOP = [
    ("Who directed Alien?", "Ridley Scott"),
    ("When was Jaws released?", "1975"),
    ("What language is Parasite in?", "Korean"),
    ("who directed Schindlers List", "Steven Spielberg"),  # no apostrophe
    ("who directd Jurrasic Park", "Steven Spielberg"),  # typos: fuzzy linking
    ("What genre is Rashomon?", "crime"),
]
MULTI_HOP = [
    ("Where was the director of Jaws born?", "Cincinnati"),  # 2 hops
    ("Who wrote the book that Blade Runner is based on?", "Philip K. Dick"),  # 2 hops
]


@pytest.mark.parametrize(("question", "expected"), ONE_HOP + MULTI_HOP)
def test_graph_answers(movies_graph: KnowledgeBase, question: str, expected: str) -> None:
    a = movies_graph.ask(question)
    assert not a.abstained
    assert a.entities[0].label == expected
    assert any(expected in f.sentence for f in a.supporting_facts)


def test_answer_sets_name_every_answer(movies_graph: KnowledgeBase) -> None:
    a = movies_graph.ask("What movies did Ridley Scott direct?")
    assert {e.label for e in a.entities} == {"Alien", "Blade Runner", "Gladiator"}
    assert [e.rank for e in a.entities] == [1, 2, 3]
    assert a.paths and "directed" in a.paths[0].text


def test_two_entities_intersect(movies_graph: KnowledgeBase) -> None:
    a = movies_graph.ask("Which films directed by Christopher Nolan star Leonardo DiCaprio?")
    assert [e.label for e in a.entities] == ["Inception"]


def test_unknown_entity_abstains(movies_graph: KnowledgeBase) -> None:
    a = movies_graph.ask("Who directed Avengers Endgame?")
    assert a.abstained and a.text == "not in the knowledge graph" and not a.entities


def test_provenance_of_supporting_facts(movies_graph: KnowledgeBase) -> None:
    a = movies_graph.ask("What awards did Parasite win?")
    assert {e.label for e in a.entities} == {"Academy Award for Best Picture", "Palme d'Or"}
    assert all(f.sources == ("https://kgqa.dev/packs/movies/graph/awards",) for f in a.supporting_facts)


def test_empty_and_huge_questions_are_refused(movies_graph: KnowledgeBase) -> None:
    with pytest.raises(QuestionError, match="empty"):
        movies_graph.ask("   ")
    with pytest.raises(QuestionError, match="limit"):
        movies_graph.ask("who directed Alien " * 6000)  # ~100 kB


def test_facts_are_ranked_with_scores(movies_graph: KnowledgeBase) -> None:
    facts = movies_graph.facts("Who directed Alien?")
    assert facts[0].sentence == "Alien was directed by Ridley Scott."
    assert 0 < len(facts) <= movies_graph.settings.reading.max_facts
    assert all(f.sources for f in facts)


def test_reader_answers_and_cites(movies_kb: KnowledgeBase) -> None:
    a = movies_kb.ask("Who directed Alien?", read="always")
    assert a.entities[0].label == "Ridley Scott"
    assert "Ridley Scott" in a.text
    assert "Ridley Scott" in a.reader_output  # the packaged Gemma reader really ran
    assert a.timings["read"] > 0
    assert any(f.sentence == "Alien was directed by Ridley Scott." for f in a.supporting_facts)


def test_reader_is_skipped_when_the_graph_is_sure(movies_kb: KnowledgeBase) -> None:
    a = movies_kb.ask("Who directed Alien?")
    assert a.entities[0].label == "Ridley Scott" and a.reader_output == ""


def test_reader_cannot_override_the_graph(movies_kb: KnowledgeBase) -> None:
    a = movies_kb.ask("Which films star Sigourney Weaver?", read="always")
    assert {e.label for e in a.entities} == {"Alien", "Aliens", "Avatar"}


def test_reader_abstains_when_facts_do_not_answer(movies_kb: KnowledgeBase) -> None:
    a = movies_kb.ask("What was the budget of Titanic?")
    assert a.abstained


def test_unseen_domain_pack(rivers_kb: KnowledgeBase) -> None:
    a = rivers_kb.ask("Which cities does the Danube flow through?")
    assert {e.label for e in a.entities} == {"Vienna", "Budapest", "Belgrade"}
    b = rivers_kb.ask("What is Wien the capital of?")  # alt label
    assert b.entities[0].label == "Austria"
    c = rivers_kb.ask("Who won the Nobel Prize in 1921?")
    assert c.abstained


def test_answer_to_dict_is_json_ready(movies_graph: KnowledgeBase) -> None:
    import json

    d = movies_graph.ask("Who directed Alien?").to_dict()
    json.dumps(d)
    assert d["entities"][0] == {
        "iri": "https://kgqa.dev/packs/movies/id/Ridley_Scott",
        "label": "Ridley Scott",
        "rank": 1,
        "score": d["entities"][0]["score"],
    }
    assert {"question", "answer", "entities", "facts", "confidence", "abstained", "paths"} <= set(d)


def test_pruned_walks_keep_the_answer_its_confidence_and_close_readings(movies_graph: KnowledgeBase) -> None:
    retriever = movies_graph.retriever
    questions = [q for q, _ in ONE_HOP + MULTI_HOP] + [
        "Which films share a director with Alien?",
        "What language are the films directed by the director of Parasite in?",
        "Who starred in the films that Ridley Scott directed?",
        "Which films directed by Ridley Scott star Sigourney Weaver?",  # two entities' chains join
    ]
    pruned = [retriever.retrieve(q) for q in questions]
    full = [retriever.retrieve(q, exhaustive=True) for q in questions]
    assert sum(len(f.paths) for f in full) > sum(len(p.paths) for p in pruned)  # something was not walked
    for p, f in zip(pruned, full, strict=True):
        assert [n for n, _ in p.answers] == [n for n, _ in f.answers]
        assert [s for _, s in p.answers] == pytest.approx([s for _, s in f.answers])  # float rounding
        assert p.confidence == pytest.approx(f.confidence)
        assert [t for t, _ in p.facts] == [t for t, _ in f.facts]
        # every reading within the margin is still there, with its score (up to float rounding)
        close = {(x.result.relations, round(x.score, 5)) for x in f.paths if x.score >= f.paths[0].score - 0.5}
        assert {(x.result.relations, round(x.score, 5)) for x in p.paths[: len(close)]} == close


def test_relation_chain_texts_are_embedded_at_open(rivers_kb: KnowledgeBase) -> None:
    prepared = dict(rivers_kb.retriever.scorer.vectors._vectors)
    assert len(prepared) >= 4 + 16  # chains of the pack's 4 relations, any direction (same text)
    rivers_kb.retrieve("Which capital lies on the river that flows into the Black Sea?")
    assert rivers_kb.retriever.scorer.vectors._vectors.keys() == prepared.keys()  # the question embedded no chain


def test_int8_question_vectors_change_no_answer_and_close_calls_are_decided_exactly(
    movies_graph: KnowledgeBase, settings_factory
) -> None:  # type: ignore[no-untyped-def]
    exact_kb = KnowledgeBase.open(movies_graph.pack.root, settings_factory(reader="none", query_precision="float32"))
    questions = [q for q, _ in ONE_HOP + MULTI_HOP] + [
        "Which films share a director with Alien?",
        "Who starred in the films that Ridley Scott directed?",
        "Tell me about Alien",  # no word names a relation: the question vector decides
        "Who won the Academy Award for Best Actress?",
    ]
    retriever = movies_graph.retriever
    for q in questions:
        fast, exact = retriever.retrieve(q), exact_kb.retrieve(q)
        assert exact.exact_query
        assert [n for n, _ in fast.answers] == [n for n, _ in exact.answers], q
        if fast.exact_query:  # redone with the exact vector: everything is the same
            assert [t for t, _ in fast.facts] == [t for t, _ in exact.facts]
            assert fast.confidence == pytest.approx(exact.confidence)
        else:  # kept the int8 vector only because every decision led clearly
            assert fast.best is not None and fast.best.lexical > 0
            assert retriever._decision_gap(fast) >= retriever.settings.exact_margin
    assert not retriever.retrieve("Who directed Alien?").exact_query  # clear: the fast vector served
    assert retriever.retrieve("Tell me about Alien").exact_query


def test_a_fact_that_loops_on_the_entity_answers_it_and_a_chain_back_through_others_does_not(
    tmp_path, settings_factory
) -> None:  # type: ignore[no-untyped-def]
    from kgqa.knowledge.importers import import_triples

    (tmp_path / "kb.txt").write_text(
        "Robin Hood|recording|Robin Hood\n"  # names merged in the source graph: the track is its own recording
        "Greensleeves|recording|Greensleeves Live\n"
        "Greensleeves|artist|Ann Reed\n"
        "Lullaby|artist|Ann Reed\n"
    )
    import_triples(tmp_path / "kb.txt", tmp_path / "pack", name="loops")
    kb = KnowledgeBase.open(tmp_path / "pack", settings_factory(reader="none"))
    a = kb.ask("what is the recording of Robin Hood?")
    assert not a.abstained and [e.label for e in a.entities] == ["Robin Hood"]
    b = kb.ask("which tracks have the same artist as Lullaby?")  # back to Lullaby through Ann Reed: not an answer
    assert [e.label for e in b.entities] == ["Greensleeves"]


def test_answers_one_chain_proves_alike_come_best_connected_first(tmp_path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    from kgqa.knowledge.importers import import_triples

    facts = ["Twins|directed_by|Ann Lee", "Twins|directed_by|Bo Ma", "Summer|directed_by|Bo Ma",
             "Winter|directed_by|Bo Ma", "Summer|release_year|1999"]  # fmt: skip
    firsts = {}
    for name, lines in (("a", facts), ("b", facts[1::-1] + facts[2:])):
        (tmp_path / f"{name}.txt").write_text("\n".join(lines) + "\n")
        import_triples(tmp_path / f"{name}.txt", tmp_path / name, name=name)
        ranked = KnowledgeBase.open(tmp_path / name, settings_factory(reader="none")).ask("who directed Twins?")
        plain = KnowledgeBase.open(tmp_path / name, settings_factory(reader="none", rank_answers_limit=0))
        firsts[name] = (ranked.entities[0].label, [e.label for e in plain.ask("who directed Twins?").entities])
    assert firsts["a"][0] == firsts["b"][0] == "Bo Ma"  # three films to Ann Lee's one, whatever the file order
    assert sorted(firsts["a"][1]) == sorted(firsts["b"][1]) == ["Ann Lee", "Bo Ma"]
