"""Persistent on-disk graph store on Oxigraph: for packs of hundreds of thousands of triples and more.

The store lives in the kgqa cache, keyed by the pack's fingerprint, so a pack is bulk-loaded once and
reopened in milliseconds afterwards.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ...errors import BackendError, PackSyntaxError
from ...knowledge.pack import QUAD_FORMATS, RDF_FORMATS, Pack
from ...knowledge.terms import Pattern, Triple
from .base import read_applied, write_applied

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_READY = "kgqa-fingerprint"
_APPLIED = "kgqa-changes.json"
#: Terms whose rdflib form is kept between lookups (cleared when full: a bound on memory).
TERM_MEMO = 200_000


def _open(location: Path) -> ox.Store:
    try:
        return ox.Store(str(location))
    except OSError as e:
        if "lock" in str(e).lower():
            raise BackendError(
                f"the on-disk store {location} is open in another kgqa process or object: edit through it "
                "(for example the HTTP API of `kgqa serve`), close it first, or use --backend memory"
            ) from e
        raise


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Convert a pyoxigraph term to the rdflib term kgqa uses everywhere."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to pyoxigraph."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


class OxigraphStore:
    """A pyoxigraph ``Store`` on disk; pattern lookups use its SPO/POS/OSP indexes."""

    name = "oxigraph"

    def __init__(self, store: ox.Store, location: Path | None = None) -> None:
        self.store = store
        self.location = location
        #: ids of curation changes replayed into this persistent store (see curation.py)
        self.applied: list[str] = read_applied(location / _APPLIED if location else None)
        self._terms: dict[object, Node] = {}

    def save_applied(self) -> None:
        if self.location is not None:
            write_applied(self.location / _APPLIED, self.applied)

    @classmethod
    def from_pack(
        cls, pack: Pack, cache_dir: Path | None = None, fresh: bool = False, options: object = None
    ) -> OxigraphStore:
        from ...settings import default_cache_dir

        fingerprint = pack.fingerprint()
        base = (cache_dir or default_cache_dir()) / "stores"
        # One store per pack directory: curation changes are replayed into it (see curation.py).
        place = hashlib.sha1(str(pack.root).encode()).hexdigest()[:8]
        location = base / f"{pack.info.name}-{fingerprint[:16]}-{place}"
        if fresh:
            shutil.rmtree(location, ignore_errors=True)
        if (location / _READY).exists():
            return cls(_open(location), location)
        tmp = base / f".{location.name}.loading"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        store = ox.Store(str(tmp))
        for path in pack.files:
            fmt = RDF_FORMATS[path.suffix.lower()]
            to_graph = None if fmt in QUAD_FORMATS else ox.NamedNode(str(pack.graph_name(path)))
            try:
                store.bulk_load(path=str(path), format=_OX_FORMATS[fmt], to_graph=to_graph)
            except SyntaxError as e:
                del store
                shutil.rmtree(tmp, ignore_errors=True)
                raise PackSyntaxError(path, e.lineno, str(e)) from e
        store.flush()
        del store
        (tmp / _READY).write_text(fingerprint)
        shutil.rmtree(location, ignore_errors=True)
        tmp.rename(location)  # atomic: a half-loaded store is never seen as ready
        return cls(_open(location), location)

    def __len__(self) -> int:
        return len(self.store)

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        # The walk's hot path: a bound term is handed back as given, the others are converted once
        # per term (a bounded memo), and a triple in several named graphs is reported once.
        s, p, o = pattern
        term = self._term
        seen: set[Triple] = set()
        bound = [None if t is None else to_ox(t) for t in pattern]
        for q in self.store.quads_for_pattern(bound[0], bound[1], bound[2], None):  # type: ignore[arg-type]
            t = (
                s if s is not None else term(q.subject),
                p if p is not None else term(q.predicate),
                o if o is not None else term(q.object),
            )
            if t not in seen:
                seen.add(t)
                yield t

    def _term(self, x: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        node = self._terms.get(x)
        if node is None:
            if len(self._terms) >= TERM_MEMO:
                self._terms.clear()
            node = self._terms[x] = to_rdflib(x)  # type: ignore[arg-type]
        return node

    def sources(self, triple: Triple) -> list[str]:
        s, p, o = (to_ox(t) for t in triple)
        return [str(q.graph_name.value) for q in self.store.quads_for_pattern(s, p, o, None)]  # type: ignore[arg-type, union-attr]

    def add(self, triple: Triple, graph: str) -> None:
        s, p, o = (to_ox(t) for t in triple)
        self.store.add(ox.Quad(s, p, o, ox.NamedNode(graph)))  # type: ignore[arg-type]

    def remove(self, triple: Triple, graph: str | None = None) -> None:
        s, p, o = (to_ox(t) for t in triple)
        g = None if graph is None else ox.NamedNode(graph)
        for q in list(self.store.quads_for_pattern(s, p, o, g)):  # type: ignore[arg-type]
            self.store.remove(q)
