"""Names of nodes and the sentence of a triple."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kgqa.knowledge.pack import Pack
from kgqa.representation.labels import Labels, NameIndex
from kgqa.representation.stores import open_store

from ..conftest import DATA, MOVIES

MV = "https://kgqa.dev/packs/movies/"


def test_verbalize_with_template_and_typed_literal() -> None:
    store = open_store(Pack.open(MOVIES), "memory")
    labels = Labels.from_store(store)
    alien = URIRef(MV + "id/Alien")
    assert labels.verbalize((alien, URIRef(MV + "directedBy"), URIRef(MV + "id/Ridley_Scott"))) == (
        "Alien was directed by Ridley Scott."
    )
    year = Literal("1979", datatype=XSD.gYear)
    assert labels.verbalize((alien, URIRef(MV + "releaseYear"), year)) == "Alien was released in 1979."


def test_verbalize_without_template_uses_labels_and_language() -> None:
    store = open_store(Pack.open(DATA / "rivers"), "memory")
    labels = Labels.from_store(store)
    geo = "http://example.org/geo/"
    danube = URIRef(geo + "Danube")
    assert labels.label(danube) == "Danube"  # the English label wins over "Donau"@de
    assert "Danube River" in labels.all_names(danube)
    sentence = labels.verbalize((danube, URIRef(geo + "lengthKm"), Literal(2850)))
    assert sentence == "Danube length in kilometres 2850."


def test_name_index_finds_labels_and_alt_labels_and_suggests() -> None:
    labels = Labels.from_store(open_store(Pack.open(MOVIES), "memory"))
    names = NameIndex.build(labels)
    assert names.lookup("  ridley SCOTT ") == [URIRef(MV + "id/Ridley_Scott")]
    assert names.lookup("E.T.") == names.lookup("E.T. the Extra-Terrestrial") == [URIRef(MV + "id/ET")]
    assert names.lookup("Ridley Scot") == []
    assert names.suggest("Ridley Scot")[0] == "Ridley Scott"
    names.add(URIRef(MV + "id/Ridley_Scott"), "Sir Ridley")
    assert names.lookup("sir ridley") == [URIRef(MV + "id/Ridley_Scott")]
    assert names.max_words >= 2
