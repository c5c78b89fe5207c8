"""Reports of an evaluation: a Markdown table and a bar chart of the systems' metrics."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def render_table(results: dict[str, Any]) -> str:
    """A Markdown table of the systems' metrics."""
    learned = results.get("learned")
    lines = [
        f"n = {results['n']} questions from {results['questions']} (hints: {results['hints']}), "
        f"reader {results['reader']}, peak RSS {results['peak_rss_mb']} MB",
        *(
            [
                f"relation cue words learned from {learned['usable']} of {learned['examples']} other questions: "
                + ", ".join(f"{c['word']} -> {c['relation']}" for c in learned["cues"])
            ]
            if learned
            else []
        ),
        "",
        "| system | Hits@1 | F1 | recall@k | abstain | p50 ms | p95 ms | q/s |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def f(x: Any) -> str:
        return "-" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))

    for name, m in results["systems"].items():
        lat = m.get("latency_ms", {})
        lines.append(
            f"| {name} | {f(m['hits_at_1'])} | {f(m['f1'])} | {f(m['recall_at_k'])} | {f(m['abstain_rate'])} | "
            f"{f(lat.get('p50'))} | {f(lat.get('p95'))} | {f(m['questions_per_s'])} |"
        )
    lines += _shape_table(results)
    return "\n".join(lines)


def _shape_table(results: dict[str, Any]) -> list[str]:
    """Accuracy per question shape and the confidently-wrong rate, when the questions name shapes."""
    systems = {n: m for n, m in results["systems"].items() if m.get("shapes")}
    if not systems:
        return []
    shapes = sorted({s for m in systems.values() for s in m["shapes"]})
    lines = ["", "| system | " + " | ".join(shapes) + " | all | confidently wrong |", "|---" * (len(shapes) + 3) + "|"]
    for name, m in systems.items():
        cells = [
            f"{m['shapes'][s]['accuracy']:.2f} ({m['shapes'][s]['n']})" if s in m["shapes"] else "-" for s in shapes
        ]
        wrong = m.get("confidently_wrong")
        lines.append(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {m['accuracy']:.3f} | {'-' if wrong is None else f'{wrong:.3f}'} |"
        )
    return lines


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results["systems"])
    metrics = ["hits_at_1", "f1", "recall_at_k"]
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.8 / len(metrics)
    for i, metric in enumerate(metrics):
        values = [results["systems"][n].get(metric) or 0.0 for n in names]
        ax.bar([x + i * width for x in range(len(names))], values, width, label=metric)
    ax.set_xticks([x + width for x in range(len(names))], names)
    ax.set_ylim(0, 1)
    ax.set_title(f"{Path(results['questions']).parent.name}: n={results['n']}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


__all__ = ["chart", "render_table"]
