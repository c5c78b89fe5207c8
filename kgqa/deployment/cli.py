"""The ``kgqa`` command: parse options, call the library, format the result."""

from __future__ import annotations

import functools
import json
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..errors import KgqaError
from ..fusion.answer import Answer
from ..kb import KnowledgeBase
from ..settings import Settings
from ..text import clean_question

#: Control characters (but newline and tab): a curator's name, a note or a label that carries them
#: would reach the terminal as escape sequences (colours, titles, links, cursor moves).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """Text for a terminal: control characters written as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _echo(message: object = "", err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of text as ``shown`` makes it safe for a terminal."""
    click.echo(shown(str(message)), err=err, nl=nl)


@dataclass(frozen=True)
class Source:
    """Where the graph is: a pack directory, a SPARQL endpoint (with the pack, or alone), or both."""

    pack: str | None
    endpoint: str = ""
    update_endpoint: str = ""

    def settings(self, **changes: Any) -> Settings:
        return Settings().replace(endpoint=self.endpoint, update_endpoint=self.update_endpoint, **changes)


def _open(pack: Source, reader: str = "gemma3-270m", backend: str = "auto", embedder: str = "minilm") -> KnowledgeBase:
    return KnowledgeBase.open(pack.pack, pack.settings(reader=reader, store=backend, embedder=embedder))


def _log_to_stderr() -> None:
    """kgqa's warnings, and the progress lines of long work when no terminal shows a bar, on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kgqa: %(message)s"))
    root = logging.getLogger("kgqa")
    if not root.handlers:
        root.addHandler(handler)
        root.setLevel(logging.WARNING)
        logging.getLogger("kgqa.progress").setLevel(logging.INFO)
        # rdflib logs a traceback for each literal whose text does not fit its datatype; `kgqa validate`
        # reports those (and edits refuse them)
        logging.getLogger("rdflib.term").setLevel(logging.ERROR)


class _Group(click.Group):
    """Turns library errors into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        _log_to_stderr()
        try:
            return super().invoke(ctx)
        except KgqaError as e:
            raise click.ClickException(shown(str(e))) from e
        except OSError as e:  # a full disk, a read-only or missing directory: one line, no traceback
            where = f": {e.filename}" if e.filename else ""
            raise click.ClickException(shown(f"{e.strerror or e}{where}")) from e


def pack_option(f: Any) -> Any:
    """``--pack DIR`` and/or ``--endpoint URL`` [``--update-endpoint URL``], passed on as one ``Source``."""

    @functools.wraps(f)
    def run(*args: Any, pack: str | None, endpoint: str | None, update_endpoint: str | None, **kwargs: Any) -> Any:
        if pack is None and not endpoint:
            raise click.UsageError("give a knowledge pack (--pack DIR) or a SPARQL endpoint (--endpoint URL)")
        return f(*args, pack=Source(pack, endpoint or "", update_endpoint or ""), **kwargs)

    options = [
        click.option("--pack", "pack", default=None, type=click.Path(), help="Knowledge pack directory."),
        click.option(
            "--endpoint", envvar="KGQA_ENDPOINT", default=None, help="SPARQL query endpoint holding the graph."
        ),
        click.option(
            "--update-endpoint", envvar="KGQA_UPDATE_ENDPOINT", default=None, help="Its SPARQL Update endpoint."
        ),
    ]
    for option in reversed(options):
        run = option(run)
    return run


backend_option = click.option(
    "--backend", default="auto", show_default=True, type=click.Choice(["auto", "memory", "oxigraph", "sparql"])
)
embedder_option = click.option("--embedder", default="minilm", show_default=True, help="Embedder name or path.")


@click.group(cls=_Group)
@click.version_option(package_name="kgqa")
def main() -> None:
    """Question answering over expert knowledge graphs."""


def _questions(questions: tuple[str, ...], questions_file: str | None) -> Iterator[tuple[str, str | None]]:
    """(question, None) for each question, or (where, error) for a line that is not UTF-8 text: one bad
    line of a file does not stop the others."""
    if questions:
        yield " ".join(questions), None
    if questions_file:
        path = Path(questions_file)
        if questions_file != "-" and not path.is_file():
            raise KgqaError(f"no question file at {path}")
        data = sys.stdin.buffer.read() if questions_file == "-" else path.read_bytes()
        for n, raw in enumerate(data.splitlines(), 1):
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError as e:
                yield f"{questions_file}:{n}", f"not UTF-8 text ({e.reason} at byte {e.start})"
                continue
            if line:
                yield line, None


