"""Tune the relation-path scoring weights on development questions only (MetaQA dev by default).

For each question, retrieval's candidate chains and their features are computed once; then a grid
of weights is searched for the best Hits@1 of the top chain's answer set. Prints the best weights
and the accuracy per hop. Usage:

    python benchmarks/tune_paths.py [--per-hop 150] [--metaqa ../shared/bench/metaqa]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
from pathlib import Path
from typing import Any

from kgqa.evaluation.harness import open_kb
from kgqa.evaluation.questions import load_questions
from kgqa.fusion.scoring import chain_score
from kgqa.metrics import norm_answer
from kgqa.settings import RetrievalSettings, Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--metaqa", default=str(Path(__file__).resolve().parents[1] / "../shared/bench/metaqa"))
    ap.add_argument("--per-hop", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    root = Path(args.metaqa)
    kb = open_kb(root / "kb.txt.gz", Settings().replace(reader="none", progress="never"))
    data = []
    for hop in (1, 2, 3):
        for q in load_questions(root / f"{hop}-hop/qa_dev.txt", limit=args.per_hop, seed=args.seed):
            r = kb.retrieve(q.text)
            gold = {norm_answer(g) for g in q.gold}
            cands = [(p.features, any(norm_answer(kb.labels.label(n)) in gold for n in p.answers[:1])) for p in r.paths]
            data.append((hop, cands))
    grid: dict[str, list[Any]] = {
        "hop_penalty": [0.05, 0.1, 0.15, 0.2],
        "hop_cover_weight": [1.0, 1.5],
        "question_cover_weight": [1.0, 1.5],
        "repeat_weight": [0.2, 0.3],
        "size_weight": [0.06],
        "phrase_weight": [0.0, 0.1],
        "first_weight": [0.0, 0.1, 0.2, 0.4],
        "last_weight": [0.0, 0.1, 0.2, 0.4],
    }
    results = []
    for values in itertools.product(*grid.values()):
        cfg = dataclasses.replace(RetrievalSettings(), **dict(zip(grid, values, strict=True)))
        per_hop: dict[int, list[bool]] = {1: [], 2: [], 3: []}
        for hop, cands in data:
            best = max(cands, key=lambda c: chain_score(c[0], cfg), default=None)
            per_hop[hop].append(bool(best and best[1]))
        acc = {h: sum(v) / max(1, len(v)) for h, v in per_hop.items()}
        results.append((sum(acc.values()) / 3, acc, dict(zip(grid, values, strict=True))))
    results.sort(key=lambda x: -x[0])
    default = RetrievalSettings()
    for mean, acc, weights in results[:8]:
        print(f"mean {mean:.3f}  1-hop {acc[1]:.3f}  2-hop {acc[2]:.3f}  3-hop {acc[3]:.3f}  {weights}")
    for mean, acc, weights in results:
        if all(getattr(default, k) == v for k, v in weights.items()):
            print(f"current defaults: mean {mean:.3f}  {acc}")


if __name__ == "__main__":
    main()
