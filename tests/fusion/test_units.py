"""Numbers with units ("more than an hour", "above -200 °C", "older than 1000 years") are compared in
the unit the pack records them in, as its relation's name or gloss says ("in minutes"); a count that a
pack records as a number is read by the verb that names it ("how many people can X hold"); one word
naming two relations does not make a chain through both; a misspelt name ending in a schema word
("eifel tower") is still found."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kgqa import KnowledgeBase
from kgqa.fusion.paths import Hop
from kgqa.fusion.scoring import _detour
from kgqa.fusion.shapes import analyse
from kgqa.fusion.spelling import Speller
from kgqa.fusion.units import convert, unit_named, unit_stated

VENUES = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix v: <https://example.org/venues/> .
v:Venue a rdfs:Class ; rdfs:label "venue" .
v:Tower a rdfs:Class ; rdfs:label "tower" .
v:Person a rdfs:Class ; rdfs:label "person" .
v:Use a rdfs:Class ; rdfs:label "use" .
v:Show a rdfs:Class ; rdfs:label "show" .
v:capacity a rdf:Property ; rdfs:label "seating capacity" ; rdfs:comment "Number of spectators the venue holds." ;
    rdfs:domain v:Venue ; rdfs:range xsd:integer .
v:designedBy a rdf:Property ; rdfs:label "designed by" ; rdfs:domain v:Venue ; rdfs:range v:Person .
v:currentUse a rdf:Property ; rdfs:label "current use" ; skos:altLabel "used as" ; rdfs:range v:Use .
v:formerUse a rdf:Property ; rdfs:label "former use" ; skos:altLabel "original use" ; rdfs:range v:Use .
v:duration a rdf:Property ; rdfs:label "running time" ; rdfs:comment "How long a show lasts, in minutes." ;
    rdfs:domain v:Show ; rdfs:range xsd:decimal .
v:freezes a rdf:Property ; rdfs:label "storage temperature" ;
    rdfs:comment "Temperature in degrees Celsius the show's props are kept at." ; rdfs:range xsd:decimal .
v:opened a rdf:Property ; rdfs:label "year opened" ; rdfs:range xsd:integer .
v:museum a v:Use ; rdfs:label "museum" .
v:power a v:Use ; rdfs:label "power station" .
v:Ann a v:Person ; rdfs:label "Ann Archer" .
v:Bo a v:Person ; rdfs:label "Bo Builder" .
v:Arena a v:Venue ; rdfs:label "Grand Arena" ; v:capacity "90000"^^xsd:integer ; v:designedBy v:Ann .
v:Hall a v:Venue ; rdfs:label "Old Hall" ; v:currentUse v:museum ; v:formerUse v:power .
v:Gallery a v:Venue ; rdfs:label "New Gallery" ; v:formerUse v:museum ; v:designedBy v:Bo .
v:Eiffel a v:Tower ; rdfs:label "Eiffel Tower" ; v:designedBy v:Bo .
v:Long a v:Show ; rdfs:label "The Long Night" ; v:duration "150"^^xsd:decimal ; v:freezes "-250"^^xsd:decimal ;
    v:opened "1890"^^xsd:integer .
v:Short a v:Show ; rdfs:label "Brief Encounter" ; v:duration "45"^^xsd:decimal ; v:freezes "-150"^^xsd:decimal ;
    v:opened "1990"^^xsd:integer .
v:Mid a v:Show ; rdfs:label "Middle March" ; v:duration "75"^^xsd:decimal ; v:freezes "-190"^^xsd:decimal ;
    v:opened "1950"^^xsd:integer .
"""


@pytest.fixture(scope="module")
def venues(turtle_kb) -> KnowledgeBase:  # type: ignore[no-untyped-def]
    return turtle_kb(VENUES, "venues")  # type: ignore[no-any-return]


def test_units_are_read_from_the_question_and_from_a_gloss() -> None:
    assert unit_named("hours") == "hour" and unit_named("km") == "kilometer" and unit_named("c") == "degC"
    assert unit_named("leagues") is None and unit_named("films") is None and unit_named("a") is None
    assert unit_stated("How long a show lasts, in minutes.") == "minute"
    assert unit_stated("Temperature in degrees Celsius at standard pressure") == "degC"
    assert unit_stated("The year the works were finished.") is None
    assert convert(1, "hour", "minute") == pytest.approx(60) and convert(1, "hour", "meter") is None
    (f,) = analyse("Which shows run for more than an hour?").filters
    assert f.op == ">" and f.low is not None and (f.low.amount, f.low.unit) == (1.0, "hour")
    (f,) = analyse("Which gases boil above -200 °C?").filters
    assert f.low is not None and (f.low.amount, f.low.unit) == (-200.0, "degC")
    (f,) = analyse("films released after 1980").filters
    assert f.low is not None and f.low.unit is None and f.dimension == "time"


