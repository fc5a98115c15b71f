"""The query log: SQLite schema and migrations, one batching writer, pseudonymised users.

Records are queued without waiting (the reply always goes first) and written by one task
in batched transactions, as soon as a batch is full and at least every FLUSH_INTERVAL_S.
If the database cannot be written (deleted, read-only, disk full), the bot keeps
answering: rows wait in a bounded buffer, the problem is logged once, writing resumes when
it clears, and rows that did not fit are counted as dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiosqlite

from rss_bot.records import EventRecord, QuestionRecord

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000
FLUSH_INTERVAL_S = 0.2
BATCH_SIZE = 1000
BUFFER_ROWS = 100_000  # rows waiting in memory at most (about 30 MB), e.g. while the
# database cannot be written; more are dropped and counted
RETRY_INTERVAL_S = 1.0
PURGE_INTERVAL_S = 24 * 3600
BUSY_TIMEOUT_MS = 5000
KEY_FILE_NAME = "rss_bot.key"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # UTC, sorts and compares as text

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
)
SCHEMA_VERSION = len(MIGRATIONS)

QUESTION_COLUMNS = (
    "asked_at", "channel", "chat_type", "user_key", "question", "normalized", "outcome",
    "intent", "score", "suggestions", "campaign", "kb_version", "latency_ms", "ref",
)  # fmt: skip
EVENT_COLUMNS = ("at", "channel", "user_key", "kind", "intent", "campaign", "question_ref")
_INSERT_QUESTION = (
    f"INSERT INTO questions ({', '.join(QUESTION_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(QUESTION_COLUMNS))})"
)
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"
)


class QueryLogError(Exception):
    """Raised when a staff command cannot read the query log (missing or unreadable file)."""


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """A UTC datetime as stored in the log."""
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def load_or_create_key(db_path: Path, configured: str = "") -> bytes:
    """The pseudonymisation key: RSS_BOT_LOG_KEY, else a 0600 key file beside the database."""
    if configured:
        return configured.encode()
    path = db_path.parent / KEY_FILE_NAME
    if path.exists():
        return path.read_text(encoding="ascii").strip().encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key.encode()


@functools.lru_cache(maxsize=8192)  # the same people ask again and again
def pseudonym(key: bytes, user_id: int | None) -> str | None:
    """Keyed pseudonym of a user id; without the key it cannot be linked back to the id."""
    if user_id is None:
        return None
    return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


async def migrate(db: aiosqlite.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION; return the version found before."""
    async with db.execute("PRAGMA user_version") as cursor:
        (found,) = await cursor.fetchone()
    for version in range(found, SCHEMA_VERSION):
        await db.executescript(
            f"BEGIN; {MIGRATIONS[version]}; PRAGMA user_version = {version + 1}; COMMIT;"
        )
    return found


def _uri(path: Path, read_only: bool) -> str:
    return "file:" + quote(os.path.abspath(path)) + ("?mode=ro" if read_only else "")


async def connect(path: Path, *, read_only: bool = False) -> aiosqlite.Connection:
    """Open the database with the settings every user of it needs."""
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
        await db.execute("PRAGMA journal_mode = WAL")
        await db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        await db.close()
        raise
    return db


@dataclass
class LogHealth:
    """What the writer went through: shown in logs and used by tests."""

    written: int = 0
    dropped: int = 0
    failures: int = 0
    failing: bool = False


