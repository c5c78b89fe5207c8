"""Every setting of kgqa in one place: a frozen, validated ``Settings`` with one section per stage.

Each tuned number says what it does and where it was tuned; a bad value is a ``SettingsError`` when
the settings are made, never a surprise later. Change settings with ``replace``::

    Settings().replace(reader="none", max_facts=8)      # field names are unique across sections

A leaf: it imports nothing from kgqa but errors.
"""

from __future__ import annotations

import dataclasses
import math
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import SettingsError

ReadMode = Literal["auto", "always"]
Rebuild = Literal["auto", "never"]
QueryPrecision = Literal["int8", "float32"]
Progress = Literal["auto", "always", "never"]


def default_cache_dir() -> Path:
    """Where kgqa keeps indexes, stores and converted models: ``$KGQA_CACHE`` or the user cache."""
    env = os.environ.get("KGQA_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kgqa"


def knob(default: Any, low: float | None = None, high: float | None = None) -> Any:
    """A tuned number with the range it must lie in (checked when settings are made)."""
    return field(default=default, metadata={"low": low, "high": high})


class _Checked:
    """Validates every field against its type (``Literal`` choices included) and its range."""

    def __post_init__(self) -> None:
        hints = typing.get_type_hints(type(self))
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            _check(type(self).__name__, f, hints[f.name], getattr(self, f.name))


def _check(owner: str, f: dataclasses.Field[Any], hint: Any, value: Any) -> None:
    where = f"{owner}.{f.name}"
    choices = typing.get_args(hint) if typing.get_origin(hint) is Literal else ()
    if choices:
        if value not in choices:
            raise SettingsError(f"{where} must be one of {', '.join(map(repr, choices))}, not {value!r}")
        return
    if hint is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{where} must be true or false, not {value!r}")
        return
    if hint in (int, float):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (hint is int and not isinstance(value, int))
        ):
            raise SettingsError(f"{where} must be a{'n integer' if hint is int else ' number'}, not {value!r}")
        if not math.isfinite(value):
            raise SettingsError(f"{where} must be finite, not {value!r}")
        low, high = f.metadata.get("low"), f.metadata.get("high")
        if (low is not None and value < low) or (high is not None and value > high):
            raise SettingsError(f"{where} must lie in [{low}, {high}], not {value!r}")
        return
    if hint is str and not isinstance(value, str):
        raise SettingsError(f"{where} must be a string, not {value!r}")


@dataclass(frozen=True)
class BackendSettings(_Checked):
    """Which implementation serves each part, chosen by name from its registry (see ``registry``)."""

    #: graph store: "memory" (rdflib), "oxigraph" (on disk), "sparql" (an endpoint) or "auto" (the
    #: endpoint when one is given, else by the pack's size)
    store: str = "auto"
    #: a SPARQL 1.1 query endpoint that holds the graph (credentials: $KGQA_SPARQL_USER and
    #: $KGQA_SPARQL_PASSWORD); kgqa queries it in place, copying nothing
    endpoint: str = ""
    #: its SPARQL Update endpoint, for curation; without one the endpoint is read-only
    update_endpoint: str = ""
    #: read only these named graphs of the endpoint (space-separated IRIs; one ending in "*" is a
    #: prefix), and those curation writes; empty: the default graph and every named graph
    endpoint_graphs: str = ""
    #: seconds a SPARQL request may take before it fails with a clear error
    endpoint_timeout: float = knob(30.0, 0.1)
    #: above this many bytes of RDF, store="auto" picks the on-disk store (rdflib's memory store
    #: needs ~1.2 GB and ~50 s for 1M triples)
    auto_disk_bytes: int = knob(20_000_000, 0)
    #: sentence embedder: "minilm" (packaged all-MiniLM-L6-v2), a local folder or a hub name
    embedder: str = "minilm"
    #: the library that runs the embedder
    embedder_backend: str = "sentence-transformers"
    #: questions embedded by an 8-bit copy of the embedder ("int8": ~2 ms instead of ~5 on 2 cores,
    #: redone exactly on close calls) or exactly ("float32")
    query_precision: QueryPrecision = "int8"
    #: up to this many texts, embedding runs the ONNX export (a question: ~4 ms instead of ~12 through
    #: torch on 2 cores); bulk work stays on torch, as fast there
    onnx_max_batch: int = knob(256, 0)
    #: an int8 question encoder must stay within this cosine of the exact vectors (~0.994 on MetaQA)
    min_int8_agreement: float = knob(0.98, 0.0, 1.0)
    #: facts embedded for an index by the exact ONNX export ("float32": 800/s on 2 cores) or by its
    #: int8 copy ("int8": 1,460/s) when that agrees with the exact vectors (``min_bulk_agreement``).
    #: On MetaQA's 128k facts int8 kept a mean cosine of 0.993 and recall@10 0.470 (exact: 0.463);
    #: torch did 346/s (benchmarks/index_build.py)
    bulk_precision: QueryPrecision = "int8"
    #: mean cosine an int8 bulk encoder must keep to the exact vectors on a sample of the facts
    min_bulk_agreement: float = knob(0.99, 0.0, 1.0)
    #: embed an index's facts on a Ray cluster: "local" (this machine's cores) or a cluster address;
    #: empty: in this process (``pip install 'kgqa[ray]'``)
    ray: str = ""
    #: vector index of the fact sentences: "flat" (exact), "ivfpq" (compressed codes, candidates
    #: re-ranked exactly) or "auto" (exact up to 100k facts, then ivfpq)
    index: str = "auto"
    #: reader: "gemma3-270m" (packaged), "smollm2-135m" (packaged), a local folder, a hub name, or
    #: "none" to answer from the graph alone
    reader: str = "gemma3-270m"
    #: the library that runs the reader: "onnxruntime-genai" (an int8 ONNX export made once in the
    #: cache, ~10x faster on CPU), "transformers", or "auto" (the first of them that loads the model)
    reader_backend: str = "auto"


