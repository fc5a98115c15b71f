"""The query log on real SQLite files: schema, pseudonyms, batching, failures, retention."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import stat
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
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
from rss_bot.records import Channel, Erased, EventKind, EventRecord, QuestionRecord
from rss_bot.verdict import Outcome, Verdict

from .conftest import eventually, modules_loaded, read_rows

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


async def test_a_lone_surrogate_is_stored_replaced_and_logging_goes_on(
    tmp_path: Path, engine: Engine
) -> None:
    """'\\ud800' is valid in the Bot API's JSON but not in UTF-8: such a message once
    stopped every later write, and the bot hung at shutdown."""
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY) as log:
        log.record_question(question(engine, "c koi le moc \ud800 ?"))
        log.record_question(question(engine, "et la pej"))
        log.record_question(question(engine, "\x00 nul\x00 \x1b"))
        await log.flush()
        assert not log.health.failing
    rows = read_rows(path, "SELECT question FROM questions ORDER BY id")
    assert [r["question"] for r in rows] == [
        "c koi le moc \ufffd ?",
        "et la pej",
        "\x00 nul\x00 \x1b",  # kept as typed, NUL characters included
    ]


async def test_a_row_the_database_refuses_is_dropped_and_the_others_are_written(
    tmp_path: Path, engine: Engine
) -> None:
    """A value no door should pass (here a reference with a lone surrogate, as a forged
    button once brought) used to stay at the head of the queue and fail every later batch:
    the log stopped for the life of the bot. Now only that row is lost."""
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY) as log:
        log.record_question(question(engine, "c koi le moc", ref="r1"))
        log.record_question(question(engine, "et la pej", ref="\ud800"))
        log.record_event(EventRecord(Channel.TELEGRAM, USER_ID, EventKind.NON_TEXT, None))
        await log.flush()
        assert not log.health.failing
        assert (log.health.written, log.health.dropped) == (2, 1)
        log.record_question(question(engine, "la mission", ref="r3"))
    rows = read_rows(path, "SELECT question, ref FROM questions ORDER BY id")
    assert rows == [
        {"question": "c koi le moc", "ref": "r1"},
        {"question": "la mission", "ref": "r3"},
    ]
    assert len(read_rows(path, "SELECT * FROM events")) == 1


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
    assert list(key_file.parent.iterdir()) == [key_file]  # no draft left beside it


@pytest.mark.parametrize("content", ["", "\n", "abc123\n"])
def test_an_empty_or_short_key_file_is_never_used(tmp_path: Path, content: str) -> None:
    """An empty key (a touched file, a disk full at the first start) would make every
    pseudonym an unkeyed hash: 8-digit phone numbers could all be tried."""
    db = tmp_path / "q.sqlite3"
    (tmp_path / querylog.KEY_FILE_NAME).write_text(content, encoding="ascii")
    with pytest.raises(OSError, match="ne contient pas de clé valable"):
        load_or_create_key(db)


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


async def test_a_steady_stream_of_questions_is_written_in_batches(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows that arrive while a batch is being written wait for the writer's next turn: a
    busy bot commits about once per FLUSH_INTERVAL_S, not once per write for the few rows
    that came in meanwhile (which cost the bot a fifth of its throughput)."""
    commits = 0
    real_commit = aiosqlite.Connection.commit

    async def counting_commit(self: aiosqlite.Connection) -> None:
        nonlocal commits
        commits += 1
        await real_commit(self)

    monkeypatch.setattr(aiosqlite.Connection, "commit", counting_commit)
    path = tmp_path / "q.sqlite3"
    record = question(engine)
    async with QueryLog(path, KEY) as log:
        commits = 0  # after the schema
        started = time.monotonic()
        for _ in range(500):
            log.record_question(record)
            await asyncio.sleep(0.002)  # a question every 2 ms or more, for a second or more
        turns = (time.monotonic() - started) / querylog.FLUSH_INTERVAL_S
        stream_commits = commits
    assert read_rows(path, "SELECT count(*) AS n FROM questions")[0]["n"] == 500
    assert stream_commits <= turns + 2, (stream_commits, turns)


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
        # While the log is still open: the expired text is in no file (nor the WAL).
        for suffix in ("", "-wal"):
            file = Path(f"{path}{suffix}")
            assert not file.exists() or b"ancienne" not in file.read_bytes(), suffix
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


