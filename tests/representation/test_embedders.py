"""Embedders: the packaged MiniLM, its ONNX export and its int8 copy for questions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kgqa import BackendError, ModelError
from kgqa.representation.embedders import EMBEDDERS, load_embedder
from kgqa.representation.embedders.sentence_transformers import SentenceTransformerEmbedder


@pytest.fixture(scope="module")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder("minilm")


def test_embedder_is_the_packaged_minilm(embedder: SentenceTransformerEmbedder) -> None:
    v = embedder.embed(["Alien was directed by Ridley Scott.", "Who directed Alien?", "The Danube is a river."])
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[2] @ v[1]


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


def test_a_damaged_export_is_made_again_with_a_log_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Found by a probe of the integrity issue: a cut-short export made every later process fall back
    to torch for good; now it is exported again, and the int8 copy made again from it."""
    first = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path)
    questions = ["Who directed Alien?", "which rivers flow into the Black Sea"]
    exact, (quick, _) = first.embed(questions), first.embed_query(questions[0])
    for name in ("model.onnx", "query-int8.onnx"):
        (path,) = tmp_path.glob(f"onnx/*/{name}")
        path.write_bytes(path.read_bytes()[:1000])
    with caplog.at_level("WARNING", logger="kgqa"):
        later = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path)
        assert np.allclose(later.embed(questions), exact, atol=1e-5)
        v, is_exact = later.embed_query(questions[0])
    assert later._onnx is not None and not is_exact and np.allclose(v, quick, atol=1e-5)
    assert [r.getMessage().split(" (")[0] for r in caplog.records if "damaged" in r.getMessage()] == [
        f"ONNX export at {path.with_name('model.onnx')} is damaged"
    ]
    assert path.stat().st_size > 1_000_000


def test_a_checked_export_starts_without_torch_in_the_next_process(tmp_path: Path) -> None:
    first = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path)
    questions = ["Who directed Alien?", "which rivers flow into the Black Sea", "fact number 7"]
    exact, (quick, _) = first.embed(questions), first.embed_query(questions[0])
    assert list(tmp_path.glob("onnx/*/kgqa-encoder.json")), "the checked export is remembered"

    later = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path)  # as a new process opens it
    assert later._model is None and later.dimension == 384  # sentence-transformers was not loaded
    assert np.allclose(later.embed(questions), exact, atol=1e-5)  # a padded batch, Rust tokenizers
    v, is_exact = later.embed_query(questions[0])
    assert not is_exact and np.allclose(v, quick, atol=1e-5)
    assert later._model is None
    bulk = [f"fact number {i} of {'many ' * (i % 7)}facts" for i in range(300)]  # over onnx_max_batch
    assert np.allclose(np.sum(later.embed(bulk) * first._encode_torch(bulk), axis=1), 1.0, atol=1e-4)
    assert later._model is None  # bulk work runs on the export too, in batches sorted by length


def test_bulk_embedding_in_int8_only_where_it_agrees(tmp_path: Path) -> None:
    exact = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path)
    bulk = [f"{name} was directed by person number {i}." for i, name in enumerate(["Alien", "Jaws", "Heat"] * 100)]
    reference = exact.embed(bulk)
    int8 = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path, bulk_precision="int8")
    cosines = np.sum(int8.embed(bulk) * reference, axis=1)
    assert 0.99 <= float(cosines.mean()) < 0.99999  # close, and really the int8 copy
    strict = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path, bulk_precision="int8", min_bulk_agreement=1.0)
    assert np.allclose(strict.embed(bulk), reference, atol=1e-5)  # it strays: exact instead


def test_embedders_are_chosen_by_name() -> None:
    assert "sentence-transformers" in EMBEDDERS.names()
    with pytest.raises(BackendError, match="unknown embedder backend"):
        load_embedder("minilm", "word2vec")
    with pytest.raises(ModelError, match="cannot load embedder"):
        load_embedder("/no/such/model/folder")


def test_bulk_embedding_on_a_ray_cluster_gives_the_same_vectors(tmp_path: Path) -> None:
    """A local Ray cluster of this machine's cores embeds the shards; the vectors are this process's
    own, bit for bit (the int8 encoder's batches are made by the driver, as in-process)."""
    pytest.importorskip("ray", reason="pip install 'kgqa[ray]' (the dev extra has it)")
    import ray

    from kgqa.representation.embedders.ray import RayEmbedder

    texts = [f"Film number {i} was directed by person {i % 97} in {1900 + i % 120}." for i in range(1500)]
    here = SentenceTransformerEmbedder("minilm", cache_dir=tmp_path, bulk_precision="int8")
    reference = here.embed(texts)
    try:
        spread = RayEmbedder(SentenceTransformerEmbedder("minilm", cache_dir=tmp_path, bulk_precision="int8"))
        assert spread.workers >= 1
        assert np.array_equal(spread.embed(texts), reference)
        assert np.array_equal(spread.embed(texts[:10]), here.embed(texts[:10]))  # small work stays here
    finally:
        ray.shutdown()
