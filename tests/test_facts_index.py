from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kgqa import IndexMismatchError, ModelError
from kgqa.embeddings import SentenceTransformerEmbedder
from kgqa.facts import Labels, readable
from kgqa.graph import open_store
from kgqa.index import FactIndex
from kgqa.knowledge import Pack

from .conftest import DATA, MOVIES

MV = "https://kgqa.dev/packs/movies/"


@pytest.fixture(scope="module")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder("minilm")


def test_readable_names() -> None:
    assert readable("directed_by") == "directed by"
    assert readable("directedBy") == "directed by"
    assert readable("__music__recording__releases") == "music recording releases"


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


def test_embedder_is_the_packaged_minilm(embedder: SentenceTransformerEmbedder) -> None:
    v = embedder.embed(["Alien was directed by Ridley Scott.", "Who directed Alien?", "The Danube is a river."])
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[2] @ v[1]


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


def test_questions_run_through_an_onnx_export_that_matches_torch(tmp_path: Path) -> None:
    fast = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path)
    texts = ["Who directed Alien?", "which films can be described by world war ii " * 40]  # one over 256 tokens
    vectors = fast.embed(texts)
    assert fast._onnx is not None, "onnxruntime is a dependency: short inputs must take the ONNX path"
    assert list(tmp_path.glob("onnx/*/model.onnx")), "the export is cached for the next process"
    reference = fast._encode_torch(texts)
    assert np.allclose(np.sum(vectors * reference, axis=1), 1.0, atol=1e-4)
    for text, reference_vector in zip(texts, reference, strict=True):  # one text: the tokenizer's Rust core
        assert float(fast.embed([text])[0] @ reference_vector) > 0.9999
    batch = [f"fact number {i}" for i in range(20)]  # padded batches agree too
    assert np.allclose(np.sum(fast.embed(batch) * fast._encode_torch(batch), axis=1), 1.0, atol=1e-4)
    again = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path)
    assert np.allclose(again.embed(texts[:1]), vectors[:1], atol=1e-5)


def test_questions_can_take_an_int8_copy_that_stays_close_to_the_exact_vector(tmp_path: Path) -> None:
    fast = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path)
    questions = ["Who directed Alien?", "what words describe the bank job", "which rivers flow into the Black Sea"]
    exact = fast.embed(questions)
    for q, reference in zip(questions, exact, strict=True):
        v, is_exact = fast.embed_query(q)
        assert not is_exact and v.shape == (384,) and v.dtype == np.float32
        assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-4
        assert 0.98 <= float(v @ reference) < 1.0  # close, and really another encoder
    assert list(tmp_path.glob("onnx/*/query-int8.onnx")), "the int8 copy is cached next to the export"

    exact_only = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path, query_precision="float32")
    v, is_exact = exact_only.embed_query(questions[0])
    assert is_exact and np.allclose(v, exact[0], atol=1e-5)
    with pytest.raises(ModelError, match="query precision"):
        SentenceTransformerEmbedder("minilm", query_precision="int4")
