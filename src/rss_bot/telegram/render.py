"""Replies -> Telegram messages: escaped HTML, split at paragraphs, inline keyboards."""

from __future__ import annotations

import functools
import html
import json

from rss_bot import choices, texts
from rss_bot.engine import ACTION_MENU, Button, Reply
from rss_bot.layout import split_text
from rss_bot.records import checked_ref
from rss_bot.verdict import Outcome

MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_BYTES = 64
MAX_CALLBACK_ANSWER = 200  # characters of the notice shown when a button is pressed
MAX_CALLBACK_ANSWER = 200  # characters of the notice shown when a button is pressed
_MAX_ENTITY = 10  # the longest HTML entity split_message must not cut: "&#x10FFFF;"

# Callback-data prefixes (the choice ids every door shares, see choices.py, and Telegram's
# feedback): one letter each so any 32-character intent id fits in 64 bytes.
CB_TOPIC = choices.TOPIC
CB_SUGGESTION = choices.SUGGESTION
CB_MENU = choices.MENU
CB_NONE = choices.NONE
CB_FEEDBACK_UP = "f+:"
CB_FEEDBACK_DOWN = "f-:"


def escape(text: str) -> str:
    """Text safe for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Cut a text into messages of at most `limit` UTF-16 code units (so at most `limit`
    characters), at paragraphs where possible.

    Never inside an HTML entity (`&amp;`), and never into a message of whitespace alone.
    """
    return split_text(text, limit, html_cut)


def html_cut(html: str, limit: int = MAX_MESSAGE_LENGTH) -> int:
    """Where to cut `html` to keep at most `limit` UTF-16 code units: never inside an HTML
    entity (`&amp;`, `&#x1F600;`), which would show as "&am" followed by "p;"."""
    end = units = 0
    for ch in html:
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            break
        end += 1
    if end == len(html):
        return end
    entity = html.rfind("&", max(end - _MAX_ENTITY + 1, 0), end)
    if entity > 0 and ";" not in html[entity:end]:
        return entity
    return max(end, 1)  # always progress, even with a limit below one character


def callback_data(button: Button, *, suggestion: bool = False, ref: str | None = None) -> str:
    """The callback data of an engine button; `ref` names the question it answers."""
    return _fit(choices.choice_id(button, suggestion=suggestion, ref=ref))


def feedback_data(up: bool, intent_id: str, ref: str | None) -> str:
    """The callback data of a 👍 or 👎 button."""
    prefix = CB_FEEDBACK_UP if up else CB_FEEDBACK_DOWN
    return _fit(prefix + intent_id + (f":{ref}" if ref else ""))


def parse_data(data: str) -> tuple[str, str, str | None]:
    """(prefix, intent id or "", question ref or None) of callback data."""
    for prefix in (CB_FEEDBACK_UP, CB_FEEDBACK_DOWN):
        if data.startswith(prefix):
            intent_id, _, ref = data[len(prefix) :].partition(":")
            return prefix, intent_id, checked_ref(ref)
    return choices.parse_choice(data)


def _fit(data: str) -> str:
    # Cannot happen with validated ids (32 characters at most); never send invalid data.
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else CB_MENU


def keyboard(reply: Reply, *, ref: str | None = None, feedback: bool = True) -> str | None:
    """The reply's inline keyboard, as the JSON text Telegram takes for `reply_markup`: one
    button per row; answers get a 👍 / 👎 / menu row. None when there is no button.

    Written as JSON directly rather than built from python-telegram-bot objects: turning
    those objects back into JSON for every answer cost a fifth of the bot's CPU
    (benchmarks/bench_bot.py). Pass it with `api_kwargs={"reply_markup": ...}`.
    """
    suggestion_ref = ref if reply.outcome is Outcome.SUGGEST else None
    rows = list(_rows(reply.buttons, reply.outcome, suggestion_ref))
    if reply.outcome is Outcome.ANSWER and reply.intent:
        last = [_button(texts.MENU_BUTTON, CB_MENU)]
        if feedback:
            last = [
                _button("👍", feedback_data(True, reply.intent, ref)),
                _button("👎", feedback_data(False, reply.intent, ref)),
                *last,
            ]
        rows.append(last)
    if not rows:
        return None
    # Compact UTF-8 JSON: 5 % fewer bytes to form-encode than the default (12 % fewer chars).
    return json.dumps({"inline_keyboard": rows}, separators=(",", ":"), ensure_ascii=False)


def _button(label: str, data: str) -> dict[str, str]:
    return {"text": label, "callback_data": data}


@functools.lru_cache(maxsize=1024)  # buttons are immutable and replies repeat
def _rows(
    buttons: tuple[Button, ...], outcome: Outcome | None, ref: str | None
) -> tuple[list[dict[str, str]], ...]:
    suggestion = outcome is Outcome.SUGGEST
    return tuple(
        [_button(b.label, callback_data(b, suggestion=suggestion, ref=ref))]
        for b in buttons
        if not (outcome is Outcome.ANSWER and b.action == ACTION_MENU)
    )


def message_html(reply: Reply, title: str | None = None) -> str:
    """The HTML text of a reply, with the topic title in bold above an answer."""
    body = escape(reply.text)
    if title and reply.outcome is Outcome.ANSWER:
        return f"<b>{escape(title)}</b>\n{body}"
    return body
