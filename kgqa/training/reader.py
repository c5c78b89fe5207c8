"""Hybrid fine-tuning of the reader: a LoRA adapter (``peft``) for the causal language model, trained
to answer from the facts kgqa retrieves, the way it is prompted when it reads.

Each example is a question with its right answers. kgqa retrieves for it as ``ask`` does and builds
the reader's prompt from the same fact sentences (``Answerer.reader_facts``); the target is the
first right answer that the facts name, or "not in the knowledge graph" when none does (the reader
learns to say so rather than guess). The loss is the language-model loss on the answer's tokens only.
The adapter is merged into a copy of the model (a plain model folder), which every reader backend
loads like any local model, so inference keeps its fast path (the onnxruntime-genai export).
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import ModelError
from ..fusion.readers.base import TUNING_REPORT, build_prompt
from ..metrics import norm_answer
from ..progress import Progress, track
from ..settings import TrainingSettings
from ..text import clean_question

#: The reader's words for "the facts do not say".
ABSTAIN = "not in the knowledge graph"
#: The training report saved in a tuned reader's folder.
REPORT = TUNING_REPORT


#: The layers a LoRA adapter of the reader adapts (attention projections, named alike in Gemma,
#: Llama, SmolLM and most causal LMs of transformers).
LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj")


@dataclass
class ReaderReport:
    """What reader tuning did."""

    path: Path
    base: str
    examples: int
    abstaining: int  # examples whose target is "not in the knowledge graph"
    seconds: float
    peak_rss_mb: float
    losses: list[float] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    change: str | None = None  # the curation change that recorded the tuned reader, if one did
    negatives: int = 0  # of the abstaining ones, answered examples given without their answers' facts

    @classmethod
    def recall(cls, target: Path) -> ReaderReport | None:
        """The report of the tuned reader saved in ``target``, if one was saved whole."""
        try:
            d = json.loads((target / REPORT).read_text(encoding="utf-8"))
            return cls(target, d["base"], d["examples"], d["abstaining"], d["seconds"], d["peak_rss_mb"],
                       d["losses"], d["settings"], negatives=d.get("negatives", 0))  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        d["seconds"] = round(self.seconds, 1)
        d["peak_rss_mb"] = round(self.peak_rss_mb, 1)
        d["losses"] = [round(x, 4) for x in self.losses]
        return d


class ReaderExample(NamedTuple):
    """A reader prompt over retrieved facts and the answer it should give."""

    prompt: str
    answer: str
    negative: bool = False  # an answered question given without the facts naming its answers


def reader_examples(
    kb: Any, pairs: Sequence[tuple[str, Sequence[str]]], progress: str = "auto", negatives: float | None = None
) -> list[ReaderExample]:
    """(prompt, target answer) for each question that retrieval finds facts for, over the open
    ``KnowledgeBase`` ``kb``; after it, for a share ``negatives`` (by default the settings'
    ``reader_negatives``) of those whose facts name an answer, the prompt without those facts and
    "not in the knowledge graph" (only when facts are left)."""
    share = kb.settings.training.reader_negatives if negatives is None else negatives
    rng = random.Random(kb.settings.training.seed)
    out: list[ReaderExample] = []
    for question, gold in track(list(pairs), "reading facts for the reader", "questions", progress, min_total=50):
        q = clean_question(question, kb.settings.max_question_chars)
        _, r = kb.retriever.read_question(q)
        facts = [f.sentence for f in kb.answerer.reader_facts(r)]
        if not facts:
            continue
        golds = [norm_answer(g) for g in gold if g.strip()]
        named = [g for g in gold if g.strip() and norm_answer(g) in norm_answer(" ".join(facts))]
        out.append(ReaderExample(build_prompt(q, facts), named[0] if named else ABSTAIN))
        if named and rng.random() < share:
            rest = [f for f in facts if not any(g in norm_answer(f) for g in golds)]
            if rest:
                out.append(ReaderExample(build_prompt(q, rest), ABSTAIN, negative=True))
    return out


def _fit(model: Any, rows: list[tuple[list[int], int]], cfg: TrainingSettings, progress: str) -> list[float]:
    """AdamW over the adapter's weights, one example a step; the mean loss of each epoch."""
    import torch

    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.reader_learning_rate)
    rng = random.Random(cfg.seed)
    steps = cfg.reader_epochs * len(rows)
    losses: list[float] = []
    model.train()
    with Progress(steps, "tuning the reader", "examples", progress, min_total=1) as bar:
        for _ in range(cfg.reader_epochs):
            rng.shuffle(rows)
            total = 0.0
            for ids, head_len in rows:
                x = torch.tensor([ids])
                n = len(ids) - head_len
                # logits of the answer's positions only: a large vocabulary's head over the whole
                # prompt would cost more than the model itself
                logits = model(input_ids=x, logits_to_keep=n + 1).logits[0, :-1]
                loss = torch.nn.functional.cross_entropy(logits.float(), x[0, head_len:])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += float(loss.item())
                bar.update()
            losses.append(total / max(1, len(rows)))
    return losses


def train_reader(
    examples: Sequence[ReaderExample],
    base: str,
    target: Path,
    settings: TrainingSettings | None = None,
    progress: str = "auto",
) -> ReaderReport:
    """Train a LoRA adapter of the causal LM in the folder ``base`` on (prompt, answer) pairs, merge it
    and save the tuned model (with the adapter alone in ``adapter/``) in ``target``, atomically."""
    try:
        import torch
        from peft import LoraConfig, get_peft_model
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as e:
        raise ModelError(f"tuning the reader needs peft: pip install 'kgqa[train]' ({e})") from e
    cfg = settings or TrainingSettings()
    if not examples:
        raise ModelError("nothing to tune the reader on: no question had facts")
    start = time.perf_counter()
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    tokenizer = AutoTokenizer.from_pretrained(base)
    model: Any = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    lora = LoraConfig(r=cfg.lora_rank, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=list(LORA_TARGETS), task_type="CAUSAL_LM")  # fmt: skip
    model = get_peft_model(model, lora)
    rows = []
    for prompt, answer, _ in examples:
        head = tokenizer(prompt)["input_ids"]
        ids = tokenizer(prompt + " " + answer + "\n")["input_ids"]
        if len(ids) <= cfg.reader_max_tokens and len(ids) > len(head):
            rows.append((ids, len(head)))
    losses = _fit(model, rows, cfg, progress)
    model.eval()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp / "adapter"))
    merged = model.merge_and_unload()
    merged.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    report = ReaderReport(
        path=target,
        base=base,
        examples=len(rows),
        abstaining=sum(e.answer == ABSTAIN for e in examples),
        negatives=sum(e.negative for e in examples),
        seconds=time.perf_counter() - start,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        losses=losses,
        settings={k: v for k, v in asdict(cfg).items() if k.startswith(("lora_", "reader_")) or k == "seed"},
    )
    (tmp / REPORT).write_text(json.dumps(report.to_dict(), indent=1), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    return report


__all__ = ["ABSTAIN", "LORA_TARGETS", "ReaderExample", "ReaderReport", "reader_examples", "train_reader"]
