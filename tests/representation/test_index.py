"""The fact index: build, save, load, search, and refusing an index built for something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgqa import BackendError, IndexMismatchError
from kgqa.representation.embedders.sentence_transformers import SentenceTransformerEmbedder
from kgqa.representation.index import FactIndex


@pytest.fixture(scope="module")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder("minilm")


def test_index_roundtrip_and_mismatch(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    keys = ["<a> <p> <b>", "<c> <p> <d>"]
    sentences = ["Paris is the capital of France.", "The Danube flows into the Black Sea."]
    built = FactIndex.build(keys, sentences, embedder, fingerprint="f1")
    built.save(tmp_path / "idx")
    loaded = FactIndex.load(tmp_path / "idx", "minilm", 384, "f1")
    (q,) = embedder.embed(["Where does the Danube end?"])
    assert loaded.search(q, 1)[0][0] == "<c> <p> <d>"
    assert loaded.scores(q, ["<c> <p> <d>", "<x> <y> <z>"])[1] == -1.0
    with pytest.raises(IndexMismatchError, match="graph changed"):
        FactIndex.load(tmp_path / "idx", "minilm", 384, "f2")
    with pytest.raises(IndexMismatchError, match="embedder"):
        FactIndex.load(tmp_path / "idx", "other-model", 384, "f1")


def test_index_backend_is_recorded_and_checked(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    built = FactIndex.build(["<a> <p> <b>"], ["Paris is the capital of France."], embedder, "f1", "flat", "never")
    built.save(tmp_path / "idx")
    assert built.manifest["backend"] == "flat"
    with pytest.raises(IndexMismatchError, match="backend"):
        FactIndex.load(tmp_path / "idx", "minilm", 384, "f1", backend="hnsw")
    with pytest.raises(BackendError, match="unknown index backend"):
        FactIndex.build(["<a> <p> <b>"], ["x"], embedder, "f1", "annoy", "never")
