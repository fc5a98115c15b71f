"""Staff reads of the query log: every statement that reads it, on a read-only connection.

A reader never migrates or writes: a file that is not an rss-bot log, or a log of another
schema version, is refused with a French message and left as it was. Statements read the
log's tables: a period is cut to the second before grouping, and staff outputs need the
pseudonyms the views leave out (the views group whole days, or all time, for SQLite tools).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from rss_bot import texts
from rss_bot.querylog.schema import (
    EXPORT_COLUMNS,
    SCHEMA_VERSION,
    TIME_FORMAT,
    ForeignFileError,
    OlderLogError,
    QueryLogError,
    check_file,
    check_schema,
    connect,
    schema_of,
    timestamp,
)
from rss_bot.sayings import unasked


@dataclass(frozen=True)
class Day:
    """Questions of one UTC day."""

    day: str  # YYYY-MM-DD
    questions: int
    answered: int
    suggested: int
    fallback: int
    without_text: int = 0  # empty or emoji-only messages: not in the questions above
    conversation: int = 0  # "d'accord", "c'est faux", "pourquoi ?"…: not questions either


def has_text(message: str) -> bool:
    """Whether a message has a letter or a digit: an empty, emoji-only or punctuation-only
    message is not a question, and counts in no answer rate."""
    return any(ch.isalnum() for ch in message)


# In SQL: a row that counts as a question. The bot answers conversation with a fixed reply,
# logged as a fallback, or with the knowledge base's own answer (an insult it has an intent
# for): suggestions need no reading (a Python call per row is the cost).
_QUESTION = "(has_text(question) AND (outcome = 'suggest' OR is_question(question)))"


def is_question(message: str) -> bool:
    """Whether a message counts as a question in the rates: it has text, and it is not
    conversation the bot answers with a fixed reply ("d'accord", "c'est faux", an insult)."""
    return has_text(message) and unasked(message) is None


@dataclass(frozen=True)
class Choice:
    """A person choosing an intent among the suggestions offered for their question."""

    question: str
    intent: str
    person: str  # a pseudonym, or the channel where nobody is known (the terminal)
    at: datetime


@dataclass(frozen=True)
class Thumb:
    """A 👍 on the answer of an intent."""

    person: str
    intent: str
    at: datetime


# Who did something: their pseudonym, or for a channel that knows nobody (the terminal) the
# channel itself, so that its questions count as one person.
_PERSON = "coalesce({t}.user_key, 'canal:' || {t}.channel)"


def _moment(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


@dataclass(frozen=True)
class KbVersion:
    """Questions answered with one version of the knowledge base."""

    version: str
    questions: int
    first: str  # UTC, 'YYYY-MM-DD HH:MM'
    last: str


class LogReader:
    """Read-only access to a query log, for staff commands and /stats (see read_log)."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    async def close(self) -> None:
        """Close the connection."""
        await self._db.close()

    async def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        try:
            async with self._db.execute(sql, params) as cursor:
                return list(await cursor.fetchall())
        except sqlite3.Error as exc:
            raise QueryLogError(texts.LOG_UNREADABLE.format(path=self.path, error=exc)) from None

    async def days(self, since: datetime) -> list[Day]:
        """Questions per UTC day since `since`, by outcome, oldest day first."""
        rows = await self._rows(
            "SELECT substr(asked_at, 1, 10) AS day, sum(q), sum(q AND outcome = 'answer'),"
            " sum(q AND outcome = 'suggest'), sum(q AND outcome = 'fallback'), sum(NOT t),"
            " sum(t AND NOT q) FROM (SELECT asked_at, outcome, has_text(question) AS t,"
            f" {_QUESTION} AS q FROM questions WHERE asked_at >= ? LIMIT -1)"  # once per row
            " GROUP BY day ORDER BY day",
            (timestamp(since),),
        )
        return [Day(*row) for row in rows]

    async def top_intents(self, since: datetime, limit: int) -> list[tuple[str, int]]:
        """(intent, questions answered with it) since `since`, most asked first."""
        rows = await self._rows(
            "SELECT intent, count(*) AS n FROM questions WHERE asked_at >= ?"
            f" AND outcome = 'answer' AND {_QUESTION} GROUP BY intent ORDER BY n DESC, intent"
            " LIMIT ?",
            (timestamp(since), limit),
        )
        return [(intent, n) for intent, n in rows]

    async def feedback(self, since: datetime, limit: int) -> list[tuple[str, int, int]]:
        """(intent, 👍, 👎) since `since`, most rated first."""
        rows = await self._rows(
            "SELECT intent, sum(kind = 'feedback_up') AS up, sum(kind = 'feedback_down') AS down"
            " FROM events WHERE at >= ? AND kind IN ('feedback_up', 'feedback_down')"
            " GROUP BY intent ORDER BY up + down DESC, intent LIMIT ?",
            (timestamp(since), limit),
        )
        return [(intent, up, down) for intent, up, down in rows]

    async def campaigns(self, since: datetime) -> list[tuple[str, int, int]]:
        """(campaign, questions, different people) since `since`, biggest first."""
        rows = await self._rows(
            "SELECT campaign, count(*) AS n,"
            f" count(DISTINCT {_PERSON.format(t='questions')}) FROM questions"
            " WHERE asked_at >= ? AND campaign IS NOT NULL GROUP BY campaign"
            " ORDER BY n DESC, campaign",
            (timestamp(since),),
        )
        return [(campaign, n, people) for campaign, n, people in rows]

    async def channels(self, since: datetime) -> list[tuple[str, int, int]]:
        """(channel, questions, different people) since `since`, busiest first; messages
        without text and conversation are not questions here either."""
        rows = await self._rows(
            "SELECT channel, count(*) AS n,"
            f" count(DISTINCT {_PERSON.format(t='questions')}) FROM questions"
            f" WHERE asked_at >= ? AND {_QUESTION} GROUP BY channel"
            " ORDER BY n DESC, channel",
            (timestamp(since),),
        )
        return [(channel, n, people) for channel, n, people in rows]

    async def people(self, since: datetime) -> int:
        """Different people (pseudonyms) who asked something since `since`."""
        ((count,),) = await self._rows(
            f"SELECT count(DISTINCT {_PERSON.format(t='questions')}) FROM questions"
            " WHERE asked_at >= ?",
            (timestamp(since),),
        )
        return count

    async def unanswered(self, since: datetime) -> list[tuple[str, list[str], str | None]]:
        """(question, intents suggested, pseudonym of who asked) of fallbacks and suggestions
        since `since`, oldest first."""
        rows = await self._rows(
            "SELECT question, suggestions, user_key FROM questions WHERE asked_at >= ?"
            " AND outcome IN ('fallback', 'suggest') ORDER BY asked_at",
            (timestamp(since),),
        )
        return [(question, json.loads(suggestions), who) for question, suggestions, who in rows]

    async def export(self, since: datetime) -> list[dict[str, object]]:
        """Question rows since `since` (the columns of EXPORT_COLUMNS), oldest first."""
        rows = await self._rows(
            f"SELECT {', '.join(EXPORT_COLUMNS)} FROM questions WHERE asked_at >= ? ORDER BY id",
            (timestamp(since),),
        )
        return [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in rows]

    async def versions(self, since: datetime) -> list[KbVersion]:
        """Messages per knowledge-base version since `since` (all of them, conversation and
        messages without text included), the oldest version first."""
        rows = await self._rows(
            "SELECT kb_version, count(*), min(asked_at), max(asked_at) FROM questions"
            " WHERE asked_at >= ? GROUP BY kb_version ORDER BY min(asked_at)",
            (timestamp(since),),
        )
        return [KbVersion(version, n, first[:16], last[:16]) for version, n, first, last in rows]

    async def choices(self, since: datetime) -> list[Choice]:
        """Suggestions chosen since `since`, with the question they were offered for, in order."""
        rows = await self._rows(
            f"SELECT q.question, e.intent, {_PERSON.format(t='e')}, e.at FROM events e"
            " JOIN questions q ON q.ref = e.question_ref"
            " WHERE e.kind = 'suggestion_chosen' AND q.outcome = 'suggest' AND e.at >= ?"
            " ORDER BY e.id",
            (timestamp(since),),
        )
        return [Choice(q, intent, person, _moment(at)) for q, intent, person, at in rows]

    async def thumbs_up(self, since: datetime) -> list[Thumb]:
        """👍 given since `since`: who, on which intent, when; in order."""
        rows = await self._rows(
            f"SELECT {_PERSON.format(t='events')}, intent, at FROM events"
            " WHERE kind = 'feedback_up' AND at >= ? ORDER BY id",
            (timestamp(since),),
        )
        return [Thumb(person, intent, _moment(at)) for person, intent, at in rows]

    async def non_text(self, since: datetime) -> int:
        """Messages without text (photos, voice notes, stickers…) since `since`."""
        ((count,),) = await self._rows(
            "SELECT count(*) FROM events WHERE kind = 'non_text' AND at >= ?", (timestamp(since),)
        )
        return count


