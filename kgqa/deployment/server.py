"""The HTTP API and web page: ask questions, browse entities, and curate with a curator's token.

Reads are open; every write needs ``Authorization: Bearer <token>`` of a curator, whose name goes
into the change's provenance. Curators come from ``KGQA_CURATOR_TOKENS="name:token,..."`` or a file
with one ``name:token`` per line. The app holds one ``KnowledgeBase`` and serialises access to it.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from rdflib import URIRef
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..curation.validation import validate_pack
from ..errors import ConflictError, KgqaError, QuestionError, UnknownEntityError, ValidationError
from ..kb import KnowledgeBase
from ..knowledge.changes import Change
from ..knowledge.terms import Triple

log = logging.getLogger(__name__)

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
    force: bool = False


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
    given = token.strip().encode("utf-8", "surrogateescape")  # any bytes: compare_digest refuses non-ASCII str
    for known, name in service.tokens.items():
        if hmac.compare_digest(known.encode("utf-8"), given):
            return name
    raise HTTPException(403, "unknown curator token")


CuratorDep = Annotated[str, Depends(_curator)]


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413: by their declared length, or, for chunked
    bodies that declare none, as they stream in (at most ``limit`` bytes are ever held)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.limit:
                await self._refuse(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        pending: list[Message] = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replay() -> Message:
            return pending.pop() if pending else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse({"error": f"request body over {self.limit} bytes"}, status_code=413)
        await response(scope, receive, send)


#: Headers on every response: no framing, no content sniffing, no referrer, scripts and styles from the
#: page itself only (the page's script and style are inline), nothing fetched from elsewhere.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
     b"connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]  # fmt: skip


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _kgqa_error(request: Request, exc: Exception) -> JSONResponse:
    """A library error as a JSON body with the status that fits it (and no path of this machine)."""
    status = 400
    if isinstance(exc, UnknownEntityError):
        status = 404
    elif isinstance(exc, ConflictError):
        status = 409
    elif isinstance(exc, ValidationError):
        status = 422
    elif isinstance(exc, QuestionError) and "limit" in str(exc):
        status = 413
    root = str(request.app.state.service.kb.pack.root)
    body: dict[str, Any] = {"error": str(exc).replace(root + os.sep, "").replace(root, ".")}
    if isinstance(exc, UnknownEntityError):
        body["suggestions"] = exc.suggestions
    return JSONResponse(body, status_code=status)


async def _failure(request: Request, exc: Exception) -> JSONResponse:
    """Anything else (a full disk, a read-only ``curation/``): one line of JSON, never a traceback or
    a path of this machine; the log has the details."""
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "internal error"
    return JSONResponse({"error": f"the server could not do that: {reason}"}, status_code=500)


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """A request that does not fit the API's schema: what is wrong where, never the input echoed."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))[:200]} for e in errors[:10]]
    return JSONResponse({"error": "invalid request", "detail": detail}, status_code=422)


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
def entities(q: str, service: ServiceDep, limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[dict[str, str]]:
    """Entities whose labels match ``q`` (exact first, then close)."""
    with service.lock:
        kb = service.kb
        kb.refresh()
        out = [{"iri": str(n), "label": kb.labels.label(n)} for n in kb.graph.names.lookup(q)]
        for name in kb.linker.suggest(q, limit=max(1, min(limit, 50))):
            for n in kb.graph.names.lookup(name):
                item = {"iri": str(n), "label": kb.labels.label(n)}
                if item not in out:
                    out.append(item)
        return out[:limit]


@reads.get("/entity")
def entity(iri: str, service: ServiceDep, limit: Annotated[int, Query(ge=1, le=10_000)] = 200) -> dict[str, Any]:
    """An entity's label, alt labels and facts (both directions) with their provenance."""
    with service.lock:
        kb = service.kb
        kb.refresh()
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
        return service.kb.curator.undo(who, body.change, body.note, force=body.force).to_dict()


@writes.get("/whoami")
def whoami(who: CuratorDep) -> dict[str, str]:
    return {"curator": who}


#: Host names a browser may reach the server by: loopback only, unless told otherwise (a page on
#: another site that resolves its own name to 127.0.0.1 - DNS rebinding - is refused).
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def create_app(kb: KnowledgeBase, tokens: dict[str, str], allowed_hosts: list[str] | None = None) -> FastAPI:
    """The API and page over one knowledge base; ``tokens`` maps curator tokens to names;
    ``allowed_hosts`` the ``Host`` names it answers to (loopback by default; "*" for any)."""
    app = FastAPI(
        title="kgqa",
        version="0.1.0",
        description="Question answering over an expert knowledge graph.",
        docs_url=None,  # the interactive docs load their script from a CDN: offline they fail; see /openapi.json
        redoc_url=None,
    )
    app.state.service = _Service(kb, tokens)
    app.add_exception_handler(KgqaError, _kgqa_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _failure)
    app.include_router(reads)
    app.include_router(writes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOCAL_HOSTS)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    return app
