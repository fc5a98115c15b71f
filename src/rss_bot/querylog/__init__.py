"""The query log: one batching writer of pseudonymised records, and its staff readers.

The query log alone owns the database and every SQL statement: the schema and its checks
are in `schema`, the staff reads in `reader`, and this module writes.

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
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

from rss_bot import texts
from rss_bot.config import MIN_KEY_CHARS
from rss_bot.querylog.reader import (
    Choice,
    Day,
    KbVersion,
    LogReader,
    Thumb,
    has_text,
    open_reader,
    read_log,
)
from rss_bot.querylog.schema import (
    EVENT_COLUMNS,
    EXPORT_COLUMNS,
    MIGRATIONS,
    QUESTION_COLUMNS,
    SCHEMA_VERSION,
    TIME_FORMAT,
    ForeignFileError,
    MissingLogError,
    NewerLogError,
    OlderLogError,
    QueryLogError,
    check_file,
    check_schema,
    checkpoint,
    connect,
    migrate,
    schema_of,
    timestamp,
    utc_now,
)
from rss_bot.records import Channel, Erased, EventRecord, QuestionRecord, UserId

__all__ = [
    "EVENT_COLUMNS",
    "EXPORT_COLUMNS",
    "KEY_FILE_NAME",
    "MIGRATIONS",
    "QUESTION_COLUMNS",
    "SCHEMA_VERSION",
    "TIME_FORMAT",
    "Choice",
    "Day",
    "ForeignFileError",
    "KbVersion",
    "LogHealth",
    "LogReader",
    "MissingLogError",
    "NewerLogError",
    "OlderLogError",
    "QueryLog",
    "QueryLogError",
    "Thumb",
    "connect",
    "forget_file",
    "has_text",
    "load_or_create_key",
    "open_reader",
    "pseudonym",
    "purge_file",
    "purge_plan",
    "read_key",
    "read_log",
    "timestamp",
    "utc_now",
]

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000
FLUSH_INTERVAL_S = 0.2
BATCH_SIZE = 1000
BUFFER_ROWS = 100_000  # rows waiting in memory at most (about 30 MB), e.g. while the
# database cannot be written; more are dropped and counted
RETRY_INTERVAL_S = 1.0
PURGE_INTERVAL_S = 24 * 3600
KEY_FILE_NAME = "rss_bot.key"
# Message ids seen are kept this long: Meta redelivers a webhook for up to 24 hours.
SEEN_KEEP = timedelta(days=2)


# Host parameters in one statement: 999 in every SQLite build (32,766 since 3.32).
_MAX_VARIABLES = 999
# (verb, table, columns) of each kind of queued row.
_TABLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "q": ("INSERT", "questions", tuple(QUESTION_COLUMNS)),
    "e": ("INSERT", "events", tuple(EVENT_COLUMNS)),
    "s": ("INSERT OR IGNORE", "seen_messages", ("digest", "seen_at")),
}


@functools.lru_cache(maxsize=64)
def _insert_sql(kind: str, count: int) -> str:
    verb, table, columns = _TABLES[kind]
    row = f"({', '.join('?' * len(columns))})"
    return f"{verb} INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * count)}"


async def _insert(db: aiosqlite.Connection, kind: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows of one kind, many per statement: SQLite runs each statement in one step,
    so the writer thread takes Python's lock once per statement rather than once per row
    (executemany), a hand-off with the event loop that slowed the bot by a fifth."""
    per = _MAX_VARIABLES // len(_TABLES[kind][2])
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        await db.execute(_insert_sql(kind, len(chunk)), [v for row in chunk for v in row])


# Where a queued row keeps its channel and pseudonym, by kind ("q" question, "e" event; a
# message id seen, "s", has neither).
_CHANNEL_AT = {"q": QUESTION_COLUMNS.index("channel"), "e": EVENT_COLUMNS.index("channel")}
_USER_KEY_AT = {"q": QUESTION_COLUMNS.index("user_key"), "e": EVENT_COLUMNS.index("user_key")}


# Errors that come from one row's values rather than from the database: a character UTF-8
# cannot hold, a number SQLite cannot store. The row is dropped, the others are written.
# (Not ValueError or ProgrammingError at large: aiosqlite and sqlite3 use them for a closed
# connection, which must keep the rows queued.)
_ROW_ERRORS = (UnicodeError, OverflowError, sqlite3.InterfaceError, sqlite3.DataError)


