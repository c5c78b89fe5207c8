"""Superlatives, arg-max and arg-min (``SuperlativePrograms._superlative``): the member of the set
that wins the order by a value, or what a relation leads to from it (its highest points), or the
winner's value when that is asked; or the thing with the most (or fewest) things by a relation
(``_most``). "The earliest film directed by X", "How high is the highest point of X?", "Which
state borders the most states?".
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.term import Node

from ...knowledge.terms import Triple
from ...text import STOPWORDS, WH_WORDS, normalize, same_form
from .. import sparql
from ..answer import Step
from ..coverage import STRONG
from ..linking import Mention
from ..paths import Hop
from ..retrieval import Retrieval
from ..shapes import Shape, answer_kind
from ..values import value_of
from .base import Members, Outcome, _asking, _focus, _saying, _turns_back, chain_reading
from .filters import FilterPrograms


class SuperlativePrograms(FilterPrograms):
    """The winners of an order."""

    def superlative(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """The winner of a superlative question ("the largest state"): see ``_superlative``."""
        return self._superlative(shape, r, mentions)

    def _order_in_name(self, shape: Shape, r: Retrieval) -> bool:
        """Whether the superlative is the start of a relation's whole name, said as a phrase, on the best
        one-step reading of a clear entity ("the *highest elevation* in X"), and nothing asks a value of it."""
        order = shape.order
        best = r.best
        if order is None or best is None or len(best.result.relations) != 1 or best.mention.score < STRONG:
            return False
        if _asking(shape):
            return False
        name = normalize(self.graph.labels.predicate_label(best.result.relations[0].predicate)).split()
        said = shape.tokens[order.span[0] : order.span[0] + len(name)]
        return (
            len(name) > 1 and len(said) == len(name) and all(same_form(a, b) for a, b in zip(said, name, strict=True))
        )

    def _superlative(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "The earliest film directed by X": the member that wins the order (by value or count)."""
        order = shape.order
        assert order is not None
        if order.dimension == "count":
            return self._most(shape, r, mentions)
        members = self._members(shape, r, mentions)
        if members is None:
            return None
        members = self._apply_filters(shape, members, r, mentions)
        if members is None or not members.nodes:
            return None
        members = self._objects_named(shape, members, mentions)
        ranked_class = self._class_at(shape.tokens, order.span[1])
        inside = {(m.start, m.end) for m in mentions if m.score >= STRONG}
        set_class = self._named_class(shape.tokens, inside)
        if (
            ranked_class is not None
            and set_class is not None
            and set_class[0] != ranked_class[0]
            and not self._any_is_a(members.nodes[:50], ranked_class[0])
        ):
            # "which state is the largest *city* in Montana in": the order ranks things of another
            # class than the set's; ranking the set would answer another question
            return None
        attribute = self._attribute(members.nodes, shape, order, None)
        if attribute is None:
            return None
        valued = [n for n in members.nodes if n in attribute.values]
        if not valued:
            return None
        ranked = sorted(valued, key=lambda n: attribute.values[n][0].amount * -order.direction)
        best = attribute.values[ranked[0]][0].amount
        winners = [n for n in ranked if attribute.values[n][0].amount == best]
        labels = self.graph.labels
        op = "argmax" if order.direction > 0 else "argmin"
        members.steps.append(Step(op, (attribute.name,), ", ".join(labels.label(n) for n in winners)))
        explained = members.explained | shape.explained | attribute.explained
        confidence = 0.9 if (members.named and attribute.named and len(valued) == len(members.nodes)) else 0.5
        if len(winners) > 1:
            confidence = min(confidence, 0.5)
        if _age_at_death(shape, attribute.name):
            confidence = min(confidence, 0.3)
        triples = [t for n in winners for t in members.evidence.get(n, ())] + [attribute.values[n][1] for n in winners]
        asked = self._asked_value(shape, winners[0]) if len(winners) == 1 else None
        if asked is not None:  # "how high is the highest point of X": the winner's value, not the winner
            name, value, triple, at = asked
            members.steps.append(Step("value", (name, labels.label(winners[0])), labels.label(value)))
            triples.append(triple)
            return Outcome("superlative", labels.label(value), [value], triples, members.steps, confidence,
                           explained | at, members.evidence)  # fmt: skip
        text = ", ".join(labels.label(n) for n in winners)
        query = ""
        if members.pattern is not None and all(
            isinstance(t[2], Literal) and t[2].datatype in sparql.NUMERIC for _, t in attribute.values.values()
        ):
            query = sparql.ranked(members.pattern, attribute.hop, order.direction > 0)
        return Outcome(
            "superlative", text, winners, triples, members.steps, confidence, explained, members.evidence, query
        )

    def _objects_named(self, shape: Shape, members: Members, mentions: list[Mention]) -> Members:
        """ "The *highest point* in the US", "the largest *capital* in the US": with no class named, a
        relation whose whole name the superlative starts, or that the noun after it (or the focus
        noun) names, leads from the set to what is ranked: the members' highest points, their capitals."""
        order = shape.order
        assert order is not None
        inside = {(m.start, m.end) for m in mentions if m.score >= STRONG}
        if self._named_class(shape.tokens, inside) is not None or self._class_at(shape.tokens, order.span[1]):
            return members
        at = order.span[1]
        phrases = [(order.span[0], shape.tokens[order.span[0] : at + 1]), (at, shape.tokens[at : at + 1])]
        focus = _focus(shape.tokens, {i for a, b in inside for i in range(a, b)})
        if focus is not None:
            phrases.append((focus, shape.tokens[focus : focus + 1]))
        labels = self.graph.labels
        sample = members.nodes[:: max(1, len(members.nodes) // 50)][:50]
        for start, words in phrases:
            if not words or any(w in STOPWORDS for w in words):
                continue
            tried: set[Hop] = set()  # each relation once: its ends are over every member
            for node in sample:
                for hop in self.hoods.all_grouped(node):
                    if hop in tried:
                        continue
                    tried.add(hop)
                    name = normalize(labels.predicate_label(hop.predicate)).split() if hop.forward else []
                    if len(name) != len(words) or not all(same_form(a, b) for a, b in zip(words, name, strict=True)):
                        continue
                    ends: dict[Node, tuple[Triple, ...]] = {}
                    for n in members.nodes:
                        for other, triple in self.hoods.all_grouped(n).get(hop, ()):
                            if value_of(other, labels) is None:
                                ends.setdefault(other, (*members.evidence.get(n, ()), triple))
                    if not ends:
                        continue
                    steps = [*members.steps, Step("relate", (hop.text(labels),), f"{len(ends)} results")]
                    explained = members.explained | set(range(start, start + len(words)))
                    return Members(list(ends), ends, steps, members.named, explained, members.chains)
        return members

    def _asked_value(self, shape: Shape, node: Node) -> tuple[str, Node, Triple, set[int]] | None:
        """A value of the winner that words before the order ask for ("*how high* is the highest point",
        "the *population* of the largest state"): its relation's name, the value, its triple and the
        words' positions."""
        asking = [
            i for i in sorted(_asking(shape)) if shape.tokens[i] not in STOPWORDS and shape.tokens[i] not in WH_WORDS
        ]
        if not asking:
            return None
        found = []
        for hop, pairs in self.hoods.all_grouped(node).items():
            # a value, or the one thing a relation leads to ("the *capital* of the largest state")
            if not hop.forward or not pairs or (value_of(pairs[0][0], self.graph.labels) is None and len(pairs) > 1):
                continue
            at = _saying(shape, self._relation_words(hop)) & set(asking)
            if at:
                found.append((self._said_whole(shape, hop), hop, pairs[0], at))
        if not found:
            return None
        _, hop, (value, triple), at = max(found, key=lambda x: x[0])  # "population", not "population density"
        return self.graph.labels.predicate_label(hop.predicate), value, triple, at

    def _most(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Which director made the most films with X?": the end of the chain reached most often."""
        order = shape.order
        assert order is not None
        sources = self._sources(shape, mentions)
        if not sources:
            return self._most_of_class(shape)
        chains = [
            p for p in self._fits(shape, r, sources[0], None) if len(p.result.relations) >= 2 and not _turns_back(p)
        ]
        if not chains:
            return None
        chain = chains[0]
        start = chain.result.start
        tally = self._tally(start, chain.result.relations)
        if not tally:
            return None
        ranked = sorted(tally.items(), key=lambda kv: -kv[1] * order.direction)
        top = ranked[0][1]
        winners = [n for n, c in ranked if c == top]
        labels = self.graph.labels
        mention = chain.mention
        steps = [
            Step("find", (labels.label(start),)),
            Step("relate", (chain_reading(chain, self.graph),), f"{len(tally)} results"),
            Step(
                "argmax" if order.direction > 0 else "argmin",
                ("count",),
                f"{', '.join(labels.label(n) for n in winners)} ({top})",
            ),
        ]
        explained = set(range(mention.start, mention.end)) | shape.explained | self.chain_positions(shape, chain)
        confidence = 0.85 if chain.lexical >= 1.0 and len(winners) == 1 else 0.5
        text = ", ".join(labels.label(n) for n in winners)
        triples = [t for n in winners for t in chain.result.ends.get(n, ())]
        return Outcome("superlative", text, winners, triples, steps, confidence, explained)

    def _most_of_class(self, shape: Shape) -> Outcome | None:
        """ "Which state borders the most states?", "Which orchestra premiered the most works?": over
        the instances of the class asked about, the one with the most (or fewest) things by one
        relation: the relation a word names, or that leads to things of the class counted."""
        order = shape.order
        named = self._named_class(shape.tokens, set())
        if order is None:
            return None
        counted = self._first_class(shape.tokens, order.span[1], at_once=True)
        if named is None:  # "who discovered the most elements?": whoever has the relation a word names
            if answer_kind(shape.tokens) != "thing":
                return None
            cls, span = None, (0, 0)
            members = self._doers(shape, set(range(*order.span)) | (set(range(*counted[1])) if counted else set()))
        else:
            cls, span = named
            members = list(dict(self.graph.taxonomy.instances(cls)))
        if not members:
            return None
        attribute = None if counted else self._named_attribute(members, shape)
        if attribute is not None:  # "the most heads": a number the pack records for each
            valued = [n for n in members if n in attribute.values]
            top = max(attribute.values[n][0].amount * order.direction for n in valued)
            winners = [n for n in valued if attribute.values[n][0].amount * order.direction == top]
            labels = self.graph.labels
            steps = [
                Step("class", (labels.label(cls) if cls is not None else "any",), f"{len(members)} results"),
                Step("argmax" if order.direction > 0 else "argmin", (attribute.name,),
                     ", ".join(labels.label(n) for n in winners)),
            ]  # fmt: skip
            explained = set(range(*span)) | shape.explained | attribute.explained
            triples = [attribute.values[n][1] for n in winners]
            confidence = 0.9 if len(winners) == 1 else 0.5
            text = ", ".join(labels.label(n) for n in winners)
            return Outcome("superlative", text, winners, triples, steps, confidence, explained)
        hop, named_by = self._counted_hop(shape, members, counted[0] if counted else None, {*range(*span)}, many=True)
        if hop is None:
            return None
        tally = {}
        for node in members:
            ends = {o for o, _ in self.hoods.all_grouped(node).get(hop, ())}
            if counted is not None:
                ends = {o for o in ends if self.graph.taxonomy.is_a(o, counted[0])}
            tally[node] = len(ends)
        top = max(v * order.direction for v in tally.values())
        winners = [n for n, v in tally.items() if v * order.direction == top]
        labels = self.graph.labels
        what = labels.label(counted[0]) if counted else hop.text(labels)
        steps = [
            Step("class", (labels.label(cls) if cls is not None else "any",), f"{len(members)} results"),
            Step("argmax" if order.direction > 0 else "argmin", (f"count({hop.text(labels)} {what})",),
                 f"{', '.join(labels.label(n) for n in winners)} ({abs(top)})"),
        ]  # fmt: skip
        explained = set(range(*span)) | shape.explained | named_by | (set(range(*counted[1])) if counted else set())
        confidence = 0.85 if named_by and len(winners) == 1 else 0.5
        text = ", ".join(labels.label(n) for n in winners)
        triples = [t for n in winners[:3] for _, t in self.hoods.all_grouped(n).get(hop, ())[:5]]
        return Outcome("superlative", text, winners, triples, steps, confidence, explained)

    def _doers(self, shape: Shape, taken: set[int]) -> list[Node]:
        """Everything at either end of a relation a word of the question names (outside ``taken``),
        things not values: who may have done the most of it."""
        labels = self.graph.labels
        out: dict[Node, None] = {}
        for predicate in sorted(self.graph.schema - self.graph.taxonomy.classes, key=str):
            if not _saying(shape, self._relation_words(Hop(predicate, True))) - taken:
                continue
            for s, _, o in self.graph.store.triples((None, predicate, None)):
                for node in (s, o):
                    if node not in out and value_of(node, labels) is None:
                        out[node] = None
        return list(out)


#: Order words of age ("the youngest", "older"): said of a date of death they ask for an age at death
#: ("which composer died youngest"), which no single date gives.
_AGE_WORDS = frozenset(["young", "younger", "youngest", "old", "older", "oldest", "elder", "eldest"])

#: Words of a relation's name that say it records a death or an end.
_DEATH_WORDS = frozenset(["death", "died", "die", "dies", "deceased"])


def _age_at_death(shape: Shape, attribute: str) -> bool:
    """Whether a superlative of age orders by a date of death: an age at death is asked (a derived
    value kgqa does not compute), so the winner by the date is at most a guess."""
    order = shape.order
    if order is None or not _AGE_WORDS & set(shape.tokens[order.span[0] : order.span[1]]):
        return False
    return bool(_DEATH_WORDS & set(normalize(attribute).split()))
