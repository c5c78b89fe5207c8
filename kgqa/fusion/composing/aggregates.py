"""Sums and averages (``AggregatePrograms._aggregate``): a measure added up or averaged over a set.
"What is the total population of the states that border Texas?", "What is the average height of
the towers in Paris?". The set is read as for a listing (``members``); the measure is the relation
of its members' numbers the question names (``Attribute``). A member without the value leaves the
sum unsure; points in time are not added up.
"""

from __future__ import annotations

from rdflib import Literal

from ...text import normalize
from .. import sparql
from ..answer import Step
from ..linking import Mention
from ..retrieval import Retrieval
from ..shapes import TIME_NOUNS, Shape
from ..values import looks_like_year
from .base import Outcome
from .filters import FilterPrograms


class AggregatePrograms(FilterPrograms):
    """Sums and averages of a set's values."""

    def _aggregate(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "What is the total population of the states that border Texas?": the members' values by
        the relation the question names, added up (or averaged); None when the question names no
        measure of two members or more (the plain reading of one thing's value then stands)."""
        assert shape.aggregate is not None
        function, span = shape.aggregate
        members = self._members(shape, r, mentions)
        if members is not None and any(isinstance(n, Literal) for n in members.nodes[:5]):
            members = self._before_values(shape, members)  # the chain went on to the values themselves
        if members is None and not mentions:  # "the total area of all the *states*": a class's instances
            named = next((c for i in range(len(shape.tokens)) if (c := self._class_at(shape.tokens, i))), None)
            members = self._instances(named) if named is not None else None
        if members is not None and shape.filters:
            members = self._apply_filters(shape, members, r, mentions)
        if members is None or len(members.nodes) < 2:
            return None
        attribute = self._attribute(members.nodes, shape, None, None)
        if attribute is None or not attribute.named or set(range(*span)) & attribute.explained:
            return None  # no measure named, or the cue is the measure's own name ("mean radius")
        values = [attribute.values[n] for n in members.nodes if n in attribute.values]
        named_time = bool(set(normalize(attribute.name).split()) & TIME_NOUNS)
        if not values or any(v.time or (named_time and looks_like_year(v)) for v, _ in values):
            return None  # (years are not added up: "year opened" 1889)
        total = sum(v.amount for v, _ in values)
        result = total if function == "sum" else total / len(values)
        text = _number(result)
        complete = len(values) == len(members.nodes)
        members.steps.append(Step(function, (attribute.name,), text))
        triples = [t for n in members.nodes[:20] for t in members.evidence.get(n, ())]
        triples += [t for _, t in values[:20]]
        explained = members.explained | attribute.explained | set(range(*span)) | shape.explained
        query = ""
        if members.pattern is not None and complete:
            query = sparql.aggregated(members.pattern, attribute.hop, "SUM" if function == "sum" else "AVG")
        confidence = 0.9 if members.named and complete else 0.5
        return Outcome("aggregate", text, [], triples, members.steps, confidence, explained, members.evidence, query)


def _number(x: float) -> str:
    """A sum or an average as people write it: whole when it is, else to two decimals."""
    return str(int(x)) if x == int(x) else f"{x:.2f}"


__all__ = ["AggregatePrograms"]
