"""Building the fact index: facts/s per bulk precision, and what int8 bulk vectors change.

Builds the MetaQA knowledge base's index (``../shared/bench/metaqa``, 128k facts; or any pack with
``--pack``) in scratch caches, once with the exact ONNX export (``bulk_precision="float32"``) and
once with its int8 copy, and prints for each: facts/s of the whole build (the fact sentences, the
embedding and the FAISS index), and, against the exact index, the mean and lowest cosine of the
vectors and, on dev questions (100 a hop, seed 0), how many of the top-10 facts are the same and the
recall@10 of the gold answers among the retrieved facts. It also times torch (sentence-transformers)
on a sample of the facts, the raw embedder the index was built with before.

    python benchmarks/index_build.py [--per-hop 100] [--torch-sample 8192] [--pack DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from kgqa import Settings
from kgqa.evaluation.harness import open_kb
from kgqa.evaluation.questions import load_questions
from kgqa.metrics import recall_in_facts
from kgqa.representation.facts import iter_facts, parse_key, triple_key
from kgqa.representation.index import FactIndex

ROOT = Path(__file__).resolve().parent.parent
METAQA = ROOT.parent / "shared" / "bench" / "metaqa"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-hop", type=int, default=100)
    ap.add_argument("--torch-sample", type=int, default=8192)
    ap.add_argument("--pack", type=Path, default=None)
    args = ap.parse_args()
    source = args.pack or METAQA / "kb.txt.gz"
    if not source.exists():
        sys.exit(f"no knowledge base at {source}")
    base = Settings(progress="never").replace(reader="none")
    kb = open_kb(source, base)  # the graph and labels (its own index is not used here)
    triples = list(iter_facts(kb.store, kb.graph.schema))
    keys, sentences = [triple_key(t) for t in triples], [kb.labels.verbalize(t) for t in triples]
    print(f"{len(sentences):,} facts")
    questions = []
    if args.pack is None:
        for hop in (1, 2, 3):
            questions += load_questions(METAQA / f"{hop}-hop" / "qa_dev.txt", limit=args.per_hop, seed=0)

    from kgqa.representation.embedders.base import load_embedder

    indexes: dict[str, FactIndex] = {}
    for precision in ("float32", "int8"):
        with tempfile.TemporaryDirectory() as scratch:
            settings = base.replace(cache_dir=Path(scratch), bulk_precision=precision)
            embedder = load_embedder(settings.backends, cache_dir=base.models_dir)
            embedder.embed(["warm up"])
            t = time.perf_counter()
            indexes[precision] = FactIndex.build(keys, sentences, embedder, "benchmark", progress="never")
            seconds = time.perf_counter() - t
        print(f"bulk {precision:>7}: {len(sentences) / seconds:,.0f} facts/s ({seconds:.0f} s)")

    sample = random.Random(0).sample(sentences, min(args.torch_sample, len(sentences)))
    model = load_embedder(base.backends, cache_dir=base.models_dir)
    t = time.perf_counter()
    model._encode_torch(sample)  # type: ignore[attr-defined]
    print(f"torch (sentence-transformers, batches of 64): {len(sample) / (time.perf_counter() - t):,.0f} facts/s")

    exact, int8 = indexes["float32"].vectors, indexes["int8"].vectors
    cosines = np.sum(exact * int8, axis=1)
    print(f"int8 vs exact vectors: mean cosine {cosines.mean():.4f}, lowest {cosines.min():.4f}")
    if not questions:
        return
    same, recall = 0, {"float32": 0.0, "int8": 0.0}
    for q in questions:
        vector = model.embed([q.text])[0]
        top = {p: [k for k, _ in index.search(vector, 10)] for p, index in indexes.items()}
        same += len(set(top["float32"]) & set(top["int8"]))
        for p, found in top.items():
            names = [kb.labels.label(n) for k in found for n in (parse_key(k)[0], parse_key(k)[2])]
            recall[p] += recall_in_facts(names, q.gold)
    n = len(questions)
    print(f"{n} dev questions: top-10 facts shared {same / (10 * n):.3f}; recall@10 of gold answers "
          f"exact {recall['float32'] / n:.3f}, int8 {recall['int8'] / n:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