# --- personal data: redacted once in old logs, erased at a person's request ----------------

OLD_ROWS = [  # (question, normalized) as a log of schema 2 holds them
    ("c koi le moc", "c quoi le moc"),
    ("appelez moi au 76 12 34 56 c koi le moc", "appelez moi au 76 12 34 56 c quoi le moc"),
    ("mon mail Awa.Traore@gmail.com", "mon mail awa traore gmail com"),
    ("ma carte NINA 99887766554", "ma carte nina 99887766554"),
    ("resolution 2364 2017", "resolution 2364 2017"),
]
SECRETS = [b"76 12 34 56", b"Awa.Traore", b"awa traore", b"99887766554"]


def write_log_of_schema_2(
    path: Path, rows: list[tuple[str, str]], later: str = "PRAGMA user_version = 2"
) -> None:
    """A log as an older version left it; `later` brings it further (as that version did)."""
    with sqlite3.connect(path) as db:
        db.executescript(f"{MIGRATIONS[0]}; {MIGRATIONS[1]}; PRAGMA user_version = 2; {later};")
        for text, normalized in rows:
            db.execute(
                "INSERT INTO questions (asked_at, channel, chat_type, user_key, question,"
                " normalized, outcome, intent, score, suggestions, campaign, kb_version,"
                " latency_ms, ref) VALUES ('2026-01-05 10:00:00.000000', 'telegram', 'private',"
                " 'abc', ?, ?, 'fallback', NULL, 10, '[]', NULL, 'v1', 3, NULL)",
                (text, normalized),
            )
    db.close()


async def test_migration_redacts_stored_questions_once_and_logs_only_counts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "v2.sqlite3"
    write_log_of_schema_2(path, OLD_ROWS)
    async with QueryLog(path, KEY):
        pass
    assert user_version(path) == SCHEMA_VERSION == 4  # through 3 (redaction) and 4
    assert read_rows(path, "SELECT count(*) AS n FROM seen_messages") == [{"n": 0}]
    rows = read_rows(path, "SELECT question, normalized FROM questions ORDER BY id")
    assert [(r["question"], r["normalized"]) for r in rows] == [
        ("c koi le moc", "c quoi le moc"),
        ("appelez moi au [téléphone] c koi le moc", "appelez moi au c quoi le moc"),
        ("mon mail [e-mail]", "mon mail"),
        ("ma carte NINA [numéro]", "ma carte nina"),
        ("resolution 2364 2017", "resolution 2364 2017"),
    ]
    (logged,) = [r.getMessage() for r in caplog.records if "schéma 3" in r.getMessage()]
    assert logged == (
        "Journal des questions mis à jour (schéma 3) : données personnelles remplacées dans 3 "
        "question(s) sur 5 ([e-mail] × 1, [numéro] × 1, [téléphone] × 1)"
    )
    # The old values are overwritten in the file, not merely unlinked from the rows.
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert [s for s in SECRETS if s in data] == []
    caplog.clear()
    async with QueryLog(path, KEY):
        pass  # once only: an up-to-date log is not read again
    assert not [r for r in caplog.records if "schéma 3" in r.getMessage()]


def asked(user_id: int | None, text: str, channel: Channel = Channel.TELEGRAM) -> QuestionRecord:
    verdict = Verdict(Outcome.FALLBACK, normalized=text)
    return QuestionRecord(channel, "private", user_id, text, verdict, 1.0)


def reacted(user_id: int | None) -> EventRecord:
    return EventRecord(Channel.TELEGRAM, user_id, EventKind.FEEDBACK_UP, "glossaire-moc")


