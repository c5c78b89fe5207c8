"""Fine-tuning the chain matcher: the sentence encoder that compares a question with the label text
of a relation chain ("what words describe X" with "has tags").

The student is the packaged MiniLM (or any sentence-transformers model) as a bi-encoder: a chain's
logit is the cosine of the masked question and the chain's text, over ``logit_scale``. Each
question's candidates are the chains retrieval walks for it; the loss over them is

    L = (1 - alpha) * CE(y, p_s) + alpha * T^2 * KL(p_t^T || p_s^T)

with y the answering chain, p_s the student's softmax, and p_t^T, p_s^T the teacher's and the
student's softmax at temperature T. Where several chains answer a question equally well, CE is over
their summed probability: -log sum_{c in Y} p_s(c). The teacher is today's feature scorer (``scoring.chain_score``:
the embedder's cosine plus the lexical cues, with the pack's cue words), whose scores are in cosine
units and so share the student's scale. ``alpha = 0`` is plain fine-tuning.

Both sides of the bi-encoder are trained (one model), so a word of a question is pulled towards the
names of the relation it asks for, and a phrasing near one seen in training is matched too.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import re
import resource
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import XSD, Literal, URIRef

from ..caches import checksums
from ..errors import ModelError
from ..knowledge.terms import Triple
from ..progress import Progress
from ..representation.stores.base import GraphStore
from ..settings import TrainingSettings
from ..vocab import CHAIN_MATCHER, KGQA
from .examples import ChainExample

log = logging.getLogger(__name__)

#: The training report saved in a trained model's folder.
REPORT = "kgqa-training.json"
#: The SHA-256 of each file of a saved matcher's folder (``caches.checksums``), to find one damaged.
CHECKSUMS = "kgqa-checksums.json"


@dataclass
class TrainReport:
    """What a training run did and how well the result ranks held-out examples' chains."""

    path: Path  # the trained model's folder
    base: str  # the model it started from
    examples: int  # trained on
    held_out: int
    origins: dict[str, int]  # examples by where they came from
    alpha: float
    temperature: float
    epochs: int
    before: float | None  # held-out top-1 accuracy of the base model's cosine alone
    after: float | None  # ... of the trained model's
    teacher: float | None  # ... of the teacher (the feature scorer)
    seconds: float
    peak_rss_mb: float
    losses: list[float] = field(default_factory=list)  # mean loss per epoch
    pairs: int = 0  # question/answer pairs given (answered and corrected), before examples were made
    synthesised: int = 0  # questions synthesised from the graph
    change: str | None = None  # the curation change that recorded the matcher, if one did
    kinds: list[str] = field(default_factory=list)  # masked before names besides classes (``use_kinds``)

    @classmethod
    def recall(cls, target: Path) -> TrainReport | None:
        """The report of the model saved in ``target``, if one was saved whole."""
        try:
            d = json.loads((target / REPORT).read_text(encoding="utf-8"))
            acc = d["held_out_accuracy"]
            return cls(target, d["base"], d["examples"], d["held_out"], d["origins"], d["alpha"], d["temperature"],
                       d["epochs"], acc["base"], acc["trained"], acc["teacher"], d["seconds"], d["peak_rss_mb"],
                       d["losses"], d["pairs"], d["synthesised"], kinds=list(map(str, d.get("kinds", []))))  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "base": self.base,
            "examples": self.examples,
            "held_out": self.held_out,
            "origins": self.origins,
            "alpha": self.alpha,
            "temperature": self.temperature,
            "epochs": self.epochs,
            "held_out_accuracy": {"base": self.before, "trained": self.after, "teacher": self.teacher},
            "seconds": round(self.seconds, 1),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "losses": [round(x, 4) for x in self.losses],
            "pairs": self.pairs,
            "synthesised": self.synthesised,
            "change": self.change,
            "kinds": self.kinds,
        }


def split(examples: Sequence[ChainExample], share: float, seed: int) -> tuple[list[ChainExample], list[ChainExample]]:
    """Examples to train on and examples held out (``share`` of them, at least one when there are
    ten or more), deterministic under ``seed``."""
    order = list(examples)
    random.Random(seed).shuffle(order)
    n = int(len(order) * share) if len(order) >= 10 else 0
    if share > 0 and len(order) >= 10:
        n = max(1, n)
    return order[n:], order[:n]


