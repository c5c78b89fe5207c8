"""Speed and memory of the pipeline: index build vs raw embedding, retrieval and end-to-end latency.

Prints, for the bundled movies pack and for the MetaQA knowledge base (when ../shared/bench is there):
index build time and facts/s beside the embedder's raw sentences/s, retrieval p50/p95, end-to-end
p50/p95 (``ask``, with the reader unless ``--reader none``), and peak RSS. Targets on 2 cores:
retrieval p50 <= 10 ms at 128k facts, index build >= 90% of raw embedding throughput, end-to-end p50
<= 1 s; without the reader, answer p50 <= 30 ms and p95 <= 300 ms at 128k facts.

    python benchmarks/pipeline.py [--questions 200] [--ask 30] [--skip-metaqa] [--reader gemma3-270m]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import numpy as np

from kgqa import KnowledgeBase, Settings
from kgqa.evaluation.harness import open_kb
from kgqa.evaluation.questions import load_questions
from kgqa.representation.facts import iter_facts
from kgqa.representation.index import FactIndex

ROOT = Path(__file__).resolve().parents[1]
METAQA = ROOT.parent / "shared" / "bench" / "metaqa"
MOVIE_QUESTIONS = [
    "Who directed Alien?",
    "When was Jaws released?",
    "What movies did Ridley Scott direct?",
    "Who composed the music of Inception?",
    "Which films star Sigourney Weaver?",
    "What language is Parasite in?",
    "Where was the director of Jaws born?",
    "Who wrote the book that Blade Runner is based on?",
    "What awards did Parasite win?",
    "What genre is Rashomon?",
    "Who won the Academy Award for Best Actress?",
    "Who directed Avengers Endgame?",
]


def pct(xs: list[float]) -> str:
    return f"p50 {np.percentile(xs, 50) * 1000:7.1f} ms   p95 {np.percentile(xs, 95) * 1000:7.1f} ms"


def bench(name: str, kb: KnowledgeBase, questions: list[str], n_ask: int, build_sample: int | None) -> None:
    print(f"\n== {name}: {len(kb.index):,} facts, backend {kb.store.name}")
    triples = list(iter_facts(kb.store, kb.graph.schema))
    if build_sample:
        triples = triples[:build_sample]
    sentences = [kb.labels.verbalize(t) for t in triples]
    keys = [str(i) for i in range(len(sentences))]
    # Raw embedding and the index build alternate, twice, and the faster of each counts: on a shared
    # 2-core machine one measurement moves by 10-20% from run to run.
    raw_s, build_s = float("inf"), float("inf")
    for _ in range(2):
        t = time.perf_counter()
        kb.embedder.embed(sentences)
        raw_s = min(raw_s, time.perf_counter() - t)
        t = time.perf_counter()
        FactIndex.build(keys, sentences, kb.embedder, fingerprint="bench", progress="never")
        build_s = min(build_s, time.perf_counter() - t)
    raw = len(sentences) / raw_s
    built = len(sentences) / build_s
    print(
        f"index build     {build_s:7.1f} s for {len(sentences):,} facts (best of 2): {built:,.0f} facts/s; "
        f"raw embedder {raw:,.0f} sentences/s ({100 * built / raw:.0f}% of raw)"
    )
    for q in questions[:5]:
        kb.retrieve(q)  # warm caches
    times: list[float] = []
    stages: dict[str, list[float]] = {}
    exact = 0
    for q in questions:
        t = time.perf_counter()
        r = kb.retrieve(q)
        times.append(time.perf_counter() - t)
        exact += r.exact_query
        for k, v in r.timings.items():
            stages.setdefault(k, []).append(v)
    print(f"retrieval       {pct(times)}   over {len(times)} questions")
    parts = ", ".join(f"{k} {np.percentile(v, 50) * 1000:.1f}" for k, v in stages.items())
    print(f"  stage p50 ms  {parts}; exact question vector on {100 * exact / len(questions):.0f}% of questions")
    if n_ask:  # the whole answer: composed readings, a nested superlative's second reading, the reader
        kb.ask(questions[0])
        times = []
        for q in questions[:n_ask]:
            t = time.perf_counter()
            kb.ask(q)
            times.append(time.perf_counter() - t)
        print(f"answer (ask)    {pct(times)}   over {len(times)} questions (reader {kb.settings.backends.reader})")
    print(f"peak RSS        {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--ask", type=int, default=30)
    ap.add_argument("--reader", default="gemma3-270m")
    ap.add_argument("--build-sample", type=int, default=None, help="embed only this many facts for the build figure")
    ap.add_argument("--skip-metaqa", action="store_true")
    ap.add_argument("--matcher", type=Path, default=None, help="a trained chain matcher's folder to use on MetaQA")
    args = ap.parse_args()
    settings = Settings().replace(reader=args.reader, progress="never")
    kb = KnowledgeBase.open(ROOT / "knowledge" / "movies", settings)
    bench("movies", kb, MOVIE_QUESTIONS * (args.questions // len(MOVIE_QUESTIONS) + 1), args.ask, None)
    if args.skip_metaqa or not METAQA.exists():
        return
    settings = Settings().replace(reader=args.reader, progress="never")
    t = time.perf_counter()
    kb = open_kb(METAQA / "kb.txt.gz", settings)
    print(f"\nMetaQA KB opened in {time.perf_counter() - t:.1f} s (index cached after the first run)")
    if args.matcher is not None:
        kb.use_matcher(args.matcher)
        print(f"with the trained chain matcher {args.matcher}")
    qs = [
        q.text
        for h in (1, 2, 3)
        for q in load_questions(METAQA / f"{h}-hop/qa_dev.txt", limit=args.questions // 3, seed=0)
    ]
    bench("MetaQA", kb, qs, args.ask, args.build_sample)


if __name__ == "__main__":
    main()
