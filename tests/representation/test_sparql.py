"""The SPARQL endpoint store against a real Oxigraph server (``oxigraph serve``): answers as over the
pack's files, curation through SPARQL Update with provenance and undo, read-only refusal, and user
text reaching the endpoint only as escaped literals (seen by a logging proxy in front of it)."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Literal, URIRef

from kgqa import KnowledgeBase, ReadOnlyError
from kgqa.errors import BackendError
from kgqa.knowledge.changes import ChangeLog
from kgqa.knowledge.pack import QUAD_FORMATS, RDF_FORMATS, Pack
from kgqa.representation.stores.sparql import SparqlStore, wait_for

from ..conftest import MOVIES

MV = "https://kgqa.dev/packs/movies/"
QUESTIONS = [
    "Who directed Alien?",
    "Which films did Ridley Scott direct?",
    "Where was the director of Alien born?",
    "How many films did Ridley Scott direct?",
    "Did James Cameron direct Titanic?",
    "Who starred in films directed by James Cameron?",
    "Which award did Titanic win?",
    "What language is Alien in?",
    "Who directed Blade Runner and Gladiator?",
    "Which film is older, Alien or Titanic?",
    "Who wrote the book Dune?",
]


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph; .ci/run installs it)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(location: Path, pack: Pack, *options: str) -> Iterator[str]:
    """Load the pack's files with Oxigraph's own bulk loader (one named graph per file, as kgqa's
    stores name them), serve them, and yield the server's base URL."""
    binary = _oxigraph()
    for path in pack.files:
        graph = [] if RDF_FORMATS[path.suffix.lower()] in QUAD_FORMATS else ["--graph", str(pack.graph_name(path))]
        subprocess.run([binary, "load", "--location", str(location), "--file", str(path), *graph], check=True,
                       capture_output=True)  # fmt: skip
    port = _free_port()
    server = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/query", 30)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-only view (answers are compared) of the movies pack in an Oxigraph server."""
    yield from _serve(tmp_path_factory.mktemp("oxigraph") / "db", Pack.open(MOVIES))


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[str]:
    """A server of its own, for a test that writes."""
    yield from _serve(tmp_path / "db", Pack.open(MOVIES))