def storable(text: str) -> str:
    """The text with any lone surrogate (valid in a Bot API JSON string, not in UTF-8)
    replaced by U+FFFD: one such message must not stop the log for good."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def load_or_create_key(db_path: Path, configured: str = "") -> bytes:
    """The pseudonymisation key: RSS_BOT_LOG_KEY, else a 0600 key file beside the database."""
    if configured:
        return configured.encode()
    path = db_path.parent / KEY_FILE_NAME
    if not path.exists():
        _create_key_file(path)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_KEY_CHARS:  # emptied, or cut short by a full disk: no key at all
        raise OSError(texts.LOG_KEY_TOO_SHORT.format(path=path))
    return key.encode()


def _create_key_file(path: Path) -> None:
    """A new random key, readable by its owner only, written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process made one just now
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def read_key(db_path: Path, configured: str = "") -> bytes | None:
    """The pseudonymisation key the bot uses, or None where it has none yet (never created)."""
    if configured:
        return configured.encode()
    path = db_path.parent / KEY_FILE_NAME
    try:
        return path.read_text(encoding="ascii").strip().encode()
    except FileNotFoundError:
        return None


@functools.lru_cache(maxsize=8192)  # the same people ask again and again
def pseudonym(key: bytes, user_id: UserId | None) -> str | None:
    """Keyed pseudonym of a user id; without the key it cannot be linked back to the id."""
    if user_id is None:
        return None
    return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


