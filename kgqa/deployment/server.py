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
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from rdflib import URIRef

from ..curation.validation import validate_pack
from ..errors import ConflictError, KgqaError, QuestionError, UnknownEntityError, ValidationError
from ..kb import KnowledgeBase
from ..knowledge.changes import Change
from ..knowledge.terms import Triple

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


class _Service:
    """The one ``KnowledgeBase`` an app serves, its curators' tokens, and the lock that serialises
    access to it."""

    def __init__(self, kb: KnowledgeBase, tokens: dict[str, str]) -> None:
        self.kb = kb
        self.tokens = tokens
        self.lock = threading.Lock()


def _service(request: Request) -> _Service:
    service: _Service = request.app.state.service
    return service


ServiceDep = Annotated[_Service, Depends(_service)]


def _curator(request: Request, service: ServiceDep) -> str:
    """The curator whose bearer token the request carries (401 without one, 403 for an unknown one)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            401, "a curator token is required: Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"}
        )
    for known, name in service.tokens.items():
        if hmac.compare_digest(known, token.strip()):
            return name
    raise HTTPException(403, "unknown curator token")


CuratorDep = Annotated[str, Depends(_curator)]


async def _limit_body(request: Request, call_next: Any) -> Any:
    size = request.headers.get("content-length")
    if size is not None and (not size.isdigit() or int(size) > MAX_BODY):
        return JSONResponse({"error": f"request body over {MAX_BODY} bytes"}, status_code=413)
    return await call_next(request)


async def _kgqa_error(request: Request, exc: Exception) -> JSONResponse:
    """A library error as a JSON body with the status that fits it."""
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


reads = APIRouter()
writes = APIRouter()


@reads.get("/", response_class=HTMLResponse, include_in_schema=False)
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


@reads.get("/api/info")
def info(service: ServiceDep) -> dict[str, Any]:
    kb = service.kb
    return {
        "pack": kb.pack.info.name,
        "description": kb.pack.info.description,
        "facts": len(kb.index),
        "reader": kb.settings.backends.reader,
        "changes": len(kb.log.changes()),
    }


@reads.post("/ask")
def ask(body: AskBody, service: ServiceDep) -> dict[str, Any]:
    with service.lock:
        return service.kb.ask(body.question).to_dict()


@reads.get("/entities")
def entities(q: str, service: ServiceDep, limit: int = 10) -> list[dict[str, str]]:
    """Entities whose labels match ``q`` (exact first, then close)."""
    with service.lock:
        kb = service.kb
        out = [{"iri": str(n), "label": kb.labels.label(n)} for n in kb.graph.names.lookup(q)]
        for name in kb.linker.suggest(q, limit=max(1, min(limit, 50))):
            for n in kb.graph.names.lookup(name):
                item = {"iri": str(n), "label": kb.labels.label(n)}
                if item not in out:
                    out.append(item)
        return out[:limit]


@reads.get("/entity")
def entity(iri: str, service: ServiceDep, limit: int = 200) -> dict[str, Any]:
    """An entity's label, alt labels and facts (both directions) with their provenance."""
    with service.lock:
        kb = service.kb
        node = URIRef(iri)
        changes = {c.graph: c for c in kb.log.changes()}
        facts: list[dict[str, Any]] = []
        for pattern in ((node, None, None), (None, None, node)):
            for t in kb.store.triples(pattern):
                if len(facts) >= limit:
                    break
                facts.append(_fact_view(kb, t, changes))
        if not facts and node not in kb.labels.names:
            raise UnknownEntityError(iri, kb.linker.suggest(iri.rsplit("/", 1)[-1]))
        return {"iri": iri, "label": kb.labels.label(node), "alt_labels": kb.labels.alt.get(node, []), "facts": facts}


def _fact_view(kb: KnowledgeBase, t: Triple, changes: dict[str, Change]) -> dict[str, Any]:
    """A fact as the page shows it: its terms with labels, its sentence, and who curated it."""
    labels = kb.labels
    sources = kb.store.sources(t)
    return {
        "subject": {"iri": str(t[0]), "label": labels.label(t[0])},
        "predicate": {"iri": str(t[1]), "label": labels.predicate_label(t[1])},
        "object": {"iri": str(t[2]), "label": labels.label(t[2]), "literal": not isinstance(t[2], URIRef)},
        "sentence": labels.verbalize(t),
        "sources": sources,
        "curated": [
            {"change": c.id, "curator": c.curator, "time": c.time, "source": c.source, "note": c.note}
            for g in sources
            if (c := changes.get(g))
        ],
    }


@reads.get("/validate")
def validate(service: ServiceDep) -> dict[str, Any]:
    with service.lock:
        return validate_pack(service.kb.pack.root).to_dict()


@reads.get("/history")
def history(service: ServiceDep) -> list[dict[str, object]]:
    with service.lock:
        return [c.to_dict() for c in service.kb.log.changes()]


@writes.post("/facts", status_code=201)
def add_fact(body: FactBody, who: CuratorDep, service: ServiceDep) -> dict[str, object]:
    with service.lock:
        change = service.kb.curator.add(
            body.subject, body.predicate, body.object, who,
            source=body.source, note=body.note, create=body.create, force=body.force,
        )  # fmt: skip
        return change.to_dict()


@writes.post("/facts/retract")
def retract_fact(body: FactBody, who: CuratorDep, service: ServiceDep) -> dict[str, object]:
    with service.lock:
        return service.kb.curator.retract(
            body.subject, body.predicate, body.object, who, source=body.source, note=body.note, force=body.force
        ).to_dict()


@writes.post("/correct", status_code=201)
def correct(body: CorrectBody, who: CuratorDep, service: ServiceDep) -> dict[str, Any]:
    with service.lock:
        kb = service.kb
        change = kb.curator.correct(
            body.question, list(body.facts), who,
            retract=list(body.wrong), source=body.source, note=body.note, create=body.create,
        )  # fmt: skip
        return {"change": change.to_dict(), "answer": kb.ask(body.question).to_dict()}


@writes.post("/undo")
def undo(body: UndoBody, who: CuratorDep, service: ServiceDep) -> dict[str, object]:
    with service.lock:
        return service.kb.curator.undo(who, body.change, body.note).to_dict()


@writes.get("/whoami")
def whoami(who: CuratorDep) -> dict[str, str]:
    return {"curator": who}


def create_app(kb: KnowledgeBase, tokens: dict[str, str]) -> FastAPI:
    """The API and page over one knowledge base; ``tokens`` maps curator tokens to names."""
    app = FastAPI(title="kgqa", version="0.1.0", description="Question answering over an expert knowledge graph.")
    app.state.service = _Service(kb, tokens)
    app.middleware("http")(_limit_body)
    app.add_exception_handler(KgqaError, _kgqa_error)
    app.include_router(reads)
    app.include_router(writes)
    return app
