"""Campaign material: the topics worth a poster, QR code images of an exact size, and a
print-ready A4 page of cards (title, campaign, QR code, short link) for the printer."""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from html import escape
from typing import Any

from rss_bot import texts
from rss_bot.knowledge import Intent, KnowledgeBase
from rss_bot.redaction import redact

QUIET_ZONE = 4  # modules of white around a QR code, as the standard asks
DEFAULT_QR_SIZE = 600  # pixels: about 5 cm printed at 300 dpi
MAX_QR_SIZE = 4000  # pixels: 34 cm at 300 dpi; a bigger image only fills memory
ERROR_CORRECTION = "m"  # survives a crease or a stain (15 % of the code)
CAMPAIGN_PATTERN = re.compile(r"^[a-z0-9-]{1,24}$")


def valid_campaign(name: str) -> str | None:
    """The campaign tag written as stored (lower case), or None if it is not one.

    A tag names a place or an operation ("mopti", "gao-2026"): it has a letter and nothing
    redaction would mask. "(réf 76123456)" at the end of a message is the person's own
    reference, a number that must be masked, not a campaign kept in clear."""
    tag = name.strip().lower()
    if not CAMPAIGN_PATTERN.match(tag) or not any(c.isalpha() for c in tag):
        return None
    return tag if redact(tag) == tag else None


@dataclass(frozen=True)
class Card:
    """One link of a campaign: what it opens, its title, and the link."""

    id: str  # "accueil" or an intent id: the file name of its QR code
    title: str
    url: str


def poster_topics(kb: KnowledgeBase) -> list[Intent]:
    """The intents a campaign links to: every topic, not small talk. In a knowledge base
    that marks its intents with `kind`, only declared topics (not `conversation`: hello,
    thanks, who are you…); a knowledge base without kinds is all topics."""
    if not any(intent.kind for intent in kb.intents):
        return list(kb.intents)
    return [intent for intent in kb.intents if intent.topic]


class QrSizeError(ValueError):
    """Raised when a QR code cannot be drawn in as few pixels as asked."""


def _qr(url: str) -> Any:
    """The QR code of a link. segno is imported here: every command's parser reads this
    module's defaults, and only `links` draws codes."""
    import segno

    return segno.make(url, error=ERROR_CORRECTION)


def qr_png(url: str, size: int) -> bytes:
    """A PNG of exactly `size` × `size` pixels: the QR code at the largest whole number of
    pixels per module, centred in a white margin at least as wide as the quiet zone."""
    matrix = _qr(url).matrix
    modules = len(matrix)
    scale = size // (modules + 2 * QUIET_ZONE)
    if scale < 1:
        raise QrSizeError(texts.QR_TOO_SMALL.format(size=size, minimum=modules + 2 * QUIET_ZONE))
    offset = (size - modules * scale) // 2
    white = b"\xff" * size
    rows = [white] * offset
    for line in matrix:
        row = bytearray(white)
        for x, dark in enumerate(line):
            if dark:
                start = offset + x * scale
                row[start : start + scale] = b"\x00" * scale
        rows += [bytes(row)] * scale
    rows += [white] * (size - len(rows))
    return _png_gray(size, rows)


def _png_gray(size: int, rows: list[bytes]) -> bytes:
    """An 8-bit greyscale PNG of square rows (the format every printer and phone reads)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + row for row in rows), 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


POSTER_CSS = """
@page{size:A4;margin:10mm}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#111}
h1{font-size:14pt;margin:0 0 4mm}
.cards{display:grid;grid-template-columns:repeat(2,1fr);gap:6mm}
.card{border:0.4mm solid #333;border-radius:3mm;padding:5mm;text-align:center;
break-inside:avoid;page-break-inside:avoid;height:84mm;display:flex;flex-direction:column;
justify-content:space-between;align-items:center}
.card h2{font-size:13pt;margin:0;line-height:1.2}
.campaign{font-size:9pt;color:#444;margin:1mm 0}
.card svg{width:45mm;height:45mm;display:block}
.link{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:8.5pt;overflow-wrap:anywhere}
.invite{font-size:9pt;margin:0}
@media screen{body{padding:10mm;max-width:210mm;margin:auto}}
"""


def render_poster(cards: list[Card], campaign: str | None, title: str, invite: str) -> str:
    """The A4 page headed `title`: one card per link (title, campaign, QR code as inline
    SVG, `invite`, short link), two cards across, never cut between two pages."""
    label = campaign or texts.POSTER_NO_CAMPAIGN
    items = []
    for card in cards:
        svg = _qr(card.url).svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, title=card.title)
        short = card.url.removeprefix("https://")
        items.append(
            f'<section class="card"><h2>{escape(card.title)}</h2>'
            f'<p class="campaign">{escape(texts.POSTER_CAMPAIGN.format(campaign=label))}</p>'
            f'{svg}<p class="invite">{escape(invite)}</p>'
            f'<p class="link">{escape(short)}</p></section>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"/>'
        f"<title>{escape(title)}</title><style>{POSTER_CSS}</style></head><body>"
        f'<h1>{escape(title)}</h1><div class="cards">{"".join(items)}</div></body></html>\n'
    )
