"""Entity linking: find the entities a plain-text question names, by exact and fuzzy label matching.

Every label and alt label is normalised (case, accents, punctuation) into a dictionary; each word
n-gram of the question is looked up there. Mentions are scored by how much real content they cover:
stop words and words of the schema (predicate and class labels: "directed", "films", "genre")
weigh little, so a film called "Her" or "Directed" does not steal the question from the entity it
is really about. When nothing matches exactly, n-grams are matched fuzzily (rapidfuzz).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rdflib.term import Node

from ..representation.labels import NameIndex
from ..settings import LinkingSettings
from ..text import STOPWORDS, normalize, raw_tokens, same_form, same_word, singular, typed_tokens
from .shapes import focus_noun


def capitalised(question: str, n: int, title_case_share: float = 0.6) -> list[bool]:
    """Per normalised token: does it start with a capital (or digit) in the question as typed?

    The first word and questions typed in Title Case or all capitals carry no such hint."""
    raw = raw_tokens(question)
    if len(raw) != n:
        return [False] * n
    caps = [t[0].isupper() for t in raw]
    if n == 0 or sum(caps) > title_case_share * n:
        return [False] * n
    return [False] + caps[1:]


#: Words after which a bare plural names the things themselves ("toxic to *cats*", "pollinated by
#: *bats*", "when do *tulips* bloom", "cats and *dogs*"), not a kind that an article or a modifier
#: makes of it ("the *films* directed by X", "comedy *films*").
_BEFORE_BARE_PLURAL = frozenset(
    ["to", "by", "for", "of", "with", "from", "on", "in", "at", "about", "than", "like", "as", "do", "does", "did",
     "and", "or"]
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """A span of the question that names one or more graph nodes."""

    text: str
    start: int
    end: int
    nodes: tuple[Node, ...]
    score: float
    fuzzy: bool = False


#: Small words inside names ("Portrait *of a* Lady *on* Fire", "Drive *My* Car", "Sound *of* Metal").
NAME_JOINERS = frozenset(
    ["of", "the", "a", "an", "on", "in", "at", "to", "by", "for", "and", "my", "your", "de", "la", "von"]
)


@dataclass
class EntityLinker:
    """Matches question spans against the graph's names (``NameIndex``)."""

    names: NameIndex
    schema_words: frozenset[str] = frozenset()
    skip: frozenset[Node] = frozenset()
    settings: LinkingSettings = field(default_factory=LinkingSettings)

    @classmethod
    def build(
        cls,
        names: NameIndex,
        schema_words: set[str],
        skip: set[Node] | None = None,
        settings: LinkingSettings | None = None,
    ) -> EntityLinker:
        """``skip``: nodes that are named but never linked in questions (predicates, classes); their
        labels still resolve curators' terms."""
        return cls(names, frozenset(schema_words), frozenset(skip or ()), settings or LinkingSettings())

    def _is_schema_word(self, token: str) -> bool:
        cache: dict[str, bool] = self.__dict__.setdefault("_schema_cache", {})
        if token not in cache:
            cache[token] = token in self.schema_words or any(same_word(token, w) for w in self.schema_words)
        return cache[token]

    def _is_schema_form(self, token: str) -> bool:
        """Whether a word is a schema word itself or its plural (not a word that only shares a prefix
        or a compound's head with one: "Hera" and *Heracles*, "carbon" and *hydrocarbon*)."""
        cache: dict[str, bool] = self.__dict__.setdefault("_form_cache", {})
        if token not in cache:
            cache[token] = token in self.schema_words or any(same_form(token, w) for w in self.schema_words)
        return cache[token]

    def _weight(self, token: str, capital: bool = False) -> float:
        cfg = self.settings
        if token in STOPWORDS:
            return cfg.stopword_weight
        if self._is_schema_word(token) and not (capital and not self._is_schema_form(token)):
            # a capitalised word is a name unless it is a schema word's own form
            return cfg.schema_word_weight
        if token.isdigit():
            return cfg.digit_weight
        return 1.0

    def _span_score(self, tokens: list[str], capital: list[bool] | None = None) -> float:
        return sum(self._weight(t, bool(capital and capital[k])) for k, t in enumerate(tokens))

    def link(self, question: str, limit: int | None = None) -> list[Mention]:
        """The best non-overlapping mentions in the question, best first."""
        cfg = self.settings
        tokens = normalize(question).split()
        typed = typed_tokens(question) if cfg.prefer_as_typed else []
        candidates = self._exact(
            tokens,
            capitalised(question, len(tokens), cfg.title_case_share),
            typed if len(typed) == len(tokens) else [],
            focus_noun(tokens),
        )
        raw = raw_tokens(question)
        if self.names.abbreviations and len(raw) == len(tokens):  # "the US", "the UK": as typed
            for i, word in enumerate(raw):
                node = self.names.abbreviations.get(word)
                if node is not None and node not in self.skip:
                    candidates.append(Mention(tokens[i], i, i + 1, (node,), 1.0 + cfg.capital_bonus))
        # (a nationality word is no name: a misspelt name beside it is still looked for)
        if not any(m.score >= cfg.exact_enough and m.text not in self.names.demonyms for m in candidates):
            candidates += self._fuzzy(tokens)
        chosen: list[Mention] = []
        taken: set[int] = set()
        for m in sorted(candidates, key=lambda m: (-m.score, m.start)):
            if m.score < cfg.min_mention_score or taken & set(range(m.start, m.end)):
                continue
            chosen.append(m)
            taken |= set(range(m.start, m.end))
        return chosen[: limit or cfg.max_mentions]

    def _exact(
        self, tokens: list[str], capital: list[bool], typed: list[str] | None = None, asked: int | None = None
    ) -> list[Mention]:
        """Every span whose words are a name of some node (``typed``: the question's words as typed,
        to tell apart nodes whose names differ only in accents or case)."""
        by_name = self.names.by_name
        found: list[Mention] = []
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + self.names.max_words) + 1):
                key = " ".join(tokens[i:j])
                nodes = [n for n in by_name.get(key, ()) if n not in self.skip]
                plural = False
                last = tokens[j - 1]
                before = tokens[i - 1] if i else ""
                if (
                    not nodes
                    and singular(last) != last
                    and not self._is_schema_word(last)
                    and asked != j - 1
                    and before in _BEFORE_BARE_PLURAL
                ):
                    # "toxic to *cats*", "when do *tulips* bloom": a common noun's name said in the
                    # plural, bare after a preposition or "do" (``_BEFORE_BARE_PLURAL``): not where the
                    # question says what it asks for ("how many *films*", "*films* X wrote"), nor after
                    # an article ("the *films* directed by X") or a word that makes it a kind ("comedy
                    # *films*"): the tag *film* is not meant there
                    one = " ".join([*tokens[i : j - 1], singular(last)])
                    nodes = [n for n in by_name.get(one, ()) if n not in self.skip and self._common_noun(n, one)]
                    plural = bool(nodes)
                if len(nodes) > 1 and typed:
                    nodes = self._as_typed(nodes, " ".join(typed[i:j]))
                if len(nodes) > 1:  # a thing named so by its label before one that has it as another name
                    labels = self.names.labels.names
                    nodes.sort(key=lambda n: normalize(labels.get(n, "")) != key)
                if nodes:
                    # A capitalised span inside a sentence is a name: a strong hint of the entity meant.
                    bonus = self.settings.capital_bonus if any(capital[i:j]) else 0.0
                    score = self._span_score(tokens[i:j], capital[i:j])
                    if plural:
                        score *= self.settings.plural_name_discount
                    found.append(Mention(key, i, j, tuple(nodes), score + bonus))
            for j in (i + 1, i + 2):  # "Verdi", "Rimsky-Korsakov"
                key = " ".join(tokens[i:j])
                family = self.names.family.get(key) if j <= len(tokens) else None
                # "Verdi" for Giuseppe Verdi; but a capitalised word beside it, or joined to it by a
                # small word, makes another name ("Jurrasic Park", "Sound of Metal")
                if family is None or not all(capital[i:j]) or family in self.skip:
                    continue
                if self._alone(tokens, capital, i, j):
                    score = self._span_score(tokens[i:j]) * self.settings.family_name_discount
                    found.append(Mention(key, i, j, (family,), score + self.settings.capital_bonus))
            found += self._nationality(tokens, capital, i)
        return found

    def _nationality(self, tokens: list[str], capital: list[bool], i: int) -> list[Mention]:
        """ "Swedish", "South Korean", "European" at ``i``: the country or place they stand for."""
        found = []
        for j in (i + 1, i + 2):
            key = " ".join(tokens[i:j])
            country = self.names.demonyms.get(key) if j <= len(tokens) else None
            if country is None and j == i + 1 and capital[i]:  # "European": Europe
                country = self.names.place_of(key)
            if country is not None and country not in self.skip:
                score = self._span_score(tokens[i:j])  # a nationality word is seldom anything else
                bonus = self.settings.capital_bonus if all(capital[i:j]) else 0.0
                found.append(Mention(key, i, j, (country,), score + bonus))
        return found

    def _common_noun(self, node: Node, name: str) -> bool:
        """Whether a node is named by ``name`` in lower case (a kind of thing named as one: "cat",
        "tulip"), not only by a capitalised title or proper name ("Film")."""
        return any(x == name for x in self.names.labels.all_names(node))

    def _alone(self, tokens: list[str], capital: list[bool], i: int, end: int) -> bool:
        """Whether no capitalised word stands next to the span ``i:end``, nor one small word away (two
        family names joined by "and" are two people: "Salieri and Sechter")."""
        for step, edge in ((-1, i), (1, end - 1)):
            j, k = edge + step, edge + 2 * step
            if not 0 <= j < len(tokens):
                continue
            if capital[j]:
                return False
            joined = tokens[j] in NAME_JOINERS and 0 <= k < len(tokens) and capital[k]
            if joined and not (tokens[j] == "and" and tokens[k] in self.names.family):
                return False
        return True

    def _as_typed(self, nodes: list[Node], span: str) -> list[Node]:
        """Of nodes that share a normalised name, those named with the accents the question types
        ("Bruno", not "Brüno"), and of those the ones with its case too ("Believe", not "BELIEVE");
        all of them when none is named so."""
        names = {n: [" ".join(typed_tokens(x)) for x in self.names.labels.all_names(n)] for n in nodes}
        accents = [n for n in nodes if any(x.lower() == span.lower() for x in names[n])]
        cased = [n for n in accents if span in names[n]]
        return cased or accents or nodes

    def _fuzzy(self, tokens: list[str]) -> list[Mention]:
        """Approximate matches for n-grams that carry content (typos, missing accents, small variants)."""
        cfg = self.settings
        found: list[Mention] = []
        choices = self.names.choices
        longest = min(max(self.names.max_words, 1), cfg.fuzzy_max_words)
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + longest) + 1):
                span = tokens[i:j]
                # a name starts with a content word and ends with one (or a number); a word of the
                # schema ends one only after another word ("eifel *tower*", not "the *tower*")
                if self._weight(span[0]) < 1 or span[-1] in STOPWORDS:
                    continue
                if self._is_schema_word(span[-1]) and (len(span) < 2 or self._is_schema_word(span[0])):
                    continue
                text = " ".join(span)
                if len(text) < cfg.fuzzy_min_chars:
                    continue
                hit = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=cfg.fuzzy_cutoff)
                if hit is None:
                    continue
                key, similarity, _ = hit
                nodes = [n for n in self.names.by_name[key] if n not in self.skip]
                if nodes:
                    score = self._span_score(span) * (similarity / 100.0) * cfg.fuzzy_discount
                    found.append(Mention(key, i, j, tuple(nodes), score, fuzzy=True))
        return found

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Labels close to a name, for "did you mean" messages."""
        return self.names.suggest(name, limit, self.settings.suggest_cutoff)


__all__ = ["EntityLinker", "Mention", "capitalised"]
