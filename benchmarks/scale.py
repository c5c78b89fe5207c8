"""Scale: the MetaQA graph (~135k facts) and a graph of ~1M facts made of copies of it, on each graph
store side by side.

The large graph is MetaQA's KB written ``--copies`` times (8: ~1.08M facts, ~1.4M triples with
labels), every entity of copy k renamed "<name> <word k>" (copy 0 keeps the real names), so the
structure (degrees, hubs, relation paths) stays real and dev questions stay answerable: each question
is mapped to one copy by renaming its topic entity and its answers the same way. Per graph it builds
the fact index once (timed, beside the raw embedder on a sample), then for ``memory`` (rdflib),
``oxigraph`` (embedded, on disk) and ``sparql`` (an Oxigraph server on loopback) each in a process of
its own prints: load time (first open) and open time (again, from what the first left), retrieval
p50/p95, answer p50/p95 (reader loaded, asked when the graph is unsure), Hits@1 on the 200 mapped dev
questions, and peak RSS. Targets on 2 cores at ~1M: open <= 15 s on the on-disk store, retrieval p50
<= 25 ms embedded and <= 60 ms over the server, Hits@1 within 1 point of the 135k figure, peak RSS <= 4
GB, the index built in <= 20 minutes; at 135k peak RSS <= 2 GB with the reader loaded.

    python benchmarks/scale.py [--copies 8] [--per-hop 67] [--backends memory,oxigraph,sparql] [--small-only]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
METAQA = ROOT.parent / "shared" / "bench" / "metaqa"
WORDS = ["", "Alder", "Birch", "Cedar", "Dogwood", "Elder", "Fir", "Hawthorn", "Juniper", "Larch", "Maple", "Rowan"]


def renamed(name: str, copy: int) -> str:
    return f"{name} {WORDS[copy]}" if copy else name


def write_copies(copies: int, out: Path) -> Path:
    """MetaQA's KB ``copies`` times, entities renamed per copy (written once)."""
    target = out / f"metaqa-x{copies}.txt"
    if not target.exists():
        with gzip.open(METAQA / "kb.txt.gz", "rt", encoding="utf-8") as source:
            lines = source.read().splitlines()
        tmp = target.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for k in range(copies):
                for line in lines:
                    parts = line.split("|")
                    if len(parts) == 3:
                        f.write(f"{renamed(parts[0], k)}|{parts[1]}|{renamed(parts[2], k)}\n")
        tmp.replace(target)
    return target


def questions(per_hop: int, copies: int) -> list[tuple[str, list[str]]]:
    """Dev questions (``per_hop`` a hop, seed 0), question i mapped to copy i mod ``copies``."""
    out: list[tuple[str, list[str]]] = []
    for hop in (1, 2, 3):
        rows = (METAQA / f"{hop}-hop" / "qa_dev.txt").read_text(encoding="utf-8").splitlines()
        for line in random.Random(0).sample(rows, per_hop):
            text, answers = line.split("\t")
            k = len(out) % copies
            text = re.sub(r"\[([^\]]+)\]", lambda m: renamed(m.group(1), k), text)  # noqa: B023
            out.append((text, [renamed(a, k) for a in answers.split("|")]))
    return out


def child(kb_file: Path, backend: str, per_hop: int, copies: int, cache: Path) -> dict[str, Any]:
    """One graph on one store, in this process: the figures as a dict."""
    from kgqa import Settings
    from kgqa.evaluation.harness import open_kb
    from kgqa.metrics import hits_at_1

    settings = Settings(cache_dir=cache, progress="never")
    server = None
    out: dict[str, Any] = {"backend": backend}
    if backend == "sparql":
        pack_dir, server, url = _serve(kb_file, settings)
        settings = settings.replace(endpoint=f"{url}/query")
        _share_index(pack_dir, settings)
        kb_path: Path = pack_dir
    else:
        settings = settings.replace(store=backend)
        kb_path = kb_file
        if backend == "oxigraph":  # the first open bulk-loads the store anew
            shutil.rmtree(cache / "stores", ignore_errors=True)
    try:
        t = time.perf_counter()
        kb = open_kb(kb_path, settings)
        out["load_s"] = round(time.perf_counter() - t, 1)
        if backend != "memory":  # open again from what the first open left (the on-disk store, the server)
            del kb
            t = time.perf_counter()
            kb = open_kb(kb_path, settings)
            out["open_s"] = round(time.perf_counter() - t, 1)
        out["triples"], out["facts"] = len(kb.store), len(kb.index)
        reader = kb.reader  # loaded, as an answering service has it
        out["reader"] = getattr(reader, "name", None)
        qs = questions(per_hop, copies)
        retrieval, answering, hits = [], [], 0.0
        for text, gold in qs:
            t = time.perf_counter()
            kb.retrieve(text)
            retrieval.append(time.perf_counter() - t)
            t = time.perf_counter()
            a = kb.ask(text)
            answering.append(time.perf_counter() - t)
            hits += hits_at_1(a.entities[0].label if a.entities and not a.abstained else None, tuple(gold))
        out["retrieval_ms"] = _pct(retrieval)
        out["answer_ms"] = _pct(answering)
        out["hits_at_1"] = round(hits / len(qs), 3)
        out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    return out


