"""Retrieval: from a question to ranked candidate answers and the facts that support them.

1. link the entities the question names (``linking``);
2. walk relation paths of 1..3 hops out of each (``paths``);
3. score each relation chain against the question, with the entity mention masked out: cosine of
   the embedded chain ("directed by → in language") plus a small prior for shorter chains and for
   stronger mentions;
4. the best chain's end nodes are the answer set; two entities whose chains meet are intersected;
5. the facts on the chains, topped up with the linked entities' most similar 1-hop facts, form the
   reader's context within a budget. With nothing linked, a global dense search stands in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from rdflib.term import Node

from .embeddings import Embedder
from .facts import Labels, triple_key
from .graph.base import GraphStore, Triple
from .index import FactIndex
from .linking import EntityLinker, Mention, normalize
from .paths import Neighbourhoods, PathResult, walk


@dataclass
class ScoredPath:
    """A relation chain from a linked entity, with its score and answer set."""

    result: PathResult
    score: float
    mention: Mention
    answers: list[Node]


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

    @property
    def best(self) -> ScoredPath | None:
        return self.paths[0] if self.paths else None


@dataclass
class RetrievalConfig:
    """Knobs of retrieval (tuned on development data only)."""

    max_hops: int = 3
    hop_penalty: float = 0.04
    mention_weight: float = 0.10
    max_facts: int = 8
    min_path_score: float = 0.30
    min_dense_score: float = 0.45
    max_answers: int = 50


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
        self._path_vectors: dict[str, np.ndarray] = {}

    def _embed_texts(self, texts: list[str]) -> list[np.ndarray]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._path_vectors]
        if missing:
            for text, vec in zip(missing, self.embedder.embed(missing), strict=True):
                self._path_vectors[text] = vec
        return [self._path_vectors[t] for t in texts]

    def retrieve(self, question: str) -> Retrieval:
        cfg = self.config
        t0 = time.perf_counter()
        mentions = self.linker.link(question)
        tokens = normalize(question).split()
        masked = " ".join(t for i, t in enumerate(tokens) if not any(m.start <= i < m.end for m in mentions[:2]))
        q_full, q_masked = self.embedder.embed([question, masked or question])
        t1 = time.perf_counter()

        top_mention = max((m.score for m in mentions), default=1.0)
        scored: list[ScoredPath] = []
        linked_nodes = {n for m in mentions for n in m.nodes}
        for mention in mentions:
            for node in mention.nodes[:3]:
                results = walk(self.hoods, node, max_hops=cfg.max_hops)
                texts = [r.describe(self.labels) for r in results]
                vectors = self._embed_texts(texts)
                for r, vec in zip(results, vectors, strict=True):
                    answers = [n for n in r.ends if n not in linked_nodes]
                    if not answers:
                        continue
                    score = (
                        float(vec @ q_masked)
                        - cfg.hop_penalty * (len(r.relations) - 1)
                        + cfg.mention_weight * (mention.score / top_mention)
                    )
                    scored.append(ScoredPath(r, score, mention, answers))
        scored.sort(key=lambda p: -p.score)
        t2 = time.perf_counter()

        answers, evidence = self._answer_set(scored)
        facts = self._context(answers, evidence, q_full, mentions, scored)
        best = scored[0].score if scored else 0.0
        confidence = float(np.clip((best - cfg.min_path_score) / 0.4 + 0.5, 0.0, 1.0)) if answers else 0.0
        t3 = time.perf_counter()
        return Retrieval(
            question=question,
            mentions=mentions,
            paths=scored,
            answers=answers,
            evidence=evidence,
            facts=facts,
            confidence=confidence,
            timings={"link": t1 - t0, "paths": t2 - t1, "rank": t3 - t2},
        )

    def _answer_set(self, scored: list[ScoredPath]) -> tuple[list[tuple[Node, float]], dict[Node, tuple[Triple, ...]]]:
        """The best chain's end nodes; or, when two entities' chains meet, their intersection."""
        cfg = self.config
        if not scored or scored[0].score < cfg.min_path_score:
            return [], {}
        best = scored[0]
        chosen: list[ScoredPath] = [best]
        # Two different mentions whose good chains share end nodes: the question constrains both.
        others = [p for p in scored[:40] if p.mention != best.mention and p.score >= best.score - 0.15]
        for other in others:
            common = set(best.answers) & set(other.answers)
            if common and len(common) < len(best.answers):
                chosen = [best, other]
                break
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
        return ranked, evidence

    def _context(
        self,
        answers: list[tuple[Node, float]],
        evidence: dict[Node, tuple[Triple, ...]],
        q_full: np.ndarray,
        mentions: list[Mention],
        scored: list[ScoredPath],
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
        return list(out.items())

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


def parse_key(key: str) -> Triple:
    """Inverse of ``triple_key``: N-Triples terms back to rdflib terms."""
    from rdflib.util import from_n3

    parts = _split_n3(key)
    return tuple(from_n3(p) for p in parts)  # type: ignore[return-value]


def _split_n3(key: str) -> list[str]:
    s, rest = key.split(" ", 1)
    p, o = rest.split(" ", 1)
    return [s, p, o]
