"""French normalisation: what the matcher sees of a question."""

from __future__ import annotations

import pytest

from rss_bot.text import content_words, fold, stem, words


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Qu’est-ce que la Réforme ?", "qu est ce que la reforme"),
        ("MAÎTRISE œuvre Cœur", "maitrise oeuvre coeur"),
        ("l'Accord pour la paix", "l accord pour la paix"),
        ("PEJ/RSS-DDR", "pej rss ddr"),
        ("175membres", "175 membres"),
        ("  des   espaces\t\net\u00a0insécables ", "des espaces et insecables"),
        ("ＦＡＭＡ", "fama"),
        ("", ""),
        ("🙂🙂", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("c koi le moc", ["c", "quoi", "le", "moc"]),
        ("kel sont les axes stp", ["quel", "sont", "les", "axes", "svp"]),
        ("pk la minusma", ["pourquoi", "la", "minusma"]),
        ("cb de jeunes", ["combien", "de", "jeunes"]),
        ("keske la pej", ["qu", "est", "ce", "que", "la", "pej"]),
        ("cest quoi", ["c", "est", "quoi"]),
        ("merciiiii", ["merci"]),
    ],
)
def test_words_expand_sms_forms(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


def test_content_words_drop_greetings_when_a_question_remains() -> None:
    assert content_words(words("Bonjour, c'est quoi le MOC svp ?")) == ["quoi", "moc"]


def test_content_words_keep_a_greeting_alone() -> None:
    assert content_words(words("bonjour")) == ["bonjour"]


def test_content_words_keep_question_words() -> None:
    assert content_words(words("où sont les camps ? combien ? qui ?")) == [
        "ou",
        "camps",
        "combien",
        "qui",
    ]


def test_thanks_for_the_information_stays_thanks() -> None:
    assert content_words(words("merci bcp pour les infos")) == ["merci"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("formations", "formation"),
        ("frontieres", "frontiere"),
        ("nationaux", "national"),
        ("renforcement", "renforcer"),
        ("equipements", "equiper"),
    ],
)
def test_stem_joins_forms_of_a_word(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize("token", ["2364", "175", "moc", "fama", "ddr"])
def test_stem_leaves_numbers_and_short_words(token: str) -> None:
    assert stem(token) == token
