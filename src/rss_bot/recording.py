"""What every door records, decided once: a question and its verdict, or a choice made on a
reply; what the bot keeps of a message (personal data redacted before the engine sees it);
and a person's request to erase their records. The terminal chat and the Telegram door (and
the doors to come) call this module; none of them builds a record itself or knows the query
log's class."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from rss_bot.engine import ACTION_NONE, Button
from rss_bot.records import (
    Channel,
    Erased,
    EventKind,
    EventRecord,
    QuestionRecord,
    Recorder,
    UserId,
)
from rss_bot.redaction import redact
from rss_bot.verdict import Outcome, Verdict


@dataclass(frozen=True)
class Asker:
    """Who asked and where, as a door knows them: an id at most, never a name."""

    channel: Channel
    chat_type: str = "private"  # "private", "group", or "" where there is no chat
    user_id: UserId | None = None
    campaign: str | None = None


def elapsed_ms(started: float) -> float:
    """Milliseconds since `started` (a time.perf_counter() value)."""
    return (time.perf_counter() - started) * 1000


class Recording:
    """Turns what happens in a conversation into records for a recorder (or for nothing).

    With `redact` (RSS_BOT_REDACT, on by default) no phone number, e-mail address, long
    number or link with a query string reaches the engine or the recorder.
    """

    def __init__(self, recorder: Recorder | None, *, redact: bool = True) -> None:
        self.recorder = recorder
        self.redacting = redact

    def redacted(self, text: str) -> str:
        """A message as the bot keeps it: what a door hands to the engine, then records."""
        return redact(text) if self.redacting else text

    def question(
        self,
        asker: Asker,
        question: str,
        verdict: Verdict | None,
        latency_ms: float,
        ref: str | None = None,
    ) -> None:
        """Record a question and its verdict; a navigation screen (no verdict) is not one."""
        if self.recorder is None or verdict is None:
            return
        if self.redacting:  # done already where the door redacted first; a cheap safeguard
            verdict = dataclasses.replace(verdict, normalized=redact(verdict.normalized))
        self.recorder.record_question(
            QuestionRecord(
                asker.channel,
                asker.chat_type,
                asker.user_id,
                self.redacted(question),
                verdict,
                latency_ms,
                asker.campaign,
                ref,
            )
        )

    def choice(
        self, asker: Asker, button: Button, offered_by: Outcome | None, ref: str | None
    ) -> None:
        """Record what choosing `button` means, for a button under a reply of outcome
        `offered_by`: a suggestion taken, 'none of these', or nothing (menu, related topic)."""
        if button.action == ACTION_NONE:
            self._event(asker, EventKind.NONE_OF_THESE, None, ref)
        elif button.intent_id and offered_by is Outcome.SUGGEST:
            self._event(asker, EventKind.SUGGESTION_CHOSEN, button.intent_id, ref)

    def feedback(self, asker: Asker, intent_id: str, helpful: bool, ref: str | None) -> None:
        """Record a 👍 (helpful) or 👎 on the answer of `intent_id`."""
        kind = EventKind.FEEDBACK_UP if helpful else EventKind.FEEDBACK_DOWN
        self._event(asker, kind, intent_id, ref)

    async def forget(self, asker: Asker) -> Erased | None:
        """Delete every question and event of the person who asks, queued or written (see
        Recorder.forget); None if the log could not be changed."""
        if self.recorder is None:
            return Erased()
        return await self.recorder.forget(asker.channel, asker.user_id)

    def non_text(self, asker: Asker) -> None:
        """Record a message without text (photo, voice note…): counted apart, never a question."""
        self._event(asker, EventKind.NON_TEXT, None, None)

    def _event(self, asker: Asker, kind: EventKind, intent: str | None, ref: str | None) -> None:
        if self.recorder is not None:
            self.recorder.record_event(
                EventRecord(asker.channel, asker.user_id, kind, intent, asker.campaign, ref)
            )


class SharedRecorder:
    """One recorder that several doors running together share: each door opens and closes
    it as if it were its own; the first open opens it, the last close closes it (after the
    last door's last record, so every row is written)."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self._users = 0

    async def open(self) -> None:
        """Open the recorder if no door has it open yet."""
        self._users += 1
        if self._users == 1:
            await self.recorder.open()

    async def flush(self) -> None:
        """Write every record received so far."""
        await self.recorder.flush()

    async def close(self) -> None:
        """Close the recorder once every door that opened it has closed it."""
        self._users -= 1
        if self._users == 0:
            await self.recorder.close()

    def record_question(self, record: QuestionRecord) -> None:
        """Queue a question record."""
        self.recorder.record_question(record)

    def record_event(self, record: EventRecord) -> None:
        """Queue an event record."""
        self.recorder.record_event(record)

    async def forget(self, channel: Channel, user_id: UserId | None) -> Erased | None:
        """Delete every record of one person, written or queued (see Recorder.forget)."""
        return await self.recorder.forget(channel, user_id)
