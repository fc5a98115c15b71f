"""How any door lays out a reply's text: the cutting of a long text into messages at
paragraphs, counted as the messaging apps count."""

from __future__ import annotations

from collections.abc import Callable

Cut = Callable[[str, int], int]


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram and WhatsApp count: an emoji counts two."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def unit_cut(text: str, limit: int) -> int:
    """Where to cut `text` to keep at most `limit` UTF-16 code units (at least one character)."""
    end = units = 0
    for ch in text:
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            break
        end += 1
    return max(end, 1)


def split_text(text: str, limit: int, cut: Cut = unit_cut) -> list[str]:
    """Cut a text into messages of at most `limit` UTF-16 code units, at paragraphs where
    possible, else at a line or a space; `cut` says where a too-long paragraph may be cut.

    Never into a message of whitespace alone.
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
            end = cut(paragraph, limit)
            at = max(paragraph.rfind("\n", 0, end), paragraph.rfind(" ", 0, end))
            at = at if at > end // 2 else end
            piece = paragraph[:at].rstrip()
            if piece:
                chunks.append(piece)
            paragraph = paragraph[at:].lstrip()
        current = paragraph
    if current.strip() or not chunks:
        chunks.append(current)
    return chunks
