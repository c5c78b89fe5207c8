"""Evaluation: kgqa and baselines on questions in MetaQA format, with metrics, a report and a chart.

Questions are lines ``question with [topic entity]<TAB>answer1|answer2``. The brackets are removed
unless ``hints`` is set, so the system links entities itself as it must for real users.

Systems, all with the same reader and questions:
- ``kgqa``: the full pipeline (linking, relation paths, answer sets, reader);
- ``kaping``: the linked entity's 1-hop facts ranked by similarity, top-k into the reader's prompt;
- ``no_knowledge``: the reader alone.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import resource
import string
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from .config import Settings
from .errors import KgqaError, PackError
from .kb import KnowledgeBase
from .reader import parse_answer

SYSTEMS = ("kgqa", "kaping", "no_knowledge")


@dataclass(frozen=True)
class Question:
    text: str
    gold: tuple[str, ...]


def load_questions(path: Path, hints: bool = False, limit: int | None = None, seed: int = 0) -> list[Question]:
    """Read ``question<TAB>a1|a2`` lines; sample ``limit`` of them deterministically under ``seed``."""
    if not path.exists():
        raise PackError(f"no question file at {path}")
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            raise KgqaError(f"{path}:{lineno}: expected 'question<TAB>answer|answer'")
        q, gold = line.split("\t", 1)
        if not hints:
            q = q.replace("[", "").replace("]", "")
        out.append(Question(" ".join(q.split()), tuple(g.strip() for g in gold.split("|") if g.strip())))
    if limit is not None and limit < len(out):
        out = random.Random(seed).sample(out, limit)
    return out


_PUNCT = re.compile(f"[{re.escape(string.punctuation)}]")


def norm_answer(text: str) -> str:
    """Case, whitespace and punctuation folded away: how answers are compared."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def hits_at_1(top: str | None, gold: tuple[str, ...]) -> float:
    """1.0 when the top answer equals one of the gold answers (normalised), else 0.0."""
    if not top:
        return 0.0
    return float(norm_answer(top) in {norm_answer(g) for g in gold})


def set_prf(predicted: list[str], gold: tuple[str, ...]) -> tuple[float, float, float]:
    """Precision, recall and F1 of a predicted answer set against the gold set (normalised)."""
    p = {norm_answer(x) for x in predicted if x.strip()}
    g = {norm_answer(x) for x in gold}
    if not p or not g:
        return 0.0, 0.0, 0.0
    tp = len(p & g)
    precision, recall = tp / len(p), tp / len(g)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def recall_in_facts(fact_texts: list[str], gold: tuple[str, ...]) -> float:
    """1.0 when any gold answer names a node of the retrieved facts."""
    names = {norm_answer(t) for t in fact_texts}
    return float(any(norm_answer(g) in names for g in gold))


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

    def add(
        self,
        top: str | None,
        predicted: list[str],
        gold: tuple[str, ...],
        retrieved: list[str] | None,
        abstained: bool,
        seconds: float,
        stages: dict[str, float] | None = None,
    ) -> None:
        self.hits.append(hits_at_1(top, gold))
        p, r, f = set_prf(predicted, gold)
        self.precision.append(p)
        self.recall.append(r)
        self.f1.append(f)
        if retrieved is not None:
            self.retrieval.append(recall_in_facts(retrieved, gold))
        self.abstained.append(float(abstained))
        self.latency.append(seconds)
        for k, v in (stages or {}).items():
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
        }