@dataclass(frozen=True)
class LinkingSettings(_Checked):
    """How question spans are matched to entity labels (tuned on MetaQA dev and the bundled packs)."""

    #: weight of a stop word in a mention's score (a film called "Her" must not steal a question)
    stopword_weight: float = knob(0.05, 0.0, 1.0)
    #: weight of a word that names a relation or class ("directed", "films")
    schema_word_weight: float = knob(0.35, 0.0, 1.0)
    #: weight of a number ("1984" is rarely the entity asked about)
    digit_weight: float = knob(0.6, 0.0, 1.0)
    #: added to a span written with a capital inside the sentence: a name
    capital_bonus: float = knob(0.5, 0.0)
    #: a capitalised word that is the last word of one name only ("Verdi") weighs this share of a word
    family_name_discount: float = knob(0.8, 0.0, 1.0)
    #: a name said in the plural ("toxic to *cats*" for the entity cat) counts this share of its words
    plural_name_discount: float = knob(0.9, 0.0, 1.0)
    #: above this share of capitalised words (Title Case), capitals say nothing
    title_case_share: float = knob(0.6, 0.0, 1.0)
    #: below this score a span is not a mention
    min_mention_score: float = knob(0.3, 0.0)
    #: fuzzy matching runs only when no exact mention scores this much
    exact_enough: float = knob(0.9, 0.0)
    #: rapidfuzz ratio (0-100) a fuzzy match needs (typos such as "Jurrasic Park")
    fuzzy_cutoff: float = knob(85.0, 0.0, 100.0)
    #: a fuzzy mention's score is its span's weight times similarity times this
    fuzzy_discount: float = knob(0.9, 0.0, 1.0)
    #: longest span (words) matched fuzzily
    fuzzy_max_words: int = knob(6, 1)
    #: shortest span (characters) matched fuzzily: a short word close to a name ("words" and
    #: "Swords") is more often another word than a typo
    fuzzy_min_chars: int = knob(7, 1)
    #: most mentions kept per question
    max_mentions: int = knob(4, 1)
    #: rapidfuzz WRatio a "did you mean" suggestion needs
    suggest_cutoff: float = knob(60.0, 0.0, 100.0)
    #: of nodes whose names differ only in accents or case ("Bruno", "Brüno"), link those named as
    #: the question types them, when some are
    prefer_as_typed: bool = True


