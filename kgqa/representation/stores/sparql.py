"""A graph store that is a SPARQL 1.1 endpoint: kgqa links, walks and verbalises over a triplestore
(Oxigraph, Virtuoso, GraphDB, Fuseki...) without copying the graph.

Every query is built from terms, never from text: IRIs are checked and literals escaped by
pyoxigraph's term constructors and written in N-Triples syntax, so a question or a curated value
containing SPARQL (``} ; DROP ALL ; {``) reaches the endpoint only as an escaped literal. The walk
asks for a whole frontier at once (``VALUES``), first counting each node's edges so that hubs are
never fetched. Writes go through SPARQL Update when an update endpoint is given; without one the
store is read-only and a write is refused before anything is recorded.

Triples are read from the default graph and every named graph alike (a triple is reported once),
as kgqa's other stores read a pack's files: one named graph per file; or, with ``endpoint_graphs``,
only from the named graphs listed (and those curation writes), for an endpoint that holds more
than the pack (Virtuoso's own system graphs, say).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ...errors import BackendError, ReadOnlyError
from ...knowledge.changes import CHANGE_PREFIX
from ...knowledge.terms import Pattern, Triple
from .base import read_applied, write_applied
from .oxigraph import to_ox

if TYPE_CHECKING:
    from ...knowledge.pack import Pack
    from ...settings import BackendSettings

#: Environment variables with the endpoint's credentials (HTTP basic auth), never settings or files.
USER_ENV, PASSWORD_ENV = "KGQA_SPARQL_USER", "KGQA_SPARQL_PASSWORD"
#: Rows a page of a whole-graph scan asks for.
PAGE = 50_000
#: Nodes one frontier query names in its VALUES block.
FRONTIER_CHUNK = 200
_RESULTS = "application/sparql-results+json"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def term(node: Node) -> str:
    """A term in the query's syntax: checked (an IRI with ``>`` or a space is refused) and escaped."""
    try:
        return str(to_ox(node))
    except ValueError as e:
        raise BackendError(f"cannot send {node!r} to a SPARQL endpoint: {e}") from e


