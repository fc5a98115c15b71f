"""The WhatsApp door under load: the real `rss-bot run` process, the fake Graph API and
signed webhooks on 127.0.0.1.

Run: python benchmarks/bench_whatsapp.py [--questions 5000] [--numbers 500] [--faults 0.1]

Each of `numbers` people asks `questions / numbers` questions, one at a time (the next once
the previous is fully answered), all people at once; pacing is off (RSS_BOT_SEND_RATE=0)
so the figures are the bot's own cost. Three runs:

1. light load (500 questions, 10 people at once): the latency of one question when the bot
   is not saturated;
2. clean: questions per second, latency from the webhook POST to the first and to the last
   message of the answer (p50, p99; with every person waiting at once it is mostly queueing),
   the bot's CPU per question and peak memory;
3. faults: a share `faults` of sends fail at random (429, 500 or a dropped connection, in
   equal parts) and the same share of deliveries is posted twice (half of them at once):
   every question must still be answered exactly once, which is checked by counting, per
   person, the messages delivered against those the same reply renders to.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.data import load_bench_questions  # noqa: E402
from tests.fake_graph_api import (  # noqa: E402
    PHONE_NUMBER_ID,
    TOKEN,
    FakeGraphAPI,
    Webhook,
    free_port,
)

from rss_bot.engine import Engine  # noqa: E402
from rss_bot.knowledge import load  # noqa: E402
from rss_bot.matcher import Matcher  # noqa: E402
from rss_bot.whatsapp.render import render  # noqa: E402

APP_SECRET = "bench-app-secret"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run_phase(
    questions: list[str], numbers: int, expected: dict[str, int], faults: float, cache: str
) -> dict[str, float]:
    """One run of the bot process; returns its figures (and checks exactly-once)."""
    people = [str(22370000000 + n) for n in range(numbers)]
    per_person: dict[str, list[str]] = defaultdict(list)
    for index, question in enumerate(questions):
        per_person[people[index % numbers]].append(question)
    with tempfile.TemporaryDirectory() as workdir:
        async with FakeGraphAPI() as graph:
            port = free_port()
            env = {k: v for k, v in os.environ.items()
                   if not k.startswith(("RSS_BOT", "TELEGRAM", "WHATSAPP"))}  # fmt: skip
            env.update(
                WHATSAPP_ACCESS_TOKEN=TOKEN, WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID,
                WHATSAPP_APP_SECRET=APP_SECRET, WHATSAPP_VERIFY_TOKEN="bench",
                WHATSAPP_API_BASE_URL=graph.base_url, RSS_BOT_WHATSAPP_PORT=str(port),
                RSS_BOT_KNOWLEDGE=str(ROOT / "knowledge"), RSS_BOT_MODEL_CACHE=cache,
                RSS_BOT_DB=str(Path(workdir) / "q.sqlite3"), RSS_BOT_SEND_RATE="0",
                RSS_BOT_USER_RATE="100000", RSS_BOT_LOG_LEVEL="ERROR",
            )  # fmt: skip
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "rss_bot", "run", env=env, cwd=ROOT,
                stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            url = f"http://127.0.0.1:{port}"
            async with aiohttp.ClientSession() as http:
                for _ in range(1200):
                    try:
                        async with http.get(f"{url}/healthz") as response:
                            if response.status == 200:
                                break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.05)
            rng = random.Random(11)
            if faults:
                graph.faults(faults, seed=13)
            # Per person: messages still due for the current question, its POST time, etc.
            due: dict[str, int] = {}
            posted: dict[str, float] = {}
            first: dict[str, float] = {}
            to_first: list[float] = []
            to_last: list[float] = []
            done: dict[str, asyncio.Event] = {p: asyncio.Event() for p in people}

            def on_message(body: dict) -> None:
                person = body["to"]
                now = time.monotonic()
                first.setdefault(person, now)
                due[person] -= 1
                if due[person] == 0:
                    to_first.append(first.pop(person) - posted[person])
                    to_last.append(now - posted[person])
                    done[person].set()

            graph.on_message = on_message
            async with Webhook(f"{url}/whatsapp", APP_SECRET) as hook:

                async def converse(person: str) -> None:
                    for question in per_person[person]:
                        message = hook.text(person, question)
                        due[person] = expected[question]
                        done[person].clear()
                        posted[person] = time.monotonic()
                        copies = 1
                        if faults and rng.random() < faults:
                            copies = 2  # Meta delivers it again
                        if copies == 2 and rng.random() < 0.5:
                            await asyncio.gather(hook.send(message), hook.send(message))
                        else:
                            for _ in range(copies):
                                assert await hook.send(message) == 200
                        await done[person].wait()

                started, cpu_before = time.monotonic(), cpu_seconds(process.pid)
                await asyncio.gather(*(converse(p) for p in people))
                elapsed = time.monotonic() - started
                cpu = cpu_seconds(process.pid) - cpu_before
            await graph.wait_until_idle(quiet=1.0, guard_s=120)
            memory = peak_rss_mb(process.pid)
            process.send_signal(signal.SIGTERM)
            _, stderr = await process.communicate()
            delivered = defaultdict(int)
            for body in graph.messages():
                delivered[body["to"]] += 1
            wanted = {p: sum(expected[q] for q in per_person[p]) for p in people}
            wrong = {p for p in people if delivered[p] != wanted[p]}
            failed_sends = sum(1 for r in graph.requests if r.failed and not r.is_read)
            return {
                "questions": len(questions),
                "seconds": elapsed,
                "per_second": len(questions) / elapsed,
                "first_p50": 1000 * statistics.median(to_first),
                "first_p99": 1000 * percentile(to_first, 0.99),
                "last_p50": 1000 * statistics.median(to_last),
                "last_p99": 1000 * percentile(to_last, 0.99),
                "peak_mb": memory,
                "cpu_ms": 1000 * cpu / len(questions),
                "messages": sum(delivered.values()),
                "expected": sum(wanted.values()),
                "people_wrong": len(wrong),
                "failed_sends": failed_sends,
                "invalid": len(graph.invalid()),
                "exit": process.returncode,
                "errors": stderr.decode().count(" ERROR "),
            }


def report(name: str, figures: dict[str, float]) -> None:
    print(
        f"{name}: {figures['questions']:.0f} questions in {figures['seconds']:.1f} s = "
        f"{figures['per_second']:.0f} questions/s; webhook -> first send p50 "
        f"{figures['first_p50']:.1f} ms, p99 {figures['first_p99']:.1f} ms; -> last send p50 "
        f"{figures['last_p50']:.1f} ms, p99 {figures['last_p99']:.1f} ms; bot CPU "
        f"{figures['cpu_ms']:.2f} ms/question; bot peak RSS {figures['peak_mb']:.0f} MB"
    )
    print(
        f"  messages delivered {figures['messages']:.0f} / expected {figures['expected']:.0f}; "
        f"people with a missing or duplicate answer: {figures['people_wrong']:.0f}; sends "
        f"failed by injection: {figures['failed_sends']:.0f}; invalid messages: "
        f"{figures['invalid']:.0f}; exit code {figures['exit']:.0f}"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--numbers", type=int, default=500)
    parser.add_argument("--faults", type=float, default=0.1)
    args = parser.parse_args()
    pool = load_bench_questions()
    questions = [pool[i % len(pool)] for i in range(args.questions)]
    with tempfile.TemporaryDirectory() as cache:
        kb = load(ROOT / "knowledge")
        engine = Engine(kb, Matcher(kb, cache_dir=Path(cache)))
        # How many messages each question's reply takes (the bot renders the same reply).
        expected = {q: len(render(engine.reply(q), kb, "00000000")) for q in set(questions)}
        light = await run_phase(questions[:500], 10, expected, 0.0, cache)
        report("light load (10 people at once)", light)
        clean = await run_phase(questions, args.numbers, expected, 0.0, cache)
        report(f"clean ({args.numbers} people at once)", clean)
        faulty = await run_phase(questions, args.numbers, expected, args.faults, cache)
        report(f"faults {100 * args.faults:.0f} %", faulty)
    ok = all(f["people_wrong"] == 0 and f["invalid"] == 0 for f in (light, clean, faulty))
    print("every question answered exactly once" if ok else "FAILED: see the counts above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
