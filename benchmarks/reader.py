"""The reader backends side by side: latency of a call, and whether they answer alike.

Opens the MetaQA knowledge base (``../shared/bench/metaqa``; the bundled movies pack with
``--movies``), samples dev questions (100 a hop, seed 0), and asks each with ``read="always"``
(the reader chooses every answer from the retrieved facts) once per backend. Prints, per backend,
Hits@1, the p50/p95 of a reader call (question + at most 8 facts, at most 16 new tokens) and the
load time; then how often the backends' answers agree, over all questions and where the first one
is right. Targets on 2 cores: a call p50 <= 300 ms, agreement >= 95%.

    python benchmarks/reader.py [--per-hop 100] [--backends transformers,onnxruntime-genai] [--batch 4 8]

``--batch N ...`` also reads the onnxruntime-genai backend's prompts in batches of N questions
(left-padded, one generator per batch, as batching over questions in ``kgqa eval`` would) and prints
the time per question and how often a batched answer equals the one-at-a-time answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from kgqa import Settings
from kgqa.evaluation.harness import open_kb
from kgqa.evaluation.questions import load_questions
from kgqa.fusion.readers.base import build_prompt, load_reader
from kgqa.metrics import norm_answer

ROOT = Path(__file__).resolve().parent.parent
METAQA = ROOT.parent / "shared" / "bench" / "metaqa"


class Timed:
    """A reader that keeps how long each call took."""

    def __init__(self, reader: Any) -> None:
        self.reader, self.name, self.calls = reader, reader.name, list[float]()
        self.prompts: list[str] = []
        self.said: list[str] = []

    def read(self, question: str, facts: list[str]) -> str:
        t = time.perf_counter()
        try:
            said = str(self.reader.read(question, facts))
        finally:
            self.calls.append(time.perf_counter() - t)
        self.prompts.append(build_prompt(question, facts))
        self.said.append(said)
        return said


def batched(reader: Any, prompts: list[str], size: int) -> list[str]:
    """The prompts read ``size`` at a time by one onnxruntime-genai generator each (left-padded)."""
    import numpy as np

    og, tok = reader.og, reader.tokenizer
    out: list[str] = []
    for start in range(0, len(prompts), size):
        rows = [reader._encode(p) for p in prompts[start : start + size]]
        width = max(map(len, rows))
        tokens = np.array([[tok.pad_token_id] * (width - len(r)) + r for r in rows], dtype=np.int32)
        params = og.GeneratorParams(reader.model)
        length = max(reader._min_length, width + reader.max_new_tokens + 1)
        params.set_search_options(max_length=length, do_sample=False, batch_size=len(rows))
        generator = og.Generator(reader.model, params)
        generator.append_tokens(tokens)
        new: list[list[int]] = [[] for _ in rows]
        done = [False] * len(rows)
        for _ in range(reader.max_new_tokens):
            generator.generate_next_token()
            for j, t in enumerate(generator.get_next_tokens()):
                if not done[j]:
                    new[j].append(int(t))
                    done[j] = int(t) == tok.eos_token_id or "\n" in tok.decode(new[j], skip_special_tokens=True)
            if all(done) or generator.is_done():
                break
        out += [tok.decode(n, skip_special_tokens=True).strip().split("\n", 1)[0].strip() for n in new]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-hop", type=int, default=100)
    ap.add_argument("--backends", default="transformers,onnxruntime-genai")
    ap.add_argument("--reader", default="gemma3-270m")
    ap.add_argument("--movies", action="store_true", help="the bundled movies pack's questions instead")
    ap.add_argument("--batch", type=int, nargs="*", default=[], help="also read in batches of these sizes")
    args = ap.parse_args()
    settings = Settings().replace(reader=args.reader)
    if args.movies:
        from kgqa.evaluation.questions import Question

        kb = open_kb(ROOT / "knowledge" / "movies", settings)
        lines = (ROOT / "benchmarks" / "compositional" / "movies.tsv").read_text(encoding="utf-8").splitlines()
        rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
        questions = [Question(r[0], tuple(r[1].split("|"))) for r in rows if r[2] == "path"]
    else:
        if not METAQA.exists():
            sys.exit(f"no MetaQA data at {METAQA}")
        kb = open_kb(METAQA / "kb.txt.gz", settings)
        questions = []
        for hop in (1, 2, 3):
            questions += load_questions(METAQA / f"{hop}-hop" / "qa_dev.txt", limit=args.per_hop, seed=0)
    print(f"{len(questions)} questions, reader {args.reader}, read='always'")
    answers: dict[str, list[str]] = {}
    readers: dict[str, Timed] = {}
    for backend in args.backends.split(","):
        t = time.perf_counter()
        reader = Timed(load_reader(args.reader, settings.models_dir, settings.reading.max_new_tokens, backend))
        loaded = time.perf_counter() - t
        kb._reader, kb._reader_loaded = reader, True  # the same graph and retrieval for every backend
        got, hits = [], 0
        for q in questions:
            a = kb.ask(q.text, read="always")
            top = norm_answer(a.entities[0].label) if a.entities else ""
            got.append(top)
            hits += top in {norm_answer(g) for g in q.gold}
        answers[backend], readers[backend] = got, reader
        calls = sorted(reader.calls)
        p95 = statistics.quantiles(calls, n=20)[18] if len(calls) > 1 else calls[0]
        print(
            f"{backend:>18}: Hits@1 {hits / len(questions):.3f}  call p50 {statistics.median(calls) * 1000:.0f} ms  "
            f"p95 {p95 * 1000:.0f} ms  ({len(calls)} calls)  load {loaded:.1f} s"
        )
    names = list(answers)
    for other in names[1:]:
        same = sum(a == b for a, b in zip(answers[names[0]], answers[other], strict=True))
        print(f"agreement {names[0]} / {other}: {same}/{len(questions)} = {same / len(questions):.3f}")
    stream = readers.get("onnxruntime-genai")
    if args.batch and stream is not None:
        n = len(stream.prompts)
        print(
            f"one at a time (the prompt's opening kept in the cache): {sum(stream.calls) / n * 1000:.0f} ms a question"
        )
        for size in args.batch:
            t = time.perf_counter()
            said = batched(stream.reader, stream.prompts, size)
            each = (time.perf_counter() - t) / n * 1000
            same = sum(norm_answer(a) == norm_answer(b) for a, b in zip(said, stream.said, strict=True))
            print(f"batches of {size}: {each:.0f} ms a question; the same answer as one at a time {same}/{n}")


if __name__ == "__main__":
    main()
