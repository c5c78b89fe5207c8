"""Knowledge packs: a directory of RDF files written by experts, plus optional metadata and shapes.

A pack looks like::

    knowledge/movies/
        pack.toml          # optional: [pack] name, description, license, language
        films.ttl          # any number of Turtle / TriG / N-Triples / N-Quads / JSON-LD / RDF-XML files
        people.trig
        shapes/*.ttl       # optional SHACL shapes, not part of the data graph

Every file becomes its own named graph (``urn:kgqa:file:<relative path>``) unless it is a quad
format, whose graphs are kept as written; either way each triple remembers where it came from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import PackError, PackSyntaxError

#: File suffix -> rdflib parser name.
RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}
SHAPES_DIR = "shapes"
CURATION_DIR = "curation"  # change files: see changes.py
FILE_GRAPH_PREFIX = "urn:kgqa:file:"


@dataclass(frozen=True)
class PackInfo:
    """What ``pack.toml`` says about a pack."""

    name: str
    description: str = ""
    license: str = ""
    language: str = "en"
    base: str = ""


@dataclass
class Pack:
    """A knowledge pack on disk: where its files are and what it says about itself."""

    root: Path
    info: PackInfo
    files: list[Path] = field(default_factory=list)
    shape_files: list[Path] = field(default_factory=list)
    #: where the graph is served from when not from the files (a SPARQL endpoint's URL)
    origin: str = ""
    _fingerprint: str = field(default="", repr=False, compare=False)

    @classmethod
    def open(cls, path: str | Path) -> Pack:
        """Find the RDF files of the pack at ``path`` (a directory, or a single RDF file)."""
        root = Path(path).expanduser()
        if not root.exists():
            raise PackError(f"no knowledge pack at {root}: the path does not exist")
        if root.is_file():
            if root.suffix.lower() not in RDF_FORMATS:
                raise PackError(f"{root} is not an RDF file kgqa can read ({', '.join(RDF_FORMATS)})")
            return cls(root=root.parent.resolve(), info=PackInfo(name=root.stem), files=[root.resolve()])
        root = root.resolve()
        info = _read_info(root)
        files: list[Path] = []
        shapes: list[Path] = []
        for p in sorted(root.rglob("*")):
            rel = p.relative_to(root)
            if any(part.startswith(".") for part in rel.parts) or not p.is_file():
                continue
            if p.suffix.lower() not in RDF_FORMATS:
                continue
            if rel.parts[0] == CURATION_DIR:
                continue
            (shapes if rel.parts[0] == SHAPES_DIR else files).append(p)
        if not files:
            raise PackError(f"{root} holds no RDF files ({', '.join(sorted(RDF_FORMATS))})")
        return cls(root=root, info=info, files=files, shape_files=shapes)

    @classmethod
    def for_endpoint(cls, endpoint: str, cache_dir: Path) -> Pack:
        """A pack with no files for a graph a SPARQL endpoint serves: a directory in the cache keeps
        its change log (curation's provenance) and names its index."""
        name = re.sub(r"[^A-Za-z0-9.-]+", "-", endpoint.split("://", 1)[-1]).strip("-")[:60] or "endpoint"
        root = cache_dir / "endpoints" / f"{name}-{hashlib.sha1(endpoint.encode()).hexdigest()[:8]}"
        root.mkdir(parents=True, exist_ok=True)
        return cls(root=root.resolve(), info=_read_info(root) if (root / "pack.toml").exists() else PackInfo(name=name),
                   origin=endpoint)  # fmt: skip

    def served_by(self, endpoint: str) -> Pack:
        """This pack with its graph served by an endpoint instead of read from its files."""
        return dataclasses.replace(self, origin=endpoint, _fingerprint="")

    def relative(self, path: Path) -> str:
        """The path of a pack file relative to the pack root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def graph_name(self, path: Path) -> URIRef:
        """The named graph that holds the triples of a file of triples."""
        return URIRef(FILE_GRAPH_PREFIX + self.relative(path))

    @property
    def base(self) -> str:
        """Namespace for entities minted by curation (``base`` in pack.toml, else a urn)."""
        return self.info.base or f"urn:kgqa:{self.info.name}:e/"

    def prefixes(self) -> dict[str, str]:
        """``@prefix`` / ``PREFIX`` declarations of the pack's Turtle-family files, for prefixed names."""
        found: dict[str, str] = {}
        pattern = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
        for p in self.files:
            if p.suffix.lower() in (".ttl", ".turtle", ".trig"):
                with p.open(encoding="utf-8", errors="replace") as f:
                    head = f.read(20_000)
                for prefix, ns in pattern.findall(head):
                    found.setdefault(prefix, ns)
        return found

    def fingerprint(self) -> str:
        """A hash of every data file's name and content: it changes whenever the knowledge does.

        Computed once per ``Pack`` (store, index and its directory all ask for it on open)."""
        if self._fingerprint:
            return self._fingerprint
        h = hashlib.sha256()
        if self.origin:  # the endpoint's contents are its own: the index is named by where it is
            h.update(self.origin.encode())
            self._fingerprint = h.hexdigest()
            return self._fingerprint
        for p in self.files:
            h.update(self.relative(p).encode())
            h.update(b"\0")
            h.update(_file_digest(p).encode())
        self._fingerprint = h.hexdigest()
        return self._fingerprint

    def parse(self) -> Dataset:
        """Parse every data file into one rdflib Dataset, one named graph per file.

        Raises:
            PackSyntaxError: a file does not parse; the error names the file and line.
        """
        ds = Dataset()
        for path in self.files:
            for graph_name, graph in self.parse_file(path):
                target = ds.graph(graph_name)
                for triple in graph:
                    target.add(triple)
                for prefix, ns in graph.namespaces():
                    ds.bind(prefix, ns, override=False)
        return ds

    def parse_file(self, path: Path) -> Iterator[tuple[URIRef, Graph]]:
        """Parse one file, yielding (graph name, graph) pairs."""
        fmt = RDF_FORMATS[path.suffix.lower()]
        if fmt == "xml":
            refuse_xml_entities(path)
        refuse_oversized_literals(path)
        try:
            if fmt in QUAD_FORMATS:
                ds = Dataset()
                ds.parse(path, format=fmt, publicID=self.graph_name(path))
                for g in ds.graphs():
                    if len(g) == 0:
                        continue
                    name = g.identifier
                    if not isinstance(name, URIRef) or str(name) == "urn:x-rdflib:default":
                        name = self.graph_name(path)
                    yield name, g
            else:
                g = Graph()
                g.parse(path, format=fmt)
                yield self.graph_name(path), g
        except BadSyntax as e:
            raise PackSyntaxError(path, e.lines + 1, e._why) from e  # noqa: SLF001
        except (SyntaxError, ValueError) as e:
            raise PackSyntaxError(path, getattr(e, "lineno", None), str(e)) from e
        except Exception as e:  # other parsers (RDF/XML, JSON-LD) raise their own types
            if isinstance(e, (OSError, PackError)):
                raise
            line = getattr(e, "lineno", None) or getattr(e, "getLineNumber", lambda: None)()
            raise PackSyntaxError(path, line, f"{type(e).__name__}: {e}") from e


_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)

