"""Campaign tags and the printed matter that carries them: what a valid tag is, and the A4
poster page of links and QR codes that `rss-bot links --poster` writes for any door."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CAMPAIGN_PATTERN = re.compile(r"^[a-z0-9-]{1,24}$")
POSTER_QR_SCALE = 4


@dataclass(frozen=True)
class PosterCard:
    """One card of a poster: a topic's title and the link its QR code opens."""

    title: str
    url: str


def valid_campaign(name: str) -> str | None:
    """The campaign tag written as stored (lower case), or None if it is not one."""
    tag = name.strip().lower()
    return tag if CAMPAIGN_PATTERN.match(tag) else None


def poster_html(cards: Sequence[PosterCard], heading: str, campaign: str | None) -> str:
    """A self-contained A4 page, one card per link: title, QR code (inline SVG) and link."""
    import segno

    items = []
    for card in cards:
        svg = segno.make(card.url, error="m").svg_inline(scale=POSTER_QR_SCALE)
        items.append(
            f'<section class="card"><h2>{html.escape(card.title)}</h2>{svg}'
            f'<p class="url">{html.escape(card.url)}</p></section>'
        )
    tag = f" — campagne {html.escape(campaign)}" if campaign else ""
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{html.escape(heading)}{tag}</title><style>"
        "@page{size:A4;margin:12mm}body{font-family:sans-serif;margin:0}"
        "h1{font-size:16pt}.cards{display:flex;flex-wrap:wrap;gap:6mm}"
        ".card{width:58mm;border:1px solid #999;padding:3mm;break-inside:avoid}"
        ".card h2{font-size:11pt;margin:0 0 2mm}.card svg{width:100%;height:auto}"
        ".url{font-size:6pt;word-break:break-all;margin:1mm 0 0}"
        f"</style></head><body><h1>{html.escape(heading)}{tag}</h1>"
        f'<div class="cards">{"".join(items)}</div></body></html>\n'
    )


def write_poster(
    path: Path, cards: Sequence[PosterCard], heading: str, campaign: str | None
) -> None:
    """Write the poster page to `path` (its folder is created); OSError if it cannot be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(poster_html(cards, heading, campaign), encoding="utf-8")
