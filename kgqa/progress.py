"""Progress of long work (index builds, learning, evaluation): a bar on a terminal, a log line now and
then elsewhere (CI logs, a service's journal), nothing for short work. A leaf module.

Library code never prints: the lines go to the ``kgqa`` logger, which the CLI sends to stderr.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, TypeVar

log = logging.getLogger("kgqa.progress")
T = TypeVar("T")

#: Seconds between two log lines when no terminal shows a bar.
LOG_EVERY = 30.0


class Progress:
    """Counts work done; draws a tqdm bar (terminal), logs periodic lines (no terminal), or stays
    silent (``mode="never"``, or fewer than ``min_total`` items: short work needs no progress)."""

    def __init__(self, total: int | None, desc: str, unit: str = "it", mode: str = "auto", min_total: int = 0) -> None:
        self.total, self.desc, self.unit = total, desc, unit
        self.done = 0
        self._bar: Any = None
        self._logging = False
        quiet = mode == "never" or (total is not None and total < min_total)
        if not quiet:
            if mode == "always" or sys.stderr.isatty():
                from tqdm import tqdm

                self._bar = tqdm(total=total, desc=desc, unit=unit)
            else:
                self._logging = True
                self._start = self._last = time.monotonic()
                log.info("%s: %s %s to do", desc, f"{total:,}" if total is not None else "?", unit)

    def update(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        elif self._logging and time.monotonic() - self._last >= LOG_EVERY:
            self._last = time.monotonic()
            log.info("%s: %s", self.desc, self._status())

    def _status(self) -> str:
        elapsed = time.monotonic() - self._start
        share = f" ({self.done / self.total:.0%})" if self.total else ""
        total = f"/{self.total:,}" if self.total is not None else ""
        return f"{self.done:,}{total} {self.unit}{share} in {elapsed:.0f} s"

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._logging:
            self._logging = False
            log.info("%s: done, %s", self.desc, self._status())

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def track(items: Iterable[T], desc: str, unit: str = "it", mode: str = "auto", min_total: int = 0) -> Iterator[T]:
    """Iterate, reporting progress as ``Progress`` does."""
    total = len(items) if hasattr(items, "__len__") else None  # type: ignore[arg-type]
    with Progress(total, desc, unit, mode, min_total) as bar:
        for item in items:
            yield item
            bar.update()


__all__ = ["Progress", "track"]
