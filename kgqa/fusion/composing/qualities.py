"""Qualities (``QualityPrograms``): a relation whose values are true or false, named as an adjective
of the set ("*evergreen* plants native to Tasmania", "which trees are not *evergreen*", "elements
*known since antiquity*"): the members whose value is true, or false where a negation comes right
before the name. A pack says such things with ``xsd:boolean`` values; nothing else is read as one.
"""

from __future__ import annotations

from rdflib import XSD, Literal
from rdflib.term import Node

from ...text import normalize, same_form
from .. import sparql
from ..answer import Step
from ..linking import Mention
from ..paths import Hop
from ..retrieval import Retrieval
from ..shapes import DENIALS, Shape
from .base import Members, Outcome
from .filters import FilterPrograms

#: Words a quality's name may open with that a question says its own way ("*is* extinct": "are extinct").
_LEADING = frozenset(["is", "are", "was", "has", "have"])
#: Words between a negation and the quality it denies ("not *always* evergreen" is not read).
_BEFORE = frozenset(["is", "are", "was", "were", "be", "been"])


class QualityPrograms(FilterPrograms):
    """Sets kept to the members with (or without) a quality."""

    def _qualified(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Which trees native to Europe are not evergreen?": the set, less the members without the
        quality (or with it, when denied); None when the question names no quality of the set."""
        if not self._qualities_named(shape, mentions):
            return None
        members = self._members(shape, r, mentions)
        if members is not None and any(isinstance(n, Literal) for n in members.nodes[:5]):
            members = self._before_quality(shape, members, mentions)  # "evergreen" read as a last step
        if members is None or not members.nodes or not self._apply_qualities(shape, members, mentions):
            return None
        self._deny_class(shape, members)
        return self._listing("constraint", members, shape)

    def _before_quality(self, shape: Shape, members: Members, mentions: list[Mention]) -> Members | None:
        """The set a chain reaches one step before the quality it ends on ("native to Tasmania", of
        "Tasmania → is native to of → evergreen"), kept to the class the question names."""
        if not members.chains or members.chains[0].result.relations[-1] not in {h for _, h in self._qualities()}:
            return None
        named = self._named_class(shape.tokens, {(m.start, m.end) for m in mentions})
        before = self._before_values(shape, members, named[0] if named is not None else None)
        if before is None:
            return None
        members = before
        if named is not None:
            typed = [n for n in members.nodes if self._is_a(n, named[0])]
            if typed and len(typed) < len(members.nodes):
                members.steps.append(Step("isa", (self.graph.labels.label(named[0]),), f"{len(typed)} results"))
                self._narrow(members, sparql.class_pattern(named[0]))
                members.nodes = typed
            members.explained |= set(range(*named[1])) if typed else set()
        return members

    def _deny_class(self, shape: Shape, members: Members) -> None:
        """A class denied after the qualities ("known since antiquity are *not metals*"): its members out."""
        for a, b in shape.negations:
            if shape.tokens[a] not in DENIALS or a in members.explained or b >= len(shape.tokens):
                continue
            denied = self._class_at(shape.tokens, b)
            if denied is None:
                continue
            members.nodes = [n for n in members.nodes if not self._is_a(n, denied[0])]
            label = self.graph.labels.label(denied[0])
            members.steps.append(Step("exclude", (f"isa {label}",), f"{len(members.nodes)} results"))
            self._narrow(members, sparql.without_pattern(sparql.class_pattern(denied[0])))
            members.explained |= set(range(a, b)) | set(range(*denied[1]))

    def _qualities_named(self, shape: Shape, mentions: list[Mention]) -> bool:
        """Whether a word outside the names is the name of a relation with true/false values."""
        inside = {i for m in mentions for i in range(m.start, m.end)}
        return any(self._quality_at(shape.tokens, i) for i in range(len(shape.tokens)) if i not in inside)

    def _apply_qualities(self, shape: Shape, members: Members, mentions: list[Mention]) -> bool:
        """Keep the members with each quality the question names (without it when denied); whether
        one was applied."""
        inside = {i for m in mentions for i in range(m.start, m.end)}
        applied = False
        i = 0
        while i < len(shape.tokens):
            found = self._quality_at(shape.tokens, i) if i not in inside and i not in members.explained else None
            if found is None or not self._has_quality(members.nodes, found[0]):
                i += 1
                continue
            hop, end = found
            denial = self._denial_before(shape, i)
            wanted = denial is None
            kept = []
            for n in members.nodes:
                value = self._value(n, hop)  # ("1"^^xsd:boolean is true too)
                if isinstance(value, Literal) and value.toPython() is wanted:
                    kept.append(n)
                    members.evidence[n] = (*members.evidence.get(n, ()), (n, hop.predicate, value))
            members.nodes = kept
            label = self.graph.labels.predicate_label(hop.predicate)
            members.steps.append(Step("filter", (f"{label} = {str(wanted).lower()}",), f"{len(kept)} results"))
            var = f"quality{len(members.steps)}"  # (one variable a quality)
            self._narrow(members, sparql.valued_pattern(hop, Literal(wanted, datatype=XSD.boolean), var))
            members.explained |= set(range(i, end)) | (set(range(*denial)) if denial is not None else set())
            applied = True
            i = end
        return applied

    def _quality_at(self, tokens: list[str], at: int) -> tuple[Hop, int] | None:
        """The relation with true/false values whose name (the longest) starts at ``at``."""
        best: tuple[Hop, int] | None = None
        for words, hop in self._qualities():
            n = len(words)
            fits = at + n <= len(tokens) and all(same_form(tokens[at + j], words[j]) for j in range(n))
            if fits and (best is None or at + n > best[1]):
                best = (hop, at + n)
        return best

    def _qualities(self) -> list[tuple[tuple[str, ...], Hop]]:
        """The names of the relations whose values are true or false (read once)."""
        if self._quality_names is None:
            labels = self.graph.labels
            found: set[Node] = set()
            store = self.graph.store
            for predicate in self.graph.schema:
                for _, _, o in store.triples((None, predicate, None)):
                    if isinstance(o, Literal) and o.datatype == XSD.boolean:
                        found.add(predicate)
                    break
            names = [(normalize(name).split(), p) for p in found for name in labels.relation_names(p)]
            # "is extinct", "has thorns": the copula or "has" is the question's own ("which are extinct")
            self._quality_names = [
                (tuple(words[1:] if len(words) > 1 and words[0] in _LEADING else words), Hop(p, True))
                for words, p in names
                if words
            ]
        return self._quality_names

    def _has_quality(self, nodes: list[Node], hop: Hop) -> bool:
        return any(self._value(n, hop) is not None for n in nodes[:50])

    def _value(self, node: Node, hop: Hop) -> Node | None:
        pairs = self.hoods.all_grouped(node).get(hop, ())
        return pairs[0][0] if pairs else None

    @staticmethod
    def _denial_before(shape: Shape, at: int) -> tuple[int, int] | None:
        """The negation right before the quality's name ("are *not* evergreen", "*non*"), if any."""
        for a, b in shape.negations:
            if shape.tokens[a] in DENIALS and all(shape.tokens[j] in _BEFORE for j in range(b, at)) and b <= at:
                return a, b
        return None
