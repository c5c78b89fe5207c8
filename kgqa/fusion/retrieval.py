"""Retrieval: from a question to ranked candidate answers and the facts that support them.

1. link the entities the question names (``linking``);
2. walk relation paths of 1..3 hops out of each (``paths``);
3. score each relation chain against the question (``scoring``), with the entity mention masked out.
   The question is embedded once, by a fast int8 encoder when the embedder has one; when any
   decision is close, it is embedded exactly and the walked chains scored again;
4. the best chain's end nodes are the answer set; two entities whose chains meet are intersected;
5. the facts on the chains, topped up with the linked entities' most similar 1-hop facts, form the
   reader's context within a budget. With nothing linked, a global dense search stands in.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import islice

import numpy as np
from rdflib.term import Node

from ..knowledge.terms import Triple
from ..representation.embedders.base import Embedder, QueryEmbedder
from ..representation.facts import parse_key, triple_key
from ..representation.graph import KnowledgeGraph
from ..representation.index import FactIndex
from ..settings import RetrievalSettings
from ..text import STOPWORDS, normalize, singular
from .answer import Step
from .linking import EntityLinker, Mention
from .paths import Neighbourhoods, PathResult, RelationPath, extend, next_steps, walk
from .scoring import ChainScorer, Cues, Query, Question, ScoredPath
from .shapes import Shape, analyse, answer_kind, focus_noun, who_noun


@dataclass
class Retrieval:
    """Everything retrieval found for a question: the reader's input and the graph's own answer."""

    question: str
    mentions: list[Mention]
    paths: list[ScoredPath]
    answers: list[tuple[Node, float]]
    evidence: dict[Node, tuple[Triple, ...]]
    facts: list[tuple[Triple, float]]
    confidence: float
    timings: dict[str, float] = field(default_factory=dict)
    #: False when the question was embedded by the approximate (int8) encoder alone: every decision
    #: led by more than ``RetrievalSettings.exact_margin``, so the exact vector would give the same.
    exact_query: bool = True
    #: How far the chosen join of two entities' chains led the best single chain, or the reverse
    #: (infinite when no join was possible).
    joint_gap: float = float("inf")
    #: The chains whose answers were intersected for the answer set (one, or two joined entities').
    chosen: list[ScoredPath] = field(default_factory=list)
    #: Chains that reach only entities the question names: no answers, but checks of a claim.
    linked_only: list[ScoredPath] = field(default_factory=list)
    #: The question as chains were compared with it (its first entity mentions left out).
    compared: str = ""
    #: Steps that found an entity the question names by a superlative ("the largest state", see
    #: ``nesting``) before the rest was read, and how sure they were.
    prelude: tuple[Step, ...] = ()
    prelude_confidence: float = 1.0

    @property
    def best(self) -> ScoredPath | None:
        return self.paths[0] if self.paths else None

    def alternatives(self, k: int) -> list[ScoredPath]:
        """Up to k next-best chains from the best chain's entity, each leading to other answers."""
        if not self.paths:
            return []
        best = self.paths[0]
        seen = [frozenset(best.answers)]
        out: list[ScoredPath] = []
        for p in self.paths[1:]:
            if len(out) >= k:
                break
            answers = frozenset(p.answers)
            if p.mention == best.mention and answers not in seen:
                seen.append(answers)
                out.append(p)
        return out

    @property
    def runner_up(self) -> ScoredPath | None:
        """The best chain from the same entity that leads to other answers than the best one."""
        alternatives = self.alternatives(1)
        return alternatives[0] if alternatives else None

    @property
    def margin(self) -> float:
        """How far the best chain leads the runner-up (large when the graph is sure)."""
        if not self.paths:
            return 0.0
        other = self.runner_up
        return self.paths[0].score - other.score if other is not None else 10.0


@dataclass
class _Walked:
    """The chains walked from one linked node, and what the question says of their relations."""

    ctx: Question
    cues: Cues
    shorter: list[PathResult]  # chains of 1 and 2 hops, with their answers
    last: list[PathResult]  # those of 2 hops
    longer: list[RelationPath]  # the 3-hop chains the graph has, not walked yet


