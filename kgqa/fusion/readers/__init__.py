"""Readers: the contract and prompt (``base``) and transformers causal LMs (``transformers``). Add a
backend by registering it in ``READERS``."""

from __future__ import annotations

from .base import READERS, Reader, build_prompt, load_reader, parse_answer

__all__ = ["READERS", "Reader", "build_prompt", "load_reader", "parse_answer"]
