"""Nationality words stand for the pack's countries ("Dutch painters", "a Spanish city", "both
Dutch and French"), from countryinfo's table of demonyms; a nationality word the pack names
itself (a language called "Spanish") keeps its own meaning."""

from __future__ import annotations

import pytest

from kgqa import KnowledgeBase
from kgqa.representation.labels import demonym_table

ATELIER = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix a: <https://example.org/atelier/> .
a:Painter a rdfs:Class ; rdfs:label "painter" .
a:Work a rdfs:Class ; rdfs:label "painting" .
a:City a rdfs:Class ; rdfs:label "city" .
a:Country a rdfs:Class ; rdfs:label "country" .
a:Language a rdfs:Class ; rdfs:label "language" .
a:painter a rdf:Property ; rdfs:label "painter" ; rdfs:domain a:Work ; rdfs:range a:Painter .
a:nationality a rdf:Property ; rdfs:label "nationality" ; rdfs:domain a:Painter ; rdfs:range a:Country .
a:paintedIn a rdf:Property ; rdfs:label "painted in" ; rdfs:domain a:Work ; rdfs:range a:City .
a:locatedIn a rdf:Property ; rdfs:label "located in" ; rdfs:domain a:City ; rdfs:range a:Country .
a:spoke a rdf:Property ; rdfs:label "spoke" ; rdfs:domain a:Painter ; rdfs:range a:Language .
a:France a a:Country ; rdfs:label "France" .
a:Netherlands a a:Country ; rdfs:label "Netherlands" .
a:Spain a a:Country ; rdfs:label "Spain" .
a:Som a a:Painter ; rdfs:label "SOM" .
a:Island a rdfs:Class ; rdfs:label "island" .
a:USA a a:Country ; rdfs:label "United States" .
a:Whistler a a:Painter ; rdfs:label "James McNeill Whistler" ; a:nationality a:USA .
a:Paris a a:City ; rdfs:label "Paris" ; a:locatedIn a:France .
a:Madrid a a:City ; rdfs:label "Madrid" ; a:locatedIn a:Spain .
a:Delft a a:City ; rdfs:label "Delft" ; a:locatedIn a:Netherlands .
a:Spanish a a:Language ; rdfs:label "Spanish" .
a:Monet a a:Painter ; rdfs:label "Claude Monet" ; a:nationality a:France .
a:Degas a a:Painter ; rdfs:label "Edgar Degas" ; a:nationality a:France .
a:Vermeer a a:Painter ; rdfs:label "Johannes Vermeer" ; a:nationality a:Netherlands .
a:VanGogh a a:Painter ; rdfs:label "Vincent van Gogh" ; a:nationality a:Netherlands , a:France .
a:Goya a a:Painter ; rdfs:label "Francisco Goya" ; a:nationality a:Spain ; a:spoke a:Spanish .
a:Milkmaid a a:Work ; rdfs:label "The Milkmaid" ; a:painter a:Vermeer ; a:paintedIn a:Delft .
a:Saturn a a:Work ; rdfs:label "Saturn Devouring His Son" ; a:painter a:Goya ; a:paintedIn a:Madrid .
a:Absinthe a a:Work ; rdfs:label "L'Absinthe" ; a:painter a:Degas ; a:paintedIn a:Paris .
a:View a a:Work ; rdfs:label "View of Delft" ; a:painter a:Vermeer ; a:paintedIn a:Delft .
a:Bar a a:Work ; rdfs:label "The Street" ; a:painter a:Vermeer ; a:paintedIn a:Delft .
a:Sunrise a a:Work ; rdfs:label "Impression, Sunrise" ; a:painter a:Monet .
a:Potato a a:Work ; rdfs:label "The Potato Eaters" ; a:painter a:VanGogh .
"""


@pytest.fixture(scope="module")
def atelier(turtle_kb) -> KnowledgeBase:  # type: ignore[no-untyped-def]
    return turtle_kb(ATELIER, "atelier")  # type: ignore[no-any-return]


def test_the_table_maps_nationality_words_to_countries() -> None:
    table = demonym_table()
    assert "france" in table["french"] and "netherlands" in table["dutch"]
    assert "united states" in table["american"]


def test_a_nationality_word_before_a_class_is_its_country(atelier: KnowledgeBase) -> None:
    # "painters" names the class, not the relation *painter* of a painting on the way to it
    a = atelier.ask("How many French painters are there?")
    assert a.text == "3" and a.confidence >= 0.8


def test_two_nationality_words_joined_by_both(atelier: KnowledgeBase) -> None:
    a = atelier.ask("Which painters held both Dutch and French nationality?")
    assert {e.label for e in a.entities} == {"Vincent van Gogh"}


def test_a_nationality_word_reaches_the_country_through_a_place(atelier: KnowledgeBase) -> None:
    a = atelier.ask("Which paintings were painted in a French city?")
    assert {e.label for e in a.entities} == {"L'Absinthe"}


def test_a_nationality_word_the_pack_names_keeps_its_meaning(atelier: KnowledgeBase) -> None:
    assert "spanish" not in atelier.graph.names.demonyms and atelier.graph.names.demonyms["dutch"]
    a = atelier.ask("Which painters spoke Spanish?")
    assert {e.label for e in a.entities} == {"Francisco Goya"}


def test_a_nationality_word_is_checked_as_a_claim(atelier: KnowledgeBase) -> None:
    assert atelier.ask("Was Johannes Vermeer Dutch?").text == "yes"
    assert atelier.ask("Was Francisco Goya Dutch?").text == "no"


def test_a_country_abbreviation_as_typed_is_the_country(atelier: KnowledgeBase) -> None:
    linked = [atelier.labels.label(m.nodes[0]) for m in atelier.linker.link("Which painters were from the US?")]
    assert "United States" in linked
    # "us" in lower case is the pronoun
    assert "United States" not in [atelier.labels.label(m.nodes[0]) for m in atelier.linker.link("tell us about Delft")]
    assert {e.label for e in atelier.ask("Which painters had US nationality?").entities} == {"James McNeill Whistler"}


def test_codes_and_foreign_spellings_of_countries_name_nothing_else(atelier: KnowledgeBase) -> None:
    # "SOM" (Somalia's code) and "Island" (Iceland in Icelandic) are other things of the pack
    names = atelier.graph.names
    assert "somali" not in names.demonyms and "icelander" not in names.demonyms
    assert "SO" not in names.abbreviations and "IS" not in names.abbreviations


def test_an_adjective_made_from_a_place_name_stands_for_the_place(turtle_kb) -> None:  # type: ignore[no-untyped-def]
    kb = turtle_kb(
        """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix g: <https://example.org/garden/> .
