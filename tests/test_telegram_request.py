"""The Bot API client, against the fake Bot API on loopback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import InvalidToken, NetworkError, TimedOut

from rss_bot.health import Heartbeat
from rss_bot.telegram.request import BotAPIRequest

from .fake_bot_api import FakeBotAPI

TOKEN = "123456:TEST-token"
TEXT = "Le <b>MOC</b> à Gao — c'est quoi ? 🎉 & 100 % <i>clair</i>"


def bot(base_url: str, request: BotAPIRequest, token: str = TOKEN) -> Bot:
    return Bot(
        token, base_url=base_url, request=request, get_updates_request=BotAPIRequest(None, 1)
    )


async def test_a_message_and_its_keyboard_travel_as_json_and_arrive_whole(tmp_path: Path) -> None:
    heartbeat = tmp_path / "heartbeat"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Réponse utile 👍", callback_data="f:u")]])
    async with FakeBotAPI(token=TOKEN) as fake:
        async with bot(fake.base_url, BotAPIRequest(Heartbeat(heartbeat), 2)) as client:
            await client.send_message(42, TEXT, parse_mode="HTML", reply_markup=markup)
            # The keyboard as the bot sends it: JSON text written by render.keyboard.
            await client.send_message(42, "b", api_kwargs={"reply_markup": markup.to_json()})
        calls = fake.calls_to("sendMessage")
        sent = fake.sent_messages(42)
    assert [c.content_type for c in calls] == ["application/json"] * 2
    assert sent[0]["text"] == "Le MOC à Gao — c'est quoi ? 🎉 & 100 % clair"
    assert [e["type"] for e in sent[0]["entities"]] == ["bold", "italic"]
    assert calls[0].params["chat_id"] == calls[1].params["chat_id"] == 42
    expected = {"inline_keyboard": [[{"text": "Réponse utile 👍", "callback_data": "f:u"}]]}
    assert [m["reply_markup"] for m in sent] == [expected, expected]
    assert heartbeat.exists()  # Telegram answered: the health check sees it


async def test_a_refused_token_is_an_error_and_no_heartbeat(tmp_path: Path) -> None:
    heartbeat = tmp_path / "heartbeat"
    async with FakeBotAPI(token=TOKEN) as fake:
        request = BotAPIRequest(Heartbeat(heartbeat), 1)
        client = bot(fake.base_url, request, token="654321:WRONG")
        try:
            with pytest.raises(InvalidToken):
                await client.initialize()
        finally:
            await request.shutdown()
    assert not heartbeat.exists()


async def test_uploads_stay_multipart() -> None:
    uploaded: list[tuple[str, object]] = []
    async with FakeBotAPI(token=TOKEN) as fake:

        def send_document(params: dict[str, object]) -> dict[str, object]:
            uploaded.append((fake.calls[-1].content_type, params.get("caption")))
            return fake.sent_messages()[0] if fake.sent_messages() else {}

        fake.register_method("sendDocument", send_document)
        async with bot(fake.base_url, BotAPIRequest(None, 1)) as client:
            await client.send_message(7, "avant")
            await client.send_document(7, InputFile(b"a;b\n", filename="q.csv"), caption="é")
    assert uploaded == [("multipart/form-data", "é")]


async def test_a_slow_answer_is_timed_out_and_a_closed_port_is_a_network_error() -> None:
    async with (
        FakeBotAPI(token=TOKEN) as fake,
        bot(fake.base_url, BotAPIRequest(None, 1, read_timeout=0.2)) as client,
    ):
        fake.delay_next("sendMessage", 2.0)
        with pytest.raises(TimedOut):
            await client.send_message(1, "lent")
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/bot"
    request = BotAPIRequest(None, 1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match=r"httpx\.ConnectError"):
            await request.post(f"{closed}{TOKEN}/getMe")
    finally:
        await request.shutdown()
