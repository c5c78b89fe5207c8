"""Why this answer? Prints the reasoning path, the facts behind an answer and where each came from.

python demos/why.py "Where was the director of Jaws born?" [--pack knowledge/movies]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kgqa import KnowledgeBase


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("question")
    ap.add_argument("--pack", default=str(Path(__file__).resolve().parents[1] / "knowledge" / "movies"))
    ap.add_argument("--reader", default="gemma3-270m", help="reader model, or 'none' for the graph alone")
    args = ap.parse_args()
    kb = KnowledgeBase.open(args.pack, reader=args.reader)
    a = kb.ask(args.question)
    print(f"Question: {a.question}")
    print(f"Answer:   {a.text}   (confidence {a.confidence:.2f}{', abstained' if a.abstained else ''})")
    if a.linked:
        print("Entities named in the question: " + ", ".join(f"{e.label} <{e.iri}>" for e in a.linked))
    for i, p in enumerate(a.paths, 1):
        print(f"\nReasoning path {i} (score {p.score:.2f}):\n  {p.text}")
        for f in p.facts:
            print(f"    - {f.sentence}   from {', '.join(f.sources) or '?'}")
    print("\nFacts given to the reader (* = cited):")
    for i, f in enumerate(a.facts, 1):
        mark = "*" if i in a.cited else " "
        print(f" {mark}[{i}] {f.score:5.2f}  {f.sentence}   from {', '.join(f.sources) or '?'}")
    if a.reader_output:
        print(f"\nReader said: {a.reader_output!r}")
    print("Timings: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in a.timings.items()))


if __name__ == "__main__":
    main()
