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


__all__ = ["hits_at_1", "norm_answer", "recall_in_facts", "set_prf"]
