"""How answers are compared and scored (kgqa.metrics)."""

from __future__ import annotations

import pytest

from kgqa.metrics import hits_at_1, norm_answer, recall_in_facts, set_prf


def test_normalisation_and_hits() -> None:
    assert norm_answer("  The  Dark-Knight! ") == "the dark knight"
    assert hits_at_1("ridley scott", ("Ridley Scott",)) == 1.0
    assert hits_at_1("Ridley Scott.", ("Tony Scott", "Ridley  Scott")) == 1.0
    assert hits_at_1("Scott", ("Ridley Scott",)) == 0.0
    assert hits_at_1(None, ("x",)) == 0.0


def test_set_precision_recall_f1_by_hand() -> None:
    # predicted {a, b, c}, gold {b, c, d, e}: tp = 2, P = 2/3, R = 2/4, F1 = 2PR/(P+R) = 4/7
    p, r, f = set_prf(["a", "B", "c"], ("b", "c", "d", "e"))
    assert p == pytest.approx(2 / 3) and r == pytest.approx(0.5) and f == pytest.approx(4 / 7)
    assert set_prf([], ("a",)) == (0.0, 0.0, 0.0)
    assert set_prf(["x"], ("a",)) == (0.0, 0.0, 0.0)
    assert recall_in_facts(["Alien", "Ridley Scott"], ("ridley scott",)) == 1.0
    assert recall_in_facts(["Alien"], ("Ridley Scott",)) == 0.0
