#!/usr/bin/env python3
"""Run every question's SPARQL in questions.tsv over the mythology pack with rdflib and
check that the result equals the gold column. Also runs a few structural checks on the pack.
Usage: /tmp/unseen/env-mythology/bin/python check.py    (exits 0 when everything matches)"""
import glob, os, sys
from collections import Counter
import rdflib
from rdflib.namespace import RDF, RDFS, OWL

HERE = os.path.dirname(os.path.abspath(__file__))
g = rdflib.Graph()
for f in sorted(glob.glob(os.path.join(HERE, 'pack', '**', '*.ttl'), recursive=True)):
    g.parse(f, format='turtle')

errors = []

# ---- structural checks
VOC = 'https://example.org/mythology/'
ENT = VOC + 'id/'
classes = {s for s in g.subjects(RDF.type, OWL.Class) if str(s).startswith(VOC)}
props = {s for t in (OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, t)}
for c in classes | props:
    if g.value(c, RDFS.label) is None: errors.append(f'no label: {c}')
    if g.value(c, RDFS.comment) is None: errors.append(f'no comment: {c}')
for p in props:
    if g.value(p, RDFS.domain) is None or g.value(p, RDFS.range) is None: errors.append(f'no domain/range: {p}')
entities = {s for s in g.subjects() if str(s).startswith(ENT)}
for e in entities:
    if g.value(e, RDFS.label) is None: errors.append(f'entity without label: {e}')
    types = list(g.objects(e, RDF.type))
    if not types: errors.append(f'entity without type: {e}')
    for t in types:
        if t not in classes: errors.append(f'entity typed with undeclared class: {e} {t}')
for s, p, o in g:
    if str(p).startswith(VOC) and p not in props: errors.append(f'undeclared property {p}')
    if isinstance(o, rdflib.URIRef) and str(o).startswith(ENT) and o not in entities:
        errors.append(f'dangling reference {o}')

# ---- questions
shapes = Counter()
n = 0
with open(os.path.join(HERE, 'questions.tsv'), encoding='utf-8') as fh:
    for lineno, line in enumerate(fh, 1):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        cols = line.split('\t')
        if len(cols) != 4:
            errors.append(f'line {lineno}: expected 4 columns, got {len(cols)}'); continue
        question, gold, shape, sparql = cols
        n += 1; shapes[shape] += 1
        if shape not in {'lookup', 'multihop', 'count', 'superlative', 'comparative', 'intersection',
                         'yesno', 'hierarchy', 'negation', 'unanswerable'}:
            errors.append(f'line {lineno}: unknown shape {shape}')
        if gold == 'NOT_IN_GRAPH' or sparql == '-':
            if not (gold == 'NOT_IN_GRAPH' and sparql == '-'):
                errors.append(f'line {lineno}: NOT_IN_GRAPH must go with sparql "-"')
            continue
        try:
            res = g.query(sparql)
        except Exception as ex:  # noqa
            errors.append(f'line {lineno}: query failed: {ex}'); continue
        if res.type == 'ASK':
            got = {'yes' if res.askAnswer else 'no'}
        else:
            got = {str(row[0]) for row in res if row[0] is not None}
        want = set(gold.split('|'))
        if got != want:
            errors.append(f'line {lineno}: {question!r}: gold {sorted(want)} != result {sorted(got)}')

print(f'pack: {len(g)} triples, {len(entities)} entities, {len(classes)} classes, {len(props)} properties')
print(f'questions: {n}  ' + ', '.join(f'{k} {v}' for k, v in sorted(shapes.items())))
if errors:
    print(f'{len(errors)} problem(s):')
    for e in errors: print('  ' + e)
    sys.exit(1)
print('all questions match their gold answers')
sys.exit(0)
