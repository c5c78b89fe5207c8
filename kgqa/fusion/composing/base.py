"""The core every composed program uses: the records of a set, an attribute and an outcome
(``Members``, ``Attribute``, ``Outcome``) and ``ComposerBase``: the classes a question names, the
values a set is ordered or filtered by (``_attribute``), walks along relations, a set listed as an
answer, and an outcome made an ``Answer``, its confidence lowered for the words it leaves
unexplained; with the helpers and word lists the program modules share. "Which *states* border
Texas?": the class a question asks about, read here for every kind of program.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF
from rdflib.term import Node

from ...knowledge.terms import Triple
from ...representation.graph import KnowledgeGraph
from ...settings import ReadingSettings
from ...text import STOPWORDS, VAGUE_RELATION_WORDS, WH_WORDS, normalize, same_form, same_word, singular
from .. import sparql
from ..answer import ABSTAIN_TEXT, Answer, Entity, Program, Step
from ..coverage import unanswerable, uncovered_words
from ..linking import Mention
from ..paths import Hop, Neighbourhoods, comes_back
from ..retrieval import Retrieval, ScoredPath
from ..scoring import RESTATING
from ..shapes import AUXILIARIES, DIMENSIONS, GRADED, ORDER_WORDS, REQUESTS, Filter, Order, Shape
from ..units import compatible, convert, unit_stated
from ..values import Value, looks_like_year, value_of

#: At most this sure of "none": an empty set (two readings that do not meet, a filter nothing passes)
#: is more often a misreading of the question than a fact of the graph.
EMPTY_CONFIDENCE = 0.6


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


class ComposerBase:
    """The state of a composer over one graph and the steps every kind of program uses (see ``composing``)."""

    def __init__(self, graph: KnowledgeGraph, hoods: Neighbourhoods, settings: ReadingSettings) -> None:
        self.graph = graph
        self.hoods = hoods
        self.settings = settings
        self._class_names: list[tuple[tuple[str, ...], Node]] | None = None
        self._quality_names: list[tuple[tuple[str, ...], Hop]] | None = None  # (``qualities``)

    def refresh(self) -> None:
        """Forget class and quality names (an edit changed names, types or values)."""
        self._class_names = None
        self._quality_names = None

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

    @staticmethod
    def _narrow(members: Members, lines: list[str]) -> None:
        """Add to the set's SPARQL pattern what its members were narrowed by."""
        if members.pattern is not None:
            members.pattern = [*members.pattern, *lines]

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
        unit = f.low.unit if f is not None and f.low is not None else None
        if f is not None and unit is not None:  # "more than 1000 *years*" names a unit, not "year described"
            ordering |= set(range(*f.span))
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
        if unit is not None:  # "more than an hour": a relation that records a measure in a unit of its kind
            stated = self._unit_of(hop)
            fits = stated is not None and compatible(unit, stated)
            score += 1.5 if fits else -1.0 if stated is not None or time_like else 0.0
            named = named or fits
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

    def _unit_of(self, hop: Hop) -> str | None:
        """The unit a relation records its numbers in, as its names or gloss say ("in minutes")."""
        labels = self.graph.labels
        p = hop.predicate
        for text in (labels.predicate_label(p), *labels.alt.get(p, ()), labels.glosses.get(p, "")):
            unit = unit_stated(text)
            if unit is not None:
                return unit
        return None

    def _in_unit_of(self, f: Filter, hop: Hop) -> Filter | None:
        """The filter's numbers in the unit the relation records ("an hour" → 60 for minutes); as they
        are when the question or the pack gives no unit; None when the two measure different things."""
        unit = f.low.unit if f.low is not None else None
        stated = self._unit_of(hop) if unit is not None else None
        if unit is None or stated is None:
            return f
        values = []
        for v in (f.low, f.high):
            amount = convert(v.amount, unit, stated) if v is not None else None
            if v is not None and amount is None:
                return None
            values.append(Value(amount, False, stated) if amount is not None else None)
        return Filter(f.op, values[0], values[1], f.span, f.text, f.than, f.dimension)

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

    def _said_whole(self, shape: Shape, hop: Hop) -> float:
        """The share of the words of a relation's label that the question says."""
        label = [w for w in normalize(self.graph.labels.predicate_label(hop.predicate)).split() if w not in STOPWORDS]
        return sum(any(same_word(t, w) for t in shape.tokens) for w in label) / max(1, len(label))

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

    # --- classes -----------------------------------------------------------------------------------

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

    def _instances(self, named_class: tuple[Node, tuple[int, int]]) -> Members:
        cls, span = named_class
        own = dict(self.graph.taxonomy.instances(cls))
        nodes = list(own)
        evidence = {n: ((n, RDF.type, c),) for n, c in own.items()}
        steps = [Step("class", (self.graph.labels.label(cls),), f"{len(nodes)} results")]
        return Members(nodes, evidence, steps, True, set(range(*span)), pattern=sparql.class_pattern(cls))  # type: ignore[arg-type]

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


def _turns_back(p: ScoredPath) -> bool:
    """Whether a chain steps back along the relation it just followed."""
    hops = p.result.relations
    return any(h.predicate == k.predicate and h.forward != k.forward for h, k in zip(hops, hops[1:], strict=False))


#: Forms of "to be": "what is the biggest moon" still names what it asks about.
COPULAS = frozenset(["is", "are", "was", "were", "s"])

#: Wh-words and cues after which the word a question asks about follows.
_FOCUS_CUES = frozenset(["which", "what", "many", "number"])


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


def chain_reading(p: ScoredPath | None, graph: KnowledgeGraph) -> str:
    """A chain as a program step shows it: "X —directed→ ?"."""
    if p is None:
        return "?"
    labels = graph.labels
    return labels.label(p.result.start) + "".join(f" —{h.text(labels)}→" for h in p.result.relations) + " ?"
