"""Names said in the plural ("toxic to *cats*" for the entity cat, "when do *tulips* flower") are
linked to the entity; a "not" between two such names applies to the one after it. "When" asks for a
season too, along a relation named a season."""

from __future__ import annotations

import pytest

from kgqa import KnowledgeBase

GARDEN = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix g: <https://example.org/garden/> .
g:Plant a rdfs:Class ; rdfs:label "plant" .
g:Animal a rdfs:Class ; rdfs:label "animal" .
g:toxicTo a rdf:Property ; rdfs:label "toxic to" ; rdfs:domain g:Plant ; rdfs:range g:Animal .
g:cat a g:Animal ; rdfs:label "cat" .
g:dog a g:Animal ; rdfs:label "dog" .
g:tulip a g:Plant ; rdfs:label "tulip" ; g:toxicTo g:cat .
g:lily a g:Plant ; rdfs:label "lily" ; g:toxicTo g:cat .
g:grape a g:Plant ; rdfs:label "grape vine" ; g:toxicTo g:dog .
g:yew a g:Plant ; rdfs:label "yew" ; g:toxicTo g:cat , g:dog .
g:rose a g:Plant ; rdfs:label "rose" .
g:Season a rdfs:Class ; rdfs:label "season" .
g:season a rdf:Property ; rdfs:label "flowering season" ; rdfs:domain g:Plant ; rdfs:range g:Season .
g:spring a g:Season ; rdfs:label "spring" .
g:summer a g:Season ; rdfs:label "summer" .
g:tulip g:season g:spring .
g:rose g:season g:summer .
"""


@pytest.fixture(scope="module")
def garden(turtle_kb) -> KnowledgeBase:  # type: ignore[no-untyped-def]
    return turtle_kb(GARDEN, "garden")  # type: ignore[no-any-return]


def _names(kb: KnowledgeBase, question: str) -> set[str]:
    return {e.label for e in kb.ask(question).entities}


def test_a_name_in_the_plural_is_linked(garden: KnowledgeBase) -> None:
    assert [garden.labels.label(m.nodes[0]) for m in garden.linker.link("toxic to cats")] == ["cat"]
    assert _names(garden, "Which plants are toxic to cats?") == {"tulip", "lily", "yew"}
    assert garden.ask("How many plants are toxic to dogs?").text == "2"


def test_a_claim_about_a_name_in_the_plural_is_checked(garden: KnowledgeBase) -> None:
    assert garden.ask("Is the tulip toxic to cats?").text == "yes"
    assert garden.ask("Is the tulip toxic to dogs?").text == "no"


def test_not_between_two_names_applies_to_the_one_after_it(garden: KnowledgeBase) -> None:
    assert _names(garden, "Which plants are toxic to dogs but not to cats?") == {"grape vine"}
    assert _names(garden, "Which plants are toxic to cats but not to dogs?") == {"tulip", "lily"}


def test_when_is_answered_by_a_season(garden: KnowledgeBase) -> None:
    a = garden.ask("When do tulips flower?")
    assert a.text == "spring" and not a.abstained
