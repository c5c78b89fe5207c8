"""The HTTP API and web page: ask questions, browse entities, and curate with a curator's token.

Reads are open; every write needs ``Authorization: Bearer <token>`` of a curator, whose name goes
into the change's provenance. Curators come from ``KGQA_CURATOR_TOKENS="name:token,..."`` or a file
with one ``name:token`` per line. The app holds one ``KnowledgeBase`` and serialises access to it.
"""

from __future__ import annotations

import hmac
import os
import threading
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from rdflib import URIRef

from .curation import ConflictError
from .errors import KgqaError, QuestionError, UnknownEntityError, ValidationError
from .kb import KnowledgeBase

MAX_BODY = 64 * 1024
PAGE = Path(__file__).with_name("web") / "index.html"


def load_tokens(env: str | None = None, file: str | Path | None = None) -> dict[str, str]:
    """token -> curator name, from ``name:token`` pairs (comma-separated in the env, one per line in a file)."""
    pairs: list[str] = []
    env = os.environ.get("KGQA_CURATOR_TOKENS", "") if env is None else env
    pairs += [p for p in env.split(",") if p.strip()]
    if file:
        pairs += [line for line in Path(file).read_text(encoding="utf-8").splitlines() if line.strip()]
    tokens: dict[str, str] = {}
    for pair in pairs:
        name, sep, token = pair.strip().partition(":")
        if not sep or not name.strip() or len(token.strip()) < 8:
            raise KgqaError("curator tokens are name:token pairs with tokens of 8+ characters")
        tokens[token.strip()] = name.strip()
    return tokens


class AskBody(BaseModel):
    question: str = Field(max_length=4000)


class FactBody(BaseModel):
    subject: str = Field(max_length=2000)
    predicate: str = Field(max_length=2000)
    object: str = Field(max_length=8000)
    create: bool = False
    source: str = Field(default="", max_length=2000)
    note: str = Field(default="", max_length=4000)
    force: bool = False


class CorrectBody(BaseModel):
    question: str = Field(max_length=4000)
    facts: list[tuple[str, str, str]] = Field(min_length=1, max_length=50)
    wrong: list[tuple[str, str, str]] = Field(default_factory=list, max_length=50)
    create: bool = False
    source: str = Field(default="", max_length=2000)
    note: str = Field(default="", max_length=4000)


class UndoBody(BaseModel):
    change: str | None = Field(default=None, max_length=20)
    note: str = Field(default="", max_length=4000)


