"""Glosses: what a relation's nouns mean, in a language model's words, as more ways to ask for it.

A pack names a relation by what it is ("has tags"); people ask for it by what it does ("what words
describe X"). A base language model has read dictionaries: asked for the meaning of a relation's
noun in a dictionary's form, the packaged reader says "tag: a word or phrase that describes a
person, place, or thing". A gloss whose defining clause ends on the thing it is about becomes
question phrases about an entity:

- forwards, the clause with that thing replaced by the entity: "word or phrase that describes X";
- backwards, when the clause is a verb and that thing: "things X describes".

Synthesised questions use these phrases beside the relation's labels, so a matcher trained on the
graph alone meets words no label has. The prompt's two examples are generic (a country's capital, a
book's author), the same for every pack; nouns come from the relation's own labels. Glosses that
have no such clause ("gender: the sex of a person") give nothing: a wrong question phrase would teach
the matcher a wrong reading, a missing one teaches nothing.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib.term import Node

from ..representation.labels import Labels
from ..text import normalize, singular

log = logging.getLogger(__name__)

#: The dictionary the model continues: two generic entries, then the relation's noun.
PROMPT = (
    "A dictionary.\n\n"
    "capital (noun): the city where a country's government sits\n\n"
    "author (noun): the person who wrote a book\n\n"
    "{noun} (noun):"
)
#: Words a relation's noun does not start or end with (verbs of having and being, prepositions,
#: articles): "has tags" is glossed as "tag", "directed by" not at all.
FUNCTION_WORDS = frozenset(
    {"has", "have", "had", "is", "are", "was", "were", "be", "been", "in", "of", "by", "the", "a", "an"}
    | {"to", "for", "on", "at", "with", "from", "into", "as"}
)
#: Relative words that open a gloss's defining clause.
RELATIVES = ("that", "which", "who", "where", "when", "whose")
_CLAUSE = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?P<head>[a-z][a-z ,'-]*?)\s+(?P<rel>" + "|".join(RELATIVES) + r")\s+(?P<rest>.+)$"
)
#: Words between the article and the noun that say nothing of what the thing is.
_VAGUE = r"(?:(?:particular|certain|specific|given|single)\s+)?"
#: An indefinite noun phrase ("a book", "a person, place, or thing", "a style of art"): what the
#: gloss is about. One word after the article: without a tagger "a person lives" cannot be told
#: from "a person's life".
_THING = re.compile(
    r"\b(?:a|an)\s+" + _VAGUE + r"[a-z]+(?:\s*,\s*(?:(?:or|and)\s+)?[a-z]+|\s+(?:or|and)\s+[a-z]+)*"
    r"(?:\s+of\s+(?!(?:a|an|the)\b)[a-z]+)?"
)
#: A gloss that names a kind ("a type of literature"): asked for as "what type of literature is X".
_KIND = re.compile(r"^(?:a|an|the)\s+(?P<head>(?:type|kind|sort|category|class|form|style)\s+of\s+[a-z]+)$")


def relation_nouns(names: Iterable[str], longest: int = 3) -> list[str]:
    """The nouns a relation's names end on, singular: the last word and the longest ending of up to
    ``longest`` words that starts on a content word ("people person place of birth" -> "birth",
    "place of birth"). Names that end on a function word ("directed by") are verbs: none."""
    out: list[str] = []
    for name in names:
        words = normalize(name).split()
        if not words or words[-1] in FUNCTION_WORDS or words[-1].isdigit():
            continue
        words[-1] = singular(words[-1])
        out.append(words[-1])
        for k in range(min(longest, len(words)), 1, -1):
            if words[-k] not in FUNCTION_WORDS:
                out.append(" ".join(words[-k:]))
                break
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class GlossPhrases:
    """Question phrases from one gloss, with ``{x}`` where the entity goes, and the kinds of thing
    the relation's subjects are (``about``: "a movie" in "the number of votes cast by a movie's
    audience") and its objects are (``of``: "a person" in "a person who plays a role in a movie")."""

    gloss: str
    forward: tuple[str, ...] = ()
    backward: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    of: tuple[str, ...] = ()


#: "a movie" followed by what ends a noun phrase: a verb of being or having, a preposition, a
#: relative word, a possessive, or the end ("a movie has been rated", "a movie's audience"); one
#: word, so "a literary genre" (adjective and noun) and lists ("a person, place, or thing") give none.
_KIND_NOUN = re.compile(
    r"\b(?:a|an)\s+(?P<noun>[a-z]+)(?='s\b|\s+(?:has|have|had|is|was|are|were|in|of|on|at|by|for|with|from|"
    + "|".join(RELATIVES)
    + r")\b|$)"
)


