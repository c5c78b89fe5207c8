"""Summaries (``SummaryPrograms._summary``): an entity's facts, its classes and one group per
relation, when the question names no relation of it. "Tell me about X", "What is the movie X?".
"""

from __future__ import annotations

from rdflib import RDF
from rdflib.term import Node

from ...knowledge.terms import Triple
from ...text import STOPWORDS, WH_WORDS
from ..answer import Step
from ..coverage import FILLER
from ..linking import Mention
from ..retrieval import Retrieval
from ..shapes import AUXILIARIES, Shape
from .base import ComposerBase, Outcome


class SummaryPrograms(ComposerBase):
    """Entity summaries."""

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


def _content(tokens: list[str]) -> list[str]:
    return [
        t
        for t in tokens
        if t not in STOPWORDS and t not in WH_WORDS and t not in AUXILIARIES and t not in FILLER and len(t) > 1
    ]


def _join(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
