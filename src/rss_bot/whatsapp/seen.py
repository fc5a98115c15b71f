"""Exactly once: Meta delivers each webhook at least once, so the door remembers the
message ids it has handled, in memory for the moment and in the query log across restarts.

The ids are kept as keyed digests (the store's `message_digest`): a WhatsApp message id
embeds the sender's phone number.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

logger = logging.getLogger(__name__)

KEEP = timedelta(hours=48)  # Meta gives up redelivering after 24 hours


class SeenStore(Protocol):
    """Where handled message ids last (the query log implements it)."""

    def message_digest(self, message_id: str) -> str:
        """The keyed digest stored instead of the id."""

    def record_seen(self, digest: str) -> None:
        """Queue a digest as handled; never blocks."""

    async def seen_digests(self, since: datetime) -> set[str]:
        """Digests handled since `since`."""


class SeenMessages:
    """The message ids handled in the last KEEP: `claim` says whether one is new."""

    def __init__(
        self, store: SeenStore | None = None, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._store = store
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()  # digest -> when, oldest first

    def __len__(self) -> int:
        return len(self._seen)

    async def load(self) -> None:
        """Remember the ids the store has from the last KEEP (after a restart)."""
        if self._store is None:
            return
        now = self._clock()
        since = datetime.fromtimestamp(now, UTC) - KEEP
        digests = await self._store.seen_digests(since)
        for digest in digests:
            self._seen.setdefault(digest, now)
        if digests:
            logger.info("%d message(s) déjà traité(s) dans les dernières 48 h", len(digests))

    def claim(self, message_id: str) -> bool:
        """True the first time a message id is seen (the caller answers it), False after."""
        digest = self._digest(message_id)
        if digest in self._seen:
            return False
        now = self._clock()
        self._seen[digest] = now
        self._forget_before(now - KEEP.total_seconds())
        if self._store is not None:
            self._store.record_seen(digest)
        return True

    def _digest(self, message_id: str) -> str:
        if self._store is not None:
            return self._store.message_digest(message_id)
        return hashlib.sha256(message_id.encode()).hexdigest()[:32]

    def _forget_before(self, moment: float) -> None:
        while self._seen:
            digest, at = next(iter(self._seen.items()))
            if at >= moment:
                return
            del self._seen[digest]
