"""Accuracy on labelled questions, beside baselines in the same run (tests and `kb eval`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rss_bot.baselines import Baseline
from rss_bot.matcher import Match, Matcher, Outcome
from rss_bot.noise import noisy_copies

MATCHER_NAME = "rss-bot"


@dataclass(frozen=True)
class Miss:
    """A labelled question the matcher got wrong."""

    question: str
    expected: str | None  # None: should not have been answered
    outcome: Outcome
    got: tuple[str, ...]  # intent answered, or intents suggested
    score: float
    match: Match | None = None


@dataclass
class Evaluation:
    """Counts of one method over a labelled question set."""

    name: str = MATCHER_NAME
    in_scope: int = 0
    ranked_first: int = 0  # expected intent ranked first, whatever the outcome
    answered_right: int = 0  # answered with the expected intent
    suggested_right: int = 0  # expected intent among the suggestions
    answered_wrong: int = 0  # in scope answered with another intent, or out of scope answered
    out_of_scope: int = 0
    rejected: int = 0  # out-of-scope questions not answered
    misses: list[Miss] = field(default_factory=list)

    @property
    def in_scope_accuracy(self) -> float:
        """Share of in-scope questions answered with the expected intent."""
        return self.answered_right / self.in_scope if self.in_scope else 0.0

    @property
    def top1_accuracy(self) -> float:
        """Share of in-scope questions whose best-ranked intent is the expected one."""
        return self.ranked_first / self.in_scope if self.in_scope else 0.0

    @property
    def in_scope_reached(self) -> float:
        """Share of in-scope questions answered right or offered among the suggestions."""
        reached = self.answered_right + self.suggested_right
        return reached / self.in_scope if self.in_scope else 0.0

    @property
    def rejection_rate(self) -> float:
        """Share of out-of-scope questions the bot did not answer."""
        return self.rejected / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def in_scope_wrong(self) -> int:
        """In-scope questions answered with another intent."""
        return self.answered_wrong - (self.out_of_scope - self.rejected)


@dataclass(frozen=True)
class QuestionSet:
    """Labelled questions: (question, expected intent) pairs and out-of-scope questions."""

    in_scope: tuple[tuple[str, str], ...]
    out_of_scope: tuple[str, ...]

    def noisy(self, seed: int = 2364) -> QuestionSet:
        """The same questions as typed on a phone (seeded: the same copy every run)."""
        texts = noisy_copies([q for q, _ in self.in_scope] + list(self.out_of_scope), seed)
        n = len(self.in_scope)
        return QuestionSet(
            tuple(zip(texts[:n], (i for _, i in self.in_scope), strict=True)),
            tuple(texts[n:]),
        )


@dataclass(frozen=True)
class Comparison:
    """rss-bot and the baselines on one question set; baselines at rss-bot's wrong answers."""

    label: str
    matcher: Evaluation
    baselines: tuple[Evaluation, ...] = ()

    def ratio(self) -> float | None:
        """rss-bot's answered right over the best baseline's, at the same wrong answers."""
        best = max((b.answered_right for b in self.baselines), default=0)
        return self.matcher.answered_right / best if best else None

    def top1_lead(self) -> float | None:
        """rss-bot's right-intent-first rate minus the best baseline's (points, 0-1)."""
        if not self.baselines:
            return None
        return self.matcher.top1_accuracy - max(b.top1_accuracy for b in self.baselines)