@dataclass(frozen=True)
class RetrievalSettings(_Checked):
    """Walking relation chains and scoring them (weights tuned on MetaQA dev with
    ``benchmarks/tune_paths.py``; PathQuestion-Large checked alongside)."""

    #: longest relation chain followed from a linked entity (the walk knows 1, 2 and 3)
    max_hops: int = knob(3, 1, 3)
    #: how sure a link is of "the country" naming the one thing of class *country* the pack holds
    only_one_score: float = knob(1.0, 0.0)
    #: score lost per hop beyond the first
    hop_penalty: float = knob(0.20, 0.0)
    #: weight of the mention's strength relative to the best mention
    mention_weight: float = knob(0.10, 0.0)
    #: weight of the share of a chain's hops that a question word names
    hop_cover_weight: float = knob(1.5, 0.0)
    #: weight of the share of the question's relation words that the chain names
    question_cover_weight: float = knob(1.5, 0.0)
    #: weight of the answers being of a class the question names ("which films")
    type_weight: float = knob(0.20, 0.0)
    #: weight of a relation used twice being licensed (+1) or not (-1) by the question
    repeat_weight: float = knob(0.30, 0.0)
    #: penalty when a chain's answers are of another kind than the question's wh-word asks for ("who"
    #: answered by years, "when" by things, "how tall" by things): larger than any wording can make up
    kind_penalty: float = knob(2.0, 0.0)
    #: penalty for the share of a chain's answers its first step reaches only through what is inside
    #: the entity (people born in Paris, for "French people"): a direct fact reads the question first
    inside_penalty: float = knob(0.1, 0.0)
    #: penalty per decade of answer-set size
    size_weight: float = knob(0.06, 0.0)
    #: bonus when two entities' chains meet (both constrain the answer)
    joint_bonus: float = knob(0.1, 0.0)
    #: weight of a multi-word relation name occurring as a phrase
    phrase_weight: float = knob(0.1, 0.0)
    #: weight of the relation word nearest the entity naming the first hop
    first_weight: float = knob(0.2, 0.0)
    #: weight of the relation word nearest the wh-word naming the last hop
    last_weight: float = knob(0.4, 0.0)
    #: the best chain must score this much to answer (unless a trained matcher names it); below it kgqa abstains
    min_path_score: float = knob(0.30)
    #: with nothing linked, a fact found by dense search must be this similar to be read
    min_dense_score: float = knob(0.45, -1.0, 1.0)
    #: most answers of a set
    max_answers: int = knob(50, 1)
    #: entity mentions left out of the question as chains are compared with it, best first
    masked_mentions: int = knob(2, 0)
    #: an answer set of up to this many is ordered by how many facts each answer has (0: graph order)
    rank_answers_limit: int = knob(100, 0)
    #: a mention at least this sure is a strong entity: two of them may each constrain the answer
    strong_mention: float = knob(0.9, 0.0)
    #: nodes walked per mention (a label shared by several nodes)
    nodes_per_mention: int = knob(3, 1)
    #: a node with more edges ends a walk there (a genre with thousands of films)
    hub_limit: int = knob(400, 1)
    #: a start node is walked even when it is a hub, up to this many edges
    start_edge_cap: int = knob(5000, 1)
    #: chains whose answer set is larger are not extended
    max_frontier: int = knob(300, 1)
    #: nodes whose edges are kept in memory between questions
    neighbourhood_cache: int = knob(50_000, 0)
    #: a 3-hop chain is walked only when its best possible score is within this of the best shorter
    #: chain (>= the margins under which the reader is asked, 0.25, and confidence saturates, 0.5,
    #: so neither changes); 0 disables pruning
    prune_margin: float = knob(0.5, 0.0)
    #: with the int8 question vector, retrieval decides again on the exact one unless every decision
    #: leads by this (int8 moved a chain's score by at most 0.052 over 20k MetaQA chains)
    exact_margin: float = knob(0.1, 0.0)
    #: chains considered when looking for two entities' chains that meet, and per entity
    join_pool: int = knob(200, 1)
    join_per_entity: int = knob(10, 1)
    #: answers sampled to check the class the question asks for
    type_sample: int = knob(5, 1)
    #: edges of a linked entity ranked for the reader's context, at most
    context_edge_cap: int = knob(2000, 1)
    #: relation chains embedded at open when a pack has at most this many (few relations)
    prepare_chain_limit: int = knob(2048, 0)
    #: confidence of an answer whose chain a question word names / does not name, before the lead
    #: over the runner-up doubles it (saturating at a lead of ``confidence_lead``)
    named_confidence: float = knob(0.5, 0.0, 0.5)
    unnamed_confidence: float = knob(0.25, 0.0, 0.5)
    confidence_lead: float = knob(0.5, 1e-6)


