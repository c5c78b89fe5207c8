"""Scoring relation chains against a question.

A chain's score (``chain_score``) adds up features that compare it with the question: the cosine
between the question (entity masked) and the chain's relation labels ("directed by written by"),
lexical cues (does a question word name each hop; what share of the question's relation words does
the chain name; is a multi-word name there as a phrase; which relation word stands next to the
entity and which next to the wh-word), the class the question asks for ("which *films*"), whether a
relation used twice is licensed ("the *same* director"), and priors for shorter chains, stronger
mentions and smaller answer sets. The weights live in ``RetrievalSettings`` (tuned on MetaQA dev).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np
from rdflib.term import Literal, Node

from ..representation.embedders.base import Embedder
from ..representation.graph import KnowledgeGraph
from ..settings import RetrievalSettings
from ..text import STOPWORDS, VAGUE_RELATION_WORDS, WH_WORDS, normalize, noun_forms, same_form, same_word
from .linking import Mention
from .paths import Hop, PathResult, RelationPath, chain_text, comes_back, relation_text
from .shapes import ORDER_WORDS, TIME_NOUNS
from .values import looks_like_year, value_of


def chain_score(f: dict[str, float], w: RetrievalSettings) -> float:
    """A relation chain's score from its features (see ``ChainScorer.features``) and the weights."""
    return (
        f["dense"]
        + w.hop_cover_weight * f["hop_cover"]
        + w.question_cover_weight * f["question_cover"]
        - w.hop_penalty * f["extra_hops"]
        + w.mention_weight * f["mention"]
        + w.type_weight * f["type"]
        + w.repeat_weight * f["repeat"]
        - w.kind_penalty * f.get("kind", 0.0)
        - w.inside_penalty * f.get("inside", 0.0)
        - w.size_weight * f["size"]
        + w.phrase_weight * f.get("phrase", 0.0)
        + w.first_weight * f.get("first", 0.0)
        + w.last_weight * f.get("last", 0.0)
        + f.get("trained", 0.0)  # a trained matcher's cosine, already weighted (``TrainingSettings``)
    )


#: Words before "of" that pick members of the set after it ("which *of* the states", "the *names of*
#: the rivers"): the set's class is what is asked.
_SET_WORDS = frozenset(
    ["many", "much", "each", "all", "some", "any", "one", "none", "most", "few", "both", "name", "names", "list"]
)


#: Words that say two things share something ("films with the *same* director", "*co*-stars"):
#: they license a chain that uses one relation twice (film → director → film).
SHARING_WORDS = frozenset(
    [
        "same",
        "also",
        "other",
        "others",
        "together",
        "share",
        "shares",
        "shared",
        "sharing",
        "co",
        "similar",
        "both",
        "another",
        "fellow",
        "alongside",
    ]
)


@dataclass
class ScoredPath:
    """A relation chain from a linked entity, with its score and answer set."""

    result: PathResult
    score: float
    mention: Mention
    answers: list[Node]
    lexical: float = 0.0
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class HopCue:
    """What a question says about one relation: the words naming it, and where they stand."""

    words: frozenset[str]  # the relation's own content words, with its cue words
    label_words: frozenset[str]  # its names' words only: what can restate it ("director ... directed")
    names: frozenset[str]  # question words that name it
    named: bool
    weakly: bool  # named only by words of its gloss (``Labels.glossed``) or vague ones (``VAGUE_RELATION_WORDS``)
    phrase: float  # a multi-word name of it occurs as a phrase
    first: bool  # the relation word nearest the entity mention names it
    last: bool  # the relation word nearest the wh-word names it


@dataclass(frozen=True)
class Question:
    """What scoring needs to know of the question, for chains from one mention."""

    tokens: list[str]
    mention: Mention
    mention_share: float
    asked_types: set[Node]
    asks_time: bool = False  # "when ...": answers that are points in time fit
    asks: str = ""  # the kind of answer the wh-word asks for (``shapes.answer_kind``): thing, time, value
    focus: str = ""  # the noun "what"/"which" asks for (``shapes.focus_noun``): "what are the *capitals* of"
    focus_classes: frozenset[Node] = frozenset()  # the classes that noun names ("which *elements*")
    who: str = ""  # the noun "who is/are" asks for (``shapes.who_noun``): "who are the *children* of X"


