"""The systems an evaluation compares, all with the same reader and questions:

- ``kgqa``: the full pipeline (linking, relation paths, answer sets, reader when unsure);
- ``kaping``: the linked entity's 1-hop facts ranked by similarity, top-k into the reader's prompt
  (the KAPING recipe);
- ``no_knowledge``: the reader alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

from ..fusion.answer import ABSTAIN_TEXT
from ..fusion.readers.base import Reader, parse_answer
from ..kb import KnowledgeBase
from ..metrics import norm_answer


@dataclass
class Prediction:
    """What a system answered: its answers best first, the names in the facts it read, and timing."""

    answers: list[str]
    retrieved: list[str] | None
    abstained: bool
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    text: str = ""  # the answer in words ("yes", "5", names)
    confidence: float | None = None  # how sure the system says it is, if it says

    @property
    def top(self) -> str | None:
        return self.answers[0] if self.answers and not self.abstained else None


class System(Protocol):
    name: str

    def predict(self, question: str) -> Prediction: ...


class Kgqa:
    name = "kgqa"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def predict(self, question: str) -> Prediction:
        t = time.perf_counter()
        a = self.kb.ask(question)
        retrieved = [x for f in a.facts for x in (f.subject_label, f.object_label)]
        labels = [e.label for e in a.entities]
        return Prediction(labels, retrieved, a.abstained, time.perf_counter() - t, a.timings, a.text, a.confidence)


def _items(line: str) -> list[str]:
    text, _ = parse_answer(line)
    return [x.strip() for x in text.split(",") if x.strip()]


class Kaping:
    name = "kaping"

    def __init__(self, kb: KnowledgeBase, reader: Reader, k: int = 8) -> None:
        self.kb, self.reader, self.k = kb, reader, k

    def predict(self, question: str) -> Prediction:
        t = time.perf_counter()
        _, facts = self.kb.retriever.one_hop(question, k=self.k)
        items = _items(self.reader.read(question, [self.kb.labels.verbalize(tr) for tr, _ in facts]))
        retrieved = [self.kb.labels.label(n) for tr, _ in facts for n in (tr[0], tr[2])]
        abstained = norm_answer(", ".join(items)) == ABSTAIN_TEXT
        return Prediction(items, retrieved, abstained, time.perf_counter() - t, text=", ".join(items))


class NoKnowledge:
    name = "no_knowledge"

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def predict(self, question: str) -> Prediction:
        t = time.perf_counter()
        items = _items(self.reader.read(question, []))
        return Prediction(items, None, False, time.perf_counter() - t, text=", ".join(items))


SYSTEMS = ("kgqa", "kaping", "no_knowledge")


def make_systems(names: list[str] | tuple[str, ...], kb: KnowledgeBase, kaping_k: int = 8) -> list[System]:
    """The named systems over a knowledge base; those that need a reader are left out without one."""
    reader = kb.reader if any(n != "kgqa" for n in names) else None
    out: list[System] = []
    for name in names:
        if name == "kgqa":
            out.append(Kgqa(kb))
        elif reader is not None:
            out.append(Kaping(kb, reader, kaping_k) if name == "kaping" else NoKnowledge(reader))
    return out


__all__ = ["SYSTEMS", "Kaping", "Kgqa", "NoKnowledge", "Prediction", "System", "make_systems"]
