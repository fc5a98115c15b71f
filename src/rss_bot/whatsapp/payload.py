"""What Meta posts to the webhook, read into the few facts the door needs.

Only the sender's WhatsApp id (needed to answer), the message id, its kind and its text or
choice are kept: profile names (`contacts[].profile`) are never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Messages WhatsApp itself sends about an account (a number changed…): nobody wrote them.
_IGNORED_TYPES = frozenset({"system", "request_welcome"})


class Kind(StrEnum):
    """What an incoming message is, for the door."""

    TEXT = "text"  # a question (or a command)
    CHOICE = "choice"  # a reply button or a list row picked
    REACTION = "reaction"  # an emoji put on a message (👍 on an answer): a vote, not a question
    OTHER = "other"  # image, audio, voice note, sticker, location…


@dataclass(frozen=True)
class Incoming:
    """One message a person sent. `wa_id` is their phone number: never store or log it."""

    id: str
    wa_id: str
    kind: Kind
    text: str = ""  # the text, for a choice the id the bot gave it, for a reaction the emoji
    target: str = ""  # for a reaction: the id of the message reacted to


@dataclass(frozen=True)
class Failure:
    """A message of the bot that WhatsApp could not deliver (a `failed` status)."""

    code: int | None
    title: str


@dataclass(frozen=True)
class Delivery:
    """Everything one webhook POST carries that the door acts on."""

    messages: tuple[Incoming, ...] = ()
    failures: tuple[Failure, ...] = ()


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _message(raw: dict[str, Any]) -> Incoming | None:
    message_id, sender, kind = raw.get("id"), raw.get("from"), raw.get("type")
    if not isinstance(message_id, str) or not isinstance(sender, str) or not message_id:
        return None
    if not isinstance(kind, str) or kind in _IGNORED_TYPES:
        return None
    if kind == "text":
        body = _dict(raw.get("text")).get("body")
        return Incoming(message_id, sender, Kind.TEXT, body if isinstance(body, str) else "")
    if kind == "button":  # a quick reply of a template message: its text is the question
        text = _dict(raw.get("button")).get("text")
        return Incoming(message_id, sender, Kind.TEXT, text if isinstance(text, str) else "")
    if kind == "interactive":
        interactive = _dict(raw.get("interactive"))
        picked = _dict(interactive.get("button_reply") or interactive.get("list_reply"))
        choice = picked.get("id")
        if isinstance(choice, str):
            return Incoming(message_id, sender, Kind.CHOICE, choice)
    if kind == "reaction":
        reaction = _dict(raw.get("reaction"))
        emoji, target = reaction.get("emoji"), reaction.get("message_id")
        return Incoming(
            message_id,
            sender,
            Kind.REACTION,
            emoji if isinstance(emoji, str) else "",
            target if isinstance(target, str) else "",
        )
    return Incoming(message_id, sender, Kind.OTHER)


def _failures(statuses: list[dict[str, Any]]) -> list[Failure]:
    found = []
    for status in statuses:
        if status.get("status") != "failed":
            continue  # sent, delivered, read: nothing to do
        errors = _dicts(status.get("errors")) or [{}]
        for error in errors:
            code = error.get("code")
            title = error.get("title")
            found.append(
                Failure(
                    code if isinstance(code, int) else None, title if isinstance(title, str) else ""
                )
            )
    return found


def parse_delivery(body: Any, phone_number_id: str) -> Delivery:
    """The messages and failed statuses of a webhook body, for our phone number only.

    Anything of another shape is skipped, not refused: Meta would post it again and again.
    """
    if not isinstance(body, dict):
        return Delivery()
    messages: list[Incoming] = []
    failures: list[Failure] = []
    for entry in _dicts(body.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
            number = metadata.get("phone_number_id")
            if number is not None and str(number) != phone_number_id:
                continue  # another number of the same Meta app
            messages += [m for m in map(_message, _dicts(value.get("messages"))) if m]
            failures += _failures(_dicts(value.get("statuses")))
    return Delivery(tuple(messages), tuple(failures))