#: The longest literal a pack may hold: the on-disk store's parser buffer (16 MiB) bounds it there,
#: and every store refuses the same, so a pack reads alike in each.
MAX_LITERAL_BYTES = 16 * 1024 * 1024
#: A quoted string on one line (Turtle, N-Triples, TriG, N-Quads, JSON-LD) or an element's text
#: (RDF/XML) that long. (A longer string over several lines is refused by the store that cannot hold it.)
_OVERSIZED = re.compile(rb'"[^"\n]{%d,}|\'[^\'\n]{%d,}' % ((MAX_LITERAL_BYTES,) * 2))
_OVERSIZED_XML = re.compile(rb">[^<]{%d,}" % MAX_LITERAL_BYTES)


def refuse_oversized_literals(path: Path) -> None:
    """Refuse a file with a literal longer than ``MAX_LITERAL_BYTES``, with the line it starts on
    (only a file larger than that can hold one: others cost a ``stat``)."""
    try:
        if path.stat().st_size <= MAX_LITERAL_BYTES:
            return
        data = path.read_bytes()
    except OSError:
        return  # the parser says what is wrong with the file
    found = (_OVERSIZED_XML if RDF_FORMATS.get(path.suffix.lower()) == "xml" else _OVERSIZED).search(data)
    if found is not None:
        line = data.count(b"\n", 0, found.start()) + 1
        raise PackSyntaxError(path, line, f"a literal longer than {MAX_LITERAL_BYTES // 2**20} MiB is refused")


def refuse_xml_entities(path: Path) -> None:
    """Refuse an XML file that declares entities: nested ones expand without bound ("billion
    laughs"), external ones read other files. RDF/XML never needs them."""
    try:
        data = path.read_bytes()
    except OSError:
        return  # the parser says what is wrong with the file
    found = _ENTITY.search(data)
    if found is not None:
        line = data.count(b"\n", 0, found.start()) + 1
        raise PackSyntaxError(path, line, "XML entity declarations are refused (they can expand without bound)")


def _read_info(root: Path) -> PackInfo:
    meta = root / "pack.toml"
    if not meta.exists():
        return PackInfo(name=root.name)
    try:
        data = tomllib.loads(meta.read_text(encoding="utf-8")).get("pack", {})
    except tomllib.TOMLDecodeError as e:
        raise PackError(f"{meta}: {e}") from e
    return PackInfo(
        name=str(data.get("name", root.name)),
        description=str(data.get("description", "")),
        license=str(data.get("license", "")),
        language=str(data.get("language", "en")),
        base=str(data.get("base", "")),
    )


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
