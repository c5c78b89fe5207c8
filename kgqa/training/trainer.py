"""Training on a knowledge base: the chain matcher and the reader, made, recorded and put to use.

``KnowledgeBase.train``, ``tune_reader``, ``use_matcher`` and ``use_reader`` delegate here (the facade
stays thin); ``kb`` is the open ``KnowledgeBase`` (not imported: training comes before the facade).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..caches import damage
from ..errors import KgqaError, ModelError
from ..fusion.readers.base import NO_READER, load_reader
from ..knowledge.terms import Triple
from ..representation.embedders.base import load_embedder
from ..vocab import TUNED_READER
from .cues import Learned, cue_change, learn_cues
from .examples import ChainExample, chain_examples, corrected_pairs, synthesise
from .glosses import Glossary
from .matcher import (
    CHECKSUMS,
    TrainReport,
    matcher_triples,
    model_triples,
    recorded_matcher,
    recorded_model,
    train_matcher,
)
from .reader import ReaderReport, reader_examples, train_reader

log = logging.getLogger(__name__)

#: Most tokens of a gloss (the first line of it is kept).
GLOSS_TOKENS = 24
#: Training settings that only say how a trained matcher is used: they do not name a new model.
INFERENCE_ONLY = frozenset({"trained_weight", "synthesised_weight", "match_margin", "use_trained"})


def tuned_reader(kb: Any) -> str | None:
    """The folder of the reader the pack records as tuned from the reader in settings, if it is here."""
    b = kb.settings.backends
    found = recorded_model(kb.store, TUNED_READER) if kb.settings.training.use_trained else None
    if found is None or b.reader.lower() in NO_READER or found[1] != Path(b.reader).name:
        return None
    path = kb.settings.cache_dir / "readers" / found[0]
    if not (path / "config.json").exists():
        log.warning("the pack records tuned reader %s, but it is not in %s: reading with %s", found[0],
                    path.parent, b.reader)  # fmt: skip
        return None
    return str(path)


def tune_reader(
    kb: Any,
    examples: Iterable[tuple[str, Sequence[str]]] = (),
    curator: str | None = None,
    *,
    source: str = "",
    synthesised: bool = True,
    target: Path | None = None,
    fresh: bool = False,
) -> ReaderReport:
    """Hybrid fine-tuning of the reader (see ``training.reader``): a LoRA adapter trained to answer
    from the facts kgqa retrieves, on (question, right answers) pairs and questions synthesised
    from the graph, merged into a copy of the reader in ``cache_dir/readers`` (or ``target``).
    With a ``curator`` it is recorded as one curation change and read with from then on (undo it
    to go back); without one it is only made (``KnowledgeBase.open(..., reader=str(path))`` reads
    with it)."""
    from ..fusion.readers.transformers import resolve_reader

    cfg = kb.settings.training
    b = kb.settings.backends
    if b.reader.lower() in NO_READER:
        raise ModelError("no reader to tune: the settings say reader='none'")
    kb.refresh()
    pairs = list(examples)
    if synthesised:
        pairs += synthesised_pairs(kb, glossary(kb))
    made = reader_examples(kb, pairs, kb.settings.progress)
    base = resolve_reader(b.reader, kb.settings.models_dir)
    tuned = {k: v for k, v in dataclasses.asdict(cfg).items() if k.startswith(("lora_", "reader_")) or k == "seed"}
    key = hashlib.sha256(json.dumps([b.reader, kb.pack.fingerprint(), tuned, made]).encode()).hexdigest()[:16]
    scratch, target = target is not None, target or kb.settings.cache_dir / "readers" / f"{_slug(kb)}-{key}"
    recalled = None if fresh else ReaderReport.recall(target)
    report = recalled or train_reader(made, base, target, cfg, kb.settings.progress)
    if curator is not None and not scratch:
        triples = model_triples(TUNED_READER, target.name, Path(b.reader).name, report.examples)
        note = (
            f"reader {b.reader} tuned with a LoRA adapter (rank {cfg.lora_rank}) on {report.examples} questions "
            f"with their facts ({report.abstaining} of them answered 'not in the knowledge graph', "
            f"{report.negatives} without their answers' facts)"
        )
        report.change = _record(kb, "train", curator, triples, source, note)
        kb._reader_loaded = False
    return report


def _slug(kb: Any) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", kb.pack.info.name).strip("-.")[:60] or "pack"


def matchers_dir(kb: Any) -> Path:
    """Where trained chain matchers live (named by pack, settings and examples)."""
    return kb.settings.cache_dir / "matchers"


def load_matcher(kb: Any) -> None:
    """Compare questions with chains by the chain matcher the pack records, when its model is here."""
    cfg = kb.settings.training
    name = recorded_matcher(kb.store) if cfg.use_trained else None
    if name == kb._matcher_name:
        return
    kb._matcher_name = name
    path = matchers_dir(kb) / name if name is not None else None
    if path is not None and not path.is_dir():
        log.warning(
            "the pack records chain matcher %s, but its model is not in %s (another machine trained it?): "
            "chains are compared by the embedder; kgqa train makes it here",
            name,
            path.parent,
        )
        path = None
    use_matcher(kb, path)


def _damaged_matcher(path: Path) -> str | None:
    """Why a saved matcher's files are not those it was saved with, or None (a folder saved before
    matchers listed their checksums is taken as it is)."""
    listed = path / CHECKSUMS
    if not listed.exists():
        return None
    try:
        expected = json.loads(listed.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return f"{CHECKSUMS} unreadable: {e}"
    return damage(path, expected)


def use_matcher(kb: Any, path: Path | None) -> None:
    """Compare questions with relation chains by the trained model in ``path`` (None: by the
    embedder), in memory only: how an evaluation uses a matcher it trained in scratch space."""
    cfg = kb.settings.training
    matcher, weight, made = None, cfg.trained_weight, None
    why = _damaged_matcher(path) if path is not None else None
    if path is not None and why is None:
        backends = dataclasses.replace(kb.settings.backends, embedder=str(path))
        try:
            matcher = load_embedder(backends, cache_dir=kb.settings.models_dir)
        except Exception as e:  # noqa: BLE001 - any failure to load it is the same for the user
            why = str(e).splitlines()[0] if str(e) else type(e).__name__
    if why is not None:
        log.warning("the chain matcher at %s is damaged (%s): chains are compared by the embedder; "
                    "kgqa train makes it again", path, why)  # fmt: skip
        matcher, path = None, None
    if path is not None:
        made = TrainReport.recall(path)
        if made is not None and set(made.origins) == {"synthesised"}:  # never saw how people ask
            weight *= cfg.synthesised_weight
    kb.retriever.use_matcher(matcher, weight, cfg.match_margin)
    kb.retriever.use_kinds(made.kinds if made is not None else ())  # as it was trained
    if matcher is not None and callable(getattr(kb.store, "nodes", None)):
        kb.retriever.scorer.prepare_chains(kb.hoods.predicates(), kb.settings.cache_dir / "chains")


def glossary(kb: Any) -> Glossary | None:
    """The glosses of the pack's relations by ``TrainingSettings.gloss_reader`` (None: names only)."""
    cfg = kb.settings.training
    if cfg.gloss_reader.lower() in NO_READER:
        return None
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", cfg.gloss_reader).strip("-")
    return Glossary(_Completer(kb), kb.labels, kb.settings.models_dir / "glosses" / f"{slug}.json")


