"""Sets listed as the answer: the answers of the class the question asks about (``_typed``), the
instances of the classes it names (``_of_classes``, joined to another class by a relation too),
and two readings that must hold together (``_joined``). "What moons has Cassini flown by?",
"Which elements are nonmetals?", "Who starred in both A and B?".
"""

from __future__ import annotations

from ...text import STOPWORDS
from .. import sparql
from ..answer import Step
from ..linking import Mention
from ..retrieval import Retrieval
from ..shapes import Shape
from .base import COPULAS, Outcome
from .members import MemberReadings


class SetPrograms(MemberReadings):
    """Typed, class and joined sets."""

    def _typed(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "What moons has Cassini flown by?": the answers of the class the question asks about, when
        the best reading reaches things of other classes too (planets), or none of it (planet types);
        also a class said after a copula ("which of Sif's children *are gods*")."""
        if r.best is None or self._set_class(shape, mentions, self._sources(shape, mentions)) is None:
            return None
        members = self._members(shape, r, mentions)
        if members is None or not members.chains or not members.nodes or set(members.nodes) == set(r.best.answers):
            return None
        return self._listing("constraint", members, shape)

    def _of_classes(self, shape: Shape, mentions: list[Mention]) -> Outcome | None:
        """ "Which elements are nonmetals?", "List the organic compounds": a question that names no
        entity, only classes: the instances of the class it asks about (through the hierarchy), kept
        to those of a class it says they are ("are nonmetals"). Nothing else may be left of the
        question (a relation, a name the graph lacks): that is no reading of this."""
        named = self._named_class(shape.tokens, set()) or self._first_class(shape.tokens, 0)
        if named is None or any(m.start < named[1][0] or m.end > named[1][1] for m in mentions):
            return None  # an entity besides the class ("king of the underworld") is not read here
        related = self._class_related(shape, named, mentions)
        if related is not None:  # "which aristocrats had works dedicated to them"
            listing = self._listing("constraint", related, shape)
            return None if self.uncovered(shape, listing.explained, mentions) else listing
        members = self._instances(named)
        after = named[1][1]
        if after < len(shape.tokens) and shape.tokens[after] in COPULAS:
            other = self._first_class(shape.tokens, after + 1, at_once=True)
            if other is not None:
                cls, span = other
                members.nodes = [n for n in members.nodes if self.graph.taxonomy.is_a(n, cls)]
                members.steps.append(Step("isa", (self.graph.labels.label(cls),), f"{len(members.nodes)} results"))
                self._narrow(members, sparql.class_pattern(cls))
                members.explained |= set(range(*span)) | {after}
        listing = self._listing("constraint", members, shape)
        if self.uncovered(shape, listing.explained, mentions) or self._classes_left(shape, listing.explained):
            return None  # "which spacecraft visited Eros": more is asked than the classes say
        return listing

    def _classes_left(self, shape: Shape, explained: set[int]) -> bool:
        """Whether the question names a class the listing does not use ("which architect did both a
        *museum* and a *skyscraper*": not every architect). ``uncovered`` lets class words pass, as
        most readings check their answers' class; a listing of one class does not check others."""
        return any(
            i not in explained and t not in STOPWORDS and self._names_class([t]) for i, t in enumerate(shape.tokens)
        )

    def _joined(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Who starred in both A and B?", "films written and directed by X", "horror films by X":
        two readings of the question that must hold together."""
        if not (shape.both or shape.coordinated or shape.also or len(self._sources(shape, mentions)) >= 2):
            return None
        members = self._members(shape, r, mentions)
        if members is None or len(members.chains) < 2:
            return None
        if not members.nodes and not (shape.both or shape.coordinated):
            return None  # two entities whose readings do not meet: not a constraint of each other
        outcome = self._listing("intersection", members, shape)
        if not (shape.both or shape.coordinated):
            # no "and" says two things must hold: a second entity may only narrow the plain reading's
            # answers ("Hitchcock's films" that are "horror"), not replace them (a film called
            # "Together" beside "who starred together with X")
            chosen = r.chosen or ([r.best] if r.best is not None else [])
            plain = set(chosen[0].answers) if chosen else set()
            for other in chosen[1:]:
                plain = set(self._common(list(plain), other))
            named = self._both_named(shape, members.chains, self._sources(shape, mentions))
            if not set(members.nodes) < plain and not (named and not members.nodes):
                return None
        return outcome