def format_answer(a: Answer, sparql: bool = False) -> str:
    lines = [f"Q: {a.question}", f"A: {a.text}   (confidence {a.confidence:.2f})"]
    if a.program is not None and a.program.shape != "path":
        lines.append(f"   program ({a.program.shape}): {a.program.text}")
    if sparql and a.program is not None and a.program.sparql:
        lines.append("   sparql:")
        lines += [f"     {line}" for line in a.program.sparql.splitlines()]
    if a.why:
        lines.append(f"   why: {a.why}")
    if a.uncovered:
        lines.append(f"   not accounted for: {', '.join(a.uncovered)}")
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
@click.option("--sparql", is_flag=True, help="Show the reading as a SPARQL query over the pack, where it has one.")
@click.option("--reader", default="gemma3-270m", show_default=True, help="Reader model name or path, or 'none'.")
@backend_option
@embedder_option
def ask(
    pack: Source,
    question: tuple[str, ...],
    questions_file: str | None,
    as_json: bool,
    sparql: bool,
    reader: str,
    backend: str,
    embedder: str,
) -> None:
    """Answer QUESTION (or each line of --questions) from the pack."""
    if not question and not questions_file:
        raise click.UsageError("give a QUESTION or --questions FILE")
    if question:
        clean_question(" ".join(question), Settings().max_question_chars)  # refused before any model loads
    kb = _open(pack, reader, backend, embedder)
    failed = 0
    for q, error in _questions(question, questions_file):
        try:
            if error is not None:
                raise KgqaError(f"{q}: {error}")
            answer = kb.ask(q)
        except KgqaError as e:
            failed += 1
            if as_json:
                click.echo(json.dumps({"question": q[:200], "error": str(e)}))
            else:
                _echo(f"error: {e}", err=True)
            continue
        text = json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else shown(format_answer(answer, sparql))
        click.echo(text)
    if failed and not as_json:
        sys.exit(1)


@main.command()
@pack_option
@backend_option
@embedder_option
@click.option("--fresh", is_flag=True, help="Build it anew (say, after the endpoint's graph changed outside kgqa).")
@click.option("--ray", "ray_address", is_flag=False, flag_value="local", default="", metavar="[ADDRESS]",
              help="Embed the facts on a Ray cluster (a local one of this machine's cores by default).")  # fmt: skip
def index(pack: Source, backend: str, embedder: str, fresh: bool, ray_address: str) -> None:
    """Build (or check) the fact index of a pack."""
    from ..representation.sync import index_dir, open_pack

    settings = pack.settings(reader="none", store=backend, embedder=embedder, ray=ray_address)
    if fresh:
        import shutil

        shutil.rmtree(index_dir(open_pack(pack.pack, settings), settings), ignore_errors=True)
    kb = KnowledgeBase.open(pack.pack, settings)

    _echo(f"{len(kb.index)} facts indexed at {index_dir(kb.pack, kb.settings)}")


@main.command()
@pack_option
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
@backend_option
@embedder_option
def facts(pack: Source, question: tuple[str, ...], as_json: bool, backend: str, embedder: str) -> None:
    """Show the facts retrieved for QUESTION and their scores (no reader)."""
    kb = _open(pack, "none", backend, embedder)
    for f in kb.facts(" ".join(question)):
        if as_json:
            click.echo(json.dumps(f.to_dict(), ensure_ascii=False))
        else:
            _echo(f"{f.score:6.3f}  {f.sentence}  [{', '.join(f.sources)}]")


@main.command("import-triples")
@click.argument("file", type=click.Path())
@click.option("--out", required=True, type=click.Path(), help="Pack directory to write.")
@click.option("--name", default=None, help="Pack name (default: the directory name).")
@click.option("--base", default=None, help="Base IRI of minted entities.")
def import_triples_cmd(file: str, out: str, name: str | None, base: str | None) -> None:
    """Turn a subject|relation|object file (optionally .gz) into an RDF pack."""
    from ..knowledge.importers import import_triples

    report = import_triples(Path(file), Path(out), name=name, base=base)
    _echo(f"{report.triples} triples, {report.entities} entities, {report.relations} relations -> {report.path}")


