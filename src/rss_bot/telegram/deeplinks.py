"""Deep-link payloads (`/start PAYLOAD`): a topic, a campaign tag, or both."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rss_bot.posters import valid_campaign

CAMPAIGN_PREFIX = "c_"
TOPIC_PREFIX = "t_"
SEPARATOR = "__"
MAX_PAYLOAD = 64  # Telegram's limit for the start parameter
_PAYLOAD_CHARS = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class DeepLink:
    """What a `/start` payload asks for."""

    topic: str | None = None
    campaign: str | None = None


def parse_payload(payload: str) -> DeepLink:
    """Read `c_mopti`, `t_camps-moc`, `c_mopti__t_camps-moc` or a bare intent id."""
    if not _PAYLOAD_CHARS.match(payload):
        return DeepLink()
    topic = campaign = None
    for part in payload.split(SEPARATOR):
        if part.startswith(CAMPAIGN_PREFIX):  # an invalid tag is no campaign, nor a topic
            campaign = valid_campaign(part[2:]) or campaign
        elif part.startswith(TOPIC_PREFIX):
            topic = part[2:]
        elif part and topic is None:
            topic = part
    return DeepLink(topic=topic, campaign=campaign)


def build_payload(topic: str | None = None, campaign: str | None = None) -> str:
    """The start parameter for a topic and/or a campaign tag."""
    parts = []
    if campaign:
        parts.append(CAMPAIGN_PREFIX + campaign)
    if topic:
        parts.append(TOPIC_PREFIX + topic)
    payload = SEPARATOR.join(parts)
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"payload too long: {payload}")
    return payload


def link(bot_username: str, payload: str = "") -> str:
    """The t.me link that opens the bot with a payload."""
    return f"https://t.me/{bot_username}" + (f"?start={payload}" if payload else "")
