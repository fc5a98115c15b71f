"""Bot throughput and latency through the fake Bot API, against a bare PTB echo bot.

Run: python benchmarks/bench_bot.py [--questions 10000] [--window 64] [--rounds 5]

Both bots run as separate processes polling the same kind of fake server on 127.0.0.1.
A closed loop keeps `window` questions in flight: a new update is queued each time a
sendMessage arrives. Throughput is questions / total time; latency is the time from
queueing an update to the sendMessage that answers it. Pacing is off (RSS_BOT_SEND_RATE=0):
the benchmark measures the bot's own cost. Targets: >= 0.8x the echo bot, >= 300 updates/s.

The machine it runs on is shared: a load that comes or goes between the two bots' runs
would decide their ratio. So the bots take turns: `rounds` rounds, each running both bots
back to back on its share of the questions (the order alternates, so a load that grows or
fades during a round favours neither bot), every round's ratio is printed, and the ratio
reported is the median of the rounds' ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.data import load_bench_questions  # noqa: E402
from tests.fake_bot_api import FakeBotAPI  # noqa: E402

TOKEN = "424242:BENCH-token"
ECHO_BOT = """
import os
from telegram.ext import ApplicationBuilder, MessageHandler, filters

async def echo(update, context):
    await context.bot.send_message(update.effective_chat.id, update.effective_message.text)

app = (ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
       .base_url(os.environ["TELEGRAM_API_BASE_URL"]).build())
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling(timeout=10)
"""


async def measure(command: list[str], questions: list[str], window: int) -> dict[str, float]:
    """Run one bot process against a fresh fake server; return its figures."""
    with tempfile.TemporaryDirectory() as workdir:
        return await _measure(command, questions, window, workdir)


async def _measure(
    command: list[str], questions: list[str], window: int, workdir: str
) -> dict[str, float]:
    async with FakeBotAPI(token=TOKEN) as fake:
        pushed: dict[int, float] = {}
        latencies: list[float] = []
        done = asyncio.Event()
        remaining = iter(enumerate(questions))
        sent = iter(range(1, 10**9))

        def push_next() -> None:
            item = next(remaining, None)
            if item is not None:
                number, text = item
                chat_id = 10_000 + number  # one chat per question: answers map to questions
                pushed[chat_id] = time.monotonic()
                fake.push_text(chat_id, text)

        def on_send(params: dict) -> dict:
            # A minimal Message, not the fake's full one: the fake parses HTML into entities
            # in Python, a cost of the test server that would be charged to the HTML bot only.
            chat_id = int(params["chat_id"])
            result = {
                "message_id": next(sent),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "ok",
            }
            started = pushed.pop(chat_id, None)
            if started is not None:
                latencies.append(time.monotonic() - started)
                if len(latencies) == len(questions):
                    done.set()
                push_next()
            return result

        fake.register_method("sendMessage", on_send)
        env = dict(
            os.environ,
            RSS_BOT_DB=str(Path(workdir) / "questions.sqlite3"),
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            RSS_BOT_SEND_RATE="0",
            RSS_BOT_USER_RATE="1000000",
            RSS_BOT_LOG_LEVEL="WARNING",
        )
        process = await asyncio.create_subprocess_exec(
            *command,
            env=env,
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            await fake.wait_for_calls("getUpdates", 1, timeout=60)
            started = time.monotonic()
            for _ in range(window):
                push_next()
            await asyncio.wait_for(done.wait(), timeout=600)
            elapsed = time.monotonic() - started
        finally:
            process.terminate()
            await process.wait()
    latencies.sort()
    return {
        "rate": len(questions) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
    }


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run of median throughput (with its own latencies)."""
    return sorted(runs, key=lambda r: r["rate"])[len(runs) // 2]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000, help="per bot, all rounds")
    parser.add_argument("--window", type=int, default=64, help="questions in flight")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each running both bots")
    args = parser.parse_args()
    rng = random.Random(2017)
    pool = load_bench_questions()
    questions = [rng.choice(pool) for _ in range(args.questions // args.rounds)]
    bots = {
        "rss-bot": [sys.executable, "-m", "rss_bot", "run"],
        "écho": [sys.executable, "-c", ECHO_BOT],
    }
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in bots}
    ratios = []
    for number in range(1, args.rounds + 1):
        order = list(bots) if number % 2 else list(reversed(bots))
        for name in order:
            runs[name].append(await measure(bots[name], questions, args.window))
        ours, echo = runs["rss-bot"][-1]["rate"], runs["écho"][-1]["rate"]
        ratios.append(ours / echo)
        print(
            f"manche {number} ({' puis '.join(order)}) : rss-bot {ours:6.1f}/s, "
            f"écho {echo:6.1f}/s, rapport {ratios[-1]:.3f}"
        )
    for name, label in (("rss-bot", "rss-bot"), ("écho", "bot écho PTB")):
        figures = median_run(runs[name])
        print(
            f"{label:13} (médiane) : {figures['rate']:7.1f} mises à jour/s, "
            f"p50 {figures['p50_ms']:6.1f} ms, p99 {figures['p99_ms']:6.1f} ms"
        )
    print(
        f"rapport de débit rss-bot / écho (médiane des manches) : "
        f"{statistics.median(ratios):.3f} (cibles : >= 0,80 et >= 300 mises à jour/s)"
    )


if __name__ == "__main__":
    asyncio.run(main())
