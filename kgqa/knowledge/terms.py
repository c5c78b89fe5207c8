"""RDF terms as kgqa passes them around, and as curators type them: IRIs, prefixed names, literals."""

from __future__ import annotations

import re
from datetime import date

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ..errors import KgqaError, shown

Triple = tuple[Node, Node, Node]
#: A triple pattern: ``None`` is a wildcard.
Pattern = tuple[Node | None, Node | None, Node | None]

_LITERAL = re.compile(r'^"(?P<text>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z][\w-]*)|\^\^(?P<dt>\S+))?$', re.DOTALL)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")


def parse_literal(text: str, prefixes: dict[str, str]) -> Literal | None:
    """``"text"``, ``"text"@en``, ``"1979"^^xsd:gYear``, ``42`` or ``4.5`` as a literal; else None."""
    m = _LITERAL.match(text.strip())
    if m:
        value = m.group("text").replace('\\"', '"')
        if m.group("lang"):
            return Literal(value, lang=m.group("lang"))
        if m.group("dt"):
            dt = expand(m.group("dt"), {**prefixes, "xsd": str(XSD)})
            if dt is None or (str(dt).startswith(str(XSD)) and str(dt)[len(str(XSD)) :] not in XSD_TYPES):
                raise KgqaError(f"unknown datatype {shown(m.group('dt'))}")  # force or not: no such type
            if not well_typed(value, dt):
                raise KgqaError(f"{shown(value)} is not a valid {m.group('dt')}")  # (a type XSD defines)
            lit = Literal(value, datatype=dt)
            # rdflib normalises the lexical form ("+1" -> "1"), except where its form is not XSD's
            # ("NaN" -> "nan"): then the form as written is kept, so the literal writes back valid
            return lit if well_typed(str(lit), dt) else Literal(value, datatype=dt, normalize=False)
        return Literal(value)
    bare = text.strip()
    if _INTEGER.fullmatch(bare):
        return Literal(int(bare), datatype=XSD.integer)
    if _DECIMAL.fullmatch(bare):
        return Literal(bare, datatype=XSD.decimal)
    return None


def expand(text: str, prefixes: dict[str, str]) -> URIRef | None:
    """``<iri>``, an absolute IRI, or a prefixed name known to the pack, as an IRI; else None.

    Raises:
        KgqaError: it is written as an IRI but cannot be one (a space, ``<``, ``>``, quotes...).
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1])
    if re.match(r"^(https?|urn|file|ftp|mailto|tag):\S+$", text):
        return _iri(text)
    m = re.match(r"^([\w.-]*):([^\s:]\S*)$", text)
    if m and m.group(1) in prefixes:
        return _iri(prefixes[m.group(1)] + m.group(2))
    return None


#: What an IRI cannot contain (RFC 3987): spaces and controls, and these.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri(text: str) -> URIRef:
    if not text or _NOT_IN_IRI.search(text) or ":" not in text:
        raise KgqaError(f"not a valid IRI: {shown(text)}")
    return URIRef(text)


_TZ = r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?"
_YEAR = r"-?(\d{4}|[1-9]\d{4,})"
_DAY = _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
#: Lexical forms of the XSD datatypes packs use (XML Schema 1.1, part 2).
_LEXICAL: dict[str, re.Pattern[str]] = {
    "integer": re.compile(r"^[+-]?\d+$"),
    "int": re.compile(r"^[+-]?\d+$"),
    "long": re.compile(r"^[+-]?\d+$"),
    "short": re.compile(r"^[+-]?\d+$"),
    "nonNegativeInteger": re.compile(r"^\+?\d+$"),
    "positiveInteger": re.compile(r"^\+?0*[1-9]\d*$"),
    "decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    "double": re.compile(r"^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$"),
    "float": re.compile(r"^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$"),
    "boolean": re.compile(r"^(true|false|1|0)$"),
    "gYear": re.compile(rf"^{_YEAR}{_TZ}$"),
    "gYearMonth": re.compile(rf"^{_YEAR}-(0[1-9]|1[0-2]){_TZ}$"),
    "date": re.compile(rf"^{_DAY}{_TZ}$"),
    "dateTime": re.compile(rf"^{_DAY}T([01]\d|2[0-4]):[0-5]\d:[0-5]\d(\.\d+)?{_TZ}$"),
}  # fmt: skip
# XSD digits are ASCII, and "$" would let a trailing newline through: patterns are full-matched
_LEXICAL = {name: re.compile(p.pattern, re.ASCII) for name, p in _LEXICAL.items()}


#: The datatypes XSD 1.1 defines (a literal typed with another name in its namespace means nothing,
#: and is refused even with force; datatypes of other namespaces are taken as written).
XSD_TYPES = frozenset(
    [
        "anyAtomicType",
        "anySimpleType",
        "anyURI",
        "base64Binary",
        "boolean",
        "byte",
        "date",
        "dateTime",
        "dateTimeStamp",
        "dayTimeDuration",
        "decimal",
        "double",
        "duration",
        "ENTITY",
        "float",
        "gDay",
        "gMonth",
        "gMonthDay",
        "gYear",
        "gYearMonth",
        "hexBinary",
        "ID",
        "IDREF",
        "int",
        "integer",
        "language",
        "long",
        "Name",
        "NCName",
        "negativeInteger",
        "NMTOKEN",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "normalizedString",
        "NOTATION",
        "positiveInteger",
        "QName",
        "short",
        "string",
        "time",
        "token",
        "unsignedByte",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "yearMonthDuration",
    ]
)


def well_typed(lexical: str, datatype: str) -> bool:
    """Whether a lexical form is valid for an XSD datatype (other datatypes are taken as written)."""
    if not str(datatype).startswith(str(XSD)):
        return True
    pattern = _LEXICAL.get(str(datatype)[len(str(XSD)) :])
    if pattern is None:
        return True
    if not pattern.fullmatch(lexical):
        return False
    if str(datatype).endswith(("#date", "#dateTime")):  # the calendar too: no 31 February
        year, month, day = (int(x) for x in re.match(r"^-?(\d+)-(\d+)-(\d+)", lexical).groups())  # type: ignore[union-attr]
        try:
            date(max(1, year), month, day)
        except ValueError:
            return False
    return True


__all__ = ["Pattern", "Triple", "expand", "parse_literal", "well_typed"]
