"""Plain-text helpers every stage shares: normalising text, crude stemming, matching word forms, and
checking a question before it is answered. A leaf: it imports nothing else from kgqa but errors."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lemminflect import getAllLemmas

from .errors import QuestionError

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
        "s",  # what is left of a possessive: "Nolan's" -> "nolan s"
    ]
)

#: Verbs that say little alone ("give", "take", "come"): in a relation's gloss they pick out nothing,
#: and "came up with a name" must not name a relation glossed "where a name comes from".
LIGHT_VERBS = frozenset(["give", "take", "come", "go", "get", "put", "become", "use", "know", "call"])

#: Words that say two things are related without saying how ("which gods are *associated* with
#: war"): they name every relation of the thing they join, weakly (an answer read through one is never
#: sure: ``ReadingSettings.weakly_named_confidence``).
VAGUE_RELATION_WORDS = frozenset(
    ["associated", "related", "connected", "linked", "involved", "affiliated", "tied", "relation", "relations",
     "connection", "connections", "association", "associations"]
)  # fmt: skip

#: Names of relations that put one thing inside another ("located in", "part of"): what is in a
#: region is in the continent the region is in, so a question about the continent reaches it (see
#: ``paths.containment``); with ``owl:TransitiveProperty`` and ``skos:broader``, the only such relations.
CONTAINMENT_NAMES = frozenset(
    ["located in", "is located in", "part of", "is part of", "within", "contained in", "situated in", "lies in",
     "broader", "subregion of", "region of"]
)  # fmt: skip

#: Words that open a question.
WH_WORDS = frozenset(["who", "whom", "whose", "what", "which", "when", "where", "how"])

#: Question words as people type them in a hurry ("whats", "whcih"): read as written right, at the
#: start of a question only (where no name stands in the way).
WH_TYPOS = {
    "whats": "what's",
    "whos": "who's",
    "wheres": "where's",
    "hows": "how's",
    "whcih": "which",
    "wich": "which",
    "whihc": "which",
    "whitch": "which",
    "waht": "what",
    "wht": "what",
    "whta": "what",
    "hwo": "how",
    "howmany": "how many",
}


def repair_question(question: str) -> str:
    """The question with a mistyped question word at its start written right (``WH_TYPOS``)."""
    stripped = question.lstrip()
    head, _, rest = stripped.partition(" ")
    fixed = WH_TYPOS.get(head.lower())
    if fixed is None:
        return question
    return (fixed.capitalize() if head[:1].isupper() else fixed) + (" " + rest if rest else "")


#: Measures and the everyday words that ask for them. A pack names a measured property by its
#: measure ("area", "elevation", "population"); people ask "how *big*", "the *size* of", "how *tall*",
#: "how many *people* live in". The first word of each is the measure's own name; a property whose
#: name is made of one measure's words (past modifiers and units: ``MEASURE_NEUTRAL``) is named by all
#: of its words. English, not any pack: each list is what a dictionary gives for the measure.
MEASURES: tuple[frozenset[str], ...] = (
    frozenset(["area", "size", "big", "large", "surface", "extent", "acreage"]),
    frozenset(["population", "people", "inhabitants", "residents", "citizens", "populous", "populated"]),
    frozenset(["length", "long"]),
    frozenset(["height", "tall", "high", "elevation", "altitude"]),
    frozenset(["depth", "deep"]),
    frozenset(["width", "wide", "breadth"]),
    frozenset(["mass", "weight", "heavy", "weigh", "weighs"]),
    frozenset(["age", "old"]),
    frozenset(["price", "cost", "costs", "expensive", "cheap"]),
    frozenset(["distance", "far"]),
    frozenset(["speed", "fast"]),
    frozenset(["duration", "long", "lasts", "last", "runtime", "running"]),
    frozenset(["temperature", "hot", "cold", "warm"]),
    frozenset(["density", "dense"]),
)

#: Units of measure, as written after a number ("30 *degrees Celsius*", "2000 *metres*").
UNITS = frozenset(
    ["km", "kilometres", "kilometers", "m", "metres", "meters", "ft", "feet", "miles", "mi", "kg", "g", "t",
     "tonnes", "tons", "lb", "pounds", "minutes", "min", "hours", "seconds", "years", "sq", "square", "km2",
     "usd", "eur", "dollars", "euros", "degrees", "celsius", "fahrenheit", "kelvin", "percent", "cm", "mm"]
)  # fmt: skip

#: Words a measured property's name may carry besides its measure ("*mean* radius", "length *in km*").
MEASURE_NEUTRAL = UNITS | frozenset(
    ["mean", "average", "total", "overall", "approximate", "estimated", "typical", "in", "of", "the"]
)

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
#: A run of characters between spaces with no letter or digit in it ("$", "+", "?").
_BARE = re.compile(r"(?<!\S)[^\w\s]+(?!\S)", re.UNICODE)
_TOKEN_OR_BARE = re.compile(r"[^\W_]+|(?<!\S)[^\w\s]+(?!\S)", re.UNICODE)


#: "i.e." and "e.g." say that what follows restates or illustrates: no word of their own (their "i"
#: would read as a sequel's numeral after a name).
_GLOSSING = re.compile(r"(?<![^\W_])(?:i\.\s?e|e\.\s?g)\.(?![^\W_])", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    """The words of a text: runs of letters and digits, and the symbols (currency, maths and other
    signs, not punctuation) of a run that has nothing else between spaces, so that the film "$" can
    be named ("who acted in $") and "?" still says nothing."""
    if "." in text:
        text = _GLOSSING.sub(" ", text)
    if _BARE.search(text) is None:
        return _TOKEN.findall(text)
    out = []
    for token in _TOKEN_OR_BARE.findall(text):
        if not token[0].isalnum():
            token = "".join(c for c in token if unicodedata.category(c).startswith("S"))
        if token:
            out.append(token)
    return out


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lowercase, strip accents and punctuation, collapse spaces: how labels and questions are compared."""
    return " ".join(_tokens(strip_accents(text).lower()))


