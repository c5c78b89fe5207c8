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


def test_xml_entities_are_refused_before_they_expand(tmp_path: Path) -> None:
    # "billion laughs": 1 kB of nested entities that would expand to gigabytes in the RDF/XML parser
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    doc = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(levels) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '<rdf:Description rdf:about="http://example.org/a"><rdfs:label>&l9;</rdfs:label></rdf:Description>\n'
        "</rdf:RDF>\n"
    )
    path = tmp_path / "lol.rdf"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(PackSyntaxError) as e:
        Pack.open(path).parse()
    assert e.value.path == path and e.value.line == 3 and "entity" in str(e.value)
