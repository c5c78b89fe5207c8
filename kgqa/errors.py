"""The exceptions kgqa raises: one root, a shallow tree under it. A leaf module.

``KgqaError``
 ├── ``PackError``            a knowledge pack is missing, empty or unreadable
 │    └── ``PackSyntaxError`` an RDF file does not parse (carries file and line)
 ├── ``SettingsError``        a setting has a bad value or an unknown name
 ├── ``IndexMismatchError``   an index on disk was built for another graph or model
 ├── ``StaleStateError``      a store or index was built with changes from another change log
 ├── ``ModelError``           an embedder or reader model cannot be found or loaded
 ├── ``QuestionError``        a question is empty or too long
 ├── ``UnknownEntityError``   a label or IRI names nothing in the graph
 ├── ``ValidationError``      an edit would break the pack's shapes
 ├── ``ConflictError``        another curator changed the pack first
 └── ``BackendError``         an unknown backend name or a missing optional dependency
"""

from __future__ import annotations

from pathlib import Path

#: How much of a term a user typed an error message quotes (enough to find it, not to replay it).
SHOWN_CHARS = 60


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """A term from the input, as an error message quotes it: cut to ``limit`` characters, in quotes,
    control characters escaped (``repr``)."""
    text = str(text)
    return repr(text if len(text) <= limit else text[:limit] + "…")


class KgqaError(Exception):
    """Root of every error kgqa raises on purpose."""


class PackError(KgqaError):
    """A knowledge pack is missing, empty or unreadable."""


class PackSyntaxError(PackError):
    """An RDF file of a pack does not parse."""

    def __init__(self, path: Path | str, line: int | None, detail: str) -> None:
        self.path = Path(path)
        self.line = line
        self.detail = detail
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: malformed RDF: {detail}")


class SettingsError(KgqaError, ValueError):
    """A setting has a bad value, or no setting has that name."""


class IndexMismatchError(KgqaError):
    """An index directory was built for another graph, model or format."""


class StaleStateError(KgqaError):
    """A store or index was built with changes from another change log."""


class ModelError(KgqaError):
    """A model (embedder or reader) cannot be found or loaded."""


class QuestionError(KgqaError):
    """A question is empty, too long or otherwise unusable."""


class UnknownEntityError(KgqaError):
    """A label or IRI does not name anything in the graph."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = suggestions or []
        msg = f"unknown entity or predicate: {shown(name)}"
        if self.suggestions:
            msg += "; close matches: " + ", ".join(shown(s) for s in self.suggestions)
        super().__init__(msg)


class ValidationError(KgqaError):
    """An edit would break the pack's SHACL shapes or other rules."""


class ConflictError(KgqaError):
    """Another curator changed the pack since the change this edit was based on."""


class BackendError(KgqaError):
    """An unknown backend name, or a backend whose optional dependency is missing."""


class ReadOnlyError(BackendError):
    """A write to a store kgqa may only read (a SPARQL endpoint without an update endpoint)."""
