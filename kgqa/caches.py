"""Caches are disposable: what kgqa keeps in its cache (fact indexes, imported packs, chain vectors)
is checked before use, rebuilt when damaged, and built by one process at a time. A leaf module.

- ``checksums`` / ``damage``: a cache directory's manifest lists the SHA-256 of each file written
  with it; a file that is missing, cut short or changed since is found before it is read.
- ``building``: a file lock (``filelock``: the same on Linux, macOS and Windows) around a check for a
  cache and its build, so two processes that want it at once build it once: the second waits, then
  finds it built.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

log = logging.getLogger(__name__)

#: How long a process waits for another's build of the same cache before it gives up (seconds).
BUILD_WAIT = 3 * 3600


def digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def checksums(directory: Path, skip: tuple[str, ...] = ("manifest.json",)) -> dict[str, str]:
    """The SHA-256 of every file in a cache directory (not in its subdirectories), by name."""
    return {p.name: digest(p) for p in sorted(directory.iterdir()) if p.is_file() and p.name not in skip}


def damage(directory: Path, expected: object) -> str | None:
    """Why the files of a cache directory are not those its manifest lists (``expected``: name ->
    SHA-256), or None when they are."""
    if not isinstance(expected, dict) or not expected:
        return "its manifest lists no checksums"
    for name, want in sorted(expected.items()):
        path = directory / str(name)
        if not path.is_file():
            return f"{name} is missing"
        if digest(path) != want:
            return f"{name} is not the file that was written (checksum differs)"
    return None


@contextmanager
def building(target: Path) -> Iterator[None]:
    """Hold the lock of a cache (``<target>.lock`` beside it) while it is checked and built."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(target.with_name(target.name + ".lock")), timeout=BUILD_WAIT)
    try:
        lock.acquire(timeout=0)
    except TimeoutError:
        log.info("waiting for another process building %s", target)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


__all__ = ["building", "checksums", "damage", "digest"]
