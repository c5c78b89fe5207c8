"""Choices between alternatives (``ChoicePrograms._choose``): of two entities, the one that wins the
order, by a value or by the size of a relation's sets (``_compare_counts``, which yes/no claims
use too: "Did Nolan direct more films than Kubrick?"). "Which is older, Jaws or Alien?".
"""

from __future__ import annotations

from ...text import WH_WORDS
from ..answer import Step
from ..linking import Mention
from ..retrieval import Retrieval
from ..shapes import Shape
from .base import Outcome, _alternatives, _yes
from .chains import ChainReadings


class ChoicePrograms(ChainReadings):
    """The entity that wins an order among alternatives, and counts compared."""

    def _choose(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Which is older, Jaws or Alien?": the entity that wins the order."""
        order = shape.order
        assert order is not None
        options = _alternatives(shape, mentions)
        nodes = [m.nodes[0] for m in options]
        if order.dimension == "count":  # "more books": a number the pack records, else things counted
            attribute = self._named_attribute(nodes, shape)
            if attribute is None:
                return self._compare_counts(shape, r, options, claim=False)
        else:
            attribute = self._attribute(nodes, shape, order, None)
        if attribute is None or any(n not in attribute.values for n in nodes):
            return None
        ranked = sorted(nodes, key=lambda n: attribute.values[n][0].amount * -order.direction)
        winner = ranked[0]
        if attribute.values[ranked[0]][0].amount == attribute.values[ranked[1]][0].amount:
            return None  # a tie: neither wins
        labels = self.graph.labels
        step = Step(
            "compare",
            (attribute.name, *(f"{labels.label(n)} {attribute.values[n][0]}" for n in nodes)),
            labels.label(winner),
        )
        explained = {i for m in options for i in range(m.start, m.end)} | shape.explained | attribute.explained
        explained |= {i for i, t in enumerate(shape.tokens) if t in WH_WORDS}
        confidence = 0.9 if attribute.named else 0.55
        return Outcome(
            "comparison",
            labels.label(winner),
            [winner],
            [attribute.values[n][1] for n in nodes],
            [step],
            confidence,
            explained,
        )

    def _compare_counts(self, shape: Shape, r: Retrieval, mentions: list[Mention], claim: bool) -> Outcome | None:
        """ "Did Nolan direct more films than Kubrick?": the sizes of the same relation's sets."""
        order = shape.order
        assert order is not None
        a, b = mentions[0], mentions[1]
        chain = self._best_chain(shape, r, a)
        if chain is None:
            return None
        counts = {}
        for m in (a, b):
            ends = self._follow(m.nodes[0], chain.result.relations)
            counts[m.nodes[0]] = len(ends)
        na, nb = counts[a.nodes[0]], counts[b.nodes[0]]
        labels = self.graph.labels
        rel = " → ".join(h.text(labels) for h in chain.result.relations)
        step = Step(
            "compare", (f"count({rel})", f"{labels.label(a.nodes[0])} {na}", f"{labels.label(b.nodes[0])} {nb}")
        )
        explained = set(range(a.start, a.end)) | set(range(b.start, b.end)) | shape.explained
        explained |= self.chain_positions(shape, chain)
        confidence = 0.9 if chain.lexical >= 1.0 else 0.55
        if claim:
            holds = (na - nb) * order.direction > 0
            step = Step(step.op, step.args, _yes(holds))
            return Outcome("comparison", _yes(holds), [], [], [step], confidence, explained)
        if na == nb:
            return None
        winner = a.nodes[0] if (na - nb) * order.direction > 0 else b.nodes[0]
        step = Step(step.op, step.args, labels.label(winner))
        return Outcome("comparison", labels.label(winner), [winner], [], [step], confidence, explained)
