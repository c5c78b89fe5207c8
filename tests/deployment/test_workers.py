"""``kgqa serve --workers N``: forked workers that share one loaded pack.

A live server with two workers over a copy of the movies pack: both workers answer (each spends
CPU), a fact written through one is in every answer after its acknowledgement, a worker that dies
is replaced while the server keeps answering, SIGTERM stops every process, and the on-disk store,
which one process holds, refuses more than one worker with a clear message.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ..conftest import MOVIES
from .test_concurrency import _free_port, _request, serve

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc")
TOKEN = "token-of-the-workers-test"


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def two_workers(tmp_path: Path, cache_dir: Path) -> Any:
    pack = Path(shutil.copytree(MOVIES, tmp_path / "movies"))
    proc, port = serve(pack, cache_dir, {"tester": TOKEN}, "--workers", "2")
    # the server answers once one worker is up; gunicorn forks the next a moment later
    deadline = time.time() + 30
    while len(_children(proc.pid)) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
    try:
        yield proc, port
    finally:
        proc.terminate()
        proc.wait(30)


def _directors(port: int) -> set[str]:
    status, a = _request(port, "POST", "/ask", {"question": "Who directed Alien?"})
    assert status == 200, a
    return {e["label"] for e in a["entities"]}


def test_two_workers_share_the_answers_and_see_each_others_writes(two_workers: Any) -> None:
    proc, port = two_workers
    workers = _children(proc.pid)
    assert len(workers) == 2
    before = {w: _cpu_seconds(w) for w in workers}
    for _ in range(60):  # a connection a request: the kernel spreads them over the workers
        assert _directors(port) == {"Ridley Scott"}
    assert all(_cpu_seconds(w) > before[w] for w in workers), "a worker never answered"

    fact = {"subject": "Alien", "predicate": "mv:directedBy", "object": "Steven Spielberg"}
    status, change = _request(port, "POST", "/facts", fact, TOKEN)
    assert status == 201, change
    for _ in range(40):  # whichever worker answers, it has caught up with the write
        assert _directors(port) == {"Ridley Scott", "Steven Spielberg"}
    status, _ = _request(port, "POST", "/undo", {"change": change["id"]}, TOKEN)
    assert status == 200
    for _ in range(40):
        assert _directors(port) == {"Ridley Scott"}


def test_a_worker_that_dies_is_replaced_and_sigterm_stops_all(two_workers: Any) -> None:
    proc, port = two_workers
    first = _children(proc.pid)
    os.kill(first[0], signal.SIGKILL)
    deadline = time.time() + 30
    while len(set(_children(proc.pid)) - {first[0]}) < 2:
        assert time.time() < deadline, "the dead worker was not replaced"
        time.sleep(0.1)
    for _ in range(20):
        assert _directors(port) == {"Ridley Scott"}
    workers = _children(proc.pid)
    proc.terminate()
    assert proc.wait(30) == 0
    for w in workers:
        assert not Path(f"/proc/{w}").exists() or "zombie" in Path(f"/proc/{w}/status").read_text()


def test_the_on_disk_store_refuses_more_than_one_worker(tmp_path: Path, cache_dir: Path) -> None:
    pack = Path(shutil.copytree(MOVIES, tmp_path / "movies"))
    cmd = [sys.executable, "-m", "kgqa.deployment.cli", "serve", "--pack", str(pack), "--port", str(_free_port())]
    env = {**os.environ, "KGQA_CACHE": str(cache_dir)}
    run = subprocess.run(
        [*cmd, "--reader", "none", "--backend", "oxigraph", "--workers", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 1
    assert "open in one process only" in run.stderr and "--workers 1" in run.stderr


def test_a_port_in_use_is_refused_and_workers_end_with_their_supervisor(two_workers: Any, tmp_path: Path) -> None:
    proc, port = two_workers
    # a second server on the same port: refused at once, not sharing the port (SO_REUSEPORT)
    cmd = [sys.executable, "-m", "kgqa.deployment.cli", "serve", "--pack", str(MOVIES), "--port", str(port)]
    run = subprocess.run([*cmd, "--reader", "none", "--workers", "2"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and f"port {port}" in run.stderr and "in use" in run.stderr
    assert "Traceback" not in run.stderr
    for _ in range(10):
        assert _directors(port) == {"Ridley Scott"}  # every request still reaches the first server
    # the supervisor killed outright: its workers do not go on serving as orphans
    workers = _children(proc.pid)
    assert len(workers) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    deadline = time.time() + 30
    while any(Path(f"/proc/{w}").exists() and "zombie" not in Path(f"/proc/{w}/status").read_text() for w in workers):
        assert time.time() < deadline, "workers outlived their supervisor"
        time.sleep(0.2)
