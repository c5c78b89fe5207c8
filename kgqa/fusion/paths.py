"""Relation paths: walk 1-3 relations out of a linked entity, in either direction, by store lookups.

Paths are grouped by their relation chain (``directed_by⁻¹ → in_language``): each chain leads from
the start entity to a set of end nodes, and every end node keeps one chain of triples back to the
start as its evidence. Hubs (a genre with thousands of films) are not walked through: a node with
more than ``hub_limit`` edges ends the walk there, which bounds the work per question.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from rdflib import OWL, RDF, SKOS, Literal
from rdflib.term import Node

from ..knowledge.terms import Triple
from ..representation.labels import Labels
from ..representation.stores.base import GraphStore
from ..text import CONTAINMENT_NAMES, STOPWORDS, normalize
from ..vocab import LABEL_PREDICATES, NON_FACT_PREDICATES


class Hop(NamedTuple):
    """One relation step: a predicate followed forwards (subject→object) or backwards.
    (A named tuple: hashed and compared in C, which matters in the walk's inner loop.)"""

    predicate: Node
    forward: bool

    def text(self, labels: Labels) -> str:
        return labels.predicate_label(self.predicate) if self.forward else labels.inverse_label(self.predicate)

    def phrases(self, labels: Labels) -> tuple[tuple[str, ...], ...]:
        """Names of this relation of two words or more, as token tuples ("flows into", "directed by")."""
        names = [
            *labels.all_names(self.predicate),
            labels.predicate_label(self.predicate),
            labels.inverse.get(self.predicate, ""),
        ]
        return tuple(dict.fromkeys(tuple(normalize(n).split()) for n in names if len(normalize(n).split()) >= 2))

    def words(self, labels: Labels, cues: bool = True) -> frozenset[str]:
        """Content words that name this relation (label, alt labels, inverse label and, with ``cues``,
        its cue words), for lexical cues."""
        # Both directions: the graph already fixes the direction, and "wrote" names "written by" too;
        # cue words are how questions ask for the relation (learned or written by experts).
        return frozenset(w for w in labels.relation_words(self.predicate, cues) if w not in STOPWORDS)


RelationPath = tuple[Hop, ...]


@dataclass
class PathResult:
    """The end nodes a relation chain reaches from a start node, each with its chain of triples."""

    start: Node
    relations: RelationPath
    ends: dict[Node, tuple[Triple, ...]]

    def describe(self, labels: Labels) -> str:
        """The chain as read from the start: "directed by → born in" (inverse hops by their inverse label)."""
        return chain_text(self.relations, labels)


def distinct_relations(relations: RelationPath) -> bool:
    """Whether a chain of two steps or more uses each relation once: one that comes back to its start
    so says something of it ("the ore mercury is mined from contains mercury")."""
    return len(relations) > 1 and len({h.predicate for h in relations}) == len(relations)


def comes_back(result: PathResult, named: bool) -> bool:
    """Whether a chain's own start is among its answers: a chain the question ``named`` step by step
    that comes back to it by relations all different, through one thing at each step ("who killed
    Oedipus's father": Oedipus; "the elements in titanium's main ore": titanium too)."""
    return named and distinct_relations(result.relations) and through_one(result)


def through_one(result: PathResult) -> bool:
    """Whether the chain starts with a fact of its start (a forward step) and every step but the
    last reaches one node ("Oedipus's father", "titanium's main ore"): a thing the question singles
    out, whose relations may lead back to the start; unlike the things that point to the start ("the
    films X directed", whose writers X is one of only by the way)."""
    if not result.relations or not result.relations[0].forward:
        return False
    steps: list[set[Node]] = [set() for _ in result.relations[:-1]]
    for chain in result.ends.values():
        node = result.start
        for k, t in enumerate(chain[:-1]):
            node = t[2] if t[0] == node else t[0]
            steps[k].add(node)
    return all(len(s) == 1 for s in steps)


def chain_text(relations: RelationPath, labels: Labels) -> str:
    """A chain as read from its start, direction included ("starred actors → is written by of"): the
    text a trained matcher compares questions with, which learns what the direction of a hop means."""
    return " → ".join(h.text(labels) for h in relations)


def relation_text(relations: RelationPath, labels: Labels) -> str:
    """A chain's relation labels and alt labels, direction left out (the graph already fixes the
    direction; "is written by of" would only add noise for the untrained embedder)."""
    return " ".join(
        " ".join(dict.fromkeys([labels.predicate_label(h.predicate), *labels.alt.get(h.predicate, [])]))
        for h in relations
    )


Edge = tuple[Hop, Node, Triple]
_NOT_WALKED = frozenset([*NON_FACT_PREDICATES, RDF.type])


def _symmetric(store: GraphStore) -> frozenset[Node]:
    """The predicates the pack declares symmetric: a fact of one says the same read backwards."""
    return frozenset(s for s, _, _ in store.triples((None, RDF.type, OWL.SymmetricProperty)))


def containment(store: GraphStore) -> frozenset[Node]:
    """The predicates that put one thing inside another: declared ``owl:TransitiveProperty``,
    ``skos:broader``, or named so (``text.CONTAINMENT_NAMES``: "located in", "part of").

    Read backwards, a step reaches what is inside too: the plants native to Europe are those native
    to Europe and to the countries and regions located in it, the Gothic Revival buildings those of
    its narrower styles; ``sparql`` writes the same step as ``<p>/<located in>*``."""
    declared = {s for s, _, _ in store.triples((None, RDF.type, OWL.TransitiveProperty))} | {SKOS.broader}
    named = {
        p
        for label in LABEL_PREDICATES
        for p, _, name in store.triples((None, label, None))
        if isinstance(name, Literal) and normalize(str(name)) in CONTAINMENT_NAMES
    }
    return frozenset(p for p in declared | named if next(iter(store.triples((None, p, None))), None) is not None)


class Inside:
    """The relations that put one thing inside another (``containment``), and which relations a step
    backwards reads into what is inside through them: those with several subjects per object on
    average (``Neighbourhoods.many_valued`` backwards: the plants native to a region; not a country's
    one capital, whose regions' capitals are no capitals of it)."""

    def __init__(self, preds: frozenset[Node], many_valued: Callable[[Hop], bool]) -> None:
        self.preds = preds
        self._many_valued = many_valued

    def __bool__(self) -> bool:
        return bool(self.preds)

    def folds(self, predicate: Node) -> bool:
        """Whether a backward step along ``predicate`` reaches into what is inside its node."""
        if not self.preds:
            return False
        return predicate in self.preds or self._many_valued(Hop(predicate, False))


class Neighbourhoods:
    """Edges of nodes, fetched from the store on demand and kept in a bounded LRU cache.

    Terms are interned (one object per distinct node): the walk compares nodes and triples millions
    of times, and identical objects compare without calling rdflib's ``__eq__``.
    """

    def __init__(
        self,
        store: GraphStore,
        schema: set[Node],
        hub_limit: int = 400,
        cache_size: int = 50_000,
        start_cap: int = 5000,
    ) -> None:
        self.store = store
        self.schema = schema
        self.hub_limit = hub_limit
        self.cache_size = cache_size
        self.start_cap = start_cap  # a start node is walked even when it is a hub, up to this many edges
        self._cache: OrderedDict[Node, Grouped | None] = OrderedDict()
        self._terms: dict[Node, Node] = {}
        self._triples: dict[Triple, Triple] = {}
        # a store that hands out one object per term and per triple needs no interning here
        self._canonical = bool(getattr(store, "canonical_terms", False))
        # a remote store answers a whole frontier in one request (see ``prefetch``)
        self._around = getattr(store, "around", None)
        self.symmetric = _symmetric(store)
        self._many: dict[Hop, bool] = {}
        self.contained = Inside(containment(store), self.many_valued)

    def clear(self, schema: set[Node] | None = None) -> None:
        """Forget every node's edges (the graph changed), and take the new schema nodes if given."""
        if schema is not None:
            self.schema = schema
        self.symmetric = _symmetric(self.store)
        self._many = {}
        self.contained = Inside(containment(self.store), self.many_valued)
        forget = getattr(self.store, "forget", None)
        if forget is not None:  # a remote store's own memory of the graph goes too
            forget()
        self._cache.clear()
        self._terms.clear()
        self._triples.clear()

    def many_valued(self, hop: Hop) -> bool:
        """Whether the nodes of the graph that have values along a hop have a quarter more values than
        nodes on average (the cities where works were painted), unlike a relation of mostly one value
        each (a state's capital, the state a city is in); measured once per hop until ``clear``."""
        if hop not in self._many:
            nodes: set[Node] = set()
            n = 0
            for s, _, o in self.store.triples((None, hop.predicate, None)):
                nodes.add(s if hop.forward else o)
                n += 1
            self._many[hop] = n >= 1.25 * len(nodes) > 0
        return self._many[hop]

    def preload(self, nodes: Iterable[Node]) -> int:
        """Fetch the edges of these nodes now (up to the cache's size), so that first questions
        about them walk from memory; returns how many were loaded."""
        n = 0
        for node in nodes:
            if n >= self.cache_size:
                break
            if not isinstance(node, Literal) and node not in self._cache:
                self.grouped(node)
                n += 1
        return n

    def prefetch(self, nodes: Iterable[Node]) -> None:
        """Fetch the edges of the nodes not in memory in one request, from a store that answers a
        frontier at once (a SPARQL endpoint); a no-op for stores whose lookups are local."""
        if self._around is None:
            return
        todo = [n for n in dict.fromkeys(nodes) if not isinstance(n, Literal) and n not in self._cache]
        if not todo:
            return
        for node, edges in self._around(todo, self.hub_limit, skip=_NOT_WALKED).items():
            self._cache[node] = None if edges is None else _group(self._remote_edges(node, edges))
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _edges(self, edges: Iterable[tuple[Triple, bool]]) -> Iterator[Edge]:
        schema, symmetric = self.schema, self.symmetric
        for t, forward in edges:
            if t[0] not in schema:
                t = self._intern(t)
                yield (Hop(t[1], True), t[2], t) if forward else (Hop(t[1], False), t[0], t)
                if not forward and t[1] in symmetric:
                    yield Hop(t[1], True), t[0], t

    def predicates(self) -> set[Node]:
        """The predicates of the facts whose edges are in memory."""
        return {h.predicate for groups in self._cache.values() if groups for h in groups}

    def _intern(self, t: Triple) -> Triple:
        if self._canonical:
            return t
        terms = self._terms
        s, p, o = (terms.setdefault(x, x) for x in t)
        return self._triples.setdefault((s, p, o), (s, p, o))

    def _fetch(self, node: Node, limit: int) -> Iterator[Edge]:
        if self._around is not None:  # at most ``limit`` edges each way, also of a hub
            edges = self._around([node], limit, skip=_NOT_WALKED, truncate=True)[node] or []
            yield from islice(self._remote_edges(node, edges), 2 * limit)
            return
        # labels, templates and types are not walked: types constrain answers, they are not asked for
        skip, schema = _NOT_WALKED, self.schema
        for t in islice(self.store.triples((node, None, None)), limit):
            if t[1] not in skip and t[0] not in schema:
                t = self._intern(t)
                yield Hop(t[1], True), t[2], t
        symmetric = self.symmetric
        for t in islice(self.store.triples((None, None, node)), limit):
            if t[1] not in skip and t[0] not in schema:
                t = self._intern(t)
                yield Hop(t[1], False), t[0], t
                if t[1] in symmetric:  # "Zeus spouse Hera" says Hera's spouse too (owl:SymmetricProperty)
                    yield Hop(t[1], True), t[0], t
        if self.contained:
            yield from islice(self._inside(node), limit)

    def _remote_edges(self, node: Node, edges: Iterable[tuple[Triple, bool]]) -> Iterator[Edge]:
        """A remote store's edges of a node, with the steps into what is inside it (as ``_fetch``)."""
        yield from self._edges(edges)
        if self.contained:
            yield from islice(self._inside(node), self.hub_limit + 1)

    def _inside(self, node: Node) -> Iterator[Edge]:
        """Backward steps into what is inside a node, through ``contained`` predicates at any depth
        (the plants native to Europe include those native to France, located in Europe; the things
        located in Europe, those located in France), along relations that ``Inside.folds``: one edge
        per fact, never to the node itself, in the order the parts are found."""
        contained, schema = self.contained, self.schema
        preds = sorted(contained.preds, key=str)
        inside: dict[Node, None] = {}
        frontier = [node]
        while frontier and len(inside) < self.start_cap:
            nxt = []
            for at in frontier:
                for p in preds:
                    for sub, _, _ in self.store.triples((None, p, at)):
                        if sub != node and sub not in inside and not isinstance(sub, Literal):
                            inside[sub] = None
                            nxt.append(sub)
                            if len(inside) >= self.start_cap:
                                break
            frontier = nxt
        for part in inside:
            for t in self.store.triples((None, None, part)):
                if t[1] in _NOT_WALKED or t[1] in self.symmetric or t[0] in schema or t[0] == node:
                    continue
                if contained.folds(t[1]):
                    # a fact read through what is inside is a step of its own (a chain may also use
                    # it directly, as SPARQL's ``<p>/<in>*`` does): a tuple of its own, not the interned one
                    s, p, o = self._intern(t)
                    yield Hop(p, False), s, (s, p, o)

    def grouped(self, node: Node) -> Grouped | None:
        """The node's (neighbour, triple) pairs by relation step; None for a hub."""
        if node in self._cache:
            self._cache.move_to_end(node)
            return self._cache[node]
        if self._around is not None:
            self.prefetch([node])
            return self._cache.get(node)
        groups: Grouped | None = _group(self._fetch(node, self.hub_limit + 1))
        if groups is not None and _edge_count(groups) > self.hub_limit:
            groups = None
        self._cache[node] = groups
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return groups

    def prominence(self, node: Node) -> int:
        """How many facts a node takes part in (a hub: just over ``hub_limit``; a literal value: 0,
        since how common a value is says nothing of it)."""
        if isinstance(node, Literal):
            return 0
        groups = self.grouped(node)
        return self.hub_limit + 1 if groups is None else _edge_count(groups)

    def by_prominence(self, nodes: list[Node], limit: int) -> list[Node]:
        """Nodes that one chain proves alike, the better-connected first ("who directed *A Nightmare
        on Elm Street*": Wes Craven, with 30 facts, before a namesake film's director with one);
        ties, literals and sets of more than ``limit`` keep their order."""
        if len(nodes) < 2 or len(nodes) > limit:
            return nodes
        self.prefetch(nodes)
        degree = {n: self.prominence(n) for n in nodes}
        return sorted(nodes, key=lambda n: -degree[n])

    def all_grouped(self, node: Node, cap: int | None = None) -> Grouped:
        """Like ``grouped`` for a start node, which is walked even when it is a hub (up to ``cap``)."""
        groups = self.grouped(node)
        return groups if groups is not None else _group(self._fetch(node, cap or self.start_cap))

    def stepper(self, start: bool) -> Callable[[Node], Grouped | None]:
        """How a walk finds the relation steps out of a node: every one from the start node, none
        past a hub (one lookup per chain, not per node: the walk's inner loop)."""
        return self.all_grouped if start else self.grouped

    def all_edges(self, node: Node, cap: int | None = None) -> Iterator[Edge]:
        """Edges of a start node, which is walked even when it is a hub (up to ``cap``)."""
        for hop, pairs in self.all_grouped(node, cap).items():
            for other, triple in pairs:
                yield hop, other, triple


Grouped = dict[Hop, list[tuple[Node, Triple]]]


def _edge_count(groups: Grouped) -> int:
    return sum(len(pairs) for pairs in groups.values())


def _group(edges: Iterator[Edge]) -> Grouped:
    groups: Grouped = {}
    for hop, other, triple in edges:
        pairs = groups.get(hop)
        if pairs is None:
            pairs = groups[hop] = []
        pairs.append((other, triple))
    return groups


def walk(hoods: Neighbourhoods, start: Node, max_hops: int = 3, max_frontier: int = 300) -> list[PathResult]:
    """Every relation chain of 1..max_hops from ``start``, with the nodes it reaches."""
    results: list[PathResult] = []
    level = [PathResult(start=start, relations=(), ends={start: ()})]
    for _ in range(max_hops):
        level = extend(hoods, level, max_frontier=max_frontier)
        results += level
        if not level:
            break
    return results


def _frontier(paths: list[PathResult], max_frontier: int) -> Iterator[PathResult]:
    """The chains worth one more step: a start, or a chain whose end set is not too large."""
    for p in paths:
        if not p.relations or len(p.ends) <= max_frontier:
            yield p


def next_steps(hoods: Neighbourhoods, paths: list[PathResult], max_frontier: int = 300) -> list[RelationPath]:
    """The chains one step longer than ``paths`` that the graph has, found without walking them."""
    found: dict[RelationPath, None] = {}
    frontier = list(_frontier(paths, max_frontier))
    hoods.prefetch(n for p in frontier if p.relations for n in p.ends)
    for p in frontier:
        hops: dict[Hop, None] = {}
        steps = hoods.stepper(start=not p.relations)
        for node in p.ends:
            if isinstance(node, Literal):
                continue
            groups = steps(node)
            if groups is not None:
                hops.update(dict.fromkeys(groups))
        found.update(dict.fromkeys((*p.relations, h) for h in hops))
    return list(found)


def extend(
    hoods: Neighbourhoods,
    paths: list[PathResult],
    max_frontier: int = 300,
    only: Collection[RelationPath] | None = None,
) -> list[PathResult]:
    """Each chain one step longer, by every relation step out of its end nodes (only into the chains
    of ``only``, when given); the first chain to reach a node is its evidence, and no chain walks back
    along a fact it used."""
    steps: dict[RelationPath, set[Hop]] | None = None
    if only is not None:
        steps = {}
        for c in only:
            steps.setdefault(c[:-1], set()).add(c[-1])
    out: list[PathResult] = []
    frontier = [p for p in _frontier(paths, max_frontier) if steps is None or steps.get(p.relations)]
    hoods.prefetch(n for p in frontier if p.relations for n in p.ends)
    for p in frontier:
        allowed = steps.get(p.relations) if steps is not None else None
        if steps is not None and not allowed:
            continue
        longer: dict[Hop, dict[Node, tuple[Triple, ...]]] = {}
        next_of = hoods.stepper(start=not p.relations)
        last = p.relations[-1] if p.relations else None
        for node, chain in p.ends.items():
            if isinstance(node, Literal):
                continue
            groups = next_of(node)
            if groups is None:
                continue
            used = {id(c) for c in chain}  # triples are interned: identities name facts
            came_from = (chain[-1][0] if chain[-1][2] == node else chain[-1][2]) if chain else None
            for hop, pairs in groups.items():
                if allowed is not None and hop not in allowed:
                    continue
                # back along the relation just used, to the node just left: the same fact read again,
                # also where a pack states a symmetric relation both ways ("A spouse B", "B spouse A")
                back = (
                    last is not None
                    and hop.predicate == last.predicate
                    and (hop.forward != last.forward or hop.predicate in hoods.symmetric)
                )
                ends = longer.get(hop)
                if ends is None:
                    ends = longer[hop] = {}
                for other, triple in pairs:
                    if other not in ends and id(triple) not in used and not (back and other == came_from):
                        ends[other] = (*chain, triple)
        out += [PathResult(p.start, (*p.relations, hop), ends) for hop, ends in longer.items() if ends]
    return out
