"""Terms as curators type them: IRIs, prefixed names and literals."""

from __future__ import annotations

import pytest
from rdflib import XSD, Literal, URIRef

from kgqa import KgqaError
from kgqa.knowledge.terms import expand, parse_literal, well_typed

PREFIXES = {"mv": "https://kgqa.dev/packs/movies/", "": "https://kgqa.dev/packs/movies/id/"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Alien"', Literal("Alien")),
        ('"Alien"@en', Literal("Alien", lang="en")),
        ('"Der Himmel über Berlin"@de-DE', Literal("Der Himmel über Berlin", lang="de-DE")),
        ('"1979"^^xsd:gYear', Literal("1979", datatype=XSD.gYear)),
        ('"say \\"hi\\""', Literal('say "hi"')),
        ("42", Literal(42, datatype=XSD.integer)),
        ("-7", Literal(-7, datatype=XSD.integer)),
        ("4.5", Literal("4.5", datatype=XSD.decimal)),
        (' "x" ', Literal("x")),
    ],
)
def test_literals(text: str, expected: Literal) -> None:
    assert parse_literal(text, PREFIXES) == expected


@pytest.mark.parametrize("text", ["Ridley Scott", "1979-05", '"unclosed', "mv:directedBy", "<http://x>"])
def test_what_is_not_a_literal(text: str) -> None:
    assert parse_literal(text, PREFIXES) is None


def test_unknown_datatype_prefix_is_an_error() -> None:
    with pytest.raises(KgqaError, match="unknown datatype"):
        parse_literal('"1"^^nope:int', PREFIXES)


def test_iris_and_prefixed_names() -> None:
    assert expand("<https://e.org/a>", PREFIXES) == URIRef("https://e.org/a")
    assert expand("https://e.org/a", PREFIXES) == URIRef("https://e.org/a")
    assert expand("urn:kgqa:x", PREFIXES) == URIRef("urn:kgqa:x")
    assert expand("mv:directedBy", PREFIXES) == URIRef("https://kgqa.dev/packs/movies/directedBy")
    assert expand(":Alien", PREFIXES) == URIRef("https://kgqa.dev/packs/movies/id/Alien")
    assert expand("xx:Alien", PREFIXES) is None  # an unknown prefix
    assert expand("Ridley Scott", PREFIXES) is None


@pytest.mark.parametrize("text", ["<https://e.org/a b>", "<http://x>y>", '<http://x"y>', "<no-scheme>", "<>", "mv:a<b"])
def test_what_cannot_be_an_iri_is_an_error(text: str) -> None:
    with pytest.raises(KgqaError, match="not a valid IRI"):
        expand(text, PREFIXES)


@pytest.mark.parametrize(
    ("text", "datatype"),
    [
        ('"abc"^^xsd:integer', "integer"),
        ('"19x9"^^xsd:gYear', "gYear"),
        ('"2020-02-30"^^xsd:date', "date"),
        ('"1.5.2"^^xsd:decimal', "decimal"),
        ('"maybe"^^xsd:boolean', "boolean"),
        ('"2020-01-01 10:00"^^xsd:dateTime', "dateTime"),
    ],
)
def test_literals_must_fit_their_datatype(text: str, datatype: str) -> None:
    with pytest.raises(KgqaError, match=f"not a valid xsd:{datatype}"):
        parse_literal(text, PREFIXES)


def test_well_typed_forms() -> None:
    assert well_typed("-12", XSD.integer) and well_typed("1.9e27", XSD.double) and well_typed("INF", XSD.double)
    assert well_typed("1979", XSD.gYear) and well_typed("1979Z", XSD.gYear) and well_typed("2024-02-29", XSD.date)
    assert not well_typed("2023-02-29", XSD.date) and not well_typed("12a", XSD.integer)
    assert well_typed("anything", URIRef("http://example.org/myType"))  # not an XSD type: as written


def test_literals_keep_a_lexical_form_xsd_accepts() -> None:
    # rdflib would write NaN as "nan", which no XSD reader accepts (found by tests/test_fuzz.py)
    lit = parse_literal('"NaN"^^xsd:double', {})
    assert lit is not None and str(lit) == "NaN"
    assert str(parse_literal('"+1"^^xsd:integer', {})) == "1"  # other forms are still normalised


@pytest.mark.parametrize("text", ['"12\n"^^xsd:integer', '"\u0663"^^xsd:integer', '"1979\n"^^xsd:gYear'])
def test_lexical_forms_are_matched_whole_and_in_ascii_digits(text: str) -> None:
    with pytest.raises(KgqaError, match="not a valid"):
        parse_literal(text, PREFIXES)


def test_bare_numbers_ignore_surrounding_whitespace_of_any_kind() -> None:
    # str.strip() drops "\x1f" but int() does not (found by tests/test_fuzz.py in CI)
    assert parse_literal("0\x1f", PREFIXES) == Literal(0, datatype=XSD.integer)
    assert parse_literal("\u0663", PREFIXES) is None  # not an XSD digit
