"""Liveness: the running bot touches a file after each successful request to Telegram;
`rss-bot health` (the container's HEALTHCHECK) checks that it did so recently."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

logger = logging.getLogger(__name__)

BEAT_EVERY_S = 5.0  # the file is touched at most this often
MAX_AGE_S = 120.0  # older than this, the bot is considered unhealthy
KEEPALIVE_S = 30.0  # webhook mode asks Telegram something this often, to keep the beat


class Heartbeat:
    """Touches `path` when told a request to Telegram succeeded (rate-limited)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last = 0.0
        self._warned = False

    def beat(self) -> None:
        """Record a successful exchange with Telegram."""
        now = time.monotonic()
        if now - self._last < BEAT_EVERY_S:
            return
        self._last = now
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()
            os.utime(self.path)
        except OSError as exc:
            if not self._warned:
                self._warned = True
                logger.warning("Fichier de pouls %s impossible à écrire : %s", self.path, exc)


def age(path: Path) -> float | None:
    """Seconds since the last beat, or None if the bot never reached Telegram."""
    try:
        return max(0.0, time.time() - path.stat().st_mtime)
    except OSError:
        return None