async def open_reader(path: Path) -> LogReader:
    """A read-only reader on the rss-bot log at `path`; QueryLogError (French) otherwise."""
    check_file(path)
    try:
        db = await connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise QueryLogError(texts.LOG_UNREADABLE.format(path=path, error=exc)) from None
    try:
        await db.create_function("has_text", 1, has_text, deterministic=True)
        await db.create_function("is_question", 1, is_question, deterministic=True)
        version, names = await schema_of(db)
        check_schema(path, version, names)
        if version == 0:
            raise ForeignFileError(texts.LOG_FOREIGN.format(path=path))  # an empty database
        if version < SCHEMA_VERSION:
            raise OlderLogError(
                texts.LOG_OLDER.format(path=path, found=version, known=SCHEMA_VERSION)
            )
    except sqlite3.Error as exc:
        await db.close()
        raise QueryLogError(texts.LOG_UNREADABLE.format(path=path, error=exc)) from None
    except BaseException:
        await db.close()
        raise
    return LogReader(db, path)


@contextlib.asynccontextmanager
async def read_log(path: Path) -> AsyncIterator[LogReader]:
    """`async with read_log(path) as reader:` a read-only reader, closed afterwards."""
    reader = await open_reader(path)
    try:
        yield reader
    finally:
        await reader.close()
