"""Learning how questions name relations, from question/answer pairs (expert feedback at scale).

A pack names its relations with labels ("has tags", "starred actors"), but people ask in their own
words ("which words describe X", "what does Y appear in"). Given questions with their right answers
(a curator's corrections, or a file of examples), kgqa finds the relation chain that answers each
one in the graph, and counts which question words come with which relation. A word that comes with
one relation nearly always (``min_precision``) and often enough (``min_support``) becomes a *cue
word* of that relation (``kgqa:cueWord``), a lexical cue exactly like a word of its label.

Nothing here knows a pack, a domain or a question template: the cues come from the examples.
Learned cues are either overlaid in memory (``KnowledgeBase.use_cues``, e.g. for an evaluation that
learns from a training split) or recorded as a curation change with provenance (``KnowledgeBase.learn``),
where experts can review and undo them like any edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.term import Node

from ..fusion.retrieval import Retriever
from ..knowledge.terms import Triple
from ..progress import track
from ..representation.labels import Labels
from ..text import STOPWORDS, WH_WORDS, normalize, same_word
from ..vocab import CUE_WORD
from .examples import answering_paths


@dataclass(frozen=True)
class Cue:
    """A question word that names a relation, with the evidence for it."""

    predicate: Node
    word: str
    support: int  # examples answered through the relation whose question has the word
    precision: float  # share of the usable examples with the word that are answered through it


@dataclass
class Learned:
    """What learning found: the cues, and how many examples could be used."""

    examples: int
    usable: int
    cues: list[Cue] = field(default_factory=list)
    change: str | None = None  # the curation change that recorded new cues, if one did


def answering_chain(
    retriever: Retriever, question: str, gold: Sequence[str], max_chars: int = 2000
) -> tuple[tuple[Node, ...], set[str]] | None:
    """The predicates of the one relation chain whose answers match the gold answers best, and the
    question's content words outside the entity mention; None when no chain or several fit."""
    found = answering_paths(retriever, question, gold, max_chars)
    if found is None:
        return None
    _, best, tokens, _ = found
    chains = {tuple(h.predicate for h in p.result.relations) for p in best}
    m = best[0].mention
    words = {
        t
        for i, t in enumerate(tokens)
        if not (m.start <= i < m.end) and t not in STOPWORDS and t not in WH_WORDS and not t.isdigit()
    }
    return chains.pop(), words


def learn_cues(
    retriever: Retriever,
    examples: Iterable[tuple[str, Sequence[str]]],
    *,
    min_support: int = 5,
    min_precision: float = 0.8,
    progress: str = "auto",
    max_chars: int = 2000,
) -> Learned:
    """Cue words for relations from (question, gold answers) pairs; see the module's docstring."""
    word_count: Counter[str] = Counter()
    pair_count: Counter[tuple[str, Node]] = Counter()
    examples = list(examples)
    usable = 0
    for question, gold in track(examples, "learning cue words", "questions", progress, min_total=50):
        found = answering_chain(retriever, question, gold, max_chars)
        if found is None:
            continue
        usable += 1
        predicates, words = found
        for w in words:
            word_count[w] += 1
            for p in set(predicates):
                pair_count[w, p] += 1
    labels = retriever.graph.labels
    cues = []
    for (w, p), n in pair_count.items():
        precision = n / word_count[w]
        if n < min_support or precision < min_precision:
            continue
        own = {x for name in labels.relation_names(p) for x in normalize(name).split()}
        if any(same_word(w, x) for x in own):
            continue  # the relation's own names already say it
        cues.append(Cue(p, w, n, round(precision, 3)))
    cues.sort(key=lambda c: (labels.predicate_label(c.predicate), -c.support, c.word))
    return Learned(len(examples), usable, cues)


def cue_change(learned: Learned, labels: Labels) -> tuple[list[Triple], str]:
    """The ``kgqa:cueWord`` triples of the cue words the pack does not have yet, and a note for the
    curation change that records them."""
    new = [c for c in learned.cues if c.word not in labels.cues.get(c.predicate, [])]
    label = labels.predicate_label
    note = f"cue words learned from {learned.usable} of {learned.examples} question/answer pairs: " + ", ".join(
        f"{c.word!r} for {label(c.predicate)!r} ({c.support}, {c.precision:.0%})" for c in new
    )
    return [(c.predicate, CUE_WORD, Literal(c.word)) for c in new], note


def overlay_cues(labels: Labels, cues: Iterable[Cue]) -> None:
    """Add cue words to the names of relations in memory (not recorded)."""
    for cue in cues:
        if cue.word not in labels.cues[cue.predicate]:
            labels.cues[cue.predicate].append(cue.word)
