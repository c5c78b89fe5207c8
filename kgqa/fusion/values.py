"""Values of nodes that can be compared and ordered: numbers and points in time.

A literal's datatype says what it is (``xsd:gYear``, ``xsd:date``, ``xsd:integer``, ``xsd:decimal``,
...); a plain literal, or a node whose label is a number or a date (packs imported from triple files
name years as entities), is read from its text. Times become years with a fraction, so a year and a
date compare on one axis.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from rdflib import XSD, Literal
from rdflib.term import Node

from ..representation.labels import Labels

TIME_TYPES = frozenset({XSD.gYear, XSD.date, XSD.dateTime, XSD.gYearMonth, XSD.dateTimeStamp})
NUMBER_TYPES = frozenset(
    {
        XSD.integer,
        XSD.decimal,
        XSD.double,
        XSD.float,
        XSD.int,
        XSD.long,
        XSD.short,
        XSD.nonNegativeInteger,
        XSD.positiveInteger,
        XSD.nonPositiveInteger,
        XSD.negativeInteger,
        XSD.unsignedInt,
        XSD.unsignedLong,
    }
)

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$")


@dataclass(frozen=True)
class Value:
    """A comparable value: ``amount`` on one axis, and whether it is a point in time (in years)."""

    amount: float
    time: bool
    #: the unit a question gave the number in ("an *hour*"), when it gave one
    unit: str | None = None

    def __str__(self) -> str:
        if self.time and self.amount == int(self.amount):
            return str(int(self.amount))
        return f"{self.amount:g}" + (f" {self.unit}" if self.unit else "")


def parse_text(text: str) -> Value | None:
    """A number ("1,982,097", "4.5", "1.9e27") or a date ("1979-05-25", "1979-05") read from text."""
    text = text.strip()
    m = _DATE.match(text)
    if m:
        return _date_value(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    if _NUMBER.match(text):
        try:
            amount = float(text.replace(",", ""))
        except ValueError:
            return None
        return Value(amount, False) if math.isfinite(amount) else None
    return None


def _date_value(year: int, month: int, day: int) -> Value | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return Value(year + (d.timetuple().tm_yday - 1) / 366, True)


def value_of(node: Node, labels: Labels) -> Value | None:
    """The node's comparable value, if it has one."""
    if not isinstance(node, Literal):
        name = labels.names.get(node)
        return parse_text(name) if name else None
    dt = node.datatype
    if dt in TIME_TYPES:
        return _time_of(node)
    if dt in NUMBER_TYPES:
        try:
            amount = float(str(node))
        except ValueError:
            return None
        return Value(amount, False) if math.isfinite(amount) else None
    if dt is None or dt == XSD.string:
        return parse_text(str(node))
    return None


def _time_of(lit: Literal) -> Value | None:
    py = lit.toPython()
    if isinstance(py, datetime):
        return _date_value(py.year, py.month, py.day)
    if isinstance(py, date):
        return _date_value(py.year, py.month, py.day)
    m = re.match(r"^(-?\d{1,4})", str(lit))  # gYear, gYearMonth: the year leads
    return Value(float(m.group(1)), True) if m else None


def looks_like_year(value: Value) -> bool:
    """A number that reads as a year (what a pack that names years by plain numbers holds)."""
    if value.unit is not None:  # "1000 years": a length of time, not a year
        return False
    return value.time or (value.amount == int(value.amount) and 1000 <= value.amount <= 2100)


__all__ = ["Value", "looks_like_year", "parse_text", "value_of"]
