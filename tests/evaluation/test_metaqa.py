"""MetaQA-sized check (slow: the first run embeds 128k facts); runs only where ../shared/bench exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgqa.evaluation.harness import evaluate

METAQA = Path(__file__).resolve().parents[3] / "shared" / "bench" / "metaqa"  # ../shared beside the repository


@pytest.mark.slow
@pytest.mark.skipif(not METAQA.exists(), reason="MetaQA dev data not present")
def test_metaqa_dev_graph_only(tmp_path: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    for hop, floor in ((1, 0.8), (2, 0.8), (3, 0.7)):
        results = evaluate(
            METAQA / "kb.txt.gz",
            METAQA / f"{hop}-hop" / "qa_dev.txt",
            tmp_path / str(hop),
            limit=50,
            seed=3,
            reader="none",
            systems=["kgqa"],
            settings=settings_factory(),
        )
        assert results["systems"]["kgqa"]["hits_at_1"] >= floor
