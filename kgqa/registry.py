"""Backends chosen by name: a small registry per kind of part (graph store, embedder, vector index,
reader) that imports an implementation only when it is asked for.

Entries are ``"module:attribute"`` strings, so listing backends imports nothing heavy. Third parties
add their own through the entry-point group ``kgqa.<kind>`` (``name = "package.module:Factory"``)
or ``Registry.register``. A backend whose optional dependency is missing raises a ``BackendError``
naming the extra to install. A leaf: it imports nothing from kgqa but errors.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from .errors import BackendError

T = TypeVar("T")


class Registry(Generic[T]):
    """Names -> backends of one kind (a class or factory function of the kind's contract, ``T``),
    imported lazily."""

    def __init__(self, kind: str, entries: dict[str, str], extras: dict[str, str] | None = None) -> None:
        self.kind = kind
        self._entries: dict[str, str | T] = dict(entries)
        self._extras = dict(extras or {})  # name -> pyproject extra that installs its dependencies
        self._plugins_loaded = False

    def register(self, name: str, factory: str | T, extra: str | None = None) -> None:
        """Add (or replace) a backend: the object itself, or ``"module:attribute"`` to import when asked for."""
        self._entries[name] = factory
        if extra:
            self._extras[name] = extra

    def names(self) -> list[str]:
        self._load_plugins()
        return sorted(self._entries)

    def __contains__(self, name: object) -> bool:
        self._load_plugins()
        return name in self._entries

    def get(self, name: str) -> T:
        """The backend registered under ``name``.

        Raises:
            BackendError: no such backend, or its optional dependency is missing.
        """
        self._load_plugins()
        entry = self._entries.get(name)
        if entry is None:
            raise BackendError(f"unknown {self.kind} backend {name!r}; choose one of {', '.join(self.names())}")
        if not isinstance(entry, str):
            return entry
        module_name, _, attribute = entry.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as e:
            extra = self._extras.get(name)
            hint = f"pip install 'kgqa[{extra}]'" if extra else f"pip install {e.name}"
            raise BackendError(f"the {self.kind} backend {name!r} needs {e.name}: {hint}") from e
        factory: T = getattr(module, attribute)
        self._entries[name] = factory
        return factory

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        for ep in entry_points(group=f"kgqa.{self.kind}"):
            self._entries.setdefault(ep.name, ep.value)


__all__ = ["Registry"]
