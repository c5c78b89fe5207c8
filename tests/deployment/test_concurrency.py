"""Conflicting writers against a live server while it answers.

A real ``kgqa serve`` (one process, then two forked workers) serves a copy of the movies pack. Two
writer processes edit Alien's release year (a functional value) straight into the pack, each with
the head it read, so that a
writer that lost the race must fail with a conflict; two more toggle a genre of Alien over HTTP, so
that about half of their requests must be refused (the fact is already there, or already gone).
Meanwhile the test asks the server for Alien's release year and facts. Afterwards: the pack
validates, every acknowledged write is in the change log exactly once, no refused write is there,
and every answer came from a consistent graph (one release year at a time, one the writers wrote,
and at the end the one a fresh process gives).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from kgqa import KnowledgeBase, Settings
from kgqa.curation.validation import validate_pack
from kgqa.knowledge.changes import ChangeLog

from ..conftest import MOVIES

MV = "https://kgqa.dev/packs/movies/"
ALIEN = MV + "id/Alien"
EDITS_PER_PROCESS = 60  # two processes
TOGGLES_PER_CLIENT = 50  # two HTTP clients: 220 conflicting writes in all
TOKENS = {"web-a": "token-of-web-a", "web-b": "token-of-web-b"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(port: int, method: str, path: str, body: dict[str, Any] | None = None, token: str = "") -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def _edit_years(pack: str, cache: str, k: int, out: str, go: Any) -> None:
    """Writer process: edit the release year, each edit against the head it read (as a client that
    read the pack and then writes would)."""
    from kgqa import KgqaError, KnowledgeBase, Settings

    kb = KnowledgeBase.open(pack, Settings(cache_dir=Path(cache), progress="never").replace(reader="none"))
    go.wait(300)
    acked, failed = [], []
    for i in range(EDITS_PER_PROCESS):
        note, year = f"edit-{k}-{i}", str(1900 + k * 100 + i)
        head = kb.log.head()
        try:
            change = kb.curator.edit("Alien", "mv:releaseYear", f'"{year}"^^xsd:gYear', f"editor-{k}", note=note,
                                     expected_head=head)  # fmt: skip
            acked.append({"note": note, "id": change.id, "year": year})
        except KgqaError as e:
            failed.append({"note": note, "error": str(e)})
    Path(out).write_text(json.dumps({"acked": acked, "failed": failed}))


def _toggle_genre(port: int, name: str, out: str, go: Any) -> None:
    """HTTP writer process: add and retract "Alien has genre thriller", racing the other client."""
    go.wait(300)
    acked, failed = [], []
    for i in range(TOGGLES_PER_CLIENT):
        note = f"{name}-{i}"
        path = "/facts" if i % 2 == 0 else "/facts/retract"
        body = {"subject": "Alien", "predicate": "mv:genre", "object": "Thriller", "note": note}
        status, reply = _request(port, "POST", path, body, TOKENS[name])
        if status in (200, 201):
            acked.append({"note": note, "id": reply["id"]})
        else:
            assert 400 <= status < 500, (status, reply)  # refused clearly, never a 500
            failed.append({"note": note, "status": status})
    Path(out).write_text(json.dumps({"acked": acked, "failed": failed}))


def serve(pack: Path, cache_dir: Path, tokens: dict[str, str], *args: str) -> tuple[subprocess.Popen[bytes], int]:
    """A live ``kgqa serve`` over ``pack`` (reader none, these curators' tokens, ``args`` added), once
    it answers; the caller stops it."""
    port = _free_port()
    env = {
        **os.environ,
        "KGQA_CACHE": str(cache_dir),
        "KGQA_CURATOR_TOKENS": ",".join(f"{n}:{t}" for n, t in tokens.items()),
        "HF_HUB_OFFLINE": "1",
    }
    cmd = [sys.executable, "-m", "kgqa.deployment.cli", "serve", "--pack", str(pack), "--port", str(port)]
    proc = subprocess.Popen([*cmd, "--reader", "none", *args], env=env, stderr=subprocess.PIPE)
    deadline = time.time() + 240
    while True:
        try:
            if _request(port, "GET", "/api/info")[0] == 200:
                return proc, port
        except OSError:
            pass
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode())  # type: ignore[union-attr]
        if time.time() > deadline:
            proc.kill()
            raise AssertionError("the server did not start")
        time.sleep(0.3)


@pytest.fixture(params=[1, 2], ids=["1-worker", "2-workers"])
def server(request: pytest.FixtureRequest, tmp_path: Path, cache_dir: Path) -> Any:
    pack = Path(shutil.copytree(MOVIES, tmp_path / "movies"))
    proc, port = serve(pack, cache_dir, TOKENS, "--workers", str(request.param))
    try:
        yield pack, port
    finally:
        proc.terminate()
        proc.wait(30)


def _watch(port: int, stop: threading.Event, seen: list[tuple[str, list[str]]]) -> None:
    """Ask for Alien's release year, and read its facts, until told to stop."""
    while not stop.is_set():
        status, a = _request(port, "POST", "/ask", {"question": "When was Alien released?"})
        assert status == 200, a
        seen.append(("ask", [e["label"] for e in a["entities"]]))
        status, e = _request(port, "GET", f"/entity?iri={ALIEN}")
        assert status == 200, e
        years = [f["object"]["label"] for f in e["facts"] if f["predicate"]["iri"] == MV + "releaseYear"]
        seen.append(("entity", years))


def test_conflicting_writers_against_a_live_server(server: Any, tmp_path: Path, cache_dir: Path) -> None:
    pack, port = server
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    outs = [tmp_path / f"writer-{k}.json" for k in range(4)]
    procs = [ctx.Process(target=_edit_years, args=(str(pack), str(cache_dir), k, str(outs[k]), go)) for k in (0, 1)]
    procs += [
        ctx.Process(target=_toggle_genre, args=(port, name, str(outs[2 + j]), go)) for j, name in enumerate(TOKENS)
    ]
    for p in procs:
        p.start()
    time.sleep(1)
    stop, seen = threading.Event(), list[tuple[str, list[str]]]()
    watcher = threading.Thread(target=_watch, args=(port, stop, seen), daemon=True)
    watcher.start()
    go.set()
    for p in procs:
        p.join(600)
        assert p.exitcode == 0
    stop.set()
    watcher.join(120)

    results = [json.loads(o.read_text()) for o in outs]
    acked = [a for r in results for a in r["acked"]]
    failed = [f for r in results for f in r["failed"]]
    assert len(acked) + len(failed) >= 200
    assert acked and failed  # the writers did conflict, and some won
    print(f"{len(acked)} writes acknowledged, {len(failed)} refused, {len(seen)} reads")

    # the pack validates, and the log holds exactly the acknowledged writes
    report = validate_pack(pack)
    assert report.ok, report.text()
    log = ChangeLog(pack).changes()
    notes = [c.note for c in log]
    assert len(notes) == len(set(notes)), "a write was recorded twice"
    assert sorted(notes) == sorted(a["note"] for a in acked), "a write was lost, or a refused one recorded"
    by_note = {c.note: c.id for c in log}
    assert all(by_note[a["note"]] == a["id"] for a in acked)

    # every answer came from a consistent graph: one year at a time, one that was written
    written = {"1979"} | {a["year"] for a in acked if "year" in a}
    assert len(seen) >= 10
    for kind, years in seen:
        assert len(years) == 1 and years[0] in written, (kind, years)

    # and at the end the server answers as a fresh process does: the year of the last edit
    last_year = next(a["year"] for a in sorted(acked, key=lambda a: a["id"], reverse=True) if "year" in a)
    status, a = _request(port, "POST", "/ask", {"question": "When was Alien released?"})
    fresh = KnowledgeBase.open(pack, Settings(cache_dir=cache_dir, progress="never").replace(reader="none"))
    assert [e["label"] for e in a["entities"]] == [e.label for e in fresh.ask("When was Alien released?").entities]
    assert a["entities"][0]["label"] == last_year
    status, history = _request(port, "GET", "/history")
    assert sorted(h["id"] for h in history) == sorted(c.id for c in log)
