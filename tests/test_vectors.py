"""TF-IDF n-gram vectors: what makes two questions similar."""

from __future__ import annotations

import numpy as np
import pytest

from rss_bot.knowledge import load
from rss_bot.lexicon import Lexicon
from rss_bot.matcher import Matcher, Outcome
from rss_bot.normalize import words
from rss_bot.vectors import Analyser, Postings, Vectorizer

from .conftest import KNOWLEDGE, WriteKB


def cosine(v: Vectorizer, a: list[str], b: list[str]) -> float:
    m = v.transform([a, b])
    return float((m[0] @ m[1].T).toarray()[0, 0])


def test_character_grams_survive_typos_and_numbers_do_not() -> None:
    docs = [["formation", "175"], ["formation", "157"], ["frontiere"], ["fomation"]]
    v = Vectorizer("char", (1, 5)).fit(docs)
    assert cosine(v, ["formation"], ["fomation"]) > 0.5
    assert cosine(v, ["175"], ["157"]) == 0.0
    assert cosine(v, ["175"], ["175"]) == 1.0


def test_rows_are_unit_length_and_unknown_text_is_zero() -> None:
    v = Vectorizer("word", (1, 2)).fit([["camp", "moc"], ["axe", "prioritair"]])
    m = v.transform([["camp", "moc"], ["inconnu"], []])
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1))).ravel()
    assert norms.tolist() == [1.0, 0.0, 0.0]
    assert "camp moc" in v.vocabulary


def test_vocabulary_can_be_reinstalled() -> None:
    v = Vectorizer("char", (2, 3)).fit([["abc"], ["abd"]])
    copy = Vectorizer("char", (2, 3))
    copy.set_vocabulary(list(v.vocabulary), v.idf)
    assert (copy.transform([["abc"]]) != v.transform([["abc"]])).nnz == 0


def _views() -> tuple[Vectorizer, Vectorizer, list[list[str]]]:
    docs = [
        ["camp", "cantonnement", "moc"],
        ["axe", "prioritaire", "reforme"],
        ["formation", "175", "cadres"],
        ["camp", "de", "gao"],
        ["reforme", "du", "secteur", "de", "la", "securite"],
    ]
    return Vectorizer("char", (1, 4)).fit(docs), Vectorizer("word", (1, 2)).fit(docs), docs


def _product(char: Vectorizer, word: Vectorizer, rows: list[list[str]], asked: list[list[str]]):
    """The similarities as one sparse matrix product per view, as the training kernel has them."""
    char_t = char.transform(rows).T.tocsr()
    word_t = word.transform(rows).T.tocsr()
    return (
        0.7 * (char.transform(asked) @ char_t).toarray()
        + 0.3 * (word.transform(asked) @ word_t).toarray()
    )


@pytest.mark.parametrize("dense_grams", [0, 3, 10_000])
def test_postings_give_the_sparse_product_one_question_or_many(dense_grams: int) -> None:
    char, word, docs = _views()
    postings = Postings(
        [char.transform(docs).T.tocsr(), word.transform(docs).T.tocsr()],
        [0.7, 0.3],
        dense_grams=dense_grams,
    )
    asked = [["camp", "moc"], ["reforme", "securite", "gao"], ["qwz"], [], ["formation"]]

    def similarities(questions: list[list[str]]) -> np.ndarray:
        return postings.similarities([(char.weights(q), word.weights(q)) for q in questions])

    expected = _product(char, word, docs, asked)
    assert np.allclose(similarities(asked), expected, rtol=0, atol=1e-12)
    for k, question in enumerate(asked):
        assert np.allclose(similarities([question])[0], expected[k], rtol=0, atol=1e-12)
    many = asked * 15  # more than one batch
    assert np.allclose(similarities(many), np.vstack([expected] * 15), rtol=0, atol=1e-12)
    assert similarities([]).shape == (0, len(docs))
    assert similarities([["camp", "moc"]]).argmax() == 0  # its own row is the nearest
    assert not similarities([[]]).any()  # an empty question resembles nothing


