"""Accuracy on labelled questions, beside baselines in the same run (tests and `kb eval`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rss_bot.baselines import Baseline
from rss_bot.engine import Engine
from rss_bot.matcher import Match
from rss_bot.noise import noisy_copies
from rss_bot.verdict import Outcome, Verdict

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
    answered_extra: int = 0  # in scope answered with the expected topics and an unasked one
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
    """Labelled questions: (question, expected intent) pairs and out-of-scope questions.

    `second` holds, for a message asking two topics, the second expected intent (by index
    in `in_scope`); `kinds` the kind of message of each question (in scope then out of
    scope), "" where the file gives none.
    """

    in_scope: tuple[tuple[str, str], ...]
    out_of_scope: tuple[str, ...]
    second: tuple[str | None, ...] = ()
    kinds: tuple[str, ...] = ()

    def noisy(self, seed: int = 2364) -> QuestionSet:
        """The same questions as typed on a phone (seeded: the same copy every run)."""
        texts = noisy_copies([q for q, _ in self.in_scope] + list(self.out_of_scope), seed)
        n = len(self.in_scope)
        return QuestionSet(
            tuple(zip(texts[:n], (i for _, i in self.in_scope), strict=True)),
            tuple(texts[n:]),
            self.second,
            self.kinds,
        )

    def expected(self, index: int) -> frozenset[str]:
        """The intents an in-scope question must be answered with."""
        second = self.second[index] if self.second else None
        return frozenset(i for i in (self.in_scope[index][1], second) if i)

    def intent_ids(self) -> set[str]:
        """Every intent id the file expects."""
        return {i for _, i in self.in_scope} | {i for i in self.second if i}

    def subset(self, kinds: set[str]) -> QuestionSet:
        """The questions of the given kinds of message only."""
        n = len(self.in_scope)
        keep_in = [i for i in range(n) if self.kind(i) in kinds]
        keep_out = [i for i in range(len(self.out_of_scope)) if self.kind(n + i) in kinds]
        return QuestionSet(
            tuple(self.in_scope[i] for i in keep_in),
            tuple(self.out_of_scope[i] for i in keep_out),
            tuple(self.second[i] for i in keep_in) if self.second else (),
            tuple(self.kind(i) for i in keep_in) + tuple(self.kind(n + i) for i in keep_out),
        )

    def kind(self, index: int) -> str:
        """The kind of message of question `index` (in scope first, then out of scope)."""
        return self.kinds[index] if self.kinds else ""


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


def load_set(path: str | Path) -> QuestionSet:
    """A labelled question file: `in_scope` items `{q, intent}` or, for two topics,
    `{q, intents: [a, b]}` (or `intent: [a, b]`), each with an optional `kind`;
    `out_of_scope` items are questions or `{q, kind}`."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 20x faster when present
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader) or {}
    in_scope, second, kinds = [], [], []
    for item in data.get("in_scope", []):
        labels = item["intents"] if "intents" in item else item["intent"]
        intents = [str(i) for i in labels] if isinstance(labels, list) else [str(labels)]
        in_scope.append((str(item["q"]), intents[0]))
        second.append(intents[1] if len(intents) > 1 else None)
        kinds.append(str(item.get("kind", "")))
    out_of_scope = []
    for item in data.get("out_of_scope", []):
        question = item["q"] if isinstance(item, dict) else item
        out_of_scope.append(str(question))
        kinds.append(str(item.get("kind", "")) if isinstance(item, dict) else "")
    return QuestionSet(tuple(in_scope), tuple(out_of_scope), tuple(second), tuple(kinds))


