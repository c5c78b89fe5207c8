"""Validation of a pack: syntax, SHACL shapes, labels, dangling references, functional properties,
possible duplicates; and the shape check that guards every edit."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rdflib import OWL, RDF, SH, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import PackSyntaxError
from ..knowledge.changes import ChangeLog, Definition, touched
from ..knowledge.pack import Pack
from ..knowledge.terms import Triple, well_typed
from ..representation.facts import is_fact, schema_nodes
from ..representation.labels import Labels
from ..representation.stores.base import TripleSource
from ..representation.stores.memory import MemoryStore
from ..text import normalize


@dataclass(frozen=True)
class Issue:
    """One finding: ``error`` findings make validation fail, ``warning`` ones are reported."""

    severity: str
    kind: str
    message: str
    file: str = ""
    line: int | None = None
    node: str = ""


@dataclass
class Report:
    pack: str
    triples: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        return {"pack": self.pack, "ok": self.ok, "triples": self.triples, "issues": [asdict(i) for i in self.issues]}

    def text(self) -> str:
        errors = sum(i.severity == "error" for i in self.issues)
        warnings = len(self.issues) - errors
        lines = [f"{self.pack}: {self.triples} triples, {errors} errors, {warnings} warnings"]
        for i in self.issues:
            where = f"{i.file}:{i.line}: " if i.file and i.line else (f"{i.file}: " if i.file else "")
            lines.append(f"  {i.severity.upper():7} {i.kind:18} {where}{i.message}")
        return "\n".join(lines)


def _shapes(pack: Pack) -> Graph | None:
    """The pack's SHACL shapes, or None when it has none.

    Raises:
        PackSyntaxError: a shapes file does not parse (with its file and line).
    """
    if not pack.shape_files:
        return None
    g = Graph()
    for p in pack.shape_files:
        for _, parsed in pack.parse_file(p):
            _refuse_empty_paths(p, parsed)
            for t in parsed:
                g.add(t)
    return g


_EMPTY_PATH = re.compile(r"sh:path\s*\(\s*\)|shacl#path>\s*\(\s*\)")


def _refuse_empty_paths(path: Path, shapes: Graph) -> None:
    """A property shape whose ``sh:path`` is an empty list constrains nothing, and pyshacl lets every
    write through it: the file is refused as broken, as a syntax error is (found by a probe)."""
    if (None, SH.path, RDF.nil) not in shapes:
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    found = _EMPTY_PATH.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    raise PackSyntaxError(path, line, "sh:path ( ) is an empty path: it names no property to check")


def _shacl(data: Graph, shapes: Graph, focus: set[Node] | None = None) -> list[tuple[str, str]]:
    """(focus node, message) for each SHACL violation."""
    from pyshacl import validate

    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    if conforms:
        return []
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(r, SH.resultSeverity) != SH.Violation:
            continue
        node = results.value(r, SH.focusNode)
        if focus is not None and node not in focus:
            continue
        path = results.value(r, SH.resultPath)
        msg = str(results.value(r, SH.resultMessage) or "violation")
        out.append((str(node), f"{node}{' ' + str(path) if path else ''}: {msg}"))
    return out


def validate_pack(path: str | Path) -> Report:
    """Check a pack; never raises for problems in the pack itself, it reports them."""
    pack = Pack.open(path)
    report = Report(pack=str(pack.root))
    store = MemoryStore()
    for f in pack.files:
        try:
            for graph_name, g in pack.parse_file(f):
                for t in g:
                    store.add(t, str(graph_name))
        except PackSyntaxError as e:
            report.issues.append(Issue("error", "syntax", e.detail.splitlines()[0][:300], pack.relative(f), e.line))
    try:
        in_force = ChangeLog(pack.root).effective()
        Definition.of(in_force).settle(store, touched(in_force))  # fresh from the files
    except PackSyntaxError as e:
        report.issues.append(Issue("error", "syntax", e.detail[:300], pack.relative(e.path), e.line))
    report.triples = len(store)
    labels = Labels.from_store(store, pack.info.language)
    schema = schema_nodes(store)
    _check_graph(store, labels, schema, report)
    shapes = None
    try:
        shapes = _shapes(pack)
    except PackSyntaxError as e:  # a broken shapes file is itself a finding
        report.issues.append(Issue("error", "syntax", e.detail.splitlines()[0][:300], pack.relative(e.path), e.line))
    if shapes is not None and report.triples:
        for node, msg in _shacl(store.graph, shapes):
            report.issues.append(Issue("error", "shacl", msg, node=node))
    return report


def _check_graph(store: MemoryStore, labels: Labels, schema: set[Node], report: Report) -> None:
    report.issues += _unnamed(store, labels, schema)
    report.issues += _ill_typed(store, labels)
    report.issues += _functional(store, labels)
    report.issues += _duplicates(labels, schema)


def _unnamed(store: MemoryStore, labels: Labels, schema: set[Node]) -> list[Issue]:
    """Nodes of facts without a label: referenced but never described, or described but unnamed."""
    subjects: set[Node] = set()
    objects: set[Node] = set()
    classes = {o for _, _, o in store.triples((None, RDF.type, None))}
    for t in store.triples((None, None, None)):
        if not is_fact(t, schema) or t[1] == RDF.type:
            continue
        subjects.add(t[0])
        if isinstance(t[2], URIRef):
            objects.add(t[2])
    out = []
    for node in sorted(subjects | objects, key=str):
        if node in labels.names or node in schema or node in classes:
            continue
        if node in objects and not any(True for _ in islice(store.triples((node, None, None)), 1)):
            out.append(Issue("error", "dangling", f"{node} is referenced but never described", node=str(node)))
        else:
            out.append(Issue("error", "missing-label", f"{node} has no rdfs:label or skos:prefLabel", node=str(node)))
    return out


def _ill_typed(store: MemoryStore, labels: Labels) -> list[Issue]:
    """Literals whose text does not fit their datatype ("abc"^^xsd:integer)."""
    return [
        Issue("error", "datatype", f"{labels.label(s)}: {str(o)[:80]!r} is not a valid {o.datatype}", node=str(s))
        for s, _, o in store.triples((None, None, None))
        if isinstance(o, Literal) and o.datatype is not None and not well_typed(str(o), o.datatype)
    ]


def _functional(store: MemoryStore, labels: Labels) -> list[Issue]:
    """Subjects with more than one value of an ``owl:FunctionalProperty``."""
    out = []
    for prop in store.triples((None, RDF.type, OWL.FunctionalProperty)):
        values: dict[Node, set[Node]] = defaultdict(set)
        for s, _, o in store.triples((None, prop[0], None)):
            values[s].add(o)
        for s, vs in values.items():
            if len(vs) > 1:
                names = ", ".join(sorted(labels.label(v) for v in vs))
                relation = labels.predicate_label(prop[0])
                message = f"{labels.label(s)} has {len(vs)} values of functional {relation}: {names}"
                out.append(Issue("error", "functional", message, node=str(s)))
    return out


def _duplicates(labels: Labels, schema: set[Node]) -> list[Issue]:
    """Entities with the same label, and labels that are nearly the same (warnings)."""
    by_label: dict[str, list[Node]] = defaultdict(list)
    for node, name in labels.names.items():
        if node not in schema:
            by_label[normalize(name)].append(node)
    out = [
        Issue("warning", "duplicate", f"same label {key!r}: " + ", ".join(map(str, nodes)))
        for key, nodes in sorted(by_label.items())
        if len(nodes) > 1
    ]
    keys = [k for k in by_label if len(k) >= 6]
    if 1 < len(keys) <= 5000:
        for i, k in enumerate(keys):
            for other, score, j in process.extract(k, keys, scorer=fuzz.ratio, score_cutoff=92, limit=3):
                if j > i:
                    out.append(Issue("warning", "near-duplicate", f"labels {k!r} and {other!r} are {score:.0f}% alike"))
    return out


def check_edit(pack: Pack, store: TripleSource, added: list[Triple], removed: list[Triple]) -> list[str]:
    """SHACL violations an edit would introduce at the nodes it touches (empty when it is fine).

    Raises:
        PackSyntaxError: a shapes file does not parse: no edit is checked, so none is accepted (fix the
            file, or record the edit with force).
    """
    shapes = _shapes(pack)
    if shapes is None:
        return []
    focus: set[Node] = {t[0] for t in (*added, *removed)}
    focus |= {t[2] for t in (*added, *removed) if isinstance(t[2], URIRef)}
    g = Graph()
    for node in focus:
        for t in store.triples((node, None, None)):
            g.add(t)  # type: ignore[arg-type]
            if isinstance(t[2], URIRef):
                for tt in islice(store.triples((t[2], RDF.type, None)), 10):
                    g.add(tt)  # type: ignore[arg-type]
    before = {m for _, m in _shacl(g, shapes, focus)}
    for t in removed:
        g.remove(t)  # type: ignore[arg-type]
    for t in added:
        g.add(t)  # type: ignore[arg-type]
        if isinstance(t[2], URIRef):
            for tt in islice(store.triples((t[2], RDF.type, None)), 10):
                g.add(tt)  # type: ignore[arg-type]
    return [m for _, m in _shacl(g, shapes, focus) if m not in before]


__all__ = ["Issue", "Report", "check_edit", "validate_pack"]
