"""Compositional questions: accuracy per shape and the confidently-wrong rate, per source.

Runs the development set of ``benchmarks/compositional/`` (yes/no, counts, comparisons,
superlatives, constraints, intersections, summaries, with plain path questions as controls) over
the bundled movies pack, the solar pack and, when ``../shared/bench`` is there, the MetaQA KB, and
prints one table per source and one for all of them. An answer is right when it is exactly right
(``kgqa.metrics.answer_correct``: the word for yes/no and counts, the one entity for comparisons,
superlatives and summaries, the whole set for the others); it is "confidently wrong" when it is
wrong with a confidence of 0.8 or more. Targets: >= 0.90 per shape, confidently wrong <= 2%.

    python benchmarks/compositional.py [--sources movies,solar,metaqa] [--reader none] [--show-wrong]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from kgqa import KnowledgeBase, Settings
from kgqa.evaluation.harness import open_kb
from kgqa.evaluation.questions import load_questions
from kgqa.metrics import answer_correct

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "compositional"
METAQA = ROOT.parent / "shared" / "bench" / "metaqa" / "kb.txt.gz"
SOURCES = {"movies": ROOT / "knowledge" / "movies", "solar": ROOT / "knowledge" / "solar", "metaqa": METAQA}
CONFIDENT = 0.8


def run(name: str, kb: KnowledgeBase, show_wrong: bool) -> dict[str, list[tuple[bool, bool, float]]]:
    """(right, confidently wrong, seconds) per question, by shape."""
    out: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    for q in load_questions(DATA / f"{name}.tsv"):
        t = time.perf_counter()
        a = kb.ask(q.text)
        seconds = time.perf_counter() - t
        right = not a.abstained and answer_correct(a.text, [e.label for e in a.entities], q.gold, q.shape)
        wrong = not right and not a.abstained and a.confidence >= CONFIDENT
        out[q.shape].append((right, wrong, seconds))
        if show_wrong and not right:
            program = a.program.text if a.program else ""
            got = f"{a.text[:60]!r} ({a.confidence:.2f})"
            print(f"  [{q.shape}] {q.text} | gold {'|'.join(q.gold)} | got {got} {program[:120]}")
    return out


def table(title: str, results: dict[str, list[tuple[bool, bool, float]]]) -> None:
    print(f"\n{title}")
    print(f"{'shape':14} {'n':>4} {'accuracy':>9} {'conf. wrong':>12}")
    everything = [x for rows in results.values() for x in rows]
    for shape in sorted(results):
        rows = results[shape]
        print(f"{shape:14} {len(rows):4d} {np.mean([r for r, _, _ in rows]):9.3f} {sum(w for _, w, _ in rows):12d}")
    accuracy = np.mean([r for r, _, _ in everything])
    wrong = np.mean([w for _, w, _ in everything])
    latency = np.percentile([s for _, _, s in everything], [50, 95]) * 1000
    speed = f"answer p50 {latency[0]:.1f} ms, p95 {latency[1]:.1f} ms"
    print(f"{'all':14} {len(everything):4d} {accuracy:9.3f} {wrong:11.1%}   {speed}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", default="movies,solar,metaqa")
    ap.add_argument("--reader", default="none", help="reader for path questions the graph is unsure of")
    ap.add_argument("--show-wrong", action="store_true")
    args = ap.parse_args()
    settings = Settings().replace(reader=args.reader, progress="never")
    combined: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    for name in args.sources.split(","):
        path = SOURCES[name]
        if not path.exists():
            print(f"\n{name}: {path} is not here, skipped")
            continue
        kb = open_kb(path, settings)
        results = run(name, kb, args.show_wrong)
        table(f"== {name} ({sum(map(len, results.values()))} questions)", results)
        for shape, rows in results.items():
            combined[shape] += rows
    table("== all sources", combined)


if __name__ == "__main__":
    main()
