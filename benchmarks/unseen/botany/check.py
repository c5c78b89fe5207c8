#!/usr/bin/env python3
"""Run every question's SPARQL over the botany pack and compare with the gold answers.

Usage: python check.py   (needs rdflib; exits 0 when every question matches; the checker is
``../check.py``, shared by the packs of this folder)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from check import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent))