@dataclass(frozen=True)
class ReadingSettings(_Checked):
    """When the reader is asked and how its words become an answer (tuned on MetaQA dev)."""

    #: "auto" asks the reader when the graph is unsure; "always" asks it every time
    read: ReadMode = "auto"
    #: most facts in the reader's context
    max_facts: int = knob(6, 1, 64)
    #: most tokens the reader generates
    max_new_tokens: int = knob(16, 1, 512)
    #: below this lead of the best chain over the next, an unsure graph lets the reader choose
    unsure_margin: float = knob(0.25, 0.0)
    #: rapidfuzz ratio the reader's words need to name a node of the facts
    answer_match_cutoff: float = knob(85.0, 0.0, 100.0)
    #: confidence at most of an answer the reader found in nearby facts (no chain proves it)
    reader_only_confidence: float = knob(0.5, 0.0, 1.0)
    #: when no chain answers, the reader may answer from the nearby facts (a node they name), capped
    #: at ``reader_only_confidence``. Off: measured with the packaged reader, it answered 3 of 600
    #: MetaQA dev questions (2 right) and 35 of the 189 unanswerable questions of
    #: ``benchmarks/abstention.py`` (abstention recall 0.942 -> 0.757)
    reader_answers_alone: bool = False
    #: cosine a new question needs to a corrected one for the correction to answer it
    correction_similarity: float = knob(0.92, 0.0, 1.0)
    #: a reader tuned to say "not in the knowledge graph" when the facts do not answer (``kgqa train
    #: --reader``) may vouch for a reading when no word of the question names the best one: its pick
    #: among the answers of that reading, or of another walked reading of the same entity no longer
    #: than it, is kept, capped at ``reader_only_confidence`` and saying why, instead of abstaining
    #: for want of a naming word
    reader_vouches: bool = True
    #: confidence at most of an answer that leaves an operator of the question unexecuted (a count,
    #: an order, a value, a negation)
    unexplained_confidence: float = knob(0.3, 0.0, 1.0)
    #: confidence at most of an answer that leaves a content word of the question unaccounted for
    #: (three quarters of it for several)
    uncovered_confidence: float = knob(0.6, 0.0, 1.0)
    #: confidence at most of an answer that does not use a second entity the question names clearly
    unused_entity_confidence: float = knob(0.4, 0.0, 1.0)
    #: confidence at most of an answer whose chain takes a step no word of the question names: the area
    #: of the state a city is in for "how big is the city", a company's city's CEO for its own CEO
    unnamed_step_confidence: float = knob(0.6, 0.0, 1.0)
    #: confidence at most of an answer whose chain takes a step named only by words of the
    #: relation's gloss ("who trained Achilles" for *tutored by*, glossed "the teacher who raised or
    #: trained a being": a gloss says more than the relation, and "room temperature" in the gloss of
    #: *density* does not make a question about the room a question of density), or by a word that
    #: says there is a relation without saying which ("which gods are *associated* with war")
    weakly_named_confidence: float = knob(0.6, 0.0, 1.0)
    #: confidence at most of an answer to "who" that is things of no class of agents, in a pack that
    #: names one ("who conducted the premieres" answered with works)
    not_agents_confidence: float = knob(0.6, 0.0, 1.0)
    #: answers named in an answer's text; more are counted ("and 12 more")
    answers_in_text: int = knob(10, 1)
    #: reasoning paths shown per answer
    paths_shown: int = knob(3, 0)


@dataclass(frozen=True)
class TrainingSettings(_Checked):
    """Training the chain matcher (``kgqa train``): the model that compares a question with the
    label text of a relation chain, fine-tuned with L = (1 - alpha) CE(y, p_s) + alpha T^2 KL(p_t || p_s)."""

    #: balance of the teacher's soft distribution against the hard label (0: plain fine-tuning, which
    #: measured better than 0.5 on MetaQA dev: the feature-scorer teacher is weaker than the labels)
    alpha: float = knob(0.0, 0.0, 1.0)
    #: temperature T that softens teacher and student for the KL term
    temperature: float = knob(2.0, 1e-3)
    #: logits are cosines (student) and chain scores (teacher, the feature scorer) divided by this
    logit_scale: float = knob(0.05, 1e-4)
    #: passes over the examples
    epochs: int = knob(2, 1)
    #: questions per step
    batch_size: int = knob(16, 1)
    #: AdamW learning rate
    learning_rate: float = knob(5e-5, 0.0)
    #: candidate chains per question in the loss: the answering one and the teacher's best others
    max_candidates: int = knob(16, 2)
    #: a question that up to this many relation chains answer equally well is trained to any of them
    #: (their summed probability; a chain counts once whichever way its hops are read); one that more
    #: answer alike is left out (1: only one-chain answers)
    max_tied: int = knob(4, 1)
    #: questions synthesised from the graph per hop count (1, 2, 3 hops); 0 trains on answered ones only
    synthesised_per_hop: int = knob(600, 0)
    #: the language model that glosses relations' nouns for synthesised questions ("tag: a word that
    #: describes a thing" -> "what words describe X"; see ``training.glosses``); "none": names only
    gloss_reader: str = "gemma3-270m"
    #: share of the examples held out to measure the trained matcher
    held_out: float = knob(0.1, 0.0, 0.5)
    #: weight of the trained matcher's cosine in a chain's score (added to the embedder's and the cues)
    trained_weight: float = knob(1.0, 0.0)
    #: share of ``trained_weight`` a matcher gets when it has seen synthesised questions only: it knows
    #: the relations' names, not how people ask (MetaQA dev 2-/3-hop 0.885/0.865 at 1, 0.945/0.895 at 0.5)
    synthesised_weight: float = knob(0.5, 0.0, 1.0)
    #: the lead in cosine by which the matcher's first chain for an entity counts as named by the question
    match_margin: float = knob(0.1, 0.0)
    #: compare questions with chains by the chain matcher the pack records, when there is one
    use_trained: bool = True
    #: seed of sampling, shuffling and initialisation
    seed: int = 0
    #: tuning the reader (``kgqa train --reader``): LoRA rank, scaling and dropout, passes over the
    #: examples, learning rate, and the longest prompt (in tokens) kept
    lora_rank: int = knob(8, 1)
    lora_alpha: int = knob(16, 1)
    lora_dropout: float = knob(0.05, 0.0, 1.0)
    reader_epochs: int = knob(1, 1)
    reader_learning_rate: float = knob(3e-4, 0.0)
    reader_max_tokens: int = knob(512, 16)
    #: share of the answered examples that are also given with the facts naming their answers left
    #: out, answered "not in the knowledge graph": the reader learns to say so when the facts are about
    #: the question's entity but not about what it asks (a reader tuned so may vouch for a reading no
    #: word names, see ``ReadingSettings.reader_vouches``)
    reader_negatives: float = knob(0.3, 0.0, 1.0)


