"""Relations that put one thing inside another ("located in", ``skos:broader``): what is native to a
country is native to its continent, a building of a narrower style is of the wider one. The walk reads
a step backwards into what is inside, and the SPARQL form says the same (``<p>/<in>*``)."""

from __future__ import annotations

import pytest
from rdflib import Namespace

from kgqa import KnowledgeBase
from kgqa.fusion.paths import containment
from kgqa.fusion.sparql import ANSWER

FLORA = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix f: <https://example.org/flora/> .
f:Plant a rdfs:Class ; rdfs:label "plant" .
f:Place a rdfs:Class ; rdfs:label "place" .
f:Garden a rdfs:Class ; rdfs:label "garden" .
f:Person a rdfs:Class ; rdfs:label "person" .
f:locatedIn a rdf:Property ; rdfs:label "located in" ; rdfs:domain f:Place ; rdfs:range f:Place .
f:nativeTo a rdf:Property ; rdfs:label "native to" ; rdfs:domain f:Plant ; rdfs:range f:Place .
f:bornIn a rdf:Property ; rdfs:label "place of birth" ; rdfs:range f:Place .
f:nationality a rdf:Property ; rdfs:label "nationality" ; rdfs:range f:Place .
f:style a rdf:Property ; rdfs:label "garden style" ; rdfs:domain f:Garden .
f:capitalOf a rdf:Property ; rdfs:label "capital of" ; rdfs:domain f:Place ; rdfs:range f:Place .
f:Aix a f:Place ; rdfs:label "Aix-en-Provence" ; f:locatedIn f:Provence ; f:capitalOf f:Provence .
f:Europe a f:Place ; rdfs:label "Europe" .
f:Asia a f:Place ; rdfs:label "Asia" .
f:France a f:Place ; rdfs:label "France" ; f:locatedIn f:Europe .
f:Provence a f:Place ; rdfs:label "Provence" ; f:locatedIn f:France .
f:Paris a f:Place ; rdfs:label "Paris" ; f:locatedIn f:France ; f:capitalOf f:France .
f:Japan a f:Place ; rdfs:label "Japan" ; f:locatedIn f:Asia .
f:lavender a f:Plant ; rdfs:label "lavender" ; f:nativeTo f:Provence .
f:oak a f:Plant ; rdfs:label "oak" ; f:nativeTo f:Europe .
f:iris a f:Plant ; rdfs:label "iris" ; f:nativeTo f:France .
f:thyme a f:Plant ; rdfs:label "thyme" ; f:nativeTo f:Provence .
f:rosemary a f:Plant ; rdfs:label "rosemary" ; f:nativeTo f:Provence .
f:cherry a f:Plant ; rdfs:label "cherry" ; f:nativeTo f:Japan .
f:Formal a skos:Concept ; rdfs:label "formal garden" .
f:French a skos:Concept ; rdfs:label "French formal garden" ; skos:broader f:Formal .
f:Versailles a f:Garden ; rdfs:label "Gardens of Versailles" ; f:style f:French .
f:Boboli a f:Garden ; rdfs:label "Boboli Gardens" ; f:style f:Formal .
f:Vaux a f:Garden ; rdfs:label "Vaux-le-Vicomte" ; f:style f:French .
f:Ryoanji a f:Garden ; rdfs:label "Ryoan-ji" .
f:Monet a f:Person ; rdfs:label "Claude Monet" ; f:bornIn f:Paris ; f:nationality f:France .
f:Le a f:Person ; rdfs:label "Andre Le Notre" ; f:bornIn f:Paris ; f:nationality f:France .
f:Gogh a f:Person ; rdfs:label "Vincent van Gogh" ; f:nationality f:France .
"""
F = Namespace("https://example.org/flora/")


@pytest.fixture(scope="module")
def flora(turtle_kb) -> KnowledgeBase:  # type: ignore[no-untyped-def]
    return turtle_kb(FLORA, "flora")  # type: ignore[no-any-return]


def _checked(kb: KnowledgeBase, question: str) -> set[str]:
    """The answer's labels, after checking that its SPARQL form gives the same nodes."""
    a = kb.ask(question)
    assert a.program is not None and a.program.sparql, (question, a.program)
    rows = kb.graph.store.select(a.program.sparql)
    assert {str(r[ANSWER]) for r in rows} == {e.iri for e in a.entities}, (question, a.program.sparql)
    return {e.label for e in a.entities}


def test_containment_relations_are_found_by_name_and_by_skos(flora: KnowledgeBase) -> None:
    from rdflib import SKOS

    assert containment(flora.graph.store) == {F.locatedIn, SKOS.broader}


def test_a_place_reaches_what_is_inside_it(flora: KnowledgeBase) -> None:
    assert _checked(flora, "Which plants are native to Europe?") == {"oak", "iris", "lavender", "thyme", "rosemary"}
    assert _checked(flora, "Which plants are native to France?") == {"iris", "lavender", "thyme", "rosemary"}
    assert _checked(flora, "Which places are located in Europe?") == {"France", "Provence", "Paris", "Aix-en-Provence"}
    assert flora.ask("How many plants are native to Europe?").text == "5"


def test_a_style_reaches_its_narrower_styles(flora: KnowledgeBase) -> None:
    assert _checked(flora, "Which gardens have a formal garden style?") == {
        "Gardens of Versailles",
        "Boboli Gardens",
        "Vaux-le-Vicomte",
    }


def test_a_direct_fact_reads_before_one_inside(flora: KnowledgeBase) -> None:
    # "French people": nationality France (direct), not born in Paris (inside France)
    assert flora.ask("How many French people are there?").text == "3"


def test_a_relation_of_one_subject_per_object_is_not_read_inside(flora: KnowledgeBase) -> None:
    # France's capital is Paris; the capital of a region inside France is no capital of France
    assert {e.label for e in flora.ask("What is the capital of France?").entities} == {"Paris"}