def test_a_filter_compares_in_the_unit_the_pack_records(venues: KnowledgeBase) -> None:
    a = venues.ask("Which shows run for more than an hour?")
    assert {e.label for e in a.entities} == {"The Long Night", "Middle March"}, (a.text, a.program)
    a = venues.ask("Which shows are kept below -200 °C?")
    assert {e.label for e in a.entities} == {"The Long Night"}, (a.text, a.program)
    a = venues.ask("Which shows run for less than 2 hours?")
    assert {e.label for e in a.entities} == {"Brief Encounter", "Middle March"}, (a.text, a.program)


def test_a_number_with_a_unit_is_no_year(venues: KnowledgeBase) -> None:
    # "100 minutes" is a length of time: "year opened" is not what it is compared with
    a = venues.ask("Which shows run for more than 100 minutes?")
    assert {e.label for e in a.entities} == {"The Long Night"}, (a.text, a.program)


def test_a_count_the_pack_records_is_read_by_its_verb(venues: KnowledgeBase) -> None:
    a = venues.ask("How many people can the Grand Arena hold?")
    assert a.text == "90000", (a.text, a.program)
    assert venues.ask("How many people designed the Grand Arena?").text == "1"


def test_one_word_naming_two_relations_makes_no_chain_through_both(venues: KnowledgeBase) -> None:
    a = venues.ask("What was the Old Hall originally used for?")
    assert a.text == "power station", (a.text, a.program)


def test_a_misspelt_name_that_ends_in_a_class_name_is_found(venues: KnowledgeBase) -> None:
    a = venues.ask("Who designed the Eifel Tower?")
    assert a.text == "Bo Builder", (a.text, a.program)


def test_a_chain_whose_two_steps_one_word_names_is_a_detour() -> None:
    current, former = URIRef("https://example.org/currentUse"), URIRef("https://example.org/formerUse")
    chain = (Hop(current, True), Hop(former, False))
    tokens = ["what", "was", "the", "old", "hall", "originally", "used", "for"]
    # "used" names both steps, "originally" the second only: no word is left to name the first
    assert _detour(chain, [frozenset({"used"}), frozenset({"used", "originally"})], tokens) == 1.0
    # a word of its own for each step ("the films by the *director* of X") is no detour
    assert _detour(chain, [frozenset({"director"}), frozenset({"films"})], tokens) == 0.0


def test_a_misspelt_word_of_the_schema_is_read_as_the_word(venues: KnowledgeBase) -> None:
    speller = venues.answerer.speller
    assert speller.correct("How long is the runing time of Brief Encounter?") == (
        "How long is the running time of Brief Encounter?"
    )
    # an English word, a name of the pack and a capitalised word are left as they are
    assert speller.correct("Who designed the Grand Arena?") == "Who designed the Grand Arena?"
    assert speller.correct("Is Encounter Brief?") == "Is Encounter Brief?"
    a = venues.ask("Who desinged the Eiffel Tower?")
    assert a.text == "Bo Builder" and a.question == "Who desinged the Eiffel Tower?", (a.text, a.program)


def test_numbers_and_kgqa_words_are_never_respelt() -> None:
    speller = Speller({"tree", "seven", "mountain", "height"}, set())
    assert speller.correct("which has more than three heads") == "which has more than three heads"
    assert speller.correct("the fourteenth highest mountian") == "the fourteenth highest mountain"


def test_a_yes_no_link_against_a_verbs_direction_is_no_link(turtle_kb) -> None:  # type: ignore[no-untyped-def]
    kb = turtle_kb(
        """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix h: <https://example.org/heroes/> .
h:Hero a rdfs:Class ; rdfs:label "hero" .
h:slew a rdf:Property ; rdfs:label "slew" ; rdfs:domain h:Hero ; rdfs:range h:Hero .
h:Paris a h:Hero ; rdfs:label "Paris" ; h:slew h:Achilles .
h:Achilles a h:Hero ; rdfs:label "Achilles" ; h:slew h:Hector .
h:Hector a h:Hero ; rdfs:label "Hector" .
""",
        "heroes",
    )
    assert kb.ask("Did Paris slay Achilles?").text == "yes"
    a = kb.ask("Did Achilles slay Paris?")
    assert a.text == "no" and a.confidence <= 0.6, (a.text, a.program)
    assert kb.ask("Was Achilles slain by Paris?").text == "yes"


def test_a_yes_no_check_of_a_value_compares_in_the_packs_unit(venues: KnowledgeBase) -> None:
    # The Long Night runs 150 minutes
    assert venues.ask("Does The Long Night run for more than an hour?").text == "yes"
    assert venues.ask("Does The Long Night run for less than 2 hours?").text == "no"
    assert venues.ask("Does Brief Encounter run for less than 2 hours?").text == "yes"
