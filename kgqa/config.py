"""Settings of a knowledge base, with defaults that work offline on a small CPU machine."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def default_cache_dir() -> Path:
    """Where kgqa keeps indexes, stores and converted models: ``$KGQA_CACHE`` or the user cache."""
    env = os.environ.get("KGQA_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kgqa"


@dataclass
class Settings:
    """Everything a ``KnowledgeBase`` can be told; each field has a sensible default.

    Attributes:
        embedder: ``"minilm"`` (the packaged all-MiniLM-L6-v2), a local folder or a hub name.
        query_precision: ``"int8"`` embeds questions with an 8-bit copy of the embedder (faster;
            re-embedded exactly whenever the result could depend on the difference) or ``"float32"``.
        reader: ``"gemma3-270m"`` (packaged), ``"smollm2-135m"`` (packaged), a local folder, a hub
            name, or ``"none"`` to answer from the graph alone.
        read: ``"auto"`` asks the reader when the graph is unsure (no relation word of the question
            names the best chain, or no chain answers); ``"always"`` asks it for every question.
        backend: graph store, ``"memory"``, ``"oxigraph"`` or ``"auto"`` (by pack size).
        cache_dir: where indexes, stores and converted models live.
        model_cache_dir: where converted models (reader, ONNX embedder) live, when not under ``cache_dir``.
        rebuild: ``"auto"`` rebuilds a stale index; ``"never"`` refuses it with an error.
        max_facts: most facts put into the reader's context.
        max_hops: longest relation path followed from a linked entity.
        max_question_chars: longer questions are refused.
    """

    embedder: str = "minilm"
    query_precision: str = "int8"
    reader: str = "gemma3-270m"
    read: str = "auto"
    backend: str = "auto"
    cache_dir: Path = field(default_factory=default_cache_dir)
    model_cache_dir: Path | None = None
    rebuild: str = "auto"
    max_facts: int = 6
    max_hops: int = 3
    max_question_chars: int = 2000
    max_new_tokens: int = 16
    abstain_below: float = 0.30
    show_progress: bool = True
