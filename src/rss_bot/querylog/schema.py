"""The query log's schema: migrations, column lists, connections, and the checks that tell
an rss-bot log from any other file before anything is read or written."""

from __future__ import annotations

import asyncio
import logging
import os
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import aiosqlite

from rss_bot import texts
from rss_bot.redaction import redact_row

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # UTC, sorts and compares as text
SQLITE_MAGIC = b"SQLite format 3\x00"
_USER_VERSION_OFFSET = 60  # PRAGMA user_version, in the database header (big-endian)

# Each migration takes the schema from version N to N+1 (PRAGMA user_version).
MIGRATIONS: tuple[str, ...] = (
    # 1: the two tables.
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at TEXT NOT NULL,          -- UTC, 'YYYY-MM-DD HH:MM:SS.ffffff'
        channel TEXT NOT NULL,           -- telegram | inline | terminal
        chat_type TEXT NOT NULL,         -- private | group | ''
        user_key TEXT,                   -- HMAC-SHA256 of the user id: a pseudonym
        question TEXT NOT NULL,          -- cut at 1,000 characters
        normalized TEXT NOT NULL,
        outcome TEXT NOT NULL,           -- answer | suggest | fallback
        intent TEXT,
        score REAL NOT NULL,             -- 0-100
        suggestions TEXT NOT NULL,       -- JSON list of intent ids
        campaign TEXT,
        kb_version TEXT NOT NULL,
        latency_ms REAL NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        channel TEXT NOT NULL,
        user_key TEXT,
        kind TEXT NOT NULL,              -- feedback_up | feedback_down | suggestion_chosen
                                         -- | none_of_these
        intent TEXT,
        campaign TEXT
    );
    """,
    # 2: link events to the question they follow; indexes; views for any SQLite tool.
    """
    ALTER TABLE questions ADD COLUMN ref TEXT;
    ALTER TABLE events ADD COLUMN question_ref TEXT;
    CREATE INDEX questions_asked_at ON questions (asked_at);
    CREATE INDEX questions_ref ON questions (ref);
    CREATE INDEX events_at ON events (at);
    CREATE VIEW daily_counts AS
        SELECT substr(asked_at, 1, 10) AS day, count(*) AS questions,
               sum(outcome = 'answer') AS answered, sum(outcome = 'suggest') AS suggested,
               sum(outcome = 'fallback') AS fallback
        FROM questions GROUP BY day ORDER BY day;
    CREATE VIEW top_intents AS
        SELECT intent, count(*) AS questions FROM questions
        WHERE outcome = 'answer' GROUP BY intent ORDER BY questions DESC;
    CREATE VIEW unanswered AS
        SELECT asked_at, channel, outcome, question, normalized, suggestions, campaign
        FROM questions WHERE outcome IN ('fallback', 'suggest') ORDER BY asked_at DESC;
    CREATE VIEW feedback_per_intent AS
        SELECT intent, sum(kind = 'feedback_up') AS up, sum(kind = 'feedback_down') AS down
        FROM events WHERE kind IN ('feedback_up', 'feedback_down')
        GROUP BY intent ORDER BY up + down DESC;
    CREATE VIEW campaigns AS
        SELECT campaign, count(*) AS questions, count(DISTINCT user_key) AS people,
               min(asked_at) AS first_question, max(asked_at) AS last_question
        FROM questions WHERE campaign IS NOT NULL GROUP BY campaign ORDER BY questions DESC;
    """,
    # 3: a person's rows found at once (/oublier, `rss-bot forget`). The rows stored before
    # are redacted in the same transaction (DATA_STEPS).
    """
    CREATE INDEX questions_user_key ON questions (user_key);
    CREATE INDEX events_user_key ON events (user_key);
    """,
    # 4: the message ids a door has handled, so that a webhook delivered twice (WhatsApp
    # delivers at least once) is answered once, across restarts. A keyed digest only: a
    # WhatsApp message id embeds the sender's phone number.
    """
    CREATE TABLE seen_messages (
        digest TEXT PRIMARY KEY,         -- HMAC-SHA256 of the message id, never the id
        seen_at TEXT NOT NULL            -- UTC; rows older than 2 days are deleted
    ) WITHOUT ROWID;
    CREATE INDEX seen_messages_at ON seen_messages (seen_at);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
