"""The query log on real SQLite files: schema, pseudonyms, batching, failures, retention."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rss_bot import querylog
from rss_bot.engine import Engine
from rss_bot.querylog import (
    MIGRATIONS,
    SCHEMA_VERSION,
    QueryLog,
    load_or_create_key,
    pseudonym,
)
from rss_bot.records import Channel, EventKind, EventRecord, QuestionRecord

from .conftest import eventually, read_rows

USER_ID = 987_654_321
KEY = b"a-test-key-never-stored"


def question(
    engine: Engine,
    text: str = "c koi le moc",
    user_id: int | None = USER_ID,
    campaign: str | None = None,
    ref: str | None = "r1",
) -> QuestionRecord:
    return QuestionRecord(
        Channel.TELEGRAM, "private", user_id, text, engine.reply(text).verdict, 1.5, campaign, ref
    )


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


async def test_migrates_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY):
        pass
    assert user_version(path) == SCHEMA_VERSION
    views = {r["name"] for r in read_rows(path, "SELECT name FROM sqlite_master WHERE type='view'")}
    assert views == {
        "daily_counts",
        "top_intents",
        "unanswered",
        "feedback_per_intent",
        "campaigns",
    }
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_migrates_from_the_first_schema_version(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "v1.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
        db.execute(
            "INSERT INTO questions (asked_at, channel, chat_type, user_key, question, normalized,"
            " outcome, intent, score, suggestions, campaign, kb_version, latency_ms) VALUES"
            " ('2026-01-05 10:00:00.000000', 'telegram', 'private', 'abc', 'ancienne question',"
            " 'ancienne question', 'answer', 'camps-moc', 80, '[]', NULL, 'v1', 3)"
        )
    async with QueryLog(path, KEY, "v2") as log:
        log.record_question(question(engine))
    assert user_version(path) == SCHEMA_VERSION
    rows = read_rows(path, "SELECT question, ref FROM questions ORDER BY id")
    assert rows == [
        {"question": "ancienne question", "ref": None},
        {"question": "c koi le moc", "ref": "r1"},
    ]
    assert read_rows(path, "SELECT * FROM daily_counts")[0]["day"] == "2026-01-05"


async def test_one_row_per_question_with_every_field(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY, engine.kb.version) as log:
        log.record_question(question(engine, "formations", campaign="mopti"))
    (row,) = read_rows(path, "SELECT * FROM questions")
    assert row["channel"] == "telegram"
    assert row["chat_type"] == "private"
    assert row["question"] == "formations"
    assert row["normalized"] == "formations"
    assert row["outcome"] == "suggest"
    assert row["intent"] is None
    assert 0 <= row["score"] <= 100
    assert len(eval(row["suggestions"])) >= 2  # JSON list of ids
    assert row["campaign"] == "mopti"
    assert row["kb_version"] == engine.kb.version
    assert row["latency_ms"] == 1.5
    assert datetime.strptime(row["asked_at"], querylog.TIME_FORMAT)


async def test_question_is_cut_at_1000_characters(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY) as log:
        log.record_question(question(engine, "moc " * 2000))
    (row,) = read_rows(path, "SELECT question FROM questions")
    assert len(row["question"]) == 1000


async def test_raw_user_id_and_key_appear_nowhere_in_the_files(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY) as log:
        for _ in range(50):
            log.record_question(question(engine))
            log.record_event(
                EventRecord(
                    Channel.TELEGRAM, USER_ID, EventKind.FEEDBACK_UP, "glossaire-moc", None, "r1"
                )
            )
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert str(USER_ID).encode() not in data
    assert KEY not in data
    keys = {r["user_key"] for r in read_rows(path, "SELECT user_key FROM questions")}
    assert keys == {pseudonym(KEY, USER_ID)}
    assert pseudonym(b"another-key", USER_ID) != pseudonym(KEY, USER_ID)


def test_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    db = tmp_path / "data" / "q.sqlite3"
    key = load_or_create_key(db)
    key_file = tmp_path / "data" / querylog.KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_or_create_key(db) == key
    assert load_or_create_key(db, "configured") == b"configured"
    assert len(key) == 64


async def test_thousand_concurrent_questions_give_thousand_rows(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "q.sqlite3"
    verdict = engine.reply("c koi le moc").verdict
    assert verdict is not None

    async def ask(log: QueryLog, n: int) -> None:
        await asyncio.sleep(0)
        log.record_question(QuestionRecord(Channel.TELEGRAM, "private", n, f"q{n}", verdict, 1.0))

    async with QueryLog(path, KEY) as log:
        await asyncio.gather(*(ask(log, n) for n in range(1000)))
        await eventually(lambda: log.health.written == 1000)  # on its own, without flush()
    assert read_rows(path, "SELECT count(*) AS n FROM questions")[0]["n"] == 1000
    assert read_rows(path, "SELECT count(DISTINCT user_key) AS n FROM questions")[0]["n"] == 1000


async def test_rows_queued_at_shutdown_are_written(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "q.sqlite3"
    log = QueryLog(path, KEY)
    await log.open()
    for _ in range(500):
        log.record_question(question(engine))
    await log.close()  # at once: nothing was flushed yet
    assert read_rows(path, "SELECT count(*) AS n FROM questions")[0]["n"] == 500


# Opens the database read-only, as a read-only file or mount would (root ignores modes).
read_only_connect = functools.partial(querylog.connect, read_only=True)


async def test_read_only_database_keeps_rows_and_recovers(
    tmp_path: Path,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY):
        pass  # the file exists, with its schema
    real_connect = querylog.connect
    monkeypatch.setattr(querylog, "connect", read_only_connect)
    monkeypatch.setattr(querylog, "RETRY_INTERVAL_S", 0.05)
    log = QueryLog(path, KEY)
    await log.open()
    for _ in range(10):
        log.record_question(question(engine))
    await eventually(lambda: log.health.failures >= 3)  # retried, every RETRY_INTERVAL_S
    assert log.health.failing
    assert log.health.written == 0
    warnings = [r for r in caplog.records if "indisponible" in r.getMessage()]
    assert len(warnings) == 1  # reported once, not at every retry
    monkeypatch.setattr(querylog, "connect", real_connect)
    await eventually(lambda: not log.health.failing)
    await log.close()
    assert read_rows(path, "SELECT count(*) AS n FROM questions")[0]["n"] == 10
    assert log.health.dropped == 0


async def test_buffer_is_bounded_and_drops_are_counted(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(querylog, "connect", read_only_connect)
    monkeypatch.setattr(querylog, "BUFFER_ROWS", 20)
    log = QueryLog(tmp_path / "absent.sqlite3", KEY)
    await log.open()
    for _ in range(50):
        log.record_question(question(engine))
    await log.close()
    assert log.health.dropped == 50  # 30 over the buffer, then 20 unwritable at the end


async def test_deleted_database_is_recreated(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY) as log:
        log.record_question(question(engine))
        await log.flush()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        log.record_question(question(engine, "c koi la pej"))
    rows = read_rows(path, "SELECT question FROM questions")
    assert rows == [{"question": "c koi la pej"}]


async def test_retention_deletes_old_rows(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "q.sqlite3"
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    async with QueryLog(path, KEY, clock=lambda: now[0]) as log:
        log.record_question(question(engine, "ancienne"))
        log.record_event(EventRecord(Channel.TELEGRAM, 1, EventKind.FEEDBACK_UP, "x"))
        await log.flush()
        now[0] += timedelta(days=40)
        log.record_question(question(engine, "récente"))
        await log.flush()
        assert await log.purge(timedelta(days=30)) == 2
    assert read_rows(path, "SELECT question FROM questions") == [{"question": "récente"}]


async def test_running_log_purges_by_itself(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "q.sqlite3"
    old = datetime.now(UTC) - timedelta(days=100)
    async with QueryLog(path, KEY, clock=lambda: old) as log:
        log.record_question(question(engine, "très ancienne"))
    async with QueryLog(path, KEY, retention_days=90) as log:
        log.record_question(question(engine, "nouvelle"))
        await eventually(lambda: log.health.written == 1)
        # The writer purges after a write, without being asked.
        await eventually(
            lambda: read_rows(path, "SELECT question FROM questions") == [{"question": "nouvelle"}]
        )


def test_repr_never_shows_the_key(tmp_path: Path) -> None:
    assert "test-key" not in repr(QueryLog(tmp_path / "q", KEY))


def test_importing_the_log_loads_neither_engine_nor_matcher() -> None:
    code = (
        "import sys, rss_bot.querylog, rss_bot.records; "
        "print(sorted(m for m in ('rss_bot.engine', 'rss_bot.matcher', 'rapidfuzz', 'yaml') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


async def test_the_bot_never_writes_into_another_database(
    tmp_path: Path, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "autre.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE clients (nom TEXT)")
    db.close()
    before = path.read_bytes()
    async with QueryLog(path, KEY) as log:
        log.record_question(question(engine))
        await log.flush()
        assert log.health.failing
        assert log.health.written == 0
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["autre.sqlite3"]
    (warning,) = [r.getMessage() for r in caplog.records if "indisponible" in r.getMessage()]
    assert "n'est pas une base de questions rss-bot" in warning


async def test_migrates_from_schema_2_and_keeps_message_ids_as_digests(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "v2.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + ";" + MIGRATIONS[1] + "; PRAGMA user_version = 2;")
    message_id = "wamid.HBgLMjIzNzAwMDAwMDEVAgASGBQzQTg="
    async with QueryLog(path, KEY, engine.kb.version) as log:
        digest = log.message_digest(message_id)
        log.record_seen(digest)
        log.record_seen(digest)  # a second delivery changes nothing
    assert user_version(path) == SCHEMA_VERSION == 4
    assert read_rows(path, "SELECT digest FROM seen_messages") == [{"digest": digest}]
    assert message_id not in digest
    async with QueryLog(path, KEY, engine.kb.version) as log:
        assert await log.seen_digests(datetime.now(UTC) - timedelta(hours=1)) == {digest}
        assert await log.seen_digests(datetime.now(UTC) + timedelta(hours=1)) == set()
