"""Evaluation: noisy copies, baselines at rss-bot's number of wrong answers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from rss_bot.baselines import Baseline, train
from rss_bot.engine import Engine
from rss_bot.evaluation import (
    QuestionSet,
    by_kind,
    compare,
    evaluate_baseline,
    evaluate_engine,
    load_set,
)
from rss_bot.explain import render_comparison
from rss_bot.knowledge import load
from rss_bot.noise import noisy_copies

from .conftest import DATA, ROOT, WriteKB
from .test_matcher import MINIMAL

QUESTIONS = QuestionSet(
    (("A quelle heure ouvrez-vous ?", "horaires"), ("Où est votre bureau ?", "adresse")),
    ("Qui a gagné le match ?",),
)


def test_noisy_copies_are_seeded_and_noisy() -> None:
    texts = ["Qu'est-ce que la Réforme ? Combien de jeunes formés ?"] * 3
    first, again = noisy_copies(texts, seed=1), noisy_copies(texts, seed=1)
    assert first == again
    assert all("é" not in t for t in first)
    assert len(set(first)) > 1  # each copy draws its own noise
    assert QUESTIONS.noisy().in_scope[0][1] == "horaires"


def fixed(name: str, answers: Sequence[tuple[str, float]]) -> Baseline:
    return Baseline(name, lambda _questions: ([a for a, _ in answers], [c for _, c in answers]))


def test_baseline_threshold_matches_the_wrong_answers_allowed() -> None:
    # confidences: right 0.9, wrong (out of scope answered) 0.8, right 0.7
    baseline = fixed("b", [("horaires", 0.9), ("adresse", 0.7), ("horaires", 0.8)])
    none_wrong = evaluate_baseline(baseline, QUESTIONS, max_wrong=0)
    assert (none_wrong.answered_right, none_wrong.answered_wrong, none_wrong.rejected) == (1, 0, 1)
    one_wrong = evaluate_baseline(baseline, QUESTIONS, max_wrong=1)
    assert (one_wrong.answered_right, one_wrong.answered_wrong, one_wrong.rejected) == (2, 1, 0)
    assert one_wrong.ranked_first == 2


def test_compare_puts_baselines_at_rss_bot_wrong_answers(write_kb: WriteKB) -> None:
    kb = load(write_kb(faq=MINIMAL))
    baselines = [train(n, kb) for n in ("tfidf", "logreg")]
    comparison = compare(Engine(kb), QUESTIONS, baselines, "x")
    assert [b.name for b in comparison.baselines] == ["tfidf", "logreg"]
    assert all(b.answered_wrong <= comparison.matcher.answered_wrong for b in comparison.baselines)
    assert comparison.top1_lead() is not None


def test_a_reply_with_an_unasked_second_topic_is_not_counted_right(engine: Engine) -> None:
    two = "c koi le moc et la pej"
    asked_both = QuestionSet(((two, "glossaire-moc"),), (), ("glossaire-pej",))
    asked_one = QuestionSet(((two, "glossaire-moc"),), ())
    assert evaluate_engine(engine, asked_both).answered_right == 1
    counted = evaluate_engine(engine, asked_one)
    assert (counted.answered_right, counted.answered_wrong, counted.answered_extra) == (0, 0, 1)
    assert by_kind(engine, asked_one) == {"": (0, 1)}
    assert "1 réponse(s) avec le bon sujet et un second" in render_comparison(
        compare(engine, asked_one, [], "x")
    )


def test_question_files_read_the_same_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml only makes reading faster: every shipped question file gives the same
    question set with PyYAML's own parser."""
    import yaml

    files = sorted(DATA.glob("*questions*.yaml")) + sorted(DATA.glob("dev_probe_*.yaml"))
    files += sorted((ROOT / "benchmarks" / "data").glob("fresh_*.yaml"))
    assert len(files) > 40
    fast = [load_set(f) for f in files]
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert [load_set(f) for f in files] == fast
