"""An interactive question-and-answer session over a knowledge pack.

    python demos/interactive.py [PACK]        (default: knowledge/movies)

Type a question; an empty line or Ctrl-D ends the session.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kgqa import KgqaError, KnowledgeBase
from kgqa.deployment.cli import format_answer


def main() -> None:
    pack = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "knowledge" / "movies"
    print(f"Opening {pack} (the first run builds the index and converts the reader) ...")
    kb = KnowledgeBase.open(pack)
    print("Ask a question (empty line to stop).")
    while True:
        try:
            question = input("? ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            print(format_answer(kb.ask(question)))
        except KgqaError as e:
            print(f"error: {e}")


if __name__ == "__main__":
    main()
