"""Entity linking: find the entities a plain-text question names, by exact and fuzzy label matching.

Every label and alt label is normalised (case, accents, punctuation) into a dictionary; each word
n-gram of the question is looked up there. Mentions are scored by how much real content they cover:
stop words and words of the schema (predicate and class labels: "directed", "films", "genre")
weigh little, so a film called "Her" or "Directed" does not steal the question from the entity it
is really about. When nothing matches exactly, n-grams are matched fuzzily (rapidfuzz).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rdflib.term import Node

from .facts import Labels

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "his",
        "her",
        "their",
        "there",
        "as",
        "into",
        "about",
        "than",
        "then",
        "also",
        "any",
        "all",
        "some",
        "many",
        "much",
        "more",
        "most",
        "me",
        "my",
        "i",
        "you",
        "your",
        "we",
        "our",
        "they",
        "them",
        "he",
        "she",
        "him",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "have",
        "has",
        "had",
        "not",
        "no",
    ]
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """Lowercase, strip accents and punctuation, collapse spaces: how labels and questions are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_TOKEN.findall(text.lower()))


def stem(word: str) -> str:
    """A crude suffix stripper, enough to meet "directed"/"director"/"directs" and "films"/"film"."""
    for suffix in ("ings", "ing", "ers", "er", "ors", "or", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


CAPITAL_BONUS = 0.5


def _capitalised(question: str, n: int) -> list[bool]:
    """Per normalised token: does it start with a capital (or digit) in the question as typed?

    The first word and questions typed in Title Case or all capitals carry no such hint."""
    text = unicodedata.normalize("NFKD", question)
    text = "".join(c for c in text if not unicodedata.combining(c))
    raw = _TOKEN.findall(text)
    if len(raw) != n:
        return [False] * n
    caps = [t[0].isupper() for t in raw]
    if n == 0 or sum(caps) > 0.6 * n:
        return [False] * n
    return [False] + caps[1:]


#: Irregular English verb forms -> their base, so "wrote" meets "written by".
IRREGULAR = {
    "wrote": "write",
    "written": "write",
    "made": "make",
    "won": "win",
    "sang": "sing",
    "sung": "sing",
    "began": "begin",
    "begun": "begin",
    "led": "lead",
    "taught": "teach",
    "built": "build",
    "bought": "buy",
    "drew": "draw",
    "drawn": "draw",
    "spoke": "speak",
    "spoken": "speak",
    "born": "bear",
    "bore": "bear",
    "grew": "grow",
    "grown": "grow",
    "found": "find",
    "founded": "found",
    "held": "hold",
    "ran": "run",
    "sold": "sell",
    "told": "tell",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "shot": "shoot",
    "flew": "fly",
    "flown": "fly",
    "fought": "fight",
    "thought": "think",
    "chose": "choose",
    "chosen": "choose",
    "paid": "pay",
    "met": "meet",
    "left": "leave",
    "lost": "lose",
    "kept": "keep",
}


@lru_cache(maxsize=200_000)
def same_word(a: str, b: str) -> bool:
    """Whether two words are forms of one another: equal stems, a shared prefix of 4+ letters
    ("written"/"writer"/"write", "directed"/"director", "starred"/"star"), an irregular form
    ("wrote"/"written"), or a compound ending in the other ("screenwriter"/"writer")."""
    if a == b:
        return True
    a, b = IRREGULAR.get(a, a), IRREGULAR.get(b, b)
    if a == b or stem(a) == stem(b):
        return True
    if _prefix_match(a, b):
        return True
    for long, short in ((a, b), (b, a)):
        # compounds: a head word of 5+ letters after a modifier of 3+ ("screen|writer", "co|star")
        for k in range(3, len(long) - 4):
            if _prefix_match(long[k:], short) and len(short) >= 4:
                return True
    return False


def _prefix_match(a: str, b: str) -> bool:
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 4 and min(len(a), len(b)) >= 4 and n >= min(len(a), len(b)) - 3


@dataclass(frozen=True)
class Mention:
    """A span of the question that names one or more graph nodes."""

    text: str
    start: int
    end: int
    nodes: tuple[Node, ...]
    score: float
    fuzzy: bool = False


@dataclass
class EntityLinker:
    """Label dictionary of the graph, and the matching of question spans against it."""

    labels: Labels
    schema_words: frozenset[str] = frozenset()
    by_label: dict[str, list[Node]] = field(default_factory=lambda: defaultdict(list))
    max_tokens: int = 1
    skip: frozenset[Node] = frozenset()

    @classmethod
    def build(cls, labels: Labels, schema_words: set[str], skip: set[Node] | None = None) -> EntityLinker:
        """``skip``: nodes that are named but never linked in questions (predicates, classes); their
        labels still resolve curators' terms."""
        linker = cls(labels=labels, schema_words=frozenset(schema_words))
        linker.skip = frozenset(skip or ())
        for node in dict.fromkeys([*labels.names, *labels.alt]):  # in graph order: same links every run
            for name in labels.all_names(node):
                key = normalize(name)
                if key and node not in linker.by_label[key]:
                    linker.by_label[key].append(node)
        linker.max_tokens = max((k.count(" ") + 1 for k in linker.by_label), default=1)
        linker._choices = list(linker.by_label)  # type: ignore[attr-defined]
        return linker

    def add(self, node: Node, name: str) -> None:
        """Make a new name linkable (after an edit)."""
        key = normalize(name)
        if key and node not in self.by_label[key]:
            self.by_label[key].append(node)
            self._choices.append(key)  # type: ignore[attr-defined]
            self.max_tokens = max(self.max_tokens, key.count(" ") + 1)

    def _is_schema_word(self, token: str) -> bool:
        cache: dict[str, bool] = self.__dict__.setdefault("_schema_cache", {})
        if token not in cache:
            cache[token] = token in self.schema_words or any(same_word(token, w) for w in self.schema_words)
        return cache[token]

    def _weight(self, token: str) -> float:
        if token in STOPWORDS:
            return 0.05
        if self._is_schema_word(token):
            return 0.35
        if token.isdigit():
            return 0.6
        return 1.0

    def _span_score(self, tokens: list[str]) -> float:
        return sum(self._weight(t) for t in tokens)

    def link(self, question: str, limit: int = 4) -> list[Mention]:
        """The best non-overlapping mentions in the question, best first."""
        tokens = normalize(question).split()
        capital = _capitalised(question, len(tokens))
        candidates: list[Mention] = []
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + self.max_tokens) + 1):
                key = " ".join(tokens[i:j])
                nodes = [n for n in self.by_label.get(key, ()) if n not in self.skip]
                if nodes:
                    # A capitalised span inside a sentence is a name: a strong hint of the entity meant.
                    bonus = CAPITAL_BONUS if any(capital[i:j]) else 0.0
                    score = self._span_score(tokens[i:j]) + bonus
                    candidates.append(Mention(key, i, j, tuple(nodes), score))
        if not any(m.score >= 0.9 for m in candidates):
            candidates += self._fuzzy(tokens)
        chosen: list[Mention] = []
        taken: set[int] = set()
        for m in sorted(candidates, key=lambda m: (-m.score, m.start)):
            if m.score < 0.3 or taken & set(range(m.start, m.end)):
                continue
            chosen.append(m)
            taken |= set(range(m.start, m.end))
        return chosen[:limit]

    def _fuzzy(self, tokens: list[str]) -> list[Mention]:
        """Approximate matches for n-grams that carry content (typos, missing accents, small variants)."""
        found: list[Mention] = []
        choices: list[str] = self._choices  # type: ignore[attr-defined]
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + max(self.max_tokens, 1), i + 6) + 1):
                span = tokens[i:j]
                if self._weight(span[0]) < 1 or self._weight(span[-1]) < 0.6:
                    continue
                text = " ".join(span)
                if len(text) < 4:
                    continue
                hit = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=85)
                if hit is None:
                    continue
                key, similarity, _ = hit
                nodes = [n for n in self.by_label[key] if n not in self.skip]
                if nodes:
                    score = self._span_score(span) * (similarity / 100.0) * 0.9
                    found.append(Mention(key, i, j, tuple(nodes), score, fuzzy=True))
        return found

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Labels close to a name, for "did you mean" messages."""
        choices: list[str] = self._choices  # type: ignore[attr-defined]
        hits = process.extract(normalize(name), choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return list(dict.fromkeys(self.labels.label(self.by_label[key][0]) for key, _, _ in hits))
