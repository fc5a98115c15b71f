"""CPU time per update of the bot process, beside the bare PTB echo bot, with variants.

Run: python benchmarks/cpu_per_update.py [--questions 3000] [--repeat 3] [NAME=PATCH ...]

Throughput (bench_bot.py) moves with whatever else the shared machine runs; the CPU time
the bot process itself spends per update (user + system, from /proc, start-up subtracted)
moves much less, so it shows where the bot's cost goes. Each NAME=PATCH runs the bot with
PATCH (Python statements) executed first, for instance

    python benchmarks/cpu_per_update.py \\
        "sans-journal=import rss_bot.recording as R; R.Recording.question = lambda *a, **k: None"

Linux only (reads /proc/PID/stat).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.data import load_bench_questions  # noqa: E402

import bench_bot  # noqa: E402

_cpu_at_exit: dict[str, float] = {}
_terminate = asyncio.subprocess.Process.terminate


def _terminate_measuring(process: asyncio.subprocess.Process) -> None:
    """Read the process's CPU time just before bench_bot.measure stops it."""
    with open(f"/proc/{process.pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    _cpu_at_exit["last"] = ticks / os.sysconf("SC_CLK_TCK")
    _terminate(process)


def bot_command(patch: str) -> list[str]:
    """`rss-bot run` with `patch` executed first."""
    script = f"import sys\n{patch}\nsys.argv = ['rss-bot', 'run']\n"
    script += "from rss_bot.cli import main\nsys.exit(main())\n"
    return [sys.executable, "-c", script]


def cpu_seconds(command: list[str], questions: list[str], window: int) -> tuple[float, float]:
    """(CPU seconds of the bot process, updates per second) for one run."""
    figures = asyncio.run(bench_bot.measure(command, questions, window))
    return _cpu_at_exit["last"], figures["rate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=3000, help="per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each bot, interleaved")
    parser.add_argument("--window", type=int, default=64, help="questions in flight")
    parser.add_argument("variants", nargs="*", metavar="NOM=PATCH", help="bot variants")
    args = parser.parse_args()
    asyncio.subprocess.Process.terminate = _terminate_measuring  # type: ignore[method-assign]
    rng = random.Random(2017)
    pool = load_bench_questions()
    questions = [rng.choice(pool) for _ in range(args.questions)]
    bots = {"rss-bot": bot_command("")}
    bots |= {name: bot_command(patch) for name, patch in (v.split("=", 1) for v in args.variants)}
    bots["écho"] = [sys.executable, "-c", bench_bot.ECHO_BOT]
    start_up = {name: cpu_seconds(cmd, questions[:1], args.window)[0] for name, cmd in bots.items()}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in bots}
    for _ in range(args.repeat):
        for name, command in bots.items():
            cpu, rate = cpu_seconds(command, questions, args.window)
            runs[name].append((1000 * (cpu - start_up[name]) / len(questions), rate))
    for name, found in runs.items():
        per_update = statistics.median(ms for ms, _ in found)
        rate = statistics.median(r for _, r in found)
        each = ", ".join(f"{ms:.2f}" for ms, _ in found)
        print(
            f"{name:14} CPU par mise à jour {per_update:5.2f} ms ({each}) ; "
            f"débit {rate:5.0f} mises à jour/s"
        )


if __name__ == "__main__":
    main()
