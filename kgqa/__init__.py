"""kgqa: question answering over expert knowledge graphs, offline, with packaged models.

The package follows the method's flow; each stage imports only the stages before it (a test checks):

- leaf modules: ``errors``, ``text``, ``metrics``, ``vocab``, ``registry``, ``progress``, ``settings``;
- ``knowledge``: packs, the change log, importers (knowledge acquisition);
- ``representation``: graph stores, names and facts, embedders, vector indexes, the fact index;
- ``curation``: the Curator, validation, remembered corrections;
- ``fusion``: linking, paths, scoring, retrieval, the reader and the answer decision;
- ``training``: learning from answered questions;
- ``kb``: ``KnowledgeBase``, the facade that composes them;
- ``evaluation``: the harness and baselines; ``deployment``: the CLI, HTTP API and web page.

The names below are the public API; they are imported when first used, so ``import kgqa.text`` does
not load the models' libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    BackendError,
    ConflictError,
    IndexMismatchError,
    KgqaError,
    ModelError,
    PackError,
    PackSyntaxError,
    QuestionError,
    ReadOnlyError,
    SettingsError,
    UnknownEntityError,
    ValidationError,
)

if TYPE_CHECKING:  # the lazily imported public names, for type checkers
    from .fusion.answer import Answer, Entity, ReasoningPath
    from .kb import KnowledgeBase
    from .representation.facts import Fact
    from .settings import Settings

__version__ = "0.1.0"

_LAZY = {
    "Answer": "kgqa.fusion.answer",
    "Entity": "kgqa.fusion.answer",
    "ReasoningPath": "kgqa.fusion.answer",
    "Fact": "kgqa.representation.facts",
    "KnowledgeBase": "kgqa.kb",
    "Settings": "kgqa.settings",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kgqa' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Answer",
    "BackendError",
    "ConflictError",
    "Entity",
    "Fact",
    "IndexMismatchError",
    "KgqaError",
    "KnowledgeBase",
    "ModelError",
    "PackError",
    "PackSyntaxError",
    "QuestionError",
    "ReadOnlyError",
    "ReasoningPath",
    "Settings",
    "SettingsError",
    "UnknownEntityError",
    "ValidationError",
    "__version__",
]
