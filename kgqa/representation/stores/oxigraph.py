"""Persistent on-disk graph store on Oxigraph: for packs of hundreds of thousands of triples and more.

The store lives in the kgqa cache, keyed by the pack's fingerprint, so a pack is bulk-loaded once and
reopened in milliseconds afterwards. Beside it lie every node's edges as arrays (``adjacency.py``),
from which the walk reads a whole frontier (``around``) without decoding the store's index entries.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ...errors import BackendError, PackSyntaxError
from ...knowledge.pack import QUAD_FORMATS, RDF_FORMATS, Pack, refuse_oversized_literals, refuse_xml_entities
from ...knowledge.terms import Pattern, Triple
from .adjacency import REBUILD_AFTER, Adjacency
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
_ADJACENCY = "kgqa-adjacency"
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
        self.adjacency = self._adjacency()

    def _adjacency(self) -> Adjacency | None:
        """The edge arrays beside the store, made now if missing or edited past ``REBUILD_AFTER`` nodes
        (a store loaded by an earlier kgqa); None for a store in memory or with RDF-star terms."""
        if self.location is None:
            return None
        folder = self.location / _ADJACENCY
        try:
            adjacency = Adjacency(folder) if folder.exists() else None
            if adjacency is None or len(adjacency.dirty) > REBUILD_AFTER:
                Adjacency.build(self.store.quads_for_pattern(None, None, None, None), folder)
                adjacency = Adjacency(folder)
        except TypeError:
            return None
        return adjacency

    def save_applied(self) -> None:
        if self.location is not None:
            if self.adjacency is not None:  # first: the edited nodes must not be read from stale arrays
                self.adjacency.save()
            write_applied(self.location / _APPLIED, self.applied)

    def around(
        self, nodes: Sequence[Node], limit: int, skip: Iterable[Node] = (), truncate: bool = False
    ) -> dict[Node, list[tuple[Triple, bool]] | None]:
        """Each node's edges as (triple, forward), predicates in ``skip`` left out; None for a node with
        more than ``limit`` (a hub), or with ``truncate`` its first ``limit``. From the edge arrays, or
        from the store's indexes for a node they do not hold (added, or edited since they were made)."""
        adjacency = self.adjacency
        out: dict[Node, list[tuple[Triple, bool]] | None] = {}
        skipped = frozenset(skip)
        mask = adjacency.skipping(skipped) if adjacency is not None else None
        for node in nodes:
            i = adjacency.number(node) if adjacency is not None else None
            if i is not None and mask is not None and adjacency is not None:
                out[node] = adjacency.edges(i, limit, mask, truncate)
            else:
                out[node] = self._scan(node, limit, skipped, truncate)
        return out

    def _scan(self, node: Node, limit: int, skip: frozenset[Node], truncate: bool) -> list[tuple[Triple, bool]] | None:
        if isinstance(node, Literal):
            return []
        found = chain(
            ((t, True) for t in self.triples((node, None, None)) if t[1] not in skip),
            ((t, False) for t in self.triples((None, None, node)) if t[1] not in skip),
        )
        edges = list(islice(found, limit + 1))
        if len(edges) > limit:
            return edges[:limit] if truncate else None
        return edges

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
                if fmt == "xml":
                    refuse_xml_entities(path)
                refuse_oversized_literals(path)
                store.bulk_load(path=str(path), format=_OX_FORMATS[fmt], to_graph=to_graph)
            except SyntaxError as e:
                del store
                shutil.rmtree(tmp, ignore_errors=True)
                raise PackSyntaxError(path, e.lineno, str(e)) from e
            except MemoryError as e:  # a term past the parser's buffer that the scan did not see
                del store
                shutil.rmtree(tmp, ignore_errors=True)
                raise PackSyntaxError(path, None, f"a term too large for the store: {e}") from e
            except PackSyntaxError:
                del store
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        store.flush()
        del store
        (tmp / _READY).write_text(fingerprint)
        shutil.rmtree(location, ignore_errors=True)
        tmp.rename(location)  # atomic: a half-loaded store is never seen as ready
        return cls(_open(location), location)

    def __len__(self) -> int:
        return len(self.store)

    def select(self, query: str) -> list[dict[str, Node]]:
        try:
            solutions = self.store.query(query, use_default_graph_as_union=True)
        except (SyntaxError, ValueError, OSError) as e:
            raise BackendError(f"the SPARQL query failed: {e}") from e
        if not isinstance(solutions, ox.QuerySolutions):
            raise BackendError("not a SELECT query")
        names = [v.value for v in solutions.variables]
        return [{n: self._term(x) for n in names if (x := row[n]) is not None} for row in solutions]

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        # The walk's hot path: a bound term is handed back as given, the others are converted once
        # per term (a bounded memo), and a triple in several named graphs is reported once.
        s, p, o = pattern
        if isinstance(s, Literal) or isinstance(p, (Literal, BNode)):
            return  # no triple has a literal subject (RDF 1.1), nor a predicate that is not an IRI
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
        if self.adjacency is not None:
            self.adjacency.touch([triple])
        s, p, o = (to_ox(t) for t in triple)
        self.store.add(ox.Quad(s, p, o, ox.NamedNode(graph)))  # type: ignore[arg-type]

    def remove(self, triple: Triple, graph: str | None = None) -> None:
        if self.adjacency is not None:
            self.adjacency.touch([triple])
        s, p, o = (to_ox(t) for t in triple)
        g = None if graph is None else ox.NamedNode(graph)
        for q in list(self.store.quads_for_pattern(s, p, o, g)):  # type: ignore[arg-type]
            self.store.remove(q)
