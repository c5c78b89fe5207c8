#!/usr/bin/env python3
"""Run every question's SPARQL over a pack of this folder and compare with the gold answers.

Usage: python benchmarks/unseen/check.py [FOLDER ...]   (needs rdflib; exits 0 when every question
of every folder matches; no folder: those whose check.py calls this one). A folder holds ``pack/``
(its ``*.ttl`` files are the data; ``pack/shapes/`` is not) and ``questions.tsv`` (question, gold
answers split by "|", shape, a one-line SPARQL query or "-" for NOT_IN_GRAPH).
"""
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal

HERE = Path(__file__).resolve().parent
SHAPES = {"lookup", "multihop", "count", "superlative", "comparative", "intersection",
          "yesno", "hierarchy", "negation", "unanswerable"}


def load_pack(folder):
    g = Graph()
    for f in sorted((folder / "pack").glob("*.ttl")):  # shapes/ is not part of the data
        g.parse(f, format="turtle")
    return g


def norm(value):
    """Normalise an answer string so that 1538, 1538.0 and 1538.00 compare equal."""
    v = value.strip()
    try:
        d = Decimal(v)
        return "num:" + format(d.normalize(), "f")
    except (InvalidOperation, ValueError):
        return v


def run(g, sparql):
    res = g.query(sparql)
    if res.type == "ASK":
        return ["yes" if res.askAnswer else "no"]
    out = []
    for row in res:
        v = row[0]
        if v is None:
            continue
        out.append(str(v) if isinstance(v, Literal) else str(v))
    return out


def main(folder):
    g = load_pack(folder)
    print(f"pack: {len(g)} triples")
    failures = 0
    shapes = Counter()
    n = 0
    for lineno, line in enumerate((folder / "questions.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            print(f"line {lineno}: expected 4 columns, got {len(parts)}")
            failures += 1
            continue
        question, answers, shape, sparql = parts
        n += 1
        shapes[shape] += 1
        if shape not in SHAPES:
            print(f"line {lineno}: unknown shape {shape!r}")
            failures += 1
        gold = answers.split("|")
        if sparql.strip() == "-":
            if answers != "NOT_IN_GRAPH":
                print(f"line {lineno}: no query but gold is {answers!r}")
                failures += 1
            continue
        try:
            got = run(g, sparql)
        except Exception as exc:  # noqa: BLE001
            print(f"line {lineno}: query error {exc}: {question}")
            failures += 1
            continue
        if sorted(map(norm, got)) != sorted(map(norm, gold)) or len(set(got)) != len(got):
            print(f"line {lineno}: MISMATCH for {question!r}\n   gold: {gold}\n   got:  {got}")
            failures += 1
    print(f"questions: {n}")
    for s in sorted(shapes):
        print(f"  {s}: {shapes[s]}")
    if failures:
        print(f"FAILED: {failures}")
        return 1
    print("all gold answers match")
    return 0


if __name__ == "__main__":
    folders = [Path(a).resolve() for a in sys.argv[1:]] or [
        d for d in sorted(HERE.iterdir()) if (d / "check.py").exists() and "check import main" in (d / "check.py").read_text()
    ]
    sys.exit(max((main(d) for d in folders), default=0))
