"""Counts (``CountPrograms._count``): the size of the (filtered) set, or a number the pack records:
for a group the question counts ("How many Muses were there?") or for the entity, when what is
counted names one of its measured relations ("How many people live in X?"). "How many films did
Steven Spielberg direct?".
"""

from __future__ import annotations

from rdflib.term import Node

from ...knowledge.terms import Triple
from ...representation.labels import Labels
from ...text import STOPWORDS, WH_WORDS, normalize, same_word
from .. import sparql
from ..answer import Step
from ..linking import Mention
from ..retrieval import Retrieval
from ..shapes import Shape
from ..values import value_of
from .base import Members, Outcome, _saying
from .filters import FilterPrograms


class CountPrograms(FilterPrograms):
    """How many."""

    def _count(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "How many films did Steven Spielberg direct?": the size of the (filtered) set."""
        measured = self._count_as_value(shape, mentions)
        if measured is not None:
            return measured
        recorded = self._recorded_count(shape, mentions)
        if recorded is not None:
            return recorded
        members = self._class_said_as_name(shape, mentions) or self._members(shape, r, mentions)
        # "how many people can X *hold*": a word that no relation to the people counted accounts for
        # names a number the pack records for X (the venue's capacity); "how many moons *orbit* X"
        # counts the moons, whatever "orbit" names among X's numbers
        by_verb = self._count_as_value(shape, mentions, of_class=True)
        if by_verb is not None:
            assert shape.count is not None  # (``_count_as_value`` reads nothing without one)
            inside = {i for m in mentions for i in range(m.start, m.end)}
            said = {i for i in by_verb.explained - inside - shape.explained if shape.tokens[i] not in WH_WORDS}
            said -= {*range(*shape.count), shape.count[1]}
            if members is None or said - members.explained:
                return by_verb
        if members is None:
            return None
        members = self._apply_filters(shape, members, r, mentions)
        if members is None:
            return None
        inside = {i for m in mentions for i in range(m.start, m.end)}
        if (
            not members.named
            and not self.kinds_unchecked()
            and _counted_unsaid(shape, members.explained | shape.explained | inside)
        ):
            return None  # "how many *seats* does X have": nothing of the graph is what is counted
        n = len(members.nodes)
        members.steps.append(Step("count", (), str(n)))
        query = sparql.select(members.pattern, count=True) if members.pattern is not None else ""
        triples = [t for node in members.nodes[:20] for t in members.evidence.get(node, ())]
        confidence = 0.9 if members.named else 0.5
        return Outcome(
            "count",
            str(n),
            members.nodes,
            triples,
            members.steps,
            confidence,
            members.explained | shape.explained,
            members.evidence,
            query,
        )

    def _recorded_count(self, shape: Shape, mentions: list[Mention]) -> Outcome | None:
        """ "How many *Muses* were there?": what is counted is a thing the pack names (a group), and the
        pack records its number, by a relation named a count or a number ("member count")."""
        m = _counted_name(shape, mentions)
        if m is None:
            return None
        labels = self.graph.labels
        for hop, pairs in self.hoods.all_grouped(m.nodes[0]).items():
            name = set(normalize(labels.predicate_label(hop.predicate)).split())
            value = value_of(pairs[0][0], labels) if hop.forward and pairs else None
            if value is not None and name & {"count", "number"}:
                steps = [
                    Step("find", (labels.label(m.nodes[0]),)),
                    Step("value", (labels.predicate_label(hop.predicate),), labels.label(pairs[0][0])),
                ]
                assert shape.count is not None  # (``_counted_name`` found the name there)
                explained = set(range(*shape.count)) | set(range(m.start, m.end)) | shape.explained
                explained |= {i for i, t in enumerate(shape.tokens) if t in WH_WORDS}
                sure = 0.9 if len(m.nodes) == 1 else 0.5
                return Outcome("count", labels.label(pairs[0][0]), [pairs[0][0]], [pairs[0][1]], steps, sure, explained)
        return None

    def _class_said_as_name(self, shape: Shape, mentions: list[Mention]) -> Members | None:
        """ "How many *Muses* were there?": the one name the question says is counted, and is a class's
        name too: the class's members, not the thing named like them (the group of the Muses)."""
        m = _counted_name(shape, mentions)
        if m is None:
            return None
        named = self._class_at(shape.tokens, m.start)
        if named is None or named[1] != (m.start, m.end) or not self._has_class(named[0]):
            return None
        return self._instances(named)

    def _count_as_value(self, shape: Shape, mentions: list[Mention], of_class: bool = False) -> Outcome | None:
        """ "How many people live in X?", "how many books is X divided into": a number the pack records
        for X, when the noun after "how many" names one of X's measured relations and no class; with
        ``of_class``, when the noun names a class and another word names the number."""
        if shape.count is None or shape.count[1] >= len(shape.tokens) or shape.filters or shape.order:
            return None
        k = shape.count[1]
        noun = shape.tokens[k]
        sources = self._sources(shape, mentions)
        if not sources or any(m.start <= k < m.end for m in mentions):
            return None
        m = sources[0]
        labels = self.graph.labels
        node = m.nodes[0]
        steps = [Step("find", (labels.label(node),))]
        triples: list[Triple] = []
        explained = set(range(*shape.count)) | {k} | set(range(m.start, m.end)) | shape.explained
        explained |= {i for i, t in enumerate(shape.tokens) if t in WH_WORDS}
        # words left that may name a relation on the way (not a class: "the *state* of Nevada")
        rest = {i for i, t in enumerate(shape.tokens) if i not in explained and not self._names_class([t])}
        if any(self._names_class([t]) for t in shape.tokens[k : k + 3]):  # "how many big cities": a class
            return self._count_said_by_value(shape, m, rest, steps, explained) if of_class else None
        if of_class:
            return None
        groups = self.hoods.all_grouped(node)
        for hop, pairs in groups.items():
            at = _saying(shape, self._relation_words(hop)) & rest
            if pairs and value_of(pairs[0][0], labels) is None and at:
                # "how many people live in the *capital* of X": the number of the one thing X's capital is
                if len(pairs) > 1:
                    return None
                (node, triple), explained = pairs[0], explained | at
                steps.append(Step("relate", (hop.text(labels),), labels.label(node)))
                triples.append(triple)
                groups = self.hoods.all_grouped(node)
                break
        for hop, pairs in groups.items():
            if not hop.forward or not pairs or not _is_count(pairs[0][0], labels):
                continue  # (a count is a whole number: "how many isotopes" is no atomic weight of 238.03)
            if any(same_word(noun, w) for w in self._relation_words(hop)):
                value, triple = pairs[0]
                steps.append(Step("value", (labels.predicate_label(hop.predicate),), labels.label(value)))
                sure = 0.9 if len(m.nodes) == 1 else 0.5  # "New York": the state's or the city's?
                return Outcome("count", labels.label(value), [value], [*triples, triple], steps, sure, explained)
        return None

    def _count_said_by_value(
        self, shape: Shape, m: Mention, rest: set[int], steps: list[Step], explained: set[int]
    ) -> Outcome | None:
        """The one number of X that a word left of the question names, when what is counted is a class."""
        labels = self.graph.labels
        found = []
        for hop, pairs in self.hoods.all_grouped(m.nodes[0]).items():
            if hop.forward and len(pairs) == 1 and _is_count(pairs[0][0], labels):
                at = _saying(shape, self._relation_words(hop)) & rest
                if at:
                    found.append((hop, pairs[0], at))
        if len(found) != 1:
            return None
        hop, (value, triple), at = found[0]
        steps = [*steps, Step("value", (labels.predicate_label(hop.predicate),), labels.label(value))]
        sure = 0.9 if len(m.nodes) == 1 else 0.5
        return Outcome("count", labels.label(value), [value], [triple], steps, sure, explained | at)


def _is_count(node: Node, labels: Labels) -> bool:
    """Whether a value can be a count: a whole number, not a point in time."""
    value = value_of(node, labels)
    return value is not None and not value.time and value.amount == int(value.amount)


def _counted_unsaid(shape: Shape, explained: set[int]) -> bool:
    """Whether the noun a count counts ("how many *seats*", "how many different *elements*": the word
    after the cue, or the one after that) is accounted for by no class, relation or name of the
    reading (asked only of a graph with classes: in one without, "films" names nothing either)."""
    if shape.count is None:
        return False
    at = shape.count[1]
    span = [i for i in (at, at + 1) if i < len(shape.tokens) and shape.tokens[i] not in STOPWORDS]
    return bool(span) and not any(i in explained for i in span)


def _counted_name(shape: Shape, mentions: list[Mention]) -> Mention | None:
    """The one name a question says right where it says what is counted ("how many *Muses*")."""
    if shape.count is None or len(mentions) != 1 or mentions[0].start != shape.count[1]:
        return None
    return mentions[0]
