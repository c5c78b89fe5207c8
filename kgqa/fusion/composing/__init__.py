"""Compositional questions: yes/no checks, counts, comparisons, superlatives, filters by a value,
intersections and entity summaries, executed over the graph as a small program of steps.

The shape of the question comes from ``shapes`` (general English), the sets it talks about from
retrieval's scored relation chains (or the instances of a class it names), and the values it orders
or filters by from the literals of the set's members (``values``). Each answer says which steps it
executed (``Program``) and which words of the question it did not account for; those lower its
confidence, so a reading that skips part of the question is never sure of itself.

``Composer`` is made of one mixin class per kind of program, over the readings they share, and
hands a question to one of them by its shape (``Composer.compose``). The modules:

- ``base``: ``ComposerBase`` (the classes a question names, the values a set is ordered or filtered
  by, walks along relations, an outcome as an ``Answer``), the records ``Members``, ``Attribute``
  and ``Outcome``, and the helpers the others share;
- ``chains``: the relation chains from an entity that fit the question, paired and intersected;
- ``members``: the set a question talks about, read from its entities or the classes it names;
- ``claims``: yes/no claims ("Is Styx a moon?", "Was Jaws released in 1975?");
- ``choices``: choices between alternatives ("Which is older, Jaws or Alien?");
- ``counts``: counts ("How many films did Steven Spielberg direct?");
- ``aggregates``: sums and averages ("What is the total population of the states that border Texas?");
- ``superlatives``: superlatives, arg-max and arg-min ("The earliest film directed by X");
- ``filters``: filters and comparisons with a value ("Which films by X were released after 1980?");
- ``qualities``: true/false relations as adjectives ("Which trees native to Europe are not evergreen?");
- ``negations``: negations ("Which states do not border Texas?");
- ``sets``: typed, class and joined sets ("Which elements are nonmetals?", "Who starred in both A and B?");
- ``summaries``: entity summaries ("Tell me about X").
"""

from __future__ import annotations

from ..coverage import STRONG
from ..retrieval import Retrieval
from ..shapes import DENIALS, Shape
from .aggregates import AggregatePrograms
from .base import Outcome, _alternatives, chain_reading, uncovered_cap
from .choices import ChoicePrograms
from .claims import ClaimPrograms
from .counts import CountPrograms
from .negations import NegationPrograms
from .qualities import QualityPrograms
from .sets import SetPrograms
from .summaries import SummaryPrograms
from .superlatives import SuperlativePrograms

#: Below this, a mention is a schema word written in lower case ("moon"): a class name wins over it.
WEAK = 0.5


class Composer(
    ClaimPrograms,
    ChoicePrograms,
    CountPrograms,
    AggregatePrograms,
    SuperlativePrograms,
    QualityPrograms,
    NegationPrograms,
    SetPrograms,
    SummaryPrograms,
):
    """Executes the operators of a question over one graph (see the module's docstring)."""

    # --- the shapes --------------------------------------------------------------------------

    def compose(self, shape: Shape, r: Retrieval) -> Outcome | None:
        """The outcome of the question's operators, or None when they cannot be executed here (the
        plain path answer then stands, with its confidence lowered for what it leaves out)."""
        everything = sorted(r.mentions, key=lambda m: m.start)
        # a weak mention that is a class name ("which moon of Mars" beside the entity Moon) is the class
        # (unless the best reading of the question reads from it, every word naming it: "the god of *war*")
        read_from = r.best.mention if r.best is not None and r.best.lexical >= 1.0 else None
        mentions = sorted(
            (
                m
                for m in r.mentions
                if m.score >= WEAK or m == read_from or not self._names_class(shape.tokens[m.start : m.end])
            ),
            key=lambda m: m.start,
        )
        # the entities a check or a comparison is about: clear mentions (a lower-case schema word such
        # as "director" beside two names is the relation, not a third entity)
        roles = [m for m in mentions if m.score >= STRONG] or mentions[:1]
        if shape.yesno and not (shape.order is not None and "or" in shape.tokens and _alternatives(shape, everything)):
            return self._yesno(shape, r, roles)  # (but "is A or B denser?" chooses)
        if shape.order is not None and _alternatives(shape, everything):
            return self._choose(shape, r, _alternatives(shape, everything))
        if shape.aggregate is not None and shape.count is None:
            summed = self._aggregate(shape, r, mentions)
            if summed is not None:
                return summed
        if shape.count is not None:
            return self._count(shape, r, mentions)
        if shape.order is not None and shape.order.superlative:
            if self._order_in_name(shape, r):
                return None  # "the highest elevation in X": a relation's name, read as the path it names
            return self._superlative(shape, r, mentions)
        if shape.filters:
            return self._filtered(shape, r, mentions)
        if (shape.summary is not None or shape.copula) and len(mentions) >= 1:
            summary = self._summary(shape, r, mentions)
            if summary is not None:
                return summary
        qualified = self._qualified(shape, r, mentions)
        if qualified is not None:
            return qualified
        if any(shape.tokens[a] in DENIALS for a, _ in shape.negations):
            denied = self._denied(shape, r, mentions)
            if denied is not None:
                return denied
        return self._joined(shape, r, mentions) or self._typed(shape, r, mentions) or self._of_classes(shape, mentions)


__all__ = ["Composer", "Outcome", "chain_reading", "uncovered_cap"]