class QueryLog:
    """Pseudonymised log of questions and events; implements records.Recorder."""

    def __init__(
        self,
        path: str | Path,
        key: bytes,
        kb_version: str = "",
        *,
        retention_days: int | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.path = Path(path)
        self._key = key
        self.kb_version = kb_version
        self.retention_days = retention_days
        self._clock = clock
        self._pending: deque[tuple[str, tuple[Any, ...]]] = deque()
        self._wakeup = asyncio.Event()  # a full batch is waiting, or the log is closing
        self._db: aiosqlite.Connection | None = None
        self._inode: int | None = None
        self._writer: asyncio.Task[None] | None = None
        self._flush_lock = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._last_purge = 0.0
        self.health = LogHealth()

    def __repr__(self) -> str:
        return f"QueryLog({str(self.path)!r})"  # never the key

    # --- records ------------------------------------------------------------------

    def record_question(self, record: QuestionRecord) -> None:
        """Queue a question row; never blocks, never raises."""
        verdict = record.verdict
        self._put(
            "q",
            (
                timestamp(self._clock()),
                record.channel.value,
                record.chat_type,
                pseudonym(self._key, record.user_id),
                record.question[:MAX_QUESTION_CHARS],
                verdict.normalized[:MAX_QUESTION_CHARS],
                verdict.outcome.value,
                verdict.intent,
                round(verdict.score, 1),
                json.dumps(list(verdict.suggestions)),
                record.campaign,
                self.kb_version,
                round(record.latency_ms, 2),
                record.ref,
            ),
        )

    def record_event(self, record: EventRecord) -> None:
        """Queue an event row; never blocks, never raises."""
        self._put(
            "e",
            (
                timestamp(self._clock()),
                record.channel.value,
                pseudonym(self._key, record.user_id),
                record.kind.value,
                record.intent,
                record.campaign,
                record.question_ref,
            ),
        )

    def _put(self, kind: str, row: tuple[Any, ...]) -> None:
        if len(self._pending) >= BUFFER_ROWS:
            self.health.dropped += 1
            return
        self._pending.append((kind, row))
        if len(self._pending) >= BATCH_SIZE:
            self._wakeup.set()

    # --- lifecycle ------------------------------------------------------------------

    async def open(self) -> None:
        """Start the writer. The database itself is opened (and migrated) by the writer, so a
        database that cannot be opened delays nothing."""
        await self._try_connect()
        self._writer = asyncio.create_task(self._run(), name="query-log-writer")

    async def close(self) -> None:
        """Write everything queued, then close the database."""
        if self._writer is not None:
            # A stop flag, not cancel(): a cancellation could land mid-write.
            self._stopping.set()
            self._wakeup.set()
            await self._writer
            self._writer = None
        await self.flush()
        if self._pending:
            self.health.dropped += len(self._pending)
            logger.error(
                "Journal des questions : %d ligne(s) perdue(s) à l'arrêt (%s)",
                len(self._pending),
                self.path,
            )
            self._pending.clear()
        if self.health.dropped:
            logger.warning(
                "Journal des questions : %d ligne(s) perdue(s) au total", self.health.dropped
            )
        await self._disconnect()

    async def flush(self) -> None:
        """Write everything queued so far (staff reads, tests)."""
        if self._pending:
            await self._flush()

    async def __aenter__(self) -> QueryLog:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- writer -----------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(FLUSH_INTERVAL_S):
                    await self._wakeup.wait()
            self._wakeup.clear()
            if self._pending:
                try:
                    await self._flush()
                except Exception:  # a bug must not end logging for the life of the bot
                    logger.exception("Erreur inattendue du journal des questions")
                    self._failed("erreur inattendue")
                if self.health.failing:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stopping.wait(), RETRY_INTERVAL_S)
            await self._maybe_purge()

    async def _flush(self) -> None:
        """Write pending rows in batches, one transaction each; keep them on failure."""
        async with self._flush_lock:  # the writer and flush() may both get here
            await self._write_pending()

    async def _write_pending(self) -> None:
        while self._pending:
            if not await self._usable():
                self._failed("base de données inaccessible")
                return
            batch = [self._pending[i] for i in range(min(BATCH_SIZE, len(self._pending)))]
            questions = [row for kind, row in batch if kind == "q"]
            events = [row for kind, row in batch if kind == "e"]
            assert self._db is not None
            try:  # one transaction: the module opens it before the first insert
                if questions:
                    await self._db.executemany(_INSERT_QUESTION, questions)
                if events:
                    await self._db.executemany(_INSERT_EVENT, events)
                await self._db.commit()
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    await self._db.rollback()
                self._failed(str(exc))
                await self._disconnect()  # reopen next time: the file may have changed
                return
            for _ in batch:
                self._pending.popleft()
            self.health.written += len(batch)
            if self.health.failing:
                self.health.failing = False
                logger.warning(
                    "Journal des questions rétabli (%s) ; %d ligne(s) perdue(s) entre-temps",
                    self.path,
                    self.health.dropped,
                )

    def _failed(self, reason: str) -> None:
        self.health.failures += 1
        if not self.health.failing:
            self.health.failing = True
            logger.warning(
                "Journal des questions indisponible (%s : %s) : le bot continue de répondre, "
                "les lignes attendent en mémoire (%d au plus)",
                self.path,
                reason,
                BUFFER_ROWS,
            )

    async def _usable(self) -> bool:
        """Connected to the file that is at `path` now (it may have been deleted)."""
        if self._db is not None:
            try:
                if os.stat(self.path).st_ino == self._inode:
                    return True
            except OSError:
                pass
            logger.warning(
                "Base des questions supprimée ou remplacée (%s) : une nouvelle base est créée",
                self.path,
            )
            await self._disconnect()
        return await self._try_connect()

    async def _try_connect(self) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = await connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            self._failed(str(exc))
            return False
        try:
            await migrate(db)
        except sqlite3.Error as exc:
            await db.close()
            self._failed(str(exc))
            return False
        self._db = db
        self._inode = os.stat(self.path).st_ino
        return True

    async def _disconnect(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error, ValueError):
                await self._db.close()
            self._db = None

    async def _maybe_purge(self) -> None:
        if not self.retention_days or self.health.failing or self._db is None:
            return
        if time.monotonic() - self._last_purge < PURGE_INTERVAL_S and self._last_purge:
            return
        self._last_purge = time.monotonic()
        try:
            removed = await self.purge(timedelta(days=self.retention_days))
        except sqlite3.Error as exc:
            logger.warning("Purge du journal impossible : %s", exc)
            return
        if removed:
            logger.info(
                "Journal des questions : %d ligne(s) de plus de %d jours effacées",
                removed,
                self.retention_days,
            )

    # --- staff-side access ---------------------------------------------------------------

    async def purge(self, older_than: timedelta) -> int:
        """Delete questions and events older than `older_than`; return how many rows."""
        db = await self._reader()
        cutoff = timestamp(self._clock() - older_than)
        removed = 0
        for table, column in (("questions", "asked_at"), ("events", "at")):
            cursor = await db.execute(f"DELETE FROM {table} WHERE {column} < ?", (cutoff,))
            removed += cursor.rowcount
        await db.commit()
        return removed

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows of a read query (staff tools)."""
        db = await self._reader()
        db.row_factory = sqlite3.Row
        async with db.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def _reader(self) -> aiosqlite.Connection:
        if self._db is None and not await self._try_connect():
            raise QueryLogError(f"base des questions illisible : {self.path}")
        assert self._db is not None
        return self._db


async def open_for_staff(path: Path, retention_days: int | None = None) -> QueryLog:
    """A QueryLog on an existing database, for staff commands (no writer task)."""
    if not path.is_file():  # noqa: ASYNC240 - one stat before opening
        raise QueryLogError(
            f"aucune base de questions à {path} : le bot n'a encore rien enregistré "
            "(ou RSS_BOT_DB désigne un autre fichier)"
        )
    log = QueryLog(path, b"", retention_days=retention_days)
    await log._reader()
    return log


def since_cutoff(days: int, clock: Callable[[], datetime] = utc_now) -> str:
    """The stored timestamp `days` ago."""
    return timestamp(clock() - timedelta(days=days))