def kinds(gloss: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a gloss says the relation's subjects and objects are: the last single-noun indefinite
    thing of its defining clause (the subject: "the date when a book is released" -> "book"), and the
    one the gloss opens on when it is defined by a clause (the object: "a person who plays a role in a
    movie" -> "person")."""
    text = " ".join(gloss.lower().split()).rstrip(" .;")
    found = list(_KIND_NOUN.finditer(text))
    head = found[0]["noun"] if found and found[0].start() == 0 else None
    rest = [m["noun"] for m in found if m.start() > 0]
    return (tuple(rest[-1:]), (head,) if head else ())


def phrases(gloss: str) -> GlossPhrases:
    """Question phrases from a gloss: its defining clause with the thing it is about made ``{x}``."""
    # braces would be read as fields when the phrase is filled in: a model's words never are
    text = " ".join(gloss.lower().replace("{", " ").replace("}", " ").split()).rstrip(" .;")
    kind = _KIND.match(text)
    if kind is not None:
        return GlossPhrases(gloss, (f"what {kind['head']} is {{x}}", f"the {kind['head']} of {{x}}"))
    m = _CLAUSE.match(text)
    if m is None:
        return GlossPhrases(gloss)
    head, rel, rest = m["head"].strip(" ,"), m["rel"], m["rest"]
    things = list(_THING.finditer(rest))
    if not things or len(head.split()) > 4:
        return GlossPhrases(gloss)
    last = things[-1]
    clause = f"{rest[: last.start()]}{{x}}{rest[last.end() :]}".strip()
    if len(clause.split()) > 8:
        return GlossPhrases(gloss)
    forward = (f"the {head} {rel} {clause}", f"{head} {rel} {clause}")
    backward: tuple[str, ...] = ()
    verb = clause.split()
    if rel in ("that", "which", "who") and len(verb) == 2 and verb[1] == "{x}":  # "describes {x}"
        backward = (f"things {{x}} {verb[0]}", f"what {{x}} {verb[0]}")
    return GlossPhrases(gloss, forward, backward)


class Glosses(Protocol):
    """Question phrases of a relation from its glosses, if any (a ``Glossary``, or a plain dict)."""

    def get(self, predicate: Node, /) -> GlossPhrases | None: ...


@dataclass
class Glossary:
    """Glosses of a graph's relations by one model (``complete``: prompt -> continuation), each
    noun asked once and kept in a JSON file (``path``) so a pack is glossed once per model."""

    complete: Callable[[str], str]
    labels: Labels
    path: Path | None = None
    known: dict[str, str] = field(default_factory=dict)
    _phrases: dict[Node, GlossPhrases] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.path is not None and self.path.exists():
            try:
                kept = json.loads(self.path.read_text(encoding="utf-8"))
                if not isinstance(kept, dict):
                    raise ValueError("not an object of noun: gloss")
                self.known.update({k: v for k, v in kept.items() if isinstance(k, str) and isinstance(v, str)})
            except (OSError, ValueError) as exc:
                log.warning("glosses at %s unreadable (%s): glossing again", self.path, exc)

    def gloss(self, noun: str) -> str:
        """The model's gloss of a noun: the first line it continues the dictionary with."""
        if noun not in self.known:
            said = self.complete(PROMPT.format(noun=noun)).strip().split("\n")[0].strip()
            if not said:  # no model, or it said nothing: ask again another time
                return ""
            self.known[noun] = said
        return self.known[noun]

    def get(self, predicate: Node, /) -> GlossPhrases:
        """Every phrase the glosses of a relation's nouns give, merged."""
        if predicate not in self._phrases:
            names = [self.labels.predicate_label(predicate), *self.labels.alt.get(predicate, [])]
            forward: list[str] = []
            backward: list[str] = []
            about: list[str] = []
            of: list[str] = []
            glosses = []
            for noun in relation_nouns(names):
                gloss = self.gloss(noun)
                got = phrases(gloss)
                glosses.append(f"{noun}: {got.gloss}")
                forward += got.forward
                backward += got.backward
                subjects, objects = kinds(gloss)
                about += subjects
                of += objects
            merged = GlossPhrases(
                "; ".join(glosses),
                *(tuple(dict.fromkeys(x)) for x in (forward, backward, about, of)),
            )
            self._phrases[predicate] = merged
        return self._phrases[predicate]

    def kinds(self) -> list[str]:
        """What the relations glossed so far say their subjects and objects are ("movie", "person"),
        less the nouns a relation's own names or cue words use (those ask for the relation)."""
        words = [w for p in self._phrases for w in self.labels.relation_words(p)]
        named = {*words, *map(singular, words)}
        found = [k for got in self._phrases.values() for k in (*got.about, *got.of)]
        return [k for k in dict.fromkeys(found) if k not in named]

    def save(self) -> None:
        """Keep the glosses asked so far, atomically (a temporary file of this process's own, renamed:
        another run never reads half a file; two runs that write it at once each leave a whole one)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.known, f, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


__all__ = ["GlossPhrases", "Glossary", "Glosses", "kinds", "phrases", "relation_nouns"]
