"""Entity linking: exact and fuzzy, names beat common words, capitals hint at names."""

from __future__ import annotations

from kgqa import KnowledgeBase


def _linked(kb: KnowledgeBase, question: str) -> list[str]:
    return [kb.labels.label(m.nodes[0]) for m in kb.linker.link(question)]


def test_exact_fuzzy_and_accentless_names(movies_graph: KnowledgeBase) -> None:
    assert _linked(movies_graph, "Who directed Alien?")[0] == "Alien"
    assert _linked(movies_graph, "who directd Jurrasic Park")[0] == "Jurassic Park"
    assert _linked(movies_graph, "who directed amelie")[0] == "Amélie"
    assert _linked(movies_graph, "Which films star Sigourney Weaver?")[0] == "Sigourney Weaver"


def test_words_of_the_schema_weigh_little(movies_graph: KnowledgeBase) -> None:
    # "film" names a class: the entity meant is the one with content words
    links = movies_graph.linker.link("Which film did Christopher Nolan direct?")
    assert movies_graph.labels.label(links[0].nodes[0]) == "Christopher Nolan"
    assert all(m.score < 0.9 for m in links[1:])


def test_two_entities_are_both_found(movies_graph: KnowledgeBase) -> None:
    assert set(_linked(movies_graph, "Which films directed by Christopher Nolan star Leonardo DiCaprio?")[:2]) == {
        "Christopher Nolan",
        "Leonardo DiCaprio",
    }


def test_nothing_to_link(movies_graph: KnowledgeBase) -> None:
    assert movies_graph.linker.link("what is the meaning of life") == []
    assert movies_graph.linker.link("") == []


def test_names_that_differ_only_in_accents_or_case_are_told_apart_as_typed(tmp_path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    from kgqa.knowledge.importers import import_triples

    (tmp_path / "kb.txt").write_text(
        "Brüno|release_year|2009\nBruno|release_year|2000\nBelieve|artist|Cher\nBELIEVE|artist|Suede\n"
    )
    import_triples(tmp_path / "kb.txt", tmp_path / "pack", name="namesakes")
    kb = KnowledgeBase.open(tmp_path / "pack", settings_factory(reader="none"))

    def linked(question: str) -> list[str]:
        return sorted(kb.labels.label(n) for n in kb.linker.link(question)[0].nodes)

    assert linked("When was Bruno released?") == linked("when was bruno released") == ["Bruno"]
    assert linked("When was Brüno released?") == ["Brüno"]
    assert linked("Who sang Believe?") == ["Believe"] and linked("Who sang BELIEVE?") == ["BELIEVE"]
    assert linked("who sang believe") == ["BELIEVE", "Believe"]  # typed neither way: both
    assert [e.label for e in kb.ask("When was Bruno released?").entities] == ["2000"]
    plain = KnowledgeBase.open(tmp_path / "pack", settings_factory(reader="none", prefer_as_typed=False))
    assert sorted(plain.labels.label(n) for n in plain.linker.link("When was Bruno released?")[0].nodes) == [
        "Bruno",
        "Brüno",
    ]


def test_a_name_made_of_a_sign_is_linked(tmp_path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    from kgqa.knowledge.importers import import_triples

    (tmp_path / "kb.txt").write_text("$|starred_actors|Goldie Hawn\nCabaret|starred_actors|Liza Minnelli\n")
    import_triples(tmp_path / "kb.txt", tmp_path / "pack", name="signs")
    kb = KnowledgeBase.open(tmp_path / "pack", settings_factory(reader="none"))
    assert [kb.labels.label(n) for n in kb.linker.link("who acted in $?")[0].nodes] == ["$"]
    assert [e.label for e in kb.ask("who acted in $").entities] == ["Goldie Hawn"]
    assert kb.linker.link("who acted in Cabaret?")[0].text == "cabaret"  # a question mark names nothing
