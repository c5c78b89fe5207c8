"""Nested superlatives: "the capital of *the largest state*", "rivers in *the state with the largest
population*", "the biggest city in *the smallest state*".

A superlative phrase names one thing without saying its name. Where the question asks something
*of* that thing (words before the phrase ask for more than the thing itself), kgqa finds it first
(the winner of the order over the class's instances, as for "which is the largest state"), then
reads the rest of the question as if it named the winner: its program is the phrase's steps, then
the rest's (KoPL's ``Relate(Argmax(FindAll(state), area), capital)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import STOPWORDS, WH_WORDS
from .answer import Step
from .composing import Composer
from .coverage import STRONG
from .linking import Mention
from .retrieval import Retrieval
from .shapes import AUXILIARIES, REQUESTS, analyse, superlatives

#: Words that join a class to the superlative that picks one of it ("the state *with* the most people").
JOINERS = frozenset(["with", "having", "has", "whose"])


@dataclass(frozen=True)
class Nested:
    """The thing a superlative phrase names, as an entity mention, with the steps that found it."""

    mention: Mention
    steps: tuple[Step, ...]
    confidence: float


def nested_superlative(question: str, mentions: list[Mention], composer: Composer) -> Nested | None:
    """The last superlative phrase over a class that the question asks something of, resolved to its
    winner; None when there is none (the superlative is what is asked, or an entity is named)."""
    if any(m.score >= STRONG for m in mentions):
        return None
    tokens = analyse(question).tokens
    for span in reversed(superlatives(tokens)):
        phrase = _phrase(tokens, span, composer)
        if phrase is None:
            continue
        start, end = phrase
        opening = 0
        while opening < start and tokens[opening] in REQUESTS:  # "name the ...", "give me the ..."
            opening += 1
        asking = [t for t in tokens[opening:start] if t not in STOPWORDS | WH_WORDS | AUXILIARIES]
        # "where does the heaviest animal live": a wh-word that asks for more than a thing asks of it
        if not asking and tokens[:1] not in (["where"], ["when"], ["who"], ["whom"], ["how"]):
            continue  # "which is the largest state (by area)": the superlative is the question
        sub = analyse(" ".join(tokens[start:end]))
        empty = Retrieval(" ".join(tokens[start:end]), [], [], [], {}, [], 0.0)
        outcome = composer.superlative(sub, empty, [])
        if outcome is None or len(outcome.entities) != 1:
            continue
        winner = outcome.entities[0]
        text = " ".join(tokens[start:end])
        mention = Mention(text, start, end, (winner,), 2.0 * STRONG)
        return Nested(mention, tuple(outcome.steps), outcome.confidence)
    return None


def _phrase(tokens: list[str], span: tuple[int, int], composer: Composer) -> tuple[int, int] | None:
    """The token span of "(the) ORDER CLASS" or "(the) CLASS with the ORDER WORDS" around an order."""
    i, j = span
    after = composer.class_at(tokens, j)
    if after is not None:
        start = i - 1 if i > 0 and tokens[i - 1] in ("the", "a") else i
        return start, after[1]
    if i >= 3 and tokens[i - 1] == "the" and tokens[i - 2] in JOINERS:
        before = composer.class_ending(tokens, i - 2)
        if before is None:
            return None
        start = before[0] - 1 if before[0] > 0 and tokens[before[0] - 1] in ("the", "a") else before[0]
        end = j
        while end < len(tokens) and tokens[end] not in STOPWORDS and tokens[end] not in WH_WORDS:
            end += 1
        return start, end
    return None


__all__ = ["Nested", "nested_superlative"]
