"""The engine's verdict on one question: what the query log stores.

Kept apart from the matcher so that the query log, and anything that reads it, can name an
outcome without loading the matcher, its indexes and their dependencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """What the bot does with a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class Verdict:
    """What was decided about one question: an answer, suggestions, or neither."""

    outcome: Outcome
    intent: str | None = None  # the intent answered (answer only)
    score: float = 0.0  # best in-scope score, 0-100
    suggestions: tuple[str, ...] = ()  # intent ids offered (suggest only)
    normalized: str = ""  # the question as matched (folded, SMS forms expanded)
    also: str | None = None  # a second intent answered in the same reply (two questions)
    kb_version: str = ""  # the knowledge base that decided (a reload may swap it meanwhile)
