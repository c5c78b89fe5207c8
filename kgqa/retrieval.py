"""Retrieval: from a question to ranked candidate answers and the facts that support them.

1. link the entities the question names (``linking``);
2. walk relation paths of 1..3 hops out of each (``paths``);
3. score each relation chain against the question, with the entity mention masked out: cosine of
   the embedded chain ("directed by → in language") plus a small prior for shorter chains and for
   stronger mentions. The question is embedded once, by a fast int8 encoder when the embedder has
   one; when any decision is close, it is embedded exactly and the walked chains scored again;
4. the best chain's end nodes are the answer set; two entities whose chains meet are intersected;
5. the facts on the chains, topped up with the linked entities' most similar 1-hop facts, form the
   reader's context within a budget. With nothing linked, a global dense search stands in.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from rdflib import RDF
from rdflib.term import Node

from .embeddings import Embedder, QueryEmbedder
from .facts import Labels, triple_key
from .graph.base import GraphStore, Triple
from .index import FactIndex
from .linking import STOPWORDS, EntityLinker, Mention, normalize, same_word, stem
from .paths import Hop, Neighbourhoods, PathResult, RelationPath, extend, next_steps, relation_text, walk

#: Words that say two things share something ("films with the *same* director", "*co*-stars"):
#: they license a chain that uses one relation twice (film → director → film).
SHARING_WORDS = frozenset(
    [
        "same",
        "also",
        "other",
        "others",
        "together",
        "share",
        "shares",
        "shared",
        "sharing",
        "co",
        "similar",
        "both",
        "another",
        "fellow",
        "alongside",
    ]
)


#: A mention at least this sure is a strong entity: two of them may each constrain the answer.
STRONG_MENTION = 0.9

WH_WORDS = frozenset(["who", "whom", "whose", "what", "which", "when", "where", "how"])


@dataclass
class ScoredPath:
    """A relation chain from a linked entity, with its score and answer set."""

    result: PathResult
    score: float
    mention: Mention
    answers: list[Node]
    lexical: float = 0.0
    features: dict[str, float] = field(default_factory=dict)


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
    #: led by more than ``RetrievalConfig.exact_margin``, so the exact vector would give the same.
    exact_query: bool = True
    #: How far the chosen join of two entities' chains led the best single chain, or the reverse
    #: (infinite when no join was possible).
    joint_gap: float = float("inf")

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


@dataclass(frozen=True)
class HopCue:
    """What a question says about one relation: the words naming it, and where they stand."""

    words: frozenset[str]  # the relation's own content words, with its cue words
    label_words: frozenset[str]  # its names' words only: what can restate it ("director ... directed")
    names: frozenset[str]  # question words that name it
    named: bool
    phrase: float  # a multi-word name of it occurs as a phrase
    first: bool  # the relation word nearest the entity mention names it
    last: bool  # the relation word nearest the wh-word names it


@dataclass(frozen=True)
class _Question:
    """What scoring needs to know of the question, for chains from one mention."""

    tokens: list[str]
    mention: Mention
    mention_share: float
    asked_types: set[Node]


@dataclass
class _Walked:
    """The chains walked from one linked node, and what the question says of their relations."""

    ctx: _Question
    cues: _Cues
    shorter: list[PathResult]  # chains of 1 and 2 hops, with their answers
    last: list[PathResult]  # those of 2 hops
    longer: list[RelationPath]  # the 3-hop chains the graph has, not walked yet


class _Cues(dict[Hop, HopCue]):
    """Per-hop cues of one question and mention, and how often each relation-naming word occurs."""

    def __init__(self, rel_counts: dict[str, int]) -> None:
        super().__init__()
        self.rel_counts = rel_counts
        self.n_rel_words = sum(rel_counts.values())
        self.wording: dict[RelationPath, dict[str, float]] = {}  # see Retriever._wording

    def cover(self, named: set[str]) -> float:
        """Share of the question's relation words (with repeats) that a chain's relations name."""
        return sum(self.rel_counts[w] for w in named) / self.n_rel_words if self.n_rel_words else 0.0


@dataclass
class RetrievalConfig:
    """Knobs of retrieval (tuned on development data only)."""

    max_hops: int = 3
    hop_penalty: float = 0.20
    mention_weight: float = 0.10
    hop_cover_weight: float = 1.5
    question_cover_weight: float = 1.5
    type_weight: float = 0.20
    repeat_weight: float = 0.30
    size_weight: float = 0.06
    joint_bonus: float = 0.1
    phrase_weight: float = 0.1
    first_weight: float = 0.2
    last_weight: float = 0.4
    max_facts: int = 8
    min_path_score: float = 0.30
    min_dense_score: float = 0.45
    max_answers: int = 50
    #: A longest chain is walked only when its best possible score is within this of the best shorter
    #: chain from the same entity (or it may join a second strong entity's chain); at least the
    #: margins under which the reader is consulted (0.25) and confidence saturates (0.5), so neither
    #: changes. None walks every chain.
    prune_margin: float | None = 0.5
    #: With an approximate question vector, retrieval is redone with the exact one unless every
    #: decision it made (best chain over the runner-up and over the answer threshold, a join of two
    #: entities' chains) leads by at least this, and a word of the question names the best chain (else
    #: the reader reads the facts). On 900 MetaQA dev questions the int8 encoder moved a chain's score by
    #: at most 0.052 (mean 0.008, 20k chains): a decision can flip only if it leads by less than twice that.
    exact_margin: float = 0.1

    def score(self, f: dict[str, float]) -> float:
        """A relation chain's score from its features (see ``Retriever.retrieve``)."""
        return (
            f["dense"]
            + self.hop_cover_weight * f["hop_cover"]
            + self.question_cover_weight * f["question_cover"]
            - self.hop_penalty * f["extra_hops"]
            + self.mention_weight * f["mention"]
            + self.type_weight * f["type"]
            + self.repeat_weight * f["repeat"]
            - self.size_weight * f["size"]
            + self.phrase_weight * f.get("phrase", 0.0)
            + self.first_weight * f.get("first", 0.0)
            + self.last_weight * f.get("last", 0.0)
        )