@main.command("eval")
@click.option("--kb", "kb_path", required=True, type=click.Path(), help="Triple file or pack directory.")
@click.option("--questions", "questions_file", required=True, type=click.Path())
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Sample this many questions (deterministic under --seed)."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--hints", is_flag=True, help="Keep the [topic entity] brackets in the questions.")
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), help="Directory for results.json, report.md, chart.png."
)
@click.option("--reader", default="gemma3-270m", show_default=True)
@click.option("--systems", default="kgqa,kaping,no_knowledge", show_default=True)
@click.option(
    "--learn",
    "learn_files",
    multiple=True,
    type=click.Path(),
    help="Question file to learn relation cue words from first (repeatable; evaluated questions are left out).",
)
@click.option(
    "--learn-limit",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Examples sampled per --learn file.",
)
@click.option(
    "--train",
    "train_files",
    multiple=True,
    type=click.Path(),
    help="Question file to train the chain matcher on first (repeatable; evaluated questions are left out).",
)
@click.option(
    "--train-limit",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Examples sampled per --train file.",
)
@click.option("--synthesised", is_flag=True, help="Train the chain matcher on synthesised questions too.")
@click.option("--alpha", type=float, default=None, help="Distillation weight of training (0: plain fine-tuning).")
def eval_cmd(
    kb_path: str,
    questions_file: str,
    limit: int | None,
    seed: int,
    hints: bool,
    out: str,
    reader: str,
    systems: str,
    learn_files: tuple[str, ...],
    learn_limit: int,
    train_files: tuple[str, ...],
    train_limit: int,
    synthesised: bool,
    alpha: float | None,
) -> None:
    """Measure kgqa and baselines on questions in MetaQA format."""
    from ..evaluation.harness import evaluate
    from ..evaluation.report import render_table

    results = evaluate(
        Path(kb_path),
        Path(questions_file),
        Path(out),
        limit=limit,
        seed=seed,
        hints=hints,
        reader=reader,
        systems=systems.split(","),
        learn=[Path(f) for f in learn_files],
        learn_limit=learn_limit,
        train=[Path(f) for f in train_files],
        train_limit=train_limit,
        synthesised=synthesised,
        settings=Settings().replace(alpha=alpha) if alpha is not None else None,
    )
    _echo(render_table(results))


# --- curation ------------------------------------------------------------------------------------

curator_option = click.option("--curator", required=True, envvar="KGQA_CURATOR", help="Who makes the change.")
source_option = click.option("--source", default="", help="Where the knowledge comes from.")
note_option = click.option("--note", default="", help="Why the change is made.")
create_option = click.option("--create", is_flag=True, help="Mint new entities for unknown labels.")
force_option = click.option("--force", is_flag=True, help="Record the change even if it breaks a shape.")


def change_options(create: bool = True) -> Any:
    """The options every recorded change takes: pack, curator, source, note, [create,] force."""

    def apply(f: Any) -> Any:
        for option in reversed(
            [
                pack_option,
                curator_option,
                source_option,
                note_option,
                *([create_option] if create else []),
                force_option,
            ]
        ):
            f = option(f)
        return f

    return apply


def triple_arguments(f: Any) -> Any:
    """SUBJECT PREDICATE OBJECT, each an IRI, prefixed name, label or literal."""
    for name in ("object", "predicate", "subject"):
        f = click.argument(name)(f)
    return f


def _graph_kb(pack: Source) -> KnowledgeBase:
    return KnowledgeBase.open(pack.pack, pack.settings(reader="none"))


def _say(change: Any, kb: Any) -> None:
    verb = {
        "add": "added",
        "retract": "retracted",
        "edit": "edited",
        "correct": "corrected",
        "import": "imported",
        "undo": "undid",
        "learn": "learned",
        "train": "trained",
    }[change.action]
    _echo(f"change {change.id}: {verb} by {change.curator} at {change.when}")
    for t in change.added:
        _echo(f"  + {kb.labels.verbalize(t)}")
    for t in change.removed_triples:
        _echo(f"  - {kb.labels.verbalize(t)}")
    if change.undoes:
        _echo(f"  (reverts change {change.undoes})")


@main.command()
@change_options()
@triple_arguments
def add(
    pack: Source,
    curator: str,
    source: str,
    note: str,
    create: bool,
    force: bool,
    subject: str,
    predicate: str,
    object: str,
) -> None:  # noqa: A002
    """Assert SUBJECT PREDICATE OBJECT (IRIs, prefixed names, labels or literals)."""
    kb = _graph_kb(pack)
    _say(kb.curator.add(subject, predicate, object, curator, source=source, note=note, create=create, force=force), kb)