def load_questions(path: str | Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(question, expected intent) pairs and out-of-scope questions of a labelled file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    in_scope = [(str(item["q"]), str(item["intent"])) for item in data.get("in_scope", [])]
    out_of_scope = [str(q) for q in data.get("out_of_scope", [])]
    return in_scope, out_of_scope


def load_set(path: str | Path) -> QuestionSet:
    """A labelled question file as a QuestionSet."""
    in_scope, out_of_scope = load_questions(path)
    return QuestionSet(tuple(in_scope), tuple(out_of_scope))


def evaluate_matcher(matcher: Matcher, questions: QuestionSet) -> Evaluation:
    """Run every question of a set through the matcher."""
    result = Evaluation(in_scope=len(questions.in_scope), out_of_scope=len(questions.out_of_scope))
    for question, expected in questions.in_scope:
        match = matcher.match(question)
        if match.ranked and match.ranked[0].intent_id == expected:
            result.ranked_first += 1
        if match.outcome is Outcome.ANSWER and match.intent_id == expected:
            result.answered_right += 1
            continue
        if match.outcome is Outcome.SUGGEST and expected in match.suggestions:
            result.suggested_right += 1
        if match.outcome is Outcome.ANSWER:
            result.answered_wrong += 1
        got = (match.intent_id,) if match.intent_id else match.suggestions
        result.misses.append(Miss(question, expected, match.outcome, got, match.score, match))
    for question in questions.out_of_scope:
        match = matcher.match(question)
        if match.outcome is Outcome.ANSWER:
            result.answered_wrong += 1
            result.misses.append(
                Miss(question, None, match.outcome, (match.intent_id or "",), match.score, match)
            )
        else:
            result.rejected += 1
    return result


def evaluate(matcher: Matcher, path: str | Path) -> Evaluation:
    """Run every question of a labelled file through the matcher."""
    return evaluate_matcher(matcher, load_set(path))


def right_at_wrong(
    top: Sequence[str | None], confidence: Sequence[float], questions: QuestionSet, max_wrong: int
) -> tuple[int, int, set[int]]:
    """Answering from the most confident down, the most right answers with at most
    `max_wrong` wrong ones (in scope answered wrong plus out of scope answered).

    Returns (right, wrong, indices answered); the cut never splits equal confidences.
    """
    gold: list[str | None] = [i for _, i in questions.in_scope]
    gold += [None] * len(questions.out_of_scope)
    order = sorted(range(len(gold)), key=lambda k: -confidence[k])
    right = wrong = 0
    best = (0, 0, 0)  # right, wrong, answered count
    for rank, k in enumerate(order, 1):
        if top[k] is not None and top[k] == gold[k]:
            right += 1
        else:
            wrong += 1
        tie = rank < len(order) and confidence[order[rank]] == confidence[k]
        if not tie and wrong <= max_wrong and right >= best[0]:
            best = (right, wrong, rank)
    return best[0], best[1], set(order[: best[2]])


def ranking(matcher: Matcher, questions: QuestionSet) -> tuple[list[str | None], list[float]]:
    """rss-bot's best intent and calibrated confidence for every question of a set."""
    texts = [q for q, _ in questions.in_scope] + list(questions.out_of_scope)
    matches = [matcher.match(t) for t in texts]
    top = [m.ranked[0].intent_id if m.ranked else None for m in matches]
    return top, [m.score if m.ranked else -1.0 for m in matches]


def evaluate_baseline(baseline: Baseline, questions: QuestionSet, max_wrong: int) -> Evaluation:
    """A baseline answering above the confidence threshold that gives the most right answers
    with at most `max_wrong` wrong ones (in scope answered wrong plus out of scope answered)."""
    texts = [q for q, _ in questions.in_scope] + list(questions.out_of_scope)
    top, confidence = baseline.predict(texts)
    n_in = len(questions.in_scope)
    right, wrong, answered = right_at_wrong(top, confidence, questions, max_wrong)
    return Evaluation(
        name=baseline.name,
        in_scope=n_in,
        ranked_first=sum(top[k] == questions.in_scope[k][1] for k in range(n_in)),
        answered_right=right,
        answered_wrong=wrong,
        out_of_scope=len(questions.out_of_scope),
        rejected=sum(k not in answered for k in range(n_in, len(texts))),
    )


def compare(
    matcher: Matcher, questions: QuestionSet, baselines: Sequence[Baseline], label: str
) -> Comparison:
    """rss-bot, then each baseline at rss-bot's number of wrong answers, on one set."""
    mine = evaluate_matcher(matcher, questions)
    others = tuple(evaluate_baseline(b, questions, mine.answered_wrong) for b in baselines)
    return Comparison(label, mine, others)
