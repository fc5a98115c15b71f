"""Query-log throughput and event-loop stalls while logging 50,000 questions.

Run: python benchmarks/bench_log.py [--questions 50000]

Questions are recorded as fast as a busy bot would hand them over (in bursts, yielding to
the event loop between bursts) while a monitor task measures how late the loop wakes it up
every millisecond. Rows/s counts from the first record to the last row committed on disk.
Targets: >= 20,000 rows/s and no stall over 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rss_bot.engine import Engine  # noqa: E402
from rss_bot.knowledge import load  # noqa: E402
from rss_bot.querylog import QueryLog  # noqa: E402
from rss_bot.records import Channel, QuestionRecord  # noqa: E402

BURST = 200  # questions handed over between two turns of the event loop


async def monitor(stop: asyncio.Event, stalls: list[float]) -> None:
    """Record how late the loop runs a task that asks to wake up every millisecond."""
    while not stop.is_set():
        expected = time.perf_counter() + 0.001
        await asyncio.sleep(0.001)
        stalls.append(time.perf_counter() - expected)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50_000)
    args = parser.parse_args()
    kb = load(ROOT / "knowledge")
    engine = Engine(kb)
    verdicts = [
        engine.reply(q).verdict for q in ("c koi le moc", "formation", "quel temps fait il")
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        log = QueryLog(path, b"bench-key", kb.version)
        await log.open()
        stop, stalls = asyncio.Event(), []
        watcher = asyncio.create_task(monitor(stop, stalls))
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        for n in range(args.questions):
            verdict = verdicts[n % len(verdicts)]
            log.record_question(
                QuestionRecord(Channel.TELEGRAM, "private", n % 3000, f"question {n}", verdict, 0.3)
            )
            if n % BURST == BURST - 1:
                await asyncio.sleep(0)
        while log.health.written < args.questions:  # noqa: ASYNC110 - polls a counter
            await asyncio.sleep(0.001)
        elapsed = time.perf_counter() - started
        stop.set()
        await watcher
        await log.close()
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT count(*) FROM questions").fetchone()[0]
    print(
        f"{rows} lignes écrites en {elapsed:.2f} s : {rows / elapsed:,.0f} lignes/s "
        f"(cible : >= 20 000)".replace(",", " ")
    )
    print(
        f"plus long retard de la boucle d'événements : {1000 * max(stalls):.1f} ms "
        f"(cible : <= 20 ms) ; p99 {1000 * sorted(stalls)[int(0.99 * len(stalls))]:.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
