"""Training examples for the chain matcher: questions with the relation chains they could mean.

An example is a question as chains are compared with it (entity mentions masked), the label texts of
the candidate chains that retrieval walks from its entities, which of them answers it (the hard
label) and what today's feature scorer makes of each (the teacher's scores). Examples come from

- questions with their right answers (a file of examples, ``kgqa learn``'s format);
- the curators' corrections in the change log (a corrected question and the facts it was given);
- questions synthesised from the graph: a start entity sampled from the graph, a relation chain
  walked from it, and the chain said in one of several generic forms from its relations' names
  (label, alt labels, inverse label, cue words). Nothing here knows a pack, a domain or a dataset's
  question templates, so a pack with no questions at all can still be trained.

The hard label of a question is the chain whose answers match its answers best (F1 ≥ 0.5), as
``cues.answering_chain`` decides. A question that several chains answer equally well (a graph where
an album and its title track share a name: "X's recording" loops on X) is kept with all of them as
its label, up to ``TrainingSettings.max_tied``: the loss then raises their summed probability
(the marginal likelihood of weakly supervised semantic parsing), which asks the matcher for no
preference among them that the graph does not show.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..fusion.paths import Hop, PathResult, RelationPath, walk
from ..fusion.retrieval import Retriever, ScoredPath
from ..knowledge.changes import ChangeLog
from ..metrics import norm_answer
from ..progress import track
from ..representation.labels import Labels
from ..text import clean_question, normalize
from ..vocab import KGQA, NON_FACT_PREDICATES
from .glosses import Glosses

#: Candidates kept per example (the answering chain and the teacher's best others); training uses
#: ``TrainingSettings.max_candidates`` of them.
KEPT_CANDIDATES = 64


@dataclass(frozen=True)
class ChainExample:
    """One question and the chains it could mean: the first ``answering`` chains answer it."""

    question: str  # as chains are compared with it: entity mentions masked
    chains: tuple[str, ...]  # label texts of the candidate chains, the answering ones first
    teacher: tuple[float, ...]  # the feature scorer's score of each (its best reading of that text)
    hops: int  # of the (first) answering chain
    origin: str  # "answered", "corrected" or "synthesised"
    answering: int = 1  # how many chains answer it equally well (the first ones)


#: Of chains that answer a question equally well, those the feature scorer ranks this much below its
#: favourite are not taken as the question's (``answering_paths`` with ``tie_break``).
TIE_MARGIN = 0.3


def answering_paths(
    retriever: Retriever,
    question: str,
    gold: Sequence[str],
    max_chars: int = 2000,
    tie_break: bool = False,
    max_tied: int = 1,
) -> tuple[list[ScoredPath], list[ScoredPath], list[str], str] | None:
    """Every chain retrieval walks for the question (exhaustively), the ones whose answers match the
    gold answers best, the question's tokens and the question as retrieval compared chains with it
    (``Retrieval.compared``); None when none matches well (F1 < 0.5) or more
    than ``max_tied`` different chains match equally well. With ``tie_break``, of chains that match
    equally well those the feature scorer ranks within ``TIE_MARGIN`` of its favourite are kept
    ("who was behind the camera for Jaws": *directed by*, not *directed by → directed → directed
    by*, which comes back to the same person); never the shorter one alone where the scorer prefers
    none so clearly (that would teach that longer questions mean shorter chains)."""
    wanted = {norm_answer(g) for g in gold if g.strip()}
    if not wanted:
        return None
    text = clean_question(question, max_chars)
    r = retriever.retrieve(text, exhaustive=True)  # every chain, not the likely ones
    labels = retriever.graph.labels
    best: list[ScoredPath] = []
    top = 0.0
    for p in r.paths:
        names = {norm_answer(labels.label(a)) for a in p.answers}
        hit = len(names & wanted)
        if not hit:
            continue
        f1 = 2 * hit / (len(names) + len(wanted))
        if f1 > top + 1e-9:
            top, best = f1, [p]
        elif abs(f1 - top) <= 1e-9:
            best.append(p)
    if best and tie_break:  # the readings the scorer ranks within TIE_MARGIN of its favourite
        ranked = sorted(best, key=lambda p: -p.score)
        best = [p for p in ranked if p.score > ranked[0].score - TIE_MARGIN]
    if top < 0.5 or len({tuple(h.predicate for h in p.result.relations) for p in best}) > max_tied:
        return None  # no reading fits, or more readings answer equally well than may be kept
    return r.paths, best, normalize(text).split(), r.compared


def chain_example(
    retriever: Retriever,
    question: str,
    gold: Sequence[str],
    origin: str = "answered",
    max_chars: int = 2000,
    max_tied: int = 1,
) -> ChainExample | None:
    """The training example of a question with its right answers; None when no chain, or more than
    ``max_tied`` chains alike, answer it, or it has nothing to choose between."""
    found = answering_paths(retriever, question, gold, max_chars, tie_break=True, max_tied=max_tied)
    if found is None:
        return None
    paths, best, _, compared = found
    text_of = retriever.scorer.matcher_text
    # ``best`` comes ranked by the teacher (tie_break): its favourite answering chain first
    answers = list(dict.fromkeys(text_of(p.result.relations) for p in best))
    scores: dict[str, float] = {}
    for p in paths:
        t = text_of(p.result.relations)
        scores[t] = max(scores.get(t, float("-inf")), p.score)
    # the chain read with one hop the other way, or cut short, is the likeliest mistake: a hard
    # negative even where the graph has no such chain from this entity (the teacher ranks it last)
    floor = min(scores.values()) - 1.0
    for p in best:
        for chain in near_misses(p.result.relations):
            scores.setdefault(text_of(chain), floor)
    ranked = sorted((t for t in scores if t not in answers), key=lambda t: -scores[t])
    others = [t for t in ranked if scores[t] == floor] + [t for t in ranked if scores[t] != floor]
    others = others[: KEPT_CANDIDATES - len(answers)]
    if not others:
        return None
    chains = (*answers, *others)
    # the question exactly as retrieval compares chains with it when answering it
    teacher = tuple(scores[t] for t in chains)
    return ChainExample(compared, chains, teacher, len(best[0].result.relations), origin, len(answers))


def near_misses(chain: RelationPath) -> list[RelationPath]:
    """Chains a question is easily mistaken for: each hop followed the other way, and the chain cut short."""
    flipped = [(*chain[:i], Hop(h.predicate, not h.forward), *chain[i + 1 :]) for i, h in enumerate(chain)]
    return [*flipped, *(chain[:i] for i in range(1, len(chain)))]


def chain_examples(
    retriever: Retriever,
    pairs: Iterable[tuple[str, Sequence[str]]],
    origin: str = "answered",
    progress: str = "auto",
    max_chars: int = 2000,
    max_tied: int = 1,
) -> tuple[list[ChainExample], int]:
    """The examples of (question, right answers) pairs that up to ``max_tied`` chains answer, and how
    many pairs there were."""
    pairs = list(pairs)
    out = []
    for question, gold in track(pairs, f"reading {origin} questions", "questions", progress, min_total=50):
        example = chain_example(retriever, question, gold, origin, max_chars, max_tied)
        if example is not None:
            out.append(example)
    return out, len(pairs)


def corrected_pairs(log: ChangeLog, retriever: Retriever) -> list[tuple[str, tuple[str, ...]]]:
    """The corrections in force as (question, right answers): the nodes the correction's facts give,
    other than the entities the question names."""
    labels = retriever.graph.labels
    out = []
    for change in log.effective():
        if change.action != "correct" or not change.question:
            continue
        named = {n for m in retriever.link(change.question) for n in m.nodes}
        facts = [t for t in change.added if t[1] not in NON_FACT_PREDICATES]
        answers = dict.fromkeys(labels.label(o if s in named else s) for s, _, o in facts)
        if answers:
            out.append((change.question, tuple(answers)))
    return out


# --- questions from the graph ------------------------------------------------------------------

#: How a hop reads as a noun phrase around what it starts from ({x}), forwards and backwards:
#: "the director of X", "X's director"; "things written by X", "what X wrote".
FORWARD_FORMS = ("the {n} of {x}", "{x} 's {n}", "{x} {n}", "{n} of {x}")
BACKWARD_FORMS = ("things {n} {x}", "what {x} is {n} of", "{n} {x}", "the ones {n} {x}")
INVERSE_FORMS = ("what {x} {n}", "the things {x} {n}", "{x} {n}")
#: How a question opens on the phrase.
OPENINGS = ("what is {p}", "which are {p}", "who is {p}", "{p}", "name {p}", "what are {p}", "tell me {p}")


def hop_phrase(hop: Hop, inner: str, labels: Labels, rng: random.Random, glosses: Glosses | None = None) -> str:
    """One way of saying "what ``hop`` leads to from ``inner``", from the relation's names or, as
    often as from one more name, from the phrases its glosses give (``glosses``)."""
    p = hop.predicate
    cues = list(labels.cues.get(p, []))
    glossed = glosses.get(p) if glosses else None
    said = (glossed.forward if hop.forward else glossed.backward) if glossed else ()
    if said and rng.random() < 1 / (2 + len(labels.alt.get(p, [])) + len(cues)):
        return rng.choice(said).format(x=inner)
    if hop.forward:
        names = [labels.predicate_label(p), *labels.alt.get(p, []), *cues]
        return rng.choice(FORWARD_FORMS).format(n=rng.choice(names), x=inner)
    inverse = labels.inverse.get(p)
    if inverse and rng.random() < 0.5:
        return rng.choice(INVERSE_FORMS).format(n=rng.choice([inverse, *cues]), x=inner)
    names = [labels.predicate_label(p), *labels.alt.get(p, []), *cues]
    return rng.choice(BACKWARD_FORMS).format(n=rng.choice(names), x=inner)


#: How a relation followed there and back reads, forwards first ("films with the same director as
#: X": what shares the relation's object with what it starts from) or backwards first ("X's
#: co-stars": what is the relation's object beside it, of the same subject). The words are the
#: generic ones for sharing (``scoring.SHARING_WORDS``), not any dataset's templates.
SHARING_FORMS = (
    "things with the same {n} as {x}",
    "what shares its {n} with {x}",
    "the others that have the same {n} as {x}",
    "things that share {n} with {x}",
    "the {n} of {x} is also the {n} of what",
    "what else has the {n} of {x}",
    "other things whose {n} is also the {n} of {x}",
)
SHARED_FORMS = (
    "what is {n} together with {x}",
    "the co-{n} of {x}",
    "the fellow {n} of {x}",
    "what else is {n} alongside {x}",
    "what is also {n} with {x}",
    "the others that are {n} of the same things as {x}",
    "things that share {n} with {x}",
)


def say_chain(
    relations: RelationPath,
    entity: str,
    labels: Labels,
    rng: random.Random,
    glosses: Glosses | None = None,
) -> str:
    """A question asking for what a relation chain leads to from a named entity; ``glosses`` say
    one-hop chains only (a gloss is a clause: nested in a chain's phrase, it made MetaQA dev 2- and
    3-hop questions worse)."""
    phrase = entity
    glosses = glosses if len(relations) == 1 else None
    i = 0
    while i < len(relations):
        hop = relations[i]
        after = relations[i + 1] if i + 1 < len(relations) else None
        if after is not None and after.predicate == hop.predicate and after.forward != hop.forward:
            p = hop.predicate
            names = [labels.predicate_label(p), *labels.alt.get(p, []), *labels.cues.get(p, [])]
            forms = SHARING_FORMS if hop.forward else SHARED_FORMS
            phrase = rng.choice(forms).format(n=rng.choice(names), x=phrase)
            i += 2
            continue
        phrase = hop_phrase(hop, phrase, labels, rng, glosses)
        i += 1
    return rng.choice(OPENINGS).format(p=phrase)


def synthesise(
    retriever: Retriever,
    per_hop: int,
    seed: int = 0,
    max_answers: int = 20,
    glosses: Glosses | None = None,
) -> list[tuple[str, tuple[str, ...]]]:
    """Up to ``per_hop`` (question, right answers) pairs for each chain length the retriever walks:
    start entities sampled from the graph's named nodes, a chain walked from each (chain kinds drawn
    evenly among those the start has), said in a generic form. Ends that are hubs (more than
    ``max_answers`` answers) are skipped: no one asks for a list of thousands. ``glosses``: question
    phrases from what relations' nouns mean (``glosses.Glossary``), used beside their names."""
    rng = random.Random(seed)
    graph, hoods = retriever.graph, retriever.hoods
    labels = graph.labels
    names = labels.names
    starts = [n for n in names if n not in graph.schema and not str(n).startswith(str(KGQA))]
    rng.shuffle(starts)
    hops = retriever.settings.max_hops
    want = {h: per_hop for h in range(1, hops + 1)}
    out: list[tuple[str, tuple[str, ...]]] = []
    tries = 0
    while any(want.values()) and tries < len(starts) and tries < per_hop * hops * 20:
        start = starts[tries]
        tries += 1
        h = rng.choice([k for k, v in want.items() if v])
        results: list[PathResult] = [
            r
            for r in walk(hoods, start, max_hops=h, max_frontier=retriever.settings.max_frontier)
            if len(r.relations) == h and 0 < len(r.ends) <= max_answers and start not in r.ends
        ]
        if not results:
            continue
        kinds = sorted({r.relations for r in results}, key=str)
        chosen = rng.choice(kinds)
        r = next(r for r in results if r.relations == chosen)
        answers = tuple(dict.fromkeys(labels.label(n) for n in r.ends))
        out.append((say_chain(chosen, labels.label(start), labels, rng, glosses), answers))
        want[h] -= 1
    return out


__all__ = [
    "ChainExample",
    "answering_paths",
    "chain_example",
    "chain_examples",
    "corrected_pairs",
    "say_chain",
    "synthesise",
]