def masked_question(
    question: str,
    mentions: list[Mention],
    masked: int = 2,
    kinds: frozenset[tuple[str, ...]] = frozenset(),
    longest: int | None = None,
) -> str:
    """The question as chains are compared with it: without its first ``masked`` entity mentions (a
    name would only add the same offset to every chain; the entity's facts, compared with the same
    vector, all name it too), and without a noun of the entity's kind right before its name (``kinds``:
    "describe movie X" asks what "describe X" does; "movie" would pull towards relations of movies);
    ``longest``: the most words of a kind, when the caller has it (else counted here)."""
    tokens = normalize(question).split()
    longest = max(map(len, kinds), default=0) if longest is None else longest
    drop: set[int] = set()
    for m in mentions[:masked]:
        drop.update(range(m.start, m.end))
        for n in range(1, min(longest, m.start) + 1):
            if tuple(tokens[m.start - n : m.start]) in kinds:
                drop.update(range(m.start - n, m.start))
    text = " ".join(t for i, t in enumerate(tokens) if i not in drop)
    return text or question


class Retriever:
    """Links, walks, scores and assembles the context for one question."""

    def __init__(
        self,
        graph: KnowledgeGraph,
        linker: EntityLinker,
        hoods: Neighbourhoods,
        embedder: Embedder,
        index: FactIndex,
        settings: RetrievalSettings | None = None,
        max_facts: int = 6,
    ) -> None:
        self.graph = graph
        self.linker = linker
        self.hoods = hoods
        self.embedder = embedder
        self.index = index
        self.settings = settings or RetrievalSettings()
        self.max_facts = max_facts
        self.scorer = ChainScorer(graph, embedder, self.settings)
        self._quick = embedder if isinstance(embedder, QueryEmbedder) else None
        #: a chain matcher trained on the pack (``training``), whose cosine is one more feature of a
        #: chain's score; None: the embedder's cosine and the cues alone
        self.matcher: Embedder | None = None
        self.matcher_margin = 0.1
        self._quick_matcher: QueryEmbedder | None = None
        #: nouns of kinds masked right before a name (``masked_question``): the graph's classes and
        #: ``use_kinds``'s
        self.use_kinds()

    def use_matcher(self, matcher: Embedder | None, weight: float = 1.0, margin: float = 0.1) -> None:
        """Score chains by this trained model's cosine too (None: by the embedder's alone); the chain
        it prefers by ``margin`` in cosine counts as named by the question."""
        self.matcher, self.matcher_margin = matcher, margin
        self.scorer.use_matcher(matcher, weight)
        self._quick_matcher = matcher if isinstance(matcher, QueryEmbedder) else None

    def use_kinds(self, more: Iterable[str] = ()) -> None:
        """Mask nouns of these kinds too, besides the graph's classes, right before a name in the
        question as chains are compared with it (``masked_question``): those a trained matcher was
        trained with."""
        self.more_kinds = tuple(more)
        self.kinds = self.graph.kinds(self.more_kinds)
        self._longest_kind = max(map(len, self.kinds), default=0)  # once, not per question

    def refresh(self, linker: EntityLinker) -> None:
        """Take a new linker and forget what an edit of names, cue words or classes made stale."""
        self.linker = linker
        self.scorer.refresh()
        self.use_kinds(self.more_kinds)  # the classes may have changed

    def link(self, question: str) -> list[Mention]:
        """The entities the question names, best first; a name several kinds of thing share, said with
        its kind beside it, names the things of that kind (``_said_kind``)."""
        mentions = self.linker.link(question)
        tokens = normalize(question).split()
        mentions = [self._by_prominence(self._said_kind(m, tokens)) for m in mentions]
        return mentions + self._the_only(tokens, mentions)

    def _the_only(self, tokens: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "The highest point in *the country*": a class said in the singular after "the", where the
        pack holds one thing of that class, names that thing."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        taxonomy, labels = self.graph.taxonomy, self.graph.labels
        found: list[Mention] = []
        for i in range(1, len(tokens)):
            if tokens[i - 1] != "the" or i in taken or singular(tokens[i]) != tokens[i]:
                continue
            if i + 1 < len(tokens) and tokens[i + 1] not in STOPWORDS:
                continue  # "the country music", "the city of X": a longer name or a kind of another thing
            for cls in self.scorer.focus_classes(tokens, i):
                if tokens[i] not in {normalize(n) for n in labels.all_names(cls)}:
                    continue  # the class's whole name: "the animal" is not the one *animal keeper*
                members = list(islice(taxonomy.instances(cls), 2))
                if len(members) == 1:
                    found.append(Mention(tokens[i], i, i + 1, (members[0][0],), self.settings.only_one_score))
                    break
        return found

    def _by_prominence(self, mention: Mention) -> Mention:
        """Of things a name names alike (each by its label, or each by another name), the one the graph
        says most about first: "New York" the state of many facts before the city of a few."""
        if len(mention.nodes) < 2:
            return mention
        names = self.graph.labels.names
        by_label = {n: normalize(names.get(n, "")) == mention.text for n in mention.nodes}
        degree = {n: self.hoods.prominence(n) for n in mention.nodes[:20]}
        ordered = sorted(mention.nodes, key=lambda n: (not by_label[n], -degree.get(n, 0)))
        return mention if ordered == list(mention.nodes) else replace(mention, nodes=tuple(ordered))

    def _said_kind(self, mention: Mention, tokens: list[str]) -> Mention:
        """ "The *city* of New York", "the *state* Washington", "New York *state*": of the things a name
        names, those of the class said right beside it, in the singular (the *cities* of X ask for
        cities, not for X's kind); the mention then spans the kind's word too."""
        if len(mention.nodes) < 2:
            return mention
        spots = []
        i = mention.start - 1
        if i >= 1 and tokens[i] == "of":
            spots.append(i - 1)  # "the city of X"
        elif i >= 1 and tokens[i - 1] in ("the", "a"):
            spots.append(i)  # "the city X"
        if mention.end < len(tokens):
            spots.append(mention.end)  # "X state"
        taxonomy = self.graph.taxonomy
        for at in spots:
            if singular(tokens[at]) != tokens[at]:
                continue
            classes = self.scorer.focus_classes(tokens, at)
            kept = tuple(n for n in mention.nodes if any(taxonomy.is_a(n, c) for c in classes))
            if kept and len(kept) < len(mention.nodes):
                # the kind's word is part of the name now: no relation need account for it
                return replace(mention, nodes=kept, start=min(at, mention.start), end=max(at + 1, mention.end))
        return mention

    def read_question(self, question: str) -> tuple[Shape, Retrieval]:
        """The question's shape (``shapes``) and what retrieval finds for it; a number that a filter
        takes as its value ("released after 1990") is not linked as an entity."""
        mentions = self.link(question)
        shape = analyse(question, [(m.start, m.end) for m in mentions])
        mentions = [m for m in mentions if not shape.unlinked & set(range(m.start, m.end))]
        return shape, self.retrieve(question, mentions=mentions)

    def retrieve(self, question: str, exhaustive: bool = False, mentions: list[Mention] | None = None) -> Retrieval:
        """Link (unless ``mentions`` are given), walk, score and assemble the context; ``exhaustive``
        walks every chain (no pruning), for callers that look past the best readings (learning)."""
        t0 = time.perf_counter()
        mentions = self.link(question) if mentions is None else mentions
        tokens = normalize(question).split()
        text = masked_question(question, mentions, self.settings.masked_mentions, self.kinds, self._longest_kind)
        t1 = time.perf_counter()
        walked = self._walk(mentions, tokens)  # needs no embedding: a close call re-scores the same walks
        t2 = time.perf_counter()
        # When no word of the question names a relation out of its entities, the question vector
        # alone ranks the chains: no use for an approximate one.
        named = any(cue.named for w in walked for cue in w.cues.values())
        q, exact = self._question_vector(text, exact=not named)
        embedding = time.perf_counter() - t2
        result = self._read_graph(question, mentions, walked, q, prune=not exhaustive)
        if not exact and self._decision_gap(result) < self.settings.exact_margin:
            # Close: the approximate vector's small error could decide it. Decide on the exact one.
            t = time.perf_counter()
            q, exact = self._question_vector(text, exact=True)
            embedding += time.perf_counter() - t
            result = self._read_graph(question, mentions, walked, q, prune=not exhaustive)
        t3 = time.perf_counter()
        result.facts = self._context(result.answers, result.evidence, q[0], mentions)
        result.compared = text
        result.exact_query = exact
        result.timings = {"link": t1 - t0, "embed": embedding, "paths": t3 - t1 - embedding}
        result.timings["rank"] = time.perf_counter() - t3
        result.confidence = self._confidence(result)
        return result

    def _confidence(self, r: Retrieval) -> float:
        """Sure when a question word names the chain and it leads the next reading clearly; a chain
        that answers below ``min_path_score`` only because the trained matcher named it is not."""
        if not r.answers or r.best is None:
            return 0.0
        cfg = self.settings
        lead = min(1.0, max(0.0, r.margin) / cfg.confidence_lead)
        named = r.best.lexical > 0 and r.best.score >= cfg.min_path_score
        return (cfg.named_confidence if named else cfg.unnamed_confidence) * (1.0 + lead)

    def _question_vector(self, text: str, exact: bool = False) -> tuple[Query, bool]:
        """The question's vectors (the embedder's, and the trained matcher's when one is used), and
        whether they are exact."""
        if not exact and self._quick is not None:
            q, exact = self._quick.embed_query(text)
        else:
            (q,) = self.embedder.embed([text])
            exact = True
        if self.matcher is None:
            return (q, None), exact
        if exact or self._quick_matcher is None:
            (m,) = self.matcher.embed([text])
        else:
            m, _ = self._quick_matcher.embed_query(text)
        return (q, m), exact

    def _decision_gap(self, r: Retrieval) -> float:
        """How far the closest decision retrieval made leads its alternative (0 when the question
        vector decides outright: nothing linked, or no word of the question names the best chain)."""
        best = r.best
        if best is None or best.lexical == 0 or not r.answers:
            return 0.0
        gap = min(r.margin, abs(best.score - self.settings.min_path_score))
        return min(gap, r.joint_gap)

    def _walk(self, mentions: list[Mention], tokens: list[str]) -> list[_Walked]:
        """Walk 1- and 2-hop chains from each linked node and list its 3-hop ones (no embedding needed)."""
        cfg = self.settings
        top_mention = max((m.score for m in mentions), default=1.0)
        asked_types = self.scorer.asked_types(tokens, mentions)
        out = []
        for mention in mentions:
            q_words = [t for i, t in enumerate(tokens) if not (mention.start <= i < mention.end) and t not in STOPWORDS]
            asks_time = any(t == "when" and not mention.start <= i < mention.end for i, t in enumerate(tokens))
            inside = set(range(mention.start, mention.end))
            focus = focus_noun(tokens, inside)
            if focus is not None and focus + 1 < len(tokens) and focus + 1 not in inside:
                # "what *plant family*": of two class names together, the second is the head noun (a
                # modifier is singular: "which skyscrapers *use*" is a verb)
                modifier = singular(tokens[focus]) == tokens[focus] and self.scorer.names_class(tokens, focus)
                if modifier and self.scorer.names_class(tokens, focus + 1):
                    focus += 1
            asks = answer_kind(tokens, inside)
            classes = self.scorer.focus_classes(tokens, focus) if focus is not None else frozenset()
            if not asks and classes:
                asks = "thing"  # "which *elements* ...": things of a class, not values
            types = asked_types
            if focus is not None and not self.scorer.picks_members(tokens[focus]):
                # "which *rivers* run through the states ...": the focus's classes are asked for, not
                # every class named ("the neighbouring *states*" too); "what is the *capital* of the
                # state ...": none is
                nxt = focus + 1
                types = set(classes or (self.scorer.focus_classes(tokens, nxt) if nxt < len(tokens) else ()))
            who = who_noun(tokens, inside)
            ctx = Question(tokens, mention, mention.score / top_mention, types, asks_time, asks,
                           tokens[focus] if focus is not None else "", classes,
                           tokens[who] if who is not None else "")  # fmt: skip
            for node in mention.nodes[: cfg.nodes_per_mention]:
                results = walk(self.hoods, node, max_hops=min(2, cfg.max_hops), max_frontier=cfg.max_frontier)
                last = [r for r in results if len(r.relations) == 2]
                more = next_steps(self.hoods, last, cfg.max_frontier) if cfg.max_hops >= 3 else []
                hops = {h for r in results for h in r.relations} | {c[-1] for c in more}
                if hops:
                    cues = self.scorer.hop_cues(hops, tokens, q_words, mention)
                    out.append(_Walked(ctx, cues, results, last, more))
        return out

    def _read_graph(
        self, question: str, mentions: list[Mention], walked: list[_Walked], q: Query, prune: bool = True
    ) -> Retrieval:
        """Score the walked chains against the question, walk the promising 3-hop ones, and pick the
        answer set (no facts yet)."""
        scored: list[ScoredPath] = []
        linked_nodes = {n for m in mentions for n in m.nodes}
        # With two strong entities, 3-hop chains every hop of which the question names are walked
        # even when they trail, since they may join the other entity's chains (see ``_answer_set``).
        joins = sum(m.score >= self.settings.strong_mention for m in mentions) >= 2
        pruned = False
        for w in walked:
            shorter = self.scorer.score(w.shorter, w.ctx, w.cues, q, linked_nodes)
            scored += shorter
            shorter = [p for p in shorter if p.answers]  # (chains that answer; see ``linked_only``)
            if w.longer:
                keep = self._worth_walking(w, shorter, q, joins) if prune else None
                pruned = pruned or (keep is not None and len(keep) < len(w.longer))
                longer = extend(self.hoods, w.last, self.settings.max_frontier, only=keep)
                scored += self.scorer.score(longer, w.ctx, w.cues, q, linked_nodes)
        if self.matcher is not None:
            self._mark_matched(scored)
        linked_only = [p for p in scored if not p.answers]
        scored = sorted((p for p in scored if p.answers), key=lambda p: -p.score)
        top = scored[0] if scored else None
        ranked, evidence, joint_gap, chosen = self._answer_set(scored)
        if pruned and scored and scored[0] is not top:
            # A join won: its lead chain may score below the best single chain, so a chain pruned
            # against that one could be its runner-up. Rare; read the graph again without pruning.
            return self._read_graph(question, mentions, walked, q, prune=False)
        return Retrieval(
            question,
            mentions,
            scored,
            ranked,
            evidence,
            [],
            0.0,
            joint_gap=joint_gap,
            chosen=chosen,
            linked_only=linked_only,
        )

    def _mark_matched(self, scored: list[ScoredPath]) -> None:
        """With a trained matcher, per linked entity: the chain it ranks first, by a lead of at least
        ``TrainingSettings.match_margin`` in cosine over every chain of other relations or directions,
        counts as named by the question (``lexical`` 1, ``features["matched"]``; its score is left as
        it is: making it decisive lost 2- and 3-hop questions on dev): the matcher learned how
        questions name relations, as cue words do word by word."""
        margin, weight = self.matcher_margin, self.scorer.trained_weight
        by_mention: dict[Mention, list[ScoredPath]] = {}
        for p in scored:
            by_mention.setdefault(p.mention, []).append(p)
        text = self.scorer.matcher_text
        for paths in by_mention.values():
            best = max(paths, key=lambda p: p.features.get("trained", 0.0))
            top = text(best.result.relations)
            rival = max((p.features.get("trained", 0.0) for p in paths if text(p.result.relations) != top),
                        default=-weight)  # fmt: skip
            if best.features.get("trained", 0.0) - rival < margin * weight:
                continue
            for p in paths:
                if text(p.result.relations) == top:
                    p.features["matched"] = 1.0
                    p.lexical = max(p.lexical, 1.0)

    def _worth_walking(self, w: _Walked, shorter: list[ScoredPath], q: Query, joins: bool) -> list[RelationPath] | None:
        """The 3-hop chains whose best possible score comes within ``prune_margin`` of the best shorter
        chain (the others cannot lead), and those that may join a second strong entity's chains;
        None (walk all) when pruning is off or there is no shorter chain."""
        cfg = self.settings
        if not cfg.prune_margin or not shorter:
            return None
        floor = max(p.score for p in shorter) - cfg.prune_margin
        bounds = self.scorer.bounds(w.longer, w.ctx, w.cues, q)
        may_join = joins and w.ctx.mention.score >= cfg.strong_mention
        return [
            c
            for c, bound in zip(w.longer, bounds, strict=True)
            if bound >= floor or (may_join and self.scorer.wording(c, w.ctx, w.cues)["hop_cover"] == 1.0)
        ]

    def _answer_set(
        self, scored: list[ScoredPath]
    ) -> tuple[list[tuple[Node, float]], dict[Node, tuple[Triple, ...]], float, list[ScoredPath]]:
        """The best chain's end nodes; or, when two entities' chains meet, their intersection. Also
        how far the best join and the best single chain lay apart (inf when none could join), and
        the chains intersected."""
        cfg = self.settings
        # a chain the trained matcher names (``_mark_matched``) is named by the question whatever it scores
        if not scored or (scored[0].score < cfg.min_path_score and not scored[0].features.get("matched")):
            return [], {}, float("inf"), []
        if scored[0].features.get("kind"):  # the best reading gives another kind of answer than asked
            return [], {}, float("inf"), []
        best = scored[0]
        chosen: list[ScoredPath] = [best]
        join, gap = self._best_join(scored)
        if join is not None and join[0] > best.score:
            _, a, b = join
            best = a if a.score >= b.score else b
            chosen = [best, b if best is a else a]
        keep = set(best.answers)
        for p in chosen[1:]:
            keep &= set(p.answers)
        evidence: dict[Node, tuple[Triple, ...]] = {}
        for node in best.answers:
            if node in keep:
                chain: tuple[Triple, ...] = ()
                for p in chosen:
                    chain += p.result.ends[node]
                evidence[node] = chain
        ordered = self.hoods.by_prominence([n for n in best.answers if n in keep], cfg.rank_answers_limit)
        ranked = [(n, best.score) for n in ordered][: cfg.max_answers]
        if chosen[0] is not scored[0]:
            scored.remove(best)
            scored.insert(0, best)
        return ranked, evidence, gap, chosen

    def _best_join(self, scored: list[ScoredPath]) -> tuple[tuple[float, ScoredPath, ScoredPath] | None, float]:
        """Two entities named with content words, each with a chain the question fully names, whose
        answer sets meet: the question constrains both ("films directed by X starring Y"). The best
        such pair with its joint score, and how far that lies from the best single chain."""
        cfg = self.settings
        strong = [p for p in scored[: cfg.join_pool] if p.lexical == 1.0 and p.mention.score >= cfg.strong_mention]
        by_mention: dict[Mention, list[ScoredPath]] = {}
        for p in strong:
            by_mention.setdefault(p.mention, []).append(p)
        if len(by_mention) < 2:
            return None, float("inf")
        first, second = list(by_mention.values())[:2]
        pairs = []
        for a in first[: cfg.join_per_entity]:
            for b in second[: cfg.join_per_entity]:
                common = set(a.answers) & set(b.answers)
                if common and len(common) < max(len(a.answers), len(b.answers)):
                    fa, fb = a.features["question_cover"], b.features["question_cover"]
                    union = min(1.0, fa + fb)  # each chain names its own part of the question
                    joint = (a.score + b.score) / 2 + cfg.question_cover_weight * (union - (fa + fb) / 2)
                    pairs.append((joint + cfg.joint_bonus, a, b))
        if not pairs:
            return None, float("inf")
        best = max(pairs, key=lambda x: x[0])
        return best, abs(best[0] - scored[0].score)

    def _context(
        self,
        answers: list[tuple[Node, float]],
        evidence: dict[Node, tuple[Triple, ...]],
        q_full: np.ndarray,
        mentions: list[Mention],
    ) -> list[tuple[Triple, float]]:
        """Facts for the reader: chains to the answers first, then the most similar nearby facts."""
        limit = self.max_facts
        out: dict[Triple, float] = {}
        for node, score in answers:
            for triple in evidence.get(node, ()):
                if len(out) >= limit:
                    break
                out.setdefault(triple, score)
        if len(out) < limit:
            near: list[Triple] = []
            for m in mentions[:2]:
                for node in m.nodes[:2]:
                    near += [t for _, _, t in self.hoods.all_edges(node, cap=self.settings.context_edge_cap)]
            if near:
                near = list(dict.fromkeys(near))
                sims = self.index.scores(q_full, [triple_key(t) for t in near])
                for j in np.argsort(-sims):
                    if len(out) >= limit:
                        break
                    out.setdefault(near[int(j)], float(sims[int(j)]))
            elif not mentions:
                for key, sim in self.index.search(q_full, limit):
                    if sim >= self.settings.min_dense_score:
                        out.setdefault(parse_key(key), sim)
        # Report every fact's own similarity to the question (chain facts stay first, as the evidence).
        triples = list(out)
        sims = self.index.scores(q_full, [triple_key(t) for t in triples])
        return [(t, float(max(sim, out[t]) if out[t] <= 1.0 else sim)) for t, sim in zip(triples, sims, strict=True)]

    def one_hop(self, question: str, k: int = 8) -> tuple[list[Mention], list[tuple[Triple, float]]]:
        """The KAPING recipe: the linked entities' 1-hop facts ranked by similarity to the question."""
        mentions = self.linker.link(question)
        (q,) = self.embedder.embed([question])
        near: list[Triple] = []
        for m in mentions[:1]:
            for node in m.nodes[:2]:
                near += [t for _, _, t in self.hoods.all_edges(node)]
        near = list(dict.fromkeys(near))
        if not near:
            return mentions, [(parse_key(key), s) for key, s in self.index.search(q, k)]
        sims = self.index.scores(q, [triple_key(t) for t in near])
        order = np.argsort(-sims)[:k]
        return mentions, [(near[int(j)], float(sims[int(j)])) for j in order]


__all__ = ["Retrieval", "Retriever", "ScoredPath", "masked_question"]
