"""Reading a question's operators from general English."""

from __future__ import annotations

import pytest

from kgqa.fusion.shapes import analyse
from kgqa.fusion.values import Value, parse_text, value_of


def test_yes_no_but_not_requests() -> None:
    assert analyse("Did Ridley Scott direct Alien?").yesno
    assert analyse("Is it true that Hans Zimmer scored Gladiator?").yesno
    assert not analyse("Can you name a film directed by Ridley Scott").yesno
    assert not analyse("Who directed Alien?").yesno


def test_counts_orders_and_their_dimensions() -> None:
    assert analyse("How many moons orbit Jupiter?").count == (0, 2)
    older = analyse("Which is older, Jaws or Alien?").order
    assert older is not None and (older.direction, older.dimension, older.superlative) == (-1, "time", False)
    recent = analyse("What is the most recent film starring Tom Hanks?").order
    assert recent is not None and (recent.direction, recent.dimension, recent.superlative) == (1, "time", True)
    massive = analyse("Which moon of Mars is the least massive?").order
    assert massive is not None and (massive.direction, massive.dimension) == (-1, "mass")
    most = analyse("Which director made the most films with Sigourney Weaver?").order
    assert most is not None and most.dimension == "count"
    # "the largest number of X" orders by a count and asks for none; of people it is a population
    number = analyse("Who taught the largest number of pupils?")
    assert number.order is not None and (number.order.direction, number.order.dimension) == (1, "count")
    assert number.count is None
    fewest = analyse("Which composer wrote the smallest number of operas?").order
    assert fewest is not None and (fewest.direction, fewest.dimension, fewest.superlative) == (-1, "count", True)
    people = analyse("Which city has the highest number of citizens?").order
    assert people is not None and people.dimension == "population"


@pytest.mark.parametrize(
    ("question", "op", "low", "high"),
    [
        ("Which films were released after 1980?", ">", 1980, None),
        ("films before 1950", "<", 1950, None),
        ("Which films came out between 1990 and 2000?", "between", 1990, 2000),
        ("sci-fi films from the 80s", "between", 1980, 1989),
        ("films of the 1990s", "between", 1990, 1999),
        ("moons discovered in the 17th century", "between", 1601, 1700),
        ("moons bigger than 600 km", ">", 600, None),
        ("Was Jaws released in 1975?", "=", 1975, None),
    ],
)
def test_value_filters(question: str, op: str, low: float, high: float | None) -> None:
    (f,) = analyse(question).filters
    assert f.op == op and f.low is not None and f.low.amount == low
    assert (f.high.amount if f.high else None) == high


def test_comparison_with_an_entity_and_words_inside_names() -> None:
    (f,) = analyse("Which moons of Saturn are bigger than Enceladus?").filters
    assert f.than and f.op == ">" and f.dimension == "size"
    # "Last" and "1984" belong to titles here, not operators
    shape = analyse("who acted in Indiana Jones and the Last Crusade", [(3, 8)])
    assert shape.order is None
    assert not analyse("who stars in 1984", [(3, 4)]).filters
    # a strong filter word takes a number even where it names something ("released after 1990")
    strong = analyse("How many films were released after 1990", [(6, 7)])
    assert strong.filters and strong.unlinked == {6}


def test_summaries_and_negations() -> None:
    assert analyse("Tell me about Ridley Scott").summary is not None
    assert analyse("Describe Jupiter").summary is not None
    assert analyse("which words describe North by Northwest").summary is None  # a relation, not a request
    assert analyse("Who is Christopher Nolan?").copula
    assert analyse("Which of his films did Hans Zimmer not score?").negated == ["not"]
    assert analyse("Has any spacecraft other than Voyager 2 visited Uranus?").negated == ["other than"]


def test_values() -> None:
    assert parse_text("1,982,097") == Value(1982097.0, False)
    assert parse_text("1979-05-25") is not None and parse_text("1979-05-25").time  # type: ignore[union-attr]
    assert parse_text("Ridley Scott") is None
    from rdflib import XSD, Literal

    from kgqa.representation.labels import Labels

    labels = Labels()
    assert value_of(Literal("1979", datatype=XSD.gYear), labels) == Value(1979.0, True)
    assert value_of(Literal("4.5", datatype=XSD.decimal), labels) == Value(4.5, False)
    assert value_of(Literal("1.898e27", datatype=XSD.double), labels) == Value(1.898e27, False)
    assert value_of(Literal("abc", datatype=XSD.integer), labels) is None