def kd_loss(student: Any, teacher: Any, alpha: float, temperature: float, answering: int = 1) -> Any:
    """L = (1 - alpha) CE(y, p_s) + alpha T^2 KL(p_t^T || p_s^T) over one question's candidates, for
    logits ``student`` and ``teacher`` (1-D tensors) whose first ``answering`` candidates are right
    (y): CE is minus the log of their summed probability, plain cross-entropy for one."""
    import torch
    import torch.nn.functional as F  # noqa: N812

    if answering == 1:
        ce = F.cross_entropy(student.unsqueeze(0), student.new_zeros(1, dtype=torch.long))
    else:
        ce = torch.logsumexp(student, dim=-1) - torch.logsumexp(student[:answering], dim=-1)
    if alpha == 0:
        return ce
    t = temperature
    kl = F.kl_div(F.log_softmax(student / t, dim=-1), F.softmax(teacher / t, dim=-1), reduction="sum")
    return (1 - alpha) * ce + alpha * t * t * kl


class _Student:
    """The bi-encoder being trained: encodes texts with gradients and scores a batch's candidates."""

    def __init__(self, model: Any, k: int) -> None:
        self.model, self.k = model, k
        self.prepare = getattr(model, "preprocess", None) or model.tokenize  # (renamed in sentence-transformers 5)

    def encode(self, texts: list[str]) -> Any:
        import torch.nn.functional as F  # noqa: N812 (torch's own idiom)

        return F.normalize(self.model(self.prepare(texts))["sentence_embedding"], dim=-1)

    def answering(self, example: ChainExample) -> int:
        """How many of the example's first ``k`` candidates count as right (at least one is wrong)."""
        return min(example.answering, self.k - 1)

    def cosines(self, batch: list[ChainExample]) -> list[Any]:
        """Each example's cosines to its first ``k`` candidate chains (the answering one first)."""
        texts = list(dict.fromkeys(t for e in batch for t in e.chains[: self.k]))
        where = {t: i for i, t in enumerate(texts)}
        q, c = self.encode([e.question for e in batch]), self.encode(texts)
        return [c[[where[t] for t in e.chains[: self.k]]] @ q[i] for i, e in enumerate(batch)]

    def accuracy(self, rows: list[ChainExample]) -> float | None:
        """Share of examples whose (an) answering chain the student ranks first."""
        import torch

        if not rows:
            return None
        self.model.eval()
        with torch.no_grad():
            right = sum(int(torch.argmax(s).item() < self.answering(e)) for at in range(0, len(rows), 64)
                        for s, e in zip(self.cosines(rows[at : at + 64]), rows[at : at + 64], strict=True))  # fmt: skip
        self.model.train()
        return right / len(rows)


def _fit(student: _Student, train: list[ChainExample], settings: TrainingSettings, progress: str) -> list[float]:
    """AdamW with warm-up and linear decay over the epochs; the mean loss of each epoch."""
    import torch

    model, scale = student.model, settings.logit_scale
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    steps = settings.epochs * math.ceil(len(train) / settings.batch_size)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    rng = random.Random(settings.seed)
    losses: list[float] = []
    with Progress(steps, "training the chain matcher", "steps", progress, min_total=1) as bar:
        for _ in range(settings.epochs):
            rng.shuffle(train)
            total = 0.0
            for at in range(0, len(train), settings.batch_size):
                batch = train[at : at + settings.batch_size]
                terms = [
                    kd_loss(
                        cos / scale,
                        torch.tensor(e.teacher[: student.k], dtype=cos.dtype) / scale,
                        settings.alpha,
                        settings.temperature,
                        student.answering(e),
                    )  # fmt: skip
                    for cos, e in zip(student.cosines(batch), batch, strict=True)
                ]
                loss = torch.stack(terms).mean()
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                total += float(loss.item()) * len(batch)
                bar.update()
            losses.append(total / max(1, len(train)))
    return losses


