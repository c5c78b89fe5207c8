"""Coverage: which words of a question an executed reading accounts for, and when what is left
means the knowledge graph cannot answer at all.

A reading accounts for its entity mentions, the words that name its relations (labels and cue
words), the classes it asks for, the operators it executed and the noun that says what kind of
thing an entity is ("the *film* Alien"). What is left either lowers its confidence or, when it is
what the question asks for and nothing in the graph is named by it, makes kgqa abstain:

- a capitalised name, or a sequel number, the entity mentions leave out ("The Godfather *Part II*");
- content words left over when the reading starts from a fuzzy match ("Swords" for "words");
- content words left over when no word of the question names any relation of the reading ("who
  *produced* Alien", over a graph without producers).

Everything here is general English; nothing knows a pack.
"""

from __future__ import annotations

import re

from ..text import MEASURES, STOPWORDS, UNITS, VAGUE_RELATION_WORDS, WH_WORDS, raw_tokens
from .linking import NAME_JOINERS, Mention
from .shapes import AUXILIARIES, Shape

#: A mention this sure names an entity (content words, or a capitalised name).
STRONG = 0.9

#: Words a question needs that no relation, entity or operator explains ("please", "one"...).
FILLER = frozenset(
    [
        "please",
        "one",
        "ones",
        "list",
        "name",
        "give",
        "show",
        "find",
        "tell",
        "me",
        "know",
        "about",
        "kind",
        "sort",
        "type",
        "all",
        "any",
        "there",
        "here",
        "which",
        "whose",
        "other",
        "each",
        "every",
        "thing",
        "things",
        "someone",
        "something",
        "out",
        "come",
        "came",
        "made",
        "make",
        "get",
        "got",
        # the knowledge graph itself, as people refer to it ("how many operas are *in the graph*")
        "graph",
        "data",
        "database",
        "dataset",
        "listed",
        "recorded",
        "pack",
        "knowledge",
        # membership said as a verb ("which family does the tomato *belong* to"): the noun it asks
        # for names the relation
        "belong",
        "belongs",
        "belonged",
    ]
)


#: Words that introduce a noun: "the *film* Alien", "a *moon* of Saturn".
DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])


#: A number written right after a name ("Alien 3", "Blade Runner 2049", "Henry V"), unless an
#: operator reads it ("films after 1990").
_SEQUEL = re.compile(r"^(?:\d+|i{1,3}|iv|vi{0,3}|ix|x)$")


def uncovered_words(shape: Shape, explained: set[int], mentions: list[Mention], class_words: set[str]) -> list[str]:
    """Content words of the question that neither an entity, a relation, a class nor an operator of
    the executed reading accounts for."""
    out = [m.text for m in mentions if m.score >= STRONG and not explained & set(range(m.start, m.end))]
    inside = {i for m in mentions for i in range(m.start, m.end)}
    units = unit_positions(shape.tokens)
    for i, t in enumerate(shape.tokens):
        if i in explained or i in inside or t in STOPWORDS or t in WH_WORDS or t in AUXILIARIES or t in FILLER:
            continue
        if t in VAGUE_RELATION_WORDS:  # says that some relation holds: any reading's own relation does
            continue
        if any(names_class(t, w) for w in class_words) or len(t) <= 2:
            continue
        if i in units:
            continue
        out.append(t)
    return out


def unit_positions(tokens: list[str]) -> set[int]:
    """Positions of units written after a number ("below 30 *degrees Celsius*"): part of the value."""
    out: set[int] = set()
    for i, t in enumerate(tokens):
        if t in UNITS and i and (tokens[i - 1].replace(".", "", 1).isdigit() or i - 1 in out):
            out.add(i)
    return out


def names_class(word: str, class_word: str) -> bool:
    """Whether a question word is a class's word or its plural ("films" for "film"; "filmed" is
    a verb, not the class)."""
    return word in (class_word, class_word + "s", class_word + "es") or (
        class_word.endswith("y") and word == class_word[:-1] + "ies"
    )


