"""What shape a question has, read from general English alone: a yes/no check, a count, a comparison
of two things, a superlative over a set, constraints that filter a set by a value, an entity summary,
or a plain relation path. Nothing here knows a pack: the words that name an order ("older", "first",
"most recent", "largest") and the dimensions they order by ("size", "mass", "year") are English.

The analysis marks the tokens each operator explains, so that answering can tell whether the
reading it executed covers the whole question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import MEASURES, STOPWORDS, WH_WORDS, normalize, raw_tokens
from .units import unit_at
from .values import Value

#: Words that open a yes/no question.
AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "am",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "must",
    ]
)

#: Comparative and superlative words -> (direction, dimension). Direction +1: the larger value wins.
ORDER_WORDS: dict[str, tuple[int, str]] = {
    **dict.fromkeys(["older", "oldest", "earlier", "earliest", "first", "sooner", "soonest"], (-1, "time")),
    **dict.fromkeys(["newer", "newest", "later", "latest", "last", "younger", "youngest"], (1, "time")),
    **dict.fromkeys(["larger", "largest", "bigger", "biggest", "wider", "widest", "huger", "hugest"], (1, "size")),
    **dict.fromkeys(["smaller", "smallest", "tinier", "tiniest", "narrower", "narrowest"], (-1, "size")),
    **dict.fromkeys(["heavier", "heaviest"], (1, "mass")),
    **dict.fromkeys(["lighter", "lightest"], (-1, "mass")),
    **dict.fromkeys(["longer", "longest"], (1, "length")),
    **dict.fromkeys(["shorter", "shortest", "briefer", "briefest"], (-1, "length")),
    **dict.fromkeys(["taller", "tallest", "higher", "highest"], (1, "height")),
    **dict.fromkeys(["lower", "lowest"], (-1, "height")),
    **dict.fromkeys(["farther", "farthest", "further", "furthest"], (1, "distance")),
    **dict.fromkeys(["closer", "closest", "nearer", "nearest"], (-1, "distance")),
    **dict.fromkeys(["faster", "fastest", "quicker", "quickest"], (1, "speed")),
    **dict.fromkeys(["slower", "slowest"], (-1, "speed")),
    **dict.fromkeys(["cheaper", "cheapest"], (-1, "price")),
    **dict.fromkeys(["richer", "richest"], (1, "price")),
    **dict.fromkeys(["hotter", "hottest", "warmer", "warmest"], (1, "temperature")),
    **dict.fromkeys(["colder", "coldest", "cooler", "coolest"], (-1, "temperature")),
    **dict.fromkeys(["denser", "densest"], (1, "density")),
    **dict.fromkeys(["sparser", "sparsest"], (-1, "density")),
    **dict.fromkeys(["greater", "greatest"], (1, "size")),
    # compass points: north and east are larger latitudes and longitudes
    "northernmost": (1, "latitude"),
    "southernmost": (-1, "latitude"),
    "easternmost": (1, "longitude"),
    "westernmost": (-1, "longitude"),
}

#: "further *south*", "the farthest *east*": a compass point after a word of distance orders by a coordinate.
COMPASS: dict[str, tuple[int, str]] = {
    "north": (1, "latitude"),
    "south": (-1, "latitude"),
    "east": (1, "longitude"),
    "west": (-1, "longitude"),
}

#: Words after "more"/"most"/"less"/"least" that name a dimension ("more massive", "most recent").
GRADED: dict[str, str] = {
    "recent": "time",
    "recently": "time",
    "massive": "mass",
    "populous": "population",
    "populated": "population",
    "dense": "density",
    "expensive": "price",
    "distant": "distance",
    "quickly": "duration",
    "slowly": "duration",
    "popular": "rating",
}

#: English words that name each dimension, matched against the names of a graph's relations.
DIMENSIONS: dict[str, frozenset[str]] = {
    "time": frozenset(
        [
            "year",
            "date",
            "time",
            "born",
            "birth",
            "founded",
            "release",
            "released",
            "launch",
            "launched",
            "discovery",
            "discovered",
            "established",
            "published",
            "died",
            "created",
            "built",
            "opened",
            "founded",
            "started",
            "began",
        ]
    ),  # fmt: skip
    "size": frozenset(["size", "radius", "diameter", "area", "volume", "width", "big"]),
    "mass": frozenset(["mass", "weight"]),
    "length": frozenset(["length", "duration", "period", "runtime", "long", "time"]),
    "duration": frozenset(["period", "duration", "time", "length", "runtime"]),
    "height": frozenset(["height", "elevation", "altitude", "tall", "high"]),
    "distance": frozenset(["distance", "far", "semi", "axis"]),
    "speed": frozenset(["speed", "velocity"]),
    "price": frozenset(["price", "cost", "budget", "worth", "revenue", "gross"]),
    "temperature": frozenset(["temperature"]),
    "population": frozenset(["population", "inhabitants"]),
    "density": frozenset(["density", "dense"]),
    "rating": frozenset(["rating", "score", "votes", "popularity"]),
    "latitude": frozenset(["latitude", "lat"]),
    "longitude": frozenset(["longitude", "lon", "lng"]),
}

#: Measures said as nouns after "most"/"least" ("the most population"): amounts, not things counted.
_MASS_NOUNS = frozenset(
    ["population", "area", "size", "volume", "mass", "weight", "length", "height", "elevation", "altitude",
     "distance", "speed", "temperature", "density", "price", "cost", "revenue", "duration", "runtime"]
)  # fmt: skip

#: Nouns of people counted as a population ("the highest number of *citizens*").
_PEOPLE = frozenset(["people", "residents", "citizens", "inhabitants", "persons"])

#: Phrases that ask for a count.
COUNT_CUES = (("how", "many"), ("number", "of"), ("count", "of"), ("count", "the"), ("total", "number"))

#: Phrases that ask for a description of one entity.
SUMMARY_CUES = (
    ("tell", "me", "about"),
    ("tell", "me", "something", "about"),
    ("what", "do", "you", "know", "about"),
    ("what", "can", "you", "tell", "me", "about"),
    ("information", "about"),
    ("information", "on"),
    ("background", "on"),
    ("background", "about"),
    ("overview", "of"),
    ("know", "more", "about"),
    ("more", "about"),
    ("describe",),
    ("summarize",),
    ("summarise",),
    ("summary", "of"),
)
#: "who is X", "what was X", "what s X" (what's), "who s X" (who's)
COPULA_QUESTION = re.compile(r"^(who|what)( is| was| are| were| s)\b")

#: Words that turn a constraint around, which kgqa does not execute: an answer that ignores them must
#: not claim to be sure.
NEGATIONS = frozenset(["not", "never", "without", "except", "excluding", "besides", "nor", "neither", "none", "no"])
#: Negations that deny a relation ("not", "never", "no", the "t" of "aren't"), rather than exclude a thing.
DENIALS = frozenset(["not", "never", "no", "t", "without"])

#: Phrases that take something out of a set, which kgqa does not execute either.
EXCLUSIONS = (("other", "than"), ("apart", "from"), ("except", "for"), ("aside", "from"))

#: Filter words before a value -> comparison operator.
_FILTERS: list[tuple[tuple[str, ...], str]] = [
    (("later", "than"), ">"),
    (("earlier", "than"), "<"),
    (("more", "than"), ">"),
    (("greater", "than"), ">"),
    (("larger", "than"), ">"),
    (("bigger", "than"), ">"),
    (("higher", "than"), ">"),
    (("less", "than"), "<"),
    (("fewer", "than"), "<"),
    (("smaller", "than"), "<"),
    (("lower", "than"), "<"),
    (("at", "least"), ">="),
    (("at", "most"), "<="),
    (("prior", "to"), "<"),
    (("no", "later", "than"), "<="),
    (("after",), ">"),
    (("since",), ">="),
    (("before",), "<"),
    (("until",), "<="),
    (("over",), ">"),
    (("above",), ">"),
    (("under",), "<"),
    (("below",), "<"),
    (("exceeding",), ">"),
    (("in",), "="),
    (("from",), "="),
    (("during",), "="),
    (("of",), "="),
]


@dataclass(frozen=True)
class Order:
    """An order the question asks for: which way wins, along which dimension, and by which word."""

    direction: int  # +1: the larger value wins
    dimension: str  # "time", "size", ... or "count" (the most films)
    words: tuple[str, ...]
    span: tuple[int, int]  # token positions [start, end)
    superlative: bool


@dataclass(frozen=True)
class Filter:
    """A constraint on a value: ``op`` is one of ``= > >= < <= between``; ``low``/``high`` bound it;
    ``than`` marks a comparison with a named entity instead of a number ("bigger than Enceladus")."""

    op: str
    low: Value | None
    high: Value | None
    span: tuple[int, int]
    text: str
    than: bool = False
    dimension: str | None = None  # "time" for after/before, "size" for bigger than...


@dataclass
class Shape:
    """The operators a question asks for, over the tokens of ``normalize(question)``."""

    tokens: list[str]
    yesno: bool = False
    count: tuple[int, int] | None = None
    summary: tuple[int, int] | None = None
    #: a sum or an average asked of a set's values ("the *total* population of ..."): ("sum" or
    #: "average", the cue's span)
    aggregate: tuple[str, tuple[int, int]] | None = None
    copula: bool = False  # "who is X" / "what is X": a summary when no relation is named
    order: Order | None = None
    filters: list[Filter] = field(default_factory=list)
    both: bool = False  # "both", "as well as": two constraints must hold together
    coordinated: bool = False  # "and" outside entity names: perhaps two relations of one entity
    also: bool = False  # "the writers of X also directed it": perhaps two relations of one entity
    negated: list[str] = field(default_factory=list)
    #: token spans of the negations and exclusions ("not", "other than"), in order
    negations: list[tuple[int, int]] = field(default_factory=list)
    explained: set[int] = field(default_factory=set)  # token positions the operators account for
    #: positions of numbers that a strong filter word takes as values although an entity is named by
    #: them ("released after 1990" where "1990" names a year entity): not entities to link
    unlinked: set[int] = field(default_factory=set)

    @property
    def compositional(self) -> bool:
        return bool(
            self.yesno or self.count or self.summary or self.copula or self.order or self.filters or self.both
            or self.coordinated or self.also or self.aggregate
        )  # fmt: skip

    def operator_tokens(self) -> list[int]:
        """Positions of the words of the operators a plain relation path cannot execute (a yes/no
        check, a count, an order, a value, a summary request)."""
        spans = [self.count, self.summary, self.order.span if self.order else None, *(f.span for f in self.filters)]
        spans.append(self.aggregate[1] if self.aggregate else None)
        out = {i for span in spans if span for i in range(*span)}
        if self.yesno:
            out.add(next(i for i, t in enumerate(self.tokens) if t in AUXILIARIES or t == "true"))
        return sorted(out)

    def value_tokens(self) -> set[int]:
        """Token positions of the values filters compare with (not entities to link)."""
        return {i for f in self.filters if not f.than for i in range(*f.span)}


def analyse(question: str, names: list[tuple[int, int]] | None = None) -> Shape:
    """Read the question's operators (see the module's docstring); the token spans ``names`` are
    entity names ("The Last Crusade", "Class of 1984"), not operators, except a single operator word
    written in lower case ("released after 1990" beside a film called "After"): an operator then."""
    tokens = normalize(question).split()
    shape = Shape(tokens)
    raw = raw_tokens(question)
    inside: set[int] = set()
    for start, end in names or ():
        word = tokens[start] if end - start == 1 else ""
        if word in OPERATOR_WORDS and len(raw) == len(tokens) and raw[start].islower():
            shape.unlinked.add(start)
        else:
            inside.update(range(start, end))
    free = [t if i not in inside else "" for i, t in enumerate(tokens)]  # names blanked out
    _yesno(shape, free)
    shape.count = _find(free, COUNT_CUES)
    shape.summary = _summary(free)
    shape.aggregate = _aggregate(free)
    shape.copula = bool(COPULA_QUESTION.match(" ".join(tokens))) and not inside & {0, 1}
    shape.order = _order(free)
    if shape.order is not None and shape.count is not None and shape.count[0] in range(*shape.order.span):
        shape.count = None  # "the largest number of pupils" orders by a count; it asks for none
    shape.filters = _filters(free, tokens, inside, shape, _negative_numbers(question))
    shape.both = "both" in free or _find(free, (("as", "well", "as"),)) is not None
    shape.coordinated = shape.both or "and" in free
    shape.also = "also" in free
    # "aren't", "doesn't" are split by normalisation into "aren", "t": the "t" is a "not"
    shape.negations = [
        (i, i + 1) for i, t in enumerate(free) if t in NEGATIONS or (t == "t" and i and free[i - 1].endswith("n"))
    ]
    for phrase in EXCLUSIONS:
        span = _find(free, (phrase,))
        if span is not None:
            shape.negations.append(span)
    shape.negated = [" ".join(tokens[a:b]) for a, b in shape.negations]
    for span in (shape.count, shape.summary):
        if span:
            shape.explained.update(range(*span))
    if shape.order:
        shape.explained.update(range(*shape.order.span))
    for f in shape.filters:
        shape.explained.update(range(*f.span))
    shape.explained.update(i for i, t in enumerate(tokens) if t in ("both", "also", "than", "or", "and"))
    return shape


#: Words that ask for a set's values added up or averaged ("the *total* population of the states
#: that ...", "the *combined* area", "the *average* height of ..."): English, not any pack's.
AGGREGATES = {"total": "sum", "combined": "sum", "sum": "sum", "average": "average", "mean": "average"}


def _aggregate(free: list[str]) -> tuple[str, tuple[int, int]] | None:
    """The first word asking for a sum or an average, with its span."""
    for i, t in enumerate(free):
        if t in AGGREGATES:
            return AGGREGATES[t], (i, i + 1)
    return None


def _yesno(shape: Shape, tokens: list[str]) -> None:
    start = 0
    for prefix in (
        ("is", "it", "true", "that"),
        ("true", "or", "false"),
        ("tell", "me", "whether"),
        ("tell", "me", "if"),
    ):
        if tuple(tokens[: len(prefix)]) == prefix:
            shape.yesno = True
            shape.explained.update(range(len(prefix)))
            return
    if start < len(tokens) and tokens[start] in AUXILIARIES and tokens[start + 1 : start + 2] != ["you"]:
        shape.yesno = True  # (not "can you name ...": a request)
        shape.explained.add(start)


def _summary(tokens: list[str]) -> tuple[int, int] | None:
    """A request for a description; "describe" and "summarise" only as the request itself ("describe
    X", "please summarize X"), not "which words describe X"."""
    span = _find(tokens, SUMMARY_CUES)
    if span is None:
        return None
    if tokens[span[0]] in ("describe", "summarize", "summarise"):
        lead = [t for t in tokens[: span[0]] if t not in ("please", "can", "could", "you", "")]
        if lead:
            return None
    return span


def _find(tokens: list[str], cues: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    for cue in cues:
        for i in range(len(tokens) - len(cue) + 1):
            if tuple(tokens[i : i + len(cue)]) == cue:
                return i, i + len(cue)
    return None


def superlatives(tokens: list[str]) -> list[tuple[int, int]]:
    """The spans of every superlative that orders by a value ("the largest", "the most populous"),
    in order; superlatives of a count ("the most films") pick no value."""
    spans: list[tuple[int, int]] = []
    for k in range(len(tokens)):
        order = _order([""] * k + tokens[k:])
        if order is not None and order.superlative and order.dimension != "count" and order.span not in spans:
            spans.append(order.span)
    return spans


def _order(tokens: list[str]) -> Order | None:
    """The first order word: a comparative or superlative adjective, "more/most/less/least" with a
    graded word ("most recent", "more massive"), or with a noun or "often" (a count: "the most films")."""
    for i, t in enumerate(tokens):
        if not t:
            continue
        if t in ("more", "most", "less", "least", "fewer", "fewest"):
            nxt = next((x for x in tokens[i + 1 :] if x), "")  # past a name: "the most Nolan films"
            sign = 1 if t in ("more", "most") else -1
            superlative = t in ("most", "least", "fewest")
            if nxt in GRADED:
                dim = GRADED[nxt]
                flip = -1 if nxt in ("quickly",) else 1  # more quickly: the shorter period wins
                return Order(sign * flip, dim, (t, nxt), (i, i + 2), superlative)
            if nxt in ORDER_WORDS:  # "more later" is not English; treat the adjective as the word
                continue
            measure = next((d for d, words in DIMENSIONS.items() if nxt in words and d != "time"), None)
            if measure is not None and nxt in _MASS_NOUNS:
                # "the most population", "the least area": an amount of a measure, not things counted
                return Order(sign, measure, (t, nxt), (i, i + 2), superlative)
            if nxt == "than" or (nxt and not nxt.isdigit()):
                return Order(sign, "count", (t,), (i, i + 1), superlative)
        if t in ("farther", "further", "farthest", "furthest") and i + 1 < len(tokens) and tokens[i + 1] in COMPASS:
            direction, dim = COMPASS[tokens[i + 1]]
            return Order(direction, dim, (t, tokens[i + 1]), (i, i + 2), t.endswith("est"))
        if t in ORDER_WORDS and tokens[i + 1 : i + 3] == ["number", "of"] and ORDER_WORDS[t][1] in ("size", "height"):
            # "the largest number of pupils": a count; of people, the population ("the highest number
            # of citizens")
            sign = ORDER_WORDS[t][0]
            people = i + 3 < len(tokens) and tokens[i + 3] in DIMENSIONS["population"] | _PEOPLE
            superlative = t.endswith("est")
            return Order(sign, "population" if people else "count", (t, "number", "of"), (i, i + 3), superlative)
        if t in ORDER_WORDS:
            if t == "last" and i == len(tokens) - 1 and {"does", "do", "did", "will"} & set(tokens[:i]):
                continue  # "how long does X *last*": the verb, not an order
            direction, dim = ORDER_WORDS[t]
            superlative = t.endswith(("est", "most")) or t in ("first", "last")
            return Order(direction, dim, (t,), (i, i + 1), superlative)
    return None


_DECADE = re.compile(r"^(\d{2,4})s$")

#: Numbers written as words, as people write small ones ("more than *three* heads").
NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")


#: Filter words too common to take a value away from an entity name ("who acted in 1900").
_WEAK = frozenset(["in", "from", "of", "during", "over", "under"])


def _negative_numbers(question: str) -> frozenset[str]:
    """The numbers a question writes with a minus sign ("below -200 °C"), as ``f"{amount:g}"``."""
    found = _MINUS.findall(question)
    return frozenset(f"{float(x.replace(',', '')):g}" for x in found) if found else frozenset()


_MINUS = re.compile(r"(?:^|(?<=[\s(]))[-\u2212\u2013](\d[\d,]*(?:\.\d+)?)")


def _filters(
    free: list[str], tokens: list[str], inside: set[int] | frozenset[int], shape: Shape, negative: frozenset[str]
) -> list[Filter]:
    """Constraints on values: "after 1980", "between 1990 and 2000", "in the 1990s", "in the 17th
    century", "more than 600", "bigger than <entity>" (marked ``than``, resolved by answering). A
    filter word must stand outside entity names; its value may be inside one (then it is a value,
    not the entity) unless the word is a weak one ("in", "of"...)."""
    out: list[Filter] = []
    taken: set[int] = set()
    for i in range(len(tokens)):
        if i in taken or not free[i]:
            continue
        between = _between(tokens, i, negative)
        if between is not None:
            out.append(between)
            taken.update(range(*between.span))
            continue
        for words, op in _FILTERS:
            n = len(words)
            if tuple(tokens[i : i + n]) != words or not all(free[i : i + n]):
                continue
            found = _value_after(tokens, i + n, negative)
            if found is None:
                if op in (">", "<") and (words[-1] == "than" or words[0] in ("after", "before")):
                    # "bigger than Enceladus", "released after Interstellar": compared with an entity
                    out.append(Filter(op, None, None, (i, i + n), " ".join(words), True, _dimension(words[0])))
                    taken.update(range(i, i + n))
                    break
                continue
            low, high, end = found
            if op == "=" and high is None and not 1000 <= low.amount <= 2100:
                continue  # "in 3 parts", "of 5": an equality filter takes a year, a decade or a century
            in_name = {j for j in range(i + n, end) if j in inside}
            if in_name and words[0] in _WEAK:
                continue
            shape.unlinked |= in_name
            f = _make(op, low, high, (i, end), " ".join(tokens[i:end]))
            out.append(Filter(f.op, f.low, f.high, f.span, f.text, False, _dimension(words[0])))
            taken.update(range(i, end))
            break
    return out + _split_comparisons(free, tokens, taken, negative)


def _split_comparisons(free: list[str], tokens: list[str], taken: set[int], negative: frozenset[str]) -> list[Filter]:
    """A comparative a few words before "than" ("a shorter year than Earth", "more films than 3")."""
    out = []
    for i, t in enumerate(free):
        if t != "than" or i in taken:
            continue
        for j in range(i - 1, max(-1, i - 4), -1):
            word = free[j]
            if word in ORDER_WORDS:
                direction, dimension = ORDER_WORDS[word]
            elif word in ("more", "less", "fewer"):
                direction, dimension = (1 if word == "more" else -1), GRADED.get(free[j + 1], "")
            else:
                continue
            op = ">" if direction > 0 else "<"
            found = _value_after(tokens, i + 1, negative)
            if found is not None:
                low, _, end = found
                out.append(Filter(op, low, None, (j, end), " ".join(tokens[j:end]), False, dimension or None))
            else:
                out.append(Filter(op, None, None, (j, i + 1), " ".join(tokens[j : i + 1]), True, dimension or None))
            break
    return out


def _dimension(word: str) -> str | None:
    """The dimension a filter word compares along, if it says one."""
    if word in ("after", "before", "since", "until", "prior"):
        return "time"
    return ORDER_WORDS.get(word, (0, None))[1]


def _make(op: str, low: Value, high: Value | None, span: tuple[int, int], text: str) -> Filter:
    if high is not None:  # a decade or century: a range
        if op == "=":
            return Filter("between", low, high, span, text)
        if op in (">", ">="):
            return Filter(op, high if op == ">" else low, None, span, text)
        return Filter(op, low, None, span, text)
    return Filter(op, low, None, span, text)


def _between(tokens: list[str], i: int, negative: frozenset[str]) -> Filter | None:
    if tokens[i] != "between":
        return None
    first = _value_after(tokens, i + 1, negative)
    if first is None:
        return None
    low, _, end = first
    if end < len(tokens) and tokens[end] == "and":
        second = _value_after(tokens, end + 1, negative)
        if second is not None:
            high, high_end, stop = second
            return Filter("between", low, high_end or high, (i, stop), " ".join(tokens[i:stop]))
    return None


def _value_after(
    tokens: list[str], i: int, negative: frozenset[str] = frozenset()
) -> tuple[Value, Value | None, int] | None:
    """A number at ``i`` (after an optional "the"): its value, the end of its range for a decade
    ("1990s", "80s") or century ("17th century"), and the position after it (units included).
    ``negative``: the numbers the question wrote with a minus sign (normalisation drops it)."""
    j = i + 1 if i < len(tokens) and tokens[i] == "the" else i
    if j >= len(tokens):
        return None
    t = tokens[j]
    decade = _DECADE.match(t)
    if decade:
        n = int(decade.group(1))
        start = n if n >= 1000 else 1900 + n if n >= 20 else 2000 + n
        return Value(start, True), Value(start + 9, True), j + 1
    ordinal = _ORDINAL.match(t)
    if ordinal and j + 1 < len(tokens) and tokens[j + 1] == "century":
        c = int(ordinal.group(1))
        return Value((c - 1) * 100 + 1, True), Value(c * 100, True), j + 2
    if t in NUMBER_WORDS:  # "more than three heads"
        return _with_unit(Value(float(NUMBER_WORDS[t]), False), tokens, j + 1, negative)
    if t in ("a", "an") and unit_at(tokens, j + 1) is not None:  # "more than an hour"
        return _with_unit(Value(1.0, False), tokens, j + 1, negative)
    if not t.isdigit():
        return None
    end = j + 1
    text = t
    while end + 1 < len(tokens) + 1 and end < len(tokens) and tokens[end].isdigit() and len(tokens[end]) == 3:
        text += tokens[end]  # "1,982,097" was split at the commas by normalisation
        end += 1
    if end < len(tokens) and tokens[end] in ("bc", "bce"):  # "before 430 BC": years before year 1 count down
        return Value(-float(text), True), None, end + 1
    if end < len(tokens) and tokens[end] in ("ad", "ce"):
        return Value(float(text), True), None, end + 1
    return _with_unit(Value(float(text), False), tokens, end, negative)


def _with_unit(value: Value, tokens: list[str], end: int, negative: frozenset[str]) -> tuple[Value, None, int]:
    """The value with the unit said after it, if any ("60 minutes", "200 °C"), and its sign."""
    amount = -value.amount if f"{value.amount:g}" in negative else value.amount
    found = unit_at(tokens, end)
    if found is None:
        return Value(amount, value.time), None, end
    return Value(amount, False, found[0]), None, found[1]


#: Words that are operators when written in lower case, even where a name could be read in them.
OPERATOR_WORDS = frozenset(
    [*ORDER_WORDS, *GRADED, "after", "before", "since", "until", "over", "under", "above", "below", "between"]
    + ["most", "more", "least", "less", "fewer", "fewest", "both", "many", "number", "count", "than"]
)

__all__ = ["DIMENSIONS", "Filter", "Order", "Shape", "analyse"]


#: Imperatives that open a question asking for things, as a wh-word does ("*give me* the cities in
#: X", "*name* the largest state").
REQUESTS = frozenset(["name", "state", "list", "give", "show", "tell", "find", "me", "us", "please", "all"])

#: Nouns that name kinds of agents, the things "who" asks for ("person", "organisation"): a class
#: named by one of them, and every class below it, is a kind of thing that does things.
AGENT_NOUNS = frozenset(
    ["person", "people", "human", "agent", "organisation", "organization", "group", "ensemble", "company",
     "band", "team", "individual", "being", "character", "deity", "god", "institution", "business"]
)  # fmt: skip

#: Words after "what"/"which" that ask for a point in time ("what year", "which century").
TIME_NOUNS = frozenset(["year", "date", "day", "century", "decade", "month", "era"])


def answer_kind(tokens: list[str], inside: set[int] | frozenset[int] = frozenset()) -> str:
    """The kind of answer a question's opening wh-word asks for, from English alone: "thing" (who,
    whom, where), "time" (when, what year), "value" (how tall, how big: a measure's word after "how"),
    or "" when it does not say (what, which, how many). ``inside`` are positions of entity names."""
    for i, t in enumerate(tokens[:3]):
        if i in inside or t not in WH_WORDS:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if t in ("who", "whom", "where"):
            return "thing"
        if t == "when":
            return "time"
        if t in ("what", "which") and after in TIME_NOUNS:
            return "time"
        if t == "how" and after not in ("many", "much") and any(after in m for m in MEASURES):
            return "value"
        return ""
    return ""


def who_noun(tokens: list[str], inside: set[int] | frozenset[int] = frozenset()) -> int | None:
    """The noun that "who is/are" asks for ("who are the *children* of X", "who was X's *father*"),
    past articles and names; None when there is none."""
    if tokens[:1] not in (["who"], ["whom"]) or tokens[1:2] not in (["is"], ["are"], ["was"], ["were"]):
        return None
    for j in range(2, min(len(tokens), 8)):
        if j in inside or tokens[j] in ("the", "a", "an", "s"):
            continue
        return j if tokens[j] not in STOPWORDS and tokens[j] not in ORDER_WORDS else None
    return None


def focus_noun(tokens: list[str], inside: set[int] | frozenset[int] = frozenset()) -> int | None:
    """The position of the noun the opening "what"/"which" asks for, past a copula and articles
    ("what are the *capitals* of ...", "which *rivers* ..."); None when there is none."""
    for i, t in enumerate(tokens[:3]):
        if i in inside or t not in ("what", "which"):
            continue
        for j in range(i + 1, min(len(tokens), i + 4)):
            if j in inside:
                return None
            if tokens[j] in AUXILIARIES or tokens[j] in ("the", "a", "an", "s") or (t, tokens[j]) == ("which", "of"):
                continue  # "which *of* the states"
            return j if tokens[j] not in WH_WORDS and tokens[j] not in ORDER_WORDS else None
        return None
    return None