def train_matcher(
    examples: Sequence[ChainExample],
    base: str,
    target: Path,
    settings: TrainingSettings,
    progress: str = "auto",
    kinds: Sequence[str] = (),
) -> TrainReport:
    """Fine-tune the sentence-transformers model ``base`` (a packaged short name or a folder) on the
    examples and save it in ``target`` (written whole or not at all), with the ``kinds`` masked in
    the examples' questions besides the graph's classes (``TrainingSet.kinds``)."""
    import torch

    from ..representation.embedders.sentence_transformers import _load

    if not examples:
        raise ModelError("nothing to train on: no question was answered by exactly one relation chain")
    start = time.perf_counter()
    torch.manual_seed(settings.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    model, source = _load(base)
    model.train()
    train, held = split(examples, settings.held_out, settings.seed)
    k = settings.max_candidates
    student = _Student(model, k)
    before = student.accuracy(held)
    teacher = sum(max(e.teacher[:k]) == max(e.teacher[: e.answering]) for e in held) / len(held) if held else None
    losses = _fit(student, train, settings, progress)
    after = student.accuracy(held)
    model.eval()
    origins: dict[str, int] = {}
    for e in examples:
        origins[e.origin] = origins.get(e.origin, 0) + 1
    report = TrainReport(
        path=target,
        base=source,
        examples=len(train),
        held_out=len(held),
        origins=origins,
        alpha=settings.alpha,
        temperature=settings.temperature,
        epochs=settings.epochs,
        before=before,
        after=after,
        teacher=teacher,
        seconds=time.perf_counter() - start,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        losses=losses,
        kinds=list(kinds),
    )
    _save(model, target, report)
    return report


def _save(model: Any, target: Path, report: TrainReport) -> None:
    """Save the model folder with its report atomically: written beside ``target``, then renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save(str(tmp))
    (tmp / REPORT).write_text(json.dumps(report.to_dict(), indent=1), encoding="utf-8")
    (tmp / CHECKSUMS).write_text(json.dumps(checksums(tmp, skip=(CHECKSUMS, REPORT))), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)


#: What a matcher's folder name may be (it comes from the graph: nothing that leaves its folder).
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def matcher_triples(report: TrainReport) -> list[Triple]:
    """The triples that record a trained chain matcher in the pack."""
    accuracy = report.after if report.after is not None else float("nan")
    return model_triples(CHAIN_MATCHER, report.path.name, Path(report.base).name, report.examples,
                         alpha=report.alpha, heldOutAccuracy=accuracy)  # fmt: skip


def recorded_model(store: GraphStore, predicate: URIRef = CHAIN_MATCHER) -> tuple[str, str] | None:
    """The folder name of the trained model the pack records with ``predicate`` (the chain matcher,
    or the tuned reader), and the base model it was trained from; the latest when several are in
    force, None when there is none. A name that could leave the models' folder is ignored."""
    found = []
    for node, _, name in store.triples((None, predicate, None)):
        if not isinstance(name, Literal) or not _FOLDER.fullmatch(str(name)) or ".." in str(name):
            log.warning("ignoring a trained model with an unusable name: %r", str(name)[:100])
            continue
        when = [str(t) for _, _, t in store.triples((node, KGQA.trainedAt, None))]
        bases = [str(b) for _, _, b in store.triples((node, KGQA.baseModel, None))]
        found.append((max(when, default=""), str(name), min(bases, default="")))
    if not found:
        return None
    latest = max(found)
    return latest[1], latest[2]


def recorded_matcher(store: GraphStore) -> str | None:
    """The folder name of the chain matcher the pack records (see ``recorded_model``)."""
    found = recorded_model(store, CHAIN_MATCHER)
    return found[0] if found else None


def model_triples(predicate: URIRef, folder: str, base: str, examples: int, **more: float) -> list[Triple]:
    """The triples that record a trained model in the pack: its folder's name and how it was made."""
    node = URIRef(f"{KGQA}model-{folder}")
    return [
        (node, predicate, Literal(folder)),
        (node, KGQA.baseModel, Literal(base)),
        (node, KGQA.trainingExamples, Literal(examples)),
        *((node, KGQA[k], Literal(round(v, 4))) for k, v in more.items()),
        (node, KGQA.trainedAt, Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=XSD.dateTime)),
    ]


__all__ = [
    "TrainReport",
    "kd_loss",
    "matcher_triples",
    "model_triples",
    "recorded_matcher",
    "recorded_model",
    "split",
    "train_matcher",
]
