"""The fact index: build, save, load, search, and refusing an index built for something else."""

from __future__ import annotations

from pathlib import Path

import numpy as np
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
        FactIndex.load(tmp_path / "idx", "minilm", 384, "f1", backend="ivfpq")
    with pytest.raises(BackendError, match="unknown index backend"):
        FactIndex.build(["<a> <p> <b>"], ["x"], embedder, "f1", "annoy", "never")


def _facts(n: int) -> tuple[list[str], list[str]]:
    films = ["Alien", "Jaws", "Heat", "Up", "Brazil", "Fargo", "Ran", "Psycho"]
    people = ["Ann Lee", "Bo Diaz", "Cy Young", "Di Moss", "Ed Wood", "Flo Rida", "Gus Van", "Hal Ross", "Ida Wells"]
    sentences = [
        f"{films[i % 8]} {i // 72} was directed by {people[(i // 8) % 9]} in {1950 + i % 60}." for i in range(n)
    ]
    return [f"<urn:f{i}> <urn:p> <urn:o{i}>" for i in range(n)], sentences


def test_a_compressed_index_finds_what_the_exact_one_finds(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    keys, sentences = _facts(3000)
    exact = FactIndex.build(keys, sentences, embedder, "f1", "flat", "never")
    codes = FactIndex.build(keys, sentences, embedder, "f1", "ivfpq", "never")
    codes.save(tmp_path / "idx")
    loaded = FactIndex.load(tmp_path / "idx", "minilm", 384, "f1", backend="ivfpq")
    assert isinstance(loaded.index.rows([0]), np.ndarray)
    shared = 0
    for q in embedder.embed(["Who directed Fargo 3?", "films of 1977 by Ed Wood", "Psycho 40"]):
        top_exact = [k for k, _ in exact.search(q, 10)]
        top_codes = [k for k, _ in loaded.search(q, 10)]
        shared += len(set(top_exact) & set(top_codes))
        assert [round(s, 5) for _, s in loaded.search(q, 3)] == [round(s, 5) for _, s in exact.search(q, 3)]
    assert shared >= 27  # candidates re-ranked exactly: (nearly) the same top 10
    # a fact added later is found, from memory, and after saving again, from disk
    (v,) = embedder.embed(["The Danube flows into the Black Sea."])
    loaded.update([("<urn:danube> <urn:p> <urn:sea>", "The Danube flows into the Black Sea.")], [], embedder)
    assert loaded.search(v, 1)[0][0] == "<urn:danube> <urn:p> <urn:sea>"
    loaded.save(tmp_path / "idx")
    again = FactIndex.load(tmp_path / "idx", "minilm", 384, "f1", backend="auto")
    assert again.search(v, 1)[0][0] == "<urn:danube> <urn:p> <urn:sea>" and len(again) == 3001


def test_auto_chooses_by_size(monkeypatch: pytest.MonkeyPatch, embedder: SentenceTransformerEmbedder) -> None:
    from kgqa.representation.vectors import base

    keys, sentences = _facts(600)
    assert FactIndex.build(keys, sentences, embedder, "f1", "auto", "never").manifest["backend"] == "flat"
    monkeypatch.setattr(base, "EXACT_UP_TO", 500)
    assert FactIndex.build(keys, sentences, embedder, "f1", "auto", "never").manifest["backend"] == "ivfpq"


def test_an_interrupted_build_resumes(
    tmp_path: Path, embedder: SentenceTransformerEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kgqa.representation import index as index_module

    monkeypatch.setattr(index_module, "BUILD_CHUNK", 100)
    keys, sentences = _facts(450)
    calls: list[int] = []
    dies = [True]

    class Breaks:
        name, dimension = embedder.name, embedder.dimension

        def embed(self, texts: list[str], batch_size: int = 64):  # type: ignore[no-untyped-def]
            calls.append(len(texts))
            if dies[0] and len(calls) == 3:
                raise MemoryError("killed")  # the build dies during its third step
            return embedder.embed(texts)

    work = tmp_path / "idx.partial"
    with pytest.raises(MemoryError):
        FactIndex.build(keys, sentences, Breaks(), "f1", "flat", "never", work_dir=work)  # type: ignore[arg-type]
    assert (work / "done").read_text() == "200"
    calls.clear()
    dies[0] = False
    resumed = FactIndex.build(keys, sentences, Breaks(), "f1", "flat", "never", work_dir=work)  # type: ignore[arg-type]
    assert calls == [100, 100, 50]  # only the steps not done before
    whole = FactIndex.build(keys, sentences, embedder, "f1", "flat", "never")
    assert np.allclose(resumed.vectors, whole.vectors, atol=1e-5)
    resumed.save(tmp_path / "idx")
    assert not work.exists()  # the finished build's steps are removed


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda d: (d / "vectors.npy").write_bytes((d / "vectors.npy").read_bytes()[:100]), "vectors.npy"),
        (lambda d: (d / "manifest.json").write_text("{not json", encoding="utf-8"), "manifest.json"),
        (lambda d: (d / "facts.txt").write_bytes(b"\xff\xfe not utf-8\n"), "facts.txt"),
        (lambda d: (d / "facts.txt").unlink(), "facts.txt is missing"),
    ],
    ids=["truncated vectors", "invalid manifest", "facts not utf-8", "facts missing"],
)
def test_a_damaged_index_is_rebuilt_with_a_log_line(
    damage: object, why: str, tmp_path: Path, settings_factory: object, caplog: pytest.LogCaptureFixture
) -> None:
    import shutil

    from kgqa import KnowledgeBase

    from ..conftest import DATA

    pack = Path(shutil.copytree(DATA / "rivers", tmp_path / "rivers"))
    settings = settings_factory(reader="none", cache_dir=tmp_path / "cache")  # type: ignore[operator]
    first = KnowledgeBase.open(pack, settings)
    want = first.ask("Which river flows through Vienna?").text
    (directory,) = (tmp_path / "cache" / "indexes").glob("rivers-*[!k]")  # the index, not its lock file
    with pytest.raises(IndexMismatchError, match="damaged"):
        damage(directory)  # type: ignore[operator]
        FactIndex.load(directory, first.embedder.name, first.embedder.dimension, first.pack.fingerprint())
    with caplog.at_level("WARNING", logger="kgqa"):
        again = KnowledgeBase.open(pack, settings)
    assert any("damaged" in r.getMessage() and why in r.getMessage() for r in caplog.records), caplog.text
    assert again.ask("Which river flows through Vienna?").text == want == "Danube"
    FactIndex.load(directory, first.embedder.name, first.embedder.dimension, first.pack.fingerprint())  # whole again


def _open(pack: str, cache: str) -> None:
    from kgqa import KnowledgeBase, Settings

    KnowledgeBase.open(pack, Settings(cache_dir=Path(cache), progress="never").replace(reader="none"))


def test_two_processes_building_one_index_build_it_once(tmp_path: Path) -> None:
    """Found by a probe: two `kgqa index` at once on one cache, and one crashed every time
    (FileNotFoundError on the partial build's files the other had removed)."""
    import multiprocessing
    import shutil

    from ..conftest import DATA

    pack = shutil.copytree(DATA / "rivers", tmp_path / "rivers")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_open, args=(str(pack), str(tmp_path / "cache"))) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
    assert [p.exitcode for p in procs] == [0, 0]
    (directory,) = (tmp_path / "cache" / "indexes").glob("rivers-*[!k]")
    manifest = __import__("json").loads((directory / "manifest.json").read_text())
    assert set(manifest["checksums"]) >= {"facts.txt", "vectors.npy"}