@dataclass
class LogHealth:
    """What the writer went through: shown in logs and used by tests."""

    written: int = 0
    dropped: int = 0
    failures: int = 0
    failing: bool = False
    reason: str = ""  # of the last failure


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
                storable(record.question[:MAX_QUESTION_CHARS]),
                storable(verdict.normalized[:MAX_QUESTION_CHARS]),
                verdict.outcome.value,
                verdict.intent,
                round(verdict.score, 1),
                json.dumps(list(verdict.suggestions)),
                record.campaign,
                verdict.kb_version or self.kb_version,
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

    # --- message ids seen (exactly-once delivery) ------------------------------------

    def message_digest(self, message_id: str) -> str:
        """Keyed digest of a channel's message id: what is stored instead of the id."""
        text = f"message:{message_id}".encode()
        return hmac.new(self._key, text, hashlib.sha256).hexdigest()[:32]

    def record_seen(self, digest: str) -> None:
        """Queue a message digest as handled; never blocks, never raises."""
        self._put("s", (digest, timestamp(self._clock())))

    async def seen_digests(self, since: datetime) -> set[str]:
        """Digests of the messages handled since `since` (empty if the log cannot be read)."""
        async with self._flush_lock:
            if not await self._usable():
                self._failed("base de données inaccessible")
                return set()
            assert self._db is not None
            try:
                async with self._db.execute(
                    "SELECT digest FROM seen_messages WHERE seen_at >= ?", (timestamp(since),)
                ) as cursor:
                    return {digest for (digest,) in await cursor.fetchall()}
            except sqlite3.Error as exc:
                self._failed(str(exc))
                return set()

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
        try:
            await self.flush()
        except Exception:  # a bug must not keep the database thread (and the bot) alive
            logger.exception("Erreur inattendue du journal des questions")
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
        # Only the rows queued before this call: rows that arrive during a write wait for
        # the next turn, so a steady stream of questions makes a batch per turn rather than
        # a write of a few rows after each write.
        todo = len(self._pending)
        while todo > 0 and self._pending:
            if not await self._usable():
                self._failed("base de données inaccessible")
                return
            size = min(BATCH_SIZE, todo, len(self._pending))
            batch = [self._pending[i] for i in range(size)]
            questions = [row for kind, row in batch if kind == "q"]
            events = [row for kind, row in batch if kind == "e"]
            seen = [row for kind, row in batch if kind == "s"]
            assert self._db is not None
            try:  # one transaction: the module opens it before the first insert
                for kind, rows in (("q", questions), ("e", events), ("s", seen)):
                    await _insert(self._db, kind, rows)
                await self._db.commit()
            except _ROW_ERRORS as exc:
                await self._rollback()
                logger.error("Journal des questions : lot refusé (%s)", type(exc).__name__)
                if not await self._write_one_by_one(size):
                    return
            except sqlite3.Error as exc:
                await self._database_failed(exc)
                return
            else:
                for _ in batch:
                    self._pending.popleft()
                self.health.written += len(batch)
            todo -= len(batch)
            if self.health.failing:
                self.health.failing = False
                logger.warning(
                    "Journal des questions rétabli (%s) ; %d ligne(s) perdue(s) entre-temps",
                    self.path,
                    self.health.dropped,
                )

    async def _write_one_by_one(self, size: int) -> bool:
        """Write the first `size` queued rows one transaction each, dropping a row the
        database refuses as such (a character or a value it cannot take): one bad row must
        not stop the log for good. False when the database itself fails."""
        assert self._db is not None
        for _ in range(size):
            kind, row = self._pending[0]
            try:
                await _insert(self._db, kind, [row])
                await self._db.commit()
            except _ROW_ERRORS as exc:
                await self._rollback()
                self.health.dropped += 1
                logger.error(
                    "Journal des questions : ligne illisible écartée (%s)", type(exc).__name__
                )
            except sqlite3.Error as exc:
                await self._database_failed(exc)
                return False
            else:
                self.health.written += 1
            self._pending.popleft()
        return True

    async def _rollback(self) -> None:
        assert self._db is not None
        with contextlib.suppress(sqlite3.Error):
            await self._db.rollback()

    async def _database_failed(self, exc: sqlite3.Error) -> None:
        await self._rollback()
        self._failed(str(exc))
        await self._disconnect()  # reopen next time: the file may have changed

    def _failed(self, reason: str) -> None:
        self.health.failures += 1
        self.health.reason = reason
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
            check_file(self.path, missing_ok=True)  # a newer log is refused unopened
            db = await connect(self.path)
        except (OSError, sqlite3.Error, QueryLogError) as exc:
            self._failed(str(exc))
            return False
        try:
            # Checked before anything is written: another program's database stays as it was.
            await migrate(db, self.path)
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
        except (sqlite3.Error, QueryLogError) as exc:
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
        if self.health.failing or self._db is None:
            return
        if time.monotonic() - self._last_purge < PURGE_INTERVAL_S and self._last_purge:
            return
        self._last_purge = time.monotonic()
        try:
            cutoff = timestamp(self._clock() - SEEN_KEEP)
            await self._db.execute("DELETE FROM seen_messages WHERE seen_at < ?", (cutoff,))
            await self._db.commit()
        except sqlite3.Error as exc:
            logger.warning("Purge des identifiants de messages impossible : %s", exc)
        if not self.retention_days:
            return
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

    # --- erasure at a person's request -----------------------------------------------

    async def forget(self, channel: Channel, user_id: UserId | None) -> Erased | None:
        """Delete every question and event of one person, written or still queued (see
        records.Recorder.forget); None, and nothing deleted, if the database cannot be
        changed now."""
        key = pseudonym(self._key, user_id)
        async with self._flush_lock:  # no batch is being written meanwhile
            if not await self._usable():
                logger.warning("Effacement demandé impossible : %s", self.health.reason)
                return None
            assert self._db is not None
            try:
                written = await _delete_person(self._db, channel, key)
            except sqlite3.Error as exc:
                await self._rollback()
                await self._disconnect()  # reopen next time: the file may have changed
                logger.warning("Effacement demandé impossible : %s", exc)
                return None
            kept: deque[tuple[str, tuple[Any, ...]]] = deque()
            queued = Counter[str]()
            for row in self._pending:
                if _of_person(row, channel, key):
                    queued[row[0]] += 1
                else:
                    kept.append(row)
            self._pending = kept
        return Erased(written.questions + queued["q"], written.events + queued["e"])

    # --- retention --------------------------------------------------------------------

    async def purge(self, older_than: timedelta) -> int:
        """Delete questions and events older than `older_than`; return how many rows."""
        if self._db is None and not await self._try_connect():
            raise QueryLogError(
                texts.LOG_UNWRITABLE.format(path=self.path, error=self.health.reason)
            )
        assert self._db is not None
        return await _delete_older(self._db, timestamp(self._clock() - older_than))


async def _delete_older(db: aiosqlite.Connection, cutoff: str) -> int:
    removed = 0
    for table, column in (("questions", "asked_at"), ("events", "at")):
        cursor = await db.execute(f"DELETE FROM {table} WHERE {column} < ?", (cutoff,))
        removed += cursor.rowcount
    await db.commit()
    if removed:  # the expired texts must not stay in the write-ahead log either
        await checkpoint(db)
    return removed


def _of_person(row: tuple[str, tuple[Any, ...]], channel: Channel, key: str | None) -> bool:
    kind, values = row
    if kind not in _USER_KEY_AT:
        return False  # a message id seen: no person in it
    if key is not None:
        return values[_USER_KEY_AT[kind]] == key
    return values[_USER_KEY_AT[kind]] is None and values[_CHANNEL_AT[kind]] == channel.value