def _answers(r: PathResult, node: Node, linked: set[Node], named: bool) -> bool:
    """Whether an end node answers the chain: any node the question does not name, and the chain's
    own start when only facts that loop on it reach it (the graph says X's recording is X), or when
    a chain the question ``named`` step by step comes back to it by relations all different, through
    one thing ("the elements in the ore mercury is mined from": mercury too; "who killed Oedipus's
    father": Oedipus). A chain that comes back to X along a relation it used, as co-stars and neighbours'
    neighbours do, does not answer X; nor does an unnamed round trip (Hawaii's capital's state)."""
    if node not in linked:
        return True
    if node != r.start:
        return False
    return all(t[0] == t[2] for t in r.ends[node]) or comes_back(r, named)


class Cues(dict[Hop, HopCue]):
    """Per-hop cues of one question and mention, and how often each relation-naming word occurs."""

    def __init__(self, rel_counts: dict[str, int]) -> None:
        super().__init__()
        self.rel_counts = rel_counts
        self.n_rel_words = sum(rel_counts.values())
        self.wording: dict[RelationPath, dict[str, float]] = {}  # see ChainScorer.wording

    def cover(self, named: set[str]) -> float:
        """Share of the question's relation words (with repeats) that a chain's relations name."""
        return sum(self.rel_counts[w] for w in named) / self.n_rel_words if self.n_rel_words else 0.0


class ChainVectors:
    """Vectors of relation chains' label texts by one embedder, kept across questions (keyed by the
    text, so an edit of names leaves them valid)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vec in zip(missing, self.embedder.embed(missing), strict=True):
                self._vectors[text] = vec
        return [self._vectors[t] for t in texts]

    def prepare(self, texts: list[str], cache: Path | None = None) -> int:
        """Embed these texts now; with ``cache`` (a directory), keep the vectors there, keyed by the
        embedder and the texts, for the next process to read instead. Returns how many were embedded."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if not missing:
            return 0
        key = hashlib.sha256("\n".join([self.embedder.name, str(self.embedder.dimension), *missing]).encode())
        kept = cache / f"{key.hexdigest()[:24]}.npy" if cache is not None else None
        if kept is not None and kept.exists():
            try:
                vectors = np.load(kept)
            except (OSError, ValueError):  # damaged: embedded again and rewritten below
                vectors = None
            if vectors is not None and vectors.shape == (len(missing), self.embedder.dimension):
                self._vectors.update(zip(missing, vectors, strict=True))
                return 0
        for start in range(0, len(missing), 256):
            self(missing[start : start + 256])
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                np.save(f, np.stack([self._vectors[t] for t in missing]))
            os.replace(tmp, kept)
        return len(missing)


#: A question's vectors: by the embedder, and by the trained chain matcher when one is used.
Query = tuple[np.ndarray, np.ndarray | None]


