"""French normalisation: what the matcher sees of a question."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rss_bot.normalize import (
    _LIGATURES,
    _NON_WORD,
    ARITHMETIC_TOKEN,
    _fold,
    content_words,
    fold,
    without_filler,
    without_greeting,
    words,
)
from rss_bot.vectors import Analyser


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
        # Bambara letters read as people type them without a Bambara keyboard
        ("I ni sɔgɔma, an bɛ", "i ni sogoma an be"),
        ("a ka ɲi, Ɲɔgɔn", "a ka nyi nyogon"),
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
        ("des docs pr l armee", ["des", "documents", "pour", "l", "armee"]),
        ("kelk1 lit", ["quelqu", "un", "lit"]),
        ("minusma a kitte le mali", ["minusma", "a", "quitte", "le", "mali"]),
        ("yo frere", ["salut", "frere"]),
        # Bambara "what is it?": a form of several words, replaced where they follow each other
        ("rss a ye mun ye", ["rss", "c", "est", "quoi"]),
        ("DDR, ye mun ye ?", ["ddr", "c", "est", "quoi"]),
        ("mun", ["quoi"]),
        ("a ye la mun ye", ["a", "ye", "la", "quoi", "ye"]),
        # the question word first: "what is the PEJ ?"
        ("mun ye PEJ ye ? stp", ["c", "est", "quoi", "pej", "svp"]),
        ("maya mun yeux", ["maya", "quoi", "yeux"]),
        ("DDR kɔrɔ ye mun ye ?", ["ddr", "ca", "veut", "dire", "quoi"]),
        ("n ma famu", ["je", "n", "ai", "pas", "compris"]),
        # a letter among letters is spelt, not an SMS form ("g": j'ai)
        ("g compris", ["j", "ai", "compris"]),
        ("a r g a mali", ["a", "r", "g", "a", "mali"]),
        # Bambara question words mixed into French
        ("la campagne kɛra yɔrɔ jumɛn ?", ["la", "campagne", "etait", "ou"]),
        ("PEJ mɔgɔ joli ?", ["pej", "personnes", "combien"]),
        ("MINUSMA y'a dɛmɛ cogo di ?", ["minusma", "y", "a", "appui", "comment"]),
        ("kamalenw ka baara", ["jeunes", "ka", "travail"]),
        ("l'affaire des sorodasiw", ["l", "affaire", "des", "soldats"]),
        ("musow aussi ?", ["femmes", "aussi"]),
        ("a ka kan ka dɔn", ["je", "veux", "savoir"]),  # "kan" here is no SMS "quand"
        # a key held down: the form with one letter when only that one is known
        ("cestquoi le moc", ["c", "est", "quoi", "le", "moc"]),
        (
            "ds kel ville yavé les actions",
            ["dans", "quel", "ville", "il", "y", "avait", "les", "actions"],
        ),
        ("la minusma est la mnt", ["la", "minusma", "est", "la", "maintenant"]),
        ("slttt", ["salut"]),
        ("mrciii", ["merci"]),
        ("elllle", ["elle"]),
        ("kel st les axes", ["quel", "sont", "les", "axes"]),
        ("thank u frr", ["thank", "you", "frere"]),
        # "je" glued to a verb cut short: not "juin", not "jeun"
        ("jsui etudiant", ["je", "suis", "etudiant"]),
        ("kes kon doit faire", ["qu", "est", "ce", "qu", "on", "doit", "faire"]),
        ("jveu savoir", ["je", "veux", "savoir"]),
        ("jpeu payer", ["je", "peux", "payer"]),
        ("kes kil fo faire", ["qu", "est", "ce", "qu", "il", "faut", "faire"]),
        ("c fo", ["c", "faux"]),  # "c'est faux", not "c'est faut"
        ("jusqua kel heure dmn", ["jusqu", "a", "quel", "heure", "demain"]),
        ("konbien de jeunes", ["combien", "de", "jeunes"]),
        ("komben de casques bleus", ["combien", "de", "casques", "bleus"]),
        # the same question in more words
        ("De quelle manière l'a-t-elle aidé ?", ["comment", "l", "a", "t", "elle", "aide"]),
        ("de kel facon", ["comment"]),
        ("c'est quoi au juste", ["c", "est", "quoi", "exactement"]),  # not "juste", "fair"
        # "kan" is "quand", but after an article the camps said as they sound
        ("lé kan moc", ["le", "camp", "moc"]),
        ("tu viens kan", ["tu", "viens", "quand"]),
        ("c t pr ki", ["c", "etait", "pour", "qui"]),
        ("ct ou", ["c", "etait", "ou"]),
        ("ta ete cree par ki", ["tu", "as", "ete", "cree", "par", "qui"]),
        ("la minusma a fai koi", ["la", "minusma", "a", "fait", "quoi"]),
        ("ta soeur", ["ta", "soeur"]),  # "ta" alone is no "tu as"
    ],
)
def test_words_expand_sms_forms(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("d'accord", ["ok"]),
        ("Ah d'accord, merci", ["ah", "ok", "merci"]),
        ("je suis d'accord", ["je", "suis", "ok"]),
        ("dacc", ["ok"]),
        # the peace agreement stays an agreement
        ("l'accord pour la paix", ["l", "accord", "pour", "la", "paix"]),
        ("d'accord pour la paix", ["d", "accord", "pour", "la", "paix"]),
        (
            "la mise en oeuvre d'accord de paix",
            ["la", "mise", "en", "oeuvre", "d", "accord", "de", "paix"],
        ),
        ("un projet d'accord", ["un", "projet", "d", "accord"]),
    ],
)
def test_d_accord_says_ok_unless_it_names_an_agreement(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


def test_content_words_drop_greetings_when_a_question_remains() -> None:
    assert content_words(words("Bonjour, c'est quoi le MOC svp ?")) == ["quoi", "moc"]
    # street interjections: "akié" was corrected to the knowledge base's "aide"
    assert content_words(words("akié frère, walaï c'est quoi le MOC")) == ["quoi", "moc"]


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
    analyser = Analyser({}, [])
    assert analyser.stem(a) == analyser.stem(b)


@pytest.mark.parametrize("token", ["2364", "175", "moc", "fama", "ddr", "minusma"])
def test_stem_leaves_numbers_and_acronyms(token: str) -> None:
    assert Analyser({"minusma": ["mission des nations unies"]}, ["fama"]).stem(token) == token


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("bi1 recu", ["bien", "recu"]), ("kel1 sait", ["quelqu", "un", "sait"]), ("1fo", ["info"])],
)
def test_sms_forms_with_digits_are_expanded(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


@pytest.mark.parametrize("raw", ["2+2", "12 x 7 = ?", "100/4", "3 * 3", "-1", "−5 ?"])
def test_a_calculation_is_marked(raw: str) -> None:
    assert words(raw)[-1] == ARITHMETIC_TOKEN


@pytest.mark.parametrize(
    "raw", ["les 3 axes", "2364 (2017)", "axe 1", "le x de la fiche", "RSS-DDR 2", "axe-1"]
)
def test_numbers_in_questions_are_not_calculations(raw: str) -> None:
    assert ARITHMETIC_TOKEN not in words(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>DDR</b>", ["ddr"]),
        ('c koi le <a href="x">moc</a> ?', ["c", "quoi", "le", "moc"]),
        ("je t'aime <3", ["je", "t", "aime", "3"]),
        ("a < b > c", ["a", "b", "c"]),
    ],
)
def test_html_tags_are_not_words(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


def test_politeness_leaves_the_character_view_but_not_when_alone() -> None:
    assert without_filler(words("bjr svp c'est quoi le moc ? merci")) == [
        "c",
        "est",
        "quoi",
        "le",
        "moc",
    ]
    assert without_filler(words("bonjour la famille")) == ["bonjour", "la", "famille"]


def test_terminal_escape_sequences_are_no_words() -> None:
    """'ESC [2J' (clear the screen) read as '2 j' and got the answer about axis 2."""
    assert fold("\x1b[2J") == ""
    assert fold("bonjour \x1b[31mle MOC\x1b[0m ?") == "bonjour le moc"
    assert fold("\x1b]0;titre\x07c koi le ddr") == "c koi le ddr"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("c'est quoi le M O C", ["c", "est", "quoi", "le", "moc"]),
        ("le D.D.R.", ["le", "ddr"]),
        ("Il y a A B C", ["il", "y", "a", "abc"]),
        # a message in capitals spells nothing: "y a-t-il" stays words
        ("Y A T IL UN CAMP", ["y", "a", "t", "il", "un", "camp"]),
        ("M. Traoré a dit", ["m", "traore", "a", "dit"]),
    ],
)
def test_capitals_spelled_one_by_one_make_an_acronym(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("la résolution deux mille trois cent soixante quatre", ["la", "resolution", "2364"]),
        ("cent soixante-quinze jeunes", ["175", "jeunes"]),
        ("mille neuf cent quatre-vingt-seize", ["1996"]),
        ("trois cents personnes", ["300", "personnes"]),
        # one number word, or none with "cent" or "mille": words
        ("merci mille fois", ["merci", "mille", "fois"]),
        ("une unité de deux cents", ["une", "unite", "de", "200"]),
        ("les trois axes", ["les", "trois", "axes"]),
        # two numbers in a row, and a number without "cent" or "mille"
        (
            "la résolution deux mille trois cent soixante quatre deux mille dix sept",
            ["la", "resolution", "2364", "2017"],
        ),
        ("les soixante quinze membres", ["les", "75", "membres"]),
        ("vingt et un jeunes", ["21", "jeunes"]),
        ("le troisième axe", ["le", "troisieme", "axe"]),
        ("mille mercis", ["merci"]),  # thanks, not a figure
    ],
)
def test_large_numbers_dictated_in_words_are_digits(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("elle a fait quoi quoi pour", ["elle", "a", "fait", "quoi", "pour"]),
        ("la reforme du du secteur", ["la", "reforme", "du", "secteur"]),
        ("le moc de la de la paix", ["le", "moc", "de", "la", "paix"]),
        # French that repeats a word on purpose, and numbers, are kept as written
        ("nous nous sommes vus", ["nous", "nous", "sommes", "vus"]),
        ("vous vous inscrivez", ["vous", "vous", "inscrivez"]),
        ("c est qui qui a fait", ["c", "est", "qui", "qui", "a", "fait"]),
        ("2 2", ["2", "2"]),
        ("66 45 66 45", ["66", "45", "66", "45"]),
        ("vingt vingt", ["vingt", "vingt"]),
        ("le d d r", ["le", "d", "d", "r"]),
        ("le dé dé erre", ["le", "de", "de", "erre"]),  # DDR spelled aloud
        ("l'ère esse esse", ["l", "ere", "esse", "esse"]),
        ("le conseil de de la jeunesse", ["le", "conseil", "de", "la", "jeunesse"]),
    ],
)
def test_dictation_stutters_are_dropped(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("aw ni ce, la MINUSMA est encore au Mali ?", "la minusma est encore au mali"),
        ("salut, i ni sogoma, c koi le moc", "salut c quoi le moc"),
        # alone it greets; followed by thanks, or at the end, it thanks
        ("i ni ce", "i ni ce"),
        ("i ni ce kosɛbɛ, ça m'a bien aidé", "i ni ce kosebe ca m a bien aide"),
        ("tu m'as trop aidé, i ni ce", "tu m as trop aide i ni ce"),
        ("aw ni ce, on dit quoi", "on dit quoi"),
    ],
)
def test_a_bambara_greeting_opening_a_question_is_politeness(raw: str, expected: str) -> None:
    assert " ".join(without_greeting(words(raw))) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # speech's "en fait" / "au fait" frame the sentence: no verb "fait" to match on
        ("en fait la pej fe koi", ["la", "pej", "fait", "quoi"]),
        ("au fait, c koi le moc", ["c", "quoi", "le", "moc"]),
        ("en faite c koi", ["c", "quoi"]),
        ("qu'a fait la minusma", ["qu", "a", "fait", "la", "minusma"]),
        ("gao en fait partie ?", ["gao", "en", "fait", "partie"]),
        # "deuxième question" numbers the asks; "le deuxième axe" names a topic
        ("deuxieme question c quoi le moc", ["question", "c", "quoi", "le", "moc"]),
        ("autre question, la pej", ["question", "la", "pej"]),
        ("c'est autre chose", ["c", "est", "autre", "chose"]),
        ("c quoi le deuxieme axe", ["c", "quoi", "le", "deuxieme", "axe"]),
        # Bambara "ka kan ka" (must) and "kɛ" (do): no "quand", no "que"
        ("kamalenw ka kan ka mun ke", ["jeunes", "doivent", "quoi", "faire"]),
        ("minusma ye mun ke", ["minusma", "a", "fait", "quoi"]),
        ("une autre resolution", ["une", "autre", "resolution"]),
    ],
)
def test_words_that_frame_speech_are_dropped(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("c'est quoi les 3 axe ?", ["c", "est", "quoi", "les", "3", "axes"]),
        ("les 75 formé sur le genre", ["les", "75", "formes", "sur", "le", "genre"]),
        ("le 3e axe", ["le", "3", "e", "axe"]),  # one axis: the third
        (
            "les 75, combien c'était des femmes",
            ["les", "75", "combien", "c", "etait", "des", "femmes"],
        ),
        ("les 175 ont été formés", ["les", "175", "ont", "ete", "formes"]),
    ],
)
def test_a_noun_counted_after_a_plural_determiner_is_plural(raw: str, expected: list[str]) -> None:
    assert words(raw) == expected


def test_bambara_is_in_a_place_reads_as_french() -> None:
    """ "bɛ X la" is "is in X"; "an bɛ" (a greeting) is left as it is."""
    assert " ".join(words("MINUSMA bɛ Mali la hali bi wa ?")).startswith("minusma est au mali")
    assert words("an bɛ") == ["an", "be"]


def test_the_sms_table_names_each_form_once() -> None:
    """YAML silently keeps the last of two equal keys: a form written twice hides one."""
    import re
    from importlib import resources

    text = resources.files("rss_bot").joinpath("data/sms.yaml").read_text("utf-8")
    keys = re.findall(r"^  ([^#\s][^:]*):", text, re.MULTILINE)
    assert len(keys) > 100
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


@given(st.text(max_size=80))
def test_accents_go_and_nothing_else_does(text: str) -> None:
    # As unicodedata defines combining marks: every one removed, every other character kept.
    decomposed = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKC", text).translate(_LIGATURES).lower()
    )
    if "\x1b" in text or "<" in text:
        return  # escapes and markup are blanked first
    expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert _fold(text) == _NON_WORD.sub(" ", expected)
