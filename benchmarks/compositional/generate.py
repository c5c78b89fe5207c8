"""Compositional question sets with gold answers computed from the graphs.

Writes ``movies.tsv``, ``solar.tsv`` and ``metaqa.tsv`` next to this file, one question a line::

    question<TAB>gold<TAB>shape

Shapes: yesno, count, comparison, superlative, constraint, intersection, summary, path (see README.md).
Every gold answer is computed here, from the triples: for the two bundled packs from the pack's RDF
(parsed with rdflib; ``shapes/`` and ``curation/`` are not read), for MetaQA from its knowledge base
(``../shared/bench/metaqa/kb.txt.gz`` by default, never copied into the repository). Questions come
from many phrasing templates per shape; the packs also get a hand-written list of freer phrasings,
each paired with the SPARQL query that answers it.

Deterministic: a fixed seed, and every candidate list is sorted before it is sampled, so running it
twice writes identical files::

    python benchmarks/compositional/generate.py [--metaqa-kb PATH] [--out DIR] [--check]

``--check`` regenerates in memory and fails if a file on disk differs.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_METAQA = ROOT.parent / "shared" / "bench" / "metaqa" / "kb.txt.gz"
SEED = 20240611
SHAPES = ("yesno", "count", "comparison", "superlative", "constraint", "intersection", "summary", "path")

MV = Namespace("https://kgqa.dev/packs/movies/")
SOL = Namespace("https://kgqa.dev/packs/solar/")


# --------------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True)
class Question:
    text: str
    gold: str
    shape: str
    hand: bool = False


@dataclass
class QuestionSet:
    """Questions of one source, without duplicates (case- and punctuation-insensitive)."""

    rng: random.Random
    items: list[Question] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def key(self, text: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()

    def add(
        self, text: str, gold: str | int | bool | Iterable[str], shape: str, *, hand: bool = False, vary: bool = True
    ) -> bool:
        assert shape in SHAPES, shape
        text = " ".join(text.split())
        k = self.key(text)
        if k in self.seen:
            return False
        g = render_gold(gold)
        assert g and "\t" not in g and "\n" not in g, (text, g)
        assert "\t" not in text and "[" not in text, text
        if vary and not hand:
            text = vary_surface(text, self.rng)
        self.seen.add(k)
        self.items.append(Question(text, g, shape, hand))
        return True

    def count(self, shape: str) -> int:
        return sum(1 for q in self.items if q.shape == shape)


def render_gold(gold: str | int | bool | Iterable[str]) -> str:
    if isinstance(gold, bool):
        return "yes" if gold else "no"
    if isinstance(gold, int):
        return str(gold)
    if isinstance(gold, str):
        return gold
    labels = sorted(set(gold))
    assert labels, "empty answer set"
    assert all("|" not in x for x in labels), labels
    return "|".join(labels)


def vary_surface(text: str, rng: random.Random) -> str:
    """Casing and punctuation as people type them: mostly as written, sometimes all lower case,
    rarely all upper case; sometimes without the final question mark."""
    r = rng.random()
    if r < 0.16:
        text = text.lower()
    elif r < 0.19:
        text = text.upper()
    if text.endswith("?") and rng.random() < 0.22:
        text = text[:-1]
    return text


def write_tsv(header: Sequence[str], qs: QuestionSet) -> str:
    """The text of a question file: comment lines, then question<TAB>gold<TAB>shape lines."""
    lines = [f"# {h}" if h else "#" for h in header]
    lines.append("# question\tgold\tshape")
    for q in qs.items:
        lines.append(f"{q.text}\t{q.gold}\t{q.shape}")
    return "\n".join(lines) + "\n"


def counts_line(qs: QuestionSet) -> str:
    parts = [f"{s} {qs.count(s)}" for s in SHAPES]
    hand = sum(1 for q in qs.items if q.hand)
    return f"{len(qs.items)} questions: " + ", ".join(parts) + f" (hand-written: {hand})"


# --------------------------------------------------------------------------------------------------
# Small helpers


def an(word: str) -> str:
    """'a' or 'an' before a word."""
    return "an" if word[:1].lower() in "aeiou" else "a"


class Cycler:
    """Picks phrasings in a shuffled round robin per key, so that every template of a list gets used.

    ``templates`` may be already formatted (f-strings): the cycler keeps positions, not strings."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.queues: dict[str, list[int]] = {}

    def __call__(self, key: str, templates: Sequence[str]) -> str:
        key = f"{key}/{len(templates)}"
        q = self.queues.get(key)
        if not q:
            q = list(range(len(templates)))
            self.rng.shuffle(q)
            self.queues[key] = q
        return templates[q.pop()]


def unique_extreme(values: dict[str, float], highest: bool) -> str | None:
    """The key with the highest (lowest) value, or None when two share it."""
    if len(values) < 2:
        return None
    ordered = sorted(values.items(), key=lambda kv: (kv[1], kv[0]), reverse=highest)
    if ordered[0][1] == ordered[1][1]:
        return None
    return ordered[0][0]


# --------------------------------------------------------------------------------------------------
# RDF packs


def load_pack(root: Path) -> Graph:
    """Every .ttl/.trig file of a pack except shapes/ (and curation/), merged into one graph."""
    g = Graph()
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if not p.is_file() or rel.parts[0] in ("shapes", "curation"):
            continue
        if p.suffix == ".ttl":
            g.parse(p, format="turtle")
        elif p.suffix == ".trig":
            ds = Dataset()
            ds.parse(p, format="trig")
            for s, pr, o, _ in ds.quads((None, None, None, None)):
                g.add((s, pr, o))
    return g


class PackKG:
    """Label-level access to a pack: entities are IRIs, answers are their rdfs:labels."""

    def __init__(self, graph: Graph, vocab: Namespace, mentions: dict[str, list[str]] | None = None) -> None:
        self.g = graph
        self.v = vocab
        self.labels: dict[Node, str] = {}
        for s, o in sorted(graph.subject_objects(RDFS.label), key=lambda so: (str(so[0]), str(so[1]))):
            self.labels.setdefault(s, str(o))
        by_label: dict[str, list[Node]] = defaultdict(list)
        for s, lab in self.labels.items():
            if isinstance(s, URIRef) and not str(s).startswith(str(vocab)):
                by_label[lab.lower()].append(s)
        dup = {k: v for k, v in by_label.items() if len(v) > 1}
        assert not dup, f"entities share a label: {dup}"
        # Surface forms for questions: the label, or a listed mention ("the Sun"), or a safe alt label.
        self.vocab_words = {lab.lower() for s, lab in self.labels.items() if str(s).startswith(str(vocab))}
        alt_owner: dict[str, set[Node]] = defaultdict(set)
        for s, o in graph.subject_objects(SKOS.altLabel):
            alt_owner[str(o).lower()].add(s)
        for s, lab in self.labels.items():
            alt_owner[lab.lower()].add(s)
        self.safe_alts: dict[Node, list[str]] = defaultdict(list)
        for s, o in sorted(graph.subject_objects(SKOS.altLabel), key=lambda so: (str(so[0]), str(so[1]))):
            a = str(o)
            if len(alt_owner[a.lower()]) == 1 and a.lower() not in self.vocab_words:
                self.safe_alts[s].append(a)
        self.mentions = mentions or {}

    def node(self, local: str) -> URIRef:
        return URIRef(str(self.v).rstrip("/") + "/id/" + local)

    def label(self, n: Node) -> str:
        if isinstance(n, Literal):
            return str(n)
        return self.labels[n]

    def name(self, n: Node, rng: random.Random | None = None, alt_rate: float = 0.25) -> str:
        """How a question names an entity: a listed mention, else its label, sometimes a safe alt label."""
        lab = self.label(n)
        if lab in self.mentions:
            forms = self.mentions[lab]
            return forms[0] if rng is None else rng.choice(forms)
        alts = [a for a in self.safe_alts.get(n, []) if not a.isupper() or len(a) > 3]
        if rng is not None and alts and rng.random() < alt_rate:
            return rng.choice(alts)
        return lab

    def objs(self, s: Node, p: str) -> list[Node]:
        return sorted(self.g.objects(s, self.v[p]), key=str)

    def subjs(self, p: str, o: Node) -> list[Node]:
        return sorted(self.g.subjects(self.v[p], o), key=str)

    def value(self, s: Node, p: str) -> float | None:
        """The one numeric value of s for p (years too); None when it has none or several."""
        vals = [o for o in self.g.objects(s, self.v[p]) if isinstance(o, Literal)]
        if len(vals) != 1:
            return None
        return float(str(vals[0]))

    def lex(self, s: Node, p: str) -> str:
        vals = sorted(str(o) for o in self.g.objects(s, self.v[p]))
        assert len(vals) == 1, (s, p, vals)
        return vals[0]

    def instances(self, cls: str) -> list[Node]:
        return sorted(self.g.subjects(RDF.type, self.v[cls]), key=str)

    def is_a(self, s: Node, cls: str) -> bool:
        return (s, RDF.type, self.v[cls]) in self.g

    def labels_of(self, nodes: Iterable[Node]) -> list[str]:
        return sorted({self.label(n) for n in nodes})

    def facts(self, s: Node) -> int:
        return len(list(self.g.predicate_objects(s))) + len(list(self.g.subject_predicates(s)))

    # Hand-written questions: SPARQL that answers them.
    def sparql(self, query: str) -> list[tuple[Node, ...]]:
        prefixes = (
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
            f"PREFIX v: <{self.v}>\n"
            f"PREFIX : <{str(self.v).rstrip('/')}/id/>\n"
        )
        res = self.g.query(prefixes + query)
        if res.type == "ASK":
            return [(Literal(bool(res.askAnswer)),)]
        return [tuple(row) for row in res]  # type: ignore[arg-type]


@dataclass(frozen=True)
class Hand:
    """A hand-written question and the structured query that answers it.

    kind: ask (SPARQL ASK -> yes/no), count (rows of ?x -> number of distinct ?x), set (rows of ?x ->
    their labels), max / min (rows of ?x ?value -> the ?x with the unique highest / lowest value; an ?x with several
    values counts with its highest / lowest),
    entity (the label of the IRI in ``query``)."""

    text: str
    shape: str
    kind: str
    query: str


def answer_hand(kg: PackKG, h: Hand) -> str:
    if h.kind == "entity":
        return kg.label(URIRef(str(kg.v).rstrip("/") + "/id/" + h.query))
    rows = kg.sparql(h.query)
    if h.kind == "ask":
        flag = rows[0][0]
        assert isinstance(flag, Literal)
        return render_gold(bool(flag.toPython()))
    if h.kind == "count":
        n = len({r[0] for r in rows})
        assert n > 0, h
        return str(n)
    if h.kind == "set":
        return render_gold(kg.label(r[0]) for r in rows)
    if h.kind in ("max", "min"):
        vals: dict[str, float] = {}
        for r in rows:  # an entity with several values counts with its best one
            lab = kg.label(r[0])
            v = float(str(r[1]))
            vals[lab] = max(v, vals.get(lab, v)) if h.kind == "max" else min(v, vals.get(lab, v))
        best = unique_extreme(vals, highest=h.kind == "max")
        assert best is not None, f"tie or too few values: {h.text} {vals}"
        return best
    raise ValueError(h.kind)


def add_hand(qs: QuestionSet, kg: PackKG, hands: Sequence[Hand]) -> None:
    for h in hands:
        gold = answer_hand(kg, h)
        if h.shape == "count":
            assert gold.isdigit()
        added = qs.add(h.text, gold, h.shape, hand=True)
        assert added, f"duplicate hand-written question: {h.text}"


# --------------------------------------------------------------------------------------------------
# Movies


# (actor, film) pairs that are true on screen but not in the pack: never asked as "no" questions.
# (The pack lists two or three stars per film; these actors are in those films all the same.)
MOVIES_NOT_NO = {
    ("Robert Duvall", "The Godfather"),
    ("Harrison Ford", "Apocalypse Now"),
    ("Samuel L. Jackson", "Jurassic Park"),
    ("Samuel L. Jackson", "Django Unchained"),
    ("Matt Damon", "Interstellar"),
    ("Cillian Murphy", "Inception"),
    ("Cillian Murphy", "The Dark Knight"),
    ("Takashi Shimura", "Rashomon"),
}

# Genres asked about in "no" questions: ones a film either clearly is or is not.
MOVIES_FAR_GENRES = {"animation", "western", "superhero", "horror", "war", "romance", "comedy", "fantasy"}


