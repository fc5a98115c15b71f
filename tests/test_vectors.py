"""TF-IDF n-gram vectors: what makes two questions similar."""

from __future__ import annotations

import numpy as np

from rss_bot.vectors import Vectorizer


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
