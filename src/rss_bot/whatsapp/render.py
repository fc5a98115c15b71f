"""Replies -> WhatsApp message bodies: text with *bold* titles, split at paragraphs, and the
choices as reply buttons (3 at most) or a list (10 rows at most).

A body here lacks `messaging_product` and `to`, which the Graph client adds to each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rss_bot import texts
from rss_bot.choices import choice_id
from rss_bot.engine import ACTION_MENU, ACTION_NONE, Reply
from rss_bot.knowledge import KnowledgeBase
from rss_bot.layout import split_text, utf16_length
from rss_bot.verdict import Outcome

# The Cloud API's limits (characters).
MAX_TEXT = 4096  # a text message
MAX_BODY = 1024  # the body of an interactive message
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_LIST_BUTTON = 20
ELLIPSIS = "…"
Body = dict[str, Any]


@dataclass(frozen=True)
class Option:
    """One choice as WhatsApp shows it: the id it sends back and the full label."""

    id: str
    label: str
    action: str


def shorten(label: str, limit: int) -> str:
    """`label` in at most `limit` characters: cut at a word boundary with an ellipsis, and
    mid-word (still with the ellipsis) only when its first word alone is too long."""
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    head = label[: limit - 1]
    if label[limit - 1] != " " and " " in head:  # the cut falls inside a word
        head = head[: head.rfind(" ")]
    head = head.rstrip(" ,;:–-·") or label[: limit - 1]
    return head + ELLIPSIS


def formatted_text(reply: Reply, kb: KnowledgeBase) -> str:
    """The reply's text in WhatsApp's formatting, an answer's title in *bold* above it."""
    title = reply.title
    if title:
        return f"*{title.replace('*', '')}*\n{reply.text}"
    return reply.text


def options(reply: Reply, ref: str | None) -> list[Option]:
    """The reply's buttons as choices, at most MAX_ROWS: past that, the last topics give way
    to the navigation choice (menu, 'none of these') that ends the list."""
    suggestion = reply.outcome is Outcome.SUGGEST
    chosen = [
        Option(
            choice_id(b, suggestion=suggestion, ref=ref if suggestion else None), b.label, b.action
        )
        for b in reply.buttons
    ]
    if len(chosen) > MAX_ROWS:
        navigation = [o for o in chosen if o.action in (ACTION_MENU, ACTION_NONE)][-1:]
        chosen = [o for o in chosen if o not in navigation][: MAX_ROWS - len(navigation)]
        chosen += navigation
    return chosen


def _button_title(option: Option) -> str:
    label = texts.WA_NONE_OF_THESE_BUTTON if option.action == ACTION_NONE else option.label
    return shorten(label, MAX_BUTTON_TITLE)


def interactive(body_text: str, choices: list[Option]) -> Body:
    """Reply buttons for up to 3 choices whose short titles differ, else a list."""
    titles = [_button_title(o) for o in choices]
    if len(choices) <= MAX_BUTTONS and len(set(titles)) == len(titles):
        buttons = [
            {"type": "reply", "reply": {"id": o.id, "title": t}}
            for o, t in zip(choices, titles, strict=True)
        ]
        action: dict[str, Any] = {"buttons": buttons}
        kind = "button"
    else:
        rows = []
        for option in choices:
            row = {"id": option.id, "title": shorten(option.label, MAX_ROW_TITLE)}
            if row["title"] != option.label:  # the whole label, where it fits
                row["description"] = shorten(option.label, MAX_ROW_DESCRIPTION)
            rows.append(row)
        action = {
            "button": shorten(texts.WA_LIST_BUTTON, MAX_LIST_BUTTON),
            "sections": [{"rows": rows}],
        }
        kind = "list"
    return {
        "type": "interactive",
        "interactive": {"type": kind, "body": {"text": body_text}, "action": action},
    }


def text_message(text: str) -> Body:
    """A plain text message (links are not previewed)."""
    return {"type": "text", "text": {"preview_url": False, "body": text}}


def render(reply: Reply, kb: KnowledgeBase, ref: str | None = None) -> list[Body]:
    """The messages that show a reply, in order; `ref` names the question it answers.

    The text goes in the choices' message when it fits there (1,024 characters), else in
    text messages of at most 4,096 characters, the choices following under a short line.
    """
    text = formatted_text(reply, kb)
    choices = options(reply, ref)
    chunks = split_text(text, MAX_TEXT)
    if not choices:
        return [text_message(chunk) for chunk in chunks]
    last = chunks[-1]
    if utf16_length(last) <= MAX_BODY and last.strip():
        return [*map(text_message, chunks[:-1]), interactive(last, choices)]
    return [*map(text_message, chunks), interactive(texts.WA_CHOOSE, choices)]
