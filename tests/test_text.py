"""Plain-text helpers: normalising, stemming, matching word forms, checking questions."""

from __future__ import annotations

import pytest

from kgqa import QuestionError
from kgqa.text import clean_question, local_name, normalize, raw_tokens, readable, same_word, stem


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("  Amélie —  Schindler's List! ") == "amelie schindler s list"
    assert normalize("E.T. the Extra-Terrestrial") == "e t the extra terrestrial"
    assert normalize("") == ""
    assert raw_tokens("Who directed Amélie?") == ["Who", "directed", "Amelie"]


def test_a_sign_standing_alone_is_a_word_and_punctuation_is_not() -> None:
    assert normalize("who acted in $?") == "who acted in $"  # the film "$"
    assert raw_tokens("Is 5 € + 2 € ok ?") == ["Is", "5", "€", "+", "2", "€", "ok"]
    # signs inside a word, and punctuation standing alone, are dropped as before
    assert normalize("US$ 5, C++ & Tom - Jerry ?") == "us 5 c tom jerry"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("directed", "direct"), ("director", "direct"), ("films", "film"), ("starring", "starr"), ("is", "is")],
)
def test_stem_strips_one_suffix(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("directed", "director"),  # one stem
        ("written", "writer"),  # shared prefix of 4+ letters
        ("wrote", "written"),  # irregular forms
        ("screenwriter", "writer"),  # a compound ending in the other
        ("starred", "star"),
        ("born", "bear"),
    ],
)
def test_same_word_meets_forms_of_one_word(a: str, b: str) -> None:
    assert same_word(a, b) and same_word(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("directed", "written"), ("film", "actor"), ("in", "is"), ("release", "language")]
)
def test_same_word_keeps_different_words_apart(a: str, b: str) -> None:
    assert not same_word(a, b)


def test_readable_names_and_local_names() -> None:
    assert readable("directed_by") == "directed by"
    assert readable("directedBy") == "directed by"
    assert readable("__music__recording__releases") == "music recording releases"
    assert local_name("https://kgqa.dev/packs/movies/directedBy") == "directedBy"
    assert local_name("http://example.org/onto#lengthKm") == "lengthKm"
    assert local_name("urn:kgqa:movies:r") == "r"
    assert local_name("https://e.org/things/") == "things"


def test_questions_are_cleaned_and_bounded() -> None:
    assert clean_question("  who   directed\n Alien? ", 100) == "who directed Alien?"
    with pytest.raises(QuestionError, match="empty"):
        clean_question(" \t ", 100)
    with pytest.raises(QuestionError, match="limit is 10"):
        clean_question("x" * 11, 10)


def test_a_mistyped_question_word_is_read_right() -> None:
    from kgqa.text import repair_question

    assert repair_question("Whats the largest city?") == "What's the largest city?"
    assert repair_question("whcih opera house is oldest") == "which opera house is oldest"
    assert repair_question("Wat Arun is where?") == "Wat Arun is where?"  # a name, not a typo
    assert repair_question("Who wrote Dune?") == "Who wrote Dune?"


def test_i_e_and_e_g_are_no_words() -> None:
    # "the youngest composer, i.e. born most recently": "i" read as a sequel's numeral after a name
    from kgqa.text import normalize, raw_tokens

    assert normalize("Who is the youngest composer, i.e. born most recently?").split()[4:6] == ["composer", "born"]
    assert raw_tokens("plants, e.g. roses") == ["plants", "roses"]
    assert normalize("Dr. Who and pie. egg") == "dr who and pie egg"
