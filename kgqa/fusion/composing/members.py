"""The set a question talks about (``MemberReadings._members``), which every program that lists,
counts, ranks or checks a set starts from: its entities' readings intersected, less what a negated
entity's reading reaches (``_difference``) or an exclusion names (``_exclude_named``), kept to the
class it names; else the instances of that class, those joined by a named relation to things of
another class (``_class_related``), or everything a relation leads to. "Which movies did Hans
Zimmer not score?", "Any spacecraft other than Voyager 2", "Which states have rivers running
through them?".
"""

from __future__ import annotations

from itertools import islice

from rdflib.term import Node

from ...knowledge.terms import Triple
from ...text import STOPWORDS, normalize, same_form
from .. import sparql
from ..answer import Step
from ..coverage import STRONG
from ..linking import Mention
from ..paths import Hop
from ..retrieval import Retrieval, ScoredPath
from ..shapes import DENIALS, Shape
from ..values import value_of
from .base import Members, _focus, _saying, chain_reading
from .chains import ChainReadings


class MemberReadings(ChainReadings):
    """The set a question is about, read from its entities or the classes it names."""

    # --- sets ------------------------------------------------------------------------------------

    def _members(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Members | None:
        """The set the question is about: each source entity's best reading that leads to things (not
        values), intersected; or the instances of a class it names when it names no entity."""
        sources = self._sources(shape, mentions)
        weak = self._named_weak(shape, r, sources, mentions)
        if weak is not None:  # "plants native to China (strong) grown for *food* (weak)"
            sources = [*sources, weak]
        named_class = self._set_class(shape, mentions, sources)
        cls = named_class[0] if named_class else None
        readings: list[ScoredPath] = []
        if len(sources) >= 2:
            readings = self._paired(shape, r, sources[0], sources[1], cls)
            if self._negated_source(shape, sources) is not None and len(readings) == 2:
                return self._difference(shape, readings, sources, cls)
            disjoint = len(readings) == 2 and not self._common(list(readings[0].result.ends), readings[1])
            if disjoint and not shape.coordinated and not self._both_named(shape, readings, sources):
                readings = readings[:1]  # a second entity whose unnamed reading does not meet the first
        elif sources:
            readings = self._coordinated(shape, r, sources[0]) or [
                p for p in [self._best_chain(shape, r, sources[0], cls)] if p is not None
            ]
        if not readings and sources and sources[0].score >= STRONG and named_class:
            # "how many states border Hawaii": a relation the question names, which things of the
            # entity's kind have and it has not: none (the graph is read as complete)
            absent = self._absent(shape, sources[0], named_class)
            if absent is not None:
                return absent
        if not readings and len(sources) == 1 and cls is not None:
            # "the highest mountain in Texas": what Texas's best reading reaches, of the class or not
            readings = [p for p in [self._best_chain(shape, r, sources[0], None)] if p is not None]
        if not readings and not sources and named_class:
            # "which states have rivers running through them": joined to a second class by a relation
            related = self._class_related(shape, named_class, mentions)
            if related is not None:
                return related
        if not readings and named_class:
            return self._instances(named_class)
        if not readings:
            return self._objects_of(shape) if not sources else None
        members = self._intersect(readings, shape, cls)
        self._exclude_named(shape, members, mentions)
        if named_class is not None:
            cls, span = named_class
            typed = [n for n in members.nodes if self.graph.taxonomy.is_a(n, cls)]
            if not typed and not members.chains[0].lexical and self._has_class(cls):
                # the entity's reading reaches nothing of the class asked for, and no word names it:
                # the class's instances, with the entity left unexplained (which lowers the confidence)
                return self._instances(named_class)
            if typed:
                if len(typed) < len(members.nodes):
                    members.steps.append(Step("isa", (self.graph.labels.label(cls),), f"{len(typed)} results"))
                    self._narrow(members, sparql.class_pattern(cls))
                members.nodes = typed
                members.explained |= set(range(*span))
        return members

    def _set_class(
        self, shape: Shape, mentions: list[Mention], sources: list[Mention]
    ) -> tuple[Node, tuple[int, int]] | None:
        """The class of the set a question is about: at its focus, else said after a copula past the
        entity, else the one a superlative ranks."""
        named_class = self._named_class(shape.tokens, {(m.start, m.end) for m in mentions if m.score >= STRONG})
        if named_class is None and sources:
            # "how many of Zeus's children *are Olympian gods*": the class said after a copula past the entity
            cop = next(
                (
                    i
                    for i in range(sources[0].end, len(shape.tokens))
                    if shape.tokens[i] in ("is", "are", "was", "were")
                ),
                None,
            )
            named_class = self._first_class(shape.tokens, cop + 1, at_once=True) if cop is not None else None
        order = shape.order
        if named_class is None and order is not None and order.superlative:
            # "the capital of the largest *state* in the US": the class the superlative ranks
            for at in range(order.span[1], min(order.span[1] + 2, len(shape.tokens))):  # "premiered *work*"
                if any(m.start <= at < m.end for m in mentions) or shape.tokens[at] in STOPWORDS:
                    break
                named_class = self._class_at(shape.tokens, at)
                if named_class is not None:
                    break
        return named_class

    def _objects_of(self, shape: Shape) -> Members | None:
        """ "What is the largest capital?": with no entity and no class, a focus noun that is the
        one-word name of a relation asks for everything that relation leads to (every capital)."""
        focus = _focus(shape.tokens, set())
        if focus is None:
            return None
        labels = self.graph.labels
        word = shape.tokens[focus]
        for predicate in sorted(self.graph.schema - self.graph.taxonomy.classes, key=str):
            name = normalize(labels.predicate_label(predicate)).split()
            if len(name) != 1 or not same_form(word, name[0]):
                continue
            evidence: dict[Node, tuple[Triple, ...]] = {}
            for t in self.graph.store.triples((None, predicate, None)):
                evidence.setdefault(t[2], (t,))
            nodes = [n for n in evidence if value_of(n, labels) is None]
            if nodes:
                steps = [Step("relate", (f"? —{labels.predicate_label(predicate)}→ ?",), f"{len(nodes)} results")]
                return Members(nodes, evidence, steps, True, {focus})
        return None

    def _absent(self, shape: Shape, m: Mention, named_class: tuple[Node, tuple[int, int]]) -> Members | None:
        """No members: the entity lacks a relation a question word names that others of its kind have."""
        node = m.nodes[0]
        own = set(self.hoods.all_grouped(node))
        kinds = self.graph.taxonomy.types(node)
        taken = set(range(m.start, m.end)) | set(range(*named_class[1]))
        peers = [n for k in kinds for n, _ in self.graph.taxonomy.instances(k)][:50]
        labels = self.graph.labels

        def none_by(hop: Hop) -> list[Step]:
            return [Step("find", (labels.label(node),)),
                    Step("relate", (f"{labels.label(node)} —{hop.text(labels)}→ ?",), "0 results")]  # fmt: skip

        unnamed: dict[Hop, int] = {}  # relations to the class no word names, and how many peers have them
        for peer in peers:
            for hop, pairs in self.hoods.all_grouped(peer).items():
                if not pairs or value_of(pairs[0][0], labels) is not None:
                    continue
                if not self._any_is_a([o for o, _ in pairs[:5]], named_class[0]):
                    continue
                if hop in own:  # the entity has it: things of the class by it, or things it has instead
                    if self._any_is_a([o for o, _ in self.hoods.all_grouped(node)[hop][:5]], named_class[0]):
                        return None
                    continue
                at = _saying(shape, self._relation_words(hop)) - taken
                if at:
                    return Members([], {}, none_by(hop), True, at | taken | set(range(*named_class[1])))
                unnamed[hop] = unnamed.get(hop, 0) + 1
        ways = sorted(unnamed.items(), key=lambda kv: -kv[1])
        if shape.count is not None and ways and (len(ways) == 1 or ways[0][1] >= 2 * ways[1][1]):
            # "how many rivers does Alaska have": the way (most of) its kind have rivers, which it has not
            return Members([], {}, none_by(ways[0][0]), False, taken | set(range(*named_class[1])))
        return None

    def _negated_source(self, shape: Shape, sources: list[Mention]) -> Mention | None:
        """The entity a "not" applies to ("movies Hans Zimmer did not score"): the source nearest it, of
        two as near the one after it ("toxic to dogs but not to cats")."""
        spans = [(a, b) for a, b in shape.negations if b - a == 1 and shape.tokens[a] in ("not", "never", "t")]
        if not spans or len(sources) < 2:
            return None
        at = spans[0][0]
        return min(sources[:2], key=lambda m: (min(abs(m.start - at), abs(m.end - 1 - at)), m.start < at))

    def _difference(
        self, shape: Shape, readings: list[ScoredPath], sources: list[Mention], cls: Node | None
    ) -> Members:
        """The first reading's set without what the negated entity's reading reaches."""
        negated = self._negated_source(shape, sources)
        keep, drop = (readings[1], readings[0]) if readings[0].mention == negated else (readings[0], readings[1])
        members = self._intersect([keep], shape, cls)
        excluded = set(self._common(members.nodes, drop))
        members.nodes = [n for n in members.nodes if n not in excluded]
        self._narrow(members, sparql.without_pattern(self._chain_pattern(drop, "x")))
        members.steps.append(Step("exclude", (chain_reading(drop, self.graph),), f"{len(members.nodes)} results"))
        members.explained |= set(range(drop.mention.start, drop.mention.end)) | self.chain_positions(shape, drop)
        members.explained |= {i for a, b in shape.negations for i in range(a, b) if shape.tokens[a] in DENIALS}
        members.chains.append(drop)
        return members

    def _exclude_named(self, shape: Shape, members: Members, mentions: list[Mention]) -> None:
        """ "Any spacecraft other than Voyager 2": the entity named after an exclusion is not a member."""
        for a, b in shape.negations:
            if b - a < 2:
                continue
            named = next((m for m in mentions if b <= m.start <= b + 1), None)
            if named is None:
                continue
            members.nodes = [n for n in members.nodes if n not in named.nodes]
            self._narrow(members, sparql.without_nodes(named.nodes))
            members.steps.append(
                Step("exclude", (self.graph.labels.label(named.nodes[0]),), f"{len(members.nodes)} results")
            )
            members.explained |= set(range(a, b)) | set(range(named.start, named.end))

    def _class_related(
        self, shape: Shape, named_class: tuple[Node, tuple[int, int]], mentions: list[Mention]
    ) -> Members | None:
        """ "Which states have rivers running through them?", "which aristocrats had works dedicated
        to them?": the things of the asked class that a relation the question names joins to things of
        another class it names (the relation with the most such things, either way round); with two
        such classes, joined to both ("discovered both a planet and a moon"), or either ("or")."""
        cls, span = named_class
        taken = set(range(*span)) | {i for m in mentions for i in range(m.start, m.end)}
        others: list[tuple[Node, tuple[int, int]]] = []
        at = span[1]
        while at < len(shape.tokens):
            found = self._class_at(shape.tokens, at)
            if found is not None and found[0] != cls and not set(range(*found[1])) & taken:
                others.append(found)
                taken |= set(range(*found[1]))
                at = found[1][1]
            else:
                at += 1
        if not others:
            return None
        joined = [self._joined_to(shape, cls, other, taken) for other in others]
        found_all = [j for j in joined if j is not None]
        if len(found_all) < len(others):
            return None  # a class the question joins the set to by no relation it names
        labels = self.graph.labels
        either = "or" in shape.tokens[others[0][1][1] : others[-1][1][0]]
        nodes: list[Node] = []
        evidence: dict[Node, tuple[Triple, ...]] = {}
        steps = [Step("class", (labels.label(cls),), f"{len(dict(self.graph.taxonomy.instances(cls)))} results")]
        pattern: list[str] = [*sparql.class_pattern(cls)]
        branches: list[list[str]] = []
        explained = set(range(*span))
        for k, ((hop, said, reached), other) in enumerate(zip(found_all, others, strict=True)):
            if k == 0:
                nodes = list(reached)
            elif either:
                nodes = list(dict.fromkeys([*nodes, *reached]))
            else:
                nodes = [n for n in nodes if n in reached]
            for n, t in reached.items():
                evidence[n] = evidence.get(n, ()) + t
            op = "relate" if k == 0 else ("union" if either else "intersect")
            steps.append(Step(op, (f"? —{hop.text(labels)}→ {labels.label(other[0])}",), f"{len(nodes)} results"))
            branches.append(
                sparql.related_pattern(hop, other[0], self.hoods.symmetric, f"other{k}", self.hoods.contained)
            )
            explained |= set(range(*other[1])) | said
        if either and len(branches) > 1:
            pattern.append("  {")
            for k, branch in enumerate(branches):
                if k:
                    pattern.append("  } UNION {")
                pattern += [f"  {line}" for line in branch]
            pattern.append("  }")
        else:
            pattern += [line for branch in branches for line in branch]
        return Members(nodes, {n: evidence[n] for n in nodes}, steps, True, explained, pattern=pattern)

    def _joined_to(
        self, shape: Shape, cls: Node, other: tuple[Node, tuple[int, int]], taken: set[int]
    ) -> tuple[Hop, set[int], dict[Node, tuple[Triple, ...]]] | None:
        """The relation a question word names that joins the most things of ``cls`` to things of
        ``other``, with the words naming it and each thing's fact."""
        taxonomy = self.graph.taxonomy
        best: tuple[Hop, set[int], dict[Node, tuple[Triple, ...]]] | None = None
        for predicate in sorted(self.graph.schema - taxonomy.classes, key=str):
            said = _saying(shape, self._relation_words(Hop(predicate, True))) - taken
            if not said:
                continue
            for forward in (True, False):
                evidence: dict[Node, tuple[Triple, ...]] = {}
                for t in islice(self.graph.store.triples((None, predicate, None)), 50_000):
                    mine, theirs = (t[0], t[2]) if forward else (t[2], t[0])
                    if mine not in evidence and taxonomy.is_a(mine, cls) and taxonomy.is_a(theirs, other[0]):
                        evidence[mine] = (t,)
                if evidence and (best is None or len(evidence) > len(best[2])):
                    best = (Hop(predicate, forward), said, evidence)
        return best
