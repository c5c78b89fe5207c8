"""The answer decision: from what retrieval found (and, when the graph is unsure, what the reader
says) to an ``Answer`` that carries its evidence. Nothing here changes the retrieval it is given.

The graph is sure when a word of the question names the best chain. Measured on MetaQA dev, letting
the reader overrule such a chain costs accuracy (it tends to name the intermediate entity it sees in
the facts), so the reader may only choose among the next readings when no word of the question
names the best one and the runner-up scores close to it, or say the facts do not answer; it answers
from nearby facts when no chain answers only if ``reader_answers_alone`` allows it (off: measured,
it mostly answered questions the graph cannot answer). It never adds an answer the graph does not contain. When no
word names the best chain and words of the question are left unexplained, kgqa abstains; a reader
tuned to say when the facts do not answer (``learned_to_abstain``) may vouch for that reading, or for
another walked reading of the same entity no longer than it, by picking its answer, which is then
given unsure, saying why.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from rdflib.term import Node

from ..knowledge.changes import Change
from ..knowledge.terms import Triple
from ..representation.facts import Fact, is_fact, make_facts
from ..representation.graph import KnowledgeGraph
from ..representation.taxonomy import Taxonomy
from ..settings import ReadingSettings, RetrievalSettings
from ..text import normalize, repair_question
from . import sparql
from .answer import ABSTAIN_TEXT, Answer, Entity, Program, ReasoningPath, Step
from .composing import Composer, chain_reading, uncovered_cap
from .coverage import asked_kind, asked_measure, kind_word, unanswerable
from .linking import Mention
from .nesting import nested_superlative
from .paths import Neighbourhoods
from .readers.base import Reader, learned_to_abstain, parse_answer
from .retrieval import Retrieval, Retriever, ScoredPath
from .scoring import SHARING_WORDS
from .shapes import AGENT_NOUNS, Shape, analyse
from .sparql import chain_query
from .spelling import Speller

#: Why an answer the reader vouched for is unsure.
VOUCHED = "no word of the question names the relation followed; the tuned reader chose this answer from the facts"
#: Why an answer the trained chain matcher chose over the best-scored reading is unsure.
MATCHED = "the trained chain matcher chose this relation; the best-scored one left words of the question unexplained"


@dataclass(frozen=True)
class Reading:
    """The reading an answer follows: its chain, its ranked answers and each answer's triples."""

    path: ScoredPath | None
    answers: tuple[tuple[Node, float], ...]
    evidence: dict[Node, tuple[Triple, ...]]
    confidence: float
    #: the chains of other entities the answers also end (a join: "films directed by X starring Y")
    joined: tuple[ScoredPath, ...] = ()