@main.command()
@change_options(create=False)
@triple_arguments
def retract(
    pack: Source, curator: str, source: str, note: str, force: bool, subject: str, predicate: str, object: str
) -> None:  # noqa: A002
    """Retract SUBJECT PREDICATE OBJECT."""
    kb = _graph_kb(pack)
    _say(kb.curator.retract(subject, predicate, object, curator, source=source, note=note, force=force), kb)


@main.command()
@change_options()
@click.option("--old", default=None, help="Replace only this value (default: every value).")
@triple_arguments
def edit(
    pack: Source,
    curator: str,
    source: str,
    note: str,
    create: bool,
    force: bool,
    old: str | None,
    subject: str,
    predicate: str,
    object: str,
) -> None:  # noqa: A002
    """Replace the value(s) of SUBJECT PREDICATE with OBJECT."""
    kb = _graph_kb(pack)
    _say(
        kb.curator.edit(
            subject, predicate, object, curator, old=old, source=source, note=note, create=create, force=force
        ),
        kb,
    )


@main.command()
@change_options()
@click.option(
    "--fact", "facts", nargs=3, multiple=True, required=True, metavar="S P O", help="A right fact (repeatable)."
)
@click.option("--wrong", "wrong", nargs=3, multiple=True, metavar="S P O", help="A wrong fact to retract.")
@click.argument("question")
def correct(
    pack: Source,
    curator: str,
    source: str,
    note: str,
    create: bool,
    force: bool,
    facts: tuple[tuple[str, str, str], ...],
    wrong: tuple[tuple[str, str, str], ...],
    question: str,
) -> None:
    """Correct the answer to QUESTION with the right fact(s)."""
    kb = _graph_kb(pack)
    change = kb.curator.correct(
        question, list(facts), curator, retract=list(wrong), source=source, note=note, create=create, force=force
    )
    _say(change, kb)
    _echo(f"next answer: {kb.ask(question).text}")


