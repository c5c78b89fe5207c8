"""Serving on every core: one knowledge base loaded once, then forked into worker processes.

The parent opens the pack (store, index, embedder, reader) and binds the socket; each worker is a
``fork`` of it running its own uvicorn server on that socket, so the read-only bulk (the FAISS
index's vectors, the models' weights, the graph) is shared copy-on-write rather than loaded once per
worker. Each worker listens on its own socket bound to the same port (``SO_REUSEPORT``), and the
kernel spreads new connections over them. Writes stay serialised by the curation
log's file lock, and every worker catches up with the log before it answers (``KnowledgeBase.refresh``),
so a change made through one worker is seen by the others on their next request.

A worker that dies is forked again; SIGINT or SIGTERM stops them all. An on-disk store is one
process's (its database lock), so more than one worker needs the in-memory store.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

from ..errors import KgqaError

log = logging.getLogger(__name__)


def default_workers() -> int:
    """One worker a core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_port(host: str, port: int) -> None:
    """Refuse a port another process listens on. The workers' sockets share their port
    (``SO_REUSEPORT``), and so would a second server's: the kernel would split the requests between
    the two. A socket without that option cannot bind a port a listener holds, so a probe tells."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probe = socket.socket(family, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (a closed server's TIME_WAIT is no owner)
        probe.bind((host, port))
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise KgqaError(f"port {port} on {host} is in use by another server: choose another with --port") from e
        raise KgqaError(f"cannot listen on {host}:{port}: {e.strerror}") from e
    finally:
        probe.close()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # a listening socket a worker: the kernel spreads connections over them (on one shared socket
    # the first idle worker accepts most of them, and keeps them for as long as they are kept alive)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise KgqaError(f"cannot listen on {host}:{port}: {e.strerror}") from e
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _end_with_parent() -> None:
    """A worker ends when its supervisor does, even one killed with SIGKILL that could not stop it:
    Linux sends it SIGTERM (``PR_SET_PDEATHSIG``); elsewhere a thread watches for a new parent."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0:  # 1: PR_SET_PDEATHSIG
                if os.getppid() != parent:  # the supervisor died before the call
                    os.kill(os.getpid(), signal.SIGTERM)
                return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="kgqa-parent-watch", daemon=True).start()


def _one_thread_each() -> None:
    """Workers share the cores: each computes on one thread (and never touches a thread pool its
    parent started before the fork). Only libraries already loaded are told: importing torch here
    would cost each worker seconds and memory for nothing (questions run on onnxruntime)."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)
    faiss = sys.modules.get("faiss")
    if faiss is not None:
        faiss.omp_set_num_threads(1)


class Rebalance:
    """ASGI middleware: ends a kept-alive connection after ``every`` requests (``Connection: close``),
    as nginx's ``keepalive_requests`` does, so a client reconnects and the kernel picks a worker
    again; otherwise a worker keeps the clients it happened to accept, however busy it is."""

    def __init__(self, app: Any, every: int = 10) -> None:
        self.app, self.every = app, every
        self.served: dict[tuple[str, int], int] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        client = scope.get("client") if scope["type"] == "http" else None
        if client is None:
            await self.app(scope, receive, send)
            return
        key = (client[0], client[1])
        n = self.served.get(key, 0) + 1
        if n >= self.every:
            self.served.pop(key, None)
        else:
            if len(self.served) > 10_000:  # connections that went away without reaching the limit
                self.served.clear()
            self.served[key] = n

        async def closing(message: Any) -> None:
            if message["type"] == "http.response.start" and n >= self.every:
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)


def _worker(app: Any, sock: socket.socket, log_level: str) -> None:
    import uvicorn

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent()
    _one_thread_each()
    config = uvicorn.Config(Rebalance(app), log_level=log_level, lifespan="off")
    server = uvicorn.Server(config)
    server.run(sockets=[sock])


class _Supervisor:
    """Forks the workers, replaces one that dies, and stops them all on SIGINT or SIGTERM."""

    def __init__(self, app: Any, socks: list[socket.socket], log_level: str) -> None:
        self.app, self.socks, self.log_level = app, socks, log_level
        self.children: dict[int, int] = {}  # pid -> slot
        self.stopping = False

    def spawn(self, slot: int) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                for i, other in enumerate(self.socks):
                    if i != slot:
                        other.close()
                _worker(self.app, self.socks[slot], self.log_level)
            except BaseException:  # noqa: BLE001 - a worker reports and exits; the parent forks another
                log.exception("worker %d failed", slot)
                code = 1
            finally:
                os._exit(code)
        self.children[pid] = slot

    def stop(self, signum: int = signal.SIGTERM, frame: object = None) -> None:
        self.stopping = True
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def run(self) -> None:
        """Until every worker has ended after a stop; raises when they keep failing."""
        for slot in range(len(self.socks)):
            self.spawn(slot)
        restarts: list[float] = []
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            slot = self.children.pop(pid, -1)
            if slot < 0 or self.stopping:
                continue
            now = time.monotonic()
            restarts = [t for t in restarts if now - t < 60] + [now]
            if len(restarts) > 5 * len(self.socks):
                self.stop()
                raise KgqaError("workers keep failing; stopped (see the messages above)")
            log.warning("worker %d (pid %d) ended with status %d; starting another", slot, pid, status)
            self.spawn(slot)

    def kill_all(self) -> None:
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def serve_forked(app: Any, host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """Serve ``app`` from ``workers`` forked processes until SIGINT or SIGTERM."""
    if workers < 1:
        raise KgqaError(f"--workers must be at least 1, not {workers}")
    if not hasattr(os, "fork"):  # pragma: no cover - not POSIX
        raise KgqaError("more than one worker needs fork (Linux or macOS)")
    # A tokenizer's thread pool does not survive a fork; the workers tokenise on their own thread.
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    check_port(host, port)
    socks = [_bind(host, port)]
    socks += [_bind(host, socks[0].getsockname()[1]) for _ in range(workers - 1)]
    supervisor = _Supervisor(app, socks, log_level)
    previous = {s: signal.signal(s, supervisor.stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        log.warning("serving on http://%s:%d with %d worker processes", host, port, workers)
        supervisor.run()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        supervisor.kill_all()  # none are left unless the loop failed
        for sock in socks:
            sock.close()


__all__ = ["check_port", "default_workers", "serve_forked"]
