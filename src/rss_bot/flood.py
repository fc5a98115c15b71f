"""Flood control every door shares: a per-person message budget, and the pacing of what the
bot sends (one rate for the whole bot, held back at once when the channel asks to wait)."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

USER_WINDOW_S = 60.0
MAX_TRACKED_USERS = 50_000


class Pacer:
    """Spreads outgoing requests to `rate` per second (0: no pacing); `pause` holds every
    request for a while (a channel's "wait N seconds")."""

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

    def pause(self, seconds: float) -> None:
        """Hold every request for `seconds` from now (added to a pause already running)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def wait_turn(self) -> None:
        """Wait for the end of any pause, then for this request's slot."""
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


class UserRateLimiter:
    """At most `per_minute` messages per person in any 60-second window (a person is any
    hashable id a door has for them)."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._warned: set[Hashable] = set()

    def allow(self, user_id: Hashable) -> bool:
        """Count one message; False when the user is over budget."""
        now = self._clock()
        stamps = self._seen.get(user_id)
        if stamps is None:
            stamps = self._seen[user_id] = deque()
            if len(self._seen) > MAX_TRACKED_USERS:
                oldest, _ = self._seen.popitem(last=False)
                self._warned.discard(oldest)
        else:
            self._seen.move_to_end(user_id)
        while stamps and now - stamps[0] >= USER_WINDOW_S:
            stamps.popleft()
        if len(stamps) >= self.per_minute:
            return False
        stamps.append(now)
        self._warned.discard(user_id)
        return True

    def should_warn(self, user_id: Hashable) -> bool:
        """True once per flood: the first refused message gets the polite reply."""
        if user_id in self._warned:
            return False
        self._warned.add(user_id)
        return True