class _Proxy(http.server.BaseHTTPRequestHandler):
    """Forwards POSTs to the endpoint and keeps every body it forwarded."""

    target = ""
    seen: list[str] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(httpx.QueryParams(body.decode()).get("query") or httpx.QueryParams(body.decode())["update"])
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        r = httpx.post(self.target + self.path, content=body, headers=headers)
        self.send_response(r.status_code)
        self.send_header("Content-Type", r.headers.get("content-type", "text/plain"))
        self.send_header("Content-Length", str(len(r.content)))
        self.end_headers()
        self.wfile.write(r.content)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy(writable: str) -> Iterator[tuple[str, list[str]]]:
    handler = type("Proxy", (_Proxy,), {"target": writable, "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.seen
    server.shutdown()


def same_answers(kb: KnowledgeBase, files: KnowledgeBase) -> None:
    """Each question gets the same entities and abstention over the endpoint as over the files, and a
    confidence within 0.01 (an endpoint lists edges in its own order, so which of several chains to an
    answer is its evidence may differ: on Virtuoso one confidence moved by 0.006)."""
    for q in QUESTIONS:
        a, b = kb.ask(q), files.ask(q)
        assert sorted(e.iri for e in a.entities) == sorted(e.iri for e in b.entities), q
        assert (a.abstained, len(a.facts)) == (b.abstained, len(b.facts)), q
        assert abs(a.confidence - b.confidence) <= 0.01, q


def test_answers_over_an_endpoint_are_the_answers_over_the_files(oxigraph: str, movies_graph, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(None, settings_factory(reader="none", endpoint=f"{oxigraph}/query"))
    assert kb.store.name == "sparql"
    assert len(kb.store) == len(movies_graph.store)
    same_answers(kb, movies_graph)
    facts = kb.ask("Who directed Alien?").facts
    assert facts[0].sources == ("urn:kgqa:file:films.ttl",)


def test_the_walk_asks_for_a_whole_frontier_at_once(oxigraph: str, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(MOVIES, settings_factory(reader="none", endpoint=f"{oxigraph}/query"))
    store = kb.store
    assert isinstance(store, SparqlStore)
    store.sent = []
    kb.ask("Who starred in films directed by James Cameron?")
    walks = [q for q in store.sent if "VALUES ?n" in q]
    # a few requests for a whole 2-hop walk: one count and one fetch per step, never one per node
    assert 0 < len(walks) <= 12
    assert max(q.count("<https://") for q in walks) > 2  # several nodes named in one request


def test_a_read_only_endpoint_refuses_writes_before_recording_anything(
    oxigraph: str, tmp_path: Path, settings_factory
) -> None:  # type: ignore[no-untyped-def]
    pack = Path(shutil.copytree(MOVIES, tmp_path / "movies"))
    kb = KnowledgeBase.open(pack, settings_factory(reader="none", endpoint=f"{oxigraph}/query"))
    with pytest.raises(ReadOnlyError, match="update endpoint"):
        kb.curator.add("Alien", "directed by", "James Cameron", "ana")
    with pytest.raises(ReadOnlyError):
        kb.curator.undo("ana")
    assert ChangeLog(pack).changes() == []


def test_curation_through_the_update_endpoint_has_provenance_and_undo(
    writable: str, tmp_path: Path, settings_factory
) -> None:  # type: ignore[no-untyped-def]
    settings = settings_factory(reader="none", endpoint=f"{writable}/query", update_endpoint=f"{writable}/update")
    kb = KnowledgeBase.open(None, settings)
    change = kb.curator.add("Alien", "directed by", "James Cameron", "ana", source="a test", note="a wrong fact")
    assert "James Cameron" in kb.ask("Who directed Alien?").text
    alien, directed, cameron = URIRef(MV + "id/Alien"), URIRef(MV + "directedBy"), URIRef(MV + "id/James_Cameron")
    # the triple is in the endpoint, in the change's own named graph
    assert kb.store.sources((alien, directed, cameron)) == [change.graph]
    # provenance: the change file in the endpoint's pack directory says who, why and from where
    logged = ChangeLog(kb.pack.root).changes()
    assert [(c.curator, c.source, c.note) for c in logged] == [("ana", "a test", "a wrong fact")]
    # another kgqa opening the same endpoint sees the change as applied, and answers with it
    again = KnowledgeBase.open(None, settings)
    assert again.store.applied == kb.store.applied
    assert "James Cameron" in again.ask("Who directed Alien?").text
    kb.curator.undo("ana")
    assert kb.ask("Who directed Alien?").text == "Ridley Scott"
    assert kb.store.sources((alien, directed, cameron)) == []


def test_user_text_reaches_the_endpoint_only_as_an_escaped_literal(
    proxy: tuple[str, list[str]], settings_factory
) -> None:  # type: ignore[no-untyped-def]
    url, seen = proxy
    kb = KnowledgeBase.open(
        None, settings_factory(reader="none", endpoint=f"{url}/query", update_endpoint=f"{url}/update")
    )
    before = len(kb.store)
    hostile = 'x" } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> "c" } ; { ">'
    question = f"Who directed Alien {hostile}?"
    kb.ask(question)
    assert not any("DROP" in q for q in seen)  # a question is never sent: linking is local
    kb.curator.add("Alien", "<http://www.w3.org/2004/02/skos/core#altLabel>", hostile, "ana")
    sent = [q for q in seen if "DROP ALL" in q]
    updates = [q for q in sent if not q.lstrip().startswith(("SELECT", "ASK"))]
    assert len(updates) == 1  # (and a look-up of whether the graph holds the fact yet, as a literal too)
    assert all('"x\\" } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> \\"c\\" } ; { \\">"' in q for q in sent)
    # the whole text went as one escaped literal: its quotes escaped, nothing of it outside the string
    assert '"x\\" } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> \\"c\\" } ; { \\">"' in updates[0]
    assert len(kb.store) == before + 1  # nothing dropped, nothing else inserted
    names = [str(o) for _, _, o in kb.store.triples((URIRef(MV + "id/Alien"), None, None)) if isinstance(o, Literal)]
    assert hostile in names  # and it comes back as written


def test_endpoint_errors_are_clear(settings_factory) -> None:  # type: ignore[no-untyped-def]
    port = _free_port()  # nothing listens there
    with pytest.raises(BackendError, match="cannot reach the SPARQL endpoint"):
        KnowledgeBase.open(None, settings_factory(reader="none", endpoint=f"http://127.0.0.1:{port}/query"))
    with pytest.raises(BackendError, match="http"):
        KnowledgeBase.open(None, settings_factory(reader="none", endpoint="file:///etc/passwd"))


def test_cli_asks_an_endpoint(oxigraph: str) -> None:
    from click.testing import CliRunner

    from kgqa.deployment.cli import main

    run = CliRunner().invoke(
        main, ["ask", "--endpoint", f"{oxigraph}/query", "--reader", "none", "Who directed Alien?"]
    )
    assert run.exit_code == 0, run.output
    assert "Ridley Scott" in run.output
    run = CliRunner().invoke(main, ["ask", "--reader", "none", "Who directed Alien?"])
    assert run.exit_code != 0 and "--endpoint" in run.output


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql}
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = {http}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.mark.slow
def test_answers_over_virtuoso(tmp_path: Path, movies_graph, settings_factory) -> None:  # type: ignore[no-untyped-def]
    """The same over Virtuoso (Debian's virtuoso-opensource-7-bin), the pack loaded through SPARQL
    Update; its own system graphs are left out by naming the pack's graphs."""
    from kgqa.representation.stores.sparql import load_pack

    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")
    sql, http = _free_port(), _free_port()
    (tmp_path / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=tmp_path, sql=sql, http=http))
    server = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(tmp_path / "virtuoso.ini")],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        wait_for(url, 60)
        grant = 'GRANT SPARQL_UPDATE TO "SPARQL";'
        subprocess.run(["isql-vt", str(sql), "dba", "dba", f"exec={grant}"], check=True, capture_output=True)
        assert load_pack(Pack.open(MOVIES), SparqlStore(url, url)) == len(movies_graph.store)
        graphs = "urn:kgqa:file:* https://kgqa.dev/packs/movies/graph/*"
        kb = KnowledgeBase.open(None, settings_factory(reader="none", endpoint=url, endpoint_graphs=graphs))
        assert len(kb.store) == len(movies_graph.store)
        same_answers(kb, movies_graph)
    finally:
        server.terminate()
        server.wait(30)


def test_a_reading_s_sparql_form_runs_on_an_endpoint(tmp_path: Path, movies_graph, settings_factory) -> None:  # type: ignore[no-untyped-def]
    """The query ``kgqa ask --sparql`` shows, sent to an endpoint whose default graph is the pack (here
    the union of its named graphs), gives the answers kgqa gives from the files."""
    for url in _serve(tmp_path / "db", Pack.open(MOVIES), "--union-default-graph"):
        endpoint = SparqlStore(f"{url}/query")
        checked = 0
        for q in QUESTIONS:
            a = movies_graph.ask(q)
            if a.abstained or a.program is None or not a.program.sparql or "COUNT(" in a.program.sparql:
                continue
            got = {str(row["answer"]) for row in endpoint.select(a.program.sparql)}
            if a.program.shape == "yesno":
                assert bool(got) == (a.text == "yes"), q
            else:
                assert got == {e.iri for e in a.entities}, q
            checked += 1
        assert checked >= 5


def test_what_is_inside_a_place_is_read_alike_over_an_endpoint(tmp_path: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    from ..fusion.test_containment import FLORA

    pack = tmp_path / "flora"
    pack.mkdir()
    (pack / "flora.ttl").write_text(FLORA, encoding="utf-8")
    files = KnowledgeBase.open(pack, settings_factory(reader="none"))
    for url in _serve(tmp_path / "db", Pack.open(pack)):
        kb = KnowledgeBase.open(None, settings_factory(reader="none", endpoint=f"{url}/query"))
        for q in ("Which plants are native to Europe?", "Which gardens have a formal garden style?"):
            a, b = kb.ask(q), files.ask(q)
            assert sorted(e.label for e in a.entities) == sorted(e.label for e in b.entities), q
        assert {e.label for e in kb.ask("Which plants are native to Europe?").entities} == {
            "oak",
            "iris",
            "lavender",
            "thyme",
            "rosemary",
        }
