"""The ``kgqa`` command: parse options, call the library, format the result."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .answer import Answer
from .config import Settings
from .errors import KgqaError


def _open(pack: str, reader: str = "gemma3-270m", backend: str = "auto", embedder: str = "minilm") -> Any:
    from .kb import KnowledgeBase

    return KnowledgeBase.open(pack, Settings(reader=reader, backend=backend, embedder=embedder))


class _Group(click.Group):
    """Turns library errors into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgqaError as e:
            raise click.ClickException(str(e)) from e


pack_option = click.option("--pack", "pack", required=True, type=click.Path(), help="Knowledge pack directory.")
backend_option = click.option(
    "--backend", default="auto", show_default=True, type=click.Choice(["auto", "memory", "oxigraph"])
)
embedder_option = click.option("--embedder", default="minilm", show_default=True, help="Embedder name or path.")


@click.group(cls=_Group)
@click.version_option(package_name="kgqa")
def main() -> None:
    """Question answering over expert knowledge graphs."""


def _questions(questions: tuple[str, ...], questions_file: str | None) -> Iterator[str]:
    if questions:
        yield " ".join(questions)
    if questions_file:
        path = Path(questions_file)
        text = sys.stdin.read() if questions_file == "-" else path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.strip():
                yield line.strip()


def format_answer(a: Answer) -> str:
    lines = [f"Q: {a.question}", f"A: {a.text}   (confidence {a.confidence:.2f})"]
    for p in a.paths:
        lines.append(f"   path: {p.text}")
    for i in a.cited:
        f = a.facts[i - 1]
        src = f" [{', '.join(f.sources)}]" if f.sources else ""
        lines.append(f"   [{i}] {f.sentence}{src}")
    return "\n".join(lines)


@main.command()
@pack_option
@click.argument("question", nargs=-1)
@click.option("--questions", "questions_file", type=click.Path(), help="File with one question per line ('-': stdin).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question, one per line.")
@click.option("--reader", default="gemma3-270m", show_default=True, help="Reader model name or path, or 'none'.")
@backend_option
@embedder_option
def ask(
    pack: str,
    question: tuple[str, ...],
    questions_file: str | None,
    as_json: bool,
    reader: str,
    backend: str,
    embedder: str,
) -> None:
    """Answer QUESTION (or each line of --questions) from the pack."""
    if not question and not questions_file:
        raise click.UsageError("give a QUESTION or --questions FILE")
    kb = _open(pack, reader, backend, embedder)
    for q in _questions(question, questions_file):
        try:
            answer = kb.ask(q)
        except KgqaError as e:
            if as_json:
                click.echo(json.dumps({"question": q[:200], "error": str(e)}))
                continue
            raise
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else format_answer(answer))


@main.command()
@pack_option
@backend_option
@embedder_option
def index(pack: str, backend: str, embedder: str) -> None:
    """Build (or check) the fact index of a pack."""
    kb = _open(pack, "none", backend, embedder)
    click.echo(f"{len(kb.index)} facts indexed at {kb.index_dir(kb.pack, kb.settings)}")


@main.command()
@pack_option
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
@backend_option
@embedder_option
def facts(pack: str, question: tuple[str, ...], as_json: bool, backend: str, embedder: str) -> None:
    """Show the facts retrieved for QUESTION and their scores (no reader)."""
    kb = _open(pack, "none", backend, embedder)
    for f in kb.facts(" ".join(question)):
        if as_json:
            click.echo(json.dumps(f.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"{f.score:6.3f}  {f.sentence}  [{', '.join(f.sources)}]")


@main.command("import-triples")
@click.argument("file", type=click.Path())
@click.option("--out", required=True, type=click.Path(), help="Pack directory to write.")
@click.option("--name", default=None, help="Pack name (default: the directory name).")
@click.option("--base", default=None, help="Base IRI of minted entities.")
def import_triples_cmd(file: str, out: str, name: str | None, base: str | None) -> None:
    """Turn a subject|relation|object file (optionally .gz) into an RDF pack."""
    from .importers import import_triples

    report = import_triples(Path(file), Path(out), name=name, base=base)
    click.echo(f"{report.triples} triples, {report.entities} entities, {report.relations} relations -> {report.path}")


@main.command("eval")
@click.option("--kb", "kb_path", required=True, type=click.Path(), help="Triple file or pack directory.")
@click.option("--questions", "questions_file", required=True, type=click.Path())
@click.option("--limit", type=int, default=None, help="Sample this many questions (deterministic under --seed).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--hints", is_flag=True, help="Keep the [topic entity] brackets in the questions.")
@click.option("--out", required=True, type=click.Path())
@click.option("--reader", default="gemma3-270m", show_default=True)
@click.option("--systems", default="kgqa,kaping,no_knowledge", show_default=True)
def eval_cmd(
    kb_path: str, questions_file: str, limit: int | None, seed: int, hints: bool, out: str, reader: str, systems: str
) -> None:
    """Measure kgqa and baselines on questions in MetaQA format."""
    from .evaluation import evaluate, render_table

    results = evaluate(
        Path(kb_path),
        Path(questions_file),
        Path(out),
        limit=limit,
        seed=seed,
        hints=hints,
        reader=reader,
        systems=systems.split(","),
    )
    click.echo(render_table(results))


if __name__ == "__main__":  # pragma: no cover
    main()