@main.command()
@pack_option
@curator_option
@click.option("--questions", "questions_file", required=True, type=click.Path(), help="question<TAB>a1|a2 lines.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Sample this many examples (deterministic under --seed)."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--min-support", type=int, default=5, show_default=True, help="Examples a cue word needs.")
@click.option("--min-precision", type=float, default=0.8, show_default=True, help="Share of its examples it must fit.")
@click.option("--dry-run", is_flag=True, help="Print what would be learned; record nothing.")
def learn(
    pack: Source,
    curator: str,
    questions_file: str,
    limit: int | None,
    seed: int,
    min_support: int,
    min_precision: float,
    dry_run: bool,
) -> None:
    """Learn the words questions use for each relation from questions with their right answers."""
    from ..evaluation.questions import load_questions

    kb = _graph_kb(pack)
    examples = [(q.text, q.gold) for q in load_questions(Path(questions_file), limit=limit, seed=seed)]
    learned = kb.learn(
        examples,
        None if dry_run else curator,
        source=Path(questions_file).name,
        min_support=min_support,
        min_precision=min_precision,
    )
    _echo(f"{learned.usable} of {learned.examples} examples answered by exactly one relation chain")
    for c in learned.cues:
        relation = kb.labels.predicate_label(c.predicate)
        _echo(f"  {c.word!r} -> {relation}  ({c.support} examples, {c.precision:.0%})")
    if not learned.cues:
        _echo("no cue words found")
    elif dry_run:
        _echo("dry run: nothing recorded")
    elif learned.change is not None:
        _echo(f"recorded as change {learned.change}")
    else:
        _echo("every cue word was known already: nothing recorded")


@main.command()
@pack_option
@curator_option
@click.option(
    "--questions",
    "questions_files",
    multiple=True,
    type=click.Path(),
    help="question<TAB>a1|a2 lines to train on (repeatable; none: the graph's own questions only).",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Examples sampled per file (under --seed).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--synthesise/--no-synthesise", default=None,
              help="Train on synthesised questions too (default: only when no questions are given).")  # fmt: skip
@click.option("--corrections/--no-corrections", default=True, show_default=True,
              help="Train on the curators' corrections too.")  # fmt: skip
@click.option("--alpha", type=float, default=None, help="Weight of the teacher's soft labels (0: plain fine-tuning).")
@click.option("--temperature", type=float, default=None, help="Distillation temperature T.")
@click.option("--epochs", type=int, default=None, help="Passes over the examples.")
@click.option("--max-tied", type=int, default=None,
              help="How many chains answering a question alike it may be trained to (1: one only).")  # fmt: skip
@click.option("--gloss-reader", default=None,
              help="The LM that glosses relations' nouns for synthesised questions ('none': names only).")  # fmt: skip
@click.option("--matcher/--no-matcher", default=True, show_default=True, help="Train the chain matcher.")
@click.option("--reader", "tune_reader", is_flag=True, help="Also tune the reader (a LoRA adapter; needs peft).")
@click.option("--reader-model", default="gemma3-270m", show_default=True, help="The reader to tune.")
@click.option("--fresh", is_flag=True, help="Train again even when this model was made before.")
@click.option("--dry-run", is_flag=True, help="Train and report; record nothing (the model is kept in the cache).")
def train(
    pack: Source,
    curator: str,
    questions_files: tuple[str, ...],
    limit: int | None,
    seed: int,
    synthesise: bool | None,
    corrections: bool,
    alpha: float | None,
    temperature: float | None,
    epochs: int | None,
    max_tied: int | None,
    gloss_reader: str | None,
    matcher: bool,
    tune_reader: bool,
    reader_model: str,
    fresh: bool,
    dry_run: bool,
) -> None:
    """Fine-tune the chain matcher on questions with their right answers, the corrections and questions
    synthesised from the graph; record it as a change (undo it to go back)."""
    from ..evaluation.questions import load_questions

    given = {"alpha": alpha, "temperature": temperature, "epochs": epochs, "max_tied": max_tied,
             "gloss_reader": gloss_reader}  # fmt: skip
    chosen = {k: v for k, v in given.items() if v is not None}
    kb = KnowledgeBase.open(pack.pack, pack.settings(reader=reader_model, seed=seed, **chosen))
    examples = [(q.text, q.gold) for f in questions_files for q in load_questions(Path(f), limit=limit, seed=seed)]
    source = ", ".join(Path(f).name for f in questions_files) or "the graph"
    if synthesise is None:  # synthesised questions lowered MetaQA 2/3-hop when added: only when nothing else
        synthesise = not examples
    who = None if dry_run else curator
    if matcher:
        report = kb.train(examples, who, source=source, corrections=corrections, synthesised=synthesise, fresh=fresh)
        origins = ", ".join(f"{n} {o}" for o, n in report.origins.items())
        _echo(f"{report.examples + report.held_out} examples ({origins}) from {report.pairs} question/answer "
                   f"pairs and {report.synthesised} synthesised questions")  # fmt: skip
        acc = {k: "n/a" if v is None else f"{v:.3f}" for k, v in
               {"base": report.before, "trained": report.after, "teacher": report.teacher}.items()}  # fmt: skip
        _echo(
            f"held-out top-1 chain ({report.held_out} examples): base {acc['base']}, trained {acc['trained']}, "
            f"teacher {acc['teacher']}; alpha {report.alpha}, T {report.temperature}, {report.seconds:.0f} s"
        )
        if report.kinds:
            _echo(f"kinds read past before a name, from the glosses: {', '.join(report.kinds)}")
        _echo(f"chain matcher: {report.path}")
        _echo(f"recorded as change {report.change}" if report.change else "dry run: nothing recorded")
    if tune_reader:
        tuned = kb.tune_reader(examples, who, source=source, synthesised=synthesise, fresh=fresh)
        _echo(f"reader tuned on {tuned.examples} examples with their facts ({tuned.abstaining} answered "
                   f"'not in the knowledge graph', {tuned.negatives} of them without their answers' facts) "
                   f"in {tuned.seconds:.0f} s: {tuned.path}")  # fmt: skip
        _echo(f"recorded as change {tuned.change}" if tuned.change else "dry run: nothing recorded")


@main.command("import")
@pack_option
@curator_option
@create_option
@force_option
@note_option
@click.argument("table", type=click.Path())
def import_table(pack: Source, curator: str, create: bool, force: bool, note: str, table: str) -> None:
    """Import CSV or JSON rows (subject, predicate, object[, source]) into the pack as one change."""
    from ..knowledge.importers import read_rows

    kb = _graph_kb(pack)
    change = kb.curator.import_rows(
        read_rows(Path(table)), curator, create=create, force=force, note=note, source=Path(table).name
    )
    _say(change, kb)


@main.command()
@pack_option
@click.option("--json", "as_json", is_flag=True)
def history(pack: Source, as_json: bool) -> None:
    """List the pack's changes: who, when, what and why."""
    from ..knowledge.changes import ChangeLog
    from ..representation.sync import open_pack

    changes = ChangeLog(open_pack(pack.pack, pack.settings()).root).changes()
    undone = {c.undoes: c.id for c in changes if c.undoes}
    for c in changes:
        if as_json:
            click.echo(json.dumps(c.to_dict(), ensure_ascii=False))
            continue
        status = f" [undone by {undone[c.id]}]" if c.id in undone else ""
        what = f"+{len(c.added)} -{len(c.removed_triples)}" if c.action != "undo" else f"reverts {c.undoes}"
        why = " ".join(x for x in (c.note, f"(source: {c.source})" if c.source else "") if x)
        _echo(f"{c.id}  {c.when}  {c.curator:12} {c.action:8} {what:10} {why}{status}")


@main.command()
@pack_option
@curator_option
@note_option
@click.option("--change", "change_id", default=None, help="Undo this change (default: the last one in force).")
@click.option("--force", is_flag=True, help="Undo the change even if the graph without it breaks a shape.")
def undo(pack: Source, curator: str, note: str, change_id: str | None, force: bool) -> None:
    """Revert the last change (or a named one), recorded as a change of its own."""
    kb = _graph_kb(pack)
    _say(kb.curator.undo(curator, change_id, note, force=force), kb)


@main.command()
@pack_option
@click.option("--from", "start", default=None, help="Change id to start after (default: the pack's files).")
@click.option("--to", "end", default=None, help="Change id to end at (default: the latest).")
def diff(pack: Source, start: str | None, end: str | None) -> None:
    """Triples added (+) and removed (-) between two points of the history."""
    kb = _graph_kb(pack)
    added, removed = kb.curator.diff(start, end)
    for t in added:
        _echo(f"+ {' '.join(x.n3() for x in t)}  # {kb.labels.verbalize(t)}")
    for t in removed:
        _echo(f"- {' '.join(x.n3() for x in t)}  # {kb.labels.verbalize(t)}")


@main.command()
@pack_option
@click.option("--json", "as_json", is_flag=True)
def validate(pack: Source, as_json: bool) -> None:
    """Check syntax, shapes, labels, references, functional properties and duplicates."""
    from ..curation.validation import validate_pack

    if pack.pack is None:
        raise KgqaError("kgqa validate checks a pack's files: give --pack DIR")
    report = validate_pack(pack.pack)
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False) if as_json else shown(report.text()))
    if not report.ok:
        sys.exit(1)


