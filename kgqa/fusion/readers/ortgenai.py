"""Readers on onnxruntime-genai: the same model as the transformers reader, exported once to ONNX with
8-bit weights, run with its key-value cache kept across calls for the prompt's fixed opening.

The export is onnxruntime-genai's own model builder, run once in a subprocess on the model folder the
transformers reader uses (the packaged GGUF converted to safetensors, or any local folder): weights
of the matrix products in int8 blocks of 32 (``MatMulNBits``) with int8 arithmetic on blocks of the
activations (``accuracy_level=4``), the language-model head pruned to the last position during the
prompt. On 2 cores a call (8 facts, a few answer tokens) takes ~0.15 s where transformers takes
~1.5-2 s; ``benchmarks/reader.py`` measures how often the two agree.

Every prompt opens with the same few-shot text (``FEW_SHOT``): the generator keeps its state after
that opening and rewinds to it after each answer, so a call only reads the facts and the question.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from ...errors import ModelError
from .base import FEW_SHOT, NO_FACTS_SHOT, build_prompt
from .transformers import resolve_reader

log = logging.getLogger(__name__)

#: The builder's options; part of the cache key, so changing them makes a new export.
BUILD = {"precision": "int8", "accuracy_level": "4", "prune_lm_head": "true"}
#: Context the generator that keeps the prompt's opening is sized for: prompts are a few hundred
#: tokens (a longer one gets a generator of its own).
MAX_LENGTH = 2048


def _export_dir(source: Path, cache_dir: Path) -> Path:
    import hashlib

    key = hashlib.sha1(json.dumps([str(source.resolve()), BUILD], sort_keys=True).encode()).hexdigest()[:12]
    return cache_dir / "models" / f"{source.name}-ortgenai-{BUILD['precision']}-{key}"


def export(source: Path, target: Path, threads: int, progress: str = "auto") -> None:
    """Run onnxruntime-genai's model builder on ``source`` into ``target`` (atomically), showing its
    progress layer by layer."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    cmd = [sys.executable, "-m", "kgqa.fusion.readers._ortgenai_build", str(source), str(tmp / "model")]
    cmd += [BUILD["precision"], f"accuracy_level={BUILD['accuracy_level']}", f"prune_lm_head={BUILD['prune_lm_head']}"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": str(threads), "PYTHONUNBUFFERED": "1"}
    try:
        _build(cmd, env, tmp, _layers(source), progress)
        config_path = tmp / "model" / "genai_config.json"
        config = json.loads(config_path.read_text())
        config["model"]["decoder"]["session_options"]["intra_op_num_threads"] = threads
        config_path.write_text(json.dumps(config, indent=2))
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp / "model", target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _layers(source: Path) -> int:
    config = json.loads((source / "config.json").read_text())
    return int(config.get("num_hidden_layers") or config.get("text_config", {}).get("num_hidden_layers") or 0)


def _build(cmd: list[str], env: dict[str, str], tmp: Path, layers: int, progress: str) -> None:
    """The builder in a subprocess; each layer it reads (and the saving at the end) is a step of the
    progress shown."""
    from ...progress import Progress

    with open(tmp / "stderr.txt", "w+") as err, Progress(layers + 1, "exporting the reader", "steps", progress) as bar:
        run = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        assert run.stdout is not None
        for line in run.stdout:
            if line.startswith(("Reading layer", "Saving ONNX model")) and bar.done < layers + 1:
                bar.update()
        code = run.wait(timeout=3600)
        err.seek(0)
        if code != 0 or not (tmp / "model" / "genai_config.json").exists():
            raise ModelError(f"onnxruntime-genai's builder failed on {cmd[3]}: {err.read().strip()[-600:]}")


class RustTokenizer:
    """The model folder's ``tokenizer.json`` run by the Rust ``tokenizers`` library, with the few
    methods of a transformers tokenizer the reader uses: the same ids (BOS included) without loading
    transformers and torch (~250 MB and ~2 s of a start)."""

    def __init__(self, source: Path) -> None:
        from tokenizers import Tokenizer

        self.rust = Tokenizer.from_file(str(source / "tokenizer.json"))
        config = json.loads((source / "tokenizer_config.json").read_text(encoding="utf-8"))
        self.pad_token_id = self.rust.token_to_id(str(config.get("pad_token") or "<pad>"))
        self.eos_token_id = self.rust.token_to_id(str(config.get("eos_token") or "<eos>"))

    def __call__(self, text: str) -> dict[str, list[int]]:
        return {"input_ids": self.rust.encode(text).ids}

    def decode(self, ids: list[int], skip_special_tokens: bool = True) -> str:
        return str(self.rust.decode(ids, skip_special_tokens=skip_special_tokens))


def _tokenizer(source: Path) -> Any:
    """The Rust tokenizer of a folder that has one whose own tokenizer is the fast one, else
    transformers' tokenizer for the folder."""
    config = source / "tokenizer_config.json"
    if (source / "tokenizer.json").exists() and config.exists():
        backend = json.loads(config.read_text(encoding="utf-8")).get("backend", "")
        if backend == "tokenizers":
            return RustTokenizer(source)
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(source), local_files_only=True)


