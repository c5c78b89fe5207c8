from __future__ import annotations

from pathlib import Path

import pytest

from kgqa import PackError, PackSyntaxError
from kgqa.knowledge.pack import Pack

from ..conftest import DATA, MOVIES


def test_pack_finds_data_and_shapes() -> None:
    pack = Pack.open(MOVIES)
    names = {pack.relative(p) for p in pack.files}
    assert {"films.ttl", "people.ttl", "schema.ttl", "awards.trig"} <= names
    assert [pack.relative(p) for p in pack.shape_files] == ["shapes/films.ttl"]
    assert pack.info.name == "movies"


def test_missing_pack_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="does not exist"):
        Pack.open(tmp_path / "nope")
    with pytest.raises(PackError, match="no RDF files"):
        Pack.open(tmp_path)


def test_malformed_turtle_names_file_and_line() -> None:
    pack = Pack.open(DATA / "broken")
    with pytest.raises(PackSyntaxError) as err:
        pack.parse()
    assert err.value.path.name == "bad.ttl"
    assert err.value.line == 4
    assert "bad.ttl:4" in str(err.value)


def test_fingerprint_follows_content(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    before = Pack.open(tmp_path).fingerprint()
    (tmp_path / "a.ttl").write_text("<http://e/a> <http://e/p> <http://e/c> .\n")
    assert Pack.open(tmp_path).fingerprint() != before
