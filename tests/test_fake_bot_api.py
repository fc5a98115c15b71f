"""Tests for the fake Telegram Bot API server, driven by the real PTB client, on the
methods and updates rss-bot uses."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

try:  # works whether or not tests/ is a package
    from tests.fake_bot_api import FakeBotAPI, parse_html
except ImportError:  # pragma: no cover - depends on how pytest sets sys.path
    from fake_bot_api import FakeBotAPI, parse_html

TOKEN = "123456:TEST-token"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url) as client:
        yield client


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


# ---------------------------------------------------------------- server basics


async def test_binds_to_loopback_with_os_port(fake: FakeBotAPI) -> None:
    assert fake.base_url == f"http://127.0.0.1:{fake.port}/bot"
    assert fake.port > 0


async def test_get_me(bot: Bot, fake: FakeBotAPI) -> None:
    me = await bot.get_me()
    assert me.id == 123456
    assert me.is_bot is True
    assert me.first_name == "RSS Bot"
    assert me.username == "rss_test_bot"
    assert me.can_join_groups is True
    assert me.can_read_all_group_messages is False
    assert me.supports_inline_queries is True
    assert [c.method for c in fake.calls] == ["getMe", "getMe"]  # initialize + explicit


async def test_raw_protocol_errors_and_json_body(
    fake: FakeBotAPI, http: aiohttp.ClientSession
) -> None:
    async with http.post(f"{fake.base_url}999:wrong/getMe") as resp:
        assert resp.status == 401
        assert await resp.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    async with http.post(f"{fake.base_url}{TOKEN}/noSuchMethod") as resp:
        assert resp.status == 404
        assert await resp.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    async with http.post(
        f"{fake.base_url}{TOKEN}/sendMessage",
        json={"chat_id": 7, "text": "123", "reply_markup": markup},
    ) as resp:
        body = await resp.json()
    assert body["ok"] is True
    assert body["result"]["text"] == "123"
    assert body["result"]["reply_markup"] == markup
    call = fake.calls_to("sendMessage")[0]
    assert call.params == {"chat_id": 7, "text": "123", "reply_markup": markup}
    async with http.get(f"{fake.base_url}{TOKEN}/getMe") as resp:
        assert (await resp.json())["result"]["username"] == "rss_test_bot"
    assert [c.failed for c in fake.calls] == [True, True, False, False]


# ---------------------------------------------------------------- sending


async def test_send_message_html_and_inline_keyboard(bot: Bot, fake: FakeBotAPI) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Les camps du MOC", callback_data="t:camps-moc")],
            [
                InlineKeyboardButton("👍", callback_data="f+:glossaire-moc:ab12cd34"),
                InlineKeyboardButton("☰ Menu", callback_data="m"),
            ],
        ]
    )
    msg = await bot.send_message(
        42, "<b>MOC</b> : camps &amp; patrouilles", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )
    assert msg.chat.id == 42
    assert msg.chat.type == "private"
    assert msg.from_user is not None
    assert msg.from_user.id == 123456
    assert msg.text == "MOC : camps & patrouilles"
    assert msg.entities[0].type == "bold"
    assert msg.entities[0].length == 3
    assert msg.reply_markup == keyboard
    second = await bot.send_message(42, "again")
    other = await bot.send_message(43, "hi")
    assert (msg.message_id, second.message_id, other.message_id) == (1, 2, 1)

    params = fake.calls_to("sendMessage")[0].params
    assert params["chat_id"] == 42
    assert params["parse_mode"] == "HTML"
    assert params["text"] == "<b>MOC</b> : camps &amp; patrouilles"
    assert params["reply_markup"]["inline_keyboard"][1] == [
        {"text": "👍", "callback_data": "f+:glossaire-moc:ab12cd34"},
        {"text": "☰ Menu", "callback_data": "m"},
    ]
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="t:" + "a" * 63)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(42, "x", reply_markup=too_long)


async def test_invalid_html_and_not_modified_are_bad_requests(bot: Bot, fake: FakeBotAPI) -> None:
    with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "br"'):
        await bot.send_message(1, "a<br>b", parse_mode=ParseMode.HTML)
    msg = await bot.send_message(1, "same")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("same", chat_id=1, message_id=msg.message_id)
    edited = await bot.edit_message_text("changed", chat_id=1, message_id=msg.message_id)
    assert isinstance(edited, type(msg))
    assert edited.text == "changed"
    assert edited.edit_date is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("☰ Menu", callback_data="m")]])
    edited = await bot.edit_message_reply_markup(1, msg.message_id, reply_markup=markup)
    assert edited.reply_markup == markup
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(1, msg.message_id, reply_markup=markup)
    assert fake.calls_to("sendMessage")[0].failed is True


def test_parse_html_entities_in_utf16() -> None:
    text, entities = parse_html('\U0001f600 <i>x</i> <a href="https://e.org">y</a>')
    assert text == "\U0001f600 x y"
    assert entities == [
        {"type": "italic", "offset": 3, "length": 1},
        {"type": "text_link", "url": "https://e.org", "offset": 5, "length": 1},
    ]


async def test_commands_are_checked_like_telegram(bot: Bot, fake: FakeBotAPI) -> None:
    assert await bot.set_my_commands([("start", "Accueil"), ("axe_defense", "Axe 1")])
    assert fake.commands == [
        {"command": "start", "description": "Accueil"},
        {"command": "axe_defense", "description": "Axe 1"},
    ]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("axe-defense", "x")])  # "-" is not allowed
    with pytest.raises(BadRequest, match=r"(?i)bot_command_description_invalid"):
        await bot.set_my_commands([("menu", "x" * 257)])


async def test_webhook_blocks_get_updates(bot: Bot, fake: FakeBotAPI) -> None:
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates(timeout=0) == ()


# ---------------------------------------------------------------- getUpdates


async def test_long_poll_returns_pushed_update_and_honours_offset(
    bot: Bot, fake: FakeBotAPI
) -> None:
    async def push_later() -> None:
        await asyncio.sleep(0.05)
        fake.push_text(42, "/start now", username="awa_d")

    pusher = asyncio.create_task(push_later())
    # A poll of 10 minutes: it returns because the update arrived, not because it ended
    # (the guard only stops a hung test).
    async with asyncio.timeout(60):
        updates = await bot.get_updates(
            timeout=600, allowed_updates=Update.ALL_TYPES, read_timeout=700
        )
    await pusher
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None
    assert message.text == "/start now"
    assert message.from_user is not None
    assert message.from_user.username == "awa_d"
    assert message.entities[0].type == "bot_command"
    assert message.entities[0].length == 6
    assert fake.calls_to("getUpdates")[0].params["allowed_updates"] == list(Update.ALL_TYPES)

    second = fake.push_text(42, "two")
    third = fake.push_text(42, "three")
    again = await bot.get_updates(timeout=0)  # not confirmed yet: redelivered
    assert [u.update_id for u in again] == [updates[0].update_id, second, third]
    limited = await bot.get_updates(offset=second, limit=1, timeout=0)
    assert [u.update_id for u in limited] == [second]
    assert [u["update_id"] for u in fake.pending_updates()] == [second, third]
    assert await bot.get_updates(offset=third + 1, timeout=0) == ()
    assert fake.pending_updates() == []


async def test_long_poll_times_out_with_empty_result(
    fake: FakeBotAPI, http: aiohttp.ClientSession
) -> None:
    started = time.monotonic()
    async with http.post(f"{fake.base_url}{TOKEN}/getUpdates", data={"timeout": "0.2"}) as r:
        assert await r.json() == {"ok": True, "result": []}
    assert time.monotonic() - started >= 0.2 - 0.01  # it waited for its timeout


async def test_push_helpers_build_valid_updates(bot: Bot, fake: FakeBotAPI) -> None:
    fake.push_text(
        -100123,
        "salut @rss_test_bot voir https://exemple.org/fiche",
        user_id=5,
        chat_type="supergroup",
        title="PEJ Gao",
    )
    fake.push_callback(42, 42, "s:camps-moc:ab12cd34")
    fake.push_inline_query(42, "camps moc")
    fake.push_photo(42)
    fake.push_sticker(42)
    fake.push_voice(42)
    fake.push_location(42)
    fake.push_contact(42)
    fake.push_document(42)
    fake.push_edited_text(42, 42, 1, "edited")
    fake.push_channel_post(-1009, "post")
    with pytest.raises(ValueError, match="negative chat_id"):
        fake.push_text(5, "x", chat_type="group")

    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 11
    group = updates[0].message
    assert group.chat.type == "supergroup"
    assert group.chat.title == "PEJ Gao"
    assert [e.type for e in group.entities] == ["mention", "url"]
    query = updates[1].callback_query
    assert query.data == "s:camps-moc:ab12cd34"
    assert query.message.from_user.id == 123456
    assert updates[2].inline_query.query == "camps moc"
    assert len(updates[3].message.photo) == 3
    assert updates[4].message.sticker is not None
    assert updates[5].message.voice.mime_type == "audio/ogg"
    assert updates[6].message.location is not None
    assert updates[7].message.contact.phone_number.startswith("+")
    assert updates[8].message.document.file_name == "fiche.pdf"
    assert updates[9].edited_message.text == "edited"
    assert updates[10].channel_post.chat.type == "channel"

    assert await query.answer("ok")
    assert await updates[2].inline_query.answer([])
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await query.answer("twice")  # a callback query is answered once


# ---------------------------------------------------------------- faults


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_surfaces_as_retry_after(bot: Bot, fake: FakeBotAPI) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as excinfo:
        await bot.send_message(1, "hello")
    retry_after = excinfo.value.retry_after  # int today, timedelta with PTB_TIMEDELTA=1
    assert retry_after in (7, dtm.timedelta(seconds=7))
    failed = fake.calls_to("sendMessage")[0]
    assert failed.failed is True
    assert failed.error == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    await bot.send_message(1, "hello")  # only the next call fails
    assert [c.failed for c in fake.calls_to("sendMessage")] == [True, False]


async def test_403_surfaces_as_forbidden(bot: Bot, fake: FakeBotAPI) -> None:
    fake.fail_next("sendMessage", status=403, times=2)
    for _ in range(2):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(1, "hello")
    fake.block_chat(9)
    with pytest.raises(Forbidden):
        await bot.send_message(9, "hello")


async def test_wrong_token_raises_invalid_token(fake: FakeBotAPI) -> None:
    request = HTTPXRequest()
    wrong = Bot("654321:WRONG", base_url=fake.base_url, request=request)
    try:
        with pytest.raises(InvalidToken):
            await wrong.get_me()
    finally:
        await request.shutdown()  # Bot.shutdown() is a no-op when never initialized
    assert fake.calls[0].failed
    assert fake.calls[0].error["error_code"] == 401


async def test_drop_and_delay(bot: Bot, fake: FakeBotAPI) -> None:
    fake.drop_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(1, "x")
    fake.delay_next("getMe", 0.2)
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.19
    fake.fail_next("getMe", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.get_me()


async def test_wait_for_calls_timeout_lists_calls(bot: Bot, fake: FakeBotAPI) -> None:
    with pytest.raises(AssertionError, match=r"sendMessage.*recorded: getMe"):
        await fake.wait_for_calls("sendMessage", 1, timeout=0.05)


async def test_stop_answers_pending_long_poll(fake: FakeBotAPI, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=600, read_timeout=700))
    while not fake.calls_to("getUpdates"):  # noqa: ASYNC110 - the poll is on its way
        await asyncio.sleep(0.01)
    await fake.stop()
    async with asyncio.timeout(60):  # the 10-minute poll ends with the server
        assert await poll == ()


# ---------------------------------------------------------------- Application


async def test_application_polling_echo(fake: FakeBotAPI) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html("<b>Welcome</b>")

    app: Application = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=5))
    try:
        fake.push_text(42, "/start")
        fake.push_text(42, "hello there")
        sent = await fake.wait_for_calls("sendMessage", 2, timeout=3)
        await fake.wait_until_idle(timeout=3)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    by_text = {c.params["text"]: c.params for c in sent}
    assert by_text["echo: hello there"]["chat_id"] == 42
    assert by_text["<b>Welcome</b>"]["parse_mode"] == "HTML"
    assert fake.sent_messages(42)[0]["text"] == "Welcome"
    assert fake.pending_updates() == []  # confirmed by the updater's final getUpdates
