"""Typo correction towards the knowledge base, and words it never uses."""

from __future__ import annotations

import pytest

from rss_bot.lexicon import Lexicon
from rss_bot.vectors import Analyser

VOCABULARY = {"mairie", "section", "formation", "minusma", "frontiere", "camps", "fama", "alpc"}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(VOCABULARY, french_size=50_000, min_length=4, cutoff=75.0)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("sectoin", "section"), ("fomation", "formation"), ("mimusma", "minusma"), ("casps", "camps")],
)
def test_typos_are_corrected_to_knowledge_base_words(
    lexicon: Lexicon, typed: str, meant: str
) -> None:
    assert lexicon.correct(typed) == meant


def test_of_words_equally_close_the_one_a_single_wrong_letter_makes_wins() -> None:
    """ "maai" is as close to "mail" as to "mali" by insertions and deletions; one letter
    typed for another ("a" for "l") is the likelier typo."""
    for order in (["mail", "mali"], ["mali", "mail"]):
        lexicon = Lexicon(order, french_size=50_000, min_length=4, cutoff=75.0)
        assert lexicon.correct("maai") == "mali"
        assert lexicon.correct("maln") == "mali"
        assert lexicon.correct("mlai") == "mali"  # two letters swapped: one slip


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("expliker", "expliquer"),
        ("boutik", "boutique"),
        ("kartier", "quartier"),
        ("bloke", "bloque"),
    ],
)
def test_qu_written_k_in_chat_is_read_back(lexicon: Lexicon, typed: str, meant: str) -> None:
    assert lexicon.correct(typed) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("sekurite", "securite"),
        ("formassion", "formation"),
        ("kanpagne", "campagne"),
        ("jenre", "genre"),
        ("rezolussion", "resolution"),  # nearly the same sound
    ],
)
def test_words_written_by_ear_are_read_as_the_base_words_they_sound_like(
    typed: str, meant: str
) -> None:
    heard = Lexicon(
        {"securite", "formation", "campagne", "genre", "resolution", "conseil"},
        french_size=50_000,
        min_length=4,
        cutoff=75.0,
    )
    assert heard.correct(typed) == meant
    assert heard.correct("zorglub") == "zorglub"  # sounds like nothing the base says


@pytest.mark.parametrize("word", ["maire", "salon", "frontal", "camp", "section"])
def test_real_french_words_are_never_changed(lexicon: Lexicon, word: str) -> None:
    assert lexicon.correct(word) == word


@pytest.mark.parametrize("token", ["ddr", "175", "x1", "zzzzzzz"])
def test_short_words_numbers_and_far_words_stay(lexicon: Lexicon, token: str) -> None:
    assert lexicon.correct(token) == token


def test_unknown_share_counts_rare_words_more(lexicon: Lexicon) -> None:
    assert lexicon.unknown_share(["section", "formation"]) == 0.0
    assert lexicon.unknown_share([]) == 1.0
    assert lexicon.unknown_share(["tieboudienne"]) == 1.0
    # an everyday unknown word weighs less than a rare one
    common = lexicon.unknown_share(["section", "maison"])
    rare = lexicon.unknown_share(["section", "tieboudienne"])
    assert 0 < common < rare < 1


def test_another_form_of_a_known_word_counts_in_part() -> None:
    """ "enregistrez" is not "enregistres", but the same word: neither known nor unknown."""
    stem = Analyser({}, ()).stem
    words = {"enregistres", "messages"}
    lexicon = Lexicon(
        words, french_size=50_000, min_length=4, cutoff=75.0, stem=stem, stem_known_weight=0.5
    )
    plain = Lexicon(words, french_size=50_000, min_length=4, cutoff=75.0)
    assert plain.unknown_share(["enregistrez"]) == 1.0
    assert lexicon.unknown_share(["enregistrez"]) == pytest.approx(0.5)
    assert lexicon.unknown_share(["enregistres"]) == 0.0
    assert lexicon.unknown_share(["tieboudienne"]) == 1.0
    # a held-out row: its own stems replaced
    assert lexicon.unknown_share(["enregistrez"], known_stems=frozenset()) == 1.0


def test_information_follows_word_frequency(lexicon: Lexicon) -> None:
    assert lexicon.information("de") < lexicon.information("frontiere") < 1.0
    assert lexicon.information("kanabougou") == 1.0


def test_an_acronym_said_as_a_word_is_read_as_the_acronym() -> None:
    lexicon = Lexicon(
        {"plateforme", "jeunes", "pej", "ddr", "matd"},
        french_size=50_000,
        min_length=4,
        cutoff=75.0,
        acronyms={"pej", "ddr", "matd"},
    )
    assert lexicon.correct("pege") == "pej"  # "la pège": the PEJ as it sounds
    # "DDR" sounds "DR" and "MATD" "MA": as sounds they would stand for too many words
    assert "ddr" not in {w for words in lexicon.by_sound.values() for w in words}
    assert "matd" not in {w for words in lexicon.by_sound.values() for w in words}
    assert lexicon.correct("piege") == "piege"  # a French word stays


def test_both_views_see_an_acronym_a_word_was_corrected_to() -> None:
    # "pège" and "PEJ" share no character n-gram: the character view must see the acronym.
    analyser = Analyser({}, ["pej"])
    analyser.lexicon = Lexicon(
        {"pej", "plateforme"}, french_size=50_000, min_length=4, cutoff=75.0, acronyms={"pej"}
    )
    analysed = analyser.analyse("c koi la pège", correct=True)
    assert analysed.corrections == (("pege", "pej"),)
    assert "pej" in analysed.tokens
    assert "pej" in analysed.content