TABLES = frozenset({"questions", "events"})

# Column lists, each written once: the writer inserts them, the export reads them.
QUESTION_COLUMNS = (
    "asked_at", "channel", "chat_type", "user_key", "question", "normalized", "outcome",
    "intent", "score", "suggestions", "campaign", "kb_version", "latency_ms", "ref",
)  # fmt: skip
EVENT_COLUMNS = ("at", "channel", "user_key", "kind", "intent", "campaign", "question_ref")
# The export leaves out `ref`: a random link between rows, of no use in a spreadsheet.
EXPORT_COLUMNS = tuple(c for c in QUESTION_COLUMNS if c != "ref")


class QueryLogError(Exception):
    """Raised when the query log cannot be used; the message, in French, says why and what
    to do. The subclasses say what was found at the path instead of a usable log."""


class MissingLogError(QueryLogError):
    """Raised by staff commands when no file exists at the database path."""


class ForeignFileError(QueryLogError):
    """Raised when the file is not an rss-bot query log (another SQLite database, another
    kind of file): it is left untouched."""


class NewerLogError(QueryLogError):
    """Raised when the log was written by a newer rss-bot (a schema this code does not know):
    it is left untouched."""


class OlderLogError(QueryLogError):
    """Raised by staff commands on a log of an older schema: only the bot (or `purge`)
    migrates a log, staff reads never do."""


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """A UTC datetime as stored in the log."""
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def _uri(path: Path, read_only: bool) -> str:
    return "file:" + quote(os.path.abspath(path)) + ("?mode=ro" if read_only else "")


