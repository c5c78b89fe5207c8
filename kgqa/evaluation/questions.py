"""Question files: ``question<TAB>answer1|answer2`` lines, as MetaQA and PathQuestion ship them, with
an optional third column naming the question's shape (``count``, ``yesno``, ...)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from ..errors import KgqaError, PackError


@dataclass(frozen=True)
class Question:
    """A question with its gold answers (any one is right for Hits@1) and, if known, its shape."""

    text: str
    gold: tuple[str, ...]
    shape: str = ""


def load_questions(path: Path, hints: bool = False, limit: int | None = None, seed: int = 0) -> list[Question]:
    """Read ``question<TAB>a1|a2[<TAB>shape]`` lines (``#`` starts a comment line); sample ``limit`` of
    them deterministically under ``seed``. MetaQA's ``[topic entity]`` brackets are removed unless
    ``hints`` is set, so the system links entities itself as it must for real users."""
    if not path.exists():
        raise PackError(f"no question file at {path}")
    out = []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data.count(b"\n", 0, e.start) + 1
        raise KgqaError(f"{path}:{bad}: not UTF-8 text") from e
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if "\t" not in line:
            raise KgqaError(f"{path}:{lineno}: expected 'question<TAB>answer|answer'")
        q, gold, *rest = line.split("\t")
        if not hints:
            q = q.replace("[", "").replace("]", "")
        shape = rest[0].strip() if rest else ""
        out.append(Question(" ".join(q.split()), tuple(g.strip() for g in gold.split("|") if g.strip()), shape))
    if limit is not None and limit < len(out):
        out = random.Random(seed).sample(out, limit)
    return out


__all__ = ["Question", "load_questions"]
