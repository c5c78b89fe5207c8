from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgqa.deployment.cli import main

from ..conftest import DATA, MOVIES


@pytest.fixture(autouse=True)
def _cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGQA_CACHE", str(cache_dir))


def test_ask_json_one_object_per_question(tmp_path: Path) -> None:
    qfile = tmp_path / "q.txt"
    qfile.write_text("Who directed Alien?\n\nWhen was Jaws released?\n")
    result = CliRunner().invoke(
        main, ["ask", "--pack", str(MOVIES), "--reader", "none", "--json", "--questions", str(qfile)]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == ["Who directed Alien?", "When was Jaws released?"]
    assert rows[0]["entities"][0]["label"] == "Ridley Scott"
    assert rows[1]["answer"] == "1975"
    for r in rows:
        assert {"question", "answer", "entities", "facts", "confidence", "abstained", "paths"} <= set(r)


def test_ask_text_shows_path_and_facts() -> None:
    result = CliRunner().invoke(
        main, ["ask", "--pack", str(MOVIES), "--reader", "none", "Where was the director of Jaws born?"]
    )
    assert result.exit_code == 0, result.output
    assert "A: Cincinnati" in result.output
    assert "path: Jaws —directed by→ Steven Spielberg —born in→ Cincinnati" in result.output


def test_facts_and_index_commands() -> None:
    result = CliRunner().invoke(main, ["index", "--pack", str(MOVIES)])
    assert result.exit_code == 0 and "facts indexed" in result.output
    result = CliRunner().invoke(main, ["facts", "--pack", str(MOVIES), "Who directed Alien?"])
    assert result.exit_code == 0
    assert "Alien was directed by Ridley Scott." in result.stdout.splitlines()[0]


def test_bad_input_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["ask", "--pack", str(tmp_path / "missing"), "--reader", "none", "hi"])
    assert r.exit_code == 1 and "does not exist" in r.output
    r = CliRunner().invoke(main, ["ask", "--pack", str(DATA / "broken"), "--reader", "none", "hi"])
    assert r.exit_code == 1 and "bad.ttl:4" in r.output
    r = CliRunner().invoke(main, ["ask", "--pack", str(MOVIES), "--reader", "none", "  "])
    assert r.exit_code == 1 and "empty" in r.output


def test_import_triples_command(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["import-triples", str(DATA / "awkward_triples.txt"), "--out", str(tmp_path / "p")])
    assert r.exit_code == 0, r.output
    assert "6 triples" in r.output


def test_a_line_that_is_not_utf8_is_named_and_the_others_answered(tmp_path: Path) -> None:
    # issue 14, item 7: a non-UTF-8 --questions file was a traceback, with no answer even for good lines
    qfile = tmp_path / "q.txt"
    qfile.write_bytes(b"Who directed Alien?\n\xff\xfe not text\nWhen was Alien released?\n")
    result = CliRunner().invoke(main, ["ask", "--pack", str(MOVIES), "--reader", "none", "--questions", str(qfile)])
    assert result.exit_code == 1
    assert "A: Ridley Scott" in result.stdout and "A: 1979" in result.stdout
    assert f"{qfile}:2: not UTF-8 text" in result.stderr
    assert "Traceback" not in result.output


def test_an_empty_question_is_refused_before_any_model_loads(tmp_path: Path) -> None:
    # issue 14, item 9: an empty question was refused only after the models had loaded (~15 s)
    result = CliRunner().invoke(main, ["ask", "--pack", str(tmp_path / "no-such-pack"), "   "])
    assert result.exit_code != 0 and "empty" in result.output.lower()


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    import shutil

    rivers = Path(shutil.copytree(DATA / "rivers", tmp_path / "rivers"))
    osc = "\x1b]0;pwned\x07"  # an OSC sequence: sets the terminal's title
    r = CliRunner().invoke(
        main,
        ["add", "--pack", str(rivers), "--curator", f"{osc}eve", "--note", f"see {osc}"]
        + ["Oxford", "mouth", "Black Sea"],
    )
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output
    history = CliRunner().invoke(main, ["history", "--pack", str(rivers)])
    assert history.exit_code == 0 and "\\x1b]0;pwned\\x07eve" in history.output
    assert "\x1b" not in history.output and "\x07" not in history.output


def test_unreadable_files_and_directories_are_one_line_errors(tmp_path: Path) -> None:
    """Found by a probe: each of these printed a traceback."""
    import shutil

    pack = shutil.copytree(DATA / "rivers", tmp_path / "rivers")
    (pack / "curation").write_text("a file where the change log belongs")
    r = CliRunner().invoke(main, ["history", "--pack", str(pack)])
    assert r.exit_code == 1 and r.output.strip().endswith("curation: Not a directory")
    assert len(r.output.strip().splitlines()) == 1 and r.exception is not None and "Traceback" not in r.output
    (pack / "curation").unlink()
    bad = tmp_path / "q.txt"
    bad.write_bytes(b"Which river flows through Vienna?\tDanube\nwhere \xff\xfe\tx\n")
    r = CliRunner().invoke(main, ["train", "--pack", str(pack), "--questions", str(bad), "--curator", "x"])
    assert r.exit_code == 1 and r.output.strip() == f"Error: {bad}:2: not UTF-8 text"
    common = ["eval", "--kb", str(pack), "--questions", str(bad), "--reader", "none", "--systems", "kgqa"]
    r = CliRunner().invoke(main, [*common, "--out", str(tmp_path / "results")])
    assert r.exit_code == 1 and r.output.strip() == f"Error: {bad}:2: not UTF-8 text"
    (tmp_path / "taken").write_text("")
    r = CliRunner().invoke(main, [*common, "--out", str(tmp_path / "taken")])
    assert r.exit_code == 2 and "is a file" in r.output
    r = CliRunner().invoke(main, [*common, "--out", str(tmp_path / "results"), "--limit", "-1"])
    assert r.exit_code == 2 and "--limit" in r.output