def test_a_misspelt_synonym_is_corrected_then_rewritten() -> None:
    analyser = Analyser({"rss": ["reforme du secteur de la securite"]}, [])
    vocabulary = {"rss", "conseil", "national", "securite", "interieure"}
    analyser.lexicon = Lexicon(vocabulary, french_size=50_000, min_length=4, cutoff=75.0)
    analysed = analyser.analyse("le conseil pr la reforme du secteur de la serurite", correct=True)
    assert analysed.content == ("conseil", "rss")
    assert "rss" in analysed.tokens  # the character view reads the synonym too
    assert analysed.corrections == (("serurite", "securite"),)
    # a correction that reveals no synonym leaves the character view as typed
    assert "secter" in analyser.analyse("le secter", correct=True).tokens
    # the words of a variant are rewritten whole, never corrected one by one
    assert analyser.analyse("reforme du secteur de la securite", correct=True).content == ("rss",)


def test_words_that_dictation_splits_are_joined_back() -> None:
    analyser = Analyser({}, ["minusma", "fama"])
    vocabulary = {
        "minusma",
        "fama",
        "moci",
        "resolution",
        "plateforme",
        "jeunes",
        "quelle",
        "mali",
        "forme",
    }
    vocabulary |= {"desarmes", "demobilisation", "jeunesse", "armes", "legeres"}
    analyser.lexicon = Lexicon(vocabulary, french_size=50_000, min_length=4, cutoff=75.0)

    def read(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        analysed = analyser.analyse(text, correct=True)
        return analysed.content, analysed.corrections

    assert read("la minus ma est partie") == (("minusma", "partie"), (("minus ma", "minusma"),))
    assert read("la re solution") == (("resolution",), (("re solution", "resolution"),))
    assert read("la plate forme des jeunes")[0] == ("plateforme", "jeunes")
    # an acronym may be short, as long as it is one of the base's ("les fa ma")
    assert read("les fa ma c'est qui")[1] == (("fa ma", "fama"),)
    assert read("le mo ci")[1] == ()  # a short word that is not an acronym stays apart
    # articles, pronouns and prepositions are not pieces of a word
    assert read("est-ce qu'elle est au mali")[1] == ()  # not "quelle"
    assert read("la collecte des armes legeres")[1] == ()  # not "désarmés"
    assert read("la journee de mobilisation")[1] == ()  # not "démobilisation"
    assert read("les jeunes se mobilisent")[1] == ()  # not "jeunesse"
    assert read("mais ma famille")[1] == ()  # a near miss of an acronym is not joined
    # a word already whole is left with its neighbour; real words are not glued into others
    assert read("la minusma a fait")[1] == ()
    assert read("en cours de route")[1] == ()
    # only questions are corrected: the knowledge base's own texts are read as written
    assert analyser.analyse("la minus ma").content == ("minus",)


def test_split_words_that_join_into_a_spelling_variant_are_read_as_its_word() -> None:
    analyser = Analyser({"minusma": ["minousma"]}, ["minusma"])
    analyser.lexicon = Lexicon({"minusma", "partie"}, french_size=50_000, min_length=4, cutoff=75.0)
    analysed = analyser.analyse("la minou sma est partie", correct=True)
    assert analysed.content == ("minusma", "partie")
    assert ("minou sma", "minousma") in analysed.corrections


def test_an_elision_typed_without_its_apostrophe_is_split() -> None:
    analyser = Analyser({}, ["emp", "onu"])
    vocabulary = {"emp", "onu", "armee", "inspections", "argent"}
    analyser.lexicon = Lexicon(vocabulary, french_size=50_000, min_length=4, cutoff=75.0)
    assert analyser.analyse("c koi lEMP", correct=True).content == ("quoi", "emp")
    assert analyser.analyse("les inspections de larmee", correct=True).content == (
        "inspections",
        "armee",
    )
    assert analyser.analyse("envoyer largent", correct=True).corrections == (
        ("largent", "l argent"),
    )
    # "qu" typed "k" after the elision: m' + "expliquer"
    assert analyser.analyse("ki peu mexpliker le ddr", correct=True).corrections == (
        ("mexpliker", "m expliquer"),
    )
    # common French words and names are left whole, as are the knowledge base's own texts
    assert analyser.analyse("la lame de segou", correct=True).corrections == ()
    assert analyser.analyse("c koi lEMP").content == ("quoi", "lemp")


def test_a_new_lexicon_forgets_what_words_read_as_under_the_old_one() -> None:
    # What a word reads as is kept per word, and depends on the knowledge base's words.
    analyser = Analyser({}, [])
    analyser.lexicon = Lexicon({"inspections"}, french_size=50_000, min_length=4, cutoff=75.0)
    assert analyser.analyse("les inspections de lbudjet", correct=True).corrections == ()
    analyser.lexicon = Lexicon(
        {"inspections", "budjet"}, french_size=50_000, min_length=4, cutoff=75.0
    )
    assert analyser.analyse("les inspections de lbudjet", correct=True).corrections == (
        ("lbudjet", "l budjet"),
    )


def test_the_stemmer_is_compiled_and_stems_as_snowballs_own_algorithm() -> None:
    from snowballstemmer.french_stemmer import FrenchStemmer

    analyser = Analyser({}, [])
    assert type(analyser._stemmer).__module__ == "Stemmer"  # PyStemmer, a dependency
    kb = load(KNOWLEDGE)
    tokens = {t for i in kb.intents for q in (*i.questions, i.answer) for t in words(q)}
    pure = FrenchStemmer()
    assert len(tokens) > 500
    assert all(
        analyser.stem(t) == (t if len(t) <= 3 or not t.isalpha() else pure.stemWord(t))
        for t in tokens
    )


def test_words_typed_without_spaces_are_split() -> None:
    analyser = Analyser({}, ["pej", "rss", "ddr"])
    vocabulary = {"role", "jeunes", "veille", "democratique", "pej", "rss", "ddr", "voir"}
    vocabulary |= {"campagne", "interurbain"}
    analyser.lexicon = Lexicon(
        vocabulary, french_size=50_000, min_length=4, cutoff=75.0, stem=analyser.stem
    )
    glued = analyser.analyse("cestquoilerole desjeunes dans laveille democratique", correct=True)
    assert glued.corrections == (
        ("cestquoilerole", "c est quoi le role"),
        ("desjeunes", "des jeunes"),
        ("laveille", "la veille"),
    )
    assert glued.content == ("quoi", "role", "jeunes", "veille", "democratique")
    assert analyser.analyse("cestquoilapej", correct=True).content == ("quoi", "pej")
    # a typo is corrected, not cut into letters; another form of a word is that word; a
    # name the base does not know is left whole
    assert analyser.analyse("la campagn", correct=True).corrections == (("campagn", "campagne"),)
    assert analyser.analyse("les cars interurbains", correct=True).corrections == (
        ("interurbains", "interurbain"),
    )
    assert analyser.analyse("je suis de sevare", correct=True).corrections == ()
    # a short token is a typo of one word, unless it joins acronyms
    assert analyser.analyse("il va peuvoir demain", correct=True).corrections == ()
    assert analyser.analyse("la section rssddr", correct=True).content == ("section", "rss", "ddr")


def test_an_acronym_spelled_aloud_is_read() -> None:
    analyser = Analyser({}, ["ddr", "rss", "cnj", "alpc", "pev", "moc"])
    vocabulary = {"ddr", "rss", "cnj", "alpc", "pev", "moc", "quoi", "armes", "veut", "dire"}
    analyser.lexicon = Lexicon(vocabulary, french_size=50_000, min_length=4, cutoff=75.0)

    def content(text: str) -> tuple[str, ...]:
        return analyser.analyse(text, correct=True).content

    assert content("c'est quoi le dé dé air") == ("quoi", "ddr")
    assert content("l'ère esse esse") == ("rss",)
    assert content("le cé enne ji") == ("cnj",)
    assert content("les armes a l p c") == ("armes", "alpc")
    # E said "eu", M heard as "aime"
    assert content("pé eu vé ça veut dire quoi") == ("pev", "veut", "quoi")
    assert content("c'est quoi le aime o c") == ("quoi", "moc")
    # letter names that spell nothing the base knows stay words
    assert content("elle en a de la peine") == ("peine",)
    assert analyser.analyse("le dé dé air").content == ("air",)  # not a question: as written


def test_an_acronym_spelled_by_ear_in_one_word_is_read() -> None:
    analyser = Analyser({}, ["ddr", "rss", "alpc", "pev"])
    vocabulary = {"ddr", "rss", "alpc", "pev", "quoi", "axes", "section"}
    analyser.lexicon = Lexicon(vocabulary, french_size=50_000, min_length=4, cutoff=75.0)
    read = analyser.analyse("les axes de la section èrèss dédéèr", correct=True)
    assert read.content == ("axes", "section", "rss", "ddr")
    assert read.tokens[-2:] == ("rss", "ddr")  # the character view reads it too
    assert analyser.analyse("c koi alpécé", correct=True).content == ("quoi", "alpc")
    # French words, and letters that spell no acronym of the base, stay as written
    assert analyser.analyse("la dette", correct=True).content == ("dette",)
    assert analyser.analyse("le deheer", correct=True).content == ("deheer",)


def test_an_acronym_typed_in_capitals_with_a_space_inside_is_joined() -> None:
    analyser = Analyser({}, ["ddr", "pej"])
    vocabulary = {"ddr", "pej", "quoi", "veut", "dire"}
    analyser.lexicon = Lexicon(vocabulary, french_size=50_000, min_length=4, cutoff=75.0)
    assert analyser.analyse("Ça veut dire quoi D DR", correct=True).content[-2:] == ("quoi", "ddr")
    assert analyser.analyse("c koi la PE J", correct=True).content == ("quoi", "pej")
    # in small letters, "d" is an elision: left as written
    assert "ddr" not in analyser.analyse("le role d dr", correct=True).content


def test_an_acronym_typed_in_capitals_with_two_letters_swapped_is_read() -> None:
    analyser = Analyser({}, ["pej", "pev", "moc", "ddr"])
    vocabulary = {"pej", "pev", "moc", "ddr", "quoi"}
    analyser.lexicon = Lexicon(vocabulary, french_size=50_000, min_length=4, cutoff=75.0)
    swapped = analyser.analyse("c koi le PJE", correct=True)
    assert swapped.content == ("quoi", "pej")
    assert swapped.tokens == ("c", "quoi", "le", "pej")  # the character view reads it too
    assert ("pje", "pej") in swapped.corrections
    assert analyser.analyse("le MCO", correct=True).content == ("moc",)
    # in small letters it may be a word or a typo of anything: left as written
    assert analyser.analyse("c koi le pje", correct=True).content == ("quoi", "pje")
    # two acronyms one swap away, or none: left as written
    two = Analyser({}, ["bac", "acb"])
    two.lexicon = Lexicon({"bac", "acb"}, french_size=50_000, min_length=4, cutoff=75.0)
    assert two.analyse("ABC", correct=True).content == ("abc",)
    assert analyser.analyse("le DRR", correct=True).content == ("drr",)


def test_an_acronym_of_the_knowledge_base_is_not_read_as_sms() -> None:
    # "ske" is SMS for "ce que", but a base that writes "SKE" means its electricity company
    assert Analyser({}, ["ske"]).analyse("facture ske", correct=True).content == (
        "facture",
        "ske",
    )
    assert Analyser({}, []).analyse("facture ske", correct=True).content == ("facture",)


def test_a_question_naming_the_acronym_reaches_its_intent(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq="""\
        intents:
          - id: electricite
            questions: [payer la facture SKE, facture SKE en retard, couper le courant SKE]
            answer: Payez la Société kanabougouoise d'électricité (SKE) au guichet.
          - id: credit
            questions: [acheter du credit, recharger mon telephone, credit d appel]
            answer: Achetez du crédit chez un agent.
        """
    )
    matcher = Matcher(load(folder))
    match = matcher.match("g un souci avec ske")
    assert match.outcome is Outcome.ANSWER
    assert match.ranked[0].intent_id == "electricite"