def _from_json(b: dict[str, str]) -> Node:
    kind, value = b["type"], b["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in b:
        return Literal(value, lang=b["xml:lang"])
    datatype = b.get("datatype")
    if datatype and datatype not in (_XSD_STRING, _LANG_STRING):
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


def graph_filter(graphs: Sequence[str]) -> str:
    """A FILTER on ``?g`` keeping the named graphs listed (an entry ending in ``*`` is a prefix) and
    those curation writes; empty when no graphs are listed (every graph, and the default graph)."""
    if not graphs:
        return ""
    exact = [g for g in graphs if not g.endswith("*")]
    tests = [
        f"STRSTARTS(STR(?g), {term(Literal(g))})" for g in [*(g[:-1] for g in graphs if g.endswith("*")), CHANGE_PREFIX]
    ]
    if exact:
        tests.append(f"?g IN ({', '.join(term(URIRef(g)) for g in exact)})")
    return f"FILTER({' || '.join(tests)})"


class SparqlStore:
    """A SPARQL 1.1 endpoint (query, and optionally update) as kgqa's graph store."""

    name = "sparql"

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str = "",
        timeout: float = 30.0,
        state: Path | None = None,
        auth: tuple[str, str] | None = None,
        graphs: Sequence[str] = (),
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise BackendError(f"a SPARQL endpoint is an http(s) URL, not {endpoint!r}")
        if auth is None and os.environ.get(USER_ENV):
            auth = (os.environ[USER_ENV], os.environ.get(PASSWORD_ENV, ""))
        self.endpoint, self.update_endpoint, self.timeout = endpoint, update_endpoint, timeout
        self._auth, self._pid = auth, os.getpid()
        self.client = httpx.Client(timeout=timeout, auth=auth)
        #: every query and update sent, when a list is put here (tests and benchmarks read it)
        self.sent: list[str] | None = None
        self.state = state
        #: ids of the curation changes replayed into the endpoint, kept beside the local change log
        self.applied: list[str] = read_applied(state)
        self._len: int | None = None
        self._graphs = graph_filter(graphs)
        self._held: dict[Triple, bool] = {}  # answers of ``present``, until the graph changes

    @classmethod
    def from_pack(
        cls, pack: Pack, cache_dir: Path | None = None, fresh: bool = False, options: BackendSettings | None = None
    ) -> SparqlStore:
        """The endpoint named in ``options`` as the store of ``pack`` (whose directory keeps the change
        log); ``fresh`` forgets which changes were replayed into it."""
        from ...settings import default_cache_dir

        if options is None or not options.endpoint:
            raise BackendError("the sparql store needs an endpoint URL (--endpoint, or Settings(endpoint=...))")
        key = hashlib.sha1(f"{options.endpoint}\0{pack.root}".encode()).hexdigest()[:12]
        state = (cache_dir or default_cache_dir()) / "endpoints" / f"{pack.info.name}-{key}" / "applied.json"
        if fresh:
            state.unlink(missing_ok=True)
        graphs = options.endpoint_graphs.split()
        store = cls(options.endpoint, options.update_endpoint, options.endpoint_timeout, state, graphs=graphs)
        store.check()
        return store

    # -- the protocol -------------------------------------------------------------------------------

    def _post(self, url: str, data: dict[str, str], accept: str | None) -> httpx.Response:
        if os.getpid() != self._pid:  # a forked server worker: its own connections, never the parent's
            self._pid, self.client = os.getpid(), httpx.Client(timeout=self.timeout, auth=self._auth)
        if self.sent is not None:
            self.sent.append(next(iter(data.values())))
        headers = {"Accept": accept} if accept else {}
        try:
            response = self.client.post(url, data=data, headers=headers)
        except httpx.TimeoutException as e:
            raise BackendError(f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s") from e
        except httpx.HTTPError as e:
            raise BackendError(f"cannot reach the SPARQL endpoint {url}: {e}") from e
        if response.status_code in (401, 403):
            raise BackendError(
                f"the SPARQL endpoint {url} refused kgqa ({response.status_code}): set {USER_ENV} and "
                f"{PASSWORD_ENV} to credentials it accepts"
            )
        if response.status_code >= 400:
            raise BackendError(f"the SPARQL endpoint {url} answered {response.status_code}: {response.text[:300]}")
        return response

    def _quads(self, s: str, p: str, o: str) -> str:
        """A triple pattern over the default graph and every named graph, or the graphs listed."""
        if self._graphs:
            return f"GRAPH ?g {{ {s} {p} {o} }} {self._graphs}"
        return f"{{ {s} {p} {o} }} UNION {{ GRAPH ?g {{ {s} {p} {o} }} }}"

    def select(self, query: str) -> list[dict[str, Node]]:
        """The rows of a SELECT query, as rdflib terms by variable name."""
        response = self._post(self.endpoint, {"query": query}, _RESULTS)
        try:
            rows = response.json()["results"]["bindings"]
        except (ValueError, KeyError) as e:
            raise BackendError(f"the SPARQL endpoint {self.endpoint} sent no SPARQL JSON results: {e}") from e
        return [{k: _from_json(v) for k, v in row.items()} for row in rows]

    def update(self, text: str) -> None:
        """Run a SPARQL Update; ``ReadOnlyError`` without an update endpoint."""
        self.writable_or_raise()
        self._post(self.update_endpoint, {"update": text}, None)
        self.forget()

    def writable_or_raise(self) -> None:
        if not self.update_endpoint:
            raise ReadOnlyError(
                f"the SPARQL endpoint {self.endpoint} is read-only for kgqa: give an update endpoint "
                "(--update-endpoint, or Settings(update_endpoint=...)) to curate it"
            )

    def check(self) -> None:
        """Ask the endpoint something trivial: a wrong URL fails here, with its message."""
        self.select("SELECT * WHERE { } LIMIT 1")

    def save_applied(self) -> None:
        if self.state is not None:
            write_applied(self.state, self.applied)

    def __len__(self) -> int:
        if self._len is None:
            every = self._quads("?s", "?p", "?o")
            rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {every} }} }}")
            self._len = int(rows[0]["n"]) if rows else 0  # type: ignore[call-overload]
        return self._len

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        if any(isinstance(t, BNode) for t in pattern):  # an endpoint's blank nodes cannot be named again
            return
        names = ("?s", "?p", "?o")
        terms = [names[i] if t is None else term(t) for i, t in enumerate(pattern)]
        free = [n for n, t in zip(names, pattern, strict=True) if t is None]
        if not free:
            if self.select(f"SELECT * WHERE {{ {self._quads(*terms)} }} LIMIT 1"):
                yield pattern  # type: ignore[misc]
            return
        head = f"SELECT DISTINCT {' '.join(free)} WHERE {{ {self._quads(*terms)} }}"
        # only a whole-graph scan (building an index) is long enough to page; pages rely on the endpoint
        # answering one query in one order, as Oxigraph and Virtuoso do (ORDER BY would sort it all)
        page = PAGE if len(free) == 3 else None
        offset = 0
        while True:
            rows = self.select(head if page is None else f"{head} LIMIT {page} OFFSET {offset}")
            for row in rows:
                yield tuple(row[n[1:]] if t is None else t for n, t in zip(names, pattern, strict=True))  # type: ignore[misc]
            if page is None or len(rows) < page:
                return
            offset += page

    def around(
        self, nodes: Sequence[Node], limit: int, skip: Iterable[Node] = (), truncate: bool = False
    ) -> dict[Node, list[tuple[Triple, bool]] | None]:
        """Each node's edges as (triple, forward), predicates in ``skip`` left out, by one count query
        and one fetch per chunk of the frontier. A node with more than ``limit`` edges (a hub) is
        ``None`` and never fetched, or with ``truncate`` fetched up to ``limit`` edges."""
        out: dict[Node, list[tuple[Triple, bool]] | None] = {}
        named = [n for n in dict.fromkeys(nodes) if isinstance(n, URIRef)]
        out.update((n, []) for n in nodes if not isinstance(n, URIRef))  # literals and blank nodes
        unwanted = ", ".join(term(p) for p in skip)
        out_edges, in_edges = self._quads("?n", "?p", "?x"), self._quads("?x", "?p", "?n")
        where = f"{{ {out_edges} BIND(1 AS ?f) }} UNION {{ {in_edges} BIND(0 AS ?f) }}"
        if unwanted:
            where += f" FILTER(?p NOT IN ({unwanted}))"
        for i in range(0, len(named), FRONTIER_CHUNK):
            chunk = named[i : i + FRONTIER_CHUNK]
            values = f"VALUES ?n {{ {' '.join(term(n) for n in chunk)} }}"
            edges = f"SELECT DISTINCT ?n ?p ?x ?f WHERE {{ {values} {where} }}"
            counts = self.select(f"SELECT ?n (COUNT(*) AS ?c) WHERE {{ {edges} }} GROUP BY ?n")
            sizes = {row["n"]: int(row["c"]) for row in counts}  # type: ignore[call-overload]
            out.update((n, []) for n in chunk)
            small = [n for n in chunk if 0 < sizes.get(n, 0) <= limit]
            if small:
                values = f"VALUES ?n {{ {' '.join(term(n) for n in small)} }}"
                self._edges(f"SELECT DISTINCT ?n ?p ?x ?f WHERE {{ {values} {where} }}", out)
            for n in chunk:
                if sizes.get(n, 0) > limit:
                    out[n] = None
                    if truncate:
                        out[n] = []
                        one = f"VALUES ?n {{ {term(n)} }}"
                        self._edges(f"SELECT DISTINCT ?n ?p ?x ?f WHERE {{ {one} {where} }} LIMIT {limit}", out)
        return out

    def _edges(self, query: str, out: dict[Node, list[tuple[Triple, bool]] | None]) -> None:
        for row in self.select(query):
            n, p, x, forward = row["n"], row["p"], row["x"], str(row["f"]) == "1"
            found = out[n]
            if found is not None:
                found.append(((n, p, x) if forward else (x, p, n), forward))

    def sources(self, triple: Triple) -> list[str]:
        if any(isinstance(t, BNode) for t in triple):
            return []
        s, p, o = (term(t) for t in triple)
        return [str(row["g"]) for row in self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {s} {p} {o} }} }}")]

    def _rows_of(self, triples: Sequence[Triple], select: str, where: str) -> Iterator[dict[str, Node]]:
        named = [t for t in dict.fromkeys(triples) if not any(isinstance(x, BNode) for x in t)]
        for i in range(0, len(named), FRONTIER_CHUNK):
            rows = " ".join(f"({term(s)} {term(p)} {term(o)})" for s, p, o in named[i : i + FRONTIER_CHUNK])
            yield from self.select(f"SELECT DISTINCT {select} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} {where} }}")

    def sources_of(self, triples: Sequence[Triple]) -> dict[Triple, list[str]]:
        """``sources`` of many triples in one request."""
        out: dict[Triple, list[str]] = {t: [] for t in triples}
        for row in self._rows_of(triples, "?s ?p ?o ?g", "GRAPH ?g { ?s ?p ?o }"):
            out[(row["s"], row["p"], row["o"])].append(str(row["g"]))
        return out

    def present(self, triples: Sequence[Triple]) -> set[Triple]:
        """Which of these triples the graph holds, in one request (remembered until ``forget``)."""
        held = self._held
        todo = [t for t in triples if t not in held]
        if todo:
            if len(held) > 100_000:
                held.clear()
            found = {
                (row["s"], row["p"], row["o"]) for row in self._rows_of(todo, "?s ?p ?o", self._quads("?s", "?p", "?o"))
            }
            held.update((t, t in found) for t in todo)
        return {t for t in triples if held[t]}

    def forget(self) -> None:
        """Drop what was remembered of the graph (another process may have changed it)."""
        self._held.clear()
        self._len = None

    def add(self, triple: Triple, graph: str) -> None:
        self.add_all([triple], graph)

    def add_all(self, triples: Iterable[Triple], graph: str) -> None:
        """Assert triples in a named graph in one update."""
        body = " ".join(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in triples)
        if body:
            self.update(f"INSERT DATA {{ GRAPH {term(URIRef(graph))} {{ {body} }} }}")

    def remove(self, triple: Triple, graph: str | None = None) -> None:
        s, p, o = (term(t) for t in triple)
        if graph is not None:
            self.update(f"DELETE DATA {{ GRAPH {term(URIRef(graph))} {{ {s} {p} {o} }} }}")
        else:
            self.update(f"DELETE DATA {{ {s} {p} {o} }} ; DELETE WHERE {{ GRAPH ?g {{ {s} {p} {o} }} }}")

    def close(self) -> None:
        self.client.close()


def wait_for(endpoint: str, seconds: float = 60.0) -> None:
    """Return once the endpoint answers a query (a server just started); ``BackendError`` after
    ``seconds`` without an answer."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(endpoint, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise BackendError(f"the SPARQL endpoint {endpoint} did not start answering within {seconds:g} s")
        time.sleep(0.1)


def load_pack(pack: Pack, store: SparqlStore) -> int:
    """Copy a pack's files into an endpoint through SPARQL Update, one named graph per file (as kgqa's
    own stores hold them); returns the number of triples sent. For a pack too large for updates, use
    the triplestore's own bulk loader with the same graph names (``pack.graph_name(path)``)."""
    n = 0
    for name, graph in _pack_graphs(pack):
        batch: list[Triple] = []
        for t in graph:
            batch.append(t)  # type: ignore[arg-type]
            if len(batch) >= 5000:
                store.add_all(batch, name)
                n, batch = n + len(batch), []
        store.add_all(batch, name)
        n += len(batch)
    return n


def _pack_graphs(pack: Pack) -> Iterator[tuple[str, Any]]:
    for path in pack.files:
        for name, graph in pack.parse_file(path):
            yield str(name), graph


__all__ = ["SparqlStore", "load_pack", "term", "wait_for"]