def create_app(kb: KnowledgeBase, tokens: dict[str, str]) -> FastAPI:
    app = FastAPI(title="kgqa", version="0.1.0", description="Question answering over an expert knowledge graph.")
    lock = threading.Lock()

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY):
            return JSONResponse({"error": f"request body over {MAX_BODY} bytes"}, status_code=413)
        return await call_next(request)

    @app.exception_handler(KgqaError)
    async def kgqa_error(request: Request, exc: KgqaError) -> JSONResponse:
        status = 400
        if isinstance(exc, UnknownEntityError):
            status = 404
        elif isinstance(exc, ConflictError):
            status = 409
        elif isinstance(exc, ValidationError):
            status = 422
        elif isinstance(exc, QuestionError) and "limit" in str(exc):
            status = 413
        body: dict[str, Any] = {"error": str(exc)}
        if isinstance(exc, UnknownEntityError):
            body["suggestions"] = exc.suggestions
        return JSONResponse(body, status_code=status)

    def curator(request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(
                401,
                "a curator token is required: Authorization: Bearer <token>",
                headers={"WWW-Authenticate": "Bearer"},
            )
        for known, name in tokens.items():
            if hmac.compare_digest(known, token.strip()):
                return name
        raise HTTPException(403, "unknown curator token")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> str:
        return PAGE.read_text(encoding="utf-8")

    @app.get("/api/info")
    def info() -> dict[str, Any]:
        return {
            "pack": kb.pack.info.name,
            "description": kb.pack.info.description,
            "facts": len(kb.index),
            "reader": kb.settings.reader,
            "changes": len(kb.log.changes()),
        }

    @app.post("/ask")
    def ask(body: AskBody) -> dict[str, Any]:
        with lock:
            return kb.ask(body.question).to_dict()

    @app.get("/entities")
    def entities(q: str, limit: int = 10) -> list[dict[str, str]]:
        """Entities whose labels match ``q`` (exact first, then close)."""
        with lock:
            exact = kb.linker.by_label.get(_norm(q), [])
            out = [{"iri": str(n), "label": kb.labels.label(n)} for n in exact]
            for name in kb.linker.suggest(q, limit=max(1, min(limit, 50))):
                for n in kb.linker.by_label.get(_norm(name), []):
                    item = {"iri": str(n), "label": kb.labels.label(n)}
                    if item not in out:
                        out.append(item)
            return out[:limit]

    @app.get("/entity")
    def entity(iri: str, limit: int = 200) -> dict[str, Any]:
        """An entity's label, alt labels and facts (both directions) with their provenance."""
        with lock:
            node = URIRef(iri)
            changes = {c.graph: c for c in kb.log.changes()}
            facts: list[dict[str, Any]] = []
            for pattern in ((node, None, None), (None, None, node)):
                for t in kb.store.triples(pattern):
                    if len(facts) >= limit:
                        break
                    sources = kb.store.sources(t)
                    facts.append(
                        {
                            "subject": {"iri": str(t[0]), "label": kb.labels.label(t[0])},
                            "predicate": {"iri": str(t[1]), "label": kb.labels.predicate_label(t[1])},
                            "object": {
                                "iri": str(t[2]),
                                "label": kb.labels.label(t[2]),
                                "literal": not isinstance(t[2], URIRef),
                            },
                            "sentence": kb.labels.verbalize(t),
                            "sources": sources,
                            "curated": [
                                {
                                    "change": c.id,
                                    "curator": c.curator,
                                    "time": c.time,
                                    "source": c.source,
                                    "note": c.note,
                                }
                                for g in sources
                                if (c := changes.get(g))
                            ],
                        }
                    )
            if not facts and node not in kb.labels.names:
                raise UnknownEntityError(iri, kb.linker.suggest(iri.rsplit("/", 1)[-1]))
            return {
                "iri": iri,
                "label": kb.labels.label(node),
                "alt_labels": kb.labels.alt.get(node, []),
                "facts": facts,
            }

    @app.get("/validate")
    def validate() -> dict[str, Any]:
        from .validation import validate_pack

        with lock:
            return validate_pack(kb.pack.root).to_dict()

    @app.get("/history")
    def history() -> list[dict[str, object]]:
        with lock:
            return [c.to_dict() for c in kb.log.changes()]

    @app.post("/facts", status_code=201)
    def add_fact(body: FactBody, who: str = Depends(curator)) -> dict[str, object]:
        with lock:
            change = kb.add(
                body.subject,
                body.predicate,
                body.object,
                who,
                source=body.source,
                note=body.note,
                create=body.create,
                force=body.force,
            )
            return change.to_dict()

    @app.post("/facts/retract")
    def retract_fact(body: FactBody, who: str = Depends(curator)) -> dict[str, object]:
        with lock:
            return kb.retract(
                body.subject, body.predicate, body.object, who, source=body.source, note=body.note, force=body.force
            ).to_dict()

    @app.post("/correct", status_code=201)
    def correct(body: CorrectBody, who: str = Depends(curator)) -> dict[str, Any]:
        with lock:
            change = kb.correct(
                body.question,
                list(body.facts),
                who,
                retract=list(body.wrong),
                source=body.source,
                note=body.note,
                create=body.create,
            )
            return {"change": change.to_dict(), "answer": kb.ask(body.question).to_dict()}

    @app.post("/undo")
    def undo(body: UndoBody, who: str = Depends(curator)) -> dict[str, object]:
        with lock:
            return kb.undo(who, body.change, body.note).to_dict()

    @app.get("/whoami")
    def whoami(who: str = Depends(curator)) -> dict[str, str]:
        return {"curator": who}

    return app


def _norm(text: str) -> str:
    from .linking import normalize

    return normalize(text)
