"""Abstention: does kgqa say "not in the knowledge graph" exactly when the graph cannot answer?

Runs the questions of ``benchmarks/unanswerable/`` (over the movies pack, the solar pack and, when
``../shared/bench`` is there, the MetaQA KB): questions the graph cannot answer (a relation it does
not have, or an entity it does not have) mixed with ones it can. Prints, per source and overall:

- abstention precision: of the questions kgqa abstained on, the share it could not have answered;
- abstention recall: of the questions it could not have answered, the share it abstained on;
- Hits@1 on the answerable ones, and the share of them it abstained on;
- confidently wrong: answers to unanswerable questions given with a confidence of 0.8 or more.

Over the MetaQA KB, cue words are first learned from MetaQA's dev questions (none of them a question
here), as ``kgqa eval --learn`` does; ``--zero-shot`` skips that. The packs are read as they are.

Targets: precision >= 0.95, recall >= 0.90, Hits@1 on answerable MetaQA not lower than without
abstention by more than 0.5 points.

    python benchmarks/abstention.py [--sources movies,solar,metaqa] [--reader none] [--show] [--zero-shot]
        [--off reader_answers_alone reader_vouches]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from kgqa import KnowledgeBase, Settings
from kgqa.evaluation.harness import open_kb
from kgqa.evaluation.questions import load_questions
from kgqa.metrics import hits_at_1

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "unanswerable"
METAQA = ROOT.parent / "shared" / "bench" / "metaqa" / "kb.txt.gz"
SOURCES = {"movies": ROOT / "knowledge" / "movies", "solar": ROOT / "knowledge" / "solar", "metaqa": METAQA}


def questions(name: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(question, gold, kind): kind is "answerable", "missing-relation" or "missing-entity"."""
    out = []
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        gold = tuple(g for g in parts[1].split("|") if g)
        out.append((parts[0], gold, parts[3] if parts[2] == "unanswerable" else "answerable"))
    return out


def learn_cues(kb: KnowledgeBase, held_out: set[str], limit: int = 1000) -> int:
    """Over the MetaQA KB, learn cue words from its dev questions (as ``kgqa eval --learn`` does),
    none of them a question of this benchmark. Returns how many cues were learned."""
    examples: list[tuple[str, tuple[str, ...]]] = []
    for hop in (1, 2, 3):
        pool = [q for q in load_questions(METAQA.parent / f"{hop}-hop" / "qa_dev.txt") if q.text not in held_out]
        examples += [(q.text, q.gold) for q in random.Random(1).sample(pool, min(limit, len(pool)))]
    learned = kb.learn(examples)
    kb.use_cues(learned.cues)
    return len(learned.cues)


def run(name: str, kb: KnowledgeBase, show: bool) -> list[dict[str, object]]:
    rows = []
    for question, gold, kind in questions(name):
        t = time.perf_counter()
        a = kb.ask(question)
        seconds = time.perf_counter() - t
        top = a.entities[0].label if a.entities else a.text
        row = {"kind": kind, "abstained": a.abstained, "confidence": a.confidence, "seconds": seconds}
        row["hit"] = kind == "answerable" and not a.abstained and bool(hits_at_1(top, gold))
        rows.append(row)
        wrong = (kind == "answerable") == a.abstained
        if show and wrong:
            print(f"  [{kind}] {question} | gold {'|'.join(gold)} | got {a.text[:60]!r} ({a.confidence:.2f})")
    return rows


def report(title: str, rows: list[dict[str, object]]) -> None:
    unanswerable = [r for r in rows if r["kind"] != "answerable"]
    answerable = [r for r in rows if r["kind"] == "answerable"]
    abstained = [r for r in rows if r["abstained"]]
    right = [r for r in abstained if r["kind"] != "answerable"]
    precision = len(right) / len(abstained) if abstained else float("nan")
    recall = len(right) / len(unanswerable) if unanswerable else float("nan")
    hits = np.mean([r["hit"] for r in answerable]) if answerable else float("nan")
    over = np.mean([r["abstained"] for r in answerable]) if answerable else float("nan")
    sure = len([r for r in unanswerable if not r["abstained"] and float(str(r["confidence"])) >= 0.8])
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for r in unanswerable:
        by_kind[str(r["kind"])].append(bool(r["abstained"]))
    kinds = ", ".join(f"{k} {np.mean(v):.2f}" for k, v in sorted(by_kind.items()))
    p50 = np.percentile([float(r["seconds"]) for r in rows], 50) * 1000  # type: ignore[arg-type]
    print(
        f"{title:8} n {len(rows):4d}  abstention precision {precision:.3f}  recall {recall:.3f} ({kinds})  "
        f"answerable Hits@1 {hits:.3f}, abstained on {over:.3f}  confidently wrong {sure}  p50 {p50:.1f} ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", default="movies,solar,metaqa")
    ap.add_argument("--reader", default="none", help="reader for questions the graph is unsure of")
    ap.add_argument("--show", action="store_true", help="print the questions it gets wrong")
    ap.add_argument("--zero-shot", action="store_true", help="over MetaQA too, learn no cue words first")
    ap.add_argument("--off", nargs="*", default=[], help="reading switches to turn off (e.g. reader_answers_alone)")
    args = ap.parse_args()
    settings = Settings().replace(reader=args.reader, progress="never", **dict.fromkeys(args.off, False))
    everything: list[dict[str, object]] = []
    for name in args.sources.split(","):
        if not SOURCES[name].exists():
            print(f"{name}: {SOURCES[name]} is not here, skipped")
            continue
        kb = open_kb(SOURCES[name], settings)
        if name == "metaqa" and not args.zero_shot:
            print(
                f"metaqa: learned {learn_cues(kb, {q for q, _, _ in questions(name)})} cue words from its dev questions"
            )
        rows = run(name, kb, args.show)
        report(name, rows)
        everything += rows
    report("all", everything)


if __name__ == "__main__":
    main()
