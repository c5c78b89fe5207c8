"""Questions on packs kgqa was not tuned on: accuracy per pack and per shape, the abstention rate and the
confidently-wrong rate, with an earlier version of kgqa beside this one.

The sets:

- ``geoquery``: GeoQuery's train split (517 questions real people typed) over its geobase pack, from
  ``../shared/bench/geoquery`` when it is there;
- every folder of ``benchmarks/unseen/`` (a ``pack/`` and a ``questions.tsv``): packs and questions of
  domains the project had not used, each written by someone who had not read kgqa's code, before kgqa
  was run on them, with gold answers computed by SPARQL over the pack (their READMEs say how).

A question is right when the answer is exactly right: yes/no and counts by the answer's word, others
by the set of answer entities (or the answer's text for a single value), numbers compared as numbers.
A question whose gold is ``NOT_IN_GRAPH`` is right when kgqa abstains. "Confidently wrong": wrong at a
confidence of 0.8 or more (an abstention never is).

    python benchmarks/unseen.py [--sets geoquery,music,...] [--reader none] [--show-wrong]
                                [--before REV] [--limit N] [--json FILE]

``--before REV`` runs the same questions with kgqa as it was at git revision REV (a temporary
worktree, run in a subprocess) and prints its figures beside this version's. ``--train-half`` first
trains kgqa's chain matcher in memory on every other question of each set (``kgqa train --questions``
on half: the even lines) and evaluates on the rest (the odd lines).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
UNSEEN = ROOT / "benchmarks" / "unseen"
GEOQUERY = ROOT.parent / "shared" / "bench" / "geoquery"
CONFIDENT = 0.8
NONE = "NOT_IN_GRAPH"


def sets() -> dict[str, tuple[Path, Path]]:
    """name -> (pack directory, question file), for every set present on this machine."""
    found: dict[str, tuple[Path, Path]] = {}
    if (GEOQUERY / "train.tsv").exists():
        found["geoquery"] = (GEOQUERY / "pack", GEOQUERY / "train.tsv")
    for d in sorted(UNSEEN.iterdir()) if UNSEEN.exists() else []:
        if (d / "pack").is_dir() and (d / "questions.tsv").exists():
            found[d.name] = (d / "pack", d / "questions.tsv")
    return found


def load(path: Path, limit: int | None) -> list[tuple[str, list[str], str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        q, gold, shape, *_ = [*line.split("\t"), "", ""]
        rows.append((" ".join(q.split()), [g.strip() for g in gold.split("|") if g.strip()], shape.strip().lower()))
    return rows[:limit] if limit else rows


def _canon(text: str) -> str:
    from kgqa.metrics import norm_answer

    t = text.strip().replace(",", "") if _number(text.strip().replace(",", "")) is not None else text
    n = _number(t)
    if n is not None:
        return repr(round(n, 6))
    return norm_answer(t)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def correct(text: str, labels: list[str], abstained: bool, gold: list[str]) -> bool:
    if gold == [NONE]:
        return abstained
    if abstained:
        return False
    wanted = {_canon(g) for g in gold}
    if wanted <= {"yes", "no"}:
        return _canon(text) in wanted
    got = {_canon(x) for x in labels} if labels else {_canon(text)}
    # a single number (a count, a value) may be the answer's text: a count's entities are what it counted
    return got == wanted or (len(gold) == 1 and _number(gold[0]) is not None and _canon(text) in wanted)


def run_set(
    name: str, pack: Path, questions: Path, reader: str, limit: int | None, show: bool, train_half: bool = False
) -> list[dict[str, Any]]:
    from kgqa import KnowledgeBase, Settings

    kb = KnowledgeBase.open(pack, Settings().replace(reader=reader, progress="never"))
    rows = load(questions, None if train_half else limit)
    if train_half:  # the chain matcher learns from the even lines, in memory; the odd lines are asked
        answered = [(q, gold) for q, gold, _ in rows[0::2] if gold != [NONE]]
        t = time.perf_counter()
        report = kb.train(answered)
        print(f"  {name}: trained on {len(answered)} questions, {report.examples} examples, held-out chain "
              f"top-1 {report.after}, {time.perf_counter() - t:.0f} s", flush=True)  # fmt: skip
        rows = rows[1::2][:limit] if limit else rows[1::2]
    out = []
    for q, gold, shape in rows:
        t = time.perf_counter()
        a = kb.ask(q)
        seconds = time.perf_counter() - t
        labels = [e.label for e in a.entities]
        right = correct(a.text, labels, a.abstained, gold)
        wrong = not right and not a.abstained and a.confidence >= CONFIDENT
        out.append(
            {
                "set": name,
                "question": q,
                "shape": shape,
                "right": right,
                "confidently_wrong": wrong,
                "abstained": a.abstained,
                "confidence": round(a.confidence, 3),
                "seconds": seconds,
                "sparql": bool(getattr(a.program, "sparql", "")),  # (an earlier kgqa, with --before, has none)
            }
        )
        if show and not right:
            program = a.program.text if a.program else ""
            print(
                f"  {name} [{shape}] {q} | gold {'|'.join(gold)[:60]} | got {a.text[:60]!r} "
                f"({a.confidence:.2f}){' CW' if wrong else ''} {program[:110]}",
                flush=True,
            )
    return out


def reliability(rows: list[dict[str, Any]], bins: int = 10) -> list[tuple[float, float, float, int]]:
    """The answered questions by confidence, in equal-width bins: (low, mean confidence, accuracy, n)."""
    answered = [r for r in rows if not r["abstained"]]
    out = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [r for r in answered if low <= r["confidence"] < high or (b == bins - 1 and r["confidence"] == 1.0)]
        if inside:
            conf = sum(r["confidence"] for r in inside) / len(inside)
            out.append((low, conf, sum(r["right"] for r in inside) / len(inside), len(inside)))
    return out


def ece(rows: list[dict[str, Any]]) -> float:
    """Expected calibration error of the answered questions: the bins' gaps between confidence and
    accuracy, weighted by their share."""
    table = reliability(rows)
    n = sum(k for *_, k in table)
    return sum(k / n * abs(conf - acc) for _, conf, acc, k in table) if n else 0.0


def summarise(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per set, and per set and shape: n, accuracy, abstained, confidently wrong, calibration error."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r["set"]].append(r)
        groups[f"{r['set']}/{r['shape']}"].append(r)
    groups["all"] = rows
    return {
        k: {
            "n": len(v),
            "accuracy": sum(r["right"] for r in v) / len(v),
            "abstained": sum(r["abstained"] for r in v) / len(v),
            "confidently_wrong": sum(r["confidently_wrong"] for r in v) / len(v),
            "ece": ece(v),
        }
        for k, v in groups.items()
    }


def before(rev: str, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """The same run with kgqa at ``rev``: a worktree of it first on the path, this script's logic."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], check=True, capture_output=True
        )
        try:
            out = Path(tmp) / "before.json"
            cmd = [
                sys.executable,
                __file__,
                "--sets",
                args.sets,
                "--reader",
                args.reader,
                "--json",
                str(out),
                "--quiet",
            ]
            cmd += (["--limit", str(args.limit)] if args.limit else []) + (["--train-half"] if args.train_half else [])
            env = {**os.environ, "PYTHONPATH": str(tree)}
            subprocess.run(cmd, check=True, env=env)
            return json.loads(out.read_text())["summary"]
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="", help="comma-separated set names (default: every set present)")
    ap.add_argument("--reader", default="none", help="reader for readings the graph is unsure of")
    ap.add_argument("--limit", type=int, default=None, help="the first N questions of each set")
    ap.add_argument("--before", default=None, help="a git revision to run beside this version")
    ap.add_argument("--show-wrong", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="write the per-question results here")
    ap.add_argument("--train-half", action="store_true", help="train on the even lines, ask the odd ones")
    ap.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    available = sets()
    names = [s for s in args.sets.split(",") if s] or list(available)
    missing = [s for s in names if s not in available]
    if missing:
        sys.exit(f"no such set here: {', '.join(missing)} (present: {', '.join(available)})")
    args.sets = ",".join(names)
    import kgqa

    rows: list[dict[str, Any]] = []
    for name in names:
        rows += run_set(name, *available[name], args.reader, args.limit, args.show_wrong, args.train_half)
    now = summarise(rows)
    if args.json:
        args.json.write_text(json.dumps({"kgqa": kgqa.__file__, "summary": now, "rows": rows}, indent=1))
    if args.quiet:
        return
    then = before(args.before, args) if args.before else None
    head = f"{'set / shape':28} {'n':>4} {'accuracy':>9} {'abstained':>10} {'conf. wrong':>12} {'ECE':>6}"
    print(head + (f" | {'before (' + args.before + ')':>24}" if then else ""))
    for key in sorted(now, key=lambda k: (k == "all", k.split("/")[0], "/" in k, k)):
        s = now[key]
        line = f"{key:28} {s['n']:4d} {s['accuracy']:9.3f} {s['abstained']:10.3f} {s['confidently_wrong']:12.1%}"
        line += f" {s.get('ece', 0.0):6.3f}"
        if then and key in then:
            b = then[key]
            line += f" | {b['accuracy']:9.3f} {b['abstained']:6.3f} {b['confidently_wrong']:7.1%}"
        print(line)
    print("\nreliability of the answered questions, per set (confidence bin: mean confidence / accuracy / n)")
    for name in names:
        cells = [
            f"{low:.1f}+: {conf:.2f}/{acc:.2f}/{k}"
            for low, conf, acc, k in reliability([r for r in rows if r["set"] == name])
        ]
        print(f"  {name:12} " + "  ".join(cells))
    print("\nanswers whose reading has a SPARQL form (``kgqa ask --sparql``), per set")
    for name in names:
        answered = [r for r in rows if r["set"] == name and not r["abstained"]]
        share = sum(bool(r.get("sparql")) for r in answered) / max(1, len(answered))
        print(f"  {name:12} {share:.0%} of {len(answered)}")
    seconds = sorted(r["seconds"] for r in rows)
    print(f"answer p50 {seconds[len(seconds) // 2] * 1000:.1f} ms over {len(rows)} questions, reader {args.reader}")


if __name__ == "__main__":
    main()
