"""Answer quality on held-out questions nobody tuned on, beside baselines in the same run.

Every evaluation set: a knowledge base and questions written apart from its examples
(tests/data). Figures for the closing note come from `rss-bot kb eval FILE --baselines
--noisy`; these tests hold the gates.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from rss_bot.baselines import NAMES, Baseline, train
from rss_bot.engine import Engine
from rss_bot.evaluation import (
    Comparison,
    QuestionSet,
    compare,
    evaluate_engine,
    load_set,
    ranking,
    right_at_wrong,
)
from rss_bot.knowledge import load
from rss_bot.matcher import Matcher

from .conftest import DATA, KNOWLEDGE, ROOT

SETS = {
    "rss": (KNOWLEDGE, DATA / "questions.yaml"),
    **{
        name: (DATA / f"faq_{name}", DATA / f"faq_{name}_questions.yaml")
        for name in ("mairie", "sante", "universite", "mobile_money", "transport", "emploi")
    },
}

# Two later batches of held-out questions for the generic FAQs, written blind and measured
# as they came (benchmarks/fresh_sets.py): the first batch above has been measured after
# every change since the matcher was written.
FRESH = {
    name: (DATA / f"faq_{name}", ROOT / "benchmarks" / "data" / f"fresh_{name}.yaml")
    for name in ("mairie", "sante", "universite", "mobile_money", "transport", "emploi")
}


Result = tuple[Comparison, Comparison, list[float]]


@functools.cache
def _trained(folder: Path, cache: Path) -> tuple[Engine, list[Baseline]]:
    """rss-bot and the baselines trained on a knowledge base, once per run (the model kept
    in the run's cache, which every worker reads)."""
    kb = load(folder)
    return Engine(kb, Matcher(kb, cache_dir=cache)), [train(name, kb) for name in NAMES]


def _compare(folder: Path, questions: Path, cache: Path) -> Result:
    engine, baselines = _trained(folder, cache)
    clean = load_set(questions)
    ratios = []
    for question_set in (clean, clean.noisy()):
        # Ranking quality, whatever the thresholds: right answers when a fixed share of the
        # questions (2 %) may be answered wrong, over the best baseline's.
        allowed = round(0.02 * (len(question_set.in_scope) + len(question_set.out_of_scope)))
        mine, _, _ = right_at_wrong(*ranking(engine, question_set), question_set, allowed)
        best = max(
            right_at_wrong(*b.predict(_texts(question_set)), question_set, allowed)[0]
            for b in baselines
        )
        ratios.append(mine / best)
    return (
        compare(engine, clean, baselines, "clean"),
        compare(engine, clean.noisy(), baselines, "noisy"),
        ratios,
    )


def _texts(questions: QuestionSet) -> list[str]:
    return [q for q, _ in questions.in_scope] + list(questions.out_of_scope)


class Results(dict[str, Result]):
    """Each set's comparison, computed when a test first asks for it."""

    def __init__(self, sets: dict[str, tuple[Path, Path]], cache: Path) -> None:
        super().__init__()
        self.sets = sets
        self.cache = cache

    def __missing__(self, name: str) -> Result:
        self[name] = result = _compare(*self.sets[name], self.cache)
        return result


@pytest.fixture(scope="session")
def results(model_cache: Path) -> Results:
    return Results(SETS, model_cache)


@pytest.mark.parametrize("name", list(SETS))
def test_evaluation_sets_are_big_enough(name: str) -> None:
    kb = load(SETS[name][0])
    questions = load_set(SETS[name][1])
    assert len(questions.in_scope) >= 100
    assert len(questions.out_of_scope) >= 40
    if name not in ("rss", "mairie", "sante"):  # the sets added for the learnt matcher
        assert len(kb.intents) >= 20
        assert all(len(i.questions) >= 8 for i in kb.intents)


@pytest.mark.parametrize("name", [n for n in SETS if n != "rss"])
def test_right_intent_first_at_least_as_often_as_the_best_baseline(
    results: dict[str, Result], name: str
) -> None:
    for comparison in results[name][:2]:
        best = max(b.top1_accuracy for b in comparison.baselines)
        assert comparison.matcher.top1_accuracy >= best, (comparison.label, best)


@pytest.mark.parametrize("name", ["rss"])
def test_right_intent_first_on_our_set_close_to_the_best_baseline(
    results: dict[str, Result], name: str
) -> None:
    """Short of the gate on our own set: logistic regression, with 974 examples to learn
    from, ranks 2-3 more of 247 questions first (see the closing note of issue 9)."""
    for comparison in results[name][:2]:
        best = max(b.top1_accuracy for b in comparison.baselines)
        assert comparison.matcher.top1_accuracy >= best - 0.015, (comparison.label, best)
        assert comparison.matcher.top1_accuracy >= 0.96


@pytest.mark.parametrize("name", list(SETS))
def test_confidence_ranks_at_least_as_well_as_the_best_baseline(
    results: dict[str, Result], name: str
) -> None:
    assert min(results[name][2]) >= 1.0, results[name][2]


@pytest.fixture(scope="session")
def fresh(model_cache: Path) -> Results:
    return Results(FRESH, model_cache)


@pytest.mark.parametrize("name", list(FRESH))
def test_fresh_batches_rank_the_right_intent_first_at_least_as_often(
    fresh: dict[str, Result], name: str
) -> None:
    """On questions nobody tuned on, clean and noisy (about 220 per set)."""
    for comparison in fresh[name][:2]:
        best = max(b.top1_accuracy for b in comparison.baselines)
        assert comparison.matcher.top1_accuracy >= best, (comparison.label, best)


@pytest.mark.parametrize("name", list(FRESH))
def test_fresh_batches_confidence_ranks_at_least_as_well(
    fresh: dict[str, Result], name: str
) -> None:
    assert min(fresh[name][2]) >= 1.0, fresh[name][2]


@pytest.fixture(scope="module")
def ours(engine: Engine) -> tuple[Engine, QuestionSet]:
    return engine, load_set(DATA / "questions.yaml")


def test_our_original_questions_keep_their_gates(ours: tuple[Engine, QuestionSet]) -> None:
    engine, questions = ours
    result = evaluate_engine(engine, questions.subset({""}))
    assert result.in_scope >= 240
    assert result.in_scope_accuracy >= 0.90, result.misses
    assert result.rejection_rate >= 0.90


def test_near_topic_details_and_off_topic_are_not_answered(
    ours: tuple[Engine, QuestionSet],
) -> None:
    engine, questions = ours
    result = evaluate_engine(engine, questions.subset({"missing_detail", "off_topic"}))
    assert result.out_of_scope >= 80
    assert result.rejection_rate >= 0.97, result.misses


def test_realistic_messages(ours: tuple[Engine, QuestionSet]) -> None:
    """Stories, dictation, two topics, Bambara, small talk, plain questions (issue 10's
    95 % gate, two-topic messages counting only when both are answered); what is not
    answered gets suggestions with the right topic."""
    engine, questions = ours
    kinds = {"story", "voice", "two_topics", "bambara_street", "bot", "plain"}
    result = evaluate_engine(engine, questions.subset(kinds))
    assert result.in_scope >= 150
    assert result.in_scope_accuracy >= 0.95, result.misses
    assert result.in_scope_reached >= 0.95
    assert result.answered_wrong <= 2


@pytest.mark.parametrize(
    ("name", "floor", "rejected", "wrong"),
    [
        ("dev_probe_1", 0.84, 0.97, 3),
        ("dev_probe_2", 0.78, 0.97, 3),
        ("dev_probe_3", 0.89, 0.97, 3),
        ("dev_probe_4", 0.78, 0.97, 3),
        ("dev_probe_5", 0.83, 0.97, 3),
        ("dev_probe_6", 0.76, 0.95, 3),
        ("dev_probe_7", 0.82, 0.97, 3),
        ("dev_probe_8", 0.85, 0.93, 3),
        ("dev_probe_9", 0.79, 0.93, 5),
        ("dev_probe_10", 0.77, 0.93, 3),
        ("dev_probe_11", 0.91, 0.92, 4),
        ("dev_probe_12", 0.87, 0.95, 3),
        ("dev_probe_13", 0.82, 0.98, 4),
        ("dev_probe_14", 0.56, 0.92, 6),
        ("dev_probe_15", 0.79, 0.94, 3),
        ("dev_probe_16", 0.73, 0.92, 11),
        ("dev_probe_18", 0.85, 0.96, 3),
        ("dev_probe_19", 0.56, 0.96, 7),
        ("dev_probe_20", 0.87, 0.98, 3),
        ("dev_probe_21", 0.90, 0.95, 2),
        ("dev_probe_22", 0.75, 0.95, 3),
        ("dev_probe_24", 0.80, 0.90, 5),
        ("dev_probe_25", 0.83, 0.93, 3),
        ("dev_probe_26", 0.89, 0.93, 3),
        ("dev_probe_27", 0.85, 0.97, 0),
        ("dev_probe_28", 0.82, 0.96, 2),
        ("dev_probe_29", 0.79, 0.95, 3),
        ("dev_probe_30", 0.81, 0.97, 2),
        ("dev_probe_31", 0.85, 0.98, 1),
        ("dev_probe_32", 0.71, 0.98, 1),
        ("dev_probe_33", 0.77, 0.91, 4),
        ("dev_probe_34", 0.81, 0.90, 5),
        ("dev_probe_35", 0.86, 0.98, 0),
        ("dev_probe_36", 0.82, 0.96, 2),
        ("dev_probe_37", 0.78, 0.95, 4),
        ("dev_probe_38", 0.89, 0.96, 1),
        ("dev_probe_39", 0.82, 0.95, 2),
        ("dev_probe_40", 0.79, 0.95, 4),
        ("dev_probe_41", 0.42, 0.95, 6),
        ("dev_probe_42", 0.81, 0.97, 0),
        ("dev_probe_43", 0.85, 0.97, 0),
        ("dev_probe_44", 0.79, 0.97, 0),
        ("dev_probe_45", 0.61, 0.94, 2),
        ("dev_probe_46", 0.87, 0.96, 1),
        ("dev_probe_47", 0.87, 0.96, 0),
        ("dev_probe_48", 0.85, 0.94, 3),
        ("dev_probe_49", 0.82, 0.97, 2),
        ("dev_probe_50", 0.75, 0.96, 2),
        ("dev_probe_51", 0.75, 0.96, 2),
        ("dev_probe_52", 0.87, 0.96, 1),
    ],
)
def test_the_development_probes_do_not_regress(
    ours: tuple[Engine, QuestionSet], name: str, floor: float, rejected: float, wrong: int
) -> None:
    """Messages about the bot, small talk and the topics that helped find general forms (not held
    out: a floor two to three points under what the bot reached, 86, 81, 91, 81, 86, 78, 85, 87, 81,
    80, 93, 89, 84, 59, 82, 75, 87, 59, 89, 92, 78, 82, 85, 91, 88, 85, 81, 84, 88, 74, 79, 83, 89,
    85, 81, 92, 85, 82, 45, 84, 88, 82, 64, 90, 90, 88, 84, 77, 77 and 89 %; the sixth probe rejects
    58 of its 60 near-topic and off-topic messages, the eighth 57, the ninth and tenth 58, the
    eleventh 61 of 65, the twelfth 68 of 70, the thirteenth all 60, the fourteenth 66 of 70, the
    fifteenth 72 of 75, the sixteenth 61 of 65, the eighteenth 73 of 75, the nineteenth 59 of 60,
    the twentieth all 74, the twenty-first 63 of 65, the twenty-second 68 of 70, the twenty-fourth
    60 of 65, the twenty-fifth and twenty-sixth 62 of 65, the twenty-seventh all 65, the twenty-
    eighth 64 of 65, the twenty-ninth 63 of 65, the thirtieth 64 of 65, the thirty-first all 65, the
    thirty-second all 60, the thirty-third 56 of 60, the thirty-fourth 55 of 60, the thirty-fifth
    all 60, the thirty-sixth 59 of 60, the thirty-seventh 58 of 60, the forty-second all 61, the
    forty-third all 60, the forty-fourth all 40, the forty-fifth 48 of 50, the forty-sixth 49 of 50,
    the forty-seventh all 50, the forty-eighth 48 of 50, the forty-ninth all 60, the fiftieth and
    fifty-first 59 of 60, the fifty-second 59 of 60 (the seventeenth is the town-hall probe,
    dev_probe_mairie, and the twenty-third the health-centre one, dev_probe_sante); the ninth has 5
    wrong answers, the sixteenth 11 against its writer's labels (see its header: answers by design),
    each probe's wrong answers at most what it had when kept)."""
    engine, _ = ours
    result = evaluate_engine(engine, load_set(DATA / f"{name}.yaml"))
    assert result.in_scope_accuracy >= floor, result.misses
    assert result.answered_wrong <= wrong
    assert result.rejection_rate >= rejected


@pytest.mark.parametrize(
    ("name", "floor", "wrong", "rejected"),
    [
        ("mairie", 0.59, 14, 0.72),
        ("sante", 0.47, 21, 0.65),
        ("mobile_money", 0.38, 3, 0.92),
        ("transport", 0.38, 5, 0.88),
        ("universite", 0.73, 8, 0.84),
        # its threshold lets almost nothing through: the floor guards the wrong answers and
        # the off-topic ones (see the probe's header)
        ("emploi", 0.01, 2, 0.94),
    ],
)
def test_the_generic_development_probes_do_not_regress(
    model_cache: Path, name: str, floor: float, wrong: int, rejected: float
) -> None:
    """Realistic messages on the town-hall and health-centre FAQs: the engine's rules for
    stories, two topics and missing details hold on bases that are not ours (town hall:
    61.7 % answered right, 14 wrong answers, 74 % not answered out of scope when kept, 60.8 %
    at the end of stop 31; health centre: 49.1 %, 21, 66.7 % when kept; mobile money: 40.8 %,
    3, 94 % when kept; transport: 40.0 %, 5, 90 % when kept; university: 75.8 %, 8, 86 % when
    kept; employment: 1.7 %, 2, 96 % when kept)."""
    engine, _ = _trained(DATA / f"faq_{name}", model_cache)
    result = evaluate_engine(engine, load_set(DATA / f"dev_probe_{name}.yaml"))
    assert result.in_scope_accuracy >= floor, result.misses
    assert result.answered_wrong <= wrong
    assert result.rejection_rate >= rejected


@pytest.mark.parametrize("name", ["mairie", "sante"])
def test_the_first_generic_faqs_keep_their_gates(results: dict[str, Result], name: str) -> None:
    result = results[name][0].matcher
    assert result.top1_accuracy >= 0.85
    assert result.answered_wrong <= 0.05 * result.in_scope
    assert result.in_scope_reached >= 0.85
    assert result.rejection_rate >= 0.85


@pytest.mark.parametrize("name", list(SETS))
def test_few_wrong_answers(results: dict[str, Result], name: str) -> None:
    """At most the target share of direct answers is wrong (3 %, with one answer's slack)."""
    for comparison in results[name][:2]:
        m = comparison.matcher
        answered = m.answered_right + m.answered_wrong
        assert m.answered_wrong <= 0.03 * answered + 1, comparison.label
