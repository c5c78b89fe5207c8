"""Units of measure: the unit a question's number is given in ("more than *an hour*", "above -200
*°C*", "taller than 300 *m*") and the unit a pack's relation records its numbers in, as its name or
gloss says ("duration *in minutes*", "Temperature *in degrees Celsius*"), so that a filter compares
like with like. **pint** knows the units and converts between them; its registry loads (~0.3 s)
the first time a question gives a number with a word after it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..text import STOPWORDS, normalize

#: Temperature scales by the letters people write them with ("°C" reads "c" once the sign is gone):
#: to pint, "c" is the speed of light and "f" nothing.
_SCALES = {"c": "degC", "celsius": "degC", "centigrade": "degC", "f": "degF", "fahrenheit": "degF", "kelvin": "kelvin"}
#: Single letters that are units after a number ("300 m", "5 g", "2 h"); other letters are not.
_LETTERS = frozenset(["m", "g", "h", "s"])
#: The units (pint's names) a word after a number is read as: those of everyday measures. pint knows
#: hundreds more whose names are everyday words ("more than 3 *leagues*", "*points*", "*bars*",
#: "*cups*", "*stones*"), which a question says of things it counts, not of a measure.
_COMMON = frozenset(
    ["second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "millennium"]
    + ["millimeter", "centimeter", "meter", "kilometer", "inch", "foot", "yard", "mile", "nautical_mile"]
    + ["milligram", "gram", "kilogram", "metric_ton", "pound", "ounce", "ton", "long_ton"]
    + ["degree_Celsius", "degree_Fahrenheit", "kelvin", "liter", "milliliter", "hectare", "acre"]
    + ["mile_per_hour", "kilometer_per_hour", "watt", "kilowatt", "megawatt", "gigawatt", "volt", "hertz"]
    + ["kilohertz", "megahertz", "gigahertz", "joule", "kilojoule", "calorie", "kilocalorie", "pascal"]
)


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=4096)
def unit_named(word: str) -> str | None:
    """The unit a word names ("hours" → hour, "km", "celsius"), or None (a word, not a unit)."""
    if word in _SCALES:
        return _SCALES[word]
    if not word.isalpha() or (len(word) < 2 and word not in _LETTERS) or (word in STOPWORDS and len(word) > 1):
        return None
    try:
        unit = _registry().parse_units(word)
    except Exception:  # noqa: BLE001 - pint raises several kinds for a word that is no unit
        return None
    return str(unit) if str(unit) in _COMMON else None


def unit_at(tokens: list[str], i: int) -> tuple[str, int] | None:
    """A unit said at ``i`` ("minutes", "degrees celsius") and the position after it."""
    if i < len(tokens) and tokens[i] == "degrees" and i + 1 < len(tokens) and tokens[i + 1] in _SCALES:
        return _SCALES[tokens[i + 1]], i + 2
    unit = unit_named(tokens[i]) if i < len(tokens) else None
    return (unit, i + 1) if unit else None


def unit_stated(text: str) -> str | None:
    """The unit a relation's name or gloss says its numbers are in: "in <unit>"."""
    tokens = normalize(text).split()
    for i, t in enumerate(tokens[:-1]):
        if t == "in":
            found = unit_at(tokens, i + 1)
            if found is not None:
                return found[0]
    return None


def convert(amount: float, unit: str, to: str) -> float | None:
    """``amount`` in ``unit`` expressed in ``to``; None when they measure different things."""
    registry = _registry()
    try:
        return float(registry.Quantity(amount, unit).to(to).magnitude)
    except Exception:  # noqa: BLE001 - a dimensionality error, or a unit pint cannot read
        return None


def compatible(unit: str, other: str) -> bool:
    """Whether the two units measure the same kind of thing (a time, a length, a temperature)."""
    return convert(1.0, unit, other) is not None


__all__ = ["compatible", "convert", "unit_at", "unit_named", "unit_stated"]