def synthesised_pairs(kb: Any, glosses: Glossary | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Questions synthesised from the graph (``examples.synthesise``), with the phrases ``glosses``
    give its relations (from their names alone when there are none, or the gloss model does not load)."""
    cfg = kb.settings.training
    pairs = synthesise(kb.retriever, cfg.synthesised_per_hop, cfg.seed, glosses=glosses)
    if glosses is not None:
        glosses.save()
    return pairs


class _Completer:
    """The gloss model's ``complete``, loaded on the first noun not glossed before (a pack glossed
    once loads no model); a model that does not load is said once, and glosses nothing."""

    def __init__(self, kb: Any) -> None:
        self.settings = kb.settings
        self.model: Any = None
        self.failed = False

    def __call__(self, prompt: str) -> str:
        if self.model is None and not self.failed:
            cfg, backend = self.settings.training, self.settings.backends.reader_backend
            try:
                self.model = load_reader(cfg.gloss_reader, self.settings.models_dir, GLOSS_TOKENS, backend)
            except KgqaError as exc:
                self.failed = True
                log.warning("relations are not glossed: %s", exc)
            if self.model is not None and not hasattr(self.model, "complete"):
                self.failed, self.model = True, None
                log.warning("relations are not glossed: %s cannot continue a prompt", cfg.gloss_reader)
        return "" if self.model is None else str(self.model.complete(prompt))


@dataclasses.dataclass
class TrainingSet:
    """The chain matcher's examples, how many question/answer pairs (answered and corrected) and
    synthesised questions they came from, and the nouns of kinds besides the graph's classes that
    were masked before names in them (``Retriever.use_kinds``: the matcher is used with the same)."""

    examples: list[ChainExample]
    pairs: int
    synthesised: int
    kinds: list[str]


def training_examples(
    kb: Any, examples: Iterable[tuple[str, Sequence[str]]] = (), *, corrections: bool = True, synthesised: bool = True
) -> TrainingSet:
    """Training examples of the chain matcher from (question, right answers) pairs, the corrections
    in force and questions synthesised from the graph (``TrainingSettings.synthesised_per_hop`` per
    hop count). The teacher is the feature scorer on the embedder, whatever matcher is in use. With
    synthesised questions, the kinds the gloss model says relations' subjects and objects are
    ("movie") are masked before names, as the graph's classes always are."""
    cfg, progress, chars = kb.settings.training, kb.settings.progress, kb.settings.max_question_chars
    kb.refresh()
    previous, weight, kept = kb.retriever.matcher, kb.retriever.scorer.trained_weight, kb.retriever.more_kinds
    kb.retriever.use_matcher(None)
    try:
        glosses = glossary(kb) if synthesised else None
        synth = synthesised_pairs(kb, glosses) if synthesised else []
        kinds = glosses.kinds() if glosses is not None else []
        kb.retriever.use_kinds(kinds)
        pairs = list(examples)
        made, _ = chain_examples(kb.retriever, pairs, "answered", progress, chars, cfg.max_tied)
        fixed = corrected_pairs(kb.log, kb.retriever) if corrections else []
        made += chain_examples(kb.retriever, fixed, "corrected", progress, chars, cfg.max_tied)[0]
        made += chain_examples(kb.retriever, synth, "synthesised", progress, chars, cfg.max_tied)[0]
    finally:
        kb.retriever.use_matcher(previous, weight, cfg.match_margin)
        kb.retriever.use_kinds(kept)
    return TrainingSet(made, len(pairs) + len(fixed), len(synth), kinds)


