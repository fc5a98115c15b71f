"""Replies -> Telegram messages: escaped HTML, split at paragraphs, inline keyboards."""

from __future__ import annotations

import functools
import html
import json

from rss_bot import texts
from rss_bot.engine import (
    ACTION_FORGET,
    ACTION_INTENT,
    ACTION_KEEP,
    ACTION_MENU,
    ACTION_NONE,
    Button,
    Reply,
)
from rss_bot.verdict import Outcome

MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_BYTES = 64
MAX_CALLBACK_ANSWER = 200  # characters of the notice shown when a button is pressed
_MAX_ENTITY = 10  # the longest HTML entity split_message must not cut: "&#x10FFFF;"

# Callback-data prefixes: one letter each so any 32-character intent id fits in 64 bytes.
CB_TOPIC = "t:"  # open a topic (menu, related topics)
CB_SUGGESTION = "s:"  # a 'Vouliez-vous dire…' choice: the learning signal
CB_MENU = "m"
CB_NONE = "n"  # 'Aucune de ces réponses'
CB_FEEDBACK_UP = "f+:"
CB_FEEDBACK_DOWN = "f-:"
CB_FORGET = "x"  # "Oui" under the /oublier question: erase my records
CB_KEEP = "k"  # "Non" under it


def escape(text: str) -> str:
    """Text safe for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def utf16_length(text: str) -> int:
    """Length as Telegram counts it, in UTF-16 code units: an emoji or a flag counts two."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Cut a text into messages of at most `limit` UTF-16 code units (so at most `limit`
    characters), at paragraphs where possible.

    Never inside an HTML entity (`&amp;`), and never into a message of whitespace alone.
    """
    if utf16_length(text) <= limit and text.strip():
        return [text]  # the usual case: one message
    chunks: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if utf16_length(candidate) <= limit:
            current = candidate
            continue
        if current.strip():
            chunks.append(current)
        while utf16_length(paragraph) > limit:
            end = html_cut(paragraph, limit)
            cut = max(paragraph.rfind("\n", 0, end), paragraph.rfind(" ", 0, end))
            cut = cut if cut > end // 2 else end
            piece = paragraph[:cut].rstrip()
            if piece:
                chunks.append(piece)
            paragraph = paragraph[cut:].lstrip()
        current = paragraph
    if current.strip() or not chunks:
        chunks.append(current)
    return chunks


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
    if button.action == ACTION_MENU:
        return CB_MENU
    if button.action == ACTION_NONE:
        return CB_NONE + (f":{ref}" if ref else "")
    if button.action in _FORGET_DATA:
        return _FORGET_DATA[button.action]
    intent_id = button.action.removeprefix(ACTION_INTENT)
    if suggestion:
        return _fit(f"{CB_SUGGESTION}{intent_id}" + (f":{ref}" if ref else ""))
    return _fit(CB_TOPIC + intent_id)


_FORGET_DATA = {ACTION_FORGET: CB_FORGET, ACTION_KEEP: CB_KEEP}


def feedback_data(up: bool, intent_id: str, ref: str | None) -> str:
    """The callback data of a 👍 or 👎 button."""
    prefix = CB_FEEDBACK_UP if up else CB_FEEDBACK_DOWN
    return _fit(prefix + intent_id + (f":{ref}" if ref else ""))


def parse_data(data: str) -> tuple[str, str, str | None]:
    """(prefix, intent id or "", question ref or None) of callback data."""
    for prefix in (CB_TOPIC, CB_SUGGESTION, CB_FEEDBACK_UP, CB_FEEDBACK_DOWN):
        if data.startswith(prefix):
            intent_id, _, ref = data[len(prefix) :].partition(":")
            return prefix, intent_id, ref or None
    if data == CB_NONE or data.startswith(CB_NONE + ":"):
        return CB_NONE, "", data[2:] or None
    return data, "", None


def pressed_button(prefix: str, intent_id: str) -> tuple[Button, Outcome | None] | None:
    """The engine button behind parsed callback data, and the outcome of the reply it was
    under (SUGGEST for 'Vouliez-vous dire…' choices); None for feedback or unknown data.
    Callback data does not carry the label: the button's label is empty."""
    if prefix == CB_MENU:
        return Button("", ACTION_MENU), None
    if prefix == CB_NONE:
        return Button("", ACTION_NONE), Outcome.SUGGEST
    if prefix in (CB_FORGET, CB_KEEP):
        return Button("", ACTION_FORGET if prefix == CB_FORGET else ACTION_KEEP), None
    if prefix in (CB_SUGGESTION, CB_TOPIC) and intent_id:
        return Button("", ACTION_INTENT + intent_id), (
            Outcome.SUGGEST if prefix == CB_SUGGESTION else None
        )
    return None


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
    return json.dumps({"inline_keyboard": rows}) if rows else None


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