class ChainScorer:
    """Features and scores of relation chains for one graph and embedder, with the per-relation
    texts, words and vectors cached across questions (``refresh`` drops them after an edit)."""

    def __init__(self, graph: KnowledgeGraph, embedder: Embedder, settings: RetrievalSettings) -> None:
        self.graph = graph
        self.embedder = embedder
        self.settings = settings
        self.vectors = ChainVectors(embedder)
        #: a chain matcher trained on the pack (``training``): its cosine is one more feature
        self.trained: ChainVectors | None = None
        self.trained_weight = 1.0
        self._hop_word_cache: dict[tuple[Hop, bool], frozenset[str]] = {}
        self._relation_texts: dict[tuple[Hop, ...], str] = {}
        self._matcher_texts: dict[tuple[Hop, ...], str] = {}
        self._hop_phrase_cache: dict[Hop, tuple[tuple[str, ...], ...]] = {}
        self._class_words: dict[str, set[Node]] | None = None
        self._class_names: set[tuple[str, ...]] | None = None

    def use_matcher(self, matcher: Embedder | None, weight: float = 1.0) -> None:
        """Add a trained matcher's cosine, times ``weight``, to chains' scores (None: none)."""
        if matcher is None or self.trained is None or self.trained.embedder is not matcher:
            self.trained = ChainVectors(matcher) if matcher is not None else None
        self.trained_weight = weight

    def refresh(self) -> None:
        """Forget what depends on names, cue words and classes (an edit changed them); vectors are
        kept, as they are keyed by the text they embed."""
        self._hop_word_cache.clear()
        self._relation_texts.clear()
        self._matcher_texts.clear()
        self._hop_phrase_cache.clear()
        self._class_words = None
        self._class_names = None

    def chain_score(self, features: dict[str, float]) -> float:
        return chain_score(features, self.settings)

    def prepare_chains(self, predicates: Iterable[Node], cache: Path | None = None) -> int:
        """Embed the label text of every relation chain of up to ``max_hops`` of these predicates
        (direction does not change the text) now, so that no question waits for one; skipped when
        there would be more than ``prepare_chain_limit`` texts. With ``cache`` (a directory), the
        vectors are kept there, keyed by the embedder and the texts, for the next process to read
        instead of embedding them again. Returns how many were embedded."""
        preds = sorted(set(predicates), key=str)
        chains: list[tuple[Node, ...]] = [()]
        texts: list[str] = []
        for _ in range(self.settings.max_hops):
            chains = [(*c, p) for c in chains for p in preds]
            texts += [relation_text(tuple(Hop(p, True) for p in c), self.graph.labels) for c in chains]
            if len(texts) > self.settings.prepare_chain_limit:
                return 0
        embedded = self.vectors.prepare(texts, cache)
        if self.trained is not None:  # the matcher reads each hop's direction: every way round
            hops = [Hop(p, f) for p in preds for f in (True, False)]
            paths: list[RelationPath] = [()]
            directed: list[str] = []
            for _ in range(self.settings.max_hops):  # the shorter chains, at least, up to 4x the limit
                paths = [(*c, h) for c in paths for h in hops]
                if len(directed) + len(paths) > 4 * self.settings.prepare_chain_limit:
                    break
                directed += [chain_text(c, self.graph.labels) for c in paths]
            embedded += self.trained.prepare(directed, cache)
        return embedded

    @staticmethod
    def _repeat(relations: RelationPath, words: list[frozenset[str]], tokens: list[str], mention: Mention) -> float:
        """+1 when a chain uses a relation twice and the question licenses it (a sharing word, or the
        relation named as often as it is used), -1 when it does not, 0 for no repeated relation.
        ``words``: each hop's label words (a cue word says which relation is asked, not how often)."""
        if len({h.predicate for h in relations}) == len(relations):
            return 0.0
        outside = [i for i in range(len(tokens)) if not (mention.start <= i < mention.end)]
        if any(tokens[i] in SHARING_WORDS for i in outside):
            return 1.0
        counts: dict[Node, int] = {}
        hop_words: dict[Node, frozenset[str]] = {}
        for hop, ws in zip(relations, words, strict=True):
            counts[hop.predicate] = counts.get(hop.predicate, 0) + 1
            hop_words[hop.predicate] = ws
        for p, n in counts.items():
            if n > 1 and _namings(tokens, outside, hop_words[p]) < n:
                return -1.0
        return 1.0

    def asked_types(self, tokens: list[str], mentions: list[Mention]) -> set[Node]:
        """Classes the question names outside its entity mentions ("which films ...")"""
        if self._class_words is None:
            self._class_words = {}
            for cls in self.graph.taxonomy.classes:
                for name in self.graph.labels.all_names(cls):
                    for w in normalize(name).split():
                        if w not in STOPWORDS:
                            self._class_words.setdefault(w, set()).add(cls)
        inside = {i for m in mentions for i in range(m.start, m.end)}
        found: set[Node] = set()
        for i, t in enumerate(tokens):
            if i not in inside and not self._owner(tokens, i):
                found |= self._classes_named(t)
        return found

    @staticmethod
    def picks_members(word: str) -> bool:
        """Whether a word before "of" picks members of the set after it (``_SET_WORDS``)."""
        return word in _SET_WORDS

    def _owner(self, tokens: list[str], at: int) -> bool:
        """Whether the class word at ``at`` names what the asked thing belongs to: "the capital *of
        the state* that ...", "the population of the largest *city*" ask for a capital and a number;
        "which of the *states*", "the names of the *rivers*" ask for states and rivers."""
        i = at - 1
        while i >= 0 and (tokens[i] in ("the", "a", "an") or tokens[i] in ORDER_WORDS):
            i -= 1
        if i < 1 or tokens[i] != "of":
            return False
        head = tokens[i - 1]
        return head not in WH_WORDS and head not in _SET_WORDS and not self._classes_named(head)

    def _time_share(self, answers: list[Node], hop: Hop) -> float:
        """Share of (a sample of) answers that are years or dates."""
        sample = answers[: self.settings.type_sample]
        return sum(self._is_time(n, hop) for n in sample) / len(sample) if sample else 0.0

    def _is_time(self, node: Node, hop: Hop) -> bool:
        """Whether an answer reads as a point in time: a year or a date by its value, a whole number
        along a relation named a year or a date ("year completed": -432 is 432 BC), or a thing along a
        relation named a season or a period ("flowering season": spring)."""
        v = value_of(node, self.graph.labels)
        if v is not None and looks_like_year(v):
            return True
        if not hop.forward:
            return False
        name = set(normalize(self.graph.labels.predicate_label(hop.predicate)).split())
        if v is None:  # a thing along a relation named a season or a period
            return not isinstance(node, Literal) and bool(name & _TIME_SPANS)
        return bool(name & TIME_NOUNS) and v.amount == int(v.amount)  # (an "age at death" is no year)

    def _class_named(self, cues: Cues, types: set[Node]) -> set[str]:
        """The question's relation words that name one of these classes."""
        assert self._class_words is not None  # read by ``asked_types`` before any chain is scored
        return {w for w in cues.rel_counts if self._classes_named(w) & types}

    def _other_class(self, answers: list[Node], classes: frozenset[Node]) -> float:
        """1.0 when (a sample of) the answers hold nothing of the classes the focus noun names ("which
        *elements* discovered in Paris are named after a country" answered with countries), 0.5 when
        a few (under a fifth: the class then picks them out of the chain's answers, "which *bridges*
        are in the US" of all the things located there), 0 when more."""
        sample = answers[: self.settings.type_sample]
        taxonomy = self.graph.taxonomy
        if not sample:
            return 0.0
        share = sum(any(taxonomy.is_a(a, c) for c in classes) for a in sample) / len(sample)
        return 1.0 if share == 0 else 0.5 if share < 0.2 else 0.0

    def focus_classes(self, tokens: list[str], at: int) -> frozenset[Node]:
        """The classes whose name stands at ``at`` (``names_class``), or whose head noun it is."""
        if not self.names_class(tokens, at):
            return frozenset()
        word = tokens[at]
        found = set(self._classes_named(word)) if self._class_words is not None else set()
        labels = self.graph.labels
        for c in self.graph.taxonomy.classes:
            for name in labels.all_names(c):
                words = normalize(name).split()
                if words and (same_form(word, words[-1]) or same_form(word, words[0])):
                    found.add(c)
        return frozenset(found)

    def names_class(self, tokens: list[str], at: int) -> bool:
        """Whether a class's name stands at ``at``, ending on its head noun, singular or plural
        ("which *elements*", "which *noble gases*"; not "the *chemical* symbol")."""
        if self._class_names is None:
            self._class_names = {
                tuple(normalize(name).split())
                for c in self.graph.taxonomy.classes
                for name in self.graph.labels.all_names(c)
            }
        for name in self._class_names:
            for j in range(at, min(len(tokens), at + len(name))):
                before = list(name[len(name) - 1 - (j - at) : -1])
                if name and same_form(tokens[j], name[-1]) and tokens[at:j] == before:
                    return True
        return False

    def _classes_named(self, word: str) -> set[Node]:
        """The classes a question word names, singular or plural (``text.noun_forms``)."""
        assert self._class_words is not None
        return {c for form in noun_forms(word) for c in self._class_words.get(form, ())}

    def _kind_miss(self, answers: list[Node], asks: str, hop: Hop) -> float:
        """1.0 when (a sample of) the answers are of another kind than asked: values for a thing
        ("who", "where"), things for a time ("when", "what year") or a value ("how tall")."""
        sample = answers[: self.settings.type_sample]
        if not asks or not sample:
            return 0.0
        values = [value_of(n, self.graph.labels) for n in sample]
        valued = sum(v is not None for v in values) / len(sample)
        if asks == "thing":  # a thing is no number, date or text ("Ne" is not the element neon)
            return float(
                sum(v is not None or isinstance(n, Literal) for v, n in zip(values, sample, strict=True)) / len(sample)
                > 0.5
            )
        if asks == "time":
            return float(sum(self._is_time(n, hop) for n in sample) / len(sample) < 0.5)
        return float(valued < 0.5)  # a value

    def _wrong_end(self, relations: RelationPath, focus: str) -> float:
        """1.0 when the question's focus noun is the one-word name of the chain's last relation, read
        backwards, or of an earlier one read forwards: a noun that names a relation ("capital",
        "author") names its object, so "the *capitals* of the states ..." must end on capitals, not on
        the states they are capitals of, nor on what lies past them."""
        if not focus:
            return 0.0
        labels = self.graph.labels

        def names(hop: Hop) -> bool:
            name = normalize(labels.predicate_label(hop.predicate)).split()
            return len(name) == 1 and same_form(focus, name[0])

        last = relations[-1]
        if not last.forward and names(last):
            return 1.0
        # "the *capitals* of the states that border X" end on the capitals, not on what lies past them
        return float(any(hop.forward and names(hop) for hop in relations[:-1]) and not names(last))

    def _converse_end(self, relations: RelationPath, noun: str) -> float:
        """1.0 when a noun for the other side of the chain's last relation ("which *children* of X",
        "who are the *children* of X" over ``father``) ends it forwards (on X's father)."""
        last = relations[-1]
        return float(bool(noun) and last.forward and noun in self.graph.labels.converse_words(last.predicate))

    def _type_match(self, answers: list[Node], types: set[Node]) -> float:
        """Share of (a sample of) answers that are of a class the question asks for."""
        if not types:
            return 0.0
        sample = answers[: self.settings.type_sample]
        taxonomy = self.graph.taxonomy
        hits = sum(any(taxonomy.is_a(a, t) for t in types) for a in sample)
        return min(1.0, hits / len(sample))

    @staticmethod
    def _anchors(
        tokens: list[str], mention: Mention, hop_words: dict[Hop, frozenset[str]]
    ) -> tuple[str | None, str | None]:
        """The relation word nearest the entity mention, and the one that names the outermost
        relation: nearest the wh-word, or the last one when all follow the entity."""
        positions = [
            i
            for i, t in enumerate(tokens)
            if not (mention.start <= i < mention.end)
            and t not in STOPWORDS
            and any(same_word(t, x) for ws in hop_words.values() for x in ws)
        ]
        if not positions:
            return None, None

        def distance(i: int) -> int:
            return mention.start - i if i < mention.start else i - mention.end + 1

        near_mention = tokens[min(positions, key=distance)]
        wh = [i for i, t in enumerate(tokens) if t in WH_WORDS and not (mention.start <= i < mention.end)]
        if not wh:
            return near_mention, None
        if wh[0] < mention.start and min(positions) >= mention.end:
            # every relation word follows the entity: "what is X's genre's artist" nests the other
            # way round, and the outermost relation is the one said last
            return near_mention, tokens[max(positions)]
        return near_mention, tokens[min(positions, key=lambda i: abs(i - wh[0]))]

    def _phrase_in(self, hop: Hop, tokens: list[str]) -> float:
        """1.0 when a multi-word name of the relation occurs in the question as a phrase."""
        for phrase in self._hop_phrases(hop):
            n = len(phrase)
            for i in range(len(tokens) - n + 1):
                if all(same_word(tokens[i + j], phrase[j]) for j in range(n)):
                    return 1.0
        return 0.0

    def _class_in_name(self, hop: Hop, word: str) -> bool:
        """Whether a question word is a class's name that the relation has only inside a longer name:
        "gods" in "which of Gaia's children are gods" is the class *deity* (alt label "god"), not the
        relation *god of*, unless the question says "god of"."""
        if self._class_words is None or not self._classes_named(word):
            return False
        labels = self.graph.labels
        names = [normalize(n).split() for n in labels.relation_names(hop.predicate)]
        inside = [n for n in names if any(same_form(word, x) for x in n)]
        return bool(inside) and all(len(n) > 1 for n in inside)

    def _hop_phrases(self, hop: Hop) -> tuple[tuple[str, ...], ...]:
        phrases = self._hop_phrase_cache.get(hop)
        if phrases is None:
            phrases = self._hop_phrase_cache[hop] = hop.phrases(self.graph.labels)
        return phrases

    def relation_text(self, relations: tuple[Hop, ...]) -> str:
        text = self._relation_texts.get(relations)
        if text is None:
            text = self._relation_texts[relations] = relation_text(relations, self.graph.labels)
        return text

    def matcher_text(self, relations: tuple[Hop, ...]) -> str:
        """The text the trained matcher reads for a chain (``paths.chain_text``: direction included)."""
        text = self._matcher_texts.get(relations)
        if text is None:
            text = self._matcher_texts[relations] = chain_text(relations, self.graph.labels)
        return text

    def _hop_words(self, hop: Hop, cues: bool = True) -> frozenset[str]:
        words = self._hop_word_cache.get((hop, cues))
        if words is None:
            words = self._hop_word_cache[hop, cues] = hop.words(self.graph.labels, cues=cues)
        return words

    def hop_cues(self, hops: set[Hop], tokens: list[str], q_words: list[str], mention: Mention) -> Cues:
        """What the question says about each relation reachable from a mention, computed once per hop."""
        hop_words = {h: self._hop_words(h) for h in hops}
        # Question words that name some relation reachable from here: what the question asks about.
        rel_words = {w for w in q_words if any(same_word(w, x) for ws in hop_words.values() for x in ws)}
        vague = frozenset(w for w in q_words if w in VAGUE_RELATION_WORDS)  # "associated with": any relation
        rel_words |= vague
        near_mention, near_wh = self._anchors(tokens, mention, hop_words)
        cues = Cues({w: q_words.count(w) for w in rel_words})
        glossed = self.graph.labels.glossed
        for h, ws in hop_words.items():
            phrase = self._phrase_in(h, tokens)
            names = vague | frozenset(
                w for w in rel_words if any(same_word(w, x) for x in ws) and (phrase or not self._class_in_name(h, w))
            )
            plain = ws - frozenset(glossed.get(h.predicate, ()))
            cues[h] = HopCue(
                words=ws,
                label_words=self._hop_words(h, cues=False),
                names=names,
                named=bool(names),
                weakly=bool(names) and not any(same_word(w, x) for w in names - vague for x in plain),
                phrase=phrase,
                first=near_mention is not None and any(same_word(near_mention, x) for x in ws),
                last=near_wh is not None and any(same_word(near_wh, x) for x in ws),
            )
        return cues

    def wording(self, relations: RelationPath, ctx: Question, cues: Cues) -> dict[str, float]:
        """A chain's features that depend on its relations and the question's words alone, computed
        once per chain and mention (bounds, scores and an exact second pass all need them)."""
        f = cues.wording.get(relations)
        if f is None:
            hops = [cues[h] for h in relations]
            named: set[str] = set().union(*(c.names for c in hops))
            f = cues.wording[relations] = {
                "hop_cover": sum(c.named for c in hops) / len(hops),
                "question_cover": cues.cover(named),
                "extra_hops": float(len(hops) - 1),
                "mention": ctx.mention_share,
                "repeat": (repeat := self._repeat(relations, [c.label_words for c in hops], ctx.tokens, ctx.mention)),
                "detour": _detour(
                    relations, [c.names for c in hops], ctx.tokens, repeat, _said_before(ctx, hops[0].names)
                ),
                "phrase": sum(c.phrase for c in hops) / len(hops),
                "weakly_named": float(any(c.weakly for c in hops)),
                # English nests relations: "the director of X" is the first hop, the word next
                # to the wh-word ("who acted in ...") names the last one.
                "first": float(hops[0].first),
                "last": float(hops[-1].last),
            }
        return f

    def _features(
        self,
        relations: RelationPath,
        ctx: Question,
        cues: Cues,
        sim: float,
        answers: list[Node] | None,
        trained: float | None = None,
    ) -> dict[str, float]:
        """A chain's features (see ``chain_score``); without ``answers``, the most its
        answer-dependent features could give (the best asked-class match, one answer)."""
        f = {"dense": float(sim), **self.wording(relations, ctx, cues)}
        if trained is not None:
            f["trained"] = self.trained_weight * trained
        f["type"] = self._type_match(answers, ctx.asked_types) if answers is not None else float(bool(ctx.asked_types))
        if ctx.asks_time:
            f["type"] = max(f["type"], self._time_share(answers, relations[-1]) if answers is not None else 1.0)
        if ctx.asked_types and f["type"] >= 0.5:
            # a word that names the class of the chain's answers ("which *states* border X", where
            # "state" also names another relation) is accounted for by them
            named = {w for h in relations for w in cues[h].names} | self._class_named(cues, ctx.asked_types)
            f["question_cover"] = cues.cover(named)
        f["kind"] = self._kind_miss(answers, ctx.asks, relations[-1]) if answers is not None else 0.0
        f["kind"] = max(
            f["kind"],
            self._wrong_end(relations, ctx.focus),
            self._converse_end(relations, ctx.focus),
            self._converse_end(relations, ctx.who),
        )
        if answers is not None and ctx.focus_classes and not f["kind"]:
            f["kind"] = self._other_class(answers, ctx.focus_classes)
        f["size"] = float(np.log10(len(answers))) if answers else 0.0
        return f

    def _similarities(self, chains: list[RelationPath], q: Query) -> tuple[np.ndarray, list[float | None]]:
        """Each chain's cosine to the question by the embedder, and by the trained matcher if any."""
        texts = [self.relation_text(c) for c in chains]
        dense = np.stack(self.vectors(texts)) @ q[0]
        if self.trained is None or q[1] is None:
            return dense, [None] * len(chains)
        matched = [self.matcher_text(c) for c in chains]
        return dense, [float(x) for x in np.stack(self.trained(matched)) @ q[1]]

    def score(self, results: list[PathResult], ctx: Question, cues: Cues, q: Query, linked: set[Node]) -> list[
        ScoredPath
    ]:  # fmt: skip
        if not results:
            return []
        dense, trained = self._similarities([r.relations for r in results], q)
        out = []
        for r, sim, tr in zip(results, dense, trained, strict=True):
            if linked.isdisjoint(r.ends):
                answers = list(r.ends)
            else:
                named = self.wording(r.relations, ctx, cues)["hop_cover"] >= 1.0
                answers = [n for n in r.ends if _answers(r, n, linked, named)]
            # a chain that reaches only entities of the question answers nothing, but checks a claim
            # ("Is X the director of Y?"): kept, with no answers
            features = self._features(r.relations, ctx, cues, float(sim), answers or list(r.ends), tr)
            features["inside"] = _inside_share(r)
            if features["detour"]:  # of another thing than the one named: no reading of the question
                continue
            out.append(ScoredPath(r, self.chain_score(features), ctx.mention, answers, features["hop_cover"], features))
        return out

    def bounds(self, chains: list[RelationPath], ctx: Question, cues: Cues, q: Query) -> list[float]:
        """The best score each chain could reach, before walking it."""
        dense, trained = self._similarities(chains, q)
        return [
            self.chain_score(self._features(c, ctx, cues, float(sim), None, tr))
            for c, sim, tr in zip(chains, dense, trained, strict=True)
        ]


