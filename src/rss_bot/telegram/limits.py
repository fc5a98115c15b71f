"""Flood control: outgoing pacing with retries, and a per-user message budget."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import warnings
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4  # one try and three retries
RETRY_BACKOFF_S = (0.5, 1.0, 2.0)
MAX_RETRY_AFTER_S = 60.0
USER_WINDOW_S = 60.0
MAX_TRACKED_USERS = 50_000


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
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._next_slot = 0.0
        self._lock = asyncio.Lock()
        self._paused_until = 0.0
        self._clock = clock
        self._sleep = sleep

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def _wait_turn(self) -> None:
        now = self._clock()
        if self._paused_until > now:
            await self._sleep(self._paused_until - now)
        if not self._interval:
            return
        async with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
        if slot > now:
            await self._sleep(slot - now)

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
            await self._wait_turn()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                delay = min(retry_after_seconds(exc), MAX_RETRY_AFTER_S)
                # Telegram asks the whole bot to wait: hold every request, not just this one.
                self._paused_until = max(self._paused_until, self._clock() + delay)
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


class UserRateLimiter:
    """At most `per_minute` messages per user in any 60-second window."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: OrderedDict[int, deque[float]] = OrderedDict()
        self._warned: set[int] = set()

    def allow(self, user_id: int) -> bool:
        """Count one message; False when the user is over budget."""
        now = self._clock()
        stamps = self._seen.get(user_id)
        if stamps is None:
            stamps = self._seen[user_id] = deque()
            if len(self._seen) > MAX_TRACKED_USERS:
                self._seen.popitem(last=False)
        else:
            self._seen.move_to_end(user_id)
        while stamps and now - stamps[0] >= USER_WINDOW_S:
            stamps.popleft()
        if len(stamps) >= self.per_minute:
            return False
        stamps.append(now)
        self._warned.discard(user_id)
        return True

    def should_warn(self, user_id: int) -> bool:
        """True once per flood: the first refused message gets the polite reply."""
        if user_id in self._warned:
            return False
        self._warned.add(user_id)
        return True
