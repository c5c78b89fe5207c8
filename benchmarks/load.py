"""Load on the HTTP server: throughput and latency at 1, 2 ... N worker processes.

For each worker count, starts ``kgqa serve --workers N`` on a copy of the movies pack (loopback, a
free port, the warm model cache) and sends it ``--requests`` requests from ``--clients`` concurrent
clients: questions of every shape (benchmarks/compositional/movies.tsv), entity look-ups, and a
curator who adds and retracts a fact throughout the run. Prints requests/s, p50/p95 of all requests
and of the asks, errors (anything but a 2xx, or a refused write that is not a 409 conflict), how
long the server took to become ready, the workers' memory (PSS: shared pages counted once), and
whether every acknowledged write is in the server's history at the end (no lost write) and nothing
else is (no phantom write).
Target on 2 cores: 2 workers >= 1.5x the requests/s of one, zero errors, no lost write.

    python benchmarks/load.py [--workers 1,2] [--requests 2400] [--clients 16] [--reader none]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "load-benchmark-token-0123456789"


def questions() -> list[str]:
    lines = (ROOT / "benchmarks" / "compositional" / "movies.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pss_mib(pid: int) -> float:
    """Proportional set size of a process and its children (shared pages split between them)."""
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def cpu_times() -> list[int]:
    """The machine's CPU time counters (user, nice, system, idle, iowait, irq, softirq, steal)."""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except OSError:
        return [0] * 8


def busy_share(before: list[int], after: list[int]) -> float:
    d = [b - a for a, b in zip(before, after, strict=True)]
    return 1 - (d[3] + d[4]) / max(1, sum(d))