async def test_forget_deletes_written_and_queued_rows_of_one_person(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    awa, moussa = 11, 22
    async with QueryLog(path, KEY) as log:
        log.record_question(asked(awa, "question écrite"))
        log.record_event(reacted(awa))
        log.record_question(asked(moussa, "question de moussa"))
        await log.flush()
        log.record_question(asked(awa, "question en attente"))  # still in the writer's buffer
        log.record_question(asked(awa, "en ligne", Channel.INLINE))
        log.record_question(asked(moussa, "autre question de moussa"))
        assert await log.forget(Channel.TELEGRAM, awa) == Erased(questions=3, events=1)
        assert await log.forget(Channel.TELEGRAM, awa) == Erased()
    rows = read_rows(path, "SELECT question, user_key FROM questions ORDER BY id")
    assert [r["question"] for r in rows] == ["question de moussa", "autre question de moussa"]
    assert read_rows(path, "SELECT * FROM events") == []
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert "question écrite".encode() not in data
    assert b"en attente" not in data


async def test_forget_where_a_door_knows_nobody_erases_that_door_only(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY) as log:
        log.record_question(asked(None, "dans le terminal", Channel.TERMINAL))
        log.record_question(asked(None, "terminal, en attente", Channel.TERMINAL))
        log.record_question(asked(33, "dans telegram"))
        await log.flush()
        assert await log.forget(Channel.TERMINAL, None) == Erased(questions=2)
    assert read_rows(path, "SELECT question FROM questions") == [{"question": "dans telegram"}]


async def test_forget_says_so_when_the_log_cannot_be_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY) as log:
        log.record_question(asked(11, "question"))
    monkeypatch.setattr(querylog, "connect", read_only_connect)
    log = QueryLog(path, KEY)
    await log.open()
    log.record_question(asked(11, "en attente"))
    assert await log.forget(Channel.TELEGRAM, 11) is None
    monkeypatch.undo()
    assert await log.forget(Channel.TELEGRAM, 11) == Erased(questions=2)
    await log.close()


def test_repr_never_shows_the_key(tmp_path: Path) -> None:
    assert "test-key" not in repr(QueryLog(tmp_path / "q", KEY))


def test_importing_the_log_loads_neither_engine_nor_matcher() -> None:
    loaded = modules_loaded(
        "import rss_bot.querylog, rss_bot.records",
        ["rss_bot.engine", "rss_bot.matcher", "rapidfuzz", "yaml"],
    )
    assert loaded == []


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


async def test_a_log_made_while_migration_3_did_nothing_is_redacted_too(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Between the WhatsApp door and issue 14, migration 3 was a placeholder ("SELECT 1"): a
    log made then is at version 4 with its questions as typed."""
    path = tmp_path / "v4.sqlite3"
    write_log_of_schema_2(path, OLD_ROWS, f"{MIGRATIONS[3]}; PRAGMA user_version = 4")
    async with QueryLog(path, KEY):
        pass
    assert user_version(path) == SCHEMA_VERSION
    rows = read_rows(path, "SELECT question FROM questions ORDER BY id")
    assert rows[1] == {"question": "appelez moi au [téléphone] c koi le moc"}
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert [s for s in SECRETS if s in data] == []
    indexes = read_rows(path, "SELECT name FROM sqlite_master WHERE type = 'index'")
    assert {"questions_user_key", "events_user_key"} <= {r["name"] for r in indexes}
    caplog.clear()
    async with QueryLog(path, KEY):
        pass  # once only
    assert not [r for r in caplog.records if "schéma 3" in r.getMessage()]


async def test_a_new_log_is_created_at_the_last_version_with_every_index(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY):
        pass
    assert user_version(path) == SCHEMA_VERSION == 4
    indexes = read_rows(path, "SELECT name FROM sqlite_master WHERE type = 'index'")
    assert {"questions_user_key", "events_user_key", "seen_messages_at"} <= {
        r["name"] for r in indexes
    }
