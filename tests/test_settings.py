"""Settings: one frozen, validated object; bad values fail when made; names unique across sections."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kgqa import KnowledgeBase, Settings, SettingsError
from kgqa.settings import SECTION_OF, SECTIONS

from .conftest import MOVIES


def test_defaults_are_valid_and_frozen() -> None:
    s = Settings()
    assert s.backends.reader == "gemma3-270m" and s.reading.max_facts == 6 and s.retrieval.max_hops == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.rebuild = "never"  # type: ignore[misc]


def test_replace_by_field_name_reaches_the_section() -> None:
    s = Settings().replace(reader="none", max_facts=8, hop_penalty=0.1, rebuild="never", cache_dir="/tmp/x")
    assert s.backends.reader == "none" and s.reading.max_facts == 8 and s.retrieval.hop_penalty == 0.1
    assert s.rebuild == "never" and s.cache_dir == Path("/tmp/x")
    assert Settings().backends.reader == "gemma3-270m"  # the original is unchanged


def test_field_names_are_unique_across_sections() -> None:
    names = [f.name for cls in SECTIONS.values() for f in dataclasses.fields(cls)]
    assert len(names) == len(set(names)) == len(SECTION_OF)
    assert not set(names) & {f.name for f in dataclasses.fields(Settings)}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"read": "sometimes"}, "read must be one of 'auto', 'always'"),
        ({"max_hops": 4}, r"max_hops must lie in \[1, 3\]"),
        ({"max_hops": 0}, "max_hops"),
        ({"max_facts": 2.5}, "max_facts must be an integer"),
        ({"hop_penalty": float("nan")}, "hop_penalty must be finite"),
        ({"fuzzy_cutoff": 120}, "fuzzy_cutoff must lie in"),
        ({"query_precision": "int4"}, "query_precision must be one of"),
        ({"rebuild": "always"}, "rebuild must be one of"),
        ({"show_progress": False}, "unknown setting 'show_progress'"),
        ({"reader": 3}, "reader must be a string"),
    ],
)
def test_bad_values_are_refused_when_made(change: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings().replace(**change)


def test_knowledge_base_open_takes_setting_names(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="unknown setting 'readr'"):
        KnowledgeBase.open(MOVIES, Settings(cache_dir=tmp_path), readr="none")
