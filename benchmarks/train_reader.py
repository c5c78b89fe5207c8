"""Hybrid fine-tuning of the reader: Hits@1 on held-out MetaQA dev questions with the reader asked
every time (``read="always"``) and in the KAPING-style baseline, untuned against tuned with a LoRA
adapter (``KnowledgeBase.tune_reader``) on other dev questions of the same hop; plus tuning time and
peak memory. Everything in one run, on one machine.

A tuned reader vouches for a reading no word of the question names (``ReadingSettings.reader_vouches``);
the last row turns that off, to show what the vouching brings apart from the reader's choices.

    python benchmarks/train_reader.py [--hop 1] [--limit 200] [--answered 500] [--keep DIR | --tuned DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kgqa import Settings  # noqa: E402
from kgqa.evaluation.harness import _run, open_kb  # noqa: E402
from kgqa.evaluation.questions import load_questions  # noqa: E402
from kgqa.evaluation.systems import make_systems  # noqa: E402
from kgqa.training.reader import REPORT, ReaderReport  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hop", type=int, default=1)
    ap.add_argument("--limit", type=int, default=200, help="questions evaluated (seed 0)")
    ap.add_argument("--answered", type=int, default=500, help="other dev questions to tune on")
    ap.add_argument("--reader", default="gemma3-270m")
    ap.add_argument("--keep", help="keep the tuned reader in this folder (for benchmarks/abstention.py --reader)")
    ap.add_argument("--tuned", help="measure this reader tuned earlier (a --keep folder's reader) instead of tuning")
    args = ap.parse_args()
    path = BENCH / "metaqa" / f"{args.hop}-hop" / "qa_dev.txt"
    tests = load_questions(path, limit=args.limit, seed=0)
    held = {q.text for q in tests}
    pool = [q for q in load_questions(path) if q.text not in held]
    pairs = [(q.text, q.gold) for q in random.Random(1).sample(pool, min(args.answered, len(pool)))]
    kb = open_kb(BENCH / "metaqa" / "kb.txt.gz", Settings().replace(reader=args.reader, read="always",
                                                                   progress="never"))  # fmt: skip

    def measure(label: str) -> dict[str, float]:
        runs, _ = _run(make_systems(["kgqa", "kaping"], kb, 8), tests, "never")
        out = {name: float(run.summary()["hits_at_1"]) for name, run in runs.items()}
        print(f"  {label}: {out}", flush=True)
        return out

    print(f"== MetaQA {args.hop}-hop dev, {len(tests)} held-out questions, read='always', reader {args.reader}")
    before = measure("untuned")
    with tempfile.TemporaryDirectory(prefix="kgqa-reader-") as tmp:
        t0 = time.perf_counter()
        if args.tuned:
            recalled = ReaderReport.recall(Path(args.tuned))
            if recalled is None:
                sys.exit(f"{args.tuned} holds no reader tuned by kgqa (no {REPORT})")
            report = recalled
        else:
            report = kb.tune_reader(pairs, synthesised=False, target=Path(args.keep or tmp) / "reader")
        spent = report.seconds if args.tuned else time.perf_counter() - t0
        kb.use_reader(str(report.path))
        t1 = time.perf_counter()
        after = measure("tuned")
        export = time.perf_counter() - t1
        vouching = kb.answerer.settings
        kb.answerer.settings = dataclasses.replace(vouching, reader_vouches=False)
        silent = measure("tuned, never vouching")
        kb.answerer.settings = vouching
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n| reader | kgqa read=always Hits@1 | KAPING Hits@1 |\n|---|---|---|")
    print(f"| {args.reader} untuned | {before['kgqa']:.3f} | {before['kaping']:.3f} |")
    rank = kb.settings.training.lora_rank
    print(f"| {args.reader} + LoRA (rank {rank}) | {after['kgqa']:.3f} | {after['kaping']:.3f} |")
    print(f"| {args.reader} + LoRA, never vouching for a reading no word names | {silent['kgqa']:.3f} | |")
    print(
        f"\ntuned on {report.examples} examples ({report.abstaining} 'not in the knowledge graph', "
        f"{report.negatives} of them without their answers' facts), {spent / 60:.1f} min with the examples; "
        f"evaluating the tuned reader (with its ONNX export) {export / 60:.1f} min; losses {report.losses}; "
        f"peak RSS {rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