def raw_tokens(text: str) -> list[str]:
    """The words of a text as typed (case kept, accents stripped), aligned with ``normalize(text).split()``."""
    return _tokens(strip_accents(text))


def typed_tokens(text: str) -> list[str]:
    """The words of a text exactly as typed (case and accents kept); aligned with
    ``normalize(text).split()`` when as many."""
    return _tokens(unicodedata.normalize("NFC", text))


def stem(word: str) -> str:
    """A crude suffix stripper, enough to meet "directed"/"director"/"directs" and "films"/"film"."""
    for suffix in ("ings", "ing", "ers", "er", "ors", "or", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=200_000)
def _noun_lemma(word: str) -> str | None:
    """A word's lemma when lemminflect's dictionary knows it as a noun only; else None."""
    lemmas = getAllLemmas(word)
    return lemmas["NOUN"][0] if set(lemmas) == {"NOUN"} else None


@lru_cache(maxsize=200_000)
def verb_base(word: str) -> str:
    """A verb's base form by lemminflect's English dictionary ("rode" -> "ride", "slew" -> "slay",
    "wrote" -> "write", "founded" -> "found", "found" -> "find"), so irregular forms meet their
    relation's name; a word that is no verb stays as it is."""
    lemmas = getAllLemmas(word).get("VERB")
    return lemmas[0] if lemmas else word


#: Verbs and the nouns of the same event ("born"/"birth"), and the nouns of its parties ("husband",
#: "wife", "spouse"): a question says the verb ("when was X *born*", "who was X's *husband*"), a pack
#: names the property by the noun ("year of *birth*", "*spouse*"). Which of the family a question
#: means (a founder or a founding year) is for the kind of answer it asks to decide.
FAMILIES = {
    "born": "birth",
    "bear": "birth",
    "died": "death",
    "die": "death",
    "dies": "death",
    "dead": "death",
    "married": "marriage",
    "marry": "marriage",
    "marries": "marriage",
    "wed": "marriage",
    "spouse": "marriage",
    "husband": "marriage",
    "wife": "marriage",
    "wives": "marriage",
    "husbands": "marriage",
    "spouses": "marriage",
    "founded": "founding",
    "established": "founding",
    "establish": "founding",
    "establishment": "founding",
}


