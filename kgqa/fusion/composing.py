"""Compositional questions: yes/no checks, counts, comparisons, superlatives, filters by a value,
intersections and entity summaries, executed over the graph as a small program of steps.

The shape of the question comes from ``shapes`` (general English), the sets it talks about from
retrieval's scored relation chains (or the instances of a class it names), and the values it orders
or filters by from the literals of the set's members (``values``). Each answer says which steps it
executed (``Program``) and which words of the question it did not account for; those lower its
confidence, so a reading that skips part of the question is never sure of itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from rdflib import RDF, XSD, Literal
from rdflib.term import Node

from ..knowledge.terms import Triple
from ..representation.graph import KnowledgeGraph
from ..settings import ReadingSettings
from ..text import STOPWORDS, VAGUE_RELATION_WORDS, WH_WORDS, normalize, same_form, same_word, singular
from . import sparql
from .answer import ABSTAIN_TEXT, Answer, Entity, Program, Step
from .coverage import FILLER, STRONG, unanswerable, uncovered_words
from .linking import Mention
from .paths import Hop, Neighbourhoods, comes_back
from .retrieval import Retrieval, ScoredPath
from .scoring import RESTATING, SHARING_WORDS
from .shapes import AUXILIARIES, DENIALS, DIMENSIONS, GRADED, ORDER_WORDS, REQUESTS, Filter, Order, Shape, answer_kind
from .values import Value, looks_like_year, value_of

#: At most this sure of "none": an empty set (two readings that do not meet, a filter nothing passes)
#: is more often a misreading of the question than a fact of the graph.
EMPTY_CONFIDENCE = 0.6

#: Below this, a mention is a schema word written in lower case ("moon"): a class name wins over it.
WEAK = 0.5


@dataclass
class Members:
    """A set the question talks about, how it was found, and what of the question that explains."""

    nodes: list[Node]
    evidence: dict[Node, tuple[Triple, ...]]
    steps: list[Step]
    named: bool  # each chain (or class) of it is named by a word of the question
    explained: set[int] = field(default_factory=set)
    chains: list[ScoredPath] = field(default_factory=list)
    #: the set as the lines of a SPARQL pattern binding ``?answer`` (``sparql``); None when an
    #: operation on it has no SPARQL form here
    pattern: list[str] | None = None


@dataclass(frozen=True)
class Attribute:
    """A relation whose values the question orders or filters by, with each member's value."""

    hop: Hop
    name: str
    values: dict[Node, tuple[Value, Triple]]
    named: bool  # a word of the question names it, or the order's dimension does
    explained: frozenset[int]


@dataclass
class Outcome:
    """What a composed reading produced, before it becomes an ``Answer``."""

    shape: str
    text: str
    entities: list[Node]
    triples: list[Triple]
    steps: list[Step]
    confidence: float
    explained: set[int]
    evidence: dict[Node, tuple[Triple, ...]] = field(default_factory=dict)
    sparql: str = ""  # the same reading as a SPARQL query, where it has one


