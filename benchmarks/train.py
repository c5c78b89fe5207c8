"""Expert blending by training: Hits@1 of kgqa zero-shot, with learned cue words, and with the chain
matcher fine-tuned (alpha = 0, plain fine-tuning) or distilled (alpha > 0) on answered questions and
questions synthesised from the graph (with the glosses of relations' nouns, and, row "names", from their
names alone); plus training time and peak memory. Prints one table per domain.

MetaQA: 200 dev questions per hop (seed 0) are evaluated; training uses up to ``--answered`` other dev
questions per hop. PathQuestion-Large (a second domain, Freebase relations): 80% of each file trains,
the other 20% is evaluated.

    python benchmarks/train.py [--answered 1000] [--curve 0 50 200 1000] [--alpha 0.5] [--skip-pql]
                               [--pql-parts 2H,3H] [--rows names,synthesised,answered,cues]
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

from kgqa import KnowledgeBase, Settings  # noqa: E402
from kgqa.evaluation.harness import _run, open_kb  # noqa: E402
from kgqa.evaluation.questions import Question, load_questions  # noqa: E402
from kgqa.evaluation.systems import make_systems  # noqa: E402
from kgqa.training import trainer  # noqa: E402
from kgqa.training.matcher import train_matcher  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"


def hits(kb: KnowledgeBase, questions: list[Question]) -> float:
    runs, _ = _run(make_systems(["kgqa"], kb, 8), questions, "never")
    return float(runs["kgqa"].summary()["hits_at_1"])


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def domain(
    name: str,
    kb_path: Path,
    tests: dict[str, list[Question]],
    pools: dict[str, list[Question]],
    answered: int,
    alpha: float,
    curve: list[int],
    scratch: Path,
    with_synthesised: bool,
    rows_wanted: set[str],
) -> None:
    settings = Settings().replace(reader="none", progress="never", alpha=alpha)
    kb = open_kb(kb_path, settings)
    rows: list[tuple[str, dict[str, float], str]] = []

    def row(label: str, note: str = "") -> None:
        rows.append((label, {h: hits(kb, qs) for h, qs in tests.items()}, note))
        print(f"  {label}: {rows[-1][1]} {note}", flush=True)

    def pairs(n: int) -> list[tuple[str, tuple[str, ...]]]:
        return [(q.text, q.gold) for qs in pools.values() for q in random.Random(1).sample(qs, min(n, len(qs)))]

    print(f"== {name}", flush=True)
    row("zero-shot")

    def trained(n: int, synthesised: bool, alphas: list[float], tag: str, glosses: bool = True) -> None:
        t0 = time.perf_counter()
        kb.settings = settings if glosses else settings.replace(gloss_reader="none")
        made = trainer.training_examples(kb, pairs(n), corrections=False, synthesised=synthesised)
        kb.settings = settings
        prepared = time.perf_counter() - t0
        for a in alphas:
            cfg = dataclasses.replace(settings.training, alpha=a)
            t1 = time.perf_counter()
            target = scratch / f"{name}-{tag}-{a}"
            report = train_matcher(made.examples, settings.backends.embedder, target, cfg, "never", made.kinds)
            kb.use_matcher(report.path)
            spent = prepared + time.perf_counter() - t1
            acc = report.after if report.after is not None else float("nan")
            note = (f"{len(made.examples)} examples from {made.pairs} answered + {made.synthesised} synthesised; "
                    f"{spent / 60:.1f} min; peak RSS {rss_mb():.0f} MB; held-out chain top-1 {acc:.3f}")  # fmt: skip
            row(f"{tag}, alpha {a}", note)
            kb.use_matcher(None)

    if "names" in rows_wanted:  # the relations' names alone: what their glosses add
        trained(0, True, [0.0], "synthesised only, names without glosses", glosses=False)
    if "synthesised" in rows_wanted:
        trained(0, True, list(dict.fromkeys([0.0, alpha])), "synthesised only")
    plus = " + synthesised" if with_synthesised else ""
    for n in curve:
        if n:
            trained(n, with_synthesised, [alpha], f"{n}/hop answered{plus}")
    if "answered" in rows_wanted:
        trained(answered, with_synthesised, list(dict.fromkeys([0.0, alpha])), f"{answered}/hop answered{plus}")
    if "cues" not in rows_wanted:
        _table(name, tests, rows)
        return
    t0 = time.perf_counter()
    learned = kb.learn(pairs(answered))
    kb.use_cues(learned.cues)
    row("cue words", f"{len(learned.cues)} cues from {learned.usable} usable; {time.perf_counter() - t0:.0f} s")
    made = trainer.training_examples(kb, pairs(answered), corrections=False, synthesised=with_synthesised)
    report = train_matcher(
        made.examples,
        settings.backends.embedder,
        scratch / f"{name}-cues",
        dataclasses.replace(settings.training, alpha=0.0),  # plain fine-tuning: the better one above
        "never",
        made.kinds,
    )
    kb.use_matcher(report.path)
    row(f"cue words + {answered}/hop answered{plus}, alpha 0")
    _table(name, tests, rows)


def _table(name: str, tests: dict[str, list[Question]], rows: list[tuple[str, dict[str, float], str]]) -> None:
    print(f"\n| {name} | " + " | ".join(tests) + " | notes |")
    print("|---|" + "---|" * len(tests) + "---|")
    for label, h, note in rows:
        print(f"| {label} | " + " | ".join(f"{h[k]:.3f}" for k in tests) + f" | {note} |")
    print(flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--answered", type=int, default=1000, help="answered training questions per hop")
    ap.add_argument("--curve", type=int, nargs="*", default=[], help="also train on these many per hop")
    ap.add_argument("--alpha", type=float, default=0.5)
    ap.add_argument("--limit", type=int, default=200, help="MetaQA questions evaluated per hop")
    ap.add_argument("--skip-metaqa", action="store_true")
    ap.add_argument("--skip-pql", action="store_true")
    ap.add_argument("--pql-parts", default="2H,3H", help="which PathQuestion-Large files to run")
    ap.add_argument("--rows", default="names,synthesised,answered,cues", help="which trained rows to run")
    ap.add_argument("--with-synthesised", action="store_true", help="answered rows train on synthesised ones too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kgqa-train-") as tmp:
        scratch = Path(tmp)
        if not args.skip_metaqa:
            mq = BENCH / "metaqa"
            tests, pools = {}, {}
            for h in (1, 2, 3):
                path = mq / f"{h}-hop" / "qa_dev.txt"
                tests[f"{h}-hop"] = load_questions(path, limit=args.limit, seed=0)
                held = {q.text for q in tests[f"{h}-hop"]}
                pools[f"{h}-hop"] = [q for q in load_questions(path) if q.text not in held]
            domain("MetaQA", mq / "kb.txt.gz", tests, pools, args.answered, args.alpha, args.curve, scratch,
                   args.with_synthesised, set(args.rows.split(",")))  # fmt: skip
        if not args.skip_pql:
            pq = BENCH / "pathquestion-large"
            for part in args.pql_parts.split(","):
                questions = load_questions(pq / part / "qa_dev.txt")
                random.Random(0).shuffle(questions)
                cut = int(len(questions) * 0.8)
                domain(f"PQL-{part}", pq / part / "kb.txt", {part: questions[cut:]}, {part: questions[:cut]},
                       args.answered, args.alpha, args.curve, scratch, args.with_synthesised,
                       set(args.rows.split(",")))  # fmt: skip


if __name__ == "__main__":
    main()