async def connect(path: Path, *, read_only: bool = False) -> aiosqlite.Connection:
    """Open the database with the settings every user of it needs. Nothing is written to the
    file: the writer switches it to WAL once it has checked the file is an rss-bot log."""
    try:
        db = await aiosqlite.connect(
            _uri(path, read_only), uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except BaseException:
        # aiosqlite stops its worker thread in the background after a failed connect; let it
        # finish while the event loop still runs, or it dies on a closed loop at shutdown.
        await asyncio.sleep(0.05)
        raise
    try:
        await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:  # what is deleted or replaced is overwritten, not left in the file
            await db.execute("PRAGMA secure_delete = ON")
    except BaseException:
        await db.close()
        raise
    return db


def check_file(path: Path, *, missing_ok: bool = False) -> None:
    """Refuse, from its first bytes alone, a file that is not SQLite or whose schema is newer
    than this code: nothing is opened, so nothing can change it. A missing file raises
    MissingLogError unless `missing_ok` (the bot creates its log)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        if missing_ok:
            return
        raise MissingLogError(texts.LOG_MISSING.format(path=path)) from None
    except OSError as exc:
        reason = texts.os_reason(exc)
        raise QueryLogError(texts.LOG_UNREADABLE.format(path=path, error=reason)) from None
    if not header:
        return  # an empty file is an empty SQLite database: the content checks decide
    if not header.startswith(SQLITE_MAGIC):
        raise ForeignFileError(texts.LOG_NOT_SQLITE.format(path=path))
    # The header may lag behind a log whose latest pages are still in its WAL file, never
    # ahead of it: a newer version here is a newer log.
    found = int.from_bytes(header[_USER_VERSION_OFFSET : _USER_VERSION_OFFSET + 4], "big")
    if found > SCHEMA_VERSION:
        raise NewerLogError(texts.LOG_NEWER.format(path=path, found=found, known=SCHEMA_VERSION))


async def schema_of(db: aiosqlite.Connection) -> tuple[int, frozenset[str]]:
    """(PRAGMA user_version, names of every table and view) of an open database."""
    async with db.execute("PRAGMA user_version") as cursor:
        (version,) = await cursor.fetchone()
    async with db.execute("SELECT name FROM sqlite_master") as cursor:
        names = frozenset(name for (name,) in await cursor.fetchall())
    return version, names


def check_schema(path: Path, version: int, names: frozenset[str]) -> None:
    """Refuse a database that is neither empty nor an rss-bot log this code can use."""
    if version > SCHEMA_VERSION:
        raise NewerLogError(texts.LOG_NEWER.format(path=path, found=version, known=SCHEMA_VERSION))
    if version == 0 and names:
        raise ForeignFileError(texts.LOG_FOREIGN.format(path=path))
    if version > 0 and not TABLES.issubset(names):
        raise ForeignFileError(texts.LOG_FOREIGN.format(path=path))


async def checkpoint(db: aiosqlite.Connection) -> None:
    """Copy the write-ahead log into the database and empty it, so that rows just deleted or
    replaced are no longer in it (nothing happens while a reader holds it)."""
    async with db.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
        await cursor.fetchall()


async def _redact_stored(db: aiosqlite.Connection) -> None:
    """Redact the questions stored before redaction existed, in place; log how many changed
    and what was replaced (counts only, never the values)."""
    changes: list[tuple[str, str, int]] = []
    kinds: Counter[str] = Counter()
    total = 0
    async with db.execute("SELECT id, question, normalized FROM questions") as cursor:
        async for row_id, question, normalized in cursor:
            total += 1
            question, normalized, found = redact_row(question, normalized)
            if found:
                changes.append((question, normalized, row_id))
                kinds.update(found)
    await db.executemany("UPDATE questions SET question = ?, normalized = ? WHERE id = ?", changes)
    if not total:
        return  # a new log: nothing to say
    logger.warning(
        texts.LOG_REDACTED.format(
            version=3,
            changed=len(changes),
            total=total,
            kinds=", ".join(f"{kind} × {n}" for kind, n in sorted(kinds.items())) or "-",
        )
    )


# Steps in Python that a migration needs besides its SQL, by the version it reaches; each
# runs in the migration's transaction, after its SQL.
DATA_STEPS: dict[int, Callable[[aiosqlite.Connection], Awaitable[None]]] = {3: _redact_stored}


async def migrate(db: aiosqlite.Connection, path: Path) -> int:
    """Bring the schema to SCHEMA_VERSION; return the version found before.

    Only the bot (and `rss-bot purge`, `rss-bot forget`) migrates. A file that is not an
    rss-bot log, or a log newer than this code, raises QueryLogError and is left as it was.
    """
    found, names = await schema_of(db)
    check_schema(path, found, names)
    for index in _to_apply(found, names):
        await _apply(db, index, max(found, index + 1))
    return found


# Migration 3 was a placeholder that did nothing (SELECT 1) in the versions that brought
# migration 4, before issue 14: a log they made is at 3 or 4 without migration 3's index.
_REDACTION = 2  # index of migration 3 in MIGRATIONS
_REDACTION_INDEX = "questions_user_key"


def _to_apply(found: int, names: frozenset[str]) -> list[int]:
    """Indexes in MIGRATIONS of the migrations a log at version `found` still needs."""
    placeholder_only = found > _REDACTION and _REDACTION_INDEX not in names
    return [*([_REDACTION] if placeholder_only else []), *range(found, SCHEMA_VERSION)]


async def _apply(db: aiosqlite.Connection, index: int, version: int) -> None:
    """Run MIGRATIONS[index] and its data step in one transaction, ending at `version`."""
    step = DATA_STEPS.get(index + 1)
    if step is None:
        await db.executescript(
            f"BEGIN; {MIGRATIONS[index]}; PRAGMA user_version = {version}; COMMIT;"
        )
        return
    await db.executescript(f"BEGIN; {MIGRATIONS[index]};")  # left open for the step
    try:
        await step(db)
        await db.execute(f"PRAGMA user_version = {version}")
        await db.commit()
    except BaseException:
        await db.rollback()
        raise
    # What the step replaced may still be in the write-ahead log: empty it.
    await checkpoint(db)
