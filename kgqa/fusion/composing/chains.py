"""The readings a set is made of (``ChainReadings``): the relation chains from an entity that fit the
question, best named by its words first (``_fits``, ``_best_chain``), one for each of two entities
(``_paired``), two of one entity that the question coordinates (``_coordinated``), and their
intersection (``_intersect``). "Films directed by X starring Y": X's chain by "directed", Y's by
"starring", where their ends meet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rdflib.term import Node

from ...knowledge.terms import Triple
from ...text import STOPWORDS, normalize, same_form, same_word, singular
from .. import sparql
from ..answer import Step
from ..coverage import STRONG
from ..linking import Mention
from ..paths import Hop, PathResult
from ..retrieval import Retrieval, ScoredPath
from ..scoring import SHARING_WORDS
from ..shapes import Shape
from ..values import value_of
from .base import ComposerBase, Members, _back_to_start, _ends, _focus, _saying, _turns_back, chain_reading


class ChainReadings(ComposerBase):
    """Chains from the question's entities, paired, coordinated and intersected."""

    def _sources(self, shape: Shape, mentions: list[Mention]) -> list[Mention]:
        """The entities a set is read from: clear mentions that no filter compares with."""
        candidates = sorted((m for m in mentions if not _is_reference(shape, m)), key=lambda m: -m.score)
        strong = [m for m in candidates if m.score >= STRONG]
        return strong or candidates[:1]

    def _named_weak(self, shape: Shape, r: Retrieval, strong: list[Mention], mentions: list[Mention]) -> Mention | None:
        """A weak mention (a common noun the pack names: "grown for *food*") whose one-step reading
        words of the question name, beside one clear source: a second constraint on the set (not a
        value a filter compares with: "released between *1930* and 1935")."""
        if len(strong) != 1:
            return None
        values = shape.value_tokens() | shape.unlinked
        for m in mentions:
            if m.score >= STRONG or m in strong or _is_reference(shape, m) or values & set(range(m.start, m.end)):
                continue
            if any(p.mention == m and p.lexical >= 1.0 and len(p.result.relations) == 1 for p in r.paths[:10]):
                return m
        return None

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
        taken = self._not_of_chains(shape, m, cls, fits)
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
            if not sets or len(p.result.ends) >= 2 or self.hoods.many_valued(p.result.relations[-1]):
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

    def _not_of_chains(self, shape: Shape, m: Mention, cls: Node | None, fits: list[ScoredPath]) -> set[int]:
        """Positions of words that name no chain to the set: the mention's, the set's class's, and
        those naming a value of its members."""
        taken = set(range(m.start, m.end))
        said_class = self._named_class(shape.tokens, {(m.start, m.end)}) if cls is not None else None
        if said_class is not None and said_class[0] == cls:
            # "Russian composers": the word that names the set's class is the class's, not a relation
            # of the same name (a work's composer) on the way to it
            taken |= set(range(*said_class[1]))
        if shape.order is not None or shape.filters:
            # words that name a value of the set's members ("orbital period", "released") are the
            # attribute's, not the set's: a chain they name ("orbits") is not read from them
            taken |= self._value_words(shape, [n for p in fits[:3] for n in _ends(p)[:10]])
        return taken

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

    def _best_chain(self, shape: Shape, r: Retrieval, m: Mention, cls: Node | None = None) -> ScoredPath | None:
        """The chain from a mention that the question names best (then the shortest, then the best
        scored) among those that lead to things (not values), of the named class when there is one.
        Operator words pull the scores of chains that end in the values they order or filter by;
        the set is the chain before that."""
        fits = self._fits(shape, r, m, cls)
        return fits[0] if fits else None

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

    def _both_named(self, shape: Shape, readings: list[ScoredPath], sources: list[Mention]) -> bool:
        """Whether words of the question name a relation of each reading, each word one: then both
        entities constrain the answer ("films directed by X starring Y"), even when nothing meets."""
        taken = {i for m in sources for i in range(m.start, m.end)}
        return all(self._assigned(shape, [p], taken) for p in readings) and self._assigned(shape, readings, taken) >= 2

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

    def _shortened(self, p: ScoredPath) -> ScoredPath | None:
        """The chain less its last step, with every node it reaches then: what a chain that went on to
        values read as a relation ("Texas → borders → population") is about ("the states that
        border Texas"). None for a chain of one step, or one that reaches nothing."""
        if len(p.result.relations) < 2:
            return None
        ends: dict[Node, tuple[Triple, ...]] = {p.result.start: ()}
        for hop in p.result.relations[:-1]:
            reached: dict[Node, tuple[Triple, ...]] = {}
            for node, chain in ends.items():
                for other, triple in self.hoods.all_grouped(node).get(hop, ()):
                    if other != p.result.start:
                        reached.setdefault(other, (*chain, triple))
            ends = reached
        if not ends:
            return None
        return replace(p, result=PathResult(p.result.start, p.result.relations[:-1], ends), answers=list(ends))

    def _before_values(self, shape: Shape, members: Members, cls: Node | None = None) -> Members | None:
        """The set a set's one chain reaches one step before it ended on values (``_shortened``)."""
        shorter = self._shortened(members.chains[0]) if len(members.chains) == 1 else None
        return self._intersect([shorter], shape, cls) if shorter is not None else None

    def _chain_pattern(self, p: ScoredPath, prefix: str) -> list[str]:
        return sparql.chain_pattern(
            p.result.start, p.result.relations, self.hoods.symmetric, prefix, _back_to_start(p), self.hoods.contained
        )

    def _link(self, node: Node, chain: ScoredPath) -> tuple[Triple, ...]:
        """The triple that links a node to the start of a one-step reading (see ``_common``)."""
        hop = chain.result.relations[0]
        back = Hop(hop.predicate, not hop.forward)
        return tuple(t for o, t in self.hoods.all_grouped(node).get(back, ()) if o == chain.result.start)[:1]


def _in_spans(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in spans)


def _hops(p: ScoredPath) -> int:
    return len(p.result.relations)


def _word_before(tokens: list[str], m: Mention) -> set[int]:
    """The position of the word just before a mention, past articles ("border *the* X"), if any."""
    j = m.start - 1
    while j >= 0 and tokens[j] in ("the", "a", "an"):
        j -= 1
    return {j} if j >= 0 else set()


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
