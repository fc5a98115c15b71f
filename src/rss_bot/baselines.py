"""Two textbook classifiers to compare the matcher with, in the same run on the same data.

- `tfidf`: character 2-5-gram TF-IDF, one document per intent (its examples joined),
  cosine similarity; the confidence is the best cosine.
- `logreg`: logistic regression (C=20) on character 1-5-gram TF-IDF, one row per example;
  the confidence is the best probability.

Both learn from the example questions, titles and keywords, lowercase and without accents
(scikit-learn's `strip_accents="unicode"`). They need scikit-learn (`pip install
'rss-bot[eval]'`); the bot itself does not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rss_bot.knowledge import KnowledgeBase

Predict = Callable[[Sequence[str]], tuple[list[str], list[float]]]
NAMES = ("tfidf", "logreg")


class BaselineUnavailable(Exception):
    """Raised when scikit-learn is not installed."""


@dataclass(frozen=True)
class Baseline:
    """A trained baseline: its name and how it predicts (best intent, confidence)."""

    name: str
    predict: Predict


def _examples(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for intent in kb.intents:
        for text in (
            *intent.questions,
            *([intent.title] if intent.title else []),
            *intent.keywords,
        ):
            texts.append(text)
            labels.append(intent.id)
    return texts, labels


def train(name: str, kb: KnowledgeBase) -> Baseline:
    """Train the baseline called `name` ("tfidf" or "logreg") on a knowledge base."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise BaselineUnavailable from None
    texts, labels = _examples(kb)
    ids = [i.id for i in kb.intents]
    if name == "tfidf":
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, strip_accents="unicode"
        )
        documents = vectorizer.fit_transform(
            [" ".join(t for t, label in zip(texts, labels, strict=True) if label == i) for i in ids]
        )

        def predict_tfidf(questions: Sequence[str]) -> tuple[list[str], list[float]]:
            sims = (vectorizer.transform(list(questions)) @ documents.T).toarray()
            return [ids[j] for j in sims.argmax(axis=1)], sims.max(axis=1).tolist()

        return Baseline(name, predict_tfidf)
    if name == "logreg":
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 5), sublinear_tf=True, strip_accents="unicode"
        )
        model = LogisticRegression(C=20, max_iter=5000)
        model.fit(vectorizer.fit_transform(texts), labels)

        def predict_logreg(questions: Sequence[str]) -> tuple[list[str], list[float]]:
            probs = model.predict_proba(vectorizer.transform(list(questions)))
            return list(model.classes_[probs.argmax(axis=1)]), probs.max(axis=1).tolist()

        return Baseline(name, predict_logreg)
    raise ValueError(name)