def start(pack: Path, workers: int, reader: str, manager: str = "kgqa") -> tuple[subprocess.Popen[bytes], str, float]:
    port = free_port()
    env = {**os.environ, "KGQA_CURATOR_TOKENS": f"loadtest:{TOKEN}", "HF_HUB_OFFLINE": "1"}
    if manager == "gunicorn":  # gunicorn's own command line: one listening socket shared (gunicorn_app.py)
        env.update(KGQA_PACK=str(pack), KGQA_READER=reader, PYTHONPATH=str(ROOT))
        cmd = [sys.executable, "-m", "gunicorn", "--preload", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        cmd += ["-k", "uvicorn_worker.UvicornWorker", "-c", str(ROOT / "benchmarks" / "gunicorn_app.py")]
        cmd += ["benchmarks.gunicorn_app:create()"]
    else:
        cmd = [sys.executable, "-m", "kgqa.deployment.cli", "serve", "--pack", str(pack), "--port", str(port)]
        cmd += ["--reader", reader, "--workers", str(workers)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, start_new_session=True)  # a group to stop
    base = f"http://127.0.0.1:{port}"
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"server failed: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            if httpx.get(base + "/api/info", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
        if time.perf_counter() - t > 300:
            os.killpg(proc.pid, signal.SIGKILL)
            raise SystemExit("server not ready after 300 s")
    return proc, base, time.perf_counter() - t


def run(workers: int, n_requests: int, n_clients: int, reader: str, manager: str = "kgqa") -> dict[str, float]:
    qs = questions()
    with tempfile.TemporaryDirectory() as d:
        pack = Path(shutil.copytree(ROOT / "knowledge" / "movies", Path(d) / "movies"))
        proc, base, ready = start(pack, workers, reader, manager)
        per_client = n_requests // n_clients
        latencies: list[tuple[str, float]] = []
        errors: list[str] = []
        acked: list[str] = []
        lock = threading.Lock()

        def client(n: int) -> None:
            auth = {"Authorization": f"Bearer {TOKEN}"}
            with httpx.Client(base_url=base, timeout=120) as http:
                for i in range(per_client):
                    kind = "ask"
                    t = time.perf_counter()
                    try:
                        if n == 0 and i % 4 == 0:  # the curator
                            kind = "write"
                            path = "/facts" if (i // 4) % 2 == 0 else "/facts/retract"
                            body = {"subject": "Alien", "predicate": "mv:genre", "object": "Thriller"}
                            r = http.post(path, json={**body, "note": f"load {i}"}, headers=auth)
                            if r.status_code in (200, 201):
                                with lock:
                                    acked.append(r.json()["id"])
                            elif r.status_code != 409:
                                errors.append(f"write {r.status_code} {r.text[:100]}")
                        elif i % 4 == 3:
                            kind = "lookup"
                            r = http.get("/entities", params={"q": qs[(n * 7 + i) % len(qs)].split()[-1].strip("?")})
                        else:
                            r = http.post("/ask", json={"question": qs[(n * 31 + i) % len(qs)]})
                        if kind != "write" and r.status_code != 200:
                            errors.append(f"{kind} {r.status_code} {r.text[:100]}")
                    except httpx.HTTPError as e:
                        errors.append(f"{kind} {e!r}")
                    with lock:
                        latencies.append((kind, time.perf_counter() - t))

        try:
            client_cpu = time.process_time()
            machine = cpu_times()
            t0 = time.perf_counter()
            threads = [threading.Thread(target=client, args=(n,)) for n in range(n_clients)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            elapsed = time.perf_counter() - t0
            busy = busy_share(machine, cpu_times())
            client_cpu = time.process_time() - client_cpu
            memory = pss_mib(proc.pid)
            history = {c["id"] for c in httpx.get(base + "/history", timeout=60).json()}
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    all_s = sorted(x for _, x in latencies)
    asks = sorted(x for k, x in latencies if k == "ask")
    lost = [c for c in acked if c not in history]
    phantom = [c for c in history if c not in acked]  # recorded, though no write was acknowledged
    figures = {
        "workers": workers,
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(all_s) * 1000,
        "p95_ms": statistics.quantiles(all_s, n=20)[18] * 1000,
        "ask_p50_ms": statistics.median(asks) * 1000,
        "ask_p95_ms": statistics.quantiles(asks, n=20)[18] * 1000,
        "errors": len(errors),
        "writes_acked": len(acked),
        "lost_writes": len(lost),
        "phantom_writes": len(phantom),
        "ready_s": ready,
        "pss_mib": memory,
        "client_cpu_s": client_cpu,
        "cpu_busy": busy,
    }
    for e in errors[:5]:
        print("  error:", e)
    return figures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--requests", type=int, default=2400)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--reader", default="none")
    ap.add_argument("--json", action="store_true", help="one JSON line a run instead of the table")
    ap.add_argument(
        "--manager", default="kgqa", choices=["kgqa", "gunicorn"],
        help="kgqa serve (gunicorn's arbiter, a socket a worker), or gunicorn's command line (one shared socket)",
    )  # fmt: skip
    args = ap.parse_args()
    print(f"load: {args.requests} requests, {args.clients} clients, reader {args.reader}, {os.cpu_count()} cores,"
          f" manager {args.manager}")  # fmt: skip
    rows = []
    for w in (int(x) for x in args.workers.split(",")):
        fig = run(w, args.requests, args.clients, args.reader, args.manager)
        rows.append(fig)
        if args.json:
            print(json.dumps(fig))
    print("workers  req/s  p50 ms  p95 ms  ask p50  ask p95  errors  writes  lost  phantom  ready s  PSS MiB", end="")
    print("  client CPU s  CPU busy")
    for f in rows:
        print(
            f"{f['workers']:>7}  {f['rps']:5.0f}  {f['p50_ms']:6.0f}  {f['p95_ms']:6.0f}  {f['ask_p50_ms']:7.0f}  "
            f"{f['ask_p95_ms']:7.0f}  {f['errors']:6}  {f['writes_acked']:6}  {f['lost_writes']:4}  "
            f"{f['phantom_writes']:7}  "
            f"{f['ready_s']:7.1f}  {f['pss_mib']:7.0f}  {f['client_cpu_s']:12.1f}  {f['cpu_busy']:8.0%}"
        )
    if len(rows) > 1:
        print(f"speed-up at {rows[-1]['workers']} workers: {rows[-1]['rps'] / rows[0]['rps']:.2f}x")


if __name__ == "__main__":
    main()
