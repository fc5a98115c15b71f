"""Rendering replies for Telegram: escaping, splitting, callback data."""

from __future__ import annotations

import json

import pytest

from rss_bot.engine import ACTION_INTENT, Button, Engine, Reply
from rss_bot.telegram.render import (
    MAX_CALLBACK_BYTES,
    callback_data,
    escape,
    keyboard,
    message_html,
    split_message,
)
from rss_bot.verdict import Outcome, Verdict


def test_escape_html_metacharacters() -> None:
    assert escape('<b>a & b</b> "c"') == '&lt;b&gt;a &amp; b&lt;/b&gt; "c"'


def test_short_text_is_one_message() -> None:
    assert split_message("bonjour") == ["bonjour"]
    assert split_message("") == [""]


def test_split_at_paragraphs_first() -> None:
    paragraphs = ["a" * 3000, "b" * 3000, "c" * 10]
    chunks = split_message("\n\n".join(paragraphs))
    assert chunks == ["a" * 3000, "b" * 3000 + "\n\n" + "c" * 10]


@pytest.mark.parametrize("text", ["mot " * 3000, "x" * 10_000, ("ligne\n" * 2000)])
def test_every_chunk_fits_telegram(text: str) -> None:
    chunks = split_message(text)
    assert all(0 < len(c) <= 4096 for c in chunks)
    assert "".join(chunks).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )


def test_callback_data_fits_64_bytes_for_the_longest_id() -> None:
    longest = "a" * 32
    for suggestion in (False, True):
        data = callback_data(Button("x", ACTION_INTENT + longest), suggestion=suggestion)
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
    reply = Reply("t", (Button("x", ACTION_INTENT + longest),), Verdict(Outcome.ANSWER, longest))
    for row in json.loads(keyboard(reply))["inline_keyboard"]:
        for button in row:
            assert len(button["callback_data"].encode()) <= MAX_CALLBACK_BYTES


def test_every_button_of_the_knowledge_base_fits(engine: Engine) -> None:
    for intent in engine.kb.intents:
        for row in json.loads(keyboard(engine.topic(intent.id)))["inline_keyboard"]:
            for button in row:
                assert len(button["callback_data"].encode()) <= MAX_CALLBACK_BYTES


def test_answer_title_is_bold_and_escaped() -> None:
    reply = Reply("R & D <ok>", verdict=Verdict(Outcome.ANSWER, "x"))
    assert message_html(reply, "A < B") == "<b>A &lt; B</b>\nR &amp; D &lt;ok&gt;"
    assert message_html(Reply("menu <3")) == "menu &lt;3"