class Retriever:
    """Links, walks, scores and assembles the context for one question."""

    def __init__(
        self,
        store: GraphStore,
        labels: Labels,
        linker: EntityLinker,
        hoods: Neighbourhoods,
        embedder: Embedder,
        index: FactIndex,
        config: RetrievalConfig | None = None,
    ) -> None:
        self.store = store
        self.labels = labels
        self.linker = linker
        self.hoods = hoods
        self.embedder = embedder
        self.index = index
        self.config = config or RetrievalConfig()
        self._quick = embedder if isinstance(embedder, QueryEmbedder) else None
        self._path_vectors: dict[str, np.ndarray] = {}
        self._hop_word_cache: dict[tuple[Hop, bool], frozenset[str]] = {}
        self._relation_texts: dict[tuple[Hop, ...], str] = {}
        self._hop_phrase_cache: dict[Hop, tuple[tuple[str, ...], ...]] = {}
        self._class_words: dict[str, set[Node]] | None = None

    def prepare_chains(self, predicates: Iterable[Node], limit: int = 2048) -> int:
        """Embed the label text of every relation chain of up to ``max_hops`` of these predicates
        (direction does not change the text) now, so that no question waits for one; skipped when
        there would be more than ``limit`` texts. Returns how many were embedded."""
        preds = sorted(set(predicates), key=str)
        chains: list[tuple[Node, ...]] = [()]
        texts: list[str] = []
        for _ in range(self.config.max_hops):
            chains = [(*c, p) for c in chains for p in preds]
            texts += [relation_text(tuple(Hop(p, True) for p in c), self.labels) for c in chains]
            if len(texts) > limit:
                return 0
        missing = [t for t in dict.fromkeys(texts) if t not in self._path_vectors]
        for start in range(0, len(missing), 256):
            self._embed_texts(missing[start : start + 256])
        return len(missing)

    def _embed_texts(self, texts: list[str]) -> list[np.ndarray]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._path_vectors]
        if missing:
            for text, vec in zip(missing, self.embedder.embed(missing), strict=True):
                self._path_vectors[text] = vec
        return [self._path_vectors[t] for t in texts]

    @staticmethod
    def _repeat(relations: RelationPath, words: list[frozenset[str]], tokens: list[str], mention: Mention) -> float:
        """+1 when a chain uses a relation twice and the question licenses it (a sharing word, or the
        relation named as often as it is used), -1 when it does not, 0 for no repeated relation.
        ``words``: each hop's label words (a cue word says which relation is asked, not how often)."""
        if len({h.predicate for h in relations}) == len(relations):
            return 0.0
        outside = [i for i in range(len(tokens)) if not (mention.start <= i < mention.end)]
        if any(tokens[i] in SHARING_WORDS for i in outside):
            return 1.0
        counts: dict[Node, int] = {}
        hop_words: dict[Node, frozenset[str]] = {}
        for hop, ws in zip(relations, words, strict=True):
            counts[hop.predicate] = counts.get(hop.predicate, 0) + 1
            hop_words[hop.predicate] = ws
        for p, n in counts.items():
            if n > 1 and _namings(tokens, outside, hop_words[p]) < n:
                return -1.0
        return 1.0

    def _asked_types(self, tokens: list[str], mentions: list[Mention]) -> set[Node]:
        """Classes the question names outside its entity mentions ("which films ...")"""
        if self._class_words is None:
            self._class_words = {}
            for cls in {o for _, _, o in self.store.triples((None, RDF.type, None))}:
                for name in self.labels.all_names(cls):
                    for w in normalize(name).split():
                        if w not in STOPWORDS:
                            self._class_words.setdefault(stem(w), set()).add(cls)
        inside = {i for m in mentions for i in range(m.start, m.end)}
        found: set[Node] = set()
        for i, t in enumerate(tokens):
            if i not in inside:
                found |= self._class_words.get(stem(t), set())
        return found

    def _type_match(self, answers: list[Node], types: set[Node]) -> float:
        """Share of (a sample of) answers that are of a class the question asks for."""
        if not types:
            return 0.0
        sample = answers[:5]
        hits = sum(any(True for _ in self.store.triples((a, RDF.type, t))) for a in sample for t in types)
        return min(1.0, hits / len(sample))

    @staticmethod
    def _anchors(
        tokens: list[str], mention: Mention, hop_words: dict[Hop, frozenset[str]]
    ) -> tuple[str | None, str | None]:
        """The relation word nearest the entity mention, and the one nearest the wh-word."""
        positions = [
            i
            for i, t in enumerate(tokens)
            if not (mention.start <= i < mention.end)
            and t not in STOPWORDS
            and any(same_word(t, x) for ws in hop_words.values() for x in ws)
        ]
        if not positions:
            return None, None

        def distance(i: int) -> int:
            return mention.start - i if i < mention.start else i - mention.end + 1

        near_mention = tokens[min(positions, key=distance)]
        wh = [i for i, t in enumerate(tokens) if t in WH_WORDS and not (mention.start <= i < mention.end)]
        near_wh = tokens[min(positions, key=lambda i: abs(i - wh[0]))] if wh else None
        return near_mention, near_wh

    def _phrase_in(self, hop: Hop, tokens: list[str]) -> float:
        """1.0 when a multi-word name of the relation occurs in the question as a phrase."""
        for phrase in self._hop_phrases(hop):
            n = len(phrase)
            for i in range(len(tokens) - n + 1):
                if all(same_word(tokens[i + j], phrase[j]) for j in range(n)):
                    return 1.0
        return 0.0

    def _hop_phrases(self, hop: Hop) -> tuple[tuple[str, ...], ...]:
        phrases = self._hop_phrase_cache.get(hop)
        if phrases is None:
            phrases = self._hop_phrase_cache[hop] = hop.phrases(self.labels)
        return phrases

    def _relation_text(self, relations: tuple[Hop, ...]) -> str:
        text = self._relation_texts.get(relations)
        if text is None:
            text = self._relation_texts[relations] = relation_text(relations, self.labels)
        return text

    def _hop_words(self, hop: Hop, cues: bool = True) -> frozenset[str]:
        words = self._hop_word_cache.get((hop, cues))
        if words is None:
            words = self._hop_word_cache[hop, cues] = hop.words(self.labels, cues=cues)
        return words

    def _hop_cues(self, hops: set[Hop], tokens: list[str], q_words: list[str], mention: Mention) -> _Cues:
        """What the question says about each relation reachable from a mention, computed once per hop."""
        hop_words = {h: self._hop_words(h) for h in hops}
        # Question words that name some relation reachable from here: what the question asks about.
        rel_words = {w for w in q_words if any(same_word(w, x) for ws in hop_words.values() for x in ws)}
        near_mention, near_wh = self._anchors(tokens, mention, hop_words)
        cues = _Cues({w: q_words.count(w) for w in rel_words})
        for h, ws in hop_words.items():
            names = frozenset(w for w in rel_words if any(same_word(w, x) for x in ws))
            cues[h] = HopCue(
                words=ws,
                label_words=self._hop_words(h, cues=False),
                names=names,
                named=bool(names),
                phrase=self._phrase_in(h, tokens),
                first=near_mention is not None and any(same_word(near_mention, x) for x in ws),
                last=near_wh is not None and any(same_word(near_wh, x) for x in ws),
            )
        return cues

    def _wording(self, relations: RelationPath, ctx: _Question, cues: _Cues) -> dict[str, float]:
        """A chain's features that depend on its relations and the question's words alone, computed
        once per chain and mention (bounds, scores and an exact second pass all need them)."""
        f = cues.wording.get(relations)
        if f is None:
            hops = [cues[h] for h in relations]
            named: set[str] = set().union(*(c.names for c in hops))
            f = cues.wording[relations] = {
                "hop_cover": sum(c.named for c in hops) / len(hops),
                "question_cover": cues.cover(named),
                "extra_hops": float(len(hops) - 1),
                "mention": ctx.mention_share,
                "repeat": self._repeat(relations, [c.label_words for c in hops], ctx.tokens, ctx.mention),
                "phrase": sum(c.phrase for c in hops) / len(hops),
                # English nests relations: "the director of X" is the first hop, the word next
                # to the wh-word ("who acted in ...") names the last one.
                "first": float(hops[0].first),
                "last": float(hops[-1].last),
            }
        return f

    def _features(
        self, relations: RelationPath, ctx: _Question, cues: _Cues, sim: float, answers: list[Node] | None
    ) -> dict[str, float]:
        """A chain's features (see ``RetrievalConfig.score``); without ``answers``, the most its
        answer-dependent features could give (the best asked-class match, one answer)."""
        f = {"dense": float(sim), **self._wording(relations, ctx, cues)}
        f["type"] = self._type_match(answers, ctx.asked_types) if answers is not None else float(bool(ctx.asked_types))
        f["size"] = float(np.log10(len(answers))) if answers else 0.0
        return f

    def _score(
        self, results: list[PathResult], ctx: _Question, cues: _Cues, q: np.ndarray, linked: set[Node]
    ) -> list[ScoredPath]:
        if not results:
            return []
        dense = np.stack(self._embed_texts([self._relation_text(r.relations) for r in results])) @ q
        out = []
        for r, sim in zip(results, dense, strict=True):
            answers = list(r.ends) if linked.isdisjoint(r.ends) else [n for n in r.ends if n not in linked]
            if answers:
                features = self._features(r.relations, ctx, cues, float(sim), answers)
                out.append(
                    ScoredPath(r, self.config.score(features), ctx.mention, answers, features["hop_cover"], features)
                )
        return out

    def _bounds(self, chains: list[RelationPath], ctx: _Question, cues: _Cues, q: np.ndarray) -> list[float]:
        """The best score each chain could reach, before walking it."""
        dense = np.stack(self._embed_texts([self._relation_text(c) for c in chains])) @ q
        return [
            self.config.score(self._features(c, ctx, cues, float(sim), None))
            for c, sim in zip(chains, dense, strict=True)
        ]

    def retrieve(self, question: str, exhaustive: bool = False) -> Retrieval:
        """Link, walk, score and assemble the context; ``exhaustive`` walks every chain (no pruning),
        for callers that look past the best readings (learning)."""
        t0 = time.perf_counter()
        mentions = self.linker.link(question)
        tokens = normalize(question).split()
        # One embedding serves both uses: chains are compared without the entity's name (it would only
        # add the same offset to every chain), and so are the entity's facts, which all name it.
        text = " ".join(t for i, t in enumerate(tokens) if not any(m.start <= i < m.end for m in mentions[:2]))
        text = text or question
        t1 = time.perf_counter()
        walked = self._walk(mentions, tokens)  # needs no embedding: a close call re-scores the same walks
        t2 = time.perf_counter()
        # When no word of the question names a relation out of its entities, the question vector
        # alone ranks the chains: no use for an approximate one.
        named = any(cue.named for w in walked for cue in w.cues.values())
        q, exact = self._question_vector(text, exact=not named)
        embedding = time.perf_counter() - t2
        result = self._read_graph(question, mentions, walked, q, prune=not exhaustive)
        if not exact and self._decision_gap(result) < self.config.exact_margin:
            # Close: the approximate vector's small error could decide it. Decide on the exact one.
            t = time.perf_counter()
            q, exact = self._question_vector(text, exact=True)
            embedding += time.perf_counter() - t
            result = self._read_graph(question, mentions, walked, q, prune=not exhaustive)
        t3 = time.perf_counter()
        result.facts = self._context(result.answers, result.evidence, q, mentions)
        t4 = time.perf_counter()
        result.exact_query = exact
        result.timings = {"link": t1 - t0, "embed": embedding, "paths": t3 - t1 - embedding, "rank": t4 - t3}
        if result.answers and result.best is not None:
            # Sure when a question word names the chain and it leads the next reading clearly.
            lead = min(1.0, max(0.0, result.margin) / 0.5)
            result.confidence = (0.5 if result.best.lexical > 0 else 0.25) * (1.0 + lead)
        return result

    def _question_vector(self, text: str, exact: bool = False) -> tuple[np.ndarray, bool]:
        if not exact and self._quick is not None:
            return self._quick.embed_query(text)
        (q,) = self.embedder.embed([text])
        return q, True

    def _decision_gap(self, r: Retrieval) -> float:
        """How far the closest decision retrieval made leads its alternative (0 when the question
        vector decides outright: nothing linked, or no word of the question names the best chain)."""
        best = r.best
        if best is None or best.lexical == 0 or not r.answers:
            return 0.0
        gap = min(r.margin, abs(best.score - self.config.min_path_score))
        return min(gap, r.joint_gap)

    def _walk(self, mentions: list[Mention], tokens: list[str]) -> list[_Walked]:
        """Walk 1- and 2-hop chains from each linked node and list its 3-hop ones (no embedding needed)."""
        cfg = self.config
        top_mention = max((m.score for m in mentions), default=1.0)
        asked_types = self._asked_types(tokens, mentions)
        out = []
        for mention in mentions:
            q_words = [t for i, t in enumerate(tokens) if not (mention.start <= i < mention.end) and t not in STOPWORDS]
            ctx = _Question(tokens, mention, mention.score / top_mention, asked_types)
            for node in mention.nodes[:3]:
                results = walk(self.hoods, node, max_hops=min(2, cfg.max_hops))
                last = [r for r in results if len(r.relations) == 2]
                more = next_steps(self.hoods, last) if cfg.max_hops >= 3 else []
                hops = {h for r in results for h in r.relations} | {c[-1] for c in more}
                if hops:
                    out.append(_Walked(ctx, self._hop_cues(hops, tokens, q_words, mention), results, last, more))
        return out

    def _read_graph(
        self, question: str, mentions: list[Mention], walked: list[_Walked], q: np.ndarray, prune: bool = True
    ) -> Retrieval:
        """Score the walked chains against the question, walk the promising 3-hop ones, and pick the
        answer set (no facts yet)."""
        cfg = self.config
        scored: list[ScoredPath] = []
        linked_nodes = {n for m in mentions for n in m.nodes}
        # Longest chains whose best possible score trails the best shorter one are not walked: they
        # cannot lead. With two strong entities, those every hop of which the question names still
        # are, since they may join the other entity's chains (see ``_answer_set``).
        joins = sum(m.score >= STRONG_MENTION for m in mentions) >= 2
        pruned = False
        for w in walked:
            shorter = self._score(w.shorter, w.ctx, w.cues, q, linked_nodes)
            scored += shorter
            if w.longer:
                keep = None
                if prune and cfg.prune_margin is not None and shorter:
                    floor = max(p.score for p in shorter) - cfg.prune_margin
                    bounds = self._bounds(w.longer, w.ctx, w.cues, q)
                    may_join = joins and w.ctx.mention.score >= STRONG_MENTION
                    keep = [
                        c
                        for c, bound in zip(w.longer, bounds, strict=True)
                        if bound >= floor or (may_join and self._wording(c, w.ctx, w.cues)["hop_cover"] == 1.0)
                    ]
                    pruned = pruned or len(keep) < len(w.longer)
                scored += self._score(extend(self.hoods, w.last, only=keep), w.ctx, w.cues, q, linked_nodes)
        scored.sort(key=lambda p: -p.score)
        top = scored[0] if scored else None
        ranked, evidence, joint_gap = self._answer_set(scored)
        if pruned and scored and scored[0] is not top:
            # A join won: its lead chain may score below the best single chain, so a chain pruned
            # against that one could be its runner-up. Rare; read the graph again without pruning.
            return self._read_graph(question, mentions, walked, q, prune=False)
        return Retrieval(question, mentions, scored, ranked, evidence, [], 0.0, joint_gap=joint_gap)

    def _answer_set(
        self, scored: list[ScoredPath]
    ) -> tuple[list[tuple[Node, float]], dict[Node, tuple[Triple, ...]], float]:
        """The best chain's end nodes; or, when two entities' chains meet, their intersection. Also
        how far the best join and the best single chain lay apart (inf when none could join)."""
        cfg = self.config
        gap = float("inf")
        if not scored or scored[0].score < cfg.min_path_score:
            return [], {}, gap
        best = scored[0]
        chosen: list[ScoredPath] = [best]
        # Two entities named with content words, each with a chain the question fully names, whose
        # answer sets meet: the question constrains both ("films directed by X starring Y").
        strong = [p for p in scored[:200] if p.lexical == 1.0 and p.mention.score >= STRONG_MENTION]
        by_mention: dict[Mention, list[ScoredPath]] = {}
        for p in strong:
            by_mention.setdefault(p.mention, []).append(p)
        if len(by_mention) >= 2:
            (m1, first), (m2, second) = list(by_mention.items())[:2]
            pairs = []
            for a in first[:10]:
                for b in second[:10]:
                    common = set(a.answers) & set(b.answers)
                    if common and len(common) < max(len(a.answers), len(b.answers)):
                        fa, fb = a.features["question_cover"], b.features["question_cover"]
                        union = min(1.0, fa + fb)  # each chain names its own part of the question
                        joint = (a.score + b.score) / 2 + cfg.question_cover_weight * (union - (fa + fb) / 2)
                        pairs.append((joint + cfg.joint_bonus, a, b))
            if pairs:
                joint, a, b = max(pairs, key=lambda x: x[0])
                gap = abs(joint - best.score)
                if joint > best.score:
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
        ranked = [(n, best.score) for n in best.answers if n in keep][: cfg.max_answers]
        if chosen[0] is not scored[0]:
            scored.remove(best)
            scored.insert(0, best)
        return ranked, evidence, gap

    def _context(
        self,
        answers: list[tuple[Node, float]],
        evidence: dict[Node, tuple[Triple, ...]],
        q_full: np.ndarray,
        mentions: list[Mention],
    ) -> list[tuple[Triple, float]]:
        """Facts for the reader: chains to the answers first, then the most similar nearby facts."""
        cfg = self.config
        out: dict[Triple, float] = {}
        for node, score in answers:
            for triple in evidence.get(node, ()):
                if len(out) >= cfg.max_facts:
                    break
                out.setdefault(triple, score)
        if len(out) < cfg.max_facts:
            near: list[Triple] = []
            for m in mentions[:2]:
                for node in m.nodes[:2]:
                    near += [t for _, _, t in self.hoods.all_edges(node, cap=2000)]
            if near:
                near = list(dict.fromkeys(near))
                sims = self.index.scores(q_full, [triple_key(t) for t in near])
                for j in np.argsort(-sims):
                    if len(out) >= cfg.max_facts:
                        break
                    out.setdefault(near[int(j)], float(sims[int(j)]))
            elif not mentions:
                for key, sim in self.index.search(q_full, cfg.max_facts):
                    if sim >= cfg.min_dense_score:
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
                near += [t for _, _, t in self.hoods.all_edges(node, cap=5000)]
        near = list(dict.fromkeys(near))
        if not near:
            return mentions, [(parse_key(key), s) for key, s in self.index.search(q, k)]
        sims = self.index.scores(q, [triple_key(t) for t in near])
        order = np.argsort(-sims)[:k]
        return mentions, [(near[int(j)], float(sims[int(j)])) for j in order]


#: Words that join a noun to the clause that restates it ("the director *that* directed X").
RELATIVE_WORDS = frozenset(["that", "who", "which", "whom", "whose"])


def _namings(tokens: list[str], positions: list[int], words: frozenset[str]) -> int:
    """How many times the question names a relation: its words at the given positions, where a word
    next to another naming one, or joined to it by a relative pronoun, restates it ("the director
    that directed X", "which screenwriter wrote X": once each)."""
    named = [i for i in positions if tokens[i] not in STOPWORDS and any(same_word(tokens[i], x) for x in words)]
    n = 0
    for k, i in enumerate(named):
        if k and all(tokens[j] in RELATIVE_WORDS for j in range(named[k - 1] + 1, i)):
            continue
        n += 1
    return n


def parse_key(key: str) -> Triple:
    """Inverse of ``triple_key``: N-Triples terms back to rdflib terms."""
    from rdflib.util import from_n3

    parts = _split_n3(key)
    return tuple(from_n3(p) for p in parts)  # type: ignore[return-value]


def _split_n3(key: str) -> list[str]:
    s, rest = key.split(" ", 1)
    p, o = rest.split(" ", 1)
    return [s, p, o]