def load_questions(path: str | Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(question, first expected intent) pairs and out-of-scope questions of a file."""
    questions = load_set(path)
    return list(questions.in_scope), list(questions.out_of_scope)


def evaluate_engine(engine: Engine, questions: QuestionSet) -> Evaluation:
    """Run every question of a set through the engine, as people get their replies."""
    result = Evaluation(in_scope=len(questions.in_scope), out_of_scope=len(questions.out_of_scope))
    for index, (question, first) in enumerate(questions.in_scope):
        expected = questions.expected(index)
        reply = engine.reply(question)
        verdict = reply.verdict or Verdict(Outcome.FALLBACK)
        match = engine.matcher.match(question)
        if match.ranked and match.ranked[0].intent_id in expected:
            result.ranked_first += 1
        answered = frozenset(i for i in (verdict.intent, verdict.also) if i)
        # Right: every topic asked, and no other (a second, unasked section is no answer).
        if verdict.outcome is Outcome.ANSWER and expected == answered:
            result.answered_right += 1
            continue
        if verdict.outcome is Outcome.SUGGEST and expected & set(verdict.suggestions):
            result.suggested_right += 1
        if verdict.outcome is Outcome.ANSWER and not expected & answered:
            result.answered_wrong += 1
        elif verdict.outcome is Outcome.ANSWER and expected < answered:
            result.answered_extra += 1
        got = tuple(answered) if answered else verdict.suggestions
        result.misses.append(Miss(question, first, verdict.outcome, got, verdict.score, match))
    for question in questions.out_of_scope:
        verdict = engine.reply(question).verdict or Verdict(Outcome.FALLBACK)
        if verdict.outcome is Outcome.ANSWER:
            result.answered_wrong += 1
            got = (verdict.intent or "",)
            match = engine.matcher.match(question)
            result.misses.append(Miss(question, None, verdict.outcome, got, verdict.score, match))
        else:
            result.rejected += 1
    return result


def evaluate(engine: Engine, path: str | Path) -> Evaluation:
    """Run every question of a labelled file through the engine."""
    return evaluate_engine(engine, load_set(path))


def by_kind(engine: Engine, questions: QuestionSet) -> dict[str, tuple[int, int]]:
    """For each kind of message: (questions handled right, questions). In scope, right is
    answered with the expected topics and no other; out of scope, right is not answered
    with a topic."""
    counts: dict[str, list[int]] = {}
    n_in = len(questions.in_scope)
    texts = [q for q, _ in questions.in_scope] + list(questions.out_of_scope)
    for index, question in enumerate(texts):
        verdict = engine.reply(question).verdict or Verdict(Outcome.FALLBACK)
        answered = frozenset(i for i in (verdict.intent, verdict.also) if i)
        if index < n_in:
            ok = verdict.outcome is Outcome.ANSWER and questions.expected(index) == answered
        else:
            ok = verdict.outcome is not Outcome.ANSWER
        entry = counts.setdefault(questions.kind(index) or "", [0, 0])
        entry[0] += ok
        entry[1] += 1
    return {kind: (right, total) for kind, (right, total) in counts.items()}


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


def ranking(engine: Engine, questions: QuestionSet) -> tuple[list[str | None], list[float]]:
    """rss-bot's best intent and calibrated confidence for every question of a set; a
    question the engine declines beyond the matcher (a detail the answer lacks) is never
    answered, whatever the threshold."""
    texts = [q for q, _ in questions.in_scope] + list(questions.out_of_scope)
    top: list[str | None] = []
    confidence: list[float] = []
    for text in texts:
        match = engine.matcher.match(text)
        verdict = engine.reply(text).verdict or Verdict(Outcome.FALLBACK)
        declined = verdict.outcome is Outcome.FALLBACK and match.outcome is not Outcome.FALLBACK
        if verdict.outcome is Outcome.ANSWER:
            top.append(verdict.intent)
        else:
            top.append(match.ranked[0].intent_id if match.ranked else None)
        confidence.append(-1.0 if declined or not match.ranked else verdict.score)
    return top, confidence


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
    engine: Engine, questions: QuestionSet, baselines: Sequence[Baseline], label: str
) -> Comparison:
    """rss-bot, then each baseline at rss-bot's number of wrong answers, on one set."""
    mine = evaluate_engine(engine, questions)
    others = tuple(evaluate_baseline(b, questions, mine.answered_wrong) for b in baselines)
    return Comparison(label, mine, others)