_CHILDREN = ("child", "children", "son", "sons", "daughter", "daughters", "offspring")
_PARENTS = ("parent", "parents", "father", "fathers", "mother", "mothers")
#: Nouns for the other side of a relation ("the *children* of X" over a ``father`` relation, "X's
#: *pupils*" over ``teacher``): they name the relation read backwards, the way a pack's label names it
#: forwards.
CONVERSES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(_PARENTS, _CHILDREN),
    **dict.fromkeys(_CHILDREN, _PARENTS),
    **dict.fromkeys(("teacher", "teachers", "mentor"), ("pupil", "pupils", "student", "students")),
    **dict.fromkeys(("pupil", "pupils", "student", "students"), ("teacher", "teachers")),
}


def singular(word: str) -> str:
    """A plural noun's singular, by the regular English endings ("cities" -> "city", "boxes" -> "box",
    "tags" -> "tag"; "status" stays)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


#: Plurals not made by an ending ("people" for "person").
IRREGULAR_PLURALS = {
    "people": "person",
    "persons": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "mice": "mouse",
    "geese": "goose",
    "feet": "foot",
    "teeth": "tooth",
    "wives": "wife",
    "lives": "life",
    "leaves": "leaf",
}


def noun_forms(word: str) -> set[str]:
    """The word and what it is the plural of ("gases": gase, gas; "cities": city; "people": person)."""
    forms = {word, IRREGULAR_PLURALS.get(word, word)}
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms |= {word[:-1], word[:-2]} if word.endswith("es") else {word[:-1]}
    if len(word) > 4 and word.endswith("ies"):
        forms.add(word[:-3] + "y")
    return forms


def same_form(a: str, b: str) -> bool:
    """Whether two words are one noun, singular or plural ("metals"/"metal", "gases"/"gas", never
    "metalloid"): how class names are matched, where ``same_word``'s shared prefixes would join
    different kinds."""
    return a == b or b in noun_forms(a) or a in noun_forms(b)


@lru_cache(maxsize=200_000)
def same_word(a: str, b: str) -> bool:
    """Whether two words are forms of one another: equal stems, a shared prefix of 4+ letters
    ("written"/"writer"/"write", "directed"/"director", "starred"/"star"), one verb's forms
    ("wrote"/"written", "rode"/"ride": ``verb_base``), or a compound ending in the other ("screenwriter"/"writer")."""
    if a == b or FAMILIES.get(a, a) == FAMILIES.get(b, b):
        return True
    a, b = verb_base(a), verb_base(b)
    if a == b:
        return True
    noun_a, noun_b = _noun_lemma(a), _noun_lemma(b)
    if (noun_a is None or noun_b is None or noun_a == noun_b) and (stem(a) == stem(b) or _prefix_match(a, b)):
        return True
    # (two nouns of different lemmas share no stem: "cities"/"citizens", "director"/"direction")
    for long, short in ((a, b), (b, a)):
        # compounds: a head word of 5+ letters after a modifier of 3+ ("screen|writer"), the head
        # about as long as the other word (not "disc|overy" for "overview")
        for k in range(3, len(long) - 4):
            head = long[k:]
            if len(short) >= 4 and abs(len(head) - len(short)) <= 2 and _prefix_match(head, short):
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
    # "written"/"writer", "starred"/"star", "visited"/"visitor"; not "company"/"composer"
    return n >= 4 and min(len(a), len(b)) >= 4 and n >= min(len(a), len(b)) - 2


def clean_question(question: str, max_chars: int) -> str:
    """The question with its whitespace collapsed.

    Raises:
        QuestionError: it is empty, or longer than ``max_chars``.
    """
    q = " ".join(question.split())
    if not q:
        raise QuestionError("the question is empty")
    if len(q) > max_chars:
        raise QuestionError(f"the question is {len(q):,} characters long; the limit is {max_chars:,}")
    return q


def readable(name: str, lower: bool = True) -> str:
    """``directed_by`` / ``directedBy`` / ``__music__recording`` -> ``directed by`` / ``music recording``."""
    if lower:
        name = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    name = re.sub(r"[_./#:]+", " ", name)
    name = re.sub(r"\s+", " ", name).strip()
    return name.lower() if lower else name


def local_name(iri: str) -> str:
    """The last segment of an IRI: after ``#``, else after the last ``/`` or ``:``."""
    for sep in ("#", "/", ":"):
        if sep in iri.rstrip(sep):
            iri = iri.rstrip(sep).rsplit(sep, 1)[1]
            break
    return iri
