"""Reliability scenarios: the real `rss-bot run` process against the fake Bot API.

Each scenario returns its figures; tests/test_reliability.py runs short versions in CI and
benchmarks/reliability.py the long ones (docs/reliability.md gives the measured figures).
Everything runs on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "5550001234:RELIABILITY-secret-token_value"
FIRST_USER = 7_000_123_400  # distinctive: found in a file only if a raw id leaked
FIRST_NAME = "Zeinabou"
USERNAME = "zeina_bou_77"


@dataclass
class Figures:
    """What a scenario measured."""

    values: dict[str, float | int | str] = field(default_factory=dict)
    log: str = ""  # the bot's log output (stderr), for the privacy scan

    def __getitem__(self, key: str) -> float | int | str:
        return self.values[key]


class Bot:
    """One `rss-bot run` process with its fake Bot API and database."""

    def __init__(self, fake: FakeBotAPI, workdir: Path, **env: str) -> None:
        self.fake = fake
        self.db = workdir / "questions.sqlite3"
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("RSS_BOT", "TELEGRAM"))
        }
        self.env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            RSS_BOT_KNOWLEDGE=str(ROOT / "knowledge"),
            RSS_BOT_DB=str(self.db),
            RSS_BOT_LOG_LEVEL="INFO",
            **env,
        )
        self.process: asyncio.subprocess.Process | None = None
        self.log = ""

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "rss_bot", "run", cwd=ROOT, env=self.env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self._stderr = asyncio.create_task(self.process.stderr.read())  # type: ignore[union-attr]

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        code = await asyncio.wait_for(self.process.wait(), 30)
        self.log += (await self._stderr).decode(errors="replace")
        return code

    def peak_rss_kb(self) -> int:
        """Peak resident memory of the running bot (VmHWM), in kB."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        )

    def rss_kb(self) -> int:
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
        )


def answered_chats(fake: FakeBotAPI) -> Counter[int]:
    """Successful sendMessage calls per chat."""
    return Counter(
        int(c.params["chat_id"]) for c in fake.calls_to("sendMessage") if not c.failed and c.done
    )


def logged_questions(db: Path) -> Counter[str]:
    with sqlite3.connect(db) as conn:
        return Counter(q for (q,) in conn.execute("SELECT question FROM questions"))


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


