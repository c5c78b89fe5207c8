"""Negations (``NegationPrograms._denied``): the instances of the class asked about, less those an
entity's reading reaches, those of a class said after the negation, or those that have a relation
a word names. "Which states do not border Texas?", "Which Olympian god has no father?", "Which
bridges are not suspension bridges?". (A negation inside the set's reading, "movies X did not
score", "other than Voyager 2", is a step of reading the set: see ``members``.)
"""

from __future__ import annotations

from rdflib.term import Node

from ...text import STOPWORDS
from .. import sparql
from ..answer import Step
from ..coverage import STRONG
from ..linking import Mention
from ..paths import Hop
from ..retrieval import Retrieval
from ..shapes import DENIALS, Shape
from .base import Members, Outcome, _ends, chain_reading
from .chains import ChainReadings

#: Forms of "to be" before a negation ("are not", "aren't": "aren" then "t"): what follows is a class
#: the members are not of.
_NEGATED_COPULAS = frozenset(["is", "are", "was", "were", "isn", "aren", "wasn", "weren"])


class NegationPrograms(ChainReadings):
    """A class's instances, less those a negated reading reaches."""

    def _denied(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Which states do not border Texas?", "Which Olympian god has no father?": the instances of
        the class asked about, less those the named entity's reading reaches, or less those that have
        the relation a word after the negation names."""
        strong = [m for m in mentions if m.score >= STRONG]
        named = self._named_class(shape.tokens, {(m.start, m.end) for m in strong})
        if named is None or len(strong) > 1:
            return None
        cls, span = named
        members = self._instances(named)
        at = next(a for a, _ in shape.negations if shape.tokens[a] in DENIALS)
        labels = self.graph.labels
        after = [m for m in mentions if m.start > at]
        if not strong and after and after[0].start <= at + 2:  # "aren't for *piano*": a lower-case name
            return self._denied_link(shape, members, after[0], at)
        if strong:
            m = strong[0]
            chain = self._best_chain(shape, r, m, cls)
            if chain is None or not self._named_hops(shape, chain, set(range(m.start, m.end))):
                return self._denied_link(shape, members, m, at)
            reached = set(_ends(chain))  # (Texas does not border Texas: it stays, as the logic says)
            members.nodes = [n for n in members.nodes if n not in reached]
            members.steps.append(Step("exclude", (chain_reading(chain, self.graph),), f"{len(members.nodes)} results"))
            self._narrow(members, sparql.without_pattern(self._chain_pattern(chain, "x")))
            members.explained |= set(range(m.start, m.end)) | self.chain_positions(shape, chain)
            members.chains.append(chain)
        else:
            # "which composers have no *works*": things of a class said after the negation
            first = next((i for i in range(at + 1, len(shape.tokens)) if shape.tokens[i] not in STOPWORDS), None)
            counted = self._class_at(shape.tokens, first) if first is not None else None
            kind = counted[0] if counted is not None else None
            if counted is not None and kind != cls and at and shape.tokens[at - 1] in _NEGATED_COPULAS:
                # "which bridges are not *suspension bridges*": members of the other class are out
                members.nodes = [n for n in members.nodes if not self._is_a(n, counted[0])]
                members.steps.append(
                    Step("exclude", (f"isa {labels.label(counted[0])}",), f"{len(members.nodes)} results")
                )
                self._narrow(members, sparql.without_pattern(sparql.class_pattern(counted[0])))
                members.explained |= {at - 1, at, *range(*span), *range(*counted[1])}
                return self._listing("constraint", members, shape)
            hop, words = self._counted_hop(shape, members.nodes, kind, set(range(*span)) | set(range(at)))
            if hop is None or not (words or counted):
                return None

            def has(n: Node) -> bool:
                objects = [o for o, _ in self.hoods.all_grouped(n).get(hop, ())]
                return any(self._is_a(o, kind) for o in objects) if kind is not None else bool(objects)

            members.nodes = [n for n in members.nodes if not has(n)]
            what = f"has {hop.text(labels)}" + (f" {labels.label(kind)}" if kind is not None else "")
            members.steps.append(Step("exclude", (what,), f"{len(members.nodes)} results"))
            if kind is None:
                self._narrow(members, sparql.without_relation(hop, self.hoods.symmetric, self.hoods.contained))
            else:
                members.pattern = None
            members.explained |= words | (set(range(*counted[1])) if counted is not None else set())
            members.named = members.named and bool(words)
        members.explained |= {at, *range(*span)}
        return self._listing("constraint", members, shape)

    def _denied_link(self, shape: Shape, members: Members, m: Mention, at: int) -> Outcome | None:
        """ "Which concertos aren't *for* piano": no word names the relation, but the class's members
        are linked to the entity by one relation (or mostly by one): those linked by it are out."""
        node = m.nodes[0]
        ways: dict[Hop, int] = {}
        for n in members.nodes:
            for hop, pairs in self.hoods.all_grouped(n).items():
                if any(o == node for o, _ in pairs):
                    ways[hop] = ways.get(hop, 0) + 1
        ranked = sorted(ways.items(), key=lambda kv: -kv[1])
        if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return None
        hop = ranked[0][0]
        linked = {n for n in members.nodes if any(o == node for o, _ in self.hoods.all_grouped(n).get(hop, ()))}
        members.nodes = [n for n in members.nodes if n not in linked]
        labels = self.graph.labels
        members.steps.append(
            Step("exclude", (f"{hop.text(labels)} {labels.label(node)}",), f"{len(members.nodes)} results")
        )
        members.pattern = None
        members.named = False  # the relation is the only one there is, not one the question names
        members.explained |= set(range(m.start, m.end)) | {at}
        return self._listing("constraint", members, shape)
