"""Serving on every core: one knowledge base loaded once, then forked into worker processes.

The parent opens the pack (store, index, embedder, reader); gunicorn's arbiter then forks the
workers from it (``preload_app``) and supervises them, each running a uvicorn server (``uvicorn-worker``).
The read-only bulk (the FAISS index's vectors, the models' weights, the graph) is thus shared
copy-on-write rather than loaded once per worker. Each worker listens on its own socket bound to the
same port (``reuse_port``), and the kernel spreads new connections over them. Writes stay serialised
by the curation log's file lock, and every worker catches up with the log before it answers
(``KnowledgeBase.refresh``), so a change made through one worker is seen by the others on their next
request.

A worker that dies is forked again; SIGINT or SIGTERM stops them all, and a worker ends with its
supervisor even when that was killed outright. An on-disk store is one process's (its database
lock), so more than one worker needs the in-memory store.
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


class _Arbiter:
    """kgqa's app under gunicorn's arbiter: the app is already loaded (``preload_app``), each worker
    is a ``fork`` running a uvicorn server on its own ``SO_REUSEPORT`` socket (``reuse_port``), and
    gunicorn replaces a worker that dies or stops answering its heartbeat."""

    def __init__(self, app: Any, host: str, port: int, workers: int, log_level: str) -> None:
        from gunicorn.app.base import BaseApplication
        from uvicorn_worker import UvicornWorker

        class Worker(UvicornWorker):  # type: ignore[misc]
            CONFIG_KWARGS: dict[str, Any] = {**UvicornWorker.CONFIG_KWARGS, "lifespan": "off"}

        settings = {
            "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
            "workers": workers,
            "worker_class": Worker,
            "preload_app": True,
            # a socket a worker, spread over by the kernel: on one shared socket the first idle worker
            # accepts every connection of a sequential client, and the others sit idle
            "reuse_port": True,
            "timeout": 120,  # a worker whose event loop stops for this long is replaced
            "graceful_timeout": 20,
            "loglevel": log_level,
            "proc_name": "kgqa",
            "control_socket_disable": True,  # its one default path would be shared by every server
            "post_fork": _post_fork,
        }

        class Application(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in settings.items():
                    if key in self.cfg.settings or key != "control_socket_disable":  # (only newer gunicorns have one)
                        self.cfg.set(key, value)

            def load(self) -> Any:
                return Rebalance(app)

        self.application = Application(prog="kgqa serve")

    def run(self) -> None:
        try:
            self.application.run()
        except SystemExit as e:  # the arbiter ends with sys.exit: 0 after SIGINT or SIGTERM
            if e.code not in (0, None):
                raise KgqaError(f"the workers stopped (status {e.code}; see the messages above)") from None


def _post_fork(server: Any, worker: Any) -> None:
    """gunicorn's hook in each worker after the fork."""
    _end_with_parent()
    _one_thread_each()


def serve_forked(app: Any, host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """Serve ``app`` from ``workers`` forked processes under gunicorn's arbiter until SIGINT or SIGTERM."""
    if workers < 1:
        raise KgqaError(f"--workers must be at least 1, not {workers}")
    if not hasattr(os, "fork"):  # pragma: no cover - not POSIX
        raise KgqaError("more than one worker needs fork (Linux or macOS)")
    try:
        arbiter = _Arbiter(app, host, port, workers, log_level)
    except ImportError as e:
        raise KgqaError(f"more than one worker needs {e.name}: pip install 'kgqa[serve]'") from e
    # A tokenizer's thread pool does not survive a fork; the workers tokenise on their own thread.
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    check_port(host, port)
    log.warning("serving on http://%s:%d with %d worker processes", host, port, workers)
    arbiter.run()


__all__ = ["check_port", "default_workers", "serve_forked"]