def open_kb(kb_path: Path, settings: Settings) -> KnowledgeBase:
    """A pack directory opens as it is; a triple file is imported once into the cache and reused."""
    if kb_path.is_dir():
        return KnowledgeBase.open(kb_path, settings)
    if not kb_path.exists():
        raise PackError(f"no knowledge base at {kb_path}")
    from .importers import import_triples

    digest = hashlib.sha256(kb_path.read_bytes()).hexdigest()[:16]
    name = kb_path.name.split(".")[0]
    pack_dir = settings.cache_dir / "imports" / f"{name}-{digest}"
    if not (pack_dir / "kb.nt").exists():
        import_triples(kb_path, pack_dir, name=name)
    return KnowledgeBase.open(pack_dir, settings)


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
) -> dict[str, Any]:
    """Run the systems over the questions; write results.json, report.md and chart.png into ``out``.

    ``learn``: question files (same format) to learn relation cue words from first, in memory only
    (see ``learning``); any question that is also evaluated is left out of them, and ``learn_limit``
    samples each file (deterministic under ``seed``)."""
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        raise KgqaError(f"unknown systems {sorted(unknown)}; choose from {', '.join(SYSTEMS)}")
    settings = settings or Settings()
    settings.reader = reader
    settings.show_progress = sys.stderr.isatty()
    questions = load_questions(questions_path, hints=hints, limit=limit, seed=seed)
    kb = open_kb(kb_path, settings)
    learned = _learn(kb, learn, {q.text for q in questions}, hints, learn_limit, seed, learn_min_support)
    lm = kb.reader
    if lm is None:
        systems = [s for s in systems if s == "kgqa"]
    runs = {s: SystemRun() for s in systems}
    examples: list[dict[str, Any]] = []
    for q in tqdm(questions, desc="eval", disable=not sys.stderr.isatty()):
        row: dict[str, Any] = {"question": q.text, "gold": list(q.gold)}
        if "kgqa" in runs:
            t = time.perf_counter()
            a = kb.ask(q.text)
            dt = time.perf_counter() - t
            labels = [e.label for e in a.entities]
            retrieved = [x for f in a.facts for x in (f.subject_label, f.object_label)]
            runs["kgqa"].add(labels[0] if labels else None, labels, q.gold, retrieved, a.abstained, dt, a.timings)
            row["kgqa"] = labels[:5]
        if "kaping" in runs and lm is not None:
            t = time.perf_counter()
            _, facts = kb.retriever.one_hop(q.text, k=kaping_k)
            sentences = [kb.labels.verbalize(tr) for tr, _ in facts]
            text, _ = parse_answer(lm.read(q.text, sentences))
            dt = time.perf_counter() - t
            items = [x.strip() for x in text.split(",") if x.strip()]
            retrieved = [kb.labels.label(n) for tr, _ in facts for n in (tr[0], tr[2])]
            abstained = norm_answer(text) == "not in the knowledge graph"
            runs["kaping"].add(items[0] if items and not abstained else None, items, q.gold, retrieved, abstained, dt)
            row["kaping"] = items[:5]
        if "no_knowledge" in runs and lm is not None:
            t = time.perf_counter()
            text, _ = parse_answer(lm.read(q.text, []))
            dt = time.perf_counter() - t
            items = [x.strip() for x in text.split(",") if x.strip()]
            runs["no_knowledge"].add(items[0] if items else None, items, q.gold, None, False, dt)
            row["no_knowledge"] = items[:5]
        examples.append(row)
    results = {
        "n": len(questions),
        "kb": str(kb_path),
        "questions": str(questions_path),
        "hints": hints,
        "seed": seed,
        "reader": reader,
        "embedder": settings.embedder,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "systems": {s: r.summary() for s, r in runs.items()},
        "learned": learned,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (out / "examples.jsonl").write_text("".join(json.dumps(e) + "\n" for e in examples), encoding="utf-8")
    (out / "report.md").write_text(render_table(results) + "\n", encoding="utf-8")
    _chart(results, out / "chart.png")
    return results


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
    examples: list[tuple[str, tuple[str, ...]]] = []
    for path in files:
        pool = [q for q in load_questions(path, hints=hints) if q.text not in held_out]
        if limit is not None and limit < len(pool):
            pool = random.Random(seed + 1).sample(pool, limit)
        examples += [(q.text, q.gold) for q in pool]
    learned = kb.learn(examples, min_support=min_support, progress=sys.stderr.isatty())
    kb.use_cues(learned.cues)
    return {
        "files": [str(p) for p in files],
        "examples": learned.examples,
        "usable": learned.usable,
        "cues": [
            {
                "relation": kb.labels.predicate_label(c.predicate),
                "word": c.word,
                "support": c.support,
                "precision": c.precision,
            }
            for c in learned.cues
        ],
    }


def render_table(results: dict[str, Any]) -> str:
    """A Markdown table of the systems' metrics."""
    learned = results.get("learned")
    lines = [
        f"n = {results['n']} questions from {results['questions']} (hints: {results['hints']}), "
        f"reader {results['reader']}, peak RSS {results['peak_rss_mb']} MB",
        *(
            [
                f"relation cue words learned from {learned['usable']} of {learned['examples']} other questions: "
                + ", ".join(f"{c['word']} -> {c['relation']}" for c in learned["cues"])
            ]
            if learned
            else []
        ),
        "",
        "| system | Hits@1 | F1 | recall@k | abstain | p50 ms | p95 ms | q/s |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def f(x: Any) -> str:
        return "-" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))

    for name, m in results["systems"].items():
        lat = m.get("latency_ms", {})
        lines.append(
            f"| {name} | {f(m['hits_at_1'])} | {f(m['f1'])} | {f(m['recall_at_k'])} | {f(m['abstain_rate'])} | "
            f"{f(lat.get('p50'))} | {f(lat.get('p95'))} | {f(m['questions_per_s'])} |"
        )
    return "\n".join(lines)


def _chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results["systems"])
    metrics = ["hits_at_1", "f1", "recall_at_k"]
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.8 / len(metrics)
    for i, metric in enumerate(metrics):
        values = [results["systems"][n].get(metric) or 0.0 for n in names]
        ax.bar([x + i * width for x in range(len(names))], values, width, label=metric)
    ax.set_xticks([x + width for x in range(len(names))], names)
    ax.set_ylim(0, 1)
    ax.set_title(f"{Path(results['questions']).parent.name}: n={results['n']}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
