"""Accuracy of the matcher on a labelled question file (used by tests and `kb eval`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rss_bot.matcher import Matcher, Outcome


@dataclass(frozen=True)
class Miss:
    """A labelled question the matcher got wrong."""

    question: str
    expected: str | None  # None: should not have been answered
    outcome: Outcome
    got: tuple[str, ...]  # intent answered, or intents suggested
    score: float


@dataclass
class Evaluation:
    """Counts over a labelled question file."""

    in_scope: int = 0
    ranked_first: int = 0  # expected intent ranked first, whatever the outcome
    answered_right: int = 0  # answered with the expected intent
    suggested_right: int = 0  # expected intent among the suggestions
    answered_wrong: int = 0
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
        return (
            (self.answered_right + self.suggested_right) / self.in_scope if self.in_scope else 0.0
        )

    @property
    def rejection_rate(self) -> float:
        """Share of out-of-scope questions the bot did not answer."""
        return self.rejected / self.out_of_scope if self.out_of_scope else 0.0


def load_questions(path: str | Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(question, expected intent) pairs and out-of-scope questions of a labelled file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    in_scope = [(str(item["q"]), str(item["intent"])) for item in data.get("in_scope", [])]
    out_of_scope = [str(q) for q in data.get("out_of_scope", [])]
    return in_scope, out_of_scope


def evaluate(matcher: Matcher, path: str | Path) -> Evaluation:
    """Run every question of a labelled file through the matcher."""
    in_scope, out_of_scope = load_questions(path)
    result = Evaluation(in_scope=len(in_scope), out_of_scope=len(out_of_scope))
    for question, expected in in_scope:
        match = matcher.match(question)
        if match.candidates and match.candidates[0].intent_id == expected:
            result.ranked_first += 1
        if match.outcome is Outcome.ANSWER and match.intent_id == expected:
            result.answered_right += 1
            continue
        if match.outcome is Outcome.SUGGEST and expected in match.suggestions:
            result.suggested_right += 1
        if match.outcome is Outcome.ANSWER:
            result.answered_wrong += 1
        got = (match.intent_id,) if match.intent_id else match.suggestions
        result.misses.append(Miss(question, expected, match.outcome, got, match.score))
    for question in out_of_scope:
        match = matcher.match(question)
        if match.outcome is Outcome.ANSWER:
            result.misses.append(
                Miss(question, None, match.outcome, (match.intent_id or "",), match.score)
            )
        else:
            result.rejected += 1
    return result
