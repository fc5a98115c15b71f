"""Reliability scenarios at full size; prints the figures of docs/reliability.md.

Run: python benchmarks/reliability.py [--scale 1.0]

Network faults (2,000 questions, 10% of Bot API calls failing), kill -9 and restart
(2,000 questions), database deleted / read-only / full while answering, load (20,000
questions from 2,000 users, plus flooders), then a privacy scan of every file and log.
CI runs short versions of the same scenarios (tests/test_reliability.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability import (  # noqa: E402
    crash_and_restart,
    database_faults,
    load,
    network_faults,
    privacy_scan,
)


def show(title: str, figures: dict[str, object]) -> None:
    print(f"\n== {title}")
    for key, value in figures.items():
        print(f"  {key:28} {value}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes")
    args = parser.parse_args()
    n = lambda full: max(10, int(full * args.scale))  # noqa: E731
    logs = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, scenario in (
            ("Pannes réseau (10 % des appels)", lambda d: network_faults(d, n(2000), 0.10)),
            ("kill -9 puis redémarrage", lambda d: crash_and_restart(d, n(2000))),
            ("Base supprimée, en lecture seule, pleine", lambda d: database_faults(d)),
            ("Charge", lambda d: load(d, n(20_000), n(2000), flooders=5)),
        ):
            folder = Path(tmp) / name.split()[0]
            folder.mkdir()
            figures = await scenario(folder)
            show(name, figures.values)
            logs.append(figures.log)
        files = [p for p in Path(tmp).rglob("*") if p.is_file()]  # databases, keys, heartbeats
        found = privacy_scan(files, logs, n(20_000) + 10)
        print(
            f"\n== Confidentialité ({len(files)} fichiers, {len(logs)} journaux) : "
            + ("rien trouvé" if not found else ", ".join(found))
        )


if __name__ == "__main__":
    asyncio.run(main())
