"""How fast an expert's edit reaches the answers, on the 128k-triple MetaQA pack (or any pack).

Copies the pack (the index is shared by content, the on-disk store is per copy), then times: an edit
that adds a fact the pack lacks, the next question that needs it, an undo, and the question again.
Target: the change is visible to the next question within 2 s.

    python benchmarks/curation.py [--pack DIR]     (default: MetaQA's kb.txt.gz, imported once)
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from kgqa import KnowledgeBase, Settings
from kgqa.evaluation.harness import open_kb

ROOT = Path(__file__).resolve().parents[1]
METAQA = ROOT.parent / "shared" / "bench" / "metaqa" / "kb.txt.gz"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", default=None)
    ap.add_argument("--subject", default="Kismet")
    args = ap.parse_args()
    settings = Settings().replace(reader="none", progress="never")
    source = Path(args.pack) if args.pack else open_kb(METAQA, settings).pack.root
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(shutil.copytree(source, Path(tmp) / source.name, ignore=shutil.ignore_patterns("curation")))
        t = time.perf_counter()
        kb = KnowledgeBase.open(pack, settings)
        print(
            f"pack {source.name}: {len(kb.index):,} facts, backend {kb.store.name}, "
            f"opened in {time.perf_counter() - t:.1f} s"
        )
        question = f"who was the cinematographer of {args.subject}"
        before = kb.ask(question)
        print(f"before: {question!r} -> {before.text!r}")
        n = len(kb.index)
        t0 = time.perf_counter()
        kb.curator.add(args.subject, "cinematographer", "Ada Lovelace", "benchmark", create=True, note="benchmark edit")
        t1 = time.perf_counter()
        after = kb.ask(question)
        t2 = time.perf_counter()
        print(f"after:  {question!r} -> {after.text!r}")
        print(
            f"edit {1000 * (t1 - t0):.0f} ms + next answer {1000 * (t2 - t1):.0f} ms = change visible in "
            f"{t2 - t0:.2f} s; facts embedded for it: {len(kb.index) - n}"
        )
        t0 = time.perf_counter()
        kb.curator.undo("benchmark")
        undone = kb.ask(question)
        print(f"undo + next answer: {time.perf_counter() - t0:.2f} s -> {undone.text!r}")


if __name__ == "__main__":
    main()
