"""The score of a relation chain: each feature moves it by its weight, in the direction it should."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from kgqa.fusion.scoring import chain_score
from kgqa.settings import RetrievalSettings

from ..conftest import MOVIES

BASE = {
    "dense": 0.5,
    "hop_cover": 0.0,
    "question_cover": 0.0,
    "extra_hops": 0.0,
    "mention": 1.0,
    "type": 0.0,
    "repeat": 0.0,
    "size": 0.0,
    "phrase": 0.0,
    "first": 0.0,
    "last": 0.0,
}


def test_the_score_is_the_weighted_sum_of_the_features() -> None:
    w = RetrievalSettings()
    assert chain_score(BASE, w) == pytest.approx(0.5 + w.mention_weight)
    f = {**BASE, "hop_cover": 1.0, "question_cover": 0.5, "extra_hops": 2.0, "size": 1.0, "last": 1.0}
    expected = 0.5 + w.hop_cover_weight + 0.5 * w.question_cover_weight - 2 * w.hop_penalty
    expected += w.mention_weight - w.size_weight + w.last_weight
    assert chain_score(f, w) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("feature", "better"),
    [
        ("hop_cover", True),
        ("question_cover", True),
        ("type", True),
        ("repeat", True),
        ("phrase", True),
        ("first", True),
        ("last", True),
        ("extra_hops", False),
        ("size", False),
    ],
)
def test_each_feature_moves_the_score_its_way(feature: str, better: bool) -> None:
    w = RetrievalSettings()
    raised = chain_score({**BASE, feature: 1.0}, w) - chain_score(BASE, w)
    assert (raised > 0) is better


def test_a_chain_the_question_names_beats_a_closer_vector() -> None:
    """Lexical cues outweigh the embedding: "who directed X" must take the directing chain even
    when another relation's label embeds a little closer."""
    w = RetrievalSettings()
    named = {**BASE, "dense": 0.3, "hop_cover": 1.0, "question_cover": 1.0}
    unnamed = {**BASE, "dense": 0.6}
    assert chain_score(named, w) > chain_score(unnamed, w)
    assert chain_score(named, dataclasses.replace(w, hop_cover_weight=0, question_cover_weight=0)) < chain_score(
        unnamed, w
    )


def test_relation_chain_vectors_are_kept_for_the_next_process(tmp_path: Path) -> None:
    from kgqa import KnowledgeBase, Settings
    from kgqa.settings import default_cache_dir

    settings = Settings(cache_dir=tmp_path, progress="never", model_cache_dir=default_cache_dir()).replace(
        reader="none"
    )
    first = KnowledgeBase.open(MOVIES, settings)
    kept = list((tmp_path / "chains").glob("*.npy"))
    assert len(kept) == 1
    scorer = first.retriever.scorer
    assert scorer.prepare_chains(first.hoods.predicates(), tmp_path / "chains") == 0  # all held already
    written = kept[0].stat().st_mtime_ns
    later = KnowledgeBase.open(MOVIES, settings)  # reads them instead of embedding them again
    assert kept[0].stat().st_mtime_ns == written
    again = later.retriever.scorer.vectors._vectors
    assert again.keys() == scorer.vectors._vectors.keys()
    assert all(np.allclose(again[t], v, atol=1e-6) for t, v in scorer.vectors._vectors.items())
    assert later.ask("Who directed Alien?").entities[0].label == "Ridley Scott"


def test_the_outermost_relation_is_said_last_when_every_relation_word_follows_the_entity() -> None:
    from rdflib import URIRef

    from kgqa.fusion.linking import Mention
    from kgqa.fusion.paths import Hop
    from kgqa.fusion.scoring import ChainScorer
    from kgqa.text import normalize

    genre, artist = Hop(URIRef("urn:genre"), True), Hop(URIRef("urn:artist"), True)
    words = {genre: frozenset(["genre"]), artist: frozenset(["artist"])}
    for question in (
        "What is the Jaguarundi's genre's artist?",
        "What is the artist of the genre of Jaguarundi?",  # the same question, nested the other way
        "Jaguarundi's genre's artist is what?",  # the wh-word last: the word nearest it
    ):
        tokens = normalize(question).split()
        at = tokens.index("jaguarundi")
        assert ChainScorer._anchors(tokens, Mention("jaguarundi", at, at + 1, (), 1.0), words) == ("genre", "artist")
