"""Importers: triple files and tables into RDF packs."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kgqa.knowledge.importers import import_triples, relation_label

from ..conftest import DATA


def test_relation_labels() -> None:
    assert relation_label("directed_by") == "directed by"
    assert relation_label("plays_in_club_inverse") == "plays in club (inverse)"
    assert relation_label("__music__recording__releases") == "music recording releases"


def test_import_awkward_names(tmp_path: Path) -> None:
    report = import_triples(DATA / "awkward_triples.txt", tmp_path / "pack", name="awk")
    assert report.triples == 6  # one duplicate line dropped
    g = Graph().parse(tmp_path / "pack" / "kb.nt")
    by_label = {str(o): s for s, _, o in g.triples((None, RDFS.label, None))}
    for name in ["Léon: The Professional", 'Club "Q" & Co.', "O'Brien #2", "50% Off <Live>", "AC/DC"]:
        assert isinstance(by_label[name], URIRef)
    assert by_label["AC/DC"] != by_label["Léon: The Professional"]
    assert (None, RDFS.label, Literal("plays in club (inverse)")) in g
