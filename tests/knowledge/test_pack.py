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
    from kgqa.representation.stores import open_store

    with pytest.raises(PackSyntaxError, match="entity"):
        open_store(Pack.open(path), "oxigraph", cache_dir=tmp_path / "cache")


@pytest.mark.parametrize("name", ["big.ttl", "big.rdf"])
def test_a_literal_too_large_for_the_store_is_refused_with_file_and_line(tmp_path: Path, name: str) -> None:
    """A probe's 50 MB literal crashed the on-disk store's parser (its 16 MiB buffer) with a
    traceback; every store now refuses it alike, and validation reports it."""
    from kgqa.curation.validation import validate_pack
    from kgqa.knowledge.pack import MAX_LITERAL_BYTES
    from kgqa.representation.stores import open_store

    big = "x" * (MAX_LITERAL_BYTES + 10)
    if name.endswith(".ttl"):
        doc = f'@prefix ex: <https://e.org/> .\n\nex:a ex:label "A" .\nex:a ex:note "{big}" .\n'
    else:
        doc = (
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
            '  xmlns:ex="https://e.org/">\n<rdf:Description rdf:about="https://e.org/a">\n'
            f"<ex:note>{big}</ex:note></rdf:Description>\n</rdf:RDF>\n"
        )
    pack_dir = tmp_path / "pack"
    pack_dir.mkdir()
    (pack_dir / name).write_text(doc, encoding="utf-8")
    line = 4 if name.endswith(".ttl") else 5
    for store in ("memory", "oxigraph"):
        with pytest.raises(PackSyntaxError, match="longer than 16 MiB") as e:
            open_store(Pack.open(pack_dir), store, cache_dir=tmp_path / "cache")
        assert (e.value.path.name, e.value.line) == (name, line)
    report = validate_pack(pack_dir)
    assert not report.ok and [(i.file, i.line) for i in report.issues] == [(name, line)]
