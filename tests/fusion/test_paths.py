"""Walking relation chains out of an entity."""

from __future__ import annotations

from rdflib import URIRef

from kgqa.fusion.paths import Neighbourhoods, extend, next_steps, walk
from kgqa.knowledge.pack import Pack
from kgqa.representation.facts import schema_nodes
from kgqa.representation.stores import open_store

from ..conftest import MOVIES


def test_extending_into_chosen_chains_walks_just_those() -> None:
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