g:Plant a rdfs:Class ; rdfs:label "plant" .
g:Region a rdfs:Class ; rdfs:label "region" .
g:nativeTo a rdf:Property ; rdfs:label "native to" ; rdfs:domain g:Plant ; rdfs:range g:Region .
g:Europe a g:Region ; rdfs:label "Europe" .
g:Africa a g:Region ; rdfs:label "Africa" .
g:Tasmania a g:Region ; rdfs:label "Tasmania" .
g:yew a g:Plant ; rdfs:label "yew" ; g:nativeTo g:Europe .
g:aloe a g:Plant ; rdfs:label "aloe" ; g:nativeTo g:Africa .
g:gum a g:Plant ; rdfs:label "blue gum" ; g:nativeTo g:Tasmania .
""",
        "garden",
    )
    names = kb.graph.names
    assert names.place_of("european") == names.lookup("Europe")[0]
    assert names.place_of("africans") == names.lookup("Africa")[0]
    assert names.place_of("tasmanian") == names.lookup("Tasmania")[0]
    assert names.place_of("roman") is None and names.place_of("europe") is None
    assert {e.label for e in kb.ask("Which European plants are there?").entities} == {"yew"}
    assert {e.label for e in kb.ask("Which plants are African?").entities} == {"aloe"}
