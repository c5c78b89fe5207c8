"""kgqa's app under gunicorn's own command line, for ``benchmarks/load.py --manager gunicorn``.

``kgqa serve --workers N`` runs gunicorn's arbiter with uvicorn workers too, but gives each worker a
listening socket of its own (``reuse_port``); this is gunicorn's default, one socket that every
worker accepts from, to measure what that choice is worth. The pack loads once in the master
(``--preload``), each worker computes on one thread and ends a kept-alive connection every 10
requests (the same ``Rebalance``), as in ``kgqa serve``.

    KGQA_PACK=knowledge/movies python -m gunicorn --preload -w 2 -k uvicorn_worker.UvicornWorker \
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

    workers._one_thread_each()  # noqa: SLF001 - the same setting as kgqa serve's workers


loglevel = "warning"
