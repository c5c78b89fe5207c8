"""Evaluation: kgqa and baselines on questions in MetaQA format, with metrics, a report and a chart.

``evaluate`` runs the systems of ``systems`` over a question file (``questions``), scores them with
``kgqa.metrics`` and writes results.json, examples.jsonl, report.md and chart.png.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..caches import building
from ..errors import KgqaError, PackError
from ..kb import KnowledgeBase
from ..knowledge.importers import import_triples
from ..metrics import answer_correct, hits_at_1, recall_in_facts, set_prf
from ..progress import track
from ..settings import Settings
from .questions import Question, load_questions
from .report import chart, render_table
from .systems import SYSTEMS, Prediction, make_systems

#: An answer at least this sure that is wrong is "confidently wrong": the worst outcome.
CONFIDENT = 0.8


@dataclass
class SystemRun:
    hits: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    f1: list[float] = field(default_factory=list)
    retrieval: list[float] = field(default_factory=list)
    abstained: list[float] = field(default_factory=list)
    latency: list[float] = field(default_factory=list)
    stages: dict[str, list[float]] = field(default_factory=dict)
    #: per question shape (questions that name one): exact correctness (see ``answer_correct``)
    by_shape: dict[str, list[float]] = field(default_factory=dict)
    #: per question that a confidence came with: wrong although at least ``CONFIDENT`` sure
    confidently_wrong: list[float] = field(default_factory=list)

    def add(self, p: Prediction, gold: tuple[str, ...], shape: str = "") -> None:
        if shape:
            right = not p.abstained and answer_correct(p.text, p.answers, gold, shape)
            self.by_shape.setdefault(shape, []).append(float(right))
            if p.confidence is not None:
                self.confidently_wrong.append(float(not right and not p.abstained and p.confidence >= CONFIDENT))
        self.hits.append(hits_at_1(p.top, gold))
        precision, recall, f1 = set_prf(p.answers, gold)
        self.precision.append(precision)
        self.recall.append(recall)
        self.f1.append(f1)
        if p.retrieved is not None:
            self.retrieval.append(recall_in_facts(p.retrieved, gold))
        self.abstained.append(float(p.abstained))
        self.latency.append(p.seconds)
        for k, v in p.stages.items():
            self.stages.setdefault(k, []).append(v)

    def summary(self) -> dict[str, Any]:
        def mean(xs: list[float]) -> float | None:
            return round(float(np.mean(xs)), 4) if xs else None

        def pct(xs: list[float]) -> dict[str, float]:
            return (
                {
                    "p50": round(float(np.percentile(xs, 50)) * 1000, 1),
                    "p95": round(float(np.percentile(xs, 95)) * 1000, 1),
                }
                if xs
                else {}
            )

        total = sum(self.latency)
        return {
            "hits_at_1": mean(self.hits),
            "precision": mean(self.precision),
            "recall": mean(self.recall),
            "f1": mean(self.f1),
            "recall_at_k": mean(self.retrieval),
            "abstain_rate": mean(self.abstained),
            "latency_ms": pct(self.latency),
            "stage_latency_ms": {k: pct(v) for k, v in self.stages.items()},
            "questions_per_s": round(len(self.latency) / total, 2) if total else None,
            "shapes": {k: {"n": len(v), "accuracy": mean(v)} for k, v in sorted(self.by_shape.items())},
            "accuracy": mean([x for v in self.by_shape.values() for x in v]),
            "confidently_wrong": mean(self.confidently_wrong),
        }


def open_kb(kb_path: Path, settings: Settings) -> KnowledgeBase:
    """A pack directory opens as it is; a triple file is imported once into the cache and reused."""
    if kb_path.is_dir():
        return KnowledgeBase.open(kb_path, settings)
    if not kb_path.exists():
        raise PackError(f"no knowledge base at {kb_path}")
    pack_dir = import_dir(kb_path, settings)
    with building(pack_dir):  # two first runs at once: one imports, the other waits for it
        if not (pack_dir / "kb.nt").exists() or not (pack_dir / "pack.toml").exists():
            import_triples(kb_path, pack_dir, name=kb_path.name.split(".")[0])
    return KnowledgeBase.open(pack_dir, settings)


def import_dir(kb_path: Path, settings: Settings) -> Path:
    """Where a triple file is imported to: a pack in the cache, named by the file's content."""
    digest = hashlib.sha256(kb_path.read_bytes()).hexdigest()[:16]
    return settings.cache_dir / "imports" / f"{kb_path.name.split('.')[0]}-{digest}"


