"""How many updates the bot takes from Telegram before it has handled them.

Telegram forgets the updates a bot confirms, and python-telegram-bot's updater confirms
what it fetched with its next getUpdates, handled or not; it fetches up to 100 at a time,
as often as it can. Unbounded, a busy bot holds hundreds of confirmed updates in memory,
all lost if it is killed, and a restart answers fetched-but-unconfirmed ones again.

Here the bot asks for updates only while it holds fewer than `limit`, and never for more
than there is room for: a crash loses at most `limit` updates, and repeats at most `limit`.
It asks again once half of them are handled rather than after each one: a getUpdates per
handled update would cost the busy bot a quarter more requests (benchmarks/bench_bot.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import ExtBot


class UpdateBacklog(asyncio.Queue[object]):
    """The Application's update queue, counting the updates fetched and not yet handled."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self._refill_at = limit - max(1, limit // 2)  # ask for more at or below this
        self._in_hand = 0  # put and not yet task_done (PTB's stop signal included)
        self._room = asyncio.Event()
        self._room.set()

    @property
    def in_hand(self) -> int:
        """Updates fetched and not yet handled."""
        return self._in_hand

    async def room(self) -> int:
        """Wait until at most half of `limit` updates are in hand; return how many more fit."""
        while self._in_hand > self._refill_at:
            self._room.clear()
            await self._room.wait()
        return self.limit - self._in_hand

    def put_nowait(self, item: object) -> None:
        """Queue an item (put() comes here too)."""
        super().put_nowait(item)
        self._in_hand += 1

    def task_done(self) -> None:
        """An item was handled: make room."""
        super().task_done()
        self._in_hand -= 1
        if self._in_hand <= self._refill_at:
            self._room.set()


class BacklogBot(ExtBot[Any]):
    """The bot, asking Telegram for updates only when its backlog has room, and for no more
    than fit (the `limit` of getUpdates)."""

    def __init__(self, *args: Any, backlog: UpdateBacklog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._backlog = backlog

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: Any = None,  # noqa: ASYNC109 - the Bot API parameter, overridden
        allowed_updates: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> tuple[Update, ...]:
        """getUpdates, once there is room, for at most the room there is."""
        room = await self._backlog.room()
        limit = room if limit is None else min(limit, room)
        return await super().get_updates(offset, limit, timeout, allowed_updates, **kwargs)
