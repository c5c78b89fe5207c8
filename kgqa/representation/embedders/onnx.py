"""The embedder's transformer exported to ONNX and run by onnxruntime: a question in ~4 ms instead of
~12 through torch on 2 cores, and an int8 copy of it in ~2 ms. Made once in the cache, checked
against torch before use."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ...caches import building
from ...errors import ModelError

log = logging.getLogger(__name__)

#: Written next to an export once it was checked against torch: see ``OnnxEncoder.remember``.
FAST_RECORD = "kgqa-encoder.json"

#: Encoders of this process. onnxruntime's thread pool does not survive ``fork`` (a forked server
#: worker would run each call on one thread after waiting for workers that are gone): a child drops
#: its inherited sessions and opens its own, on one thread, when it first encodes.
_LIVE: weakref.WeakSet[OnnxEncoder] = weakref.WeakSet()


#: Sessions a forked child inherited: kept, never freed there (freeing one joins pool threads that
#: exist only in the parent, and hangs).
_INHERITED: list[Any] = []


def _forget_sessions_after_fork() -> None:
    for encoder in list(_LIVE):
        if encoder.path is not None and encoder.session is not None:
            _INHERITED.append(encoder.session)
            encoder.session = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_sessions_after_fork)


#: Threads of the exact encoder's session (batches of facts and relation chains); a Ray worker of
#: one core sets ``KGQA_BULK_THREADS=1``.
BULK_THREADS = int(os.environ.get("KGQA_BULK_THREADS", "0")) or max(1, min(4, os.cpu_count() or 1))


def _made_session(
    target: Path, threads: int, what: str, make: Callable[[], None], made_from_it: tuple[Path, ...] = ()
) -> Any:
    """A session on the model file ``target``, made first (``make``) when there is none; one that is
    cut short or changed is made again with one log line, and the files made from it dropped. One
    process at a time makes it (the others wait, then load it)."""
    with building(target):
        if target.exists():
            try:
                return _session(target, threads)
            except Exception as e:  # noqa: BLE001 - whatever onnxruntime says of a damaged file
                log.warning("%s at %s is damaged (%s): making it again", what, target, e)
                for stale in (target, *made_from_it):
                    stale.unlink(missing_ok=True)
        make()
        return _session(target, threads)


def _session(path: Path | None, threads: int) -> Any:
    import onnxruntime as ort

    if path is None:
        raise ModelError("an ONNX encoder without a file cannot be reopened")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class OnnxEncoder:
    """The embedder's transformer exported to ONNX and run by onnxruntime, pooled and normalised like
    the sentence-transformers pipeline it replaces (mean pooling, then L2 normalisation)."""

    PROBES = ["Who directed Alien?", "which films can be described by world war ii and were released in 1994"]

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        max_length: int,
        inputs: list[str],
        normalize: bool,
        path: Path | None = None,
        fast: tuple[Any, Any] | None = None,
    ) -> None:
        self.session = session
        self.path = path
        _LIVE.add(self)
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.inputs = inputs
        self.normalize = normalize
        self._lock = threading.Lock()
        if fast is not None:  # the Rust tokenizers, for one text and for a batch, as recalled
            self._one, self._batch = fast
        else:
            self._one = _one_text_tokenizer(tokenizer, max_length, [*self.PROBES, " ".join(self.PROBES * 200)])
            self._batch = _batch_tokenizer(tokenizer, max_length, self.PROBES)

    def encode(self, texts: list[str]) -> np.ndarray:
        rust = self._one if len(texts) == 1 else self._batch
        if rust is not None:
            with self._lock:
                encoded = [rust.encode(texts[0])] if len(texts) == 1 else rust.encode_batch(texts)
            rows = {
                "input_ids": [e.ids for e in encoded],
                "attention_mask": [e.attention_mask for e in encoded],
                "token_type_ids": [e.type_ids for e in encoded],
            }
            feed = {k: np.array(rows[k], dtype=np.int64) for k in self.inputs}
        else:
            with self._lock:  # a fast tokenizer with padding/truncation set is not safe to share between threads
                batch = self.tokenizer(
                    texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="np"
                )
            feed = {k: np.asarray(batch[k], dtype=np.int64) for k in self.inputs}
        if self.session is None:  # forked: a session of this process's own, on one thread
            self.session = _session(self.path, 1)
        (hidden,) = self.session.run(None, feed)
        mask = feed["attention_mask"][..., None].astype(np.float32)
        vectors = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        if self.normalize:
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def on_threads(self, threads: int) -> OnnxEncoder:
        """The same model and tokenizers in a session of its own on ``threads`` threads."""
        twin = OnnxEncoder(_session(self.path, threads), self.tokenizer, self.max_length, self.inputs, self.normalize,
                           self.path, (self._one, self._batch) if self._one and self._batch else None)  # fmt: skip
        twin._lock = self._lock
        return twin

    def remember(self, quick: OnnxEncoder | None, dimension: int) -> None:
        """Record, next to the export, what a later process needs to run this encoder (and its int8
        copy) without loading torch, transformers or sentence-transformers (~6 s of a start): its
        tokenizers as checked here, its inputs and its dimension."""
        if self.path is None or self._one is None or self._batch is None:
            return
        record = {
            "inputs": self.inputs,
            "max_length": self.max_length,
            "normalize": self.normalize,
            "dimension": dimension,
            "quick": quick.path.name if quick is not None and quick.path is not None else None,
            "one": self._one.to_str(),
            "batch": self._batch.to_str(),
        }
        tmp = self.path.parent / f".{FAST_RECORD}.tmp"
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, self.path.parent / FAST_RECORD)

    @classmethod
    def recall(cls, source: str, cache_dir: Path, quick: bool) -> tuple[OnnxEncoder, OnnxEncoder | None, int] | None:
        """The encoder (and, with ``quick``, its int8 copy) remembered for the model at ``source``,
        and the dimension; None when nothing was remembered for these weights."""
        from tokenizers import Tokenizer

        for inputs in (["input_ids", "attention_mask", "token_type_ids"], ["input_ids", "attention_mask"]):
            target = _export_path(Path(source), inputs, cache_dir)
            if (target.parent / FAST_RECORD).exists() and target.exists():
                break
        else:
            return None
        try:
            record = json.loads((target.parent / FAST_RECORD).read_text(encoding="utf-8"))
            fast = (Tokenizer.from_str(record["one"]), Tokenizer.from_str(record["batch"]))
            shape = (int(record["max_length"]), list(record["inputs"]), bool(record["normalize"]))
            exact = cls(_session(target, BULK_THREADS), None, *shape, target, fast)
            int8 = None
            if quick and record.get("quick"):
                int8 = cls(
                    _session(target.parent / record["quick"], 1), None, *shape, target.parent / record["quick"], fast
                )
                int8._lock = exact._lock  # the two share the tokenizers
            return exact, int8, int(record["dimension"])
        except Exception as e:  # a damaged record: the full load remakes it
            log.info("remembered ONNX encoder unusable (%s); loading the model", e)
            return None

    @classmethod
    def create(
        cls, model: Any, source: str, name: str, cache_dir: Path, reference: Callable[[list[str]], np.ndarray]
    ) -> OnnxEncoder | None:
        """Export (once) and load the transformer of a sentence-transformers ``model`` loaded from
        ``source``; None when it is not a plain transformer + mean pooling, onnxruntime is missing, or
        the export does not reproduce ``reference`` (the torch encoder) on the probes."""
        try:
            import onnxruntime  # noqa: F401 - only whether it is there
        except ImportError:
            return None
        layout = _plain_layout(model)
        if layout is None:
            return None
        transformer, normalize = layout
        tokenizer = transformer.tokenizer
        probe = tokenizer(cls.PROBES[:1], return_tensors="pt")
        inputs = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in probe]
        target = _export_path(Path(source), inputs, cache_dir)
        try:
            made_from_it = (target.with_name("query-int8.onnx"), target.parent / FAST_RECORD)
            session = _made_session(
                target, BULK_THREADS, "ONNX export",
                lambda: cls._export(transformer.auto_model, probe, inputs, target), made_from_it,
            )  # fmt: skip
            max_length = int(getattr(transformer, "max_seq_length", None) or 512)
            encoder = cls(session, tokenizer, max_length, inputs, normalize=normalize, path=target)
            agreement = float(np.min(np.sum(reference(cls.PROBES) * encoder.encode(cls.PROBES), axis=1)))
        except Exception as e:  # an exporter or runtime that cannot handle this model: torch serves
            log.info("ONNX fast path unavailable for %s: %s", name, e)
            return None
        if agreement < 0.9999:
            log.info("ONNX export of %s disagrees with torch (cosine %.5f); not used", name, agreement)
            return None
        return encoder

    def quantized(self, model: Any | None = None, min_agreement: float = 0.98) -> OnnxEncoder | None:
        """This model with its matrix products in int8 (made once, next to the export), on one thread;
        None when onnxruntime cannot quantize it or the copy strays from the exact vectors. Given the
        torch ``model``, its attention blocks are fused first (fewer, larger operations)."""
        if self.path is None:
            return None
        target = self.path.with_name("query-int8.onnx")
        try:
            path = self.path

            def quantize() -> None:
                self._quantize(path, target, model, self.tokenizer(self.PROBES[:1], return_tensors="pt"))

            session = _made_session(target, 1, "int8 query encoder", quantize)  # one question's products: one thread
            inputs = [i.name for i in session.get_inputs()]
            same = (self._one, self._batch) if self._one is not None and self._batch is not None else None
            quick = OnnxEncoder(session, self.tokenizer, self.max_length, inputs, self.normalize, target, same)
            quick._lock = self._lock  # the two share one tokenizer
            agreement = float(np.min(np.sum(self.encode(self.PROBES) * quick.encode(self.PROBES), axis=1)))
        except Exception as e:  # an onnxruntime without quantization support, an odd graph: float serves
            log.info("int8 query encoder unavailable: %s", e)
            return None
        if agreement < min_agreement:
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


def _plain_layout(model: Any) -> tuple[Any, bool] | None:
    """(the transformer module, whether vectors are normalised) when a sentence-transformers model is
    a plain transformer + mean pooling (+ normalisation): the pipeline ``OnnxEncoder`` reproduces."""
    modules: list[Any] = list(model)
    kinds = [type(m).__name__ for m in modules]
    pooling = modules[1] if len(modules) > 1 else None
    mode = getattr(pooling, "pooling_mode", None)  # sentence-transformers >= 5
    if mode is None and pooling is not None and hasattr(pooling, "get_pooling_mode_str"):
        mode = pooling.get_pooling_mode_str()
    if kinds[:2] != ["Transformer", "Pooling"] or mode != "mean" or any(k != "Normalize" for k in kinds[2:]):
        return None
    return modules[0], len(kinds) > 2


def _export_path(source: Path, inputs: list[str], cache_dir: Path) -> Path:
    """Where the export of the model at ``source`` lives: named by the weights it was made from (a
    reinstalled model gets a new one) and the transformers version that exported it."""
    from importlib.metadata import version

    weights = sorted(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in (source.rglob("*") if source.is_dir() else [])
        if p.suffix in (".safetensors", ".bin")
    )
    key = hashlib.sha256(f"{source}|{weights}|{version('transformers')}|{inputs}".encode()).hexdigest()[:16]
    return cache_dir / "onnx" / f"{source.name}-{key}" / "model.onnx"


def _batch_tokenizer(tokenizer: Any, max_length: int, probes: list[str]) -> Any | None:
    """A copy of a fast tokenizer's Rust core set to pad and truncate a batch as the wrapper does;
    None when there is none or it tokenizes the probes differently."""
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None or tokenizer.pad_token is None:
        return None
    try:
        from tokenizers import Tokenizer

        batch = Tokenizer.from_str(backend.to_str())
        batch.enable_truncation(max_length)
        batch.enable_padding(pad_id=tokenizer.pad_token_id, pad_token=tokenizer.pad_token)
        wrapper = tokenizer(probes, padding=True, truncation=True, max_length=max_length)
        ours = batch.encode_batch(probes)
        same = [e.ids for e in ours] == wrapper["input_ids"] and [e.attention_mask for e in ours] == wrapper[
            "attention_mask"
        ]
    except Exception as e:  # an unusual tokenizer: the wrapper serves
        log.info("batch tokenizer unavailable: %s", e)
        return None
    return batch if same else None


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
