"""wa.me campaign links: a prefilled French question ending with a campaign tag, which the
door reads back (`read_tag`) to count the question for the campaign."""

from __future__ import annotations

import re
from urllib.parse import quote

from rss_bot import texts
from rss_bot.engine import Engine
from rss_bot.knowledge import Intent
from rss_bot.posters import valid_campaign

_NUMBER = re.compile(r"^[1-9]\d{7,14}$")  # E.164 without "+": 8 to 15 digits
# "… (réf. mopti)" at the end of a message; accents and the dot may be lost on the way.
_TAG = re.compile(r"\s*\(\s*r[ée]f\.?\s*:?\s*([A-Za-z0-9-]{1,24})\s*\)\s*$", re.IGNORECASE)


def business_number(text: str) -> str | None:
    """The bot's number as wa.me wants it (digits, country code first), or None."""
    digits = re.sub(r"[\s().-]", "", text).removeprefix("+")
    digits = digits[2:] if digits.startswith("00") else digits
    return digits if _NUMBER.match(digits) else None


def prefilled(question: str | None, campaign: str | None) -> str:
    """The message a link writes for the person: a greeting, the question, the tag."""
    parts = [texts.WA_LINK_GREETING]
    if question:
        parts.append(question)
    if campaign:
        parts.append(texts.WA_LINK_TAG.format(campaign=campaign))
    return " ".join(parts)


def link(number: str, text: str) -> str:
    """The wa.me link that opens a chat with `number`, `text` written in the input box."""
    return f"https://wa.me/{number}?text={quote(text, safe='')}"


def read_tag(text: str) -> tuple[str, str | None]:
    """(the message without its campaign tag, the campaign) — (text, None) when untagged."""
    found = _TAG.search(text)
    campaign = valid_campaign(found.group(1)) if found else None
    if found is None or campaign is None:
        return text, None
    return text[: found.start()].rstrip(), campaign


def link_question(intent: Intent, engine: Engine) -> str:
    """A question for an intent's link that the engine answers with that intent, greeting
    included (the first of its example questions that is; else the first one)."""
    for question in intent.questions:
        reply = engine.reply(prefilled(question, None))
        if reply.intent == intent.id and (reply.verdict is None or not reply.verdict.also):
            return question
    return intent.questions[0] if intent.questions else intent.label