def evaluate(
    kb_path: Path,
    questions_path: Path,
    out: Path,
    limit: int | None = None,
    seed: int = 0,
    hints: bool = False,
    reader: str = "gemma3-270m",
    systems: list[str] | tuple[str, ...] = SYSTEMS,
    kaping_k: int = 8,
    settings: Settings | None = None,
    learn: list[Path] | tuple[Path, ...] = (),
    learn_limit: int | None = 1000,
    learn_min_support: int = 5,
    train: list[Path] | tuple[Path, ...] = (),
    train_limit: int | None = 1000,
    synthesised: bool = False,
) -> dict[str, Any]:
    """Run the systems over the questions; write results.json, report.md and chart.png into ``out``.

    ``learn``: question files (same format) to learn relation cue words from first, in memory only
    (see ``training``); any question that is also evaluated is left out of them, and ``learn_limit``
    samples each file (deterministic under ``seed``). ``train``: question files to train the chain
    matcher on first, the same way (``KnowledgeBase.train``, in memory: nothing is recorded), with
    questions synthesised from the graph too when ``synthesised``; ``synthesised`` alone trains on
    those only."""
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        raise KgqaError(f"unknown systems {sorted(unknown)}; choose from {', '.join(SYSTEMS)}")
    settings = (settings or Settings()).replace(reader=reader)
    questions = load_questions(questions_path, hints=hints, limit=limit, seed=seed)
    kb = open_kb(kb_path, settings)
    learned = _learn(kb, learn, {q.text for q in questions}, hints, learn_limit, seed, learn_min_support)
    trained = _train(kb, train, {q.text for q in questions}, hints, train_limit, seed, synthesised)
    runs, examples = _run(make_systems(systems, kb, kaping_k), questions, settings.progress)
    results = {
        "n": len(questions),
        "kb": str(kb_path),
        "questions": str(questions_path),
        "hints": hints,
        "seed": seed,
        "reader": reader,
        "embedder": settings.backends.embedder,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "systems": {s: r.summary() for s, r in runs.items()},
        "learned": learned,
        "trained": trained,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (out / "examples.jsonl").write_text("".join(json.dumps(e) + "\n" for e in examples), encoding="utf-8")
    (out / "report.md").write_text(render_table(results) + "\n", encoding="utf-8")
    chart(results, out / "chart.png")
    return results


def _run(
    systems: list[Any], questions: list[Question], progress: str
) -> tuple[dict[str, SystemRun], list[dict[str, Any]]]:
    """Each system on each question: the metrics per system, and one row per question."""
    runs = {s.name: SystemRun() for s in systems}
    examples: list[dict[str, Any]] = []
    for q in track(questions, "evaluating", "questions", progress):
        row: dict[str, Any] = {"question": q.text, "gold": list(q.gold)}
        for system in systems:
            p = system.predict(q.text)
            runs[system.name].add(p, q.gold, q.shape)
            row[system.name] = p.answers[:5]
            if q.shape:
                row["shape"] = q.shape
                row[f"{system.name}_text"] = p.text[:200]
        examples.append(row)
    return runs, examples


def _sample(
    files: list[Path] | tuple[Path, ...], held_out: set[str], hints: bool, limit: int | None, seed: int
) -> list[tuple[str, tuple[str, ...]]]:
    """Up to ``limit`` questions of each file, never one that is evaluated."""
    examples: list[tuple[str, tuple[str, ...]]] = []
    for path in files:
        pool = [q for q in load_questions(path, hints=hints) if q.text not in held_out]
        if limit is not None and limit < len(pool):
            pool = random.Random(seed + 1).sample(pool, limit)
        examples += [(q.text, q.gold) for q in pool]
    return examples


def _train(
    kb: KnowledgeBase,
    files: list[Path] | tuple[Path, ...],
    held_out: set[str],
    hints: bool,
    limit: int | None,
    seed: int,
    synthesised: bool,
) -> dict[str, Any] | None:
    """Train the chain matcher on the training files (and synthesised questions), in memory only."""
    if not files and not synthesised:
        return None
    examples = _sample(files, held_out, hints, limit, seed)
    report = kb.train(examples, synthesised=synthesised, corrections=False)
    return {"files": [str(p) for p in files], **report.to_dict()}


def _learn(
    kb: KnowledgeBase,
    files: list[Path] | tuple[Path, ...],
    held_out: set[str],
    hints: bool,
    limit: int | None,
    seed: int,
    min_support: int,
) -> dict[str, Any] | None:
    """Learn cue words from the training files, never from a question that is evaluated."""
    if not files:
        return None
    examples = _sample(files, held_out, hints, limit, seed)
    learned = kb.learn(examples, min_support=min_support)
    kb.use_cues(learned.cues)
    relation = kb.labels.predicate_label
    return {
        "files": [str(p) for p in files],
        "examples": learned.examples,
        "usable": learned.usable,
        "cues": [
            {"relation": relation(c.predicate), "word": c.word, "support": c.support, "precision": c.precision}
            for c in learned.cues
        ],
    }


__all__ = ["SystemRun", "evaluate", "import_dir", "open_kb"]
