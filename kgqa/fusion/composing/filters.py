"""Filters and comparisons with a value (``FilterPrograms._filtered``): the set kept to the members
whose value passes each constraint (``_apply_filters``, which counts and superlatives apply to
their sets too). "Which films by X were released after 1980?", "Which moons are bigger than
Enceladus?".
"""

from __future__ import annotations

from ..answer import Step
from ..linking import Mention
from ..retrieval import Retrieval
from ..shapes import Filter, Shape
from .base import Members, Outcome, _filter_text, _passes
from .members import MemberReadings


class FilterPrograms(MemberReadings):
    """Sets filtered by values."""

    def _filtered(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Which films by X were released after 1980?": the set, filtered by each constraint."""
        members = self._members(shape, r, mentions)
        if members is None:
            return None
        members = self._apply_filters(shape, members, r, mentions)
        if members is None:
            return None
        return self._listing("constraint", members, shape)

    def _apply_filters(self, shape: Shape, members: Members, r: Retrieval, mentions: list[Mention]) -> Members | None:
        """Keep the members whose value passes each constraint; None when a constraint cannot be read."""
        if shape.filters:
            members.pattern = None  # comparisons of values have no SPARQL form here yet
        for f in shape.filters:
            reference = None
            if f.than:
                ref = next((m for m in mentions if m.start >= f.span[1]), None)
                if ref is None:
                    return None
                reference = ref
            # a name several things share ("Medea": the play and the princess): each, until one has the value
            candidates = list(reference.nodes[:3]) if reference else []
            attribute = self._attribute(members.nodes + candidates, shape, shape.order, f)
            if attribute is None:
                return None
            bound, ref_node = f, None
            if reference is not None:
                ref_node = next((n for n in candidates if n in attribute.values), None)
                if ref_node is None:
                    return None
                bound = Filter(f.op, attribute.values[ref_node][0], None, f.span, f.text, than=True)
                members.explained |= set(range(reference.start, reference.end))
                members.nodes = [n for n in members.nodes if n != ref_node]
            converted = self._in_unit_of(bound, attribute.hop)
            if converted is None:
                return None  # "longer than 3 kg": a measure the relation does not record
            bound = converted
            kept = [n for n in members.nodes if n in attribute.values and _passes(attribute.values[n][0], bound)]
            for n in kept:
                members.evidence[n] = members.evidence.get(n, ()) + (attribute.values[n][1],)
            members.nodes = kept
            members.named = members.named and attribute.named
            members.explained |= attribute.explained | set(range(*f.span))
            shown = (
                _filter_text(bound) if ref_node is None else f"{f.op} {self.graph.labels.label(ref_node)} ({bound.low})"
            )
            members.steps.append(Step("filter", (f"{attribute.name} {shown}",), f"{len(kept)} results"))
        return members