def kind_word(tokens: list[str], mention: Mention) -> int | None:
    """The position of the noun that says what kind of thing a mention is, written before it:
    "the *film* Alien", "the *novel* Jaws", "what kind of *movie* is Heat"."""
    i, skipped = mention.start - 1, 0
    while i >= 0 and skipped < 2 and (tokens[i] in DETERMINERS or tokens[i] in AUXILIARIES):
        i, skipped = i - 1, skipped + 1
    if i < 1 or tokens[i] in STOPWORDS or tokens[i] in WH_WORDS:
        return None
    # a noun after a determiner ("the film", "kind of movie"); a verb ("who produced X") has none
    return i if tokens[i - 1] in DETERMINERS or tokens[i - 1] == "of" else None


DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])


def asked_kind(tokens: list[str]) -> int | None:
    """The position of the noun a wh-word asks for ("which *films*", "what *country*")."""
    for i, t in enumerate(tokens[:-1]):
        if t in ("which", "what") and tokens[i + 1] not in STOPWORDS and tokens[i + 1] not in AUXILIARIES:
            return i + 1
    return None


def asked_measure(tokens: list[str]) -> int | None:
    """The position of the measure's word a question opens with ("how *tall* is X", "how *big*"), if
    it does: what it asks for is that measure, and a reading by no relation it names is no answer."""
    for i, t in enumerate(tokens[:3]):
        if t == "how" and i + 1 < len(tokens) and any(tokens[i + 1] in m for m in MEASURES):
            return i + 1
    return None


def unanswerable(
    question: str,
    shape: Shape,
    named: set[int],
    words: list[str],
    used: list[Mention],
    mentions: list[Mention],
    unnamed: bool,
    relation_words: frozenset[str] = frozenset(),
) -> str:
    """Why a reading that accounts for the ``named`` positions, leaving the content ``words``, and
    starts from the ``used`` mentions (of all the question's ``mentions``), cannot answer the
    question, or "". ``unnamed``: no word of the question names a relation of the reading;
    ``relation_words``: the words of its relations' names."""
    names = _left_names(question, shape.tokens, named | shape.explained, used, mentions)
    if names:
        return f"the knowledge graph has nothing named {' '.join(names)!r}"
    if not words:
        return ""
    measure = asked_measure(shape.tokens)
    if measure is not None and shape.tokens[measure] in words:  # "how *tall* ...", read by no height
        word = shape.tokens[measure]
        if not any(word in m and m & relation_words for m in MEASURES):
            return f"no relation of the knowledge graph gives what {word!r} asks for"
    fuzzy = [m.text for m in used if m.fuzzy]
    if fuzzy:
        return f"the knowledge graph has {fuzzy[0]!r}, not what the question names"
    if unnamed:
        return "no relation of the knowledge graph is named by " + ", ".join(repr(w) for w in words)
    return ""


def _left_names(
    question: str, tokens: list[str], named: set[int], used: list[Mention], mentions: list[Mention]
) -> list[str]:
    """Words of a name that the used mentions are only part of: capitalised words joined to a
    mention ("The Godfather *Part II*", "*Sound* of Metal"), unless the question is written in
    Title Case, and a sequel number right after it ("terminator *2*")."""
    raw = raw_tokens(question)
    capital = [False] + [t[:1].isupper() for t in raw[1:]] if len(raw) == len(tokens) else [False] * len(tokens)
    long_words = [c for i, (c, t) in enumerate(zip(capital, tokens, strict=True)) if i and len(t) > 3]
    if long_words and all(long_words):
        capital = [False] * len(tokens)  # Title Case: capitals say nothing
    known = named | {i for m in mentions for i in range(m.start, m.end)} | unit_positions(tokens)
    if all(m.score < STRONG for m in used):  # a weak start (a schema word): any name left out counts
        return [t for i, t in enumerate(tokens) if capital[i] and i not in known and t not in STOPWORDS]
    found: list[int] = []
    for m in used:
        if m.end < len(tokens) and m.end not in known and _SEQUEL.match(tokens[m.end]):
            found.append(m.end)
        for step, i in ((1, m.end), (-1, m.start - 1)):
            while 0 <= i < len(tokens) and i not in known and (capital[i] or tokens[i] in NAME_JOINERS):
                if capital[i]:
                    found.append(i)
                i += step
    return [tokens[i] for i in sorted(set(found))]


__all__ = [
    "DETERMINERS",
    "FILLER",
    "STRONG",
    "asked_kind",
    "kind_word",
    "names_class",
    "unanswerable",
    "uncovered_words",
]