class Answerer:
    """Turns a retrieval into an answer for one graph, asking the reader when the graph is unsure."""

    def __init__(
        self,
        graph: KnowledgeGraph,
        hoods: Neighbourhoods,
        settings: ReadingSettings,
        retrieval: RetrievalSettings | None = None,
    ) -> None:
        """``retrieval``: how many answers a set keeps and how they are ordered, and how sure a mention
        must be to name an entity the answer should use."""
        retrieval = retrieval or RetrievalSettings()
        self.graph = graph
        self.hoods = hoods
        self.settings = settings
        self.composer = Composer(graph, hoods, settings)
        self.speller = Speller.of(graph)
        # the classes named as kinds of agents (``_no_agents``), with the taxonomy they were read from
        self._agents: tuple[Taxonomy, frozenset[Node]] | None = None
        self.max_answers = retrieval.max_answers
        self.strong_mention = retrieval.strong_mention
        self.rank_answers_limit = retrieval.rank_answers_limit
        #: whether each loaded reader learned to abstain (its tuning report, read once per reader)
        self._abstainers: weakref.WeakKeyDictionary[Reader, bool] = weakref.WeakKeyDictionary()

    def refresh(self) -> None:
        """Read the pack's names again (an edit changed names, types or values)."""
        self.composer.refresh()
        self.speller = Speller.of(self.graph)

    def read_question(self, retriever: Retriever, question: str) -> tuple[Shape, Retrieval]:
        """The question's shape and what retrieval finds for it (``Retriever.read_question``); a thing
        it names by a superlative it asks something of ("the capital of the largest state") is found
        first and read as a named entity (``nesting``)."""
        shape, r = retriever.read_question(question)
        nested = nested_superlative(question, r.mentions, self.composer)
        if nested is None:
            return shape, r
        m = nested.mention
        mentions = [m, *(x for x in r.mentions if x.end <= m.start or x.start >= m.end)]
        shape = analyse(question, [(x.start, x.end) for x in mentions])
        r = retriever.retrieve(question, mentions=mentions)
        r.prelude, r.prelude_confidence = nested.steps, nested.confidence
        return shape, r

    def ask(
        self, retriever: Retriever, question: str, reader: Callable[[], Reader | None], read: str | None = None
    ) -> Answer:
        """Read the question (a mistyped question word at its start read right: ``repair_question``;
        a misspelt word of the schema too: ``spelling``) and answer it; the answer keeps the question
        as asked."""
        shape, r = self.read_question(retriever, self.speller.correct(repair_question(question)))
        answer = self.answer(r, reader, read, shape)
        return answer if answer.question == question else replace(answer, question=question)

    def answer(
        self, r: Retrieval, reader: Callable[[], Reader | None], read: str | None = None, shape: Shape | None = None
    ) -> Answer:
        """The answer (``_answer_of``), after the steps that found a thing the question names by a
        superlative, its confidence no higher than theirs."""
        answer = self._answer_of(r, reader, read, shape)
        if not r.prelude or answer.abstained:
            return answer
        steps = r.prelude + (answer.program.steps if answer.program else ())
        rest = answer.program.shape if answer.program else "path"
        program = Program("superlative" if rest == "path" else rest, steps)  # a path from a superlative's winner
        return replace(answer, program=program, confidence=min(answer.confidence, r.prelude_confidence))

    def _answer_of(
        self, r: Retrieval, reader: Callable[[], Reader | None], read: str | None = None, shape: Shape | None = None
    ) -> Answer:
        """The answer to the retrieved question; ``reader`` loads the reader if it is needed, ``read``
        overrides ``ReadingSettings.read`` for this question. A question of another ``shape`` than a
        relation path (a count, a comparison...) is composed over the graph when it can be; what the
        answer leaves of the question unexplained lowers its confidence."""
        t_read = time.perf_counter()
        if shape is not None:
            outcome = self.composer.compose(shape, r)
            if outcome is not None:
                facts = self._facts([(t, 1.0) for t in dict.fromkeys(outcome.triples)])
                answer = self.composer.answer(r.question, shape, outcome, r, facts, _linked(r.mentions, self.graph))
                answer.timings.update({**r.timings, "read": time.perf_counter() - t_read})
                return answer
        facts = self._facts(r.facts)
        joined = tuple(p for p in r.chosen if p is not r.best)
        reading = Reading(r.best, tuple(r.answers), r.evidence, r.confidence, joined)
        lm = reader() if facts and self._wants_reader(r, read or self.settings.read) else None
        others: list[ScoredPath] = []
        if lm is not None:
            more, others = self._other_readings(r)
            facts += more
        raw = lm.read(r.question, [f.sentence for f in facts]) if lm is not None else ""
        said, reader_cites = parse_answer(raw)
        may_vouch = self._may_vouch(lm)  # reads the reader's tuning report: once a question
        if may_vouch and r.best is not None and r.best.lexical == 0:
            others = self._vouchable(r)  # what it may pick from; it read only the close runner-up's facts
        reading = self._decide(said, reading, others, r, facts)
        timings = {**r.timings, "read": time.perf_counter() - t_read}
        linked = _linked(r.mentions, self.graph)
        if not reading.answers:
            why, left = self._why_none(r, shape)
            return Answer(r.question, ABSTAIN_TEXT, facts=tuple(facts), abstained=True, linked=linked,
                          timings=timings, reader_output=raw, uncovered=left, why=why)  # fmt: skip
        vouched = may_vouch and self._vouched(said, reading)
        reading, uncovered, reason = self._cover(reading, r, shape, vouched)
        matched = self._matched_instead(r) if reason else None
        if matched is not None and matched.path is not None:
            chain = matched.path
            matched, left, refused = self._cover(matched, r, shape)
            if not refused:
                reading, uncovered, reason = matched, left, ""
                facts += self._facts_of([chain], {t for t, _ in r.facts})
        if reason:
            return Answer(r.question, ABSTAIN_TEXT, facts=tuple(facts), abstained=True, linked=linked,
                          timings=timings, uncovered=uncovered, why=reason)  # fmt: skip
        named = [n for m in r.mentions for n in m.nodes]
        answer = self._answer(r.question, reading, facts, reader_cites, linked, timings, raw, uncovered, named)
        if vouched and uncovered and all(p.lexical == 0 for p in reading_chains(reading, r)):
            answer = replace(answer, why=VOUCHED)
        elif matched is not None and reading is matched:
            answer = replace(answer, why=MATCHED)
        return answer

    def _matched_instead(self, r: Retrieval) -> Reading | None:
        """The reading of the chain a trained matcher named (it leads every other chain of its entity,
        ``features["matched"]``), when the best-scored one is named by no word of the question and
        would be refused for the words it leaves: the matcher learned how questions name relations,
        as cue words do. Its confidence is capped at ``uncovered_confidence``: the scorer disagreed."""
        best = r.best
        if best is None or best.lexical > 0:
            return None
        for p in r.paths:
            if p.features.get("matched") and p.answers and p.mention == best.mention:
                return self._reading_of(p, {}, min(r.confidence, self.settings.uncovered_confidence))
        return None

    def _reading_of(self, p: ScoredPath, evidence: dict[Node, tuple[Triple, ...]], confidence: float) -> Reading:
        """A chain's reading: its answers the better-connected first (as the retriever orders the best
        reading's), with their facts added to ``evidence``."""
        ordered = self.hoods.by_prominence(p.answers, self.rank_answers_limit)
        answers = tuple((n, p.score) for n in ordered)[: self.max_answers]
        return Reading(p, answers, {**evidence, **{n: p.result.ends[n] for n in p.answers}}, confidence)

    def reader_facts(self, r: Retrieval) -> list[Fact]:
        """The facts the reader reads for a retrieval: the context, then the facts of the readings it
        may choose instead of the best."""
        return self._facts(r.facts) + self._other_readings(r)[0]

    def _other_readings(self, r: Retrieval) -> tuple[list[Fact], list[ScoredPath]]:
        """The readings the reader may choose instead of the best, and their facts not given yet."""
        others = self._alternatives(r)
        return self._facts_of(others, {t for t, _ in r.facts}), others

    def _vouchable(self, r: Retrieval) -> list[ScoredPath]:
        """The readings a tuned reader may pick when no word names the best: any walked reading with
        answers, from the best's entity, no longer than the best (it vouches for a relation, not for a
        detour to an answer it knows from elsewhere)."""
        best = r.best
        if best is None:
            return []
        hops = len(best.result.relations)
        return [p for p in r.paths[1:] if p.answers and p.mention == best.mention and len(p.result.relations) <= hops]

    def _may_vouch(self, lm: Reader | None) -> bool:
        """Whether the reader learned to abstain and may vouch for readings no word names."""
        if lm is None or not self.settings.reader_vouches:
            return False
        learned = self._abstainers.get(lm)
        if learned is None:
            learned = self._abstainers[lm] = learned_to_abstain(lm)
        return learned

    def _vouched(self, said: str, reading: Reading) -> bool:
        """Whether the reader (one that learned to abstain) picked the first answer of the chosen
        reading."""
        if not reading.answers or reading.path is None:
            return False
        return self._match(said, [reading.answers[0][0]]) is not None

    def _cover(
        self, reading: Reading, r: Retrieval, shape: Shape | None, vouched: bool = False
    ) -> tuple[Reading, tuple[str, ...], str]:
        """A path answer that leaves part of the question out is not sure of itself: operators it did
        not execute (a count, an order, a value, a negation), or a second entity it does not use. One
        that cannot be the answer at all (see ``unanswerable``) comes back with the reason; a reading
        no word names is not refused for that when the reader ``vouched`` for it, only capped."""
        if shape is None:
            return reading, (), ""
        cap = 1.0
        chains = reading_chains(reading, r)
        named = self._named(shape, chains)
        # an operator word the reading's relation is named by is executed by it ("the *highest* point")
        left = [shape.tokens[i] for i in shape.operator_tokens() if i not in named] + shape.negated
        if shape.both and len(chains) < 2:
            left.append("both")  # two things that must hold together, and one reading
        if left:
            cap = self.settings.unexplained_confidence
        used = {p.mention for p in chains}
        strong = [m for m in r.mentions if m.score >= self.strong_mention and m not in used]
        if strong:
            cap = min(cap, self.settings.unused_entity_confidence)
            left += [m.text for m in strong]
        if any(len(p.result.relations) > 1 and 0 < p.lexical < 1 for p in chains):
            cap = min(cap, self.settings.unnamed_step_confidence)
        if any(p.features.get("weakly_named") for p in chains):
            cap = min(cap, self.settings.weakly_named_confidence)  # by its gloss's words or vague ones alone
        if {"who", "whom", "whose"} & set(shape.tokens[:3]) and self._no_agents([n for n, _ in reading.answers]):
            cap = min(cap, self.settings.not_agents_confidence)  # "who conducted ...?" answered with works
        words = self.composer.uncovered(shape, named, [])
        unnamed = all(p.lexical == 0 for p in chains)
        starts = [p.mention for p in chains]
        refuse = unnamed and not vouched
        said: frozenset[str] = frozenset()
        if words and asked_measure(shape.tokens) is not None:  # the words of the reading's relations' names
            labels = self.graph.labels
            names = (labels.predicate_label(h.predicate) for p in chains for h in p.result.relations)
            said = frozenset(w for name in names for w in normalize(name).split())
        reason = unanswerable(r.question, shape, named, words, starts, r.mentions, refuse, said) if chains else ""
        if words:
            cap = min(cap, uncovered_cap(self.settings, len(words)))
            if unnamed and vouched:
                cap = min(cap, self.settings.reader_only_confidence)
        left += [w for w in words if w not in left]
        if cap < reading.confidence:
            reading = replace(reading, confidence=cap)
        return reading, tuple(left), reason

    def _no_agents(self, answers: list[Node]) -> bool:
        """Whether (a sample of) the answers are mostly things of classes none of which, nor any class
        above them, is named as a kind of agent (``AGENT_NOUNS``), in a pack that has such a class:
        not what "who" asks for. Only lowers the confidence: a pack's classes of people may be named
        otherwise ("conductor" with no "person" above it)."""
        taxonomy = self.graph.taxonomy
        if self._agents is None or self._agents[0] is not taxonomy:  # read anew when the classes change
            labels = self.graph.labels
            named = {c for c in taxonomy.classes if AGENT_NOUNS & set(normalize(labels.predicate_label(c)).split())}
            self._agents = (taxonomy, frozenset(named))
        agents = self._agents[1]
        if not agents:
            return False
        sample = answers[:10]
        typed = [taxonomy.types(n) for n in sample]
        return bool(sample) and sum(bool(t) and not t & agents for t in typed) > len(sample) / 2

    def _why_none(self, r: Retrieval, shape: Shape | None) -> tuple[str, tuple[str, ...]]:
        """Why no reading answers (nothing linked, or the words no relation out of it is named by),
        and the words left."""
        if not r.mentions:
            return "the question names nothing the knowledge graph holds", ()
        if r.best is not None and r.best.features.get("kind"):
            return "no reading of the knowledge graph gives the kind of answer the question asks for", ()
        if shape is None:
            return "", ()
        named = self._kinds(shape, r.mentions) | {i for m in r.mentions for i in range(m.start, m.end)}
        words = tuple(self.composer.uncovered(shape, named, []))
        if words:
            return "no relation of the knowledge graph is named by " + ", ".join(repr(w) for w in words), words
        return "no relation of the knowledge graph leads from what the question names to an answer", ()

    def _kinds(self, shape: Shape, mentions: list[Mention]) -> set[int]:
        """Positions of nouns that say what kind of thing an entity is ("the *film* Alien") and, in a
        graph without classes to check them against, the kind a wh-word asks for ("which *films*")."""
        kinds = {k for m in mentions if (k := kind_word(shape.tokens, m)) is not None}
        asked = asked_kind(shape.tokens) if self.composer.kinds_unchecked() else None
        return kinds | ({asked} if asked is not None else set())

    def _named(self, shape: Shape, chains: list[ScoredPath]) -> set[int]:
        """Positions of the question that the chains account for: their entity mentions, the words
        naming their relations, the noun that says what kind of thing an entity is ("the *film*
        Alien"), and a sharing word ("the *same* director") when a chain uses a relation twice."""
        named = self._kinds(shape, [p.mention for p in chains])
        for p in chains:
            named |= self.composer.chain_positions(shape, p) | set(range(p.mention.start, p.mention.end))
            if p.features.get("repeat", 0.0) > 0:
                named |= {i for i, t in enumerate(shape.tokens) if t in SHARING_WORDS}
        return named

    def _wants_reader(self, r: Retrieval, mode: str) -> bool:
        """Whether the reader reads: always when told to, else when no word of the question names
        the best chain (or no chain answers and the reader may answer alone)."""
        if mode == "always":
            return True
        if not r.answers:
            return self.settings.reader_answers_alone
        return r.best is None or r.best.lexical == 0

    def _alternatives(self, r: Retrieval) -> list[ScoredPath]:
        """The readings the reader may choose instead of the best: only when no word names the best
        chain and the runner-up scores close."""
        best = r.best
        if r.answers and best is not None and best.lexical == 0 and r.margin < self.settings.unsure_margin:
            return r.alternatives(1)
        return []

    def _facts_of(self, others: list[ScoredPath], given: set[Triple]) -> list[Fact]:
        """The facts on the alternative readings' chains (two answers each) not given yet."""
        out: list[Triple] = []
        for other in others:
            for t in [t for n in other.answers[:2] for t in other.result.ends[n]]:
                if t not in given:
                    given.add(t)
                    out.append(t)
        return self._facts([(t, 0.0) for t in out])

    def _decide(
        self, said: str, reading: Reading, others: list[ScoredPath], r: Retrieval, facts: list[Fact]
    ) -> Reading:
        """What the reader's words change: it may pick an alternative reading, one answer of the set,
        an answer from the nearby facts when no chain answers, or abstention when nothing names
        the chosen chain and it finds no answer in the facts."""
        abstains = normalize(said) == normalize(ABSTAIN_TEXT)
        if said and others and self._match(said, [n for n, _ in reading.answers]) is None:
            reading = self._switch(said, reading, others)
        if reading.answers and reading.path is not None and reading.path.lexical == 0 and abstains:
            return replace(reading, answers=())
        if reading.answers:
            pick = self._match(said, [n for n, _ in reading.answers])
            if pick is not None:  # the reader may choose among the answers the graph proves, never add one
                return replace(reading, answers=tuple(sorted(reading.answers, key=lambda ns: ns[0] != pick)))
            return reading
        if said and not abstains and facts and self.settings.reader_answers_alone:
            # Nothing proven by a path: accept the reader only if it names a node of the given facts.
            linked_nodes = {n for m in r.mentions for n in m.nodes}
            nodes = [n for n in dict.fromkeys(n for t, _ in r.facts for n in (t[2], t[0])) if n not in linked_nodes]
            pick = self._match(said, nodes)
            if pick is not None:
                confidence = min(self.settings.reader_only_confidence, max(0.0, facts[0].score))
                return replace(reading, answers=((pick, facts[0].score),), confidence=confidence)
        return reading

    def _switch(self, said: str, reading: Reading, others: list[ScoredPath]) -> Reading:
        """The alternative reading whose answers the reader named, if it named one (its answers
        the better-connected first, as the retriever orders the best reading's)."""
        for other in others:
            if self._match(said, other.answers) is not None:
                return self._reading_of(other, reading.evidence, reading.confidence)
        return reading

    def _answer(
        self,
        question: str,
        reading: Reading,
        facts: list[Fact],
        reader_cites: list[int],
        linked: tuple[Entity, ...],
        timings: dict[str, float],
        raw: str,
        uncovered: tuple[str, ...] = (),
        named: Sequence[Node] = (),
    ) -> Answer:
        """``named``: the things the question names, none of which the reading's SPARQL form answers."""
        labels = self.graph.labels
        entities = tuple(
            Entity(str(n), labels.label(n), rank=i + 1, score=s) for i, (n, s) in enumerate(reading.answers)
        )
        top = reading.answers[:10]
        top_nodes = {str(n) for n, _ in top}
        on_chains = {tuple(map(str, t)) for n, _ in top for t in reading.evidence.get(n, ())}
        cited = [
            i + 1
            for i, f in enumerate(facts)
            if (f.subject, f.predicate, f.object) in on_chains or f.subject in top_nodes or f.object in top_nodes
        ]
        cited += [c for c in reader_cites if 0 < c <= len(facts) and c not in cited]
        shown = [n for n, _ in reading.answers[: self.settings.paths_shown]]
        return Answer(
            question=question,
            text=answer_text([e.label for e in entities], self.settings.answers_in_text),
            entities=entities,
            facts=tuple(facts),
            cited=tuple(sorted(cited)),
            confidence=reading.confidence,
            abstained=False,
            paths=tuple(self._paths(reading, shown)),
            linked=linked,
            timings=timings,
            reader_output=raw,
            program=self._program(reading, named),
            uncovered=uncovered,
        )

    def _program(self, reading: Reading, named: Sequence[Node] = ()) -> Program | None:
        """A path answer's reading as steps (the entity, the chain) and as SPARQL (what the question
        ``named`` is no answer, as in the walk)."""
        if reading.path is None:
            return None
        p = reading.path
        start = self.graph.labels.label(p.result.start)
        steps = [Step("find", (start,)), Step("relate", (chain_reading(p, self.graph),), f"{len(p.answers)} results")]
        back = p.result.start in p.answers
        if not reading.joined:
            hops, symmetric = p.result.relations, self.hoods.symmetric
            query = chain_query(
                p.result.start, hops, symmetric, named=named, back_to_start=back, contained=self.hoods.contained
            )
            return Program("path", tuple(steps), query)
        # a join: every chain's pattern on one ``?answer``, none of what the question names
        contained = self.hoods.contained
        lines = sparql.chain_pattern(p.result.start, p.result.relations, self.hoods.symmetric, "s0_", back, contained)
        for k, other in enumerate(reading.joined, start=1):
            steps.append(Step("intersect", (chain_reading(other, self.graph),), f"{len(reading.answers)} results"))
            back = other.result.start in other.answers
            hops, symmetric = other.result.relations, self.hoods.symmetric
            lines += sparql.chain_pattern(other.result.start, hops, symmetric, f"s{k}_", back, contained)
        starts = {q.result.start for q in (p, *reading.joined)}
        lines += sparql.without_nodes([n for n in dict.fromkeys(named) if n not in starts])
        return Program("path", tuple(steps), sparql.select(lines))

    def _paths(self, reading: Reading, nodes: list[Node]) -> list[ReasoningPath]:
        """Readable chains from the question's entity to each shown answer."""
        labels = self.graph.labels
        out: list[ReasoningPath] = []
        if reading.path is None:
            return out
        for node in nodes:
            chain = reading.evidence.get(node)
            if not chain:
                continue
            current: Node = reading.path.result.start
            steps = [labels.label(current)]
            relations = []
            for s, p, o in chain:
                if current == s:
                    rel, current = labels.predicate_label(p), o
                elif current == o:
                    rel, current = labels.inverse_label(p), s
                else:  # a second entity's chain starts here
                    steps += [";", labels.label(s)]
                    rel, current = labels.predicate_label(p), o
                relations.append(rel)
                steps += [f"—{rel}→", labels.label(current)]
            facts = tuple(self._facts([(t, 0.0) for t in chain]))
            out.append(ReasoningPath(tuple(relations), tuple(steps), facts, reading.path.score))
        return out

    def corrected(self, question: str, change: Change, mentions: list[Mention]) -> Answer:
        """The answer a curator's correction gives to its question: the facts it states."""
        start = time.perf_counter()
        labels, schema = self.graph.labels, self.graph.schema
        named = {n for m in mentions for n in m.nodes}
        triples = [t for t in change.added if is_fact(t, schema)]
        nodes = list(dict.fromkeys(t[2] if t[0] in named else t[0] for t in triples))
        facts = tuple(self._facts([(t, 1.0) for t in triples]))
        entities = tuple(Entity(str(n), labels.label(n), rank=i + 1, score=1.0) for i, n in enumerate(nodes))
        return Answer(
            question=question,
            text=answer_text([e.label for e in entities], self.settings.answers_in_text),
            entities=entities,
            facts=facts,
            cited=tuple(range(1, len(facts) + 1)),
            confidence=1.0,
            abstained=False,
            linked=tuple(Entity(str(n), labels.label(n)) for n in list(named)[:3]),
            timings={"total": time.perf_counter() - start},
            reader_output=f"corrected by {change.curator} at {change.time} (change {change.id})",
        )

    def _facts(self, scored: list[tuple[Triple, float]]) -> list[Fact]:
        return make_facts(scored, self.graph.labels, self.graph.store)

    def _match(self, said: str, nodes: list[Node]) -> Node | None:
        """The node whose label the reader's answer names (exact, then contained, then fuzzy)."""
        text = normalize(said)
        if not text or not nodes:
            return None
        labels = self.graph.labels
        names = [(n, normalize(name)) for n in nodes for name in (labels.all_names(n) or [labels.label(n)])]
        for n, name in names:
            if name == text:
                return n
        for n, name in names:
            if name and len(name) > 2 and (f" {name} " in f" {text} "):
                return n
        best = max(names, key=lambda nn: fuzz.ratio(nn[1], text))
        return best[0] if fuzz.ratio(best[1], text) >= self.settings.answer_match_cutoff else None


def reading_chains(reading: Reading, r: Retrieval) -> list[ScoredPath]:
    """The chains a reading rests on: its own, and the chain of another entity it was joined with."""
    chains = [reading.path] if reading.path is not None else []
    return chains + [p for p in r.chosen if p is not reading.path]


def _linked(mentions: list[Mention], graph: KnowledgeGraph) -> tuple[Entity, ...]:
    """The entities the question names, best mention first."""
    return tuple(
        Entity(str(n), graph.labels.label(n), rank=i + 1, score=m.score)
        for i, m in enumerate(mentions)
        for n in m.nodes[:1]
    )


def answer_text(labels: list[str], limit: int = 10) -> str:
    """The answers in words: up to ``limit`` names, then how many more."""
    if len(labels) <= limit:
        return ", ".join(labels)
    return ", ".join(labels[:limit]) + f" and {len(labels) - limit} more"


__all__ = ["Answerer", "Reading", "answer_text"]
