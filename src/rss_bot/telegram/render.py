"""Replies -> Telegram messages: escaped HTML, split at paragraphs, inline keyboards."""

from __future__ import annotations

import functools
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from rss_bot import texts
from rss_bot.engine import ACTION_INTENT, ACTION_MENU, ACTION_NONE, Button, Reply
from rss_bot.matcher import Outcome

MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_BYTES = 64

# Callback-data prefixes: one letter each so any 32-character intent id fits in 64 bytes.
CB_TOPIC = "t:"  # open a topic (menu, related topics)
CB_SUGGESTION = "s:"  # a 'Vouliez-vous dire…' choice: the learning signal
CB_MENU = "m"
CB_NONE = "n"  # 'Aucune de ces réponses'
CB_FEEDBACK_UP = "f+:"
CB_FEEDBACK_DOWN = "f-:"
CB_PATTERN_TOPIC = r"^t:"
CB_PATTERN_SUGGESTION = r"^s:"
CB_PATTERN_MENU = r"^m$"
CB_PATTERN_NONE = r"^n$"
CB_PATTERN_FEEDBACK = r"^f[+-]:"


def escape(text: str) -> str:
    """Text safe for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Cut a text into messages of at most `limit` characters, at paragraphs where possible."""
    chunks: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(paragraph) > limit:
            cut = max(paragraph.rfind("\n", 0, limit), paragraph.rfind(" ", 0, limit))
            cut = cut if cut > limit // 2 else limit
            chunks.append(paragraph[:cut].rstrip())
            paragraph = paragraph[cut:].lstrip()
        current = paragraph
    if current or not chunks:
        chunks.append(current)
    return chunks


def callback_data(button: Button, *, suggestion: bool = False) -> str:
    """The callback data of an engine button."""
    if button.action == ACTION_MENU:
        return CB_MENU
    if button.action == ACTION_NONE:
        return CB_NONE
    intent_id = button.action.removeprefix(ACTION_INTENT)
    data = (CB_SUGGESTION if suggestion else CB_TOPIC) + intent_id
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        return CB_MENU  # cannot happen with validated ids; never send invalid data
    return data


def keyboard(reply: Reply, *, feedback: bool = True) -> InlineKeyboardMarkup | None:
    """One button per row; answers get a 👍 / 👎 / menu row."""
    return _keyboard(reply.buttons, reply.outcome, reply.intent, feedback)


@functools.lru_cache(maxsize=1024)  # keyboards are immutable and replies repeat
def _keyboard(
    buttons: tuple[Button, ...], outcome: Outcome | None, intent: str | None, feedback: bool
) -> InlineKeyboardMarkup | None:
    suggestion = outcome is Outcome.SUGGEST
    rows = [
        [InlineKeyboardButton(b.label, callback_data=callback_data(b, suggestion=suggestion))]
        for b in buttons
        if not (outcome is Outcome.ANSWER and b.action == ACTION_MENU)
    ]
    if outcome is Outcome.ANSWER and intent:
        last = [InlineKeyboardButton(texts.MENU_BUTTON, callback_data=CB_MENU)]
        if feedback:
            last = [
                InlineKeyboardButton("👍", callback_data=CB_FEEDBACK_UP + intent),
                InlineKeyboardButton("👎", callback_data=CB_FEEDBACK_DOWN + intent),
                *last,
            ]
        rows.append(last)
    return InlineKeyboardMarkup(rows) if rows else None


def message_html(reply: Reply, title: str | None = None) -> str:
    """The HTML text of a reply, with the topic title in bold above an answer."""
    body = escape(reply.text)
    if title and reply.outcome is Outcome.ANSWER:
        return f"<b>{escape(title)}</b>\n{body}"
    return body