async def wait_until(predicate, limit: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return predicate()


def ask(fake: FakeBotAPI, n: int, user: int | None = None) -> str:
    """Push question n from its own private chat; return its text."""
    text = f"c koi le moc question {n}"
    chat = user if user is not None else FIRST_USER + n
    fake.push_text(chat, text, user_id=chat, first_name=FIRST_NAME, username=USERNAME)
    return text


async def network_faults(workdir: Path, questions: int, fault_rate: float = 0.10) -> Figures:
    """`questions` questions while `fault_rate` of Bot API calls fail (500, 502, 429,
    dropped connection, timeout): every question answered once and logged once."""
    async with FakeBotAPI(token=TOKEN) as fake:
        bot = Bot(fake, workdir, RSS_BOT_SEND_RATE="0", RSS_BOT_USER_RATE="1000")
        await bot.start()
        await fake.wait_for_calls("setMyCommands", timeout=60)
        fake.set_fault_rate(fault_rate, seed=2364)
        started = time.monotonic()
        texts = [ask(fake, n) for n in range(questions)]
        done = await wait_until(
            lambda: len(answered_chats(fake)) >= questions or not bot.alive, 60 + questions / 5
        )
        elapsed = time.monotonic() - started
        alive = bot.alive
        fake.clear_faults()
        await fake.wait_until_idle(timeout=30)
        code = await bot.stop()
    answers = answered_chats(fake)
    logged = logged_questions(bot.db)
    figures = Figures(log=bot.log)
    figures.values = {
        "questions": questions,
        "fault_rate": fault_rate,
        "faults_injected": sum(fake.fault_counts.values()),
        "faults_by_kind": ", ".join(f"{k}: {v}" for k, v in sorted(fake.fault_counts.items())),
        "answered": sum(1 for n in range(questions) if answers[FIRST_USER + n] >= 1),
        "duplicates": sum(1 for n in range(questions) if answers[FIRST_USER + n] > 1),
        "logged_once": sum(1 for t in texts if logged[t] == 1),
        "logged_twice_or_more": sum(1 for t in texts if logged[t] > 1),
        "alive_until_stop": int(alive),
        "all_answered_in_time": int(done),
        "exit_code": code,
        "seconds": round(elapsed, 1),
    }
    return figures


async def crash_and_restart(workdir: Path, questions: int) -> Figures:
    """kill -9 in a stream of questions, then a restart on the same database."""
    async with FakeBotAPI(token=TOKEN) as fake:
        bot = Bot(fake, workdir, RSS_BOT_SEND_RATE="0", RSS_BOT_USER_RATE="1000")
        await bot.start()
        await fake.wait_for_calls("setMyCommands", timeout=60)
        texts: list[str] = []
        stop = asyncio.Event()

        async def stream() -> None:
            n = 0
            while not stop.is_set() and n < questions:
                texts.append(ask(fake, n))
                n += 1
                await asyncio.sleep(0.004)

        pusher = asyncio.create_task(stream())
        await wait_until(lambda: len(answered_chats(fake)) >= questions // 2, 60)
        await bot.stop(signal.SIGKILL)
        killed_at = time.monotonic()
        answered_before = set(answered_chats(fake))
        rate = len(answered_before) / max(0.001, killed_at - fake.calls_to("setMyCommands")[0].time)
        stop.set()
        await pusher
        check_after_crash = integrity(bot.db)
        logged_before = logged_questions(bot.db)
        # Answered before the kill, in the order the answers reached Telegram.
        in_order = [
            int(c.params["chat_id"])
            for c in fake.calls_to("sendMessage")
            if c.done and not c.failed
        ]
        logged = [logged_before[f"c koi le moc question {c - FIRST_USER}"] > 0 for c in in_order]
        lost = [chat for chat, kept in zip(in_order, logged, strict=True) if not kept]
        restarted = Bot(fake, workdir, RSS_BOT_SEND_RATE="0", RSS_BOT_USER_RATE="1000")
        await restarted.start()
        await fake.wait_for_calls("setMyCommands", 2, timeout=60)
        # Until the restarted bot has taken every update Telegram still had and gone quiet.
        await fake.wait_until_idle(timeout=120, quiet=1.0)
        code = await restarted.stop()
    answers = answered_chats(fake)
    everyone = {FIRST_USER + n for n in range(len(texts))}
    figures = Figures(log=bot.log + restarted.log)
    figures.values = {
        "questions_pushed": len(texts),
        "answered_before_kill": len(answered_before),
        "integrity_after_kill": check_after_crash,
        "logged_before_kill": sum(logged),
        "answered_not_logged": len(lost),
        # Rows reach the disk in the order questions are answered: a crash loses the latest
        # answers only. A lost one followed by more logged ones than were handled at once
        # would break that order.
        "logged_after_a_lost_one": max(
            (sum(logged[i:]) for i, kept in enumerate(logged) if not kept), default=0
        ),
        "loss_window_ms": round(1000 * len(lost) / rate, 1) if rate else 0.0,
        "not_answered_after_restart": len(everyone - set(answers)),
        "answered_twice": sum(1 for c in everyone if answers[c] > 1),
        "integrity_after_restart": integrity(restarted.db),
        "exit_code": code,
    }
    return figures


async def load(
    workdir: Path,
    questions: int,
    users: int,
    flooders: int = 2,
    flood_messages: int = 30,
    user_rate: int = 20,
) -> Figures:
    """`questions` from `users` users as fast as the bot takes them, plus a few users who
    flood: only they get 'doucement'; memory stays flat."""
    async with FakeBotAPI(token=TOKEN) as fake:
        bot = Bot(fake, workdir, RSS_BOT_SEND_RATE="0", RSS_BOT_USER_RATE=str(user_rate))
        await bot.start()
        await fake.wait_for_calls("setMyCommands", timeout=60)
        samples: list[int] = []
        delivered = [0]
        original = fake._m_send_message  # count answers without rescanning

        def counting(params: dict) -> dict:  # type: ignore[type-arg]
            result = original(params)
            delivered[0] += 1
            return result

        fake.register_method("sendMessage", counting)
        per_user = questions // users
        started = time.monotonic()
        window = 64
        order = [(u, k) for k in range(per_user) for u in range(users)]
        for index, (user, k) in enumerate(order):
            fake.push_text(
                FIRST_USER + user,
                f"c koi le moc {k}",
                user_id=FIRST_USER + user,
                first_name=FIRST_NAME,
                username=USERNAME,
            )
            while index + 1 - delivered[0] > window:  # noqa: ASYNC110 - a counter, not an event
                await asyncio.sleep(0.002)
            if index % max(1, len(order) // 8) == 0:
                samples.append(bot.rss_kb())
        flooder_ids = [FIRST_USER + users + f for f in range(flooders)]
        for flooder in flooder_ids:
            for k in range(flood_messages):
                fake.push_text(flooder, f"spam {k}", user_id=flooder, first_name=FIRST_NAME)
        expected = questions + flooders * (user_rate + 1)
        await wait_until(lambda: delivered[0] >= expected, 120)
        elapsed = time.monotonic() - started
        await fake.wait_until_idle(timeout=30)
        samples.append(bot.rss_kb())
        peak = bot.peak_rss_kb()
        # Before the stop: at shutdown the updater's last poll ends the pending one with
        # 409, as Telegram does; that is not an error of the run.
        failed = [c for c in fake.calls if c.failed]
        code = await bot.stop()
    texts = [c.params["text"] for c in fake.calls_to("sendMessage") if not c.failed]
    slowed = Counter(
        int(c.params["chat_id"])
        for c in fake.calls_to("sendMessage")
        if c.params["text"].startswith("Doucement")
    )
    figures = Figures(log=bot.log)
    figures.values = {
        "questions": questions,
        "users": users,
        "rate_per_s": round(questions / elapsed, 1),
        "errors": len(failed),
        "error_calls": "; ".join(f"{c.method} {c.error}" for c in failed),
        "answers": len(texts),
        "slowed_users": len(slowed),
        "slowed_are_flooders": int(set(slowed) == set(flooder_ids)),
        "flooder_answers": sum(
            1 for c in fake.calls_to("sendMessage") if int(c.params["chat_id"]) in flooder_ids
        ),
        "rss_samples_kb": " ".join(str(x) for x in samples),
        "rss_first_kb": samples[0],
        "rss_last_kb": samples[-1],
        "peak_rss_kb": peak,
        "exit_code": code,
    }
    return figures


def privacy_scan(paths: list[Path], logs: list[str], users: int) -> list[str]:
    """What should never be found in files or logs: raw user ids, names, the token."""
    ids = {str(FIRST_USER + n) for n in range(users)}
    words = [FIRST_NAME, USERNAME, TOKEN, TOKEN.split(":")[1]]
    found = []
    for name, data in [(p.name, p.read_bytes().decode("latin-1")) for p in paths] + [
        (f"journal {number}", log) for number, log in enumerate(logs)
    ]:
        found += [f"{name}: {w}" for w in words if w in data]
        found += [f"{name}: id {i}" for i in sorted(ids & set(re.findall(r"\d{10}", data)))]
    return found


async def database_faults(workdir: Path, questions_per_phase: int = 20) -> Figures:
    """The real Application answering while its database is deleted, made read-only, or
    full (SQLite's max_page_count: the same error as a full disk)."""
    import functools
    import logging

    from rss_bot import querylog
    from rss_bot.engine import Engine
    from rss_bot.knowledge import load as load_kb
    from tests.test_telegram_handlers import running_bot

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    keep = Keep(logging.WARNING)
    logging.getLogger("rss_bot.querylog").addHandler(keep)
    kb = load_kb(ROOT / "knowledge")
    figures = Figures()
    real_connect = querylog.connect
    sent = 0
    try:
        async with running_bot(Engine(kb), workdir / "questions.sqlite3") as bot:
            log = bot.log

            async def phase(name: str, until: Any) -> None:
                """Ask questions, see them answered, and wait for the writer to get to
                the state `until` describes (the writer acts on its own, every 200 ms)."""
                nonlocal sent
                for _ in range(questions_per_phase):
                    ask(bot.fake, sent)
                    sent += 1
                await bot.fake.wait_for_calls("sendMessage", sent, timeout=30)
                await wait_until(until, 30)
                figures.values[f"answered_after_{name}"] = len(answered_chats(bot.fake))

            def written(rows: int) -> Any:
                return lambda: log.health.written >= rows and log.path.exists()

            await phase("start", written(questions_per_phase))
            # 1. deleted while running
            for suffix in ("", "-wal", "-shm"):
                Path(f"{log.path}{suffix}").unlink(missing_ok=True)
            await phase("deleted", written(2 * questions_per_phase))
            figures.values["rows_after_delete"] = sum(logged_questions(log.path).values())
            # 2. read-only: reopened read-only, as after a remount
            querylog.connect = functools.partial(real_connect, read_only=True)
            await log._disconnect()  # as a remount would
            await phase("read_only", lambda: log.health.failing)
            failing_read_only = log.health.failing
            querylog.connect = real_connect
            await phase("read_only_cleared", lambda: not log.health.failing)

            # 3. full: the database may not grow any more
            async def full_connect(path: Path, **kwargs: bool) -> Any:
                db = await real_connect(path, **kwargs)
                async with db.execute("PRAGMA page_count") as cursor:
                    (pages,) = await cursor.fetchone()
                await db.execute(f"PRAGMA max_page_count = {pages}")
                return db

            querylog.connect = full_connect
            await log._disconnect()  # as a restart on a full disk would
            await phase("full", lambda: log.health.failing)
            failing_full = log.health.failing
            querylog.connect = real_connect
            await phase("full_cleared", lambda: not log.health.failing)
            await log.flush()
            figures.values.update(
                {
                    "questions": sent,
                    "answered": len(answered_chats(bot.fake)),
                    "failing_while_read_only": int(failing_read_only),
                    "failing_while_full": int(failing_full),
                    "recovered": int(not log.health.failing),
                    "rows_in_final_file": sum(logged_questions(log.path).values()),
                    "dropped": log.health.dropped,
                }
            )
    finally:
        querylog.connect = real_connect
        logging.getLogger("rss_bot.querylog").removeHandler(keep)
    messages = [r.getMessage() for r in records]
    figures.values["reports_unavailable"] = sum("indisponible" in m for m in messages)
    figures.values["reports_recovered"] = sum("rétabli" in m for m in messages)
    figures.values["reports_replaced"] = sum("supprimée ou remplacée" in m for m in messages)
    return figures
