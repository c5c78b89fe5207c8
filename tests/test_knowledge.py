from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kgqa import PackError, PackSyntaxError
from kgqa.graph import open_store
from kgqa.knowledge import Pack

from .conftest import DATA, MOVIES


def test_pack_finds_data_and_shapes() -> None:
    pack = Pack.open(MOVIES)
    names = {pack.relative(p) for p in pack.files}
    assert {"films.ttl", "people.ttl", "schema.ttl", "awards.trig"} <= names
    assert [pack.relative(p) for p in pack.shape_files] == ["shapes/films.ttl"]
    assert pack.info.name == "movies"


def test_missing_pack_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="does not exist"):
        Pack.open(tmp_path / "nope")
    with pytest.raises(PackError, match="no RDF files"):
        Pack.open(tmp_path)


def test_malformed_turtle_names_file_and_line() -> None:
    pack = Pack.open(DATA / "broken")
    with pytest.raises(PackSyntaxError) as err:
        pack.parse()
    assert err.value.path.name == "bad.ttl"
    assert err.value.line == 4
    assert "bad.ttl:4" in str(err.value)


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_malformed_turtle_in_each_backend(backend: str, tmp_path: Path) -> None:
    with pytest.raises(PackSyntaxError, match=r"bad\.ttl:4"):
        open_store(Pack.open(DATA / "broken"), backend, cache_dir=tmp_path)


def test_fingerprint_follows_content(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    before = Pack.open(tmp_path).fingerprint()
    (tmp_path / "a.ttl").write_text("<http://e/a> <http://e/p> <http://e/c> .\n")
    assert Pack.open(tmp_path).fingerprint() != before


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_stores_agree_and_keep_provenance(backend: str, tmp_path: Path) -> None:
    store = open_store(Pack.open(MOVIES), backend, cache_dir=tmp_path)
    mv = "https://kgqa.dev/packs/movies/"
    alien = URIRef(mv + "id/Alien")
    out = {(p, o) for _, p, o in store.triples((alien, None, None))}
    assert (URIRef(mv + "directedBy"), URIRef(mv + "id/Ridley_Scott")) in out
    award = (alien, URIRef(mv + "wonAward"), URIRef(mv + "id/Best_Visual_Effects"))
    assert store.sources(award) == [mv + "graph/awards"]
    directed = (alien, URIRef(mv + "directedBy"), URIRef(mv + "id/Ridley_Scott"))
    assert store.sources(directed) == ["urn:kgqa:file:films.ttl"]
    incoming = {s for s, _, _ in store.triples((None, URIRef(mv + "directedBy"), URIRef(mv + "id/Ridley_Scott")))}
    assert {URIRef(mv + "id/Alien"), URIRef(mv + "id/Gladiator"), URIRef(mv + "id/Blade_Runner")} == incoming


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_neighbourhood_lookups_follow_adds_and_removes(backend: str, tmp_path: Path) -> None:
    store = open_store(Pack.open(DATA / "rivers"), backend, cache_dir=tmp_path, fresh=True)
    a, p, b = URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:b")
    n = len(store)
    store.add((a, p, b), "urn:g:1")
    store.add((a, p, b), "urn:g:2")  # the same fact from a second source: one triple, two sources
    assert list(store.triples((a, None, None))) == [(a, p, b)] == list(store.triples((None, None, b)))
    store.remove((a, p, b), "urn:g:1")
    assert list(store.triples((a, None, None))) == [(a, p, b)]
    store.remove((a, p, b), "urn:g:2")
    assert list(store.triples((a, None, None))) == [] == list(store.triples((None, None, b)))
    assert len(store) == n


def test_oxigraph_store_is_reused(tmp_path: Path) -> None:
    pack = Pack.open(DATA / "rivers")
    first = open_store(pack, "oxigraph", cache_dir=tmp_path)
    n = len(first)
    del first
    again = open_store(pack, "oxigraph", cache_dir=tmp_path)
    assert len(again) == n > 0
    assert len(list((tmp_path / "stores").iterdir())) == 1


def test_extending_into_chosen_chains_walks_just_those() -> None:
    from kgqa.facts import schema_nodes
    from kgqa.paths import Neighbourhoods, extend, next_steps, walk

    store = open_store(Pack.open(MOVIES), "memory")
    hoods = Neighbourhoods(store, schema_nodes(store))
    alien = URIRef("https://kgqa.dev/packs/movies/id/Alien")
    last = [r for r in walk(hoods, alien, max_hops=2) if len(r.relations) == 2]
    longer = next_steps(hoods, last)
    everything = extend(hoods, last)
    # next_steps lists every chain extend walks (and some that only lead back along a used fact)
    assert {r.relations for r in everything} <= set(longer)
    chosen = [r.relations for r in everything][::3]
    walked = extend(hoods, last, only=chosen)
    assert len(walked) == len(chosen) > 1
    expected = [(r.relations, r.ends) for r in everything if r.relations in chosen]
    assert [(r.relations, r.ends) for r in walked] == expected
    assert extend(hoods, last, only=[]) == []
