"""How answers are compared and scored: normalisation, Hits@1, set precision/recall/F1.

A leaf module (nothing from kgqa): training, evaluation and answering all use it."""

from __future__ import annotations

import re
import string

_PUNCT = re.compile(f"[{re.escape(string.punctuation)}]")


def norm_answer(text: str) -> str:
    """Case, whitespace and punctuation folded away: how answers are compared."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def hits_at_1(top: str | None, gold: tuple[str, ...] | list[str]) -> float:
    """1.0 when the top answer equals one of the gold answers (normalised), else 0.0."""
    if not top:
        return 0.0
    return float(norm_answer(top) in {norm_answer(g) for g in gold})


def set_prf(predicted: list[str], gold: tuple[str, ...] | list[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of a predicted answer set against the gold set (normalised)."""
    p = {norm_answer(x) for x in predicted if x.strip()}
    g = {norm_answer(x) for x in gold}
    if not p or not g:
        return 0.0, 0.0, 0.0
    tp = len(p & g)
    precision, recall = tp / len(p), tp / len(g)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def recall_in_facts(fact_texts: list[str], gold: tuple[str, ...] | list[str]) -> float:
    """1.0 when any gold answer names a node of the retrieved facts."""
    names = {norm_answer(t) for t in fact_texts}
    return float(any(norm_answer(g) in names for g in gold))


#: Question shapes whose gold answer is one word: yes/no, or a number.
_WORD_SHAPES = ("yesno", "count")


def answer_correct(text: str, labels: list[str], gold: tuple[str, ...] | list[str], shape: str) -> bool:
    """Whether an answer is right for a question of a shape (see ``kgqa.fusion.shapes``), exactly:

    - ``yesno`` and ``count`` (and a comparison asked as yes/no): the answer's text is the gold word;
    - ``comparison``, ``superlative`` and ``summary``: the one answer entity is the gold one;
    - sets (``constraint``, ``intersection``, ``path`` and questions of no shape): the answer's
      entities are the gold set, no more and no less.
    """
    wanted = {norm_answer(g) for g in gold}
    if shape in _WORD_SHAPES or (wanted and wanted <= {"yes", "no"}):
        return norm_answer(text) in wanted
    got = [norm_answer(x) for x in labels]
    if shape in ("comparison", "superlative", "summary"):
        return len(got) == 1 and got[0] in wanted
    return bool(got) and set(got) == wanted


__all__ = ["answer_correct", "hits_at_1", "norm_answer", "recall_in_facts", "set_prf"]
