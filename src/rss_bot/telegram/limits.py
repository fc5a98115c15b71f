"""Telegram's outgoing requests: paced (flood.Pacer) and retried through PTB's rate limiter
hook. The per-user budget is shared by every door (flood.UserRateLimiter)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from rss_bot.flood import Pacer
from rss_bot.flood import UserRateLimiter as UserRateLimiter  # where Telegram's code looks

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4  # one try and three retries
RETRY_BACKOFF_S = (0.5, 1.0, 2.0)
MAX_RETRY_AFTER_S = 60.0


def retry_after_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked to wait, in seconds, through PTB's public `retry_after`.

    PTB 22 returns seconds as an int and warns that v23 will return a timedelta (or returns
    the timedelta already with PTB_TIMEDELTA=1): both are read here, so the warning, which
    asks for nothing we can do, is silenced.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class PacingRetryLimiter(BaseRateLimiter[None]):
    """Paces outgoing requests to `rate` per second (0: no pacing) and retries passing failures.

    Telegram answers 429 with `retry_after` when a bot sends too fast; 5xx and network errors
    are passing too. Retrying them here, for every request but getUpdates (which the updater
    retries itself), means a question is not left unanswered because of one bad moment.
    """

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._pacer = Pacer(rate, clock=clock, sleep=sleep)
        self._sleep = sleep

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Call the Bot API, paced, retrying 429, 5xx and network errors."""
        for attempt in range(MAX_ATTEMPTS):
            await self._pacer.wait_turn()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                delay = min(retry_after_seconds(exc), MAX_RETRY_AFTER_S)
                # Telegram asks the whole bot to wait: hold every request, not just this one.
                self._pacer.pause(delay)
                logger.warning("Telegram demande d'attendre %.1f s (%s)", delay, endpoint)
                if attempt == MAX_ATTEMPTS - 1:
                    raise
            except (BadRequest, Forbidden):
                raise  # permanent: retrying would fail the same way
            except NetworkError as exc:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                logger.warning("Échec passager de %s (%s) : nouvel essai", endpoint, exc)
                await self._sleep(RETRY_BACKOFF_S[attempt])
        raise AssertionError("unreachable")
