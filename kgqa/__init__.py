"""kgqa: question answering over expert knowledge graphs, offline, with packaged models.

Knowledge in (``knowledge``) → graph (``graph``) → facts (``facts``) → index (``index``) →
retrieval (``linking``, ``paths``, ``retrieval``) → reading (``reader``) → answer (``answer``),
all behind one facade, ``KnowledgeBase``.
"""

from __future__ import annotations

from .answer import Answer, Entity, ReasoningPath
from .config import Settings
from .errors import (
    BackendError,
    IndexMismatchError,
    KgqaError,
    ModelError,
    PackError,
    PackSyntaxError,
    QuestionError,
    UnknownEntityError,
)
from .facts import Fact
from .kb import KnowledgeBase

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "BackendError",
    "Entity",
    "Fact",
    "IndexMismatchError",
    "KgqaError",
    "KnowledgeBase",
    "ModelError",
    "PackError",
    "PackSyntaxError",
    "QuestionError",
    "ReasoningPath",
    "Settings",
    "UnknownEntityError",
    "__version__",
]
