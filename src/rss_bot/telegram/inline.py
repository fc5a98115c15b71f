"""Inline mode (`@bot question` in any chat): shareable answers, and one log row per query
the user settled on rather than one per keystroke."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent

from rss_bot import texts
from rss_bot.knowledge import Intent
from rss_bot.layout import utf16_length
from rss_bot.recording import Asker
from rss_bot.telegram.render import MAX_MESSAGE_LENGTH, escape, html_cut
from rss_bot.verdict import Verdict

MAX_INLINE_RESULTS = 5
MAX_INLINE_QUERY = 256
INLINE_CACHE_S = 300
SETTLE_S = 3.0  # an inline query unchanged this long is the one the user settled on
SWEEP_S = 1.0  # how often settled queries are handed to the query log


def article(intent: Intent, bot_username: str) -> InlineQueryResultArticle:
    """The inline result that shares an intent's answer, with the source and the bot named."""
    footer = texts.INLINE_FOOTER.format(bot=bot_username)
    body = f"<b>{escape(intent.label)}</b>\n{escape(intent.answer)}\n\n<i>{escape(footer)}</i>"
    if utf16_length(body) > MAX_MESSAGE_LENGTH:
        body = f"<b>{escape(intent.label)}</b>\n{escape(intent.answer)}"
        body = body[: html_cut(body)]
    description = " ".join(intent.answer.split())
    return InlineQueryResultArticle(
        id=intent.id,
        title=intent.label,
        description=description[:120],
        input_message_content=InputTextMessageContent(body),
    )


def nothing_found() -> InlineQueryResultsButton:
    """The button shown instead of results: it opens a private chat with the bot."""
    return InlineQueryResultsButton(text=texts.INLINE_NOTHING, start_parameter="inline")


@dataclass(frozen=True)
class PendingQuery:
    """An inline query answered, with the verdict it got, waiting to be logged."""

    asker: Asker
    question: str
    verdict: Verdict
    latency_ms: float
    at: float  # when it was answered, on the SettlingQueries clock


class SettlingQueries:
    """The latest inline query of each user, until it has not changed for `settle_s`.

    Telegram sends a query per keystroke; only the one a user stopped on is worth logging.
    Nothing here sleeps: a sweep (every SWEEP_S in the bot, at will in tests) takes the
    settled queries, and the clock is injected.
    """

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, settle_s: float = SETTLE_S
    ) -> None:
        self._clock = clock
        self._settle_s = settle_s
        self._pending: dict[int, PendingQuery] = {}

    def now(self) -> float:
        """The current time on this object's clock."""
        return self._clock()

    def offer(self, user_id: int, query: PendingQuery) -> PendingQuery | None:
        """Keep `query` as the user's latest; return the one it replaces if that one had
        settled already (it is to be logged), else None."""
        previous = self._pending.get(user_id)
        self._pending[user_id] = query
        if previous is not None and query.at - previous.at >= self._settle_s:
            return previous
        return None

    def settled(self) -> list[PendingQuery]:
        """Take the queries unchanged for `settle_s` or more."""
        now = self._clock()
        done = [u for u, q in self._pending.items() if now - q.at >= self._settle_s]
        return [self._pending.pop(user_id) for user_id in done]

    def discard(self, user_id: int) -> None:
        """Drop the query a user has not settled on yet, unlogged (they asked to be forgotten)."""
        self._pending.pop(user_id, None)

    def drain(self) -> list[PendingQuery]:
        """Take every query still waiting (at shutdown: the users stopped on them)."""
        pending, self._pending = list(self._pending.values()), {}
        return pending
