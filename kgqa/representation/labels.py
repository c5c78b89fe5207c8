"""Names of the graph's nodes: labels and alt labels, relation labels, templates and cue words, the
sentence of a triple, and the dictionary from names to nodes that linking and curation look up.

Entities are named by ``rdfs:label`` or ``skos:prefLabel`` (``skos:altLabel`` adds synonyms);
predicates by their label, or by their local name made readable; a predicate may carry an
expert-written ``kgqa:template`` such as ``"{subject} was directed by {object}."``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import islice
from typing import Any

from lemminflect import getAllLemmas
from rapidfuzz import fuzz, process
from rdflib import RDF, RDFS, BNode, Literal
from rdflib.term import Node

from ..knowledge.terms import Triple
from ..text import (
    CONVERSES,
    LIGHT_VERBS,
    MEASURE_NEUTRAL,
    MEASURES,
    STOPWORDS,
    local_name,
    normalize,
    readable,
    same_form,
    same_word,
    verb_base,
)
from ..vocab import ALT_LABEL_PREDICATES, CUE_WORD, GLOSS_PREDICATES, INVERSE_LABEL, LABEL_PREDICATES, TEMPLATE
from .stores.base import TripleSource


@dataclass
class Labels:
    """Names of the graph's nodes, read once from the store's label triples (an index lookup each)."""

    language: str = "en"
    names: dict[Node, str] = field(default_factory=dict)
    alt: dict[Node, list[str]] = field(default_factory=lambda: defaultdict(list))
    templates: dict[Node, str] = field(default_factory=dict)
    inverse: dict[Node, str] = field(default_factory=dict)
    cues: dict[Node, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: measured properties (numbers as values) -> the everyday words that ask for their measure
    measures: dict[Node, list[str]] = field(default_factory=dict)
    #: relations -> the words of their gloss that pick them out (``_gloss_words``)
    glossed: dict[Node, list[str]] = field(default_factory=dict)
    #: relations -> their gloss as written (what a unit of measure is read from: "in minutes")
    glosses: dict[Node, str] = field(default_factory=dict)

    def name_classes_by_glosses(self, store: TripleSource, classes: frozenset[Node]) -> dict[Node, str]:
        """Give a class the head noun of its gloss as another name ("A *species* of the plant
        kingdom" names *plant* "species", "A pure *substance* made of atoms" names *element*), when
        that noun heads one class's gloss only and is no class's name: a pack's experts say in
        glosses what people call the things of a class. Returns the names given."""
        heads: dict[str, set[Node]] = defaultdict(set)
        for cls in classes:
            for pred in GLOSS_PREDICATES:
                for _, _, o in store.triples((cls, pred, None)):
                    if isinstance(o, Literal) and self._lang_rank(o) < 2:
                        head = gloss_head(str(o))
                        if head:
                            heads[head].add(cls)
        taken = {w for c in classes for name in self.all_names(c) for w in normalize(name).split()}
        given: dict[Node, str] = {}
        for head, owners in heads.items():
            if len(owners) == 1 and not any(same_form(head, w) for w in taken):
                cls = next(iter(owners))
                self.alt[cls].append(head)
                given[cls] = head
        return given

    @classmethod
    def from_store(cls, store: TripleSource, language: str = "en") -> Labels:
        labels = cls(language=language)
        ranked: dict[Node, tuple[int, str]] = {}
        for rank, pred in enumerate(LABEL_PREDICATES):
            for s, _, o in store.triples((None, pred, None)):
                if isinstance(o, Literal):
                    key = (labels._lang_rank(o) * 10 + rank, str(o))
                    if s not in ranked or key < ranked[s]:
                        ranked[s] = key
        labels.names = {s: text for s, (_, text) in ranked.items()}
        for pred in ALT_LABEL_PREDICATES:
            for s, _, o in store.triples((None, pred, None)):
                if isinstance(o, Literal) and labels._lang_rank(o) < 2:
                    labels.alt[s].append(str(o))
        for s, _, o in store.triples((None, TEMPLATE, None)):
            labels.templates[s] = str(o)
        for s, _, o in store.triples((None, INVERSE_LABEL, None)):
            labels.inverse[s] = str(o)
        for s, _, o in store.triples((None, CUE_WORD, None)):
            if isinstance(o, Literal) and labels._lang_rank(o) < 2:
                labels.cues[s].append(str(o))
        labels.measures = _measures(store, labels)
        labels.glossed = _gloss_words(store, labels, labels.glosses)
        return labels

    def _lang_rank(self, lit: Literal) -> int:
        if not lit.language:
            return 0 if self.language == "en" else 1
        if lit.language.lower().split("-")[0] == self.language:
            return 0
        return 2

    def label(self, node: Node) -> str:
        """The display name of a node: its label, a literal's value, or a readable local name."""
        if isinstance(node, Literal):
            return str(node)
        name = self.names.get(node)
        if name is not None:
            return name
        if isinstance(node, BNode):
            return f"_:{node}"
        return readable(local_name(str(node)), lower=False)

    def predicate_label(self, predicate: Node) -> str:
        if predicate == RDF.type:
            return self.names.get(predicate, "is a")
        return self.names.get(predicate) or readable(local_name(str(predicate)))

    def inverse_label(self, predicate: Node) -> str:
        """How a relation reads from object to subject ("directed" for "directed by")."""
        return self.inverse.get(predicate) or f"is {self.predicate_label(predicate)} of"

    def relation_names(self, predicate: Node) -> list[str]:
        """Every name of a relation: label, alt labels and inverse label (not its cue words)."""
        names = [self.predicate_label(predicate), *self.all_names(predicate), self.inverse.get(predicate, "")]
        return [n for n in dict.fromkeys(names) if n]

    def relation_words(self, predicate: Node, cues: bool = True) -> list[str]:
        """The words of a relation's names (``relation_names``) and, with ``cues``, of its cue words,
        the everyday words of its measure (``measures``) and the words of its gloss that pick it out
        (``glossed``)."""
        names = [*self.relation_names(predicate), *(self.cues.get(predicate, []) if cues else [])]
        words = [w for n in names for w in normalize(n).split()]
        if not cues:
            return words
        extra = self.measures.get(predicate, []) + self.converse_words(predicate) + self.glossed.get(predicate, [])
        return words + extra

    def glossed_word(self, word: str) -> bool:
        """Whether a word names a relation through its gloss alone (``glossed``)."""
        return any(same_word(word, g) for words in self.glossed.values() for g in words)

    def converse_words(self, predicate: Node) -> list[str]:
        """Nouns for the other side of a relation named by one noun (``CONVERSES``): "children" for
        ``father``, "pupils" for ``teacher``."""
        name = normalize(self.predicate_label(predicate)).split()
        return list(CONVERSES.get(name[0], ())) if len(name) == 1 else []

    def all_names(self, node: Node) -> list[str]:
        main = self.names.get(node)
        return ([main] if main else []) + [a for a in self.alt.get(node, []) if a != main]

    def verbalize(self, triple: Triple) -> str:
        """One sentence for a triple, from the predicate's template if it has one."""
        s, p, o = triple
        subject, obj = self.label(s), self.label(o)
        template = self.templates.get(p)
        if template:
            try:
                return template.format(subject=subject, object=obj)
            except (KeyError, IndexError, ValueError):
                pass  # a malformed template falls back to the plain form
        return f"{subject} {self.predicate_label(p)} {obj}."


def _gloss_words(store: TripleSource, labels: Labels, texts: dict[Node, str]) -> dict[Node, list[str]]:
    """The words of each relation's gloss (``rdfs:comment``, ``skos:definition``) that pick it out:
    "The teacher who raised or trained a being" gives *tutored by* the word "trained", so "who trained
    Achilles" names it. Left out: function words and light verbs (``LIGHT_VERBS``); words that name a
    class ("being") or any relation by its own names ("discovered" in a gloss of *place of
    discovery*: it is *discovered by*'s word); and words in the glosses of three relations or more,
    which pick out none of them. Each relation's gloss as written goes into ``texts``."""
    glosses: dict[Node, set[str]] = {}
    for pred in GLOSS_PREDICATES:
        for s, _, o in store.triples((None, pred, None)):
            if not isinstance(o, Literal) or labels._lang_rank(o) >= 2:
                continue
            if next(iter(store.triples((None, s, None))), None) is None:
                continue  # not a relation: an entity's or a class's gloss
            texts.setdefault(s, str(o))
            glosses.setdefault(s, set()).update(
                w for w in normalize(str(o)).split() if w not in STOPWORDS and not w.isdigit()
            )
    if not glosses:
        return {}
    classes = {o for _, _, o in store.triples((None, RDF.type, None))}
    classes |= {n for s, _, o in store.triples((None, RDFS.subClassOf, None)) for n in (s, o)}
    class_words = {w for c in classes for name in labels.all_names(c) for w in normalize(name).split()}
    named = {w for p in glosses for w in labels.relation_words(p, cues=False)}
    named |= {w for p in labels.cues for w in labels.relation_words(p, cues=False)}
    spread = Counter(w for words in glosses.values() for w in words)

    def picks_out(word: str) -> bool:
        return (
            spread[word] < 3
            and verb_base(word) not in LIGHT_VERBS
            and not any(same_form(word, c) for c in class_words)
            and not any(same_word(word, n) for n in named)
        )

    return {p: sorted(w for w in words if picks_out(w)) for p, words in glosses.items()}


def _measures(store: TripleSource, labels: Labels) -> dict[Node, list[str]]:
    """Properties named by one measure's words (``MEASURES``) whose values are numbers, with the words
    of that measure: "area" is asked for as "how big", "population" as "how many people"."""
    out: dict[Node, list[str]] = {}
    for node, name in labels.names.items():
        words = set(normalize(readable(name)).split()) - MEASURE_NEUTRAL
        measure = next((m for m in MEASURES if words and words <= m), None)
        if measure is None:
            continue
        sample = [o for _, _, o in islice(store.triples((None, node, None)), 8)]
        if sample and all(isinstance(o, Literal) and isinstance(o.toPython(), int | float | Decimal) for o in sample):
            out[node] = sorted(measure - words)
    return out


@dataclass
class NameIndex:
    """Every normalised label and alt label -> the nodes it names, in graph order (the same links
    every run), with close-match suggestions for names that match nothing."""

    labels: Labels
    by_name: dict[str, list[Node]] = field(default_factory=lambda: defaultdict(list))
    choices: list[str] = field(default_factory=list)
    max_words: int = 1
    #: a short name -> its node: the last word of a name of two to four capitalised words (one
    #: hyphenated family name of two: "Rimsky-Korsakov"), or its first, when no other such name has it
    #: and it is no name itself: people are asked for by their family name ("Verdi's Otello" for
    #: Giuseppe Verdi, "Mendeleev"), houses and halls by their first word ("the Bolshoi" for the
    #: Bolshoi Theatre, "Carnegie" for Carnegie Hall)
    family: dict[str, Node] = field(default_factory=dict)
    #: a nationality word -> the pack's country it stands for ("Swedish", "an American", "the French"
    #: for the pack's Sweden, United States, France), from countryinfo's table of demonyms, when no
    #: node has that word as a name and one node of the pack is named as that country
    demonyms: dict[str, Node] = field(default_factory=dict)
    #: a country's abbreviation as typed ("US", "UK", "USA") -> the pack's country, from countryinfo's
    #: other spellings (its longer other names, "United States of America", become names)
    abbreviations: dict[str, Node] = field(default_factory=dict)

    @classmethod
    def build(cls, labels: Labels) -> NameIndex:
        index = cls(labels)
        for node in dict.fromkeys([*labels.names, *labels.alt]):
            for name in labels.all_names(node):
                index.add(node, name)
        index.family = index._family_names()
        index.demonyms = index._demonyms()
        index.abbreviations = index._country_names()
        return index

    def _country_names(self) -> dict[str, Node]:
        """Other names of the pack's countries: abbreviations as typed, longer names made findable."""
        short: dict[str, set[Node]] = defaultdict(set)
        for names, spellings in country_spellings():
            nodes = {n for name in names for n in self.by_name.get(name, ())}
            if len(nodes) != 1:
                continue
            node = next(iter(nodes))
            for spelling in spellings:
                key = normalize(spelling)
                if not key or key in self.by_name:
                    continue
                if len(key) <= 3 and spelling.isupper():
                    short[spelling].add(node)
                elif len(key) > 3:
                    self.add(node, spelling)
        return {k: next(iter(v)) for k, v in short.items() if len(v) == 1}

    def _demonyms(self) -> dict[str, Node]:
        found: dict[str, set[Node]] = defaultdict(set)
        for word, countries in demonym_table().items():
            if word in self.by_name:
                continue
            for country in countries:
                for node in self.by_name.get(country, ()):
                    found[word].add(node)
                    if word.endswith("an"):  # "Americans", "Italians"
                        found[word + "s"].add(node)
        return {w: next(iter(nodes)) for w, nodes in found.items() if len(nodes) == 1 and w not in self.by_name}

    def place_of(self, word: str) -> Node | None:
        """The place a proper adjective is made from by English's -an, -ian and -ean ("European" →
        Europe, "African" → Africa, "Mexican" → Mexico, "Italian" → Italy, "Tasmanian" → Tasmania):
        a one-word name of one node the adjective's stem gives; None for a name of its own."""
        word = word[:-1] if word.endswith("ans") else word
        if len(word) < 5 or not word.endswith("an") or word in self.by_name:
            return None
        stem = word[:-2]
        candidates = [stem, word[:-1], stem + "o", stem + "e"]
        if word.endswith("ian"):
            candidates += [word[:-3] + "y", word[:-3], word[:-3] + "a"]
        for name in candidates:
            nodes = self.by_name.get(name, ())
            if len(nodes) == 1:
                return nodes[0]
        return None

    def _family_names(self) -> dict[str, Node]:
        short: dict[str, set[Node]] = defaultdict(set)
        for node, name in self.labels.names.items():
            words = name.split()
            if 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
                for word in (words[-1], words[0]):
                    key = normalize(word)
                    if len(key) >= 4 and key.count(" ") <= 1 and key not in STOPWORDS:
                        short[key].add(node)
        return {k: next(iter(v)) for k, v in short.items() if len(v) == 1 and k not in self.by_name}

    def add(self, node: Node, name: str) -> None:
        """Make a name findable (a new label after an edit)."""
        key = normalize(name)
        if not key:
            return
        nodes = self.by_name[key]
        if not nodes:
            self.choices.append(key)
        if node not in nodes:
            nodes.append(node)
            self.max_words = max(self.max_words, key.count(" ") + 1)

    def lookup(self, name: str) -> list[Node]:
        """The nodes a name (as typed) names exactly, after normalisation."""
        return list(self.by_name.get(normalize(name), ()))

    def suggest(self, name: str, limit: int = 5, cutoff: float = 60.0) -> list[str]:
        """Labels close to a name, for "did you mean" messages."""
        hits = process.extract(normalize(name), self.choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
        return list(dict.fromkeys(self.labels.label(self.by_name[key][0]) for key, _, _ in hits))


#: Words that end the noun phrase a gloss opens with ("A species *of* ...", "A building *that* ...").
_GLOSS_PHRASE_ENDS = frozenset(
    ["of", "that", "which", "who", "whose", "where", "with", "without", "in", "for", "from", "made", "used", "by",
     "on", "to", "whereby", "such", "as", "and", "or"]
)  # fmt: skip


#: Nouns a gloss opens with that say only that something is one of several ("a *member* of",
#: "a *way* to"): no name for the things of a class.
_GENERIC_NOUNS = frozenset(
    ["member", "members", "way", "ways", "thing", "things", "type", "kind", "sort", "example", "instance",
     "item", "entity", "case", "category", "class", "unit", "element", "piece", "one"]
)  # fmt: skip


def gloss_head(gloss: str) -> str:
    """The head noun of the noun phrase a gloss opens with, after its article ("A tall, continuously
    habitable *building* of many floors"), or "" when it opens otherwise; known to lemminflect as a
    noun, the last of the phrase's words (a compound's head: "a small land *plant*")."""
    # a comma after the head noun ends the phrase ("a reigning king, queen ..."), one after an
    # adjective does not ("a tall, continuously habitable building")
    parts = re.split(r"[,;:(]", gloss)
    text = parts[0]
    for more in parts[1:]:
        last = normalize(text).split()[-1:] or [""]
        if set(getAllLemmas(last[0])) == {"NOUN"}:
            break
        text += " " + more
    words = normalize(text).split()
    if not words or words[0] not in ("a", "an", "the", "any", "one"):
        return ""
    phrase: list[str] = []
    for w in words[1:7]:
        if w in _GLOSS_PHRASE_ENDS:
            break
        phrase.append(w)
    if not phrase or len(phrase) == 6:
        return ""
    head = phrase[-1]
    only_noun = set(getAllLemmas(head)) == {"NOUN"}
    return head if only_noun and head not in STOPWORDS and head not in _GENERIC_NOUNS else ""


@cache
def demonym_table() -> dict[str, tuple[str, ...]]:
    """Normalised nationality words -> the normalised names of the countries they stand for
    ("swedish" -> sweden, kingdom of sweden), from countryinfo's data (read once, ~30 ms). We use
    that package rather than a list of our own: it is kept up to date, MIT-licensed and small."""
    from countryinfo import CountryInfo

    table: dict[str, set[str]] = defaultdict(set)
    for info in CountryInfo.all().values():
        word = normalize(info.get("demonym") or "")
        if word:
            table[word].update(_english_names(info))
    return {w: tuple(sorted(names)) for w, names in table.items()}


@cache
def country_spellings() -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """Per country of countryinfo's data: its normalised names (name and other spellings) and its
    other spellings as written ("US", "USA", "United States of America")."""
    from countryinfo import CountryInfo

    out = []
    for info in CountryInfo.all().values():
        spellings = tuple(s for s in info.get("altSpellings") or [] if s)
        out.append((frozenset(_english_names(info)), spellings))
    return tuple(out)


def _english_names(info: Mapping[str, Any]) -> list[str]:
    """A country's English name and its other names of several words ("United States of America",
    "Kingdom of Sweden"), normalised: never a code ("SO", "ISL") nor a one-word spelling of another
    language ("Island" for Iceland), which name other things in packs."""
    names = [info.get("name") or "", *(s for s in info.get("altSpellings") or [] if " " in s.strip())]
    return [n for n in map(normalize, names) if len(n) >= 3]


__all__ = ["Labels", "NameIndex", "country_spellings", "demonym_table"]