#: Words that join a noun to the clause that restates it ("the director *that* directed X").
RELATIVE_WORDS = frozenset(["that", "who", "which", "whom", "whose"])
#: What may stand between two words that name one relation once ("composed *the* music").
RESTATING = RELATIVE_WORDS | {"a", "an", "the"}


#: Names of relations whose things are times of the year or of history ("flowering season": spring,
#: "period": the Romantic era): "when" asks for them.
_TIME_SPANS = frozenset(["season", "period", "era", "age", "epoch"])


def _inside_share(r: PathResult) -> float:
    """The share of a chain's ends whose first step reaches them only through what is inside the start
    (born in Paris, for "French people"; see ``paths.Neighbourhoods._inside``)."""
    if not r.ends or not r.relations or r.relations[0].forward:
        return 0.0
    sample = list(islice(r.ends.values(), 50))
    return sum(bool(chain) and chain[0][2] != r.start for chain in sample) / len(sample)


def _detour(
    relations: RelationPath, names: list[frozenset[str]], tokens: list[str], repeat: float = 0.0, first: bool = False
) -> float:
    """1.0 when a chain steps out along a relation and back along one into another subject, a step of
    the two named by no word and no word saying that things share something: "when was the Parthenon
    finished" read as the Parthenon's former use, the buildings that now have that use, their years
    ("the actors of the films by the *director* of X" names both steps, the way back by "director" too).
    Out and back along one relation, its name said once does not name both steps (``repeat`` below
    0): "how tall does the giant water lily *grow*" is no question about the plants grown for the
    same use; nor, in and out along a relation no word names, about the plants the garden famous for
    the lily is famous for. A word before the name that names the first step says what is reached
    there ("who starred in movies for *the director of* Five": ``first``), and the way back from it
    is the question's."""
    if any(t in SHARING_WORDS for t in tokens):
        return 0.0
    for k in range(len(relations) - 1):
        out, back = relations[k], relations[k + 1]
        same = out.predicate == back.predicate
        once = same and repeat < 0 and not (k == 0 and first)
        # two relations named by one word: "used" names "current use" and "former use" ("what was
        # X *originally used* for" is X's former use, not the structures whose former use is X's use)
        shared = not same and (names[k] <= names[k + 1] or names[k + 1] <= names[k])
        if out.forward and not back.forward and (not (names[k] and names[k + 1]) or once or shared):
            return 1.0
        if same and not out.forward and back.forward and not names[k] and not names[k + 1]:
            return 1.0  # in and out along a relation no word names: things that share a subject
    return 0.0


def _said_before(ctx: Question, names: frozenset[str]) -> bool:
    """Whether a word before the entity's name names the relation ("the *director* of Five")."""
    tokens = ctx.tokens
    return any(
        tokens[i] not in STOPWORDS and any(same_word(tokens[i], x) for x in names) for i in range(ctx.mention.start)
    )


def _namings(tokens: list[str], positions: list[int], words: frozenset[str]) -> int:
    """How many times the question names a relation: its words at the given positions, where a word
    next to another naming one, or joined to it by a relative pronoun or an article, restates it
    ("the director that directed X", "which screenwriter wrote X", "composed the music of X": once
    each)."""
    named = [i for i in positions if tokens[i] not in STOPWORDS and any(same_word(tokens[i], x) for x in words)]
    n = 0
    for k, i in enumerate(named):
        if k and all(tokens[j] in RESTATING for j in range(named[k - 1] + 1, i)):
            continue
        n += 1
    return n


__all__ = ["ChainScorer", "ChainVectors", "Cues", "Query", "HopCue", "Question", "ScoredPath", "chain_score"]