async def _delete_person(db: aiosqlite.Connection, channel: Channel, key: str | None) -> Erased:
    """Delete one person's rows in one transaction: those of pseudonym `key`, or with no
    pseudonym, those of `channel` without a person."""
    where, params = "user_key = ?", (key,)
    if key is None:
        where, params = "user_key IS NULL AND channel = ?", (channel.value,)
    questions = await db.execute(f"DELETE FROM questions WHERE {where}", params)
    events = await db.execute(f"DELETE FROM events WHERE {where}", params)
    await db.commit()
    # The deleted rows' pages may still be in the write-ahead log: empty it if no one reads.
    await checkpoint(db)
    return Erased(questions.rowcount, events.rowcount)


@contextlib.asynccontextmanager
async def _existing_log(path: Path) -> AsyncIterator[aiosqlite.Connection]:
    """The existing log at `path`, open for a staff command that writes; an SQLite error
    becomes a QueryLogError that names the file."""
    check_file(path)
    try:
        db = await connect(path)
    except sqlite3.Error as exc:
        raise QueryLogError(texts.LOG_UNREADABLE.format(path=path, error=exc)) from None
    try:
        yield db
    except sqlite3.Error as exc:
        raise QueryLogError(texts.LOG_UNWRITABLE.format(path=path, error=exc)) from None
    finally:
        await db.close()


async def forget_file(path: Path, user_id: UserId, configured_key: str = "") -> Erased:
    """`rss-bot forget`: delete every row of the person `user_id` (as a door knows them, see
    records.UserId) from the existing log at `path`, migrating it first if it is older.
    The pseudonym is computed with the bot's key (RSS_BOT_LOG_KEY, else the key file beside
    the log). QueryLogError, file untouched, if it is not a log or there is no key."""
    async with _existing_log(path) as db:
        await _refuse_unless_a_log(db, path)
        key = read_key(path, configured_key)
        if key is None:
            raise QueryLogError(texts.FORGET_NO_KEY.format(path=path.parent / KEY_FILE_NAME))
        await migrate(db, path)
        # A known person: the channel matters only for rows without one.
        return await _delete_person(db, Channel.TELEGRAM, pseudonym(key, user_id))


async def purge_file(
    path: Path, older_than: timedelta, clock: Callable[[], datetime] = utc_now
) -> int:
    """`rss-bot purge`: delete rows older than `older_than` from the existing log at `path`
    (migrating it first if it is older); QueryLogError, file untouched, if it is not one."""
    async with _existing_log(path) as db:
        await _refuse_unless_a_log(db, path)
        await migrate(db, path)
        return await _delete_older(db, timestamp(clock() - older_than))


async def _refuse_unless_a_log(db: aiosqlite.Connection, path: Path) -> None:
    """ForeignFileError, before any write, unless `path` holds an rss-bot log: a staff
    command that writes never turns another file (or an empty one) into a log."""
    version, names = await schema_of(db)
    check_schema(path, version, names)
    if version == 0:
        raise ForeignFileError(texts.LOG_FOREIGN.format(path=path))


async def purge_plan(
    path: Path, older_than: timedelta, clock: Callable[[], datetime] = utc_now
) -> tuple[int, int, str | None]:
    """What `purge_file` would delete from the log at `path`: (questions, events, UTC time
    of the oldest row), read without writing or migrating (any schema version of the log)."""
    check_file(path)
    try:
        db = await connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise QueryLogError(texts.LOG_UNREADABLE.format(path=path, error=exc)) from None
    try:
        version, names = await schema_of(db)
        check_schema(path, version, names)
        if version == 0:
            raise ForeignFileError(texts.LOG_FOREIGN.format(path=path))
        cutoff = timestamp(clock() - older_than)
        counts = []
        for table, column in (("questions", "asked_at"), ("events", "at")):
            sql = f"SELECT count(*), min({column}) FROM {table} WHERE {column} < ?"
            async with db.execute(sql, (cutoff,)) as cursor:
                counts.append(await cursor.fetchone())
    except sqlite3.Error as exc:
        raise QueryLogError(texts.LOG_UNREADABLE.format(path=path, error=exc)) from None
    finally:
        await db.close()
    (questions, oldest), (events, oldest_event) = counts
    first = min(filter(None, (oldest, oldest_event)), default=None)
    return questions, events, first[:16] if first else None
