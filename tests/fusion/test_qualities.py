"""A relation whose values are true or false, named as an adjective of a set ("evergreen plants native
to X", "which trees are not evergreen", "elements known since antiquity that are not metals"), keeps
the members whose value is true (false when denied right before it), and its SPARQL form says so."""

from __future__ import annotations

import pytest

from kgqa import KnowledgeBase
from kgqa.fusion.sparql import ANSWER

PLANTS = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix p: <https://example.org/plants/> .
p:Plant a rdfs:Class ; rdfs:label "plant" .
p:Tree a rdfs:Class ; rdfs:subClassOf p:Plant ; rdfs:label "tree" .
p:Shrub a rdfs:Class ; rdfs:subClassOf p:Plant ; rdfs:label "shrub" .
p:Region a rdfs:Class ; rdfs:label "region" .
p:nativeTo a rdf:Property ; rdfs:label "native to" ; rdfs:domain p:Plant ; rdfs:range p:Region .
p:evergreen a rdf:Property ; rdfs:label "evergreen" ; rdfs:domain p:Plant ; rdfs:range xsd:boolean .
p:cultivated a rdf:Property ; rdfs:label "cultivated since antiquity" ; rdfs:range xsd:boolean .
p:Europe a p:Region ; rdfs:label "Europe" .
p:Asia a p:Region ; rdfs:label "Asia" .
p:oak a p:Tree ; rdfs:label "English oak" ; p:nativeTo p:Europe ; p:evergreen false ; p:cultivated false .
p:yew a p:Tree ; rdfs:label "yew" ; p:nativeTo p:Europe ; p:evergreen true ; p:cultivated false .
p:olive a p:Tree ; rdfs:label "olive" ; p:nativeTo p:Europe ; p:evergreen true ; p:cultivated true .
p:holly a p:Shrub ; rdfs:label "holly" ; p:nativeTo p:Europe ; p:evergreen true ; p:cultivated false .
p:ginkgo a p:Tree ; rdfs:label "ginkgo" ; p:nativeTo p:Asia ; p:evergreen false ; p:cultivated true .
"""


@pytest.fixture(scope="module")
def plants(turtle_kb) -> KnowledgeBase:  # type: ignore[no-untyped-def]
    return turtle_kb(PLANTS, "plants")  # type: ignore[no-any-return]


def _labels(a) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.label for e in a.entities}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which trees are evergreen?", {"yew", "olive"}),
        ("Which trees are not evergreen?", {"English oak", "ginkgo"}),
        ("evergreen plants native to Europe", {"yew", "olive", "holly"}),
        ("Which trees native to Europe are not evergreen?", {"English oak"}),
        ("Which plants cultivated since antiquity are not shrubs?", {"olive", "ginkgo"}),
    ],
)
def test_a_quality_keeps_the_members_that_have_it(plants: KnowledgeBase, question: str, expected: set[str]) -> None:
    a = plants.ask(question)
    assert _labels(a) == expected, (a.text, a.program)
    assert a.confidence >= 0.8
    assert a.program is not None and a.program.sparql
    rows = plants.graph.store.select(a.program.sparql)
    assert {str(row[ANSWER]) for row in rows} == {e.iri for e in a.entities}


def test_a_yes_no_question_about_a_quality_is_still_a_check(plants: KnowledgeBase) -> None:
    assert plants.ask("Is the yew evergreen?").text == "yes"
    assert plants.ask("Is the ginkgo evergreen?").text == "no"


HEIGHTS = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <https://example.org/towers/> .
t:Tower a rdfs:Class ; rdfs:label "tower" .
t:City a rdfs:Class ; rdfs:label "city" .
t:in a rdf:Property ; rdfs:label "located in" ; rdfs:domain t:Tower ; rdfs:range t:City .
t:height a rdf:Property ; rdfs:label "height" ; rdfs:domain t:Tower ; rdfs:range xsd:decimal .
t:meanRadius a rdf:Property ; rdfs:label "mean radius" ; rdfs:domain t:Tower ; rdfs:range xsd:decimal .
t:opened a rdf:Property ; rdfs:label "year opened" ; rdfs:domain t:Tower ; rdfs:range xsd:integer .
t:Paris a t:City ; rdfs:label "Paris" .
t:Lyon a t:City ; rdfs:label "Lyon" .
t:Eiffel a t:Tower ; rdfs:label "Eiffel Tower" ; t:in t:Paris ; t:height 300.0 ; t:meanRadius 60.0 ; t:opened 1889 .
t:Montparnasse a t:Tower ; rdfs:label "Tour Montparnasse" ; t:in t:Paris ; t:height 210.0 ; t:meanRadius 20.0 ;
    t:opened 1973 .
t:Part a t:Tower ; rdfs:label "Tour Part-Dieu" ; t:in t:Lyon ; t:height 165.0 ; t:meanRadius 15.0 ; t:opened 1977 .
"""


@pytest.fixture(scope="module")
def towers(turtle_kb) -> KnowledgeBase:  # type: ignore[no-untyped-def]
    return turtle_kb(HEIGHTS, "towers")  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is the total height of the towers located in Paris?", 510.0),
        ("What is the average height of the towers located in Paris?", 255.0),
        ("What is the combined height of all towers?", 675.0),
    ],
)
def test_a_sum_or_an_average_of_a_sets_values(towers: KnowledgeBase, question: str, expected: float) -> None:
    a = towers.ask(question)
    assert a.program is not None and a.program.shape == "aggregate", (a.text, a.program)
    assert float(a.text) == pytest.approx(expected) and a.confidence >= 0.8
    (row,) = towers.graph.store.select(a.program.sparql)
    assert float(row["value"]) == pytest.approx(expected)  # type: ignore[call-overload]


def test_a_measure_named_mean_is_no_average(towers: KnowledgeBase) -> None:
    a = towers.ask("What is the mean radius of the Eiffel Tower?")
    assert a.text == "60.0", (a.text, a.program)
    # years are not added up
    assert towers.ask("What is the total year opened of the towers in Paris?").program.shape != "aggregate"  # type: ignore[union-attr]


def test_a_quality_named_with_a_copula_and_written_as_one(turtle_kb) -> None:  # type: ignore[no-untyped-def]
    kb = turtle_kb(
        """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix z: <https://example.org/zoo/> .
z:Animal a rdfs:Class ; rdfs:label "animal" .
z:extinct a rdf:Property ; rdfs:label "is extinct" ; rdfs:range xsd:boolean .
z:venomous a rdf:Property ; rdfs:label "venomous" ; rdfs:range xsd:boolean .
z:dodo a z:Animal ; rdfs:label "dodo" ; z:extinct "1"^^xsd:boolean ; z:venomous false .
z:platypus a z:Animal ; rdfs:label "platypus" ; z:extinct false ; z:venomous true .
z:moa a z:Animal ; rdfs:label "moa" ; z:extinct true ; z:venomous false .
""",
        "extinct",
    )
    a = kb.ask("Which animals are extinct?")
    assert _labels(a) == {"dodo", "moa"}, (a.text, a.program)
    a = kb.ask("Which animals are extinct and not venomous?")
    assert _labels(a) == {"dodo", "moa"}, (a.text, a.program)
    rows = kb.graph.store.select(a.program.sparql)  # type: ignore[union-attr]
    assert {str(row[ANSWER]) for row in rows} == {e.iri for e in a.entities}
