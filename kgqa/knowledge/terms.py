"""RDF terms as kgqa passes them around, and as curators type them: IRIs, prefixed names, literals."""

from __future__ import annotations

import re

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ..errors import KgqaError

Triple = tuple[Node, Node, Node]
#: A triple pattern: ``None`` is a wildcard.
Pattern = tuple[Node | None, Node | None, Node | None]

_LITERAL = re.compile(r'^"(?P<text>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z][\w-]*)|\^\^(?P<dt>\S+))?$', re.DOTALL)
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")


def parse_literal(text: str, prefixes: dict[str, str]) -> Literal | None:
    """``"text"``, ``"text"@en``, ``"1979"^^xsd:gYear``, ``42`` or ``4.5`` as a literal; else None."""
    m = _LITERAL.match(text.strip())
    if m:
        value = m.group("text").replace('\\"', '"')
        if m.group("lang"):
            return Literal(value, lang=m.group("lang"))
        if m.group("dt"):
            dt = expand(m.group("dt"), {**prefixes, "xsd": str(XSD)})
            if dt is None:
                raise KgqaError(f"unknown datatype {m.group('dt')!r}")
            return Literal(value, datatype=dt)
        return Literal(value)
    if _INTEGER.match(text.strip()):
        return Literal(int(text), datatype=XSD.integer)
    if _DECIMAL.match(text.strip()):
        return Literal(text.strip(), datatype=XSD.decimal)
    return None


def expand(text: str, prefixes: dict[str, str]) -> URIRef | None:
    """``<iri>``, an absolute IRI, or a prefixed name known to the pack, as an IRI; else None."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^(https?|urn|file|ftp|mailto|tag):\S+$", text):
        return URIRef(text)
    m = re.match(r"^([\w.-]*):([^\s:]\S*)$", text)
    if m and m.group(1) in prefixes:
        return URIRef(prefixes[m.group(1)] + m.group(2))
    return None


__all__ = ["Pattern", "Triple", "expand", "parse_literal"]
