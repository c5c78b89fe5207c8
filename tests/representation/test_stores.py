"""Graph stores: each backend reads the same pack with the same provenance, and follows edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kgqa import BackendError, PackSyntaxError
from kgqa.knowledge.pack import Pack
from kgqa.representation.stores import STORES, open_store

from ..conftest import DATA, MOVIES


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_malformed_turtle_in_each_backend(backend: str, tmp_path: Path) -> None:
    with pytest.raises(PackSyntaxError, match=r"bad\.ttl:4"):
        open_store(Pack.open(DATA / "broken"), backend, cache_dir=tmp_path)


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


def test_backends_are_chosen_by_name_with_a_clear_error() -> None:
    assert {"memory", "oxigraph"} <= set(STORES.names())
    with pytest.raises(BackendError, match="unknown store backend 'nope'; choose one of"):
        open_store(Pack.open(MOVIES), "nope")


def test_oxigraph_edge_arrays_agree_with_its_indexes_and_follow_edits_across_reopens(tmp_path: Path) -> None:
    import gc

    from kgqa.fusion.paths import _NOT_WALKED
    from kgqa.representation.stores.oxigraph import OxigraphStore

    def scanned(store: OxigraphStore, node: URIRef) -> set[tuple[object, bool]]:
        edges = store._scan(node, 10_000, frozenset(_NOT_WALKED), False)
        return set(edges or [])

    pack = Pack.open(MOVIES)
    store = open_store(pack, "oxigraph", cache_dir=tmp_path, fresh=True)
    assert isinstance(store, OxigraphStore) and store.adjacency is not None
    nodes = list(dict.fromkeys(s for s, _, _ in store.triples((None, None, None)) if isinstance(s, URIRef)))
    around = store.around(nodes, 10_000, _NOT_WALKED)
    assert len(nodes) > 50 and all(set(around[n] or []) == scanned(store, n) for n in nodes)
    assert sum(len(e or []) for e in around.values()) > 100
    hub = max(nodes, key=lambda n: len(around[n] or []))
    size = len(around[hub] or [])
    assert store.around([hub], size - 1, _NOT_WALKED)[hub] is None  # a hub past the limit
    assert len(store.around([hub], size - 1, _NOT_WALKED, truncate=True)[hub] or []) == size - 1

    mv = "https://kgqa.dev/packs/movies/"
    alien, new = URIRef(mv + "id/Alien"), URIRef(mv + "id/Ridley_Scott_Jr")
    directed = (alien, URIRef(mv + "directedBy"), URIRef(mv + "id/Ridley_Scott"))
    store.add((alien, URIRef(mv + "directedBy"), new), "urn:g:edit")  # a node the arrays do not know
    store.remove(directed)
    store.save_applied()
    edited = (alien, URIRef(mv + "directedBy"), new)

    def follows_the_edits(s: OxigraphStore) -> None:
        edges = s.around([alien, new, directed[2]], 10_000, _NOT_WALKED)
        assert (edited, True) in (edges[alien] or [])
        assert (directed, True) not in (edges[alien] or []) and (directed, False) not in (edges[directed[2]] or [])
        assert edges[new] == [(edited, False)]

    follows_the_edits(store)
    del store
    gc.collect()  # the on-disk store is locked while open
    again = open_store(pack, "oxigraph", cache_dir=tmp_path)
    assert isinstance(again, OxigraphStore) and again.adjacency is not None and again.adjacency.dirty
    follows_the_edits(again)
