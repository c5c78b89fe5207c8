"""What ``ask`` returns: an answer that carries its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..representation.facts import Fact


@dataclass(frozen=True)
class Entity:
    """A graph node named in an answer or a question."""

    iri: str
    label: str
    rank: int = 0
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label, "rank": self.rank, "score": round(self.score, 4)}


@dataclass(frozen=True)
class ReasoningPath:
    """A chain entity → relation → entity … from a question's entity to an answer, with its facts."""

    relations: tuple[str, ...]
    steps: tuple[str, ...]
    facts: tuple[Fact, ...]
    score: float

    @property
    def text(self) -> str:
        return " ".join(self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "relations": list(self.relations),
            "text": self.text,
            "score": round(self.score, 4),
            "facts": [f.to_dict() for f in self.facts],
        }


@dataclass(frozen=True)
class Step:
    """One operation executed over the graph: ``op(args) = result``."""

    op: str  # find, class, relate, intersect, filter, count, argmax, argmin, compare, verify, isa, describe
    args: tuple[str, ...] = ()
    result: str = ""

    @property
    def text(self) -> str:
        return f"{self.op}({', '.join(self.args)})" + (f" = {self.result}" if self.result else "")

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "args": list(self.args), "result": self.result}


@dataclass(frozen=True)
class Program:
    """The reading of a question that was executed: its shape and the operations, in order, that a
    person can read and a program can check (``count(Steven Spielberg —directed→ ?) = 5``)."""

    shape: str  # path, yesno, count, comparison, superlative, constraint, intersection, summary
    steps: tuple[Step, ...] = ()
    #: the same reading as a SPARQL query over the pack (``fusion.sparql``), where it has one
    sparql: str = ""

    @property
    def text(self) -> str:
        return "; ".join(s.text for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        out = {"shape": self.shape, "text": self.text, "steps": [s.to_dict() for s in self.steps]}
        return out | ({"sparql": self.sparql} if self.sparql else {})


@dataclass(frozen=True)
class Answer:
    """An answer with the entities it names, the facts behind it and how it was reached.

    Attributes:
        question: the question as asked.
        text: the answer in words, or "not in the knowledge graph" when abstaining.
        entities: answer entities, best first (rank 1 is the top answer).
        facts: the numbered facts given to the reader, with scores and provenance.
        cited: numbers (1-based, into ``facts``) of the facts that support the answer.
        confidence: 0..1, how sure the graph and reader are.
        abstained: True when the knowledge graph does not support any answer.
        paths: reasoning paths from the question's entities to the answers.
        linked: entities the question was found to name.
        timings: seconds spent per stage (link, paths, rank, read, total).
        reader_output: the reader's raw answer line, for inspection.
        program: the operations executed over the graph to reach the answer (its shape and steps).
        uncovered: words of the question the executed reading does not account for (they lower
            the confidence).
        why: when abstaining, why the knowledge graph cannot answer ("no relation of the
            knowledge graph is named by 'budget'"); for an answer a tuned reader vouched for, why it
            is unsure.
    """

    question: str
    text: str
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    cited: tuple[int, ...] = ()
    confidence: float = 0.0
    abstained: bool = False
    paths: tuple[ReasoningPath, ...] = ()
    linked: tuple[Entity, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    reader_output: str = ""
    program: Program | None = None
    uncovered: tuple[str, ...] = ()
    why: str = ""

    @property
    def supporting_facts(self) -> tuple[Fact, ...]:
        return tuple(self.facts[i - 1] for i in self.cited if 0 < i <= len(self.facts))

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "facts": [f.to_dict() for f in self.facts],
            "cited": list(self.cited),
            "confidence": round(self.confidence, 4),
            "abstained": self.abstained,
            "paths": [p.to_dict() for p in self.paths],
            "linked": [e.to_dict() for e in self.linked],
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "reader_output": self.reader_output,
            "program": self.program.to_dict() if self.program else None,
            "uncovered": list(self.uncovered),
            "why": self.why,
        }


ABSTAIN_TEXT = "not in the knowledge graph"
