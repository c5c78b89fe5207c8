"""The score of a relation chain: each feature moves it by its weight, in the direction it should."""

from __future__ import annotations

import dataclasses

import pytest

from kgqa.fusion.scoring import chain_score
from kgqa.settings import RetrievalSettings

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
