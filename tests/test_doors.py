"""The process that runs the doors: what it sets up for all of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from rss_bot import doors
from rss_bot.config import Secret, Settings
from rss_bot.engine import Engine
from rss_bot.querylog import QueryLog


def blas_threads() -> int:
    return max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")


async def test_the_doors_run_with_one_blas_thread_and_it_is_given_back_after(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between two questions a BLAS worker thread spins on a core of its own: the doors'
    one-question products run in the event loop's thread alone."""
    seen: list[int] = []

    async def door(name: str, *args: object) -> None:
        seen.append(blas_threads())

    monkeypatch.setattr(doors, "_door", door)
    settings = Settings(telegram_token=Secret("1:x"), db_path=tmp_path / "q.sqlite3")
    log = QueryLog(settings.db_path, b"k" * 32, engine.kb.version)
    with threadpool_limits(limits=2, user_api="blas"):
        assert blas_threads() == 2
        await doors.serve(settings, engine, log)
        assert seen == [1]
        assert blas_threads() == 2  # the limit ends with the doors (the tests' own process)
