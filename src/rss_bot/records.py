"""What the doors hand to the query log: one record per question, one per user event.

Records carry the engine's verdict, never what was shown: importing this module (or the
query log) loads neither the engine nor the matcher.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from rss_bot.verdict import Verdict


class Channel(StrEnum):
    """Where a question was asked."""

    TELEGRAM = "telegram"
    INLINE = "inline"
    TERMINAL = "terminal"
    WHATSAPP = "whatsapp"


# Who asked, as a door knows them: Telegram's numeric user id, or a door's own text key (the
# WhatsApp door's is built from the phone number). The query log stores only its pseudonym.
UserId = int | str


def chat_user_id(chat_id: int) -> str:
    """The id of a Telegram chat that writes as itself (a group's anonymous admins, a
    channel): never a number, so never the pseudonym of the user with the same digits."""
    return f"chat:{chat_id}"


class EventKind(StrEnum):
    """What a user did with a reply."""

    FEEDBACK_UP = "feedback_up"
    FEEDBACK_DOWN = "feedback_down"
    SUGGESTION_CHOSEN = "suggestion_chosen"
    NONE_OF_THESE = "none_of_these"
    NON_TEXT = "non_text"  # a photo, voice note, sticker…: not a question, counted apart


@dataclass(frozen=True)
class QuestionRecord:
    """A question and the verdict it got. `user_id` is pseudonymised by the log, never stored."""

    channel: Channel
    chat_type: str  # "private", "group", or "" where there is no chat
    user_id: UserId | None
    question: str
    verdict: Verdict
    latency_ms: float
    campaign: str | None = None
    ref: str | None = None  # random reference that feedback on this answer points back to


@dataclass(frozen=True)
class EventRecord:
    """Feedback or a choice among suggestions."""

    channel: Channel
    user_id: UserId | None
    kind: EventKind
    intent: str | None
    campaign: str | None = None
    question_ref: str | None = None  # the QuestionRecord.ref of the message acted on


@dataclass(frozen=True)
class Erased:
    """What was deleted at a person's request: their questions and their events."""

    questions: int = 0
    events: int = 0

    @property
    def total(self) -> int:
        """Rows deleted in all."""
        return self.questions + self.events


REF_BYTES = 4
_REF = re.compile(f"[0-9a-f]{{{2 * REF_BYTES}}}")


def new_ref() -> str:
    """A random reference linking a question to later feedback on it (not tied to a person)."""
    return secrets.token_hex(REF_BYTES)


def checked_ref(ref: str | None) -> str | None:
    """A reference as new_ref() makes them, else None: references come back inside button
    ids that a modified client can forge, and only ours may reach the query log."""
    return ref if ref is not None and _REF.fullmatch(ref) else None


class Recorder(Protocol):
    """Receives records without ever delaying the reply (the query log implements it).

    A door opens it before the first record, flushes it before reading what was recorded,
    and closes it after the last record; it never needs to know the concrete class.
    """

    async def open(self) -> None:
        """Get ready to receive records."""

    async def flush(self) -> None:
        """Write every record received so far."""

    async def close(self) -> None:
        """Write every record received, then release what was opened."""

    def record_question(self, record: QuestionRecord) -> None:
        """Queue a question record."""

    def record_event(self, record: EventRecord) -> None:
        """Queue an event record."""

    async def forget(self, channel: Channel, user_id: UserId | None) -> Erased | None:
        """Delete every record of one person, written or still queued, at once: the person
        with `user_id` on any channel, or where a door knows nobody (`user_id` None), every
        record of `channel` without a person. None if the records could not be deleted."""