class Composer:
    """Executes the operators of a question over one graph (see the module's docstring)."""

    def __init__(self, graph: KnowledgeGraph, hoods: Neighbourhoods, settings: ReadingSettings) -> None:
        self.graph = graph
        self.hoods = hoods
        self.settings = settings
        self._class_names: list[tuple[tuple[str, ...], Node]] | None = None
        self._many: dict[tuple[Node, bool], bool] = {}

    def refresh(self) -> None:
        """Forget class names and what relations are many-valued (an edit changed the graph)."""
        self._class_names = None
        self._many = {}

    def many_valued(self, hop: Hop) -> bool:
        """Whether the nodes of the graph that have values along a hop have a quarter more values than
        nodes on average (the cities where works were painted), unlike a relation of mostly one value
        each (a state's capital, the state a city is in)."""
        key = (hop.predicate, hop.forward)
        if key not in self._many:
            nodes: set[Node] = set()
            n = 0
            for s, _, o in self.graph.store.triples((None, hop.predicate, None)):
                nodes.add(s if hop.forward else o)
                n += 1
            self._many[key] = n >= 1.25 * len(nodes) > 0
        return self._many[key]

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
        if any(shape.tokens[a] in DENIALS for a, _ in shape.negations):
            denied = self._denied(shape, r, mentions)
            if denied is not None:
                return denied
        return self._joined(shape, r, mentions) or self._typed(shape, r, mentions) or self._of_classes(shape, mentions)

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
        if self.uncovered(shape, listing.explained, mentions):
            return None  # "which spacecraft visited Eros": more is asked than the classes say
        return listing

    def superlative(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """The winner of a superlative question ("the largest state"): see ``_superlative``."""
        return self._superlative(shape, r, mentions)

    def class_at(self, tokens: list[str], start: int) -> tuple[int, int] | None:
        """The span of the class named right at ``start`` (past an article), if any."""
        found = self._first_class(tokens, start, at_once=True)
        return found[1] if found is not None else None

    def class_ending(self, tokens: list[str], end: int) -> tuple[int, int] | None:
        """The span of the longest class name that ends right before ``end``, if any."""
        spans = [
            (end - len(words), end)
            for words, _ in self._classes()
            if len(words) <= end and all(same_form(tokens[end - len(words) + j], w) for j, w in enumerate(words))
        ]
        return min(spans) if spans else None

    def _first_class(self, tokens: list[str], start: int, at_once: bool = False) -> tuple[Node, tuple[int, int]] | None:
        """The first class named from ``start`` on (right there, with ``at_once``, past articles)."""
        for i in range(start, len(tokens)):
            if tokens[i] in ("a", "an", "the", "all", "any", "some", "other"):
                continue
            best = self._longest_class(tokens, i)
            if best is not None or at_once:
                return best
        return None

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

    def _summary(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Tell me about X": the entity's facts, when no relation of the question is named."""
        if r.best is not None and r.best.lexical > 0 and r.answers:
            return None  # "what is the capital of X" names a relation: a path question
        m = max(mentions, key=lambda m: m.score)
        node = m.nodes[0]
        # "what is the movie X": a noun right before the name says what it is (an apposition)
        apposition = {m.start - 1} if m.start >= 1 else set()
        rest = [
            t for i, t in enumerate(shape.tokens)
            if not m.start <= i < m.end and i not in shape.explained and i not in apposition
        ]  # fmt: skip
        if shape.summary is None and _content(rest):
            return None  # "who is the director ...": more than a name after the copula
        triples = self._describe(node)
        if not triples:
            return None
        explained = set(range(m.start, m.end)) | shape.explained | apposition
        explained |= {i for i, t in enumerate(shape.tokens) if t in WH_WORDS}
        text = self._description(node, triples)
        steps = [Step("describe", (self.graph.labels.label(node),), f"{len(triples)} facts")]
        return Outcome("summary", text, [node], triples, steps, 0.9, explained)

    def _yesno(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """A fact check: a comparison, an attribute value, a class, or a link between entities."""
        than = next((f for f in shape.filters if f.than), None)
        if shape.order is not None and shape.order.dimension == "count" and len(mentions) >= 2:
            return self._compare_counts(shape, r, mentions, claim=True)
        if len(mentions) >= 2 and (shape.order is not None or than):
            return self._compare_claim(shape, r, mentions)
        if "any" in shape.tokens:
            exists = self._exists(shape, r, mentions)
            if exists is not None:
                return exists
        values = [f for f in shape.filters if not f.than] or _bare_numbers(shape, mentions)
        if len(mentions) == 1 and values:
            return self._value_claim(shape, r, mentions[0], values[0])
        if len(mentions) == 1:
            return self._boolean_claim(shape, mentions[0]) or self._class_claim(shape, mentions[0])
        if len(mentions) >= 3 and (shape.both or "and" in shape.tokens):
            return self._all_claims(shape, r, mentions)
        if len(mentions) >= 2:  # the two clearest names (a tag such as "film" beside them is noise)
            a, b = sorted(sorted(mentions, key=lambda m: -m.score)[:2], key=lambda m: m.start)
            return self._link_claim(shape, r, a, b)
        return None

    def _boolean_claim(self, shape: Shape, m: Mention) -> Outcome | None:
        """ "Has copper been *known since* ancient times?": a true/false value the pack records for the
        entity, by a relation a word of the question names."""
        labels = self.graph.labels
        taken = set(range(m.start, m.end))
        for hop, pairs in self.hoods.all_grouped(m.nodes[0]).items():
            if not hop.forward or len(pairs) != 1:
                continue
            value, triple = pairs[0]
            if not isinstance(value, Literal) or value.datatype != XSD.boolean:
                continue
            at = _saying(shape, self._relation_words(hop)) - taken
            if not at:
                continue
            holds = bool(value.toPython())
            name = labels.predicate_label(hop.predicate)
            steps = [Step("verify", (f"{name} of {labels.label(m.nodes[0])}",), _yes(holds))]
            explained = taken | at | shape.explained
            return Outcome("yesno", _yes(holds), [], [triple], steps, 0.9 if len(m.nodes) == 1 else 0.5, explained)
        return None

    def _exists(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Did any Kubrick film win Best Picture?", "Has any spacecraft other than Voyager 2 visited
        Uranus?": whether the set the question describes has a member."""
        members = self._members(shape, r, mentions)
        if members is None or not members.chains:
            return None
        holds = bool(members.nodes)
        members.steps.append(Step("exists", (), _yes(holds)))
        triples = [t for n in members.nodes[:5] for t in members.evidence.get(n, ())]
        explained = members.explained | shape.explained | {i for i, t in enumerate(shape.tokens) if t == "any"}
        confidence = 0.85 if members.named else 0.5
        return Outcome("yesno", _yes(holds), members.nodes[:10], triples, members.steps, confidence, explained)

    def _link_claim(self, shape: Shape, r: Retrieval, a: Mention, b: Mention) -> Outcome:
        """Whether the relation the question names links the two entities (closed world: a named
        relation that does not link them says no)."""
        taken = set(range(a.start, a.end)) | set(range(b.start, b.end))
        chains = [p for p in [*r.paths, *r.linked_only] if p.mention in (a, b)]
        naming = {id(p): self._named_hops(shape, p, taken) / len(p.result.relations) for p in chains}
        hits = [p for p in chains if _reaches(p, a, b) and p.features.get("repeat", 0.0) >= 0]
        hit = max(hits, key=lambda p: (naming[id(p)], p.score)) if hits else None
        named = [p for p in chains if naming[id(p)] > 0]
        best_named = max(named, key=lambda p: (naming[id(p)], p.score)) if named else None
        explained = set(range(a.start, a.end)) | set(range(b.start, b.end)) | shape.explained
        used: ScoredPath | None
        if best_named is not None:
            holds = hit is not None and naming[id(hit)] >= naming[id(best_named)]
            used = hit if holds and hit is not None else best_named
            confidence = 0.9 if naming[id(best_named)] >= 1.0 else 0.6
        else:  # no word names a relation: a direct link is what is asked; a longer one is a guess
            direct = [p for p in hits if len(p.result.relations) == 1]
            hit = max(direct, key=lambda p: p.score) if direct else hit
            holds = hit is not None and len(hit.result.relations) == 1
            used = hit if hit is not None else (r.best if r.best is not None else None)
            confidence = 0.75 if holds else 0.5
        if holds and hit is not None and self._turned(shape, hit, a):
            confidence = min(confidence, 0.5)
        explained |= self.chain_positions(shape, used)
        query = ""
        if used is not None and (used is hit) == holds:  # the query says what was checked
            other = b if used.mention == a else a
            query = sparql.reaches(self._chain_pattern(used, "step"), other.nodes[0])
        triples = _chain_triples(used, b.nodes if used is not None and used.mention == a else a.nodes)
        step = Step(
            "verify",
            (
                chain_reading(used, self.graph),
                self.graph.labels.label((b if used is None or used.mention == a else a).nodes[0]),
            ),
            _yes(holds),
        )
        return Outcome("yesno", _yes(holds), [], triples, [step], confidence, explained, sparql=query)

    def _turned(self, shape: Shape, hit: ScoredPath, a: Mention) -> bool:
        """Whether a one-step link may run the other way than the question says: "did *Achilles* kill
        Paris" asks Achilles as the subject of the verb, and the link found has him as its object (a
        relation named by a verb, "slew", not by a passive, "killed by"). Whether the label is a verb
        or a noun ("killer": the object did it) English alone cannot tell, so this only lowers the
        confidence."""
        if shape.tokens[0] not in ("did", "does", "do") or "by" in shape.tokens or len(hit.result.relations) != 1:
            return False
        hop = hit.result.relations[0]
        forward = hop.forward == (hit.mention == a)  # read from the question's subject
        label = normalize(self.graph.labels.predicate_label(hop.predicate)).split()
        return not forward and bool(label) and label[-1] != "by"

    def _all_claims(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Were A and B both X?": each subject checked against the last entity named."""
        target = mentions[-1]
        outcomes = [self._link_claim(shape, r, m, target) for m in mentions[:-1]]
        holds = all(o.text == "yes" for o in outcomes)
        steps = [s for o in outcomes for s in o.steps]
        explained = set().union(*(o.explained for o in outcomes))
        triples = [t for o in outcomes for t in o.triples]
        return Outcome("yesno", _yes(holds), [], triples, steps, min(o.confidence for o in outcomes), explained)

    def _value_claim(self, shape: Shape, r: Retrieval, m: Mention, f: Filter) -> Outcome | None:
        """ "Was Jaws released in 1975?": the entity's value of the attribute the question names."""
        node = m.nodes[0]
        attribute = self._attribute([node], shape, shape.order, f)
        if attribute is None or node not in attribute.values:
            return None
        value, triple = attribute.values[node]
        holds = _passes(value, f)
        explained = set(range(m.start, m.end)) | shape.explained | attribute.explained | set(range(*f.span))
        confidence = 0.9 if attribute.named else 0.6
        step = Step("verify", (f"{attribute.name} of {self.graph.labels.label(node)} {_filter_text(f)}",), _yes(holds))
        return Outcome("yesno", _yes(holds), [node], [triple], [step], confidence, explained)

    def _class_claim(self, shape: Shape, m: Mention) -> Outcome | None:
        """ "Is Styx a moon?": the entity's classes."""
        found = self._named_class(shape.tokens, {(m.start, m.end)})
        if found is None:
            return None
        cls, span = found
        node = m.nodes[0]
        types = [t for t in self.graph.store.triples((node, RDF.type, None))]
        holds = self.graph.taxonomy.is_a(node, cls)
        explained = set(range(m.start, m.end)) | set(range(*span)) | shape.explained
        step = Step("isa", (self.graph.labels.label(node), self.graph.labels.label(cls)), _yes(holds))
        return Outcome("yesno", _yes(holds), [node], types[:3], [step], 0.9, explained)

    def _compare_claim(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Is Fargo older than The Dark Knight?", "Did Casablanca come out after Interstellar?": the
        first entity against the second."""
        order = shape.order
        if order is None or order.dimension == "count":
            f = next(f for f in shape.filters if f.than)
            order = Order(1 if f.op in (">", ">=") else -1, f.dimension or "", (f.text,), f.span, False)
        a, b = mentions[0], mentions[1]
        attribute = self._attribute([a.nodes[0], b.nodes[0]], shape, order, None)
        if attribute is None or a.nodes[0] not in attribute.values or b.nodes[0] not in attribute.values:
            return None
        (va, ta), (vb, tb) = attribute.values[a.nodes[0]], attribute.values[b.nodes[0]]
        holds = (va.amount - vb.amount) * order.direction > 0
        labels = self.graph.labels
        args = (attribute.name, f"{labels.label(a.nodes[0])} {va}", f"{labels.label(b.nodes[0])} {vb}")
        step = Step("compare", args, _yes(holds))
        explained = set(range(a.start, a.end)) | set(range(b.start, b.end)) | shape.explained | attribute.explained
        confidence = 0.9 if attribute.named else 0.55
        return Outcome("comparison", _yes(holds), [a.nodes[0], b.nodes[0]], [ta, tb], [step], confidence, explained)

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

    def _count(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "How many films did Steven Spielberg direct?": the size of the (filtered) set."""
        measured = self._count_as_value(shape, mentions)
        if measured is not None:
            return measured
        recorded = self._recorded_count(shape, mentions)
        if recorded is not None:
            return recorded
        members = self._class_said_as_name(shape, mentions) or self._members(shape, r, mentions)
        if members is None:
            return None
        members = self._apply_filters(shape, members, r, mentions)
        if members is None:
            return None
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

    def _count_as_value(self, shape: Shape, mentions: list[Mention]) -> Outcome | None:
        """ "How many people live in X?", "how many books is X divided into": a number the pack records
        for X, when the noun after "how many" names one of X's measured relations and no class."""
        if shape.count is None or shape.count[1] >= len(shape.tokens) or shape.filters or shape.order:
            return None
        k = shape.count[1]
        noun = shape.tokens[k]
        sources = self._sources(shape, mentions)
        if not sources or any(self._names_class([t]) for t in shape.tokens[k : k + 3]):
            return None  # "how many big cities": a class is counted
        if any(m.start <= k < m.end for m in mentions):
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
            if not hop.forward or not pairs or value_of(pairs[0][0], labels) is None:
                continue
            if any(same_word(noun, w) for w in self._relation_words(hop)):
                value, triple = pairs[0]
                steps.append(Step("value", (labels.predicate_label(hop.predicate),), labels.label(value)))
                sure = 0.9 if len(m.nodes) == 1 else 0.5  # "New York": the state's or the city's?
                return Outcome("count", labels.label(value), [value], [*triples, triple], steps, sure, explained)
        return None

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

    def _said_whole(self, shape: Shape, hop: Hop) -> float:
        """The share of the words of a relation's label that the question says."""
        label = [w for w in normalize(self.graph.labels.predicate_label(hop.predicate)).split() if w not in STOPWORDS]
        return sum(any(same_word(t, w) for t in shape.tokens) for w in label) / max(1, len(label))

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

    def _named_attribute(self, nodes: list[Node], shape: Shape) -> Attribute | None:
        """A numeric relation of these nodes that words of the question name ("the most *heads*", "more
        *books*": a number of them the pack records), if any."""
        attribute = self._attribute(nodes, shape, None, None)
        return attribute if attribute is not None and attribute.named and attribute.explained else None

    def _counted_hop(
        self, shape: Shape, members: list[Node], counted: Node | None, taken: set[int], many: bool = False
    ) -> tuple[Hop | None, set[int]]:
        """The relation whose things are counted per member, and the question words that name it. Of
        its two directions, the one that gives some member ``many`` things ("who fathered the most
        children"), or else the one most members have ("which god has no *father*")."""
        said: dict[Hop, set[int]] = {}
        fits: dict[Hop, bool] = {}
        most: dict[Hop, int] = {}  # the most things a sampled member has by it, or how many members have it
        for node in members[:: max(1, len(members) // 25)][:25]:
            for hop, pairs in self.hoods.all_grouped(node).items():
                if not pairs or value_of(pairs[0][0], self.graph.labels) is not None:
                    continue
                if hop not in said:
                    said[hop] = _saying(shape, self._relation_words(hop)) - taken
                if counted is not None and not fits.get(hop):
                    fits[hop] = self._any_is_a([o for o, _ in pairs[:5]], counted)
                most[hop] = max(most.get(hop, 0), len(pairs)) if many else most.get(hop, 0) + 1
        best: tuple[float, Hop | None, set[int]] = (0.0, None, set())
        for hop, at in said.items():
            if counted is not None and not fits[hop]:
                continue  # "the most rivers": a relation that leads to rivers
            score = 2.0 * bool(at) + 1.0 * (counted is not None) + 0.01 * min(most[hop], 50)
            if score > best[0]:
                best = (score, hop, at)
        return best[1], best[2]

    def _filtered(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Which films by X were released after 1980?": the set, filtered by each constraint."""
        members = self._members(shape, r, mentions)
        if members is None:
            return None
        members = self._apply_filters(shape, members, r, mentions)
        if members is None:
            return None
        return self._listing("constraint", members, shape)

    def _listing(self, kind: str, members: Members, shape: Shape) -> Outcome:
        """A set as an answer: its members' names (or "none"), with the chains that reach them."""
        labels = self.graph.labels
        names = [labels.label(n) for n in members.nodes]
        text = ", ".join(names[: self.settings.answers_in_text]) if names else "none"
        if len(names) > self.settings.answers_in_text:
            text += f" and {len(names) - self.settings.answers_in_text} more"
        triples = [t for n in members.nodes[:10] for t in members.evidence.get(n, ())]
        if not members.nodes:  # nothing in common: the evidence is each reading's own answers
            triples = [t for p in members.chains for chain in list(p.result.ends.values())[:5] for t in chain]
        confidence = 0.9 if members.named else 0.5
        if not members.nodes:
            confidence = min(confidence, EMPTY_CONFIDENCE)  # "none" may as well be a misreading
        explained = members.explained | shape.explained | {i for i, t in enumerate(shape.tokens) if t in WH_WORDS}
        query = sparql.select(members.pattern) if members.pattern is not None else ""
        return Outcome(
            kind, text, members.nodes, triples, members.steps, confidence, explained, members.evidence, query
        )

    # --- sets ------------------------------------------------------------------------------------

    def _members(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Members | None:
        """The set the question is about: each source entity's best reading that leads to things (not
        values), intersected; or the instances of a class it names when it names no entity."""
        sources = self._sources(shape, mentions)
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

    def _both_named(self, shape: Shape, readings: list[ScoredPath], sources: list[Mention]) -> bool:
        """Whether words of the question name a relation of each reading, each word one: then both
        entities constrain the answer ("films directed by X starring Y"), even when nothing meets."""
        taken = {i for m in sources for i in range(m.start, m.end)}
        return all(self._assigned(shape, [p], taken) for p in readings) and self._assigned(shape, readings, taken) >= 2

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

    def _chain_pattern(self, p: ScoredPath, prefix: str) -> list[str]:
        return sparql.chain_pattern(
            p.result.start, p.result.relations, self.hoods.symmetric, prefix, _back_to_start(p), self.hoods.contained
        )

    @staticmethod
    def _narrow(members: Members, lines: list[str]) -> None:
        """Add to the set's SPARQL pattern what its members were narrowed by."""
        if members.pattern is not None:
            members.pattern = [*members.pattern, *lines]

    def _link(self, node: Node, chain: ScoredPath) -> tuple[Triple, ...]:
        """The triple that links a node to the start of a one-step reading (see ``_common``)."""
        hop = chain.result.relations[0]
        back = Hop(hop.predicate, not hop.forward)
        return tuple(t for o, t in self.hoods.all_grouped(node).get(back, ()) if o == chain.result.start)[:1]

    def _sources(self, shape: Shape, mentions: list[Mention]) -> list[Mention]:
        """The entities a set is read from: clear mentions that no filter compares with."""
        candidates = sorted((m for m in mentions if not _is_reference(shape, m)), key=lambda m: -m.score)
        strong = [m for m in candidates if m.score >= STRONG]
        return strong or candidates[:1]

    def _fits(self, shape: Shape, r: Retrieval, m: Mention, cls: Node | None) -> list[ScoredPath]:
        """Chains from a mention to things (not values) of the named class, best named first, then
        shortest, then best scored; chains that repeat a relation the question does not license are out."""
        sharing = any(t in SHARING_WORDS for i, t in enumerate(shape.tokens) if not _in_spans(i, shape.negations))
        fits = [
            p
            for p in [*r.paths, *r.linked_only]
            if p.mention == m
            and (sharing or not _turns_back(p))
            and _ends(p)
            and not self._valued(_ends(p))
            and not (cls is not None and not self._any_is_a(_ends(p)[:50], cls))
            and p.features.get("repeat", 0.0) >= 0
            # a symmetric relation read backwards reaches part of what it reaches forwards (both ways)
            and not any(not h.forward and h.predicate in self.hoods.symmetric for h in p.result.relations)
        ]
        if not fits:
            return []
        # words that name a value of the set's members ("orbital period", "released") are the
        # attribute's, not the set's: a chain they name ("orbits") is not read from them
        taken = set(range(m.start, m.end))
        said_class = self._named_class(shape.tokens, {(m.start, m.end)}) if cls is not None else None
        if said_class is not None and said_class[0] == cls:
            # "Russian composers": the word that names the set's class is the class's, not a relation
            # of the same name (a work's composer) on the way to it
            taken |= set(range(*said_class[1]))
        if shape.order is not None or shape.filters:
            taken |= self._value_words(shape, [n for p in fits[:3] for n in _ends(p)[:10]])
        named = {id(p): self._named_hops(shape, p, taken) for p in fits}
        wrong_way = self._against_focus(shape, m)
        kinds = {i for i, t in enumerate(shape.tokens) if self._names_class([t])}  # "which *states*": the class
        # a set of one is no superlative, no count and no plural: "the largest city in X", "how many
        # cities are in X", "the cities in X" rank, count and list X's cities, not its capital; unless
        # the relation's name says the order itself ("the highest point of X")
        order = shape.order
        order_words = [shape.tokens[i] for i in range(*order.span)] if order and order.superlative else []
        focus = _focus(shape.tokens, set(range(m.start, m.end)))
        plural = focus is not None and singular(shape.tokens[focus]) != shape.tokens[focus]
        sets = bool(order_words) or shape.count is not None or (cls is not None and plural)
        labels = self.graph.labels

        def degenerate(p: ScoredPath) -> bool:
            if not sets or len(p.result.ends) >= 2 or self.many_valued(p.result.relations[-1]):
                return False
            said = {w for hop in p.result.relations for w in hop.words(labels)}
            return not any(same_word(t, w) for t in order_words for w in said)

        # ... when a chain of as few hops reaches a set (a state with one river is asked the same way)
        shortest = min((len(p.result.relations) for p in fits if not degenerate(p)), default=0)
        demoted = {id(p) for p in fits if shortest and degenerate(p) and len(p.result.relations) >= shortest}

        return sorted(
            fits,
            key=lambda p: (
                wrong_way(p),
                id(p) in demoted,
                -named[id(p)] / len(p.result.relations),
                -self._words_used(shape, p, taken | kinds),  # "states that border states that border X": two steps
                len(p.result.relations),
                -p.score,
            ),
        )

    def _against_focus(self, shape: Shape, m: Mention) -> Callable[[ScoredPath], bool]:
        """A test for chains that end on the wrong side of the relation the question's focus word
        names: "which directors" names the directed-by relation by its alt label "director", the
        name of its object; a chain ending in its subjects (films) answers something else."""
        focus = _focus(shape.tokens, set(range(m.start, m.end)))
        if focus is None:
            return lambda p: False
        word = shape.tokens[focus]
        alt = self.graph.labels.alt
        named = {p for p, names in alt.items() if any(same_word(word, w) for n in names for w in normalize(n).split())}
        labels = self.graph.labels

        def wrong(p: ScoredPath) -> bool:
            last = p.result.relations[-1]
            if last.forward:  # "the *children* of X" over ``father``: not X's father
                return word in labels.converse_words(last.predicate)
            return last.predicate in named

        return wrong

    def _named_hops(self, shape: Shape, p: ScoredPath, taken: set[int]) -> int:
        """How many of a chain's hops a question word (outside ``taken``) names."""
        labels = self.graph.labels
        n = 0
        for hop in p.result.relations:
            if _saying(shape, hop.words(labels)) - taken:
                n += 1
        return n

    def _words_used(self, shape: Shape, p: ScoredPath, taken: set[int]) -> int:
        """How many question words (outside ``taken``) name the chain's hops, each word one hop."""
        labels = self.graph.labels
        used: set[int] = set()
        for hop in p.result.relations:
            free = _saying(shape, hop.words(labels)) - taken - used
            if free:
                used.add(min(free))
        return len(used)

    def _value_words(self, shape: Shape, nodes: list[Node]) -> set[int]:
        """Positions of question words that name a relation from these nodes to values."""
        words: set[str] = set()
        seen: set[Hop] = set()
        for node in nodes:
            for hop, pairs in self.hoods.all_grouped(node).items():
                if hop.forward and hop not in seen:
                    seen.add(hop)
                    if any(value_of(o, self.graph.labels) is not None for o, _ in pairs[:3]):
                        words |= self._relation_words(hop)
        return _saying(shape, words)

    def _paired(self, shape: Shape, r: Retrieval, a: Mention, b: Mention, cls: Node | None) -> list[ScoredPath]:
        """One reading from each of two entities, named as well as each can be, whose answers meet if
        any such pair does (else the best pair: nothing is in common)."""
        # a chain that steps back along the relation it came by ("starring → acted in": co-stars)
        # reads "shares X with", which two entities joined by "and" do not ask
        fa = [p for p in self._fits(shape, r, a, cls) if not _turns_back(p)]
        fb = [p for p in self._fits(shape, r, b, cls) if not _turns_back(p)]
        if not fa or not fb:
            return (fa or fb)[:1]
        taken = set(range(a.start, a.end)) | set(range(b.start, b.end))
        # each word of the question names one relation of one reading: "films starring X in German"
        # reads X's films by "starring" and German's by its language, not German's co-stars
        # the best-named readings, and every one-step reading (the plain relation of an entity)
        ca = fa[:8] + [p for p in fa[8:] if _hops(p) == 1]
        cb = fb[:8] + [p for p in fb[8:] if _hops(p) == 1]
        wrong_a, wrong_b = self._against_focus(shape, a), self._against_focus(shape, b)
        # "border X and border Y": the word just before an entity names that entity's own relation
        said_a, said_b = _word_before(shape.tokens, a), _word_before(shape.tokens, b)
        keyed = []
        for i, x in enumerate(ca):
            for j, y in enumerate(cb):
                # "both A and B" says the same of each: its words name both readings' relations
                if shape.both:
                    named = self._assigned(shape, [x], taken) + self._assigned(shape, [y], taken)
                else:
                    named = self._assigned(shape, [x, y], taken, [said_b, said_a])
                hops = _hops(x) + _hops(y)
                key = (
                    wrong_a(x) + wrong_b(y),
                    shape.both and x.result.relations != y.result.relations,  # "both": the same relations
                    hops - named,  # relations no word names
                    -named,
                    hops,
                    i + j,
                )
                keyed.append((key, x, y))
        keyed.sort(key=lambda kxy: kxy[0])
        # among the pairs read as well as the best, one whose answers meet; else the best pair (whose
        # answers do not meet: "who starred in both Alien and Blade Runner?" - no one)
        best = keyed[0][0][:5]
        for key, x, y in keyed:
            if key[:5] == best and self._common(list(x.result.ends), y):
                return [x, y]
        return [keyed[0][1], keyed[0][2]]

    def _assigned(
        self, shape: Shape, chains: list[ScoredPath], taken: set[int], barred: list[set[int]] | None = None
    ) -> int:
        """How many hops of the chains words of the question name, each word naming one hop (and no
        word in ``barred`` naming a hop of the chain at the same place)."""
        used = set(taken)
        labels = self.graph.labels
        n = 0
        for c, p in enumerate(chains):
            bar = barred[c] if barred else set()
            for k, hop in enumerate(p.result.relations):
                words = hop.words(labels)
                for i, t in enumerate(shape.tokens):
                    if i not in used and i not in bar and t not in STOPWORDS and any(same_word(t, w) for w in words):
                        used.add(i)
                        n += 1
                        break
                else:
                    span = self._class_of(shape, p, taken) if k == 0 else None
                    if span is not None and not used & set(range(*span)):
                        used.update(range(*span))  # "moons of Neptune": the class names the first step
                        n += 1
        return n

    def _class_of(self, shape: Shape, p: ScoredPath, names: set[int]) -> tuple[int, int] | None:
        """The span of a class named next to a chain's entity ("the moons of Neptune", "Nolan's
        films") when the chain's first step reaches things of that class."""
        m = p.mention
        first = list(p.result.ends) if len(p.result.relations) == 1 else None
        # "C of M", also across "both", articles and a coordinated entity ("moons of both A and B")
        j = m.start - 1
        while j >= 0 and (shape.tokens[j] in ("both", "either", "the", "a", "an", "and", "or") or j in names):
            j -= 1
        of = j if j >= 0 and shape.tokens[j] == "of" else m.start - 1
        for words, cls in self._classes():
            n = len(words)
            for start in (of - n, m.end + 1, m.end):  # "C of M", "M s C", "M C"
                if start < 0 or start + n > len(shape.tokens):
                    continue
                if not all(same_form(shape.tokens[start + j], words[j]) for j in range(n)):
                    continue
                glue = shape.tokens[start + n] if start < m.start else shape.tokens[m.end] if start > m.end else ""
                glue = "of" if start < m.start and start + n == of else glue
                if glue not in ("of", "s", ""):
                    continue
                reached = first if first is not None else self._follow(m.nodes[0], p.result.relations[:1])
                if self._any_is_a(list(reached)[:20], cls):
                    return start, start + n
        return None

    def _common(self, nodes: list[Node], other: ScoredPath) -> list[Node]:
        """The nodes another reading also reaches. A one-step reading from a hub (a genre of thousands
        of films) is checked from each node's side, where the walk from the hub stops at a cap."""
        ends = other.result.ends
        if len(other.result.relations) != 1:
            return [n for n in nodes if n in ends]
        hop = other.result.relations[0]
        back = Hop(hop.predicate, not hop.forward)
        start = other.result.start
        return [n for n in nodes if n in ends or any(o == start for o, _ in self.hoods.all_grouped(n).get(back, ()))]

    def _coordinated(self, shape: Shape, r: Retrieval, m: Mention) -> list[ScoredPath]:
        """Two relations of one entity joined in the question ("written and directed by X", "both
        wrote and directed"): a one-step reading for each, named by words on either side of the
        coordination."""
        if not (shape.coordinated or shape.also):
            return []
        steps = [p for p in r.paths if p.mention == m and len(p.result.relations) == 1 and p.answers]
        named = [(p, self.chain_positions(shape, p) - set(range(m.start, m.end))) for p in steps]
        for p, words_p in named:
            for q, words_q in named:
                if p is q or not words_p or not words_q or words_p & words_q:
                    continue
                left, right = max(words_p), min(words_q)
                if left < right and _joined_by(shape.tokens, left, right, set(range(m.start, m.end))):
                    return [p, q]
        return []

    def _intersect(self, readings: list[ScoredPath], shape: Shape, cls: Node | None) -> Members:
        labels = self.graph.labels
        first = readings[0]
        nodes = _ends(first)
        evidence = dict(first.result.ends)
        steps = [
            Step("find", (labels.label(first.result.start),)),
            Step("relate", (chain_reading(first, self.graph),), f"{len(nodes)} results"),
        ]
        explained = set(range(first.mention.start, first.mention.end)) | self.chain_positions(shape, first)
        for other in readings[1:]:
            nodes = self._common(nodes, other)
            for n in nodes:
                evidence[n] = evidence[n] + other.result.ends.get(n, self._link(n, other))
            steps.append(Step("intersect", (chain_reading(other, self.graph),), f"{len(nodes)} results"))
            explained |= set(range(other.mention.start, other.mention.end)) | self.chain_positions(shape, other)
        # a reading is named when words of the question name its relations, or it is one step to
        # things of the class the question names ("crime movies")
        named = all(
            p.lexical >= 1.0
            or (cls is not None and len(p.result.relations) == 1 and self._any_is_a(p.answers[:1], cls))
            for p in readings
        )
        pattern = [line for k, p in enumerate(readings) for line in self._chain_pattern(p, f"s{k}_")]
        return Members(nodes, evidence, steps, named, explained, list(readings), pattern)

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

    def _instances(self, named_class: tuple[Node, tuple[int, int]]) -> Members:
        cls, span = named_class
        own = dict(self.graph.taxonomy.instances(cls))
        nodes = list(own)
        evidence = {n: ((n, RDF.type, c),) for n, c in own.items()}
        steps = [Step("class", (self.graph.labels.label(cls),), f"{len(nodes)} results")]
        return Members(nodes, evidence, steps, True, set(range(*span)), pattern=sparql.class_pattern(cls))  # type: ignore[arg-type]

    def _best_chain(self, shape: Shape, r: Retrieval, m: Mention, cls: Node | None = None) -> ScoredPath | None:
        """The chain from a mention that the question names best (then the shortest, then the best
        scored) among those that lead to things (not values), of the named class when there is one.
        Operator words pull the scores of chains that end in the values they order or filter by;
        the set is the chain before that."""
        fits = self._fits(shape, r, m, cls)
        return fits[0] if fits else None

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

    # --- values ----------------------------------------------------------------------------------

    def _attribute(self, nodes: list[Node], shape: Shape, order: Order | None, f: Filter | None) -> Attribute | None:
        """The relation whose values the question orders or filters by: named by a word of the
        question, or by its order's dimension, or of the kind of value it compares with."""
        candidates: dict[Hop, dict[Node, tuple[Value, Triple]]] = {}
        for node in nodes[:300]:
            groups = self.hoods.all_grouped(node)
            for hop, pairs in groups.items():
                if not hop.forward:
                    continue
                for other, triple in pairs:
                    value = value_of(other, self.graph.labels)
                    if value is not None:
                        candidates.setdefault(hop, {}).setdefault(node, (value, triple))
        if not candidates:
            return None
        scored = [
            (self._attribute_score(hop, values, nodes, shape, order, f), hop) for hop, values in candidates.items()
        ]
        (score, named, explained), hop = max(scored, key=lambda x: x[0][0])
        if score <= 0:  # nothing of the question picks it (a size order over birth years)
            return None
        values = candidates[hop]
        for node in nodes[300:]:  # the relation was chosen on a sample: every member's value counts
            for other, triple in self.hoods.all_grouped(node).get(hop, ()):
                value = value_of(other, self.graph.labels)
                if value is not None:
                    values.setdefault(node, (value, triple))
                    break
        name = self.graph.labels.predicate_label(hop.predicate)
        return Attribute(hop, name, values, named, frozenset(explained))

    def _attribute_score(
        self,
        hop: Hop,
        values: dict[Node, tuple[Value, Triple]],
        nodes: list[Node],
        shape: Shape,
        order: Order | None,
        f: Filter | None,
    ) -> tuple[float, bool, set[int]]:
        words = self._relation_words(hop)
        # an order word ("largest") weighs through its dimension below, not as a word of a measure's name;
        # words before a superlative ask for a value of the winner ("the population of the largest state")
        ordering = set(range(*order.span)) if order is not None else set()
        ordering |= _asking(shape)
        explained = _saying(shape, words) - ordering
        named = bool(explained)
        score = 2.0 * named
        if named:  # of two relations a word names, the one whose own name the question says whole
            score -= 0.5 * (1.0 - self._said_whole(shape, hop))
        dimension = order.dimension if order is not None and order.dimension != "count" else None
        if f is not None and f.dimension and not dimension:
            dimension = f.dimension
        sample = [v for v, _ in values.values()]
        # years read as years, or a relation named a year or date ("year completed": -438 is 438 BC)
        time_like = sum(looks_like_year(v) for v in sample) >= 0.8 * len(sample) or bool(words & {"year", "date"})
        if f is not None and f.low is not None and dimension is None and looks_like_year(f.low):
            dimension = "time"
        if dimension == "time":
            if time_like:
                score += 1.0
                named = named or any(v.time for v in sample)
            else:
                score -= 1.0
        elif dimension in DIMENSIONS:
            if words & DIMENSIONS[dimension]:
                score += 1.5
                named = True
                # of two it fits, the one whose name says nothing more ("population", not "population density")
                label = normalize(self.graph.labels.predicate_label(hop.predicate))
                name = [w for w in label.split() if w not in STOPWORDS]
                said = DIMENSIONS[dimension]
                more = [w for w in name if w not in said and not any(same_form(w, t) for t in shape.tokens)]
                score -= 0.3 * len(more) / max(1, len(name))
            if time_like:
                score -= 1.0
        score += len(values) / max(1, len(nodes))  # coverage of the set
        return score, named, explained

    def _relation_words(self, hop: Hop) -> set[str]:
        """Words that name a relation: its names, cue words and the words of its sentence template."""
        labels = self.graph.labels
        words = set(hop.words(labels))
        template = labels.templates.get(hop.predicate, "")
        words |= {
            w
            for w in normalize(template.replace("{subject}", " ").replace("{object}", " ")).split()
            if w not in STOPWORDS
        }
        return words

    def _valued(self, nodes: list[Node]) -> bool:
        """Whether most of a set are values (years, numbers) rather than things (sampled across the set:
        titles that are numbers sort first)."""
        sample = nodes[:: max(1, len(nodes) // 20)][:20]
        return sum(value_of(n, self.graph.labels) is not None for n in sample) > len(sample) / 2

    # --- classes -----------------------------------------------------------------------------------

    def _named_class(self, tokens: list[str], inside: set[tuple[int, int]]) -> tuple[Node, tuple[int, int]] | None:
        """The class a question asks about: a class name (the longest) at its focus, the first content
        word after "which"/"what"/"how many"/"number of" (or the question's start), past entity names,
        articles and order words ("which of Hitchcock's films", "what's the biggest moon"). A class
        named elsewhere qualifies something else ("who wrote the book ...", "composers of Nolan's films")."""
        taken = {i for a, b in inside for i in range(a, b)}
        focus = _focus(tokens, taken)
        if focus is None:
            return None
        found = self._class_at(tokens, focus)
        end = found[1][1] if found is not None else 0
        if (
            found is not None
            and end < len(tokens)
            and end not in taken
            and singular(tokens[end - 1]) == tokens[end - 1]
        ):
            # "what *plant family*": of two class names together, the second is the head noun (a
            # modifier is singular: "skyscrapers *use*" is a verb)
            head = self._class_at(tokens, found[1][1])
            if head is not None:
                return head
        return found

    def _class_at(self, tokens: list[str], at: int) -> tuple[Node, tuple[int, int]] | None:
        """The class whose name (the longest) starts at ``at``, or that its head noun names there."""
        if at >= len(tokens):
            return None
        return self._longest_class(tokens, at) or self._by_head(tokens[at], at)

    def _longest_class(self, tokens: list[str], at: int) -> tuple[Node, tuple[int, int]] | None:
        """The class whose whole name (the longest) starts at ``at``, singular or plural."""
        best: tuple[Node, tuple[int, int]] | None = None
        for words, cls in self._classes():
            n = len(words)
            fits = at + n <= len(tokens) and all(same_form(tokens[at + j], words[j]) for j in range(n))
            if fits and (best is None or n > best[1][1] - best[1][0]):
                best = (cls, (at, at + n))
        return best

    def _by_head(self, word: str, at: int) -> tuple[Node, tuple[int, int]] | None:
        """A class named by its head noun alone ("which *works*" for literary work): the one class whose
        name ends on it, or the one above all others that do."""
        heads = {cls for words, cls in self._classes() if len(words) > 1 and same_form(word, words[-1])}
        above = self.graph.taxonomy.above
        top = [c for c in heads if all(c in above.get(other, frozenset()) for other in heads)]
        return (top[0], (at, at + 1)) if len(top) == 1 else None

    def _classes(self) -> list[tuple[tuple[str, ...], Node]]:
        if self._class_names is None:
            labels = self.graph.labels
            classes = self.graph.taxonomy.classes
            self._class_names = [
                (tuple(normalize(name).split()), cls)
                for cls in classes
                for name in labels.all_names(cls)
                if normalize(name)
            ]
        return self._class_names

    def _names_class(self, words: list[str]) -> bool:
        return any(
            len(name) == len(words) and all(same_form(a, b) for a, b in zip(name, words, strict=True))
            for name, _ in self._classes()
        )

    def _has_class(self, cls: Node) -> bool:
        return self.graph.taxonomy.has_instances(cls)

    def _is_a(self, node: Node, cls: Node) -> bool:
        return self.graph.taxonomy.is_a(node, cls)

    def _any_is_a(self, nodes: list[Node], cls: Node) -> bool:
        return self.graph.taxonomy.any_is_a(nodes, cls)

    # --- walking -----------------------------------------------------------------------------------

    def _follow(self, start: Node, relations: tuple[Hop, ...]) -> set[Node]:
        """The nodes a chain of relations reaches from ``start``."""
        frontier = {start}
        for hop in relations:
            nxt: set[Node] = set()
            for node in frontier:
                groups = self.hoods.all_grouped(node)
                nxt.update(other for other, _ in groups.get(hop, ()))
            frontier = nxt - {start}
        return frontier

    def _tally(self, start: Node, relations: tuple[Hop, ...]) -> dict[Node, int]:
        """How many distinct nodes one step before the end lead to each end node."""
        before = {start}
        for hop in relations[:-1]:
            before = {o for n in before for o, _ in self.hoods.all_grouped(n).get(hop, ())} - {start}
        tally: dict[Node, int] = {}
        for node in before:
            for end in {o for o, _ in self.hoods.all_grouped(node).get(relations[-1], ())} - {start}:
                tally[end] = tally.get(end, 0) + 1
        return tally

    def _describe(self, node: Node) -> list[Triple]:
        """The facts that describe an entity: its classes, then one group per relation, both ways."""
        groups = self.hoods.all_grouped(node)
        triples: list[Triple] = list(self.graph.store.triples((node, RDF.type, None)))[:2]
        for hop in sorted(groups, key=lambda h: (not h.forward, len(groups[h]))):
            triples += [t for _, t in groups[hop][:4]]
            if len(triples) >= 14:
                break
        return triples

    def _description(self, node: Node, triples: list[Triple]) -> str:
        labels = self.graph.labels
        parts: dict[str, list[str]] = {}
        for s, p, o in triples:
            if p == RDF.type:
                parts.setdefault("is a", []).append(labels.label(o))
            elif s == node:
                parts.setdefault(labels.predicate_label(p), []).append(labels.label(o))
            else:
                parts.setdefault(labels.inverse_label(p), []).append(labels.label(s))
        body = "; ".join(f"{rel} {_join(names)}" for rel, names in parts.items())
        return f"{labels.label(node)}: {body}."

    def chain_positions(self, shape: Shape, p: ScoredPath | None) -> set[int]:
        """Token positions of the question that name the chain's relations."""
        if p is None:
            return set()
        if p.features.get("matched"):
            # a trained matcher chose the chain from the whole question: its words are accounted for
            # (operators, negations and entities it does not use are checked apart from words)
            return {i for i, t in enumerate(shape.tokens) if t not in STOPWORDS}
        hops = p.result.relations
        out: set[int] = set()
        for predicate in {h.predicate for h in hops}:
            words = set().union(*(self._relation_words(h) for h in hops if h.predicate == predicate))
            named = sorted(_saying(shape, words))
            sayings: list[list[int]] = []  # a word joined to the last by restating words says it again
            for i in named:
                if sayings and all(shape.tokens[j] in RESTATING for j in range(sayings[-1][-1] + 1, i)):
                    sayings[-1].append(i)
                else:
                    sayings.append([i])
            # a relation said more often than the chain follows it asks for more steps ("states that
            # border states that border X"): the extra sayings stay unexplained; the chain's own are
            # those nearest its entity ("border X and border Y": each entity's relation is its own)
            uses = sum(h.predicate == predicate for h in hops)
            if len(sayings) > uses:
                m = p.mention
                sayings.sort(key=lambda said: min(min(abs(i - m.start), abs(i - (m.end - 1))) for i in said))
                out |= {i for said in sayings[:uses] for i in said}
            else:
                out |= set(named)
        return out

    # --- the answer ----------------------------------------------------------------------------

    def answer(
        self, question: str, shape: Shape, outcome: Outcome, r: Retrieval, facts: list, linked: tuple[Entity, ...]
    ) -> Answer:  # type: ignore[type-arg]
        """An ``Answer`` from an outcome, its confidence lowered for words it leaves unexplained."""
        labels = self.graph.labels
        uncovered = uncovered_words(shape, outcome.explained, r.mentions, self._class_words())
        why = self._unanswerable(question, shape, outcome, r.mentions)
        program = Program(outcome.shape, tuple(outcome.steps), outcome.sparql)
        if why:
            return Answer(question, ABSTAIN_TEXT, facts=tuple(facts), abstained=True, linked=linked,
                          program=program, uncovered=tuple(uncovered), why=why)  # fmt: skip
        confidence = outcome.confidence
        if uncovered:
            confidence = min(confidence, uncovered_cap(self.settings, len(uncovered)))
        if any(not set(range(a, b)) & outcome.explained for a, b in shape.negations):
            confidence = min(confidence, 0.3)
        names = {i for m in r.mentions for i in range(m.start, m.end)}
        if any(labels.glossed_word(shape.tokens[i]) for i in outcome.explained - names if i < len(shape.tokens)):
            confidence = min(confidence, self.settings.weakly_named_confidence)
        if VAGUE_RELATION_WORDS & set(shape.tokens):  # "associated with": some relation, which one unsaid
            confidence = min(confidence, self.settings.weakly_named_confidence)
        entities = tuple(
            Entity(str(n), labels.label(n), rank=i + 1, score=confidence) for i, n in enumerate(outcome.entities)
        )
        return Answer(
            question=question,
            text=outcome.text,
            entities=entities,
            facts=tuple(facts),
            cited=tuple(range(1, len(facts) + 1)),
            confidence=confidence,
            abstained=False,
            linked=linked,
            program=program,
            uncovered=tuple(uncovered),
        )

    def _class_words(self) -> set[str]:
        return {w for words, _ in self._classes() for w in words}

    def _unanswerable(self, question: str, shape: Shape, outcome: Outcome, mentions: list[Mention]) -> str:
        """Why the composed reading cannot answer the question (see ``coverage.unanswerable``)."""
        used = [m for m in mentions if outcome.explained & set(range(m.start, m.end))]
        words = uncovered_words(shape, outcome.explained, [], self._class_words())
        # A composed reading may rest on values or classes no relation word names ("a 2001 movie",
        # "a horror film"): only names and fuzzy matches tell here that it is about something else.
        return unanswerable(question, shape, outcome.explained, words, used, mentions, unnamed=False)

    def kinds_unchecked(self) -> bool:
        """Whether the graph has no classes, so that no noun naming a kind of thing can be checked."""
        return not self._classes()

    def uncovered(self, shape: Shape, explained: set[int], mentions: list[Mention]) -> list[str]:
        """Content words of the question nothing at the given positions accounts for."""
        return uncovered_words(shape, explained, mentions, self._class_words())


def uncovered_cap(settings: ReadingSettings, n: int) -> float:
    """The most confidence an answer that leaves ``n`` content words unaccounted for may have."""
    return settings.uncovered_confidence * (1.0 if n == 1 else 0.75)


def _content(tokens: list[str]) -> list[str]:
    return [
        t
        for t in tokens
        if t not in STOPWORDS and t not in WH_WORDS and t not in AUXILIARIES and t not in FILLER and len(t) > 1
    ]


def _alternatives(shape: Shape, mentions: list[Mention]) -> list[Mention]:
    """The two entities a "which is older, A or B" / "between A and B, which ..." question chooses
    between: joined by "or", or by "and" after "between"."""
    if len(mentions) < 2 or any(f.than for f in shape.filters):
        return []
    ordered = sorted(mentions, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if [t for t in shape.tokens[a.end : b.start] if t not in ("the", "a", "an")] in (["or"], ["and"]):
            return [a, b]
    return []


def _in_spans(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in spans)


def _ends(p: ScoredPath) -> list[Node]:
    """What a chain reaches, but the entity it starts from ("films sharing a director with X"), unless
    the question names each of its steps and it comes back by relations all different ("the elements
    in titanium's ore": titanium too; see ``scoring._answers``)."""
    if _back_to_start(p):
        return list(p.result.ends)
    return [n for n in p.result.ends if n != p.result.start]


def _back_to_start(p: ScoredPath) -> bool:
    """Whether a chain's start is among its answers (``paths.comes_back``, as ``scoring._answers``)."""
    return comes_back(p.result, p.lexical >= 1.0)


def _hops(p: ScoredPath) -> int:
    return len(p.result.relations)


def _word_before(tokens: list[str], m: Mention) -> set[int]:
    """The position of the word just before a mention, past articles ("border *the* X"), if any."""
    j = m.start - 1
    while j >= 0 and tokens[j] in ("the", "a", "an"):
        j -= 1
    return {j} if j >= 0 else set()


def _turns_back(p: ScoredPath) -> bool:
    """Whether a chain steps back along the relation it just followed."""
    hops = p.result.relations
    return any(h.predicate == k.predicate and h.forward != k.forward for h, k in zip(hops, hops[1:], strict=False))


#: Forms of "to be" before a negation ("are not", "aren't": "aren" then "t"): what follows is a class
#: the members are not of.
_NEGATED_COPULAS = frozenset(["is", "are", "was", "were", "isn", "aren", "wasn", "weren"])

#: Forms of "to be": "what is the biggest moon" still names what it asks about.
COPULAS = frozenset(["is", "are", "was", "were", "s"])

#: Wh-words and cues after which the word a question asks about follows.
_FOCUS_CUES = frozenset(["which", "what", "many", "number"])


def _counted_name(shape: Shape, mentions: list[Mention]) -> Mention | None:
    """The one name a question says right where it says what is counted ("how many *Muses*")."""
    if shape.count is None or len(mentions) != 1 or mentions[0].start != shape.count[1]:
        return None
    return mentions[0]


def _focus(tokens: list[str], taken: set[int]) -> int | None:
    """The position of the first content word after the question's focus cue, or of the question
    itself when it has no wh-word (a listing: "moons of Uranus ..."); None when the wh-word asks
    for a person, a time or a place ("who", "when", "where")."""
    cue = next((i for i, t in enumerate(tokens) if t in WH_WORDS or t == "number"), None)
    if (
        cue is not None
        and tokens[cue] not in _FOCUS_CUES
        and not (tokens[cue] == "how" and tokens[cue + 1 : cue + 2] == ["many"])
    ):
        return None
    start = 0 if cue is None else cue + 1
    while cue is None and start < len(tokens) and tokens[start] in REQUESTS:  # "give me the cities in X"
        start += 1
    for i in range(start, len(tokens)):
        t = tokens[i]
        if t in AUXILIARIES and t not in COPULAS and cue is not None:
            return None  # "what did X discover": a verb follows, no noun says what is asked
        if (
            i in taken
            or t in STOPWORDS
            or t in ORDER_WORDS
            or t in GRADED
            or t in ("many", "most", "least", "more", "less")
        ):
            continue
        return i
    return None


def _saying(shape: Shape, words: set[str] | frozenset[str]) -> set[int]:
    """Positions of the question's content words that are forms of these words (a relation's names)."""
    return {i for i, t in enumerate(shape.tokens) if t not in STOPWORDS and any(same_word(t, w) for w in words)}


def _asking(shape: Shape) -> set[int]:
    """Positions of the words before a superlative that ask for a value of its winner: a question that
    opens with "how" ("how high is the highest point of X") or says "the N of" before the order ("the
    population of the largest state"); none when it asks for the winner ("which halogen boils at the
    highest temperature", "which of the moons discovered by X is the smallest")."""
    order = shape.order
    if order is None or not order.superlative:
        return set()
    before = shape.tokens[: order.span[0]]
    if before[:1] in (["which"], ["who"], ["whom"]):  # "which of the moons ... is the smallest"
        return set()
    return set(range(order.span[0])) if before[:1] == ["how"] or "of" in before else set()


def _joined_by(tokens: list[str], left: int, right: int, name: set[int]) -> bool:
    """Whether only a coordination stands between two positions ("and", "as well as", "and also"),
    or the entity's name and "also" ("the writers of X also directed it")."""
    between = [
        t for i, t in enumerate(tokens[left + 1 : right], left + 1) if t not in ("both", "then") and i not in name
    ]
    if len(between) < right - left - 1 - len([t for t in tokens[left + 1 : right] if t in ("both", "then")]):
        between = [t for t in between if t not in ("of", "the")]  # the entity's name stood between
    return between in (["and"], ["and", "also"], ["as", "well", "as"], ["but", "also"], ["or"], ["also"])


def _is_reference(shape: Shape, m: Mention) -> bool:
    """A mention that a filter compares with ("bigger than Enceladus") or that an exclusion takes
    out ("other than Voyager 2"), not a source of the set."""
    if any(b - a >= 2 and b <= m.start <= b + 1 for a, b in shape.negations):
        return True
    return any(f.than and m.start >= f.span[1] and m.start <= f.span[1] + 2 for f in shape.filters)


def _bare_numbers(shape: Shape, mentions: list[Mention]) -> list[Filter]:
    """Numbers outside entity names in a yes/no question: "Is 1971 the year Charon was discovered?"."""
    inside = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for i, t in enumerate(shape.tokens):
        if t.isdigit() and i not in inside:
            out.append(Filter("=", Value(float(t), False), None, (i, i + 1), t))
    return out


def _reaches(p: ScoredPath, a: Mention, b: Mention) -> bool:
    """Whether a chain from one of two mentions reaches the other."""
    if p.mention == a:
        return any(n in p.result.ends for n in b.nodes)
    return p.mention == b and any(n in p.result.ends for n in a.nodes)


def _passes(value: Value, f: Filter) -> bool:
    x = value.amount
    low = f.low.amount if f.low is not None else None
    high = f.high.amount if f.high is not None else None
    if f.op == "between":
        return low is not None and high is not None and low <= x <= high + (0.9999 if value.time else 0)
    if low is None:
        return False
    if f.op == "=":
        return int(x) == int(low) if value.time or looks_like_year(f.low) else x == low  # type: ignore[arg-type]
    return {
        ">": x > low if not value.time else int(x) > low,
        ">=": x >= low,
        "<": x < low,
        "<=": x <= low + (0.9999 if value.time else 0),
    }[f.op]


def _filter_text(f: Filter) -> str:
    if f.op == "between":
        return f"between {f.low} and {f.high}"
    return f"{f.op} {f.low}"


def _yes(holds: bool) -> str:
    return "yes" if holds else "no"


def _join(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def chain_reading(p: ScoredPath | None, graph: KnowledgeGraph) -> str:
    """A chain as a program step shows it: "X —directed→ ?"."""
    if p is None:
        return "?"
    labels = graph.labels
    return labels.label(p.result.start) + "".join(f" —{h.text(labels)}→" for h in p.result.relations) + " ?"


def _chain_triples(p: ScoredPath | None, targets: tuple[Node, ...]) -> list[Triple]:
    if p is None:
        return []
    for n in targets:
        if n in p.result.ends:
            return list(p.result.ends[n])
    return [t for chain in list(p.result.ends.values())[:3] for t in chain]


__all__ = ["Composer", "Outcome", "chain_reading", "uncovered_cap"]