@dataclass(frozen=True)
class Settings(_Checked):
    """Everything a ``KnowledgeBase`` can be told; each field has a default that works offline on a
    small CPU machine."""

    #: where indexes, stores and converted models live
    cache_dir: Path = field(default_factory=default_cache_dir)
    #: where converted models (reader, ONNX embedder) live, when not under ``cache_dir``
    model_cache_dir: Path | None = None
    #: "auto" rebuilds a stale index; "never" refuses it with an error
    rebuild: Rebuild = "auto"
    #: progress of long work (index builds, evaluation): "auto" draws a bar on a terminal and logs a
    #: line now and then elsewhere
    progress: Progress = "auto"
    #: longer questions are refused
    max_question_chars: int = knob(2000, 1)
    backends: BackendSettings = field(default_factory=BackendSettings)
    linking: LinkingSettings = field(default_factory=LinkingSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    reading: ReadingSettings = field(default_factory=ReadingSettings)
    training: TrainingSettings = field(default_factory=TrainingSettings)

    def __post_init__(self) -> None:
        if isinstance(self.cache_dir, str):
            object.__setattr__(self, "cache_dir", Path(self.cache_dir))
        if isinstance(self.model_cache_dir, str):
            object.__setattr__(self, "model_cache_dir", Path(self.model_cache_dir))
        for name in ("cache_dir",):
            if not isinstance(getattr(self, name), Path):
                raise SettingsError(f"Settings.{name} must be a path, not {getattr(self, name)!r}")
        super().__post_init__()

    @property
    def models_dir(self) -> Path:
        """Where converted models live."""
        return self.model_cache_dir or self.cache_dir

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed: top-level fields, whole sections, or any section's field
        by its name (names are unique across sections).

        Raises:
            SettingsError: an unknown name, or a bad value.
        """
        top = {f.name for f in dataclasses.fields(self)}
        own = {k: v for k, v in changes.items() if k in top}
        by_section: dict[str, dict[str, Any]] = {}
        for key, value in changes.items():
            if key in top:
                continue
            section = SECTION_OF.get(key)
            if section is None:
                raise SettingsError(f"unknown setting {key!r}")
            by_section.setdefault(section, {})[key] = value
        for section, values in by_section.items():
            own[section] = dataclasses.replace(own.get(section, getattr(self, section)), **values)
        return dataclasses.replace(self, **own)


SECTIONS: dict[str, type] = {
    "backends": BackendSettings,
    "linking": LinkingSettings,
    "retrieval": RetrievalSettings,
    "reading": ReadingSettings,
    "training": TrainingSettings,
}

#: field name -> the section that holds it (names are unique; a test checks it)
SECTION_OF: dict[str, str] = {f.name: s for s, cls in SECTIONS.items() for f in dataclasses.fields(cls)}

__all__ = [
    "BackendSettings",
    "LinkingSettings",
    "ReadingSettings",
    "RetrievalSettings",
    "Settings",
    "TrainingSettings",
    "default_cache_dir",
]
