"""Runs every question's SPARQL over the pack and checks that the result equals the gold column.

Usage: python check.py        (exit 0 when every question passes)

- The pack is every *.ttl file directly under pack/ (schema, data, people, works);
  the SHACL shapes under pack/shapes/ are not part of the data graph.
- SELECT results are compared as sets of strings (the lexical form of the first
  variable of each row) with the gold answers split on '|'.
- ASK results become 'yes' / 'no'.
- 'unanswerable' questions must have the gold NOT_IN_GRAPH and the sparql '-'.
"""
import glob
import os
import sys

import rdflib

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPES = {"lookup", "multihop", "count", "superlative", "comparative", "intersection",
          "yesno", "hierarchy", "negation", "unanswerable"}


def load_pack():
    g = rdflib.Graph()
    files = sorted(glob.glob(os.path.join(HERE, "pack", "*.ttl")))
    for f in files:
        g.parse(f, format="turtle")
    return g, files


def run(g, sparql):
    res = g.query(sparql)
    if res.type == "ASK":
        return {"yes" if res.askAnswer else "no"}
    out = set()
    for row in res:
        v = row[0]
        out.add("" if v is None else str(v))
    return out


def basic_checks(g):
    """A few structural checks of the pack itself (stand-in for the SHACL shapes)."""
    problems = []
    q = """
    PREFIX m: <https://example.org/music/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?s WHERE { ?s a ?c . FILTER NOT EXISTS { ?s rdfs:label ?l } }"""
    for (s,) in g.query(q):
        problems.append(f"no label: {s}")
    q = """
    PREFIX m: <https://example.org/music/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?c WHERE { ?c a m:Composer . FILTER NOT EXISTS { ?c m:birthYear ?y . ?c m:nationality ?n } }"""
    for (s,) in g.query(q):
        problems.append(f"composer without birth year or nationality: {s}")
    q = """
    PREFIX m: <https://example.org/music/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?w WHERE { ?w a/rdfs:subClassOf* m:MusicalWork . FILTER NOT EXISTS { ?w m:composer ?c } }"""
    for (s,) in g.query(q):
        problems.append(f"work without composer: {s}")
    q = """
    PREFIX m: <https://example.org/music/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?v (COUNT(?c) AS ?n) WHERE { ?v a/rdfs:subClassOf* m:Venue . OPTIONAL { ?v m:city ?c } } GROUP BY ?v"""
    for v, n in g.query(q):
        if int(n) != 1:
            problems.append(f"venue without exactly one city: {v}")
    return problems


def main():
    g, files = load_pack()
    print(f"pack: {len(g)} triples from {len(files)} files")
    problems = basic_checks(g)
    for p in problems:
        print("PACK PROBLEM:", p)

    failures = 0
    total = 0
    shapes = {}
    with open(os.path.join(HERE, "questions.tsv"), encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                print(f"line {lineno}: expected 4 columns, got {len(parts)}")
                failures += 1
                continue
            question, answers, shape, sparql = parts
            total += 1
            shapes[shape] = shapes.get(shape, 0) + 1
            if shape not in SHAPES:
                print(f"line {lineno}: unknown shape {shape!r}")
                failures += 1
                continue
            if shape == "unanswerable" or answers == "NOT_IN_GRAPH":
                if not (shape == "unanswerable" and answers == "NOT_IN_GRAPH" and sparql == "-"):
                    print(f"line {lineno}: unanswerable questions need NOT_IN_GRAPH and '-'")
                    failures += 1
                continue
            gold = set(answers.split("|"))
            try:
                got = run(g, sparql)
            except Exception as e:  # noqa: BLE001
                print(f"line {lineno}: query error {e}\n  {question}")
                failures += 1
                continue
            if got != gold:
                failures += 1
                print(f"line {lineno}: MISMATCH  {question}\n  gold: {sorted(gold)}\n  got:  {sorted(got)}")
    print(f"{total} questions; per shape: {dict(sorted(shapes.items()))}")
    print(f"{failures} failures, {len(problems)} pack problems")
    return 1 if failures or problems else 0


if __name__ == "__main__":
    sys.exit(main())
