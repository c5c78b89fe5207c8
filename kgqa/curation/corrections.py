"""Corrections remembered with their questions: asked again, or in close paraphrase, a question a
curator corrected is answered by the facts of the correction."""

from __future__ import annotations

import numpy as np

from ..knowledge.changes import Change, ChangeLog
from ..representation.embedders.base import Embedder
from ..text import normalize


class Corrections:
    """The corrections in force, read from the change log once (and again after ``forget``)."""

    def __init__(self, log: ChangeLog, embedder: Embedder, similarity: float = 0.92) -> None:
        self.log = log
        self.embedder = embedder
        self.similarity = similarity
        self._changes: list[Change] | None = None
        self._vectors: dict[str, np.ndarray] = {}

    def forget(self) -> None:
        """Drop what was read: the log changed."""
        self._changes = None
        self._vectors = {}

    def find(self, question: str) -> Change | None:
        """The latest correction recorded for this question, or else for the closest paraphrase of it
        (cosine at least ``similarity``)."""
        if self._changes is None:
            self._changes = [c for c in self.log.effective() if c.action == "correct" and c.question]
        changes = self._changes
        if not changes:
            return None
        key = normalize(question)
        for c in reversed(changes):
            if normalize(c.question) == key:
                return c
        missing = [c for c in changes if c.id not in self._vectors]
        if missing:
            for c, v in zip(missing, self.embedder.embed([c.question for c in missing]), strict=True):
                self._vectors[c.id] = v
        (q,) = self.embedder.embed([question])
        best = max(reversed(changes), key=lambda c: float(self._vectors[c.id] @ q))
        return best if float(self._vectors[best.id] @ q) >= self.similarity else None


__all__ = ["Corrections"]
