"""Importers: other shapes of knowledge turned into RDF packs.

``import_triples`` reads ``subject|relation|object`` lines (as MetaQA, WikiMovies and many KGQA
benchmarks ship their knowledge bases), optionally gzipped, and writes a pack: one IRI per distinct
name, its ``rdfs:label`` the name itself, and one predicate per relation, labelled readably.
"""

from __future__ import annotations

import gzip
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import Literal, URIRef

from ..errors import PackError
from ..text import readable

DEFAULT_BASE = "urn:kgqa:"


@dataclass(frozen=True)
class ImportReport:
    path: Path
    triples: int
    entities: int
    relations: int


def mint(base: str, name: str) -> URIRef:
    """An IRI for a name: the name percent-encoded, so distinct names never collide."""
    return URIRef(base + quote(name, safe="-._~"))


def relation_label(name: str) -> str:
    """``directed_by`` -> ``directed by``; ``plays_in_club_inverse`` -> ``plays in club (inverse)``;
    ``__music__recording__releases`` -> ``music recording releases``."""
    label = readable(name)
    if label.endswith(" inverse"):
        label = label[: -len(" inverse")] + " (inverse)"
    return label or name


def import_triples(source: Path, out: Path, name: str | None = None, base: str | None = None) -> ImportReport:
    """Write the pack ``out`` (``pack.toml`` + ``kb.nt``) from a triple file.

    Raises:
        PackError: the file is missing or a line is not ``subject|relation|object``.
    """
    if not source.exists():
        raise PackError(f"no triple file at {source}")
    name = name or out.name
    base = base or f"{DEFAULT_BASE}{quote(name, safe='')}:"
    entity_base, relation_base = base + "e/", base + "r/"
    opener = gzip.open if source.suffix == ".gz" else open
    entities: dict[str, URIRef] = {}
    relations: dict[str, URIRef] = {}
    seen: set[tuple[str, str, str]] = set()
    out.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".kb.", suffix=".nt", dir=out)
    try:
        with opener(source, "rt", encoding="utf-8") as f, io.open(fd, "w", encoding="utf-8") as w:  # noqa: UP020
            for lineno, line in enumerate(f, 1):
                line = line.rstrip("\n\r")
                if not line.strip():
                    continue
                parts = line.split("|")
                if len(parts) < 3 or not parts[0].strip() or not parts[1].strip():
                    raise PackError(f"{source}:{lineno}: expected subject|relation|object, got {line[:80]!r}")
                s, r, o = parts[0].strip(), parts[1].strip(), "|".join(parts[2:]).strip()
                if not o or (s, r, o) in seen:
                    continue
                seen.add((s, r, o))
                terms = []
                for ent in (s, o):
                    iri = entities.get(ent)
                    if iri is None:
                        iri = entities[ent] = mint(entity_base, ent)
                        w.write(f"{iri.n3()} <http://www.w3.org/2000/01/rdf-schema#label> {Literal(ent).n3()} .\n")
                    terms.append(iri)
                pred = relations.get(r)
                if pred is None:
                    pred = relations[r] = mint(relation_base, r)
                    w.write(
                        f"{pred.n3()} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> .\n"
                    )
                    w.write(
                        f"{pred.n3()} <http://www.w3.org/2000/01/rdf-schema#label> "
                        f"{Literal(relation_label(r)).n3()} .\n"
                    )
                w.write(f"{terms[0].n3()} {pred.n3()} {terms[1].n3()} .\n")
        os.replace(tmp_name, out / "kb.nt")
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    meta = out / ".pack.toml.tmp"
    meta.write_text(
        f'[pack]\nname = "{name}"\ndescription = "Imported from {source.name}"\nlanguage = "en"\n', encoding="utf-8"
    )
    os.replace(meta, out / "pack.toml")  # whole or not at all
    return ImportReport(path=out, triples=len(seen), entities=len(entities), relations=len(relations))


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV (with a header) or JSON (a list of objects) table of subject, predicate, object[, source]."""
    import csv
    import json

    if not path.exists():
        raise PackError(f"no table at {path}")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise PackError(f"{path}:{e.lineno}: malformed JSON: {e.msg}") from e
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise PackError(f"{path}: expected a JSON list of objects with subject, predicate, object")
        return [{k: str(v) for k, v in r.items()} for r in data]
    reader = csv.DictReader(io.StringIO(text))
    missing = {"subject", "predicate", "object"} - set(reader.fieldnames or [])
    if missing:
        raise PackError(f"{path}: the header lacks {', '.join(sorted(missing))}")
    return [{k: (v or "") for k, v in row.items() if k} for row in reader]
