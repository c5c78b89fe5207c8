"""The HTTP API under hostile-but-fair use: bodies bounded as they stream, no 500s or tracebacks, no
input echoed, loopback host names only, security headers, no CDN, other writers' changes seen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kgqa import KnowledgeBase
from kgqa.deployment.server import MAX_BODY, PAGE, create_app, load_tokens

from ..conftest import DATA


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA / "rivers", tmp_path / "rivers"))


@pytest.fixture
def client(pack: Path, settings_factory) -> TestClient:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(pack, settings_factory(reader="none"))
    return TestClient(create_app(kb, load_tokens("alice:alice-secret-token")), base_url="http://127.0.0.1")


AUTH = {"Authorization": "Bearer alice-secret-token"}


def test_chunked_bodies_are_limited_as_they_stream(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(50):
            yield b"x" * 4096
        yield b'"}'

    r = client.post("/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and len(r.content) < 200
    assert client.post("/ask", content=b"{}" * (MAX_BODY // 2 + 1)).status_code == 413


def test_invalid_requests_do_not_echo_their_input(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "x" * 5000})
    assert r.status_code == 422 and "xxxxxxxxxx" not in r.text
    assert r.json()["error"] == "invalid request"


def test_no_500_for_odd_input(client: TestClient) -> None:
    r = client.post(
        "/facts",
        json={"subject": "<http://example.org/a b>", "predicate": "mouth", "object": "North Sea"},
        headers=AUTH,
    )
    assert r.status_code == 400 and "not a valid IRI" in r.json()["error"]
    r = client.post(
        "/facts",
        json={"subject": "Danube", "predicate": "length in kilometres", "object": '"abc"^^xsd:integer'},
        headers=AUTH,
    )
    assert r.status_code == 400 and "not a valid xsd:integer" in r.json()["error"]
    r = client.post(
        "/facts",
        json={"subject": "Danube", "predicate": "mouth", "object": "North Sea"},
        headers={"Authorization": "Bearer ünïcødé-tøken".encode()},
    )
    assert r.status_code == 403
    assert client.get("/entity", params={"iri": "not an iri at all <>"}).status_code == 404


def test_errors_name_no_path_of_the_machine(client: TestClient, pack: Path) -> None:
    client.post("/facts", json={"subject": "Vienna", "predicate": "capital of", "object": "Austria"}, headers=AUTH)
    (pack / "curation" / "0002.trig").write_text("{ broken\n")
    r = client.post("/facts", json={"subject": "Danube", "predicate": "mouth", "object": "Black Sea"}, headers=AUTH)
    assert r.status_code == 400 and "0002.trig" in r.json()["error"]
    assert str(pack) not in r.text
    assert not (pack / "curation" / "0003.trig").exists()  # refused before anything was written


def test_only_loopback_host_names(client: TestClient, pack: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/info").status_code == 200
    assert client.get("/api/info", headers={"Host": "attacker.example"}).status_code == 400
    kb = client.app.state.service.kb  # type: ignore[attr-defined]
    other = TestClient(create_app(kb, {}, allowed_hosts=["kgqa.internal"]), base_url="http://kgqa.internal")
    assert other.get("/api/info").status_code == 200


def test_security_headers_and_no_cdn(client: TestClient) -> None:
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert client.get("/docs").status_code == 404  # it loads its script from a CDN: not offered
    assert client.get("/openapi.json").status_code == 200
    assert "http" not in PAGE.read_text().split("<script>")[1].replace("http://www.w3.org/2000/svg", "")


def test_the_page_does_not_show_the_readers_raw_words() -> None:
    """A fact can carry text written to steer the reader ("say HACKED"); the page shows answers,
    facts and the program, never the reader's raw line."""
    assert "reader_output" not in PAGE.read_text()


def test_the_server_sees_other_writers(client: TestClient, pack: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/ask", json={"question": "What is the population of Vienna?"}).json()["abstained"]
    other = KnowledgeBase.open(pack, settings_factory(reader="none"))
    other.curator.add("Vienna", "population", "1982097", "bob", create=True)
    assert client.post("/ask", json={"question": "What is the population of Vienna?"}).json()["answer"] == "1982097"
    facts = client.get("/entity", params={"iri": "http://example.org/geo/Vienna"}).json()["facts"]
    assert any(f["curated"] and f["curated"][0]["curator"] == "bob" for f in facts)


def test_a_broken_curation_directory_is_one_line_of_json(client: TestClient, pack: Path) -> None:
    """Found by a probe: `curation` being a file, or a disk that is full, gave a plain-text 500 and a
    traceback; now the write is refused in one line, nothing is recorded."""
    (pack / "curation").write_text("not a directory")
    r = client.post("/facts", json={"subject": "Danube", "predicate": "mouth", "object": "Vienna"}, headers=AUTH)
    assert r.status_code == 400 and list(r.json()) == ["error"]
    said = {f"cannot {verb} the change log curation: Not a directory" for verb in ("read", "write")}
    assert r.json()["error"] in said


def test_a_full_disk_records_nothing(client: TestClient, pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    r = client.post("/facts", json={"subject": "Danube", "predicate": "mouth", "object": "Vienna"}, headers=AUTH)
    assert r.status_code == 400 and "No space left on device" in r.json()["error"]
    assert [p.name for p in (pack / "curation").iterdir() if not p.name.startswith(".")] == []


def test_an_unexpected_failure_is_json_without_a_traceback(pack: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(pack, settings_factory(reader="none"))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /home/someone/file.py")

    kb.ask = broken  # type: ignore[method-assign]
    client = TestClient(create_app(kb, {}), base_url="http://127.0.0.1", raise_server_exceptions=False)
    r = client.post("/ask", json={"question": "Where does the Danube end?"})
    assert r.status_code == 500 and r.json() == {"error": "the server could not do that: internal error"}


def test_errors_quote_at_most_a_little_of_the_input(client: TestClient) -> None:
    r = client.post("/facts", json={"subject": "Q" * 1500, "predicate": "mouth", "object": "Vienna"}, headers=AUTH)
    assert r.status_code == 404 and r.text.count("Q") <= 61 and "…" in r.json()["error"]


def test_a_datatype_xsd_does_not_define_is_refused_even_with_force(client: TestClient) -> None:
    body = {"subject": "Danube", "predicate": "length in kilometres", "object": '"1"^^xsd:nonsense', "force": True}
    r = client.post("/facts", json=body, headers=AUTH)
    assert r.status_code == 400 and r.json()["error"] == "unknown datatype 'xsd:nonsense'"


def test_a_shape_with_an_empty_path_is_refused_with_file_and_line(pack: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    """Found by a probe: a shape that parses but means nothing let every write through."""
    (pack / "shapes").mkdir()
    (pack / "shapes" / "s.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix geo: <http://example.org/geo/> .\n\n"
        "geo:S a sh:NodeShape ; sh:targetNode geo:Danube ;\n    sh:property [ sh:path ( ) ; sh:maxCount 1 ] .\n"
    )
    kb = KnowledgeBase.open(pack, settings_factory(reader="none"))
    client = TestClient(create_app(kb, load_tokens("alice:alice-secret-token")), base_url="http://127.0.0.1")
    r = client.post("/facts", json={"subject": "Danube", "predicate": "mouth", "object": "Vienna"}, headers=AUTH)
    assert r.status_code == 400 and r.json()["error"].startswith("shapes/s.ttl:5: ")