@main.command()
@pack_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--reader", default="gemma3-270m", show_default=True, help="Reader model name or path, or 'none'.")
@click.option("--tokens-file", type=click.Path(), default=None, help="File of curator name:token lines.")
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    help="A Host name browsers may reach the server by, besides loopback (repeat; e.g. behind a proxy).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes sharing the loaded pack [default: one a core; 1 on the on-disk store].",
)
@backend_option
def serve(
    pack: Source,
    host: str,
    port: int,
    reader: str,
    tokens_file: str | None,
    allowed_hosts: tuple[str, ...],
    workers: int | None,
    backend: str,
) -> None:
    """Serve the HTTP API and web page for PACK."""
    try:
        import uvicorn

        from .server import LOCAL_HOSTS, create_app, load_tokens
        from .workers import check_port, default_workers, serve_forked
    except ImportError as e:
        raise KgqaError(f"kgqa serve needs {e.name}: pip install 'kgqa[serve]'") from e

    check_port(host, port)  # before the knowledge base loads: a port in use fails at once
    tokens = load_tokens(file=tokens_file)
    kb = _open(pack, reader, backend)
    on_disk = kb.store.name == "oxigraph"
    if workers is None:
        workers = 1 if on_disk else default_workers()
    elif workers > 1 and on_disk:
        raise KgqaError(
            f"the {kb.store.name} store is open in one process only: serve it with --workers 1, "
            "or use --backend memory for more workers"
        )
    if not tokens:
        _echo("no curator tokens (KGQA_CURATOR_TOKENS or --tokens-file): the API is read-only", err=True)
    app = create_app(kb, tokens, allowed_hosts=[*LOCAL_HOSTS, *allowed_hosts] if allowed_hosts else None)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    else:
        serve_forked(app, host, port, workers)


if __name__ == "__main__":  # pragma: no cover
    main()
