"""kgqa's app under gunicorn's arbiter (uvicorn workers, ``--preload``), for ``benchmarks/load.py
--manager gunicorn``: the process manager issue 32 asks to compare with kgqa's own pre-fork serving.

The pack loads once in gunicorn's master (``--preload``) and the workers fork from it, as with
``kgqa serve --workers N``; each worker computes on one thread, as kgqa's do, and ends a kept-alive
connection every 10 requests (the same ``Rebalance``). What differs is the manager: gunicorn's
arbiter and its one listening socket shared by the workers, against kgqa's socket per worker.

    KGQA_PACK=knowledge/movies python -m gunicorn --preload -w 2 -k uvicorn.workers.UvicornWorker \
        -c benchmarks/gunicorn_app.py 'benchmarks.gunicorn_app:create()'
"""

from __future__ import annotations

import os
from typing import Any


def create() -> Any:
    from kgqa import KnowledgeBase
    from kgqa.deployment.server import create_app, load_tokens
    from kgqa.deployment.workers import Rebalance

    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # a thread pool does not survive the fork
    kb = KnowledgeBase.open(os.environ["KGQA_PACK"], reader=os.environ.get("KGQA_READER", "none"))
    return Rebalance(create_app(kb, load_tokens()))


def post_fork(server: Any, worker: Any) -> None:
    """gunicorn's hook in each worker after the fork."""
    from kgqa.deployment import workers

    workers._one_thread_each()  # noqa: SLF001 - the same setting as kgqa's own workers


loglevel = "warning"