class OrtGenAIReader:
    """A causal LM exported by onnxruntime-genai's builder, greedy, one answer line."""

    def __init__(self, name: str, cache_dir: Path, max_new_tokens: int = 16, progress: str = "auto") -> None:
        if importlib.util.find_spec("onnxruntime_genai") is None:
            raise ModelError("the onnxruntime-genai reader needs it installed: pip install onnxruntime-genai onnx-ir")
        import onnxruntime_genai as og

        source = Path(resolve_reader(name, cache_dir))
        if not (source / "config.json").exists():
            raise ModelError(f"the onnxruntime-genai reader needs a local model folder, not {name!r}")
        target = _export_dir(source, cache_dir)
        threads = max(1, min(4, os.cpu_count() or 1))
        if not (target / "genai_config.json").exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target.parent / f".{target.name}.lock", "a+") as lock:  # one export at a time
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not (target / "genai_config.json").exists():  # another process may have made it
                    log.warning("exporting the reader %s to ONNX in %s (once; about a minute)", name, target)
                    export(source, target, threads, progress)
        try:
            self.model = og.Model(og.Config(str(target)))
            # the transformers reader's own tokenizer: the same tokens (and the same BOS) as it reads
            self.tokenizer = _tokenizer(source)
        except Exception as e:
            raise ModelError(f"cannot load the ONNX reader in {target}: {e}") from e
        self.og = og
        # the generator's key-value cache must hold at least the model's sliding window, if any
        decoder = json.loads((target / "genai_config.json").read_text())["model"]["decoder"]
        self._min_length = int(decoder.get("sliding_window", {}).get("window_size", 0)) + 8
        self._max_length = max(MAX_LENGTH, self._min_length)
        self.name = name
        self.max_new_tokens = max_new_tokens
        self.path = target
        self._lock = threading.Lock()  # one generator per opening, and a generator is not thread-safe
        self._openings: dict[str, tuple[Any, list[int]]] = {}

    def read(self, question: str, facts: list[str]) -> str:
        return self.complete(build_prompt(question, facts))

    def _encode(self, text: str) -> list[int]:
        return [int(t) for t in self.tokenizer(text)["input_ids"]]

    def _generator(self, max_length: int) -> Any:
        params = self.og.GeneratorParams(self.model)
        params.set_search_options(max_length=max_length, do_sample=False)
        return self.og.Generator(self.model, params)

    def _opening(self, prompt: str) -> tuple[Any, list[int]] | None:
        """The generator holding the prompt's fixed opening already read, and its tokens."""
        opening = FEW_SHOT if prompt.startswith(FEW_SHOT) else NO_FACTS_SHOT if prompt.startswith(NO_FACTS_SHOT) else ""
        if not opening:
            return None
        if opening not in self._openings:
            tokens = self._encode(opening)
            generator = self._generator(self._max_length)
            generator.append_tokens(tokens)
            self._openings[opening] = (generator, tokens)
        return self._openings[opening]

    def complete(self, prompt: str) -> str:
        import numpy as np

        with self._lock:
            tokens = self._encode(prompt)
            held = self._opening(prompt)
            if (
                held is not None
                and tokens[: len(held[1])] == held[1]
                and len(tokens) + self.max_new_tokens < self._max_length
            ):
                generator, opening = held
                rest = tokens[len(opening) :]
            else:  # no known opening, or a prompt too long for the kept cache: a generator of its own
                length = max(self._min_length, len(tokens) + self.max_new_tokens + 1)
                generator, opening, rest = self._generator(length), [], tokens
            try:
                generator.append_tokens(np.array(rest, dtype=np.int32))
                new: list[int] = []
                text = ""
                for _ in range(self.max_new_tokens):
                    generator.generate_next_token()
                    if generator.is_done():
                        break
                    new.append(int(generator.get_next_tokens()[0]))
                    text = str(self.tokenizer.decode(new, skip_special_tokens=True))
                    if "\n" in text:  # as the transformers reader stops
                        break
            except Exception as e:
                self._openings.clear()  # a generator left mid-answer is not reused
                raise ModelError(f"the ONNX reader failed: {e}") from e
            if opening:
                generator.rewind_to(len(opening))
        return text.strip().split("\n", 1)[0].strip()


__all__ = ["BUILD", "OrtGenAIReader", "export"]
