"""Glosses of relations' nouns: how a dictionary sentence becomes question phrases, and the packaged
reader glossing a relation of a small real pack so that synthesised questions use words no label has."""

from __future__ import annotations

import random
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kgqa.fusion.paths import Hop
from kgqa.fusion.readers.base import load_reader
from kgqa.representation.labels import Labels
from kgqa.representation.stores.memory import MemoryStore
from kgqa.training.examples import say_chain
from kgqa.training.glosses import Glossary, GlossPhrases, kinds, phrases, relation_nouns

TAGS = URIRef("https://example.org/hasTags")
VOTES = URIRef("https://example.org/hasImdbVotes")


def test_relation_nouns_are_the_endings_of_its_names_and_verbs_have_none() -> None:
    assert relation_nouns(["has tags"]) == ["tag"]
    assert relation_nouns(["people person place of birth"]) == ["birth", "place of birth"]
    assert relation_nouns(["has imdb rating", "categories"]) == ["rating", "imdb rating", "category"]
    assert relation_nouns(["directed by", "born in"]) == []  # relations named by a verb


def test_a_gloss_becomes_phrases_about_the_entity_it_defines() -> None:
    tag = phrases("a word or phrase that describes a person, place, or thing")
    assert "word or phrase that describes {x}" in tag.forward
    assert "things {x} describes" in tag.backward  # the verb and its object: readable backwards
    born = phrases("the place where a person was born")
    assert born.forward == ("the place where {x} was born", "place where {x} was born") and born.backward == ()
    assert "city where {x}'s government sits" in phrases("the city where a country's government sits").forward
    assert "what type of literature is {x}" in phrases("a type of literature").forward
    braced = phrases("a word that describes {x} or {0} in a {book}")  # a model's braces are not fields
    assert [p.format(x="Alien") for p in braced.forward] == [
        "the word that describes x or 0 in Alien",
        "word that describes x or 0 in Alien",
    ]
    # no defining clause, nothing it is about, or too long: no phrase rather than a wrong one
    for gloss in ("the sex of a person", "the people who live here", "a literary genre", ""):
        assert phrases(gloss) == GlossPhrases(gloss)


def test_the_packaged_reader_glosses_a_relation_and_synthesis_says_it(tmp_path: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    store = MemoryStore()
    store.add((TAGS, RDFS.label, Literal("has tags")), "urn:kgqa:file:x")
    labels = Labels.from_store(store)
    models = settings_factory().models_dir
    reader = load_reader("gemma3-270m", models, max_new_tokens=24)
    assert reader is not None
    glossary = Glossary(reader.complete, labels, tmp_path / "glosses.json")  # type: ignore[attr-defined]
    got = glossary.get(TAGS)
    assert got.gloss.startswith("tag: ") and any("describes {x}" in p for p in got.forward), got
    glossary.save()
    # kept: the same glosses again without a model (one that would fail if asked)
    again = Glossary(lambda prompt: "", labels, tmp_path / "glosses.json")
    assert again.get(TAGS) == got
    said = {say_chain((Hop(TAGS, True),), "Alien", labels, random.Random(i), again) for i in range(40)}
    assert any("describes Alien" in q for q in said) and any("tags" in q for q in said)


def test_a_gloss_model_that_says_nothing_glosses_nothing_and_keeps_nothing(tmp_path: Path) -> None:
    store = MemoryStore()
    store.add((TAGS, RDFS.label, Literal("has tags")), "urn:kgqa:file:x")
    glossary = Glossary(lambda prompt: "\n", Labels.from_store(store), tmp_path / "glosses.json")
    assert glossary.get(TAGS).forward == ()
    glossary.save()
    assert (tmp_path / "glosses.json").read_text(encoding="utf-8").strip() == "{}"  # asked again next time
    (tmp_path / "glosses.json").write_text('["not", "glosses"]', encoding="utf-8")  # a damaged file: glossed again
    assert Glossary(
        lambda prompt: "a word that names a thing", Labels.from_store(store), tmp_path / "glosses.json"
    ).get(TAGS).forward == ("the word that names {x}", "word that names {x}")


def test_a_gloss_says_what_kind_of_thing_its_relation_links() -> None:
    assert kinds("the number of votes cast by a movie's audience") == (("movie",), ())
    assert kinds("a person who plays a role in a movie") == (("movie",), ("person",))  # subject, object
    assert kinds("the date when a book is released") == (("book",), ())
    # an adjective before the noun, a list, or no indefinite thing: no kind rather than a wrong one
    listed = "a word or phrase that describes a person, place, or thing"
    for gloss in ("a literary genre", listed, "the way people speak"):
        assert kinds(gloss) == ((), ())


def test_the_kinds_of_a_glossary_leave_out_words_that_name_a_relation() -> None:
    store = MemoryStore()
    store.add((TAGS, RDFS.label, Literal("has tags")), "urn:kgqa:file:x")
    store.add((VOTES, RDFS.label, Literal("has imdb votes")), "urn:kgqa:file:x")
    said = {"tag": "a word or phrase that describes a person, place, or thing", "vote": "the act of voting",
            "imdb vote": "the number of votes cast by a movie's audience"}  # fmt: skip
    glossary = Glossary(lambda p: said.get(p.rsplit("\n\n", 1)[-1].split(" (noun)")[0], ""), Labels.from_store(store))
    glossary.get(TAGS), glossary.get(VOTES)
    assert glossary.kinds() == ["movie"]
    store.add((URIRef("https://example.org/movie"), RDFS.label, Literal("movie")), "urn:kgqa:file:x")
    again = Glossary(glossary.complete, Labels.from_store(store))
    again.get(TAGS), again.get(VOTES), again.get(URIRef("https://example.org/movie"))
    assert again.kinds() == []  # "movie" asks for a relation of this pack: not a neutral word