def train(
    kb: Any,
    examples: Iterable[tuple[str, Sequence[str]]] = (),
    curator: str | None = None,
    *,
    source: str = "",
    corrections: bool = True,
    synthesised: bool | None = None,
    target: Path | None = None,
    fresh: bool = False,
) -> TrainReport:
    """Fine-tune the chain matcher (see ``training``) on (question, right answers) pairs, the
    curators' corrections and questions synthesised from the graph (by default only when no pairs
    are given), and use it from now on.

    With a ``curator`` the matcher is recorded as one curation change (its name and how it was
    made, with provenance; undo it to go back); without one it is used in memory only. The model
    is kept in ``matchers_dir`` (or ``target``), named by the pack, the settings and the examples;
    one made before from the same is used again unless ``fresh``.
    """
    cfg = kb.settings.training
    examples = list(examples)
    if synthesised is None:  # synthesised questions lowered MetaQA 2/3-hop when added to answered ones
        synthesised = not examples
    made = training_examples(kb, examples, corrections=corrections, synthesised=synthesised)
    made_of = {k: v for k, v in dataclasses.asdict(cfg).items() if k not in INFERENCE_ONLY}
    examples_key = [(e.question, e.chains[0]) for e in made.examples]
    what = [kb.settings.backends.embedder, kb.pack.fingerprint(), made_of, examples_key, made.kinds]
    key = hashlib.sha256(json.dumps(what).encode()).hexdigest()[:16]
    scratch, target = target is not None, target or matchers_dir(kb) / f"{_slug(kb)}-{key}"
    report = None if fresh else TrainReport.recall(target)  # the same examples and settings: made already
    if report is None:
        b = kb.settings.backends
        report = train_matcher(made.examples, b.embedder, target, cfg, kb.settings.progress, made.kinds)
    report.pairs, report.synthesised = made.pairs, made.synthesised
    if curator is not None and not scratch:
        accuracy = f"{report.after:.3f}" if report.after is not None else "n/a"
        origins = ", ".join(f"{n} {o}" for o, n in report.origins.items())
        note = (
            f"chain matcher trained on {report.examples} examples ({origins}), alpha {report.alpha}, "
            f"T {report.temperature}, base {Path(report.base).name}; held-out top-1 {accuracy}"
        )
        report.change = _record(kb, "train", curator, matcher_triples(report), source, note)
    else:
        use_matcher(kb, report.path)
    return report


def learn(
    kb: Any,
    examples: Iterable[tuple[str, Sequence[str]]],
    curator: str | None = None,
    *,
    source: str = "",
    min_support: int = 5,
    min_precision: float = 0.8,
) -> Learned:
    """Learn how questions name relations from (question, right answers) pairs (see ``cues``).

    With a ``curator`` the new cue words are recorded as one curation change (``kgqa:cueWord``
    triples with provenance, reviewable and undoable); without one they are only returned.
    """
    learned = learn_cues(kb.retriever, examples, min_support=min_support, min_precision=min_precision,
                         progress=kb.settings.progress, max_chars=kb.settings.max_question_chars)  # fmt: skip
    triples, note = cue_change(learned, kb.labels)
    if curator is not None and triples:
        learned.change = _record(kb, "learn", curator, triples, source, note)
    return learned


def load_named_reader(kb: Any, name: str) -> Any:
    """The reader ``name`` on the backend and with the limits the settings give."""
    b = kb.settings.backends
    return load_reader(name, kb.settings.models_dir, kb.settings.reading.max_new_tokens, b.reader_backend)


def _record(kb: Any, action: str, curator: str, triples: list[Triple], source: str, note: str) -> str | None:
    """Record what training made as a change; None when the pack records all of it already (the same
    model, recalled from the cache, trained again)."""
    if all(kb.store.sources(t) for t in triples):
        log.info("the pack records this model already: nothing recorded")
        return None
    return str(kb.curator.commit(action, curator, (triples, []), source=source, note=note).id)
