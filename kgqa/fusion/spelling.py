"""Misspelt words that name the pack's relations and classes ("who was X *maried* to", "the highest
*mountian*"): read as the word they are one keystroke from. A word is respelt only when it is no
English word (lemminflect's dictionary knows none of its forms), no word of a name in the pack, five
letters or more, written in lower case (a capital inside a sentence starts a name), and one edit
(a letter added, dropped, changed or two swapped) from exactly one word that names a relation or a
class of the pack, or one of kgqa's own words for relations (``FAMILIES``, ``CONVERSES``). Names
are the entity linker's to match fuzzily; this is for the words around them.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..representation.graph import KnowledgeGraph
from ..text import CONVERSES, FAMILIES, STOPWORDS, WH_WORDS
from .shapes import NUMBER_WORDS, OPERATOR_WORDS, REQUESTS

_WORD = re.compile(r"[^\W\d_]+")
#: Words kgqa reads itself (function words, numbers, operators), whatever lemminflect knows of them.
_KGQA_WORDS = frozenset([*STOPWORDS, *WH_WORDS, *NUMBER_WORDS, *OPERATOR_WORDS, *REQUESTS])
#: Numerals lemminflect does not know ("thirteen", "twentieth", "sixty"): no misspelt schema words.
_NUMBER_ENDINGS = ("teen", "teenth", "tieth")
_MIN_LETTERS = 5


class Speller:
    """Respells a question's misspelt schema words (see the module's docstring)."""

    def __init__(self, vocabulary: set[str], names: set[str]) -> None:
        self.vocabulary = sorted(w for w in vocabulary if len(w) >= _MIN_LETTERS - 1 and w.isalpha())
        self._known = set(self.vocabulary)
        self.names = names

    @classmethod
    def of(cls, graph: KnowledgeGraph) -> Speller:
        words = graph.relation_words() | {w for name in graph.class_names() for w in name.split()}
        words |= {*FAMILIES, *FAMILIES.values(), *CONVERSES, *(w for ws in CONVERSES.values() for w in ws)}
        names = {w for name in graph.names.by_name for w in name.split()}  # (normalised already)
        return cls(words, names - words)

    def correct(self, question: str) -> str:
        """The question with each misspelt schema word written as the word it is one edit from."""
        return _WORD.sub(lambda m: self._word(m.group(0), m.start() == 0), question)

    def _word(self, word: str, first: bool) -> str:
        low = word.lower()
        if len(low) < _MIN_LETTERS or (word[0].isupper() and not first) or low in self._known or low in self.names:
            return word
        if low in _KGQA_WORDS or low.endswith(_NUMBER_ENDINGS) or getAllLemmas(low):
            return word  # an English word, spelt right (lemminflect knows no numerals: "three", "eleven")
        hits = process.extract(low, self.vocabulary, scorer=OSA.distance, score_cutoff=1, limit=2)
        return hits[0][0] if len(hits) == 1 else word


__all__ = ["Speller"]
