"""Runs every door whose credentials are set in one process: one event loop, one engine,
one query log. SIGTERM or SIGINT stops them all; a door that fails stops the others."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Coroutine
from typing import Any

from threadpoolctl import threadpool_limits

from rss_bot.config import Settings
from rss_bot.engine import Engine
from rss_bot.health import Heartbeat
from rss_bot.live import LiveEngine, live_engine
from rss_bot.querylog import QueryLog
from rss_bot.recording import SharedRecorder


class DoorError(Exception):
    """Raised when a door cannot start for a reason the user can fix (a port already taken);
    the message, in French, says what to change."""


def door_names(settings: Settings) -> list[str]:
    """The doors these settings switch on, in the order they start."""
    return [
        name
        for name, enabled in (
            ("telegram", settings.telegram_enabled),
            ("whatsapp", settings.whatsapp_enabled),
        )
        if enabled
    ]


def _door(
    name: str,
    settings: Settings,
    engine: LiveEngine,
    recorder: SharedRecorder,
    log: QueryLog,
    stopping: asyncio.Event,
    heartbeat: Heartbeat,
) -> Coroutine[Any, Any, None]:
    # Each door is imported only when it runs: a WhatsApp-only bot never loads Telegram's
    # library, and the other way round.
    if name == "telegram":
        from rss_bot.telegram.app import serve as serve_telegram

        return serve_telegram(settings, engine, recorder, stopping, heartbeat)
    from rss_bot.whatsapp.webhook import serve as serve_whatsapp

    return serve_whatsapp(settings, engine, recorder, log, stopping, heartbeat)


async def serve(settings: Settings, engine: Engine, log: QueryLog) -> None:
    """Run the configured doors until SIGTERM or SIGINT (or until one of them fails, whose
    error is raised once the others have stopped). SIGHUP reloads the knowledge base, for
    every door at once."""
    # The model scores one question at a time: its matrix products are small, and BLAS
    # worker threads would only spin between them, taking a core from everything else the
    # machine runs (benchmarks/cpu_per_update.py: 40 % more CPU per update).
    with threadpool_limits(limits=1, user_api="blas"):
        await _serve(settings, engine, log)


async def _serve(settings: Settings, engine: Engine, log: QueryLog) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stopping.set)
    live = live_engine(engine, settings.knowledge_dir, settings.model_cache)
    reloads: set[asyncio.Task[object]] = set()  # held until done: the loop keeps weak refs

    def reload() -> None:
        task = loop.create_task(live.reload())
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError):
        loop.add_signal_handler(signal.SIGHUP, reload)  # not on Windows
    recorder = SharedRecorder(log)
    heartbeat = Heartbeat(settings.heartbeat)
    tasks = [
        asyncio.create_task(
            _door(name, settings, live, recorder, log, stopping, heartbeat), name=name
        )
        for name in door_names(settings)
    ]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        stopping.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError):
            loop.remove_signal_handler(signal.SIGHUP)
        for task in reloads:
            task.cancel()
    for result in results:
        if isinstance(result, BaseException):
            raise result


def run(settings: Settings, engine: Engine, log: QueryLog) -> None:
    """`serve` in a new event loop, until stopped."""
    asyncio.run(serve(settings, engine, log))