def _pct(xs: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(xs) * 1000, 1), "p95": round(statistics.quantiles(xs, n=20)[18] * 1000, 1)}


def _pack_of(kb_file: Path, settings: Any) -> Path:
    """The pack ``open_kb`` imported the triple file into (the index step imported it)."""
    from kgqa.evaluation.harness import import_dir

    return import_dir(kb_file, settings)


def _serve(kb_file: Path, settings: Any) -> tuple[Path, subprocess.Popen[bytes], str]:
    """An Oxigraph server holding the imported pack (loaded once by Oxigraph's own bulk loader)."""
    from kgqa.knowledge.pack import Pack

    pack_dir = _pack_of(kb_file, settings)
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    location = settings.cache_dir / "server" / pack_dir.name
    if not (location / "loaded").exists():
        shutil.rmtree(location, ignore_errors=True)
        location.mkdir(parents=True)
        pack = Pack.open(pack_dir)
        for path in pack.files:
            subprocess.run([binary, "load", "--location", str(location), "--file", str(path),
                            "--graph", str(pack.graph_name(path))], check=True, capture_output=True)  # fmt: skip
        (location / "loaded").write_text("")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    from kgqa.representation.stores.sparql import wait_for

    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/query")
    return pack_dir, server, url


def _share_index(pack_dir: Path, settings: Any) -> None:
    """The server holds exactly the pack's triples (loaded from its files above), so the index built
    for the pack is the endpoint's too: copied to the name an endpoint's index has, not re-embedded."""
    from kgqa.representation.sync import index_dir, open_pack

    served = open_pack(pack_dir, settings)
    source = index_dir(open_pack(pack_dir, settings.replace(endpoint="")), settings)
    target = index_dir(served, settings)
    if source.exists() and not target.exists():
        shutil.copytree(source, target)
        manifest = json.loads((target / "manifest.json").read_text())
        manifest["graph_fingerprint"] = served.fingerprint()
        (target / "manifest.json").write_text(json.dumps(manifest))


def build_index(kb_file: Path, cache: Path) -> dict[str, Any]:
    """Open on the on-disk store (building the index if none is there), timing the build, and the raw
    embedder on a sample of the same sentences."""
    from kgqa import Settings
    from kgqa.evaluation.harness import open_kb
    from kgqa.representation.facts import iter_facts

    settings = Settings(cache_dir=cache, progress="always").replace(reader="none", store="oxigraph")
    t = time.perf_counter()
    kb = open_kb(kb_file, settings)
    seconds = time.perf_counter() - t
    sentences = [kb.labels.verbalize(t) for t in list(iter_facts(kb.store, kb.graph.schema))[:16384]]
    t = time.perf_counter()
    kb.embedder.embed(sentences)
    raw = len(sentences) / (time.perf_counter() - t)
    return {"facts": len(kb.index), "open_with_build_s": round(seconds), "raw_embed_per_s": round(raw)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--per-hop", type=int, default=67)
    ap.add_argument("--backends", default="memory,oxigraph,sparql")
    ap.add_argument("--small-only", action="store_true", help="only the 135k graph")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "kgqa-scale")
    ap.add_argument("--child", nargs=2, metavar=("KB", "BACKEND"), help=argparse.SUPPRESS)
    ap.add_argument("--child-copies", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--build", metavar="KB", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1], args.per_hop, args.child_copies, args.cache)))
        return
    if args.build:
        print(json.dumps(build_index(Path(args.build), args.cache)))
        return
    if not METAQA.exists():
        sys.exit(f"no MetaQA data at {METAQA}")
    args.cache.mkdir(parents=True, exist_ok=True)
    graphs = [(METAQA / "kb.txt.gz", 1)]
    if not args.small_only:
        graphs.append((write_copies(args.copies, args.cache), args.copies))
    for kb_file, copies in graphs:
        print(f"\n== {kb_file.name} ({copies} cop{'y' if copies == 1 else 'ies'})", flush=True)
        t = time.perf_counter()
        built = _run([sys.executable, __file__, "--cache", str(args.cache), "--build", str(kb_file)])
        print(f"index: {built} ({time.perf_counter() - t:.0f} s with the import)", flush=True)
        for backend in args.backends.split(","):
            cmd = [sys.executable, __file__, "--cache", str(args.cache), "--per-hop", str(args.per_hop),
                   "--child-copies", str(copies), "--child", str(kb_file), backend]  # fmt: skip
            print(json.dumps(_run(cmd)), flush=True)


def _run(cmd: list[str]) -> dict[str, Any]:
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        return {"error": run.stderr.strip()[-800:]}
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
