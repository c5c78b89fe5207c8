"""The HTTP API: reads open, writes behind curator tokens, limits, and the same JSON as the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kgqa import KgqaError, KnowledgeBase
from kgqa.deployment.server import create_app, load_tokens

from ..conftest import DATA

TOKENS = "alice:alice-secret-token,bob:bob-secret-token"


@pytest.fixture
def client(tmp_path: Path, settings_factory) -> TestClient:  # type: ignore[no-untyped-def]
    pack = shutil.copytree(DATA / "rivers", tmp_path / "rivers")
    kb = KnowledgeBase.open(pack, settings_factory(reader="none"))
    return TestClient(create_app(kb, load_tokens(TOKENS)), base_url="http://127.0.0.1")


def auth(token: str = "alice-secret-token") -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_page_and_openapi(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "<title>kgqa</title>" in r.text
    spec = client.get("/openapi.json").json()
    assert {"/ask", "/facts", "/entity", "/entities", "/validate", "/history", "/correct", "/undo"} <= set(
        spec["paths"]
    )


def test_ask_returns_the_cli_json(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "Which cities does the Danube flow through?"})
    assert r.status_code == 200
    a = r.json()
    assert {"question", "answer", "entities", "facts", "confidence", "abstained", "paths"} <= set(a)
    assert {e["label"] for e in a["entities"]} == {"Vienna", "Budapest", "Belgrade"}


def test_bad_questions(client: TestClient) -> None:
    assert client.post("/ask", json={"question": "  "}).status_code == 400
    assert client.post("/ask", json={"question": "x" * 3000}).status_code == 413
    assert client.post("/ask", json={"question": "x" * 5000}).status_code == 422  # schema limit
    assert (
        client.post(
            "/ask", content=b"{" + b" " * 70_000 + b"}", headers={"Content-Type": "application/json"}
        ).status_code
        == 413
    )


def test_entity_search_and_page(client: TestClient) -> None:
    hits = client.get("/entities", params={"q": "Wien"}).json()
    assert hits[0]["label"] == "Vienna"
    page = client.get("/entity", params={"iri": hits[0]["iri"]}).json()
    assert any(
        f["sentence"] == "Vienna capital of Austria." and f["sources"] == ["urn:kgqa:file:geo.ttl"]
        for f in page["facts"]
    )
    assert client.get("/entity", params={"iri": "http://example.org/geo/Atlantis"}).status_code == 404
    for bad in ({"iri": hits[0]["iri"], "limit": -1}, {"iri": hits[0]["iri"], "limit": 0}):
        r = client.get("/entity", params=bad)  # a limit that would show no facts: a clear error
        assert r.status_code == 422 and "error" in r.json() or "detail" in r.json()
    assert client.get("/entities", params={"q": "Vienna", "limit": -3}).status_code == 422


def test_writes_need_a_valid_token_and_change_nothing_without(client: TestClient) -> None:
    fact = {"subject": "Vienna", "predicate": "population", "object": "1982097", "create": True}
    assert client.post("/facts", json=fact).status_code == 401
    assert client.post("/facts", json=fact, headers=auth("nope-nope-nope")).status_code == 403
    assert client.post("/undo", json={}).status_code == 401
    assert client.get("/history").json() == []
    assert client.post("/ask", json={"question": "What is the population of Vienna?"}).json()["abstained"]
    r = client.post("/facts", json={**fact, "source": "census"}, headers=auth())
    assert r.status_code == 201 and r.json()["curator"] == "alice"
    a = client.post("/ask", json={"question": "What is the population of Vienna?"}).json()
    assert a["answer"] == "1982097" and a["facts"][0]["sources"] == ["urn:kgqa:change:0001"]
    page = client.get("/entity", params={"iri": "http://example.org/geo/Vienna"}).json()
    curated = [f["curated"] for f in page["facts"] if f["curated"]]
    assert curated[0][0]["curator"] == "alice" and curated[0][0]["source"] == "census"
    r = client.post("/undo", json={}, headers=auth("bob-secret-token"))
    assert r.status_code == 200 and r.json()["undoes"] == "0001"
    assert client.post("/ask", json={"question": "What is the population of Vienna?"}).json()["abstained"]
    assert [c["curator"] for c in client.get("/history").json()] == ["alice", "bob"]


def test_unknown_labels_and_correction(client: TestClient) -> None:
    r = client.post("/facts", json={"subject": "Viena", "predicate": "capital of", "object": "Austria"}, headers=auth())
    assert r.status_code == 404 and "Vienna" in r.json()["suggestions"]
    r = client.post(
        "/correct",
        headers=auth(),
        json={
            "question": "Who is the mayor of Vienna?",
            "facts": [["Vienna", "mayor", "Michael Ludwig"]],
            "create": True,
        },
    )
    assert r.status_code == 201
    assert r.json()["answer"]["answer"] == "Michael Ludwig"
    assert client.get("/validate").json()["ok"] is True


def test_tokens_are_checked() -> None:
    with pytest.raises(KgqaError):
        load_tokens("alice:short")
    assert load_tokens("alice:0123456789") == {"0123456789": "alice"}


def test_compositional_questions_over_http(tmp_path: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    from ..conftest import MOVIES

    kb = KnowledgeBase.open(MOVIES, settings_factory(reader="none"))
    client = TestClient(create_app(kb, {}), base_url="http://127.0.0.1")
    cases = [
        ("Is Alien a horror film?", "yes", "yesno"),
        ("How many films did Steven Spielberg direct?", "5", "count"),
        ("What did Ridley Scott direct before 1980?", "Alien", "constraint"),
    ]
    for question, text, shape in cases:
        a = client.post("/ask", json={"question": question}).json()
        assert a["answer"] == text and a["program"]["shape"] == shape
        assert a["program"]["steps"] and all({"op", "args", "result"} == set(s) for s in a["program"]["steps"])