class Movies:
    def __init__(self, kg: PackKG, qs: QuestionSet) -> None:
        self.kg = kg
        self.qs = qs
        self.rng = qs.rng
        self.pick = Cycler(qs.rng)
        self.films = kg.instances("Film")
        self.year = {f: int(kg.value(f, "releaseYear") or 0) for f in self.films}
        assert all(self.year.values())
        self.directors = sorted({d for f in self.films for d in kg.objs(f, "directedBy")}, key=str)
        self.actors = sorted({a for f in self.films for a in kg.objs(f, "starring")}, key=str)
        self.composers = sorted({c for f in self.films for c in kg.objs(f, "musicBy")}, key=str)
        self.writers = sorted({w for f in self.films for w in kg.objs(f, "writtenBy")}, key=str)
        self.genres = kg.instances("Genre")
        self.languages = kg.instances("Language")
        self.best_picture = kg.node("Best_Picture")
        self.extra_cast: dict[str, set[str]] = defaultdict(set)  # film label -> actor labels on screen, not in pack
        for actor, film in MOVIES_NOT_NO:
            self.extra_cast[film].add(actor)

    def cast(self, f: Node) -> set[str]:
        """Who is in the film as far as we know: the pack's stars plus the known extras."""
        return set(self.kg.labels_of(self.kg.objs(f, "starring"))) | self.extra_cast[self.L(f)]

    def n(self, e: Node) -> str:
        return self.kg.name(e, self.rng)

    def L(self, e: Node) -> str:  # noqa: N802 - the label, as the gold answer names it
        return self.kg.label(e)

    def films_of(self, p: str, o: Node) -> list[Node]:
        return [f for f in self.kg.subjs(p, o) if f in self.year]

    def sample(self, xs: Sequence[Node], k: int) -> list[Node]:
        xs = list(xs)
        return self.rng.sample(xs, min(k, len(xs)))

    # ---- yes/no ------------------------------------------------------------------------------
    def yesno(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        T = {  # noqa: N806
            "direct": [
                "Did {p} direct {f}?",
                "Was {f} directed by {p}?",
                "Is {p} the director of {f}?",
                "Is {f} {an_p} {p} film?",
                "Did {p} make {f}?",
            ],
            "genre": [
                "Is {f} {an_g} {g} film?",
                "Is {f} {an_g} {g} movie?",
                "Does {f} belong to the {g} genre?",
                "Is {f} considered {g}?",
                "Would you classify {f} as {g}?",
            ],
            "year": [
                "Was {f} released in {y}?",
                "Did {f} come out in {y}?",
                "Is {f} from {y}?",
                "Was {f} a {y} film?",
                "Did {f} premiere in {y}?",
            ],
            "star": [
                "Did {a} star in {f}?",
                "Was {a} in {f}?",
                "Does {f} star {a}?",
                "Is {a} in the cast of {f}?",
                "Did {a} act in {f}?",
                "Does {a} appear in {f}?",
            ],
            "music": [
                "Did {c} compose the music for {f}?",
                "Is the score of {f} by {c}?",
                "Did {c} write the score for {f}?",
                "Was the music of {f} composed by {c}?",
            ],
            "award": [
                "Did {f} win the Academy Award for Best Picture?",
                "Did {f} win Best Picture?",
                "Is {f} a Best Picture winner?",
                "Was {f} awarded the Oscar for Best Picture?",
            ],
            "born": [
                "Was {p} born in {c}?",
                "Is {c} the birthplace of {p}?",
                "Is {p} a native of {c}?",
                "Was {c} where {p} was born?",
            ],
            "lang": [
                "Is {f} in {l}?",
                "Was {f} originally made in {l}?",
                "Is {f} {an_l} {l}-language film?",
                "Is the original language of {f} {l}?",
            ],
        }
        kinds = list(T)
        made = 0
        truth = True
        attempts = 0
        while made < quota and attempts < 2000:
            attempts += 1
            kind = kinds[attempts % len(kinds)]
            f = rng.choice(self.films)
            fl = self.L(f)
            slots: dict[str, str] = {"f": self.n(f)}
            if kind == "direct":
                own = kg.objs(f, "directedBy")
                pool = own if truth else [d for d in self.directors if d not in own]
                p = rng.choice(pool)
                slots.update(p=self.n(p), an_p=an(self.L(p)))
            elif kind == "genre":
                own = kg.objs(f, "genre")
                pool = (
                    own
                    if truth
                    else [
                        g
                        for g in self.genres
                        if g not in own and self.L(g) in MOVIES_FAR_GENRES and (self.L(g), fl) not in MOVIES_NOT_NO
                    ]
                )
                if not pool:
                    continue
                g = rng.choice(pool)
                slots.update(g=self.n(g), an_g=an(self.L(g)))
            elif kind == "year":
                y = self.year[f] if truth else self.year[f] + rng.choice([-3, -2, -1, 1, 2, 3])
                slots.update(y=str(y))
            elif kind == "star":
                own = kg.objs(f, "starring")
                if not own:
                    continue
                # plausible "no": someone from another film of the same director or genre
                near = {
                    a
                    for d in kg.objs(f, "directedBy")
                    for f2 in self.films_of("directedBy", d)
                    for a in kg.objs(f2, "starring")
                }
                near |= {
                    a for g in kg.objs(f, "genre") for f2 in self.films_of("genre", g) for a in kg.objs(f2, "starring")
                }
                pool = (
                    own
                    if truth
                    else sorted((a for a in near if a not in own and (self.L(a), fl) not in MOVIES_NOT_NO), key=str)
                )
                if not pool:
                    continue
                slots.update(a=self.n(rng.choice(pool)))
            elif kind == "music":
                own = kg.objs(f, "musicBy")
                if not own:
                    continue  # films without a listed composer: "no" would not be safe
                pool = own if truth else [c for c in self.composers if c not in own]
                slots.update(c=self.n(rng.choice(pool)))
            elif kind == "award":
                won = self.best_picture in kg.objs(f, "wonAward")
                if won != truth:
                    continue
            elif kind == "born":
                people = [p for p in kg.g.subjects(MV.bornIn, None)]
                p = rng.choice(sorted(set(people), key=str))
                own = kg.objs(p, "bornIn")
                cities = kg.instances("City")
                pool = own if truth else [c for c in cities if c not in own]
                slots = {"p": self.n(p), "c": self.n(rng.choice(pool))}
            elif kind == "lang":
                own = kg.objs(f, "originalLanguage")
                pool = own if truth else [x for x in self.languages if x not in own]
                lang = rng.choice(pool)
                slots.update(l=self.n(lang), an_l=an(self.L(lang)))
            q = self.pick("yn-" + kind, T[kind]).format(**slots)
            if self.qs.add(q, truth, "yesno"):
                made += 1
                truth = not truth

    # ---- count -------------------------------------------------------------------------------
    def count(self, quota: int) -> None:
        kg = self.kg
        cands: list[tuple[str, int]] = []
        for d in self.directors:
            n = len(self.films_of("directedBy", d))
            if n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-dir",
                            [
                                "How many films did {x} direct?",
                                "How many movies has {x} directed?",
                                "Number of films directed by {x}",
                                "How many films were directed by {x}?",
                                "count the movies {x} directed",
                                "{x} directed how many films?",
                            ],
                        ).format(x=self.n(d)),
                        n,
                    )
                )
        for a in self.actors:
            n = len(self.films_of("starring", a))
            if n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-act",
                            [
                                "How many films has {x} starred in?",
                                "In how many movies did {x} act?",
                                "How many films feature {x}?",
                                "Number of movies starring {x}",
                            ],
                        ).format(x=self.n(a)),
                        n,
                    )
                )
        for f in self.films:
            n = len(kg.objs(f, "starring"))
            if n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-cast",
                            [
                                "How many actors starred in {x}?",
                                "How many cast members does {x} have?",
                                "How many actors are in {x}?",
                                "Number of actors in {x}",
                            ],
                        ).format(x=self.n(f)),
                        n,
                    )
                )
            n = len(kg.objs(f, "writtenBy"))
            if n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-wri",
                            [
                                "How many writers does {x} have?",
                                "How many people wrote {x}?",
                                "How many screenwriters worked on {x}?",
                            ],
                        ).format(x=self.n(f)),
                        n,
                    )
                )
        for c in self.composers:
            n = len(self.films_of("musicBy", c))
            if n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-mus",
                            [
                                "How many films did {x} score?",
                                "How many movies has {x} composed music for?",
                                "For how many films did {x} write the music?",
                            ],
                        ).format(x=self.n(c)),
                        n,
                    )
                )
        for g in self.genres:
            n = len(self.films_of("genre", g))
            if n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-gen",
                            ["How many {x} films are there?", "How many films are {x} films?", "Number of {x} movies"],
                        ).format(x=self.n(g)),
                        n,
                    )
                )
        for lang in self.languages:
            n = len(self.films_of("originalLanguage", lang))
            if 2 <= n < 20:
                cands.append(
                    (
                        self.pick(
                            "c-lang",
                            [
                                "How many films are in {x}?",
                                "How many {x}-language films are there?",
                                "How many movies were made in {x}?",
                            ],
                        ).format(x=self.n(lang)),
                        n,
                    )
                )
        for y in sorted(set(self.year.values())):
            n = sum(1 for v in self.year.values() if v == y)
            if n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-year",
                            [
                                "How many films came out in {x}?",
                                "How many films were released in {x}?",
                                "Number of movies from {x}",
                            ],
                        ).format(x=y),
                        n,
                    )
                )
        for aw in kg.instances("Award"):
            n = len(self.films_of("wonAward", aw))
            if n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-award", ["How many films won the {x}?", "How many films have won the {x}?"]
                        ).format(x=self.n(aw)),
                        n,
                    )
                )
        self.rng.shuffle(cands)
        made = 0
        for q, n in cands:
            if made >= quota:
                break
            made += self.qs.add(q, n, "count")

    # ---- comparison --------------------------------------------------------------------------
    def comparison(self, quota: int) -> None:
        rng = self.rng
        T_old = [
            "Which is older, {a} or {b}?",
            "Which came out first: {a} or {b}?",
            "Which film was released earlier, {a} or {b}?",
            "{a} or {b}: which one is older?",
            "Which was made first, {a} or {b}?",
        ]
        T_new = [
            "Which came out later, {a} or {b}?",
            "Which is the newer film, {a} or {b}?",
            "Which was released more recently: {a} or {b}?",
            "Between {a} and {b}, which one is more recent?",
        ]
        T_yes_before = ["Was {a} released before {b}?", "Is {a} older than {b}?", "Did {a} come out before {b}?"]
        T_yes_after = ["Did {a} come out after {b}?", "Is {a} newer than {b}?", "Was {a} released later than {b}?"]
        made, attempts = 0, 0
        while made < quota and attempts < 1000:
            attempts += 1
            a, b = rng.sample(self.films, 2)
            if self.year[a] == self.year[b]:
                continue
            mode = made % 4
            want_yes = (made // 4 + mode) % 2 == 0  # yes/no forms: as many "no" as "yes"
            if mode == 2 and (self.year[a] < self.year[b]) != want_yes:
                a, b = b, a
            if mode == 3 and (self.year[a] > self.year[b]) != want_yes:
                a, b = b, a
            older = a if self.year[a] < self.year[b] else b
            newer = b if older is a else a
            if mode == 0:
                q, gold = self.pick("cmp-old", T_old).format(a=self.n(a), b=self.n(b)), self.L(older)
            elif mode == 1:
                q, gold = self.pick("cmp-new", T_new).format(a=self.n(a), b=self.n(b)), self.L(newer)
            elif mode == 2:
                q = self.pick("cmp-yb", T_yes_before).format(a=self.n(a), b=self.n(b))
                gold = render_gold(self.year[a] < self.year[b])
            else:
                q = self.pick("cmp-ya", T_yes_after).format(a=self.n(a), b=self.n(b))
                gold = render_gold(self.year[a] > self.year[b])
            made += self.qs.add(q, gold, "comparison")

    # ---- superlative -------------------------------------------------------------------------
    def superlative(self, quota: int) -> None:
        kg = self.kg
        sets: list[tuple[str, list[Node], list[str], list[str]]] = []
        for d in self.directors:
            x = self.n(d)
            sets.append(
                (
                    "director",
                    self.films_of("directedBy", d),
                    [
                        f"What is the earliest film directed by {x}?",
                        f"Which {x} film came out first?",
                        f"Which of {x}'s films is the oldest?",
                        f"What's the oldest movie directed by {x}?",
                    ],
                    [
                        f"What is the most recent film directed by {x}?",
                        f"Which is the newest film by {x}?",
                        f"What was the latest movie {x} directed?",
                        f"Which film directed by {x} was released last?",
                    ],
                )
            )
        for a in self.actors:
            x = self.n(a)
            sets.append(
                (
                    "actor",
                    self.films_of("starring", a),
                    [
                        f"What is the earliest film with {x}?",
                        f"Which film starring {x} is the oldest?",
                        f"Which movie with {x} in the cast came out first?",
                    ],
                    [
                        f"What is the most recent film starring {x}?",
                        f"Which {x} movie came out most recently?",
                        f"What is the newest film {x} acted in?",
                    ],
                )
            )
        for c in self.composers:
            x = self.n(c)
            sets.append(
                (
                    "composer",
                    self.films_of("musicBy", c),
                    [f"Which film scored by {x} came out first?", f"What is the oldest film with music by {x}?"],
                    [f"What is the most recent film with music by {x}?", f"Which film scored by {x} is the newest?"],
                )
            )
        for g in self.genres:
            x = self.n(g)
            sets.append(
                (
                    "genre",
                    self.films_of("genre", g),
                    [
                        f"What is the oldest {x} film?",
                        f"Which {x} film was released first?",
                        f"What's the earliest {x} movie?",
                    ],
                    [
                        f"What is the most recent {x} film?",
                        f"Which is the newest {x} movie?",
                        f"Which {x} film came out last?",
                    ],
                )
            )
        for lang in self.languages:
            x = self.n(lang)
            if self.L(lang) == "English":
                continue
            sets.append(
                (
                    "language",
                    self.films_of("originalLanguage", lang),
                    [f"Which {x}-language film is the oldest?", f"What is the earliest film in {x}?"],
                    [f"What is the most recent film in {x}?", f"Which {x}-language movie is the newest?"],
                )
            )
        bp = self.films_of("wonAward", self.best_picture)
        sets.append(
            (
                "bp",
                bp,
                [
                    "Which Best Picture winner is the oldest?",
                    "What is the earliest film to win the Academy Award for Best Picture?",
                ],
                [
                    "What is the most recent film to win Best Picture?",
                    "Which Oscar winner for Best Picture came out last?",
                ],
            )
        )
        book = [f for f in self.films if kg.objs(f, "basedOn")]
        sets.append(
            (
                "book",
                book,
                ["What is the oldest film based on a book?"],
                ["Which film adapted from a novel is the most recent?"],
            )
        )
        self.rng.shuffle(sets)
        made = 0
        caps = {"genre": 3, "language": 1}
        per: Counter[str] = Counter()
        for i, (kind, films, t_min, t_max) in enumerate(sets):
            if made >= quota:
                break
            if len(films) < 3 and not (len(films) == 2 and i % 3 == 0) or per[kind] >= caps.get(kind, 5):
                continue
            vals = {self.L(f): float(self.year[f]) for f in films}
            highest = bool(i % 2)
            best = unique_extreme(vals, highest)
            if best is None:
                highest = not highest
                best = unique_extreme(vals, highest)
            if best is None:
                continue
            q = self.rng.choice(t_max if highest else t_min)
            if self.qs.add(q, best, "superlative"):
                made += 1
                per[kind] += 1

    # ---- constraint --------------------------------------------------------------------------
    def constraint(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        cands: list[tuple[str, str, list[str]]] = []

        def year_filters(films: list[Node], who: str, noun: str, kind: str) -> None:
            years = sorted({self.year[f] for f in films})
            if len(years) < 3:
                return
            cut = years[rng.randrange(1, len(years) - 1)]
            op = rng.choice(["after", "before", "in", "between", "decade"])
            if op == "after":
                sel = [f for f in films if self.year[f] > cut]
                q = self.pick(
                    "k-after",
                    [
                        f"Which {noun} {who} were released after {cut}?",
                        f"{noun.capitalize()} {who} that came out after {cut}",
                        f"Which {noun} {who} are from after {cut}?",
                    ],
                )
            elif op == "before":
                sel = [f for f in films if self.year[f] < cut]
                q = self.pick(
                    "k-before",
                    [
                        f"Which {noun} {who} were released before {cut}?",
                        f"List the {noun} {who} released before {cut}",
                        f"Which {noun} {who} came out earlier than {cut}?",
                    ],
                )
            elif op == "in":
                sel = [f for f in films if self.year[f] == cut]
                q = self.pick(
                    "k-in", [f"Which {noun} {who} were released in {cut}?", f"What {noun} {who} came out in {cut}?"]
                )
            elif op == "between":
                lo, hi = cut - rng.choice([3, 5, 8]), cut + rng.choice([2, 4, 6])
                sel = [f for f in films if lo <= self.year[f] <= hi]
                q = self.pick(
                    "k-between",
                    [
                        f"Which {noun} {who} were released between {lo} and {hi}?",
                        f"{noun.capitalize()} {who} from {lo} to {hi}",
                    ],
                )
            else:
                dec = cut // 10 * 10
                sel = [f for f in films if dec <= self.year[f] < dec + 10]
                q = self.pick(
                    "k-dec", [f"Which {noun} {who} came out in the {dec}s?", f"Which {noun} {who} are from the {dec}s?"]
                )
            if sel and len(sel) < len(films):
                cands.append((kind, q, self.kg.labels_of(sel)))

        for d in self.directors:
            x = self.n(d)
            films = self.films_of("directedBy", d)
            year_filters(
                films, rng.choice([f"directed by {x}", f"by {x}"]), rng.choice(["films", "movies"]), "dir-year"
            )
            for g in self.genres:
                sel = [f for f in films if g in kg.objs(f, "genre")]
                if sel and len(sel) < len(films):
                    gx = self.n(g)
                    cands.append(
                        (
                            "dir-genre",
                            self.pick(
                                "k-dg",
                                [
                                    f"Which {gx} films did {x} direct?",
                                    f"Which of {x}'s films are {gx} films?",
                                    f"{gx} movies directed by {x}",
                                    f"What {gx} films has {x} made?",
                                ],
                            ),
                            self.kg.labels_of(sel),
                        )
                    )
            for c in self.composers:
                sel = [f for f in films if c in kg.objs(f, "musicBy")]
                if sel and len(sel) < len(films):
                    cx = self.n(c)
                    cands.append(
                        (
                            "dir-music",
                            self.pick(
                                "k-dc",
                                [
                                    f"Which of {x}'s films have music by {cx}?",
                                    f"Which films directed by {x} were scored by {cx}?",
                                ],
                            ),
                            self.kg.labels_of(sel),
                        )
                    )
        for a in self.actors:
            films = self.films_of("starring", a)
            if len(films) >= 3:
                year_filters(films, f"starring {self.n(a)}", "films", "actor-year")
        for g in self.genres:
            films = self.films_of("genre", g)
            year_filters(films, f"in the {self.n(g)} genre", "films", "genre-year")
            for lang in self.languages:
                sel = [f for f in films if lang in kg.objs(f, "originalLanguage")]
                if sel and len(sel) < len(films) and self.L(lang) != "English":
                    lx = self.n(lang)
                    cands.append(
                        (
                            "genre-lang",
                            self.pick(
                                "k-gl", [f"Which {self.n(g)} films are in {lx}?", f"{lx}-language {self.n(g)} films"]
                            ),
                            self.kg.labels_of(sel),
                        )
                    )
        year_filters(self.films_of("wonAward", self.best_picture), "that won Best Picture", "films", "award-year")
        rng.shuffle(cands)
        made = 0
        caps = {"dir-genre": 4, "genre-year": 2, "genre-lang": 1}
        per: Counter[str] = Counter()
        for kind, q, gold in cands:
            if made >= quota:
                break
            if per[kind] < caps.get(kind, 5) and self.qs.add(q, gold, "constraint"):
                made += 1
                per[kind] += 1

    # ---- intersection ------------------------------------------------------------------------
    def intersection(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        cands: list[tuple[str, list[str]]] = []
        for a, b in ((a, b) for i, a in enumerate(self.films) for b in self.films[i + 1 :]):
            both = set(kg.objs(a, "starring")) & set(kg.objs(b, "starring"))
            if both and set(kg.labels_of(both)) == self.cast(a) & self.cast(b):
                x, y = self.n(a), self.n(b)
                cands.append(
                    (
                        self.pick(
                            "i-ff",
                            [
                                f"Who starred in both {x} and {y}?",
                                f"Which actors appear in both {x} and {y}?",
                                f"Who acted in {x} and also in {y}?",
                                f"Which cast members do {x} and {y} have in common?",
                            ],
                        ),
                        kg.labels_of(both),
                    )
                )
        for p in sorted(set(self.directors) & set(self.writers), key=str):
            own = [f for f in self.films_of("directedBy", p) if p in kg.objs(f, "writtenBy")]
            x = self.n(p)
            if own:
                cands.append(
                    (
                        self.pick(
                            "i-wd",
                            [
                                f"Which films were both written and directed by {x}?",
                                f"Which films did {x} both write and direct?",
                                f"What movies did {x} write and direct?",
                                f"Films written as well as directed by {x}",
                            ],
                        ),
                        kg.labels_of(own),
                    )
                )
        for i, d1 in enumerate(self.directors):
            for d2 in self.directors[i + 1 :]:
                a1 = {a for f in self.films_of("directedBy", d1) for a in kg.objs(f, "starring")}
                a2 = {a for f in self.films_of("directedBy", d2) for a in kg.objs(f, "starring")}
                x, y = self.n(d1), self.n(d2)
                known1 = {a for f in self.films_of("directedBy", d1) for a in self.cast(f)}
                known2 = {a for f in self.films_of("directedBy", d2) for a in self.cast(f)}
                if a1 & a2 and set(kg.labels_of(a1 & a2)) == known1 & known2:
                    cands.append(
                        (
                            self.pick(
                                "i-dd",
                                [
                                    f"Which actors appeared in films by both {x} and {y}?",
                                    f"Who has acted for both {x} and {y}?",
                                    f"Which actors worked with both {x} and {y}?",
                                ],
                            ),
                            kg.labels_of(a1 & a2),
                        )
                    )
                c1 = {c for f in self.films_of("directedBy", d1) for c in kg.objs(f, "musicBy")}
                c2 = {c for f in self.films_of("directedBy", d2) for c in kg.objs(f, "musicBy")}
                if c1 & c2:
                    cands.append(
                        (
                            self.pick(
                                "i-cc",
                                [
                                    f"Which composers scored films for both {x} and {y}?",
                                    f"Who composed music for both {x} and {y}?",
                                ],
                            ),
                            kg.labels_of(c1 & c2),
                        )
                    )
        for f in self.films:
            both = set(kg.objs(f, "directedBy")) & set(kg.objs(f, "writtenBy"))
            if both and len(kg.objs(f, "writtenBy")) > 1:
                x = self.n(f)
                cands.append(
                    (
                        self.pick(
                            "i-f",
                            [f"Who both wrote and directed {x}?", f"Which of the writers of {x} also directed it?"],
                        ),
                        kg.labels_of(both),
                    )
                )
        for g in self.genres:
            for c in self.composers:
                sel = [f for f in self.films_of("genre", g) if c in kg.objs(f, "musicBy")]
                if len(sel) >= 2:
                    cands.append(
                        (
                            self.pick(
                                "i-gc",
                                [
                                    f"Which {self.n(g)} films have music by {self.n(c)}?",
                                    f"Which films are {self.n(g)} and were scored by {self.n(c)}?",
                                ],
                            ),
                            kg.labels_of(sel),
                        )
                    )
        rng.shuffle(cands)
        made = 0
        for q, gold in cands:
            if made >= quota:
                break
            made += self.qs.add(q, gold, "intersection")

    # ---- summary -----------------------------------------------------------------------------
    def summary(self, quota: int) -> None:
        kg = self.kg
        people = [p for p in sorted(set(self.directors) | set(self.composers), key=str) if kg.facts(p) >= 3]
        films = [f for f in self.films if kg.facts(f) >= 6]
        T_any = [
            "Tell me about {x}",
            "Give me an overview of {x}",
            "What do you know about {x}?",
            "Describe {x}.",
            "Can you summarize {x}?",
            "I'd like some background on {x}",
            "What can you tell me about {x}?",
            "Summarise {x}",
            "Some information about {x}, please",
        ]
        T_person = ["Who is {x}?", "Who was {x}?"] + T_any
        T_film = ["What is {x}?", "What is the film {x}?", "What's {x} about?"] + T_any
        chosen = self.sample(people, quota // 2) + self.sample(films, quota - quota // 2)
        for e in chosen:
            t = self.pick("s-p", T_person) if kg.is_a(e, "Person") else self.pick("s-f", T_film)
            self.qs.add(t.format(x=self.n(e)), self.L(e), "summary")

    # ---- path --------------------------------------------------------------------------------
    def path(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        cands: list[tuple[str, list[str]]] = []
        for f in self.films:
            x = self.n(f)
            cands.append(
                (
                    self.pick(
                        "p-dir", [f"Who directed {x}?", f"Who was the director of {x}?", f"{x} was directed by whom?"]
                    ),
                    kg.labels_of(kg.objs(f, "directedBy")),
                )
            )
            if kg.objs(f, "musicBy"):
                cands.append((f"Who composed the music for {x}?", kg.labels_of(kg.objs(f, "musicBy"))))
            cands.append(
                (
                    self.pick("p-gen", [f"What genre is {x}?", f"Which genres does {x} belong to?"]),
                    kg.labels_of(kg.objs(f, "genre")),
                )
            )
            cands.append((f"When was {x} released?", [str(self.year[f])]))
            for b in kg.objs(f, "basedOn"):
                cands.append((f"Who wrote the book that {x} is based on?", kg.labels_of(kg.objs(b, "author"))))
            born = {c for d in kg.objs(f, "directedBy") for c in kg.objs(d, "bornIn")}
            if born:
                cands.append((f"Where was the director of {x} born?", kg.labels_of(born)))
        for d in self.directors:
            cands.append((f"Which films did {self.n(d)} direct?", kg.labels_of(self.films_of("directedBy", d))))
        for a in self.actors:
            if len(self.films_of("starring", a)) >= 2:
                cands.append((f"What films has {self.n(a)} acted in?", kg.labels_of(self.films_of("starring", a))))
        rng.shuffle(cands)
        made = 0
        for q, gold in cands:
            if made >= quota:
                break
            made += self.qs.add(q, gold, "path")


MOVIES_HAND = [
    Hand(
        "Is it true that Hans Zimmer did the score for Gladiator?",
        "yesno",
        "ask",
        "ASK { :Gladiator v:musicBy :Hans_Zimmer }",
    ),
    Hand(
        "Was Kill Bill made by the same person who directed Pulp Fiction?",
        "yesno",
        "ask",
        "ASK { :Kill_Bill v:directedBy ?d . :Pulp_Fiction v:directedBy ?d }",
    ),
    Hand(
        "did any kubrick film win the oscar for best picture",
        "yesno",
        "ask",
        "ASK { ?f v:directedBy :Stanley_Kubrick ; v:wonAward :Best_Picture }",
    ),
    Hand(
        "Were The Shining and Psycho both horror films?",
        "yesno",
        "ask",
        "ASK { :The_Shining v:genre :Horror . :Psycho v:genre :Horror }",
    ),
    Hand("Is Amélie an English-language film?", "yesno", "ask", "ASK { :Amelie v:originalLanguage :English }"),
    Hand(
        "In how many of these films does Leonardo DiCaprio appear?",
        "count",
        "count",
        "SELECT ?f WHERE { ?f v:starring :Leonardo_DiCaprio }",
    ),
    Hand(
        "How many different composers worked on Christopher Nolan's films?",
        "count",
        "count",
        "SELECT ?c WHERE { ?f v:directedBy :Christopher_Nolan ; v:musicBy ?c }",
    ),
    Hand(
        "How many Best Picture winners are from the 1990s?",
        "count",
        "count",
        "SELECT ?f WHERE { ?f v:wonAward :Best_Picture ; v:releaseYear ?y "
        "FILTER (xsd:integer(str(?y)) >= 1990 && xsd:integer(str(?y)) <= 1999) }",
    ),
    Hand(
        "Did Nolan direct more films than Kubrick?",
        "comparison",
        "ask",
        "ASK { { SELECT (COUNT(DISTINCT ?a) AS ?n1) WHERE { ?a v:directedBy :Christopher_Nolan } } "
        "{ SELECT (COUNT(DISTINCT ?b) AS ?n2) WHERE { ?b v:directedBy :Stanley_Kubrick } } FILTER (?n1 > ?n2) }",
    ),
    Hand(
        "Of Psycho and Vertigo, which one hit theaters first?",
        "comparison",
        "min",
        "SELECT ?f ?y WHERE { VALUES ?f { :Psycho :Vertigo } ?f v:releaseYear ?y }",
    ),
    Hand(
        "which is more recent - the godfather or apocalypse now",
        "comparison",
        "max",
        "SELECT ?f ?y WHERE { VALUES ?f { :The_Godfather :Apocalypse_Now } ?f v:releaseYear ?y }",
    ),
    Hand(
        "Which composer has scored the most films?",
        "superlative",
        "max",
        "SELECT ?c (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f v:musicBy ?c } GROUP BY ?c",
    ),
    Hand(
        "Out of all the Best Picture winners, which one is the oldest?",
        "superlative",
        "min",
        "SELECT ?f ?y WHERE { ?f v:wonAward :Best_Picture ; v:releaseYear ?y }",
    ),
    Hand(
        "Which director has worked with Sigourney Weaver most often?",
        "superlative",
        "max",
        "SELECT ?d (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f v:starring :Sigourney_Weaver ; v:directedBy ?d } GROUP BY ?d",
    ),
    Hand(
        "Which Japanese film is the newest?",
        "superlative",
        "max",
        "SELECT ?f ?y WHERE { ?f v:originalLanguage :Japanese ; v:releaseYear ?y }",
    ),
    Hand(
        "List the Tarantino movies that came out after 2000",
        "constraint",
        "set",
        "SELECT ?f WHERE { ?f v:directedBy :Quentin_Tarantino ; v:releaseYear ?y "
        "FILTER (xsd:integer(str(?y)) > 2000) }",
    ),
    Hand(
        "sci-fi films from the 80s?",
        "constraint",
        "set",
        "SELECT ?f WHERE { ?f v:genre :Science_fiction ; v:releaseYear ?y "
        "FILTER (xsd:integer(str(?y)) >= 1980 && xsd:integer(str(?y)) <= 1989) }",
    ),
    Hand(
        "Which of Ridley Scott's movies did Hans Zimmer not score?",
        "constraint",
        "set",
        "SELECT ?f WHERE { ?f v:directedBy :Ridley_Scott FILTER NOT EXISTS { ?f v:musicBy :Hans_Zimmer } }",
    ),
    Hand(
        "Which Hitchcock thrillers were made in the 1950s?",
        "constraint",
        "set",
        "SELECT ?f WHERE { ?f v:directedBy :Alfred_Hitchcock ; v:genre :Thriller ; v:releaseYear ?y "
        "FILTER (xsd:integer(str(?y)) >= 1950 && xsd:integer(str(?y)) <= 1959) }",
    ),
    Hand(
        "Which actors worked with both James Cameron and Ridley Scott?",
        "intersection",
        "set",
        "SELECT ?a WHERE { ?f1 v:directedBy :James_Cameron ; v:starring ?a . "
        "?f2 v:directedBy :Ridley_Scott ; v:starring ?a }",
    ),
    Hand(
        "Name the people who wrote and also directed Fargo",
        "intersection",
        "set",
        "SELECT ?p WHERE { :Fargo v:writtenBy ?p ; v:directedBy ?p }",
    ),
    Hand(
        "Which Best Picture winners did John Williams write the music for?",
        "intersection",
        "set",
        "SELECT ?f WHERE { ?f v:wonAward :Best_Picture ; v:musicBy :John_Williams }",
    ),
    Hand(
        "Which directors were born in London and won the Oscar for Best Director?",
        "intersection",
        "set",
        "SELECT ?p WHERE { ?p v:bornIn :London ; v:wonAward :Best_Director }",
    ),
    Hand("I'd like to know more about Bong Joon-ho.", "summary", "entity", "Bong_Joon_ho"),
    Hand("what's spirited away", "summary", "entity", "Spirited_Away"),
    Hand("Who's Hans Zimmer?", "summary", "entity", "Hans_Zimmer"),
    Hand("Who did the music for Titanic?", "path", "set", "SELECT ?c WHERE { :Titanic v:musicBy ?c }"),
    Hand("Which city was Akira Kurosawa born in?", "path", "set", "SELECT ?c WHERE { :Akira_Kurosawa v:bornIn ?c }"),
    Hand(
        "Who wrote the novel that The Shining was adapted from?",
        "path",
        "set",
        "SELECT ?a WHERE { :The_Shining v:basedOn ?b . ?b v:author ?a }",
    ),
]


def build_movies() -> QuestionSet:
    kg = PackKG(load_pack(ROOT / "knowledge" / "movies"), MV)
    qs = QuestionSet(random.Random(SEED))
    m = Movies(kg, qs)
    m.yesno(14)
    m.count(13)
    m.comparison(13)
    m.superlative(13)
    m.constraint(13)
    m.intersection(12)
    m.summary(12)
    m.path(10)
    add_hand(qs, kg, MOVIES_HAND)
    return qs


# --------------------------------------------------------------------------------------------------
# Solar


SOLAR_MENTIONS = {
    "Sun": ["the Sun"],
    "Moon": ["the Moon", "the Moon", "Luna"],
    "Earth": ["Earth", "Earth", "the Earth"],
    "Galileo (spacecraft)": ["the Galileo probe", "the Galileo orbiter", "the Galileo spacecraft"],
    "Cassini–Huygens": ["Cassini–Huygens", "Cassini-Huygens", "the Cassini spacecraft"],
    "European Space Agency": ["the European Space Agency", "ESA"],
    "Italian Space Agency": ["the Italian Space Agency"],
}

# What the pack does not hold in full, so that no gold answer depends on it (the gold stays right beyond the
# pack): the giants' moons (only the best-known are listed: all found before SOLAR_COMPLETE_BEFORE and all with
# a radius over 100 km, but not their many small ones); Earth flybys (left out of the visits); moons that
# spacecraft imaged from afar (listed only for the spacecraft below); Mike Brown's team's other discoveries.
SOLAR_OPEN_PRIMARIES = {"Jupiter", "Saturn", "Uranus", "Neptune"}
SOLAR_COMPLETE_BEFORE = 1950
SOLAR_EARTH_FLYBY = {"Galileo (spacecraft)", "Cassini–Huygens", "MESSENGER", "Juno"}
SOLAR_CLEAN_MOON_VISITS = {"Galileo (spacecraft)", "Cassini–Huygens", "Juno"}
SOLAR_PARTIAL_FINDERS = {"Mike Brown", "Chad Trujillo", "David Rabinowitz"}
SOLAR_ALL_VISITORS = {"Jupiter", "Saturn", "Uranus", "Neptune", "Pluto", "Ceres"}

SOLAR_NICE_STEPS = (1000, 500, 100, 50, 10, 5, 1, 0.5, 0.1)


def nice_between(lo: float, hi: float) -> float | None:
    """A round number strictly between lo and hi (lo < hi), as coarse as possible."""
    for step in SOLAR_NICE_STEPS:
        k = (lo // step + 1) * step
        if lo < k < hi:
            return k
    return None


def fmt_num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


class Solar:
    def __init__(self, kg: PackKG, qs: QuestionSet) -> None:
        self.kg = kg
        self.qs = qs
        self.rng = qs.rng
        self.pick = Cycler(qs.rng)
        self.sun = kg.node("Sun")
        self.planets = kg.instances("Planet")
        self.dwarfs = kg.instances("DwarfPlanet")
        self.moons = kg.instances("Moon")
        self.bodies = [self.sun] + self.planets + self.dwarfs + self.moons
        self.people = kg.instances("Person")
        self.craft = kg.instances("Spacecraft")
        self.primaries = [p for p in self.planets + self.dwarfs if self.moons_of(p)]
        # discoverers whose discoveries the pack lists in full
        self.finders = sorted(
            {x for b in self.bodies for x in kg.objs(b, "discoveredBy") if self.L(x) not in SOLAR_PARTIAL_FINDERS},
            key=str,
        )
        # planets and dwarf planets whose visiting spacecraft the pack lists in full
        self.outer_visited = [
            b for b in self.planets + self.dwarfs if kg.subjs("visited", b) and self.L(b) in SOLAR_ALL_VISITORS
        ]

    def n(self, e: Node) -> str:
        return self.kg.name(e, self.rng)

    def L(self, e: Node) -> str:  # noqa: N802
        return self.kg.label(e)

    def moons_of(self, p: Node) -> list[Node]:
        return [m for m in self.kg.subjs("orbits", p) if self.kg.is_a(m, "Moon")]

    def system(self, b: Node) -> Node:
        """A body's planet system: the body itself, or what it orbits when that is not the Sun."""
        prim = self.kg.objs(b, "orbits")
        return prim[0] if prim and prim[0] != self.sun else b

    def values(self, xs: Iterable[Node], p: str) -> dict[Node, float] | None:
        """Every member's value of p, or None when one lacks it (no gold from incomplete data)."""
        out: dict[Node, float] = {}
        for x in xs:
            v = self.kg.value(x, p)
            if v is None:
                return None
            out[x] = v
        return out

    def cls(self, b: Node) -> str:
        for c, word in (("Planet", "planet"), ("DwarfPlanet", "dwarf planet"), ("Moon", "moon"), ("Star", "star")):
            if self.kg.is_a(b, c):
                return word
        raise ValueError(b)

    # ---- yes/no ------------------------------------------------------------------------------
    def yesno(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        T = {  # noqa: N806
            "orbit": [
                "Does {m} orbit {p}?",
                "Is {m} a moon of {p}?",
                "Does {p} have a moon called {m}?",
                "Is {m} one of {p}'s moons?",
                "Is {m} a satellite of {p}?",
                "Does {m} go around {p}?",
            ],
            "disc": [
                "Did {x} discover {b}?",
                "Was {b} discovered by {x}?",
                "Is {x} the discoverer of {b}?",
                "Was it {x} who found {b}?",
            ],
            "dyear": [
                "Was {b} discovered in {y}?",
                "Did the discovery of {b} happen in {y}?",
                "Was {b} first spotted in {y}?",
                "Is {y} the year {b} was discovered?",
            ],
            "visit": [
                "Did {s} visit {b}?",
                "Has {s} flown past {b}?",
                "Was {b} visited by {s}?",
                "Did {s} go to {b}?",
                "Did {s} explore {b}?",
            ],
            "launch": ["Was {s} launched in {y}?", "Did {s} launch in {y}?", "Is {y} the launch year of {s}?"],
            "class": ["Is {b} {an_c} {c}?", "Is {b} classified as {an_c} {c}?", "Does {b} count as {an_c} {c}?"],
            "ptype": ["Is {b} {an_c} {c}?", "Is {b} classed as {an_c} {c}?", "Would {b} be called {an_c} {c}?"],
            "region": ["Is {b} in the {r}?", "Does {b} lie in the {r}?", "Is {b} located in the {r}?"],
            "operator": ["Was {s} operated by {a}?", "Was {s} {an_a} {a_bare} mission?", "Did {a} operate {s}?"],
            "born": ["Was {x} born in {y}?", "Is {y} the birth year of {x}?", "Was {x} born in the year {y}?"],
        }
        kinds = list(T)
        made, attempts, truth = 0, 0, True
        while made < quota and attempts < 3000:
            attempts += 1
            kind = kinds[attempts % len(kinds)]
            slots: dict[str, str] = {}
            if kind == "orbit":
                m = rng.choice(self.moons)
                own = kg.objs(m, "orbits")
                p = own[0] if truth else rng.choice([x for x in self.primaries if x not in own])
                slots = {"m": self.n(m), "p": self.n(p)}
            elif kind == "disc":
                b = rng.choice([b for b in self.bodies if kg.objs(b, "discoveredBy")])
                own = kg.objs(b, "discoveredBy")
                x = rng.choice(own if truth else [f for f in self.finders if f not in own])
                slots = {"b": self.n(b), "x": self.n(x)}
            elif kind == "dyear":
                b = rng.choice([b for b in self.bodies if kg.value(b, "discoveryYear")])
                y = int(kg.value(b, "discoveryYear") or 0)
                slots = {"b": self.n(b), "y": str(y if truth else y + rng.choice([-20, -7, -3, -1, 1, 2, 5, 11]))}
            elif kind == "visit":
                s = rng.choice(self.craft)
                own = kg.objs(s, "visited")
                systems = {self.system(b) for b in own}
                # "no" only where the spacecraft never went near the body's planet system (nor Earth's)
                pool = (
                    own
                    if truth
                    else [
                        b
                        for b in self.planets + self.dwarfs + self.moons
                        if self.system(b) not in systems and self.system(b) != kg.node("Earth")
                    ]
                )
                slots = {"s": self.n(s), "b": self.n(rng.choice(pool))}
            elif kind == "launch":
                s = rng.choice(self.craft)
                y = int(kg.value(s, "launchYear") or 0)
                slots = {"s": self.n(s), "y": str(y if truth else y + rng.choice([-4, -2, -1, 1, 3]))}
            elif kind == "class":
                b = rng.choice(self.planets + self.dwarfs + self.moons)
                own_cls = self.cls(b)
                c = own_cls if truth else rng.choice([w for w in ("planet", "dwarf planet", "moon") if w != own_cls])
                slots = {"b": self.n(b), "c": c, "an_c": an(c)}
            elif kind == "ptype":
                b = rng.choice(self.planets)
                own = kg.objs(b, "planetType")
                t = own[0] if truth else rng.choice([x for x in kg.instances("PlanetType") if x not in own])
                slots = {"b": self.n(b), "c": self.L(t), "an_c": an(self.L(t))}
            elif kind == "region":
                b = rng.choice(self.dwarfs)
                own = kg.objs(b, "locatedIn")
                r = own[0] if truth else rng.choice([x for x in kg.instances("Region") if x not in own])
                slots = {"b": self.n(b), "r": self.L(r)}
            elif kind == "operator":
                s = rng.choice(self.craft)
                own = kg.objs(s, "operatedBy")
                pool = own if truth else [a for a in kg.instances("SpaceAgency") if a not in own]
                if not pool:
                    continue
                a = rng.choice(pool)
                slots = {"s": self.n(s), "a": self.n(a), "a_bare": self.L(a), "an_a": an(self.L(a))}
            elif kind == "born":
                x = rng.choice([p for p in self.people if kg.value(p, "birthYear")])
                y = int(kg.value(x, "birthYear") or 0)
                slots = {"x": self.n(x), "y": str(y if truth else y + rng.choice([-9, -4, -1, 2, 6]))}
            q = self.pick("yn-" + kind, T[kind]).format(**slots)
            if self.qs.add(q, truth, "yesno"):
                made += 1
                truth = not truth

    # ---- count -------------------------------------------------------------------------------
    def count(self, quota: int) -> None:
        kg = self.kg
        cands: list[tuple[str, int]] = []
        for p in self.primaries:
            x = self.n(p)
            cands.append(
                (
                    self.pick(
                        "c-moons",
                        [
                            "How many moons does {x} have?",
                            "How many moons orbit {x}?",
                            "Number of moons of {x}",
                            "How many natural satellites does {x} have?",
                            "{x} has how many moons?",
                            "How many moons go around {x}?",
                            "how many satellites orbit {x}?",
                        ],
                    ).format(x=x),
                    len(self.moons_of(p)),
                )
            )
        for f in self.finders:
            found = kg.subjs("discoveredBy", f)
            moons = [b for b in found if kg.is_a(b, "Moon")]
            if len(moons) >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-dm",
                            [
                                "How many moons did {x} discover?",
                                "How many moons were discovered by {x}?",
                                "Number of moons found by {x}",
                            ],
                        ).format(x=self.n(f)),
                        len(moons),
                    )
                )
            if len(found) > len(moons) and len(found) >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-db",
                            [
                                "How many bodies did {x} discover?",
                                "How many objects in the Solar System did {x} discover?",
                                "How many discoveries does {x} have?",
                            ],
                        ).format(x=self.n(f)),
                        len(found),
                    )
                )
        for s in self.craft:
            pl = [b for b in kg.objs(s, "visited") if kg.is_a(b, "Planet")]
            if len(pl) >= 2 and self.L(s) not in SOLAR_EARTH_FLYBY:
                cands.append(
                    (
                        self.pick(
                            "c-sv",
                            [
                                "How many planets did {x} visit?",
                                "How many planets has {x} flown by?",
                                "Number of planets visited by {x}",
                            ],
                        ).format(x=self.n(s)),
                        len(pl),
                    )
                )
        for b in self.outer_visited:
            v = kg.subjs("visited", b)
            if len(v) >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-bv",
                            [
                                "How many spacecraft visited {x}?",
                                "How many probes have flown by {x}?",
                                "How many missions went to {x}?",
                                "Number of spacecraft that visited {x}",
                            ],
                        ).format(x=self.n(b)),
                        len(v),
                    )
                )
        years = Counter(int(kg.value(m, "discoveryYear") or 0) for m in self.moons)
        for y, n in sorted(years.items()):
            if y and y <= SOLAR_COMPLETE_BEFORE and n >= 2:
                cands.append(
                    (
                        self.pick(
                            "c-yr", ["How many moons were discovered in {x}?", "How many moons were found in {x}?"]
                        ).format(x=y),
                        n,
                    )
                )
        cands.append(
            (
                self.pick(
                    "c-pl",
                    [
                        "How many planets orbit the Sun?",
                        "How many planets are there?",
                        "Number of planets in the Solar System",
                    ],
                ),
                len(self.planets),
            )
        )
        cands.append(
            (
                self.pick("c-dw", ["How many dwarf planets are there?", "How many dwarf planets orbit the Sun?"]),
                len(self.dwarfs),
            )
        )
        for t in kg.instances("PlanetType"):
            cands.append(
                (
                    self.pick("c-pt", ["How many {x}s are there?", "How many planets are {x}s?"]).format(x=self.L(t)),
                    len(kg.subjs("planetType", t)),
                )
            )
        for p in self.primaries:
            for f in self.finders:
                sel = [m for m in self.moons_of(p) if f in kg.objs(m, "discoveredBy")]
                if len(sel) >= 2:
                    cands.append(
                        (
                            self.pick(
                                "c-pf",
                                [
                                    "How many moons of {p} did {x} discover?",
                                    "How many of {p}'s moons were discovered by {x}?",
                                ],
                            ).format(p=self.n(p), x=self.n(f)),
                            len(sel),
                        )
                    )
        self.rng.shuffle(cands)
        made = 0
        for q, n in cands:
            if made >= quota:
                break
            made += self.qs.add(q, n, "count")

    # ---- comparison --------------------------------------------------------------------------
    def comparison(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        T = {
            ("meanRadiusKm", "max"): [
                "Which is larger, {a} or {b}?",
                "Which is bigger: {a} or {b}?",
                "Which has the greater radius, {a} or {b}?",
                "{a} or {b}, which one is bigger?",
            ],
            ("meanRadiusKm", "min"): ["Which is smaller, {a} or {b}?", "Which has the smaller radius: {a} or {b}?"],
            ("meanRadiusKm", "yes>"): ["Is {a} bigger than {b}?", "Is {a} larger than {b}?"],
            ("meanRadiusKm", "yes<"): ["Is {a} smaller than {b}?"],
            ("massKg", "max"): [
                "Which is more massive, {a} or {b}?",
                "Which is heavier: {a} or {b}?",
                "Which has more mass, {a} or {b}?",
            ],
            ("massKg", "min"): ["Which is less massive, {a} or {b}?", "Which is lighter, {a} or {b}?"],
            ("massKg", "yes>"): ["Is {a} more massive than {b}?", "Is {a} heavier than {b}?"],
            ("massKg", "yes<"): ["Is {a} less massive than {b}?"],
            ("orbitalPeriodDays", "max"): [
                "Which takes longer to orbit, {a} or {b}?",
                "Which has the longer orbital period, {a} or {b}?",
            ],
            ("orbitalPeriodDays", "min"): [
                "Which completes an orbit more quickly, {a} or {b}?",
                "Which has the shorter orbital period: {a} or {b}?",
            ],
            ("orbitalPeriodDays", "yes>"): [
                "Does {a} take longer to orbit than {b}?",
                "Is the orbital period of {a} longer than that of {b}?",
            ],
            ("orbitalPeriodDays", "yes<"): ["Does {a} have a shorter orbital period than {b}?"],
            ("discoveryYear", "min"): [
                "Which was discovered first, {a} or {b}?",
                "Which was found earlier: {a} or {b}?",
                "Which discovery came first, {a} or {b}?",
            ],
            ("discoveryYear", "max"): [
                "Which was discovered more recently, {a} or {b}?",
                "Which was discovered later: {a} or {b}?",
            ],
            ("discoveryYear", "yes<"): ["Was {a} discovered before {b}?", "Was {a} found earlier than {b}?"],
            ("discoveryYear", "yes>"): ["Was {a} discovered after {b}?"],
            ("launchYear", "min"): ["Which launched first, {a} or {b}?", "Which spacecraft is older, {a} or {b}?"],
            ("launchYear", "max"): [
                "Which was launched later, {a} or {b}?",
                "Which mission launched more recently: {a} or {b}?",
            ],
            ("launchYear", "yes<"): ["Was {a} launched before {b}?"],
            ("launchYear", "yes>"): ["Was {a} launched after {b}?", "Did {a} launch later than {b}?"],
            ("birthYear", "min"): ["Who was born first, {a} or {b}?", "Who was older, {a} or {b}?"],
            ("birthYear", "max"): ["Who was born later, {a} or {b}?", "Who was younger: {a} or {b}?"],
            ("birthYear", "yes<"): ["Was {a} born before {b}?"],
            ("birthYear", "yes>"): ["Was {a} born after {b}?"],
        }

        def pools(attr: str) -> list[list[Node]]:
            if attr == "orbitalPeriodDays":  # orbits compared only between bodies that orbit the same thing
                groups = [self.planets + self.dwarfs] + [self.moons_of(p) for p in self.primaries]
            elif attr == "launchYear":
                groups = [self.craft]
            elif attr == "birthYear":
                groups = [self.people]
            elif attr == "discoveryYear":
                groups = [self.moons + self.planets + self.dwarfs]
            else:
                groups = [self.planets + self.dwarfs + self.moons, self.moons, self.planets]
            return [[x for x in g if kg.value(x, attr) is not None] for g in groups]

        attrs = [
            "meanRadiusKm",
            "massKg",
            "orbitalPeriodDays",
            "discoveryYear",
            "launchYear",
            "birthYear",
            "meanRadiusKm",
            "discoveryYear",
        ]
        modes = ["max", "min", "yes>", "yes<"]
        made, attempts = 0, 0
        while made < quota and attempts < 2000:
            attempts += 1
            attr = attrs[attempts % len(attrs)]
            group = rng.choice([g for g in pools(attr) if len(g) >= 2])
            a, b = rng.sample(group, 2)
            va, vb = kg.value(a, attr), kg.value(b, attr)
            assert va is not None and vb is not None
            if va == vb:
                continue
            mode = modes[made % 4]
            want_yes = (made // 4 + made % 4) % 2 == 0  # yes/no forms: as many "no" as "yes"
            if (mode == "yes>" and (va > vb) != want_yes) or (mode == "yes<" and (va < vb) != want_yes):
                a, b, va, vb = b, a, vb, va
            q = self.pick(f"cmp-{attr}-{mode}", T[(attr, mode)]).format(a=self.n(a), b=self.n(b))
            if mode == "max":
                gold = self.L(a if va > vb else b)
            elif mode == "min":
                gold = self.L(a if va < vb else b)
            elif mode == "yes>":
                gold = render_gold(va > vb)
            else:
                gold = render_gold(va < vb)
            made += self.qs.add(q, gold, "comparison")

    # ---- superlative -------------------------------------------------------------------------
    def superlative(self, quota: int) -> None:
        kg = self.kg
        words = {
            ("meanRadiusKm", True): ["the largest", "the biggest"],
            ("meanRadiusKm", False): ["the smallest"],
            ("massKg", True): ["the most massive", "the heaviest"],
            ("massKg", False): ["the least massive"],
            ("orbitalPeriodDays", True): ["the longest orbital period"],
            ("orbitalPeriodDays", False): ["the shortest orbital period"],
            ("discoveryYear", True): ["the most recently discovered"],
            ("discoveryYear", False): ["discovered first"],
            ("launchYear", True): ["the most recently launched"],
            ("launchYear", False): ["launched first"],
        }
        cands: list[tuple[str, str]] = []

        def add(
            members: list[Node],
            attr: str,
            phrase: Callable[[str, bool], str],
            directions: Sequence[bool] = (True, False),
        ) -> None:
            vals = self.values(members, attr)
            if vals is None or len(vals) < 2:
                return
            for highest in directions:
                best = unique_extreme({self.L(k): v for k, v in vals.items()}, highest)
                if best is not None:
                    cands.append((phrase(self.rng.choice(words[(attr, highest)]), highest), best))

        def planet_phrase(attr: str) -> Callable[[str, bool], str]:
            def f(w: str, hi: bool) -> str:
                if attr == "orbitalPeriodDays":
                    return self.pick(
                        f"sp-pl-{attr}-{hi}",
                        [
                            f"Which planet has {w}?",
                            "Which planet takes the longest to go around the Sun?"
                            if hi
                            else "Which planet has the shortest year?",
                        ],
                    )
                return self.pick(
                    f"sp-pl-{attr}-{hi}",
                    [f"Which planet is {w}?", f"What is {w} planet?", f"{w.capitalize()} planet in the Solar System?"],
                )

            return f

        for attr in ("meanRadiusKm", "massKg", "orbitalPeriodDays"):
            add(self.planets, attr, planet_phrase(attr))
        for t in kg.instances("PlanetType"):
            tx = self.L(t)
            for attr in ("meanRadiusKm", "massKg", "orbitalPeriodDays"):

                def ptype(w: str, hi: bool, tx: str = tx, attr: str = attr) -> str:
                    if attr == "orbitalPeriodDays":
                        return f"Which {tx} has {w}?"
                    return self.pick(f"sp-pt-{attr}", [f"Which {tx} is {w}?", f"What is {w} {tx}?"])

                add(kg.subjs("planetType", t), attr, ptype)
        for p in self.primaries:
            px = self.n(p)
            ms = self.moons_of(p)
            is_open = self.L(p) in SOLAR_OPEN_PRIMARIES
            for attr in ("meanRadiusKm", "massKg", "orbitalPeriodDays", "discoveryYear"):

                def moon(w: str, hi: bool, px: str = px, attr: str = attr) -> str:
                    if attr == "orbitalPeriodDays":
                        return self.pick(
                            "sp-m-per", [f"Which moon of {px} has {w}?", f"Which of {px}'s moons has {w}?"]
                        )
                    if attr == "discoveryYear":
                        return (
                            f"Which is {w} moon of {px}?"
                            if hi
                            else self.pick(
                                "sp-m-disc", [f"Which moon of {px} was {w}?", f"Which of {px}'s moons was {w}?"]
                            )
                        )
                    return self.pick(
                        "sp-m",
                        [
                            f"Which moon of {px} is {w}?",
                            f"What is {w} moon of {px}?",
                            f"Which of {px}'s moons is {w}?",
                            f"{w} moon of {px}",
                        ],
                    )

                if not is_open:
                    add(ms, attr, moon)
                elif attr in ("meanRadiusKm", "massKg"):  # the pack lists all of their big moons
                    add(ms, attr, moon, (True,))
                elif attr == "discoveryYear":  # ... and all of their moons found before 1950
                    add(ms, attr, moon, (False,))
        for f in self.finders:
            fx = self.n(f)
            ms = [b for b in kg.subjs("discoveredBy", f) if kg.is_a(b, "Moon")]
            if len(ms) < 3:
                continue
            for attr in ("meanRadiusKm", "orbitalPeriodDays", "massKg"):

                def found(w: str, hi: bool, fx: str = fx, attr: str = attr) -> str:
                    if attr == "orbitalPeriodDays":
                        return f"Which of the moons discovered by {fx} has {w}?"
                    return self.pick(
                        "sp-f",
                        [
                            f"Which of the moons discovered by {fx} is {w}?",
                            f"What is {w} moon that {fx} discovered?",
                            f"Of the moons {fx} found, which is {w}?",
                        ],
                    )

                add(ms, attr, found)
        for b in self.outer_visited:
            vs = kg.subjs("visited", b)
            if len(vs) >= 2:
                bx = self.n(b)

                def visitors(w: str, hi: bool, bx: str = bx) -> str:
                    return self.pick(
                        f"sp-v-{hi}",
                        [
                            f"Which spacecraft that visited {bx} was launched first?",
                            f"Of the probes that flew by {bx}, which launched earliest?",
                        ]
                        if not hi
                        else [
                            f"What is the most recently launched spacecraft to visit {bx}?",
                            f"Which mission to {bx} was launched last?",
                        ],
                    )

                add(vs, "launchYear", visitors)
        self.rng.shuffle(cands)
        made = 0
        for q, gold in cands:
            if made >= quota:
                break
            made += self.qs.add(q, gold, "superlative")

    # ---- constraint --------------------------------------------------------------------------
    def constraint(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        cands: list[tuple[str, list[str]]] = []

        def numeric(
            members: list[Node],
            attr: str,
            key: str,
            above: Sequence[str],
            below: Sequence[str],
            slots: dict[str, str],
            year: bool = False,
            min_cut: float = 0.0,
        ) -> None:
            """A filter `value > cut` (templates `above`) or `value < cut` (`below`) keeping some, not all, members.
            Templates name the cut {c}; an empty template list means that direction is not asked."""
            vals = self.values(members, attr)
            if vals is None or len(vals) < 3:
                return
            ordered = sorted(set(vals.values()))
            if len(ordered) < 2:
                return
            i = rng.randrange(0, len(ordered) - 1)
            if year:
                cut: float | None = ordered[i + 1] if rng.random() < 0.5 else ordered[i]
            else:
                cut = nice_between(ordered[i], ordered[i + 1])
            if cut is None or cut < min_cut:
                return
            hi_sel = [k for k, v in vals.items() if v > cut]
            lo_sel = [k for k, v in vals.items() if v < cut]
            want_above = not below or (bool(above) and rng.random() < 0.5)
            if want_above and above and hi_sel and len(hi_sel) < len(vals):
                cands.append((self.pick(key + "+", above).format(c=fmt_num(cut), **slots), kg.labels_of(hi_sel)))
            elif below and lo_sel and len(lo_sel) < len(vals):
                cands.append((self.pick(key + "-", below).format(c=fmt_num(cut), **slots), kg.labels_of(lo_sel)))

        for p in self.primaries:
            ms = self.moons_of(p)
            is_open = self.L(p) in SOLAR_OPEN_PRIMARIES
            slots = {"p": self.n(p)}
            # moons of the giants: the pack has all found before 1950 and all with a radius over 100 km
            numeric(
                ms,
                "discoveryYear",
                "k-md",
                []
                if is_open
                else [
                    "Which moons of {p} were discovered after {c}?",
                    "Moons of {p} discovered after {c}",
                    "Which of {p}'s moons were found after {c}?",
                ],
                [
                    "Which moons of {p} were discovered before {c}?",
                    "Which of {p}'s moons were discovered prior to {c}?",
                    "moons of {p} found before {c}",
                ],
                slots,
                year=True,
            )
            numeric(
                ms,
                "meanRadiusKm",
                "k-mr",
                [
                    "Which moons of {p} are larger than {c} km?",
                    "Which of {p}'s moons have a radius over {c} km?",
                    "moons of {p} bigger than {c} km in radius",
                ],
                []
                if is_open
                else [
                    "Which moons of {p} are smaller than {c} km in radius?",
                    "Which of {p}'s moons have a radius under {c} km?",
                ],
                slots,
                min_cut=100 if is_open else 0,
            )
            if not is_open:
                numeric(
                    ms,
                    "orbitalPeriodDays",
                    "k-mp",
                    ["Which moons of {p} take more than {c} days to orbit it?"],
                    [
                        "Which moons of {p} orbit it in less than {c} days?",
                        "Which of {p}'s moons have an orbital period under {c} days?",
                    ],
                    slots,
                )
            for y in sorted({int(kg.value(m, "discoveryYear") or 0) for m in ms}):
                sel = [m for m in ms if kg.value(m, "discoveryYear") == y]
                if y and 2 <= len(sel) < len(ms) and (y <= SOLAR_COMPLETE_BEFORE or not is_open):
                    cands.append(
                        (
                            self.pick(
                                "k-my",
                                [
                                    "Which moons of {p} were discovered in {y}?",
                                    "Which of {p}'s moons were found in {y}?",
                                ],
                            ).format(y=y, **slots),
                            kg.labels_of(sel),
                        )
                    )
        numeric(
            self.planets,
            "meanRadiusKm",
            "k-pr",
            ["Which planets have a mean radius larger than {c} km?", "Which planets are bigger than {c} km in radius?"],
            ["Which planets have a radius smaller than {c} km?"],
            {},
        )
        numeric(
            self.planets,
            "massKg",
            "k-pm",
            ["Which planets are more massive than {c} kg?"],
            ["Which planets have a mass below {c} kg?"],
            {},
        )
        numeric(
            self.planets,
            "orbitalPeriodDays",
            "k-pp",
            [
                "Which planets take more than {c} days to orbit the Sun?",
                "Which planets have an orbital period longer than {c} days?",
            ],
            ["Which planets orbit the Sun in under {c} days?"],
            {},
        )
        # relative to another entity's value: one entity per group of planets or of sibling moons
        anchors = [rng.choice(self.planets)] + [rng.choice(self.moons_of(p)) for p in self.primaries]
        for e in anchors:
            for attr, more, less in (
                ("meanRadiusKm", "bigger than", "smaller than"),
                ("massKg", "more massive than", "less massive than"),
            ):
                if kg.is_a(e, "Planet"):
                    group, noun, is_open = self.planets, "planets", False
                else:
                    p = kg.objs(e, "orbits")[0]
                    group, noun = self.moons_of(p), f"moons of {self.n(p)}"
                    is_open = self.L(p) in SOLAR_OPEN_PRIMARIES
                vals = self.values(group, attr)
                ve = kg.value(e, attr)
                if vals is None or ve is None:
                    continue
                hi_sel = [k for k, v in vals.items() if v > ve]
                lo_sel = [k for k, v in vals.items() if v < ve]
                if hi_sel and (is_open or rng.random() < 0.5):
                    cands.append(
                        (
                            self.pick(
                                "k-rel+", [f"Which {noun} are {more} {self.n(e)}?", f"{noun} {more} {self.n(e)}"]
                            ),
                            kg.labels_of(hi_sel),
                        )
                    )
                elif lo_sel and not is_open:
                    cands.append((f"Which {noun} are {less} {self.n(e)}?", kg.labels_of(lo_sel)))
        for s in self.craft:
            vis = kg.objs(s, "visited")
            sx = self.n(s)
            for cname, word in (("Moon", "moons"), ("Planet", "planets")):
                if cname == "Moon" and self.L(s) not in SOLAR_CLEAN_MOON_VISITS:
                    continue
                if cname == "Planet" and self.L(s) in SOLAR_EARTH_FLYBY:
                    continue
                sel = [b for b in vis if kg.is_a(b, cname)]
                if sel and len(sel) < len(vis):
                    cands.append(
                        (
                            self.pick(
                                "k-sv",
                                [
                                    f"Which {word} did {sx} visit?",
                                    f"Which of the bodies visited by {sx} are {word}?",
                                    f"What {word} has {sx} flown by?",
                                ],
                            ),
                            kg.labels_of(sel),
                        )
                    )
        for b in self.outer_visited:
            vs = kg.subjs("visited", b)
            if len(vs) >= 3:
                numeric(
                    vs,
                    "launchYear",
                    "k-bl",
                    [
                        "Which spacecraft launched after {c} visited {b}?",
                        "Which missions to {b} were launched after {c}?",
                    ],
                    ["Which spacecraft that visited {b} were launched before {c}?"],
                    {"b": self.n(b)},
                    year=True,
                )
        for f in self.finders:
            numeric(
                kg.subjs("discoveredBy", f),
                "discoveryYear",
                "k-fy",
                ["Which of {f}'s discoveries were made after {c}?"],
                ["What did {f} discover before {c}?"],
                {"f": self.n(f)},
                year=True,
            )
        rng.shuffle(cands)
        made = 0
        for q, gold in cands:
            if made >= quota:
                break
            made += self.qs.add(q, gold, "constraint")

    # ---- intersection ------------------------------------------------------------------------
    def intersection(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        cands: list[tuple[str, list[str]]] = []
        for f in self.finders:
            for p in self.primaries:
                sel = [m for m in self.moons_of(p) if f in kg.objs(m, "discoveredBy")]
                if sel:
                    fx, px = self.n(f), self.n(p)
                    cands.append(
                        (
                            self.pick(
                                "i-fp",
                                [
                                    f"Which moons were discovered by {fx} and orbit {px}?",
                                    f"Which of {px}'s moons did {fx} discover?",
                                    f"Which moons of {px} were found by {fx}?",
                                    f"Moons that orbit {px} and were discovered by {fx}",
                                ],
                            ),
                            kg.labels_of(sel),
                        )
                    )
        for i, s1 in enumerate(self.craft):
            for s2 in self.craft[i + 1 :]:
                if self.L(s1) in SOLAR_EARTH_FLYBY and self.L(s2) in SOLAR_EARTH_FLYBY:
                    continue  # both flew by Earth too, which the pack leaves out
                both = {b for b in set(kg.objs(s1, "visited")) & set(kg.objs(s2, "visited")) if kg.is_a(b, "Planet")}
                if both:
                    a, b = self.n(s1), self.n(s2)
                    cands.append(
                        (
                            self.pick(
                                "i-ss",
                                [
                                    f"Which planets did both {a} and {b} visit?",
                                    f"What planets did {a} and {b} both fly by?",
                                    f"Which planets were visited by {a} as well as {b}?",
                                ],
                            ),
                            kg.labels_of(both),
                        )
                    )
        worlds = [b for b in self.planets + self.dwarfs if kg.subjs("visited", b)]
        for i, b1 in enumerate(worlds):
            for b2 in worlds[i + 1 :]:
                both = set(kg.subjs("visited", b1)) & set(kg.subjs("visited", b2))
                if both and (b1 in self.outer_visited or b2 in self.outer_visited):
                    a, b = self.n(b1), self.n(b2)
                    cands.append(
                        (
                            self.pick(
                                "i-bb",
                                [
                                    f"Which spacecraft visited both {a} and {b}?",
                                    f"Which probes flew by {a} and {b}?",
                                    f"What missions went to both {a} and {b}?",
                                ],
                            ),
                            kg.labels_of(both),
                        )
                    )
        for i, p1 in enumerate(self.primaries):
            for p2 in self.primaries[i + 1 :]:
                f1 = {f for m in self.moons_of(p1) for f in kg.objs(m, "discoveredBy")}
                f2 = {f for m in self.moons_of(p2) for f in kg.objs(m, "discoveredBy")}
                if f1 & f2:
                    a, b = self.n(p1), self.n(p2)
                    cands.append(
                        (
                            self.pick(
                                "i-pp",
                                [
                                    f"Who discovered moons of both {a} and {b}?",
                                    f"Which astronomers found moons around both {a} and {b}?",
                                ],
                            ),
                            kg.labels_of(f1 & f2),
                        )
                    )
        for s in self.craft:
            if self.L(s) not in SOLAR_CLEAN_MOON_VISITS:
                continue
            for f in self.finders:
                sel = [m for m in kg.objs(s, "visited") if f in kg.objs(m, "discoveredBy") and kg.is_a(m, "Moon")]
                if sel:
                    sx, fx = self.n(s), self.n(f)
                    cands.append(
                        (
                            self.pick(
                                "i-sf",
                                [
                                    f"Which moons visited by {sx} were discovered by {fx}?",
                                    f"Which moons discovered by {fx} did {sx} visit?",
                                ],
                            ),
                            kg.labels_of(sel),
                        )
                    )
        for agency in kg.instances("SpaceAgency"):
            for world in self.outer_visited:
                sel = [s for s in kg.subjs("visited", world) if agency in kg.objs(s, "operatedBy")]
                if sel and (len(sel) >= 2 or self.L(agency) != "NASA"):
                    ax, wx = self.n(agency), self.n(world)
                    cands.append(
                        (
                            self.pick(
                                "i-ab",
                                [
                                    f"Which spacecraft operated by {ax} visited {wx}?",
                                    f"Which missions of {ax} went to {wx}?",
                                ],
                            ),
                            kg.labels_of(sel),
                        )
                    )
        rng.shuffle(cands)
        made = 0
        for q, gold in cands:
            if made >= quota:
                break
            made += self.qs.add(q, gold, "intersection")

    # ---- summary -----------------------------------------------------------------------------
    def summary(self, quota: int) -> None:
        kg = self.kg
        T_any = [
            "Tell me about {x}",
            "Give me an overview of {x}",
            "What do you know about {x}?",
            "Describe {x}.",
            "Can you summarize {x}?",
            "What can you tell me about {x}?",
            "Some background on {x}, please",
            "Summarise what you know about {x}",
        ]
        T_thing = ["What is {x}?", "What kind of object is {x}?"] + T_any
        T_person = ["Who was {x}?", "Who is {x}?"] + T_any
        bodies = [b for b in self.planets + self.dwarfs + self.moons if kg.facts(b) >= 5]
        people = [p for p in self.people if kg.facts(p) >= 3]
        chosen = (
            self.rng.sample(bodies, quota // 2)
            + self.rng.sample(people, quota // 4)
            + self.rng.sample(self.craft, quota - quota // 2 - quota // 4)
        )
        for e in chosen:
            t = self.pick("s-p", T_person) if kg.is_a(e, "Person") else self.pick("s-t", T_thing)
            self.qs.add(t.format(x=self.n(e)), self.L(e), "summary")

    # ---- path --------------------------------------------------------------------------------
    def path(self, quota: int) -> None:
        kg, rng = self.kg, self.rng
        cands: list[tuple[str, list[str]]] = []
        for m in self.moons:
            cands.append(
                (
                    self.pick(
                        "p-orb",
                        [
                            f"What does {self.n(m)} orbit?",
                            f"Which body does {self.n(m)} orbit?",
                            f"{self.n(m)} is a moon of what?",
                        ],
                    ),
                    kg.labels_of(kg.objs(m, "orbits")),
                )
            )
        for b in self.bodies:
            if kg.objs(b, "discoveredBy"):
                cands.append(
                    (
                        self.pick(
                            "p-disc",
                            [
                                f"Who discovered {self.n(b)}?",
                                f"Who found {self.n(b)}?",
                                f"{self.n(b)} was discovered by whom?",
                            ],
                        ),
                        kg.labels_of(kg.objs(b, "discoveredBy")),
                    )
                )
            if kg.value(b, "discoveryYear"):
                cands.append(
                    (
                        self.pick(
                            "p-dy", [f"When was {self.n(b)} discovered?", f"In what year was {self.n(b)} discovered?"]
                        ),
                        [kg.lex(b, "discoveryYear")],
                    )
                )
        for p in self.primaries:
            if self.L(p) in SOLAR_OPEN_PRIMARIES:
                continue
            if len(self.moons_of(p)) >= 2:
                cands.append(
                    (
                        self.pick(
                            "p-moons",
                            [
                                f"Which moons orbit {self.n(p)}?",
                                f"What are the moons of {self.n(p)}?",
                                f"List the moons of {self.n(p)}",
                            ],
                        ),
                        kg.labels_of(self.moons_of(p)),
                    )
                )
            finders = {f for m in self.moons_of(p) for f in kg.objs(m, "discoveredBy")}
            if finders and all(kg.objs(m, "discoveredBy") for m in self.moons_of(p)):
                cands.append((f"Who discovered the moons of {self.n(p)}?", kg.labels_of(finders)))
        for s in self.craft:
            if self.L(s) not in SOLAR_EARTH_FLYBY:
                pl = [b for b in kg.objs(s, "visited") if kg.is_a(b, "Planet")]
                if pl:
                    cands.append(
                        (
                            self.pick(
                                "p-sv",
                                [f"Which planets did {self.n(s)} visit?", f"What planets did {self.n(s)} fly by?"],
                            ),
                            kg.labels_of(pl),
                        )
                    )
            cands.append(
                (
                    self.pick("p-ly", [f"When was {self.n(s)} launched?", f"What year did {self.n(s)} launch?"]),
                    [kg.lex(s, "launchYear")],
                )
            )
        for f in self.finders:
            cands.append((f"What did {self.n(f)} discover?", kg.labels_of(kg.subjs("discoveredBy", f))))
        rng.shuffle(cands)
        made = 0
        for q, gold in cands:
            if made >= quota:
                break
            made += self.qs.add(q, gold, "path")


SOLAR_HAND = [
    Hand("Is it true that Pluto is orbited by Charon?", "yesno", "ask", "ASK { :Charon v:orbits :Pluto }"),
    Hand(
        "Has any spacecraft other than Voyager 2 visited Uranus?",
        "yesno",
        "ask",
        "ASK { ?s v:visited :Uranus FILTER (?s != :Voyager_2) }",
    ),
    Hand(
        "Did the Cassini spacecraft fly past Enceladus?",
        "yesno",
        "ask",
        "ASK { :Cassini_Huygens v:visited :Enceladus }",
    ),
    Hand("Does Titan go around Jupiter?", "yesno", "ask", "ASK { :Titan v:orbits :Jupiter }"),
    Hand("Did Galileo visit Saturn?", "yesno", "ask", "ASK { :Galileo_spacecraft v:visited :Saturn }"),
    Hand(
        "How many of Saturn's moons did Cassini discover?",
        "count",
        "count",
        "SELECT ?m WHERE { ?m v:orbits :Saturn ; v:discoveredBy :Giovanni_Cassini }",
    ),
    Hand("How many spacecraft have flown past Jupiter?", "count", "count", "SELECT ?s WHERE { ?s v:visited :Jupiter }"),
    Hand(
        "how many moons of uranus did william herschel find",
        "count",
        "count",
        "SELECT ?m WHERE { ?m v:orbits :Uranus ; v:discoveredBy :William_Herschel }",
    ),
    Hand(
        "How many moons were discovered in the 17th century?",
        "count",
        "count",
        "SELECT ?m WHERE { ?m a v:Moon ; v:discoveryYear ?y "
        "FILTER (xsd:integer(str(?y)) >= 1601 && xsd:integer(str(?y)) <= 1700) }",
    ),
    Hand(
        "Which is heavier, Eris or Pluto?",
        "comparison",
        "max",
        "SELECT ?b ?m WHERE { VALUES ?b { :Eris :Pluto } ?b v:massKg ?m }",
    ),
    Hand(
        "Which is wider, Pluto or Eris?",
        "comparison",
        "max",
        "SELECT ?b ?r WHERE { VALUES ?b { :Eris :Pluto } ?b v:meanRadiusKm ?r }",
    ),
    Hand(
        "Is Ganymede bigger than the planet Mercury?",
        "comparison",
        "ask",
        "ASK { :Ganymede v:meanRadiusKm ?a . :Mercury v:meanRadiusKm ?b FILTER (?a > ?b) }",
    ),
    Hand(
        "Who was born first, the discoverer of Titan or the discoverer of Iapetus?",
        "comparison",
        "min",
        "SELECT ?p ?y WHERE { VALUES ?b { :Titan :Iapetus } ?b v:discoveredBy ?p . ?p v:birthYear ?y }",
    ),
    Hand(
        "What's the biggest moon in the solar system?",
        "superlative",
        "max",
        "SELECT ?m ?r WHERE { ?m a v:Moon ; v:meanRadiusKm ?r }",
    ),
    Hand(
        "Which dwarf planet is the most massive?",
        "superlative",
        "max",
        "SELECT ?d ?m WHERE { ?d a v:DwarfPlanet ; v:massKg ?m }",
    ),
    Hand(
        "Who discovered the largest moon of Saturn?",
        "superlative",
        "max",
        "SELECT ?p ?r WHERE { ?m v:orbits :Saturn ; v:meanRadiusKm ?r ; v:discoveredBy ?p }",
    ),
    Hand(
        "Which is the earliest-born astronomer who discovered a moon?",
        "superlative",
        "min",
        "SELECT ?p ?y WHERE { ?m a v:Moon ; v:discoveredBy ?p . ?p v:birthYear ?y }",
    ),
    Hand(
        "Which moons of Jupiter are bigger than our Moon?",
        "constraint",
        "set",
        "SELECT ?m WHERE { ?m v:orbits :Jupiter ; v:meanRadiusKm ?r . :Moon v:meanRadiusKm ?r0 FILTER (?r > ?r0) }",
    ),
    Hand(
        "Which planets have a shorter year than Earth?",
        "constraint",
        "set",
        "SELECT ?p WHERE { ?p a v:Planet ; v:orbitalPeriodDays ?d . :Earth v:orbitalPeriodDays ?d0 FILTER (?d < ?d0) }",
    ),
    Hand(
        "Which moons did Herschel discover after 1788?",
        "constraint",
        "set",
        "SELECT ?m WHERE { ?m a v:Moon ; v:discoveredBy :William_Herschel ; v:discoveryYear ?y "
        "FILTER (xsd:integer(str(?y)) > 1788) }",
    ),
    Hand(
        "Which bodies did both Galileo and Juno visit?",
        "intersection",
        "set",
        "SELECT ?b WHERE { :Galileo_spacecraft v:visited ?b . :Juno v:visited ?b }",
    ),
    Hand(
        "Which astronomers discovered both a planet and a moon?",
        "intersection",
        "set",
        "SELECT ?p WHERE { ?a a v:Planet ; v:discoveredBy ?p . ?m a v:Moon ; v:discoveredBy ?p }",
    ),
    Hand(
        "Name the moons of Saturn that Voyager 1 and Cassini both flew by",
        "intersection",
        "set",
        "SELECT ?m WHERE { ?m v:orbits :Saturn . :Voyager_1 v:visited ?m . :Cassini_Huygens v:visited ?m }",
    ),
    Hand("What can you tell me about Enceladus?", "summary", "entity", "Enceladus"),
    Hand("who was clyde tombaugh", "summary", "entity", "Clyde_Tombaugh"),
    Hand("What's New Horizons?", "summary", "entity", "New_Horizons"),
    Hand("Which moons did Asaph Hall discover?", "path", "set", "SELECT ?m WHERE { ?m v:discoveredBy :Asaph_Hall }"),
    Hand("Who found Triton?", "path", "set", "SELECT ?p WHERE { :Triton v:discoveredBy ?p }"),
    Hand(
        "Which agencies ran the Cassini mission?", "path", "set", "SELECT ?a WHERE { :Cassini_Huygens v:operatedBy ?a }"
    ),
]


def build_solar() -> QuestionSet:
    kg = PackKG(load_pack(ROOT / "knowledge" / "solar"), SOL, SOLAR_MENTIONS)
    qs = QuestionSet(random.Random(SEED + 1))
    s = Solar(kg, qs)
    s.yesno(14)
    s.count(13)
    s.comparison(13)
    s.superlative(13)
    s.constraint(13)
    s.intersection(12)
    s.summary(12)
    s.path(10)
    add_hand(qs, kg, SOLAR_HAND)
    return qs


# --------------------------------------------------------------------------------------------------
# MetaQA

METAQA_HEADER = [
    'Derived from the MetaQA knowledge base: MetaQA (Zhang, Dai, Kozareva, Smola, Song, "Variational Reasoning',
    'for Question Answering with Knowledge Graph", AAAI 2018, arXiv:1709.04071), partly based on WikiMovies',
    "(Miller et al. 2016); licensed CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/). The questions are",
    "new; their gold answers are facts derived from the (modified, ~96% complete) MetaQA KB as shipped in",
    "../shared/bench/metaqa/kb.txt.gz. Changes: questions generated by generate.py, gold computed from the KB.",
]

# Words too common to make a title or name unambiguous on their own.
_COMMON_WORDS_TEXT = """
    a an the of and or in on at to for from with by as is it its it's be are was were this that these those my your
    his her our their me you he she we they i us them who what when where why how all any some no not one two three
    man men woman women boy girl day night time life love world house home big little last first new old good bad
    up down out over off go get got do did done come back end game story city town road way war dead black white
    red blue green dark light high low long short great little man's out about after before into under again never
    ever more most other only same so than too very just now then here there yes mr mrs miss dr part ii iii iv v
"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())

# Genres that a film of the key genre is, in this KB, almost never also filed under.
METAQA_FAR_GENRES = {
    "Horror": ["Musical", "Western", "Animation", "Documentary", "War"],
    "Western": ["Horror", "Animation", "Musical", "Documentary"],
    "Animation": ["Western", "War", "Horror", "Documentary"],
    "Documentary": ["Horror", "Western", "Animation", "Musical"],
    "War": ["Musical", "Animation", "Horror"],
    "Musical": ["Horror", "War", "Western"],
    "Comedy": ["War", "Documentary", "Horror"],
    "Drama": ["Animation", "Documentary", "Horror"],
    "Thriller": ["Musical", "Animation", "Documentary"],
    "Crime": ["Musical", "Animation", "Documentary"],
    "Action": ["Musical", "Documentary"],
}
METAQA_LANGUAGES = ["French", "Japanese", "Italian", "German", "Spanish", "Swedish", "Russian", "Korean", "Hindi"]
METAQA_GENERIC_TAGS = {
    "bd-r",
    "r",
    "pg",
    "pg-13",
    "own",
    "criterion",
    "imdb top 250",
    "bd-video",
    "dvd-video",
    "r:violence",
    "no dvd at netflix",
    "seen",
    "tumey's dvds",
    "netflix finland",
}


class MetaKB:
    """The MetaQA KB as name-level sets: out[subject][relation] and inv[relation][object]."""

    def __init__(self, path: Path) -> None:
        self.out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.inv: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("|")
                if len(parts) != 3:
                    continue
                s, r, o = parts
                self.out[s][r].add(o)
                self.inv[r][o].add(s)
        self.films = sorted(self.out)
        self.object_names = {o.lower() for r in self.inv for o in self.inv[r]}
        self.film_names = {f.lower() for f in self.films}
        self.film_names_exact = set(self.films)
        self.tag_names = {t.lower() for t in self.inv["has_tags"]}

    def objs(self, s: str, r: str) -> set[str]:
        return self.out.get(s, {}).get(r, set())

    def subjs(self, r: str, o: str) -> set[str]:
        return self.inv.get(r, {}).get(o, set())

    def year(self, f: str) -> int | None:
        ys = self.objs(f, "release_year")
        if len(ys) != 1:
            return None
        y = next(iter(ys))
        return int(y) if y.isdigit() else None

    def distinctive(self, name: str) -> bool:
        words = re.findall(r"[A-Za-z0-9']+", name)
        return (
            len(words) >= 2
            and len(name) <= 45
            and not any(c in name for c in "[]|\t")
            and any(w.lower() not in COMMON_WORDS and len(w) >= 3 for w in words)
        )

    def good_film(self, f: str) -> bool:
        return (
            self.year(f) is not None
            and self.distinctive(f)
            and f.lower() not in self.object_names
            and len(self.objs(f, "directed_by")) >= 1
        )

    def good_person(self, p: str) -> bool:
        return (
            self.distinctive(p)
            and p.lower() not in self.film_names
            and p.lower() not in self.tag_names
            and not any(ch.isdigit() for ch in p)
            and " " in p
        )


class MetaQA:
    def __init__(self, kb: MetaKB, qs: QuestionSet) -> None:
        self.kb = kb
        self.qs = qs
        self.rng = qs.rng
        self.pick = Cycler(qs.rng)
        self.good = [f for f in kb.films if kb.good_film(f)]
        self.good_set = set(self.good)

        def people(rel: str, lo: int, hi: int) -> list[str]:
            return sorted(p for p, fs in kb.inv[rel].items() if lo <= len(fs) <= hi and kb.good_person(p))

        self.directors = people("directed_by", 2, 8)
        self.actors = people("starred_actors", 3, 30)
        self.writers = people("written_by", 2, 12)
        self.person_names = {p.lower() for rel in ("directed_by", "written_by", "starred_actors") for p in kb.inv[rel]}

    def films(self, rel: str, p: str) -> list[str]:
        return sorted(self.kb.subjs(rel, p))

    def dated(self, films: Iterable[str]) -> dict[str, float] | None:
        out: dict[str, float] = {}
        for f in films:
            y = self.kb.year(f)
            if y is None:
                return None
            out[f] = float(y)
        return out

    def era_far(self, rel: str, p: str, year: int, gap: int = 25) -> bool:
        """p's films (for rel) are all at least `gap` years from `year`: a safe 'no' for p and a film of `year`."""
        ys = [self.kb.year(f) for f in self.kb.subjs(rel, p)]
        return bool(ys) and all(y is not None and abs(y - year) >= gap for y in ys)

    # ---- yes/no ------------------------------------------------------------------------------
    def yesno(self, quota: int) -> None:
        kb, rng = self.kb, self.rng
        T = {
            "direct": [
                "Did {p} direct {f}?",
                "Was {f} directed by {p}?",
                "Is {p} the director of {f}?",
                "was {f} a film by {p}?",
            ],
            "write": ["Did {p} write {f}?", "Was {f} written by {p}?", "Is {p} a screenwriter of {f}?"],
            "star": [
                "Did {p} act in {f}?",
                "Was {p} in the cast of {f}?",
                "Does {f} star {p}?",
                "Did {p} appear in {f}?",
            ],
            "year": ["Was {f} released in {y}?", "Did {f} come out in {y}?", "Is {f} a {y} movie?"],
            "genre": ["Is {f} {an_g} {g}?", "Is {f} {an_g} {g} film?", "Is {f} classified as {g}?"],
            "lang": ["Is {f} in {l}?", "Is {f} {an_l} {l}-language film?", "Was {f} made in {l}?"],
        }
        kinds = list(T)
        made, attempts, truth = 0, 0, True
        films = self.rng.sample(self.good, 4000)
        while made < quota and attempts < 4000:
            f = films[attempts]
            attempts += 1
            kind = kinds[attempts % len(kinds)]
            year = kb.year(f)
            assert year is not None
            slots = {"f": f}
            if kind in ("direct", "write", "star"):
                rel, pool_all = {
                    "direct": ("directed_by", self.directors),
                    "write": ("written_by", self.writers),
                    "star": ("starred_actors", self.actors),
                }[kind]
                own = sorted(p for p in kb.objs(f, rel) if kb.good_person(p))
                if truth:
                    if not own:
                        continue
                    p = rng.choice(own)
                else:
                    if not kb.objs(f, rel):
                        continue
                    cand = [rng.choice(pool_all) for _ in range(40)]
                    far = [p for p in cand if p not in kb.objs(f, rel) and self.era_far(rel, p, year)]
                    if not far:
                        continue
                    p = far[0]
                slots["p"] = p
            elif kind == "year":
                slots["y"] = str(year if truth else year + rng.choice([-6, -3, -2, -1, 1, 2, 4, 7]))
            elif kind == "genre":
                own_g = sorted(kb.objs(f, "has_genre"))
                if len(own_g) != 1:
                    continue
                if truth:
                    g = own_g[0]
                else:
                    far_g = METAQA_FAR_GENRES.get(own_g[0])
                    if not far_g:
                        continue
                    g = rng.choice(far_g)
                slots.update(g=g.lower() if rng.random() < 0.5 else g, an_g=an(g))
            elif kind == "lang":
                own_l = sorted(kb.objs(f, "in_language"))
                if len(own_l) != 1:
                    continue
                lang = own_l[0] if truth else rng.choice([x for x in METAQA_LANGUAGES if x != own_l[0]])
                slots.update(l=lang, an_l=an(lang))
            q = self.pick("yn-" + kind, T[kind]).format(**slots)
            if self.qs.add(q, truth, "yesno"):
                made += 1
                truth = not truth

    # ---- count -------------------------------------------------------------------------------
    def count(self, quota: int) -> None:
        kb, rng = self.kb, self.rng
        cands: list[tuple[str, str, int]] = []
        for d in rng.sample(self.directors, 12):
            cands.append(
                (
                    "c-d",
                    self.pick(
                        "c-d",
                        [
                            "How many films did {x} direct?",
                            "How many movies has {x} directed?",
                            "number of films directed by {x}",
                            "{x} directed how many movies?",
                            "How many films were directed by {x}?",
                        ],
                    ).format(x=d),
                    len(self.films("directed_by", d)),
                )
            )
        for a in rng.sample(self.actors, 10):
            cands.append(
                (
                    "c-a",
                    self.pick(
                        "c-a",
                        [
                            "How many movies did {x} act in?",
                            "How many films has {x} starred in?",
                            "In how many films does {x} appear?",
                            "count the films starring {x}",
                        ],
                    ).format(x=a),
                    len(self.films("starred_actors", a)),
                )
            )
        for w in rng.sample(self.writers, 8):
            cands.append(
                (
                    "c-w",
                    self.pick(
                        "c-w",
                        [
                            "How many films did {x} write?",
                            "How many screenplays is {x} credited with?",
                            "How many movies were written by {x}?",
                        ],
                    ).format(x=w),
                    len(self.films("written_by", w)),
                )
            )
        for f in rng.sample(self.good, 60):
            n = len(kb.objs(f, "starred_actors"))
            if n >= 2:
                cands.append(
                    (
                        "c-f",
                        self.pick(
                            "c-f",
                            [
                                "How many actors starred in {x}?",
                                "How many actors are listed for {x}?",
                                "How many cast members does {x} have?",
                            ],
                        ).format(x=f),
                        n,
                    )
                )
            n = len(kb.objs(f, "written_by"))
            if n >= 2:
                cands.append(
                    (
                        "c-fw",
                        self.pick("c-fw", ["How many writers worked on {x}?", "How many people wrote {x}?"]).format(
                            x=f
                        ),
                        n,
                    )
                )
        for d in rng.sample(self.directors, 40):
            fs = self.films("directed_by", d)
            by_g = Counter(g for f in fs for g in kb.objs(f, "has_genre"))
            for g, n in sorted(by_g.items()):
                if 1 <= n < len(fs):
                    q = self.pick(
                        "c-dg", ["How many {g} films did {x} direct?", "How many of {x}'s films are {g} films?"]
                    )
                    cands.append(("c-dg", q.format(g=g.lower(), x=d), n))
                    break
        for a in rng.sample(self.actors, 40):
            vals = self.dated(self.films("starred_actors", a))
            if not vals:
                continue
            ys = sorted(set(vals.values()))
            if len(ys) >= 3:
                cut = int(ys[len(ys) // 3])
                n = sum(1 for v in vals.values() if v > cut)
                if n:
                    cands.append(
                        (
                            "c-ay",
                            self.pick(
                                "c-ay",
                                [
                                    "How many films starring {x} came out after {y}?",
                                    "How many movies with {x} were released after {y}?",
                                ],
                            ).format(x=a, y=cut),
                            n,
                        )
                    )
        rng.shuffle(cands)
        made = 0
        per: Counter[str] = Counter()
        for kind, q, n in cands:
            if made >= quota:
                break
            if 1 <= n <= 30 and per[kind] < 5 and self.qs.add(q, n, "count"):
                made += 1
                per[kind] += 1

    # ---- comparison --------------------------------------------------------------------------
    def comparison(self, quota: int) -> None:
        kb, rng = self.kb, self.rng
        T = {
            "old": [
                "Which is older, {a} or {b}?",
                "Which came out first: {a} or {b}?",
                "which was released earlier, {a} or {b}",
                "{a} or {b}, which film is older?",
            ],
            "new": [
                "Which is more recent, {a} or {b}?",
                "Which came out later: {a} or {b}?",
                "Which film is newer, {a} or {b}?",
                "Of {a} and {b}, which was released last?",
            ],
            "yb": ["Was {a} released before {b}?", "Did {a} come out earlier than {b}?", "Is {a} older than {b}?"],
            "ya": ["Was {a} released after {b}?", "Is {a} newer than {b}?", "Did {a} come out later than {b}?"],
        }
        made, attempts = 0, 0
        pools = [
            self.films(rel, p)
            for rel, ps in (("directed_by", self.directors), ("starred_actors", self.actors))
            for p in rng.sample(ps, 60)
        ]
        while made < quota - 4 and attempts < 500:
            attempts += 1
            fs = [f for f in rng.choice(pools) if f in self.good_set]
            if len(fs) < 2:
                continue
            a, b = rng.sample(fs, 2)
            ya, yb = kb.year(a), kb.year(b)
            assert ya is not None and yb is not None
            if ya == yb:
                continue
            mode = ["old", "new", "yb", "ya"][made % 4]
            want_yes = (made // 4 + made % 4) % 2 == 0  # yes/no forms: as many "no" as "yes"
            if (mode == "yb" and (ya < yb) != want_yes) or (mode == "ya" and (ya > yb) != want_yes):
                a, b, ya, yb = b, a, yb, ya
            q = self.pick("cmp-" + mode, T[mode]).format(a=a, b=b)
            gold: str | bool
            if mode == "old":
                gold = a if ya < yb else b
            elif mode == "new":
                gold = a if ya > yb else b
            else:
                gold = ya < yb if mode == "yb" else ya > yb
            made += self.qs.add(q, gold, "comparison")
        while made < quota and attempts < 1000:
            attempts += 1
            d1, d2 = rng.sample(self.directors, 2)
            n1, n2 = len(self.films("directed_by", d1)), len(self.films("directed_by", d2))
            if n1 == n2:
                continue
            if made % 2:
                q = self.pick(
                    "cmp-dd", ["Who directed more films, {a} or {b}?", "Which director has more films, {a} or {b}?"]
                ).format(a=d1, b=d2)
                made += self.qs.add(q, d1 if n1 > n2 else d2, "comparison")
            else:
                if (n1 > n2) != (made % 4 == 0):
                    d1, d2, n1, n2 = d2, d1, n2, n1
                q = f"Did {d1} direct more movies than {d2}?"
                made += self.qs.add(q, n1 > n2, "comparison")

    # ---- superlative -------------------------------------------------------------------------
    def superlative(self, quota: int) -> None:
        kb, rng = self.kb, self.rng
        cands: list[tuple[str, str]] = []
        specs = [
            (
                "directed_by",
                self.directors,
                [
                    "What is the earliest film directed by {x}?",
                    "Which {x} film came out first?",
                    "What's the oldest movie by {x}?",
                ],
                [
                    "What is the most recent film directed by {x}?",
                    "Which is the latest movie {x} directed?",
                    "What was the last film {x} directed?",
                ],
            ),
            (
                "starred_actors",
                self.actors,
                ["What is the earliest film starring {x}?", "Which movie with {x} was released first?"],
                ["What is the most recent movie {x} acted in?", "Which film starring {x} is the newest?"],
            ),
            (
                "written_by",
                self.writers,
                ["What is the earliest film written by {x}?", "Which film scripted by {x} is the oldest?"],
                ["What is the most recent film written by {x}?", "Which of the films {x} wrote came out last?"],
            ),
        ]
        for rel, people, t_min, t_max in specs:
            for p in rng.sample(people, 40):
                fs = self.films(rel, p)
                if len(fs) < 3:
                    continue
                vals = self.dated(fs)
                if vals is None:
                    continue
                hi = rng.random() < 0.5
                best = unique_extreme(vals, hi)
                if best is None:
                    hi = not hi
                    best = unique_extreme(vals, hi)
                if best is not None:
                    cands.append((self.pick(f"sp-{rel}-{hi}", t_max if hi else t_min).format(x=p), best))
        # aggregates: who most often
        for a in rng.sample(self.actors, 60):
            c = Counter(d for f in self.films("starred_actors", a) for d in kb.objs(f, "directed_by"))
            if c and c.most_common(1)[0][1] >= 2:
                best = unique_extreme({k: float(v) for k, v in c.items()}, True)
                if best:
                    cands.append(
                        (
                            self.pick(
                                "sp-ad",
                                ["Which director has made the most films with {x}?", "Who directed {x} most often?"],
                            ).format(x=a),
                            best,
                        )
                    )
        for d in rng.sample(self.directors, 60):
            c = Counter(a for f in self.films("directed_by", d) for a in kb.objs(f, "starred_actors"))
            if c and c.most_common(1)[0][1] >= 2:
                best = unique_extreme({k: float(v) for k, v in c.items()}, True)
                if best:
                    cands.append(
                        (
                            self.pick(
                                "sp-da",
                                [
                                    "Which actor appears most often in films directed by {x}?",
                                    "Who has starred in the most {x} films?",
                                ],
                            ).format(x=d),
                            best,
                        )
                    )
        rng.shuffle(cands)
        made = 0
        kinds: Counter[str] = Counter()
        for q, gold in cands:
            if made >= quota:
                break
            kind = "agg" if "most films" in q or "most often" in q or "the most" in q else "year"
            if kind == "agg" and kinds[kind] >= quota // 4:
                continue
            if self.qs.add(q, gold, "superlative"):
                made += 1
                kinds[kind] += 1

    # ---- constraint --------------------------------------------------------------------------
    def constraint(self, quota: int) -> None:
        kb, rng = self.kb, self.rng
        cands: list[tuple[str, list[str]]] = []

        def year_filter(fs: list[str], who: str, key: str) -> None:
            vals = self.dated(fs)
            if vals is None or len(set(vals.values())) < 3:
                return
            ys = sorted(set(vals.values()))
            cut = int(ys[rng.randrange(1, len(ys) - 1)])
            op = rng.choice(["after", "before", "between"])
            if op == "after":
                sel = [f for f, y in vals.items() if y > cut]
                q = self.pick(
                    key + "a",
                    [
                        f"Which films {who} were released after {cut}?",
                        f"films {who} after {cut}",
                        f"What movies {who} came out after {cut}?",
                    ],
                )
            elif op == "before":
                sel = [f for f, y in vals.items() if y < cut]
                q = self.pick(
                    key + "b", [f"Which films {who} came out before {cut}?", f"Movies {who} released before {cut}"]
                )
            else:
                lo, hi = cut - rng.choice([2, 4, 6]), cut + rng.choice([1, 3, 5])
                sel = [f for f, y in vals.items() if lo <= y <= hi]
                q = self.pick(
                    key + "r",
                    [f"Which films {who} were released between {lo} and {hi}?", f"films {who} from {lo} to {hi}"],
                )
            if sel and len(sel) < len(vals):
                cands.append((q, sel))

        for d in rng.sample(self.directors, 150):
            year_filter(self.films("directed_by", d), rng.choice([f"directed by {d}", f"by {d}"]), "k-d")
        for a in rng.sample(self.actors, 100):
            year_filter(self.films("starred_actors", a), rng.choice([f"starring {a}", f"with {a}"]), "k-a")
        for d in rng.sample(self.directors, 60):
            fs = self.films("directed_by", d)
            gs = sorted({g for f in fs for g in kb.objs(f, "has_genre")})
            for g in gs:
                sel = [f for f in fs if g in kb.objs(f, "has_genre")]
                if sel and len(sel) < len(fs):
                    cands.append(
                        (
                            self.pick(
                                "k-dg",
                                [
                                    f"Which {g.lower()} films did {d} direct?",
                                    f"Which of {d}'s movies are {g.lower()} films?",
                                    f"{g} films directed by {d}",
                                ],
                            ),
                            sel,
                        )
                    )
                    break
        for a in rng.sample(self.actors, 200):
            fs = self.films("starred_actors", a)
            langs = sorted({lang for f in fs for lang in kb.objs(f, "in_language")} - kb.film_names_exact)
            for lang in langs:
                sel = [f for f in fs if lang in kb.objs(f, "in_language")]
                if sel and len(sel) < len(fs) and lang != "English":
                    cands.append(
                        (
                            self.pick(
                                "k-al",
                                [
                                    f"Which films starring {a} are in {lang}?",
                                    f"Which of {a}'s movies are {lang}-language films?",
                                ],
                            ),
                            sel,
                        )
                    )
                    break
        for d in rng.sample(self.directors, 200):
            fs = self.films("directed_by", d)
            tags = sorted({t for f in fs for t in kb.objs(f, "has_tags")} - METAQA_GENERIC_TAGS)
            for t in tags:
                sel = [f for f in fs if t in kb.objs(f, "has_tags")]
                if (
                    2 <= len(sel) < len(fs)
                    and t.lower() not in kb.film_names
                    and len(t) > 3
                    and t.lower() not in self.person_names
                ):
                    cands.append(
                        (
                            self.pick(
                                "k-dt", [f"Which films by {d} are tagged {t}?", f"Which {d} movies are about {t}?"]
                            ),
                            sel,
                        )
                    )
                    break
        rng.shuffle(cands)
        made = 0
        kinds: Counter[str] = Counter()
        caps = {"tag": 3, "language": 5, "genre": 5, "year": quota}
        for q, gold in cands:
            if made >= quota:
                break
            kind = (
                "tag"
                if "tagged" in q or " about " in q
                else "language"
                if "-language" in q or " in " in q and not any(ch.isdigit() for ch in q)
                else "year"
                if any(ch.isdigit() for ch in q)
                else "genre"
            )
            if kinds[kind] >= caps[kind]:
                continue
            if self.qs.add(q, gold, "constraint"):
                made += 1
                kinds[kind] += 1

    # ---- intersection ------------------------------------------------------------------------
    def intersection(self, quota: int) -> None:
        kb, rng = self.kb, self.rng
        cands: list[tuple[str, str, list[str]]] = []
        for p in rng.sample(sorted(set(self.directors) & set(self.writers)), 30):
            both = sorted(set(self.films("directed_by", p)) & set(self.films("written_by", p)))
            if both:
                cands.append(
                    (
                        "wd",
                        self.pick(
                            "i-wd",
                            [
                                f"Which films did {p} both write and direct?",
                                f"Which movies were written and directed by {p}?",
                                f"films {p} wrote as well as directed",
                            ],
                        ),
                        both,
                    )
                )
        pair_films: dict[tuple[str, str], set[str]] = defaultdict(set)
        for a in rng.sample(self.actors, 300):
            for f in self.films("starred_actors", a):
                for b in kb.objs(f, "starred_actors"):
                    if b != a and b in self.actors:
                        pair_films[tuple(sorted((a, b)))].add(f)  # type: ignore[index]
        pairs = sorted(k for k, v in pair_films.items() if len(v) >= 2)
        for a, b in rng.sample(pairs, min(30, len(pairs))):
            both = sorted(set(self.films("starred_actors", a)) & set(self.films("starred_actors", b)))
            cands.append(
                (
                    "aa",
                    self.pick(
                        "i-aa",
                        [
                            f"Which films star both {a} and {b}?",
                            f"In which movies did {a} and {b} act together?",
                            f"What films feature both {a} and {b}?",
                        ],
                    ),
                    both,
                )
            )
        for a, b in rng.sample(pairs, min(30, len(pairs))):
            fa = [f for f in self.films("starred_actors", a) if f in self.good_set]
            fb = [f for f in self.films("starred_actors", b) if f in self.good_set and f not in fa]
            if fa and fb:
                f1, f2 = rng.choice(fa), rng.choice(fb)
                both = sorted(kb.objs(f1, "starred_actors") & kb.objs(f2, "starred_actors"))
                if both:
                    cands.append(
                        (
                            "ff",
                            self.pick(
                                "i-ff",
                                [
                                    f"Who starred in both {f1} and {f2}?",
                                    f"Which actors appear in both {f1} and {f2}?",
                                    f"Who acted in {f1} and also in {f2}?",
                                ],
                            ),
                            both,
                        )
                    )
        for d in rng.sample(self.directors, 300):
            fs = self.films("directed_by", d)
            c = Counter(a for f in fs for a in kb.objs(f, "starred_actors") if a in self.actors)
            for a, n in sorted(c.items()):
                if n >= 2 and n < len(fs):
                    sel = sorted(set(fs) & set(self.films("starred_actors", a)))
                    cands.append(
                        (
                            "da",
                            self.pick(
                                "i-da",
                                [
                                    f"Which films were directed by {d} and star {a}?",
                                    f"Which movies did {d} direct with {a} in the cast?",
                                    f"films directed by {d} starring {a}",
                                ],
                            ),
                            sel,
                        )
                    )
                    break
        by_actor: dict[str, set[str]] = defaultdict(set)
        dirs = rng.sample(self.directors, 400)
        for d in dirs:
            for f in self.films("directed_by", d):
                for a in kb.objs(f, "starred_actors"):
                    by_actor[a].add(d)
        dpairs: dict[tuple[str, str], set[str]] = defaultdict(set)
        for a, ds in sorted(by_actor.items()):
            ds_sorted = sorted(ds)
            for i, d1 in enumerate(ds_sorted):
                for d2 in ds_sorted[i + 1 :]:
                    dpairs[(d1, d2)].add(a)
        for d1, d2 in rng.sample(sorted(dpairs), min(30, len(dpairs))):
            cands.append(
                (
                    "dd",
                    self.pick(
                        "i-dd",
                        [
                            f"Which actors have worked with both {d1} and {d2}?",
                            f"Who acted in films by both {d1} and {d2}?",
                        ],
                    ),
                    sorted(dpairs[(d1, d2)]),
                )
            )
        rng.shuffle(cands)
        made = 0
        per: Counter[str] = Counter()
        for kind, q, gold in cands:
            if made >= quota:
                break
            if per[kind] >= quota // 4 or len(gold) > 12:
                continue
            if self.qs.add(q, gold, "intersection"):
                made += 1
                per[kind] += 1

    # ---- summary -----------------------------------------------------------------------------
    def summary(self, quota: int) -> None:
        kb, rng = self.kb, self.rng
        T_any = [
            "Tell me about {x}",
            "Give me an overview of {x}",
            "What do you know about {x}?",
            "Describe {x}.",
            "What can you tell me about {x}?",
            "Summarize {x}",
        ]
        films = [f for f in rng.sample(self.good, 200) if sum(len(v) for v in kb.out[f].values()) >= 6]
        people = rng.sample(self.directors, quota // 2)
        for f in films[: quota - quota // 2]:
            self.qs.add(self.pick("s-f", ["What is {x}?", "What is the movie {x}?"] + T_any).format(x=f), f, "summary")
        for p in people:
            self.qs.add(self.pick("s-p", ["Who is {x}?", "Who is the director {x}?"] + T_any).format(x=p), p, "summary")

    # ---- path --------------------------------------------------------------------------------
    def path(self, quota: int) -> None:
        kb, rng = self.kb, self.rng
        cands: list[tuple[str, list[str]]] = []
        for f in rng.sample(self.good, 12):
            cands.append(
                (
                    self.pick(
                        "p-f", [f"Who directed {f}?", f"who was the director of {f}", f"{f} was directed by whom?"]
                    ),
                    sorted(kb.objs(f, "directed_by")),
                )
            )
            if kb.objs(f, "written_by"):
                cands.append((f"Who wrote {f}?", sorted(kb.objs(f, "written_by"))))
            cands.append(
                (
                    self.pick("p-y", [f"When was {f} released?", f"What year did {f} come out?"]),
                    sorted(kb.objs(f, "release_year")),
                )
            )
            if kb.objs(f, "has_genre"):
                cands.append((f"What genre is {f}?", sorted(kb.objs(f, "has_genre"))))
        for a in rng.sample(self.actors, 6):
            if len(self.films("starred_actors", a)) <= 10:
                cands.append(
                    (
                        self.pick("p-a", [f"Which films did {a} act in?", f"What movies has {a} starred in?"]),
                        self.films("starred_actors", a),
                    )
                )
        for d in rng.sample(self.directors, 6):
            cands.append((f"Which movies did {d} direct?", self.films("directed_by", d)))
            actors = sorted({a for f in self.films("directed_by", d) for a in kb.objs(f, "starred_actors")})
            if 2 <= len(actors) <= 12:
                cands.append((f"Who acted in the films directed by {d}?", actors))
        rng.shuffle(cands)
        made = 0
        for q, gold in cands:
            if made >= quota:
                break
            if gold:
                made += self.qs.add(q, gold, "path")


def build_metaqa(path: Path) -> QuestionSet:
    kb = MetaKB(path)
    qs = QuestionSet(random.Random(SEED + 2))
    m = MetaQA(kb, qs)
    m.yesno(24)
    m.count(22)
    m.comparison(22)
    m.superlative(22)
    m.constraint(22)
    m.intersection(20)
    m.summary(14)
    m.path(18)
    return qs


# --------------------------------------------------------------------------------------------------


PACK_HEADER = [
    "Compositional questions over the {pack} pack (knowledge/{pack}), gold computed from the pack by",
    "benchmarks/compositional/generate.py. Gold is closed-world: what the pack says, counted in the pack.",
]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--metaqa-kb", type=Path, default=DEFAULT_METAQA, help="MetaQA kb.txt.gz")
    ap.add_argument("--out", type=Path, default=HERE, help="where the .tsv files go")
    ap.add_argument("--check", action="store_true", help="fail if the files on disk differ from a fresh run")
    args = ap.parse_args(argv)
    sets = {"movies.tsv": build_movies(), "solar.tsv": build_solar()}
    outputs = {
        name: write_tsv([h.format(pack=name[:-4]) for h in PACK_HEADER] + [counts_line(qs)], qs)
        for name, qs in sets.items()
    }
    if args.metaqa_kb.exists():
        sets["metaqa.tsv"] = build_metaqa(args.metaqa_kb)
        outputs["metaqa.tsv"] = write_tsv([*METAQA_HEADER, counts_line(sets["metaqa.tsv"])], sets["metaqa.tsv"])
    else:
        print(f"MetaQA KB not found at {args.metaqa_kb}: metaqa.tsv not written", file=sys.stderr)
    status = 0
    for name, text in outputs.items():
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                print(f"{target} differs from a fresh run", file=sys.stderr)
                status = 1
        else:
            target.write_text(text, encoding="utf-8")
        print(f"{name}: {counts_line(sets[name])}")
    return status


if __name__ == "__main__":
    sys.exit(main())
