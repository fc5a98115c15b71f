"""Hostile input everywhere a user's text enters: properties checked with Hypothesis.

Three layers, from fast to slow:

1. the matcher and the engine, on arbitrary Unicode and on targeted nasty text (very long
   messages, control characters, zero-width and bidi controls, right-to-left scripts, emoji
   sequences, HTML and Markdown metacharacters): no exception, and every result is sane;
2. Telegram rendering: every message the bot would send for those inputs is valid for
   Telegram's HTML parse mode (checked with the fake Bot API's own parser), fits in one
   message and is not empty; escaping round-trips; inline articles and callback data too;
3. the real Application against the fake Bot API: hostile private messages, group
   mentions, callback data and inline queries are all answered, no call is refused, and
   the bot still answers afterwards.

Every test is derandomised so that CI runs the same examples every time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rss_bot import texts
from rss_bot.engine import (
    ACTION_INTENT,
    ACTION_MENU,
    ACTION_NONE,
    Engine,
    Reply,
    asks_to_forget,
    visible_text,
)
from rss_bot.knowledge import MAX_ANSWER_LENGTH, MAX_ID_LENGTH, MAX_TITLE_LENGTH, Intent
from rss_bot.matcher import Matcher, Outcome
from rss_bot.querylog import MAX_QUESTION_CHARS
from rss_bot.records import new_ref
from rss_bot.telegram import inline
from rss_bot.telegram.render import (
    CB_FEEDBACK_DOWN,
    CB_FEEDBACK_UP,
    CB_MENU,
    CB_NONE,
    CB_SUGGESTION,
    CB_TOPIC,
    MAX_CALLBACK_BYTES,
    MAX_MESSAGE_LENGTH,
    escape,
    keyboard,
    message_html,
    parse_data,
    split_message,
)

from .fake_bot_api import parse_html
from .test_telegram_handlers import Bot, running_bot

# --- strategies -----------------------------------------------------------------------

CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
RIGHT_TO_LEFT = [
    "ما هو الإصلاح؟",
    "ما هي آلية التنسيق العملياتي في غاو",
    "الأمم المتحدة في مالي",
    "מה זה רפורמה?",
    "שלום, מה שלומך",
    "\u202bנזע\u202c",
]
EMOJI = [
    "👍",
    "👍🏿",
    "👩🏽‍💻",
    "👨‍👩‍👧‍👦",
    "🧑🏻‍🤝‍🧑🏿",
    "🏳️‍🌈",
    "🇲🇱",
    "🇫🇷🇸🇳",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "❤️‍🔥",
    "1️⃣",
    "\u200d",
    "\ufe0f",
    "🏿",
    "🇲",
]
METACHARACTERS = list("<>&\"'`*_[]()~|#\\")
MARKUP = [
    "<b>",
    "</b>",
    "<i>italique</i>",
    '<a href="https://example.org/?a=1&b=2">lien</a>',
    "<a href=javascript:alert(1)>",
    "</a>",
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&#65;",
    "&#x1F600;",
    "&#0;",
    "&#xD800;",
    "&nbsp;",
    "&",
    "&amp",
    "<b><i>non fermé",
    "</i></b>",
    "<br>",
    "<p>",
    "<script>alert(1)</script>",
    "<!-- commentaire -->",
    "<![CDATA[x]]>",
    "<tg-spoiler>",
    '<span class="tg-spoiler">',
    '<pre><code class="language-python">',
    "<",
    "<<>>",
    "**gras**",
    "__souligné__",
    "~~barré~~",
    "||divulgâcheur||",
    "`code`",
    "```\nbloc\n```",
    "[lien](https://t.me/x)",
    "# Titre",
    "\\_\\*",
    "> citation",
]
FRENCH = [
    "c koi le moc",
    "ddr",
    "MOC",
    "pej",
    "camps moc gao",
    "formation",
    "réforme du secteur de la sécurité",
    "bonjour",
    "merci",
    "quels sont les trois axes",
    "c'est quoi la RSS ?",
    "/start",
    "@rss_test_bot",
]
SEPARATORS = ["", " ", "\n", "\n\n", "\t", "\r\n", "\u00a0"]

fragment = st.one_of(
    st.sampled_from(CONTROLS),
    st.sampled_from(ZERO_WIDTH),
    st.sampled_from(BIDI),
    st.sampled_from(RIGHT_TO_LEFT),
    st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=12),
    st.sampled_from(EMOJI),
    st.sampled_from(METACHARACTERS),
    st.sampled_from(MARKUP),
    st.sampled_from(FRENCH),
    st.text(max_size=12),
)
# A message made of nasty fragments, with the separators split_message cuts at.
mixed = st.lists(st.tuples(fragment, st.sampled_from(SEPARATORS)), max_size=16).map(
    lambda parts: "".join(f + s for f, s in parts)
)


def _cycle(seed: str, length: int) -> str:
    return (seed * (length // len(seed) + 1))[:length]


# 4,096 characters (Telegram's limit), one more, and far more than Telegram would deliver.
long_message = st.builds(
    _cycle,
    st.one_of(mixed, st.text(min_size=1, max_size=40)).filter(bool),
    st.sampled_from([MAX_MESSAGE_LENGTH, MAX_MESSAGE_LENGTH + 1, 10_000]),
)
hostile = st.one_of(st.text(), mixed, long_message)

FAST = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- helpers ----------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def assert_valid_html(html: str) -> str:
    """One message of Telegram HTML: at most 4,096 characters, not empty, parsed by the fake
    Bot API's parser (which raises where Telegram answers "can't parse entities").
    Returns the plain text."""
    assert len(html) <= MAX_MESSAGE_LENGTH
    assert html.strip(), "empty message"
    plain, _ = parse_html(html)
    assert plain.strip(), "message empty after entity parsing"
    return plain


def assert_sendable(html: str) -> str:
    """Everything the fake Bot API's sendMessage checks, its UTF-16 length limit included."""
    plain = assert_valid_html(html)
    assert utf16_len(plain) <= MAX_MESSAGE_LENGTH
    return plain


def title_of(engine: Engine, reply: Reply) -> str | None:
    intent = engine.kb.get(reply.intent) if reply.intent else None
    return intent.label if intent else None


def assert_keyboard_sound(engine: Engine, reply: Reply) -> None:
    """Every button of a reply carries callback data Telegram accepts and the bot understands."""
    markup = keyboard(reply, ref=new_ref())
    if markup is None:
        return
    for row in json.loads(markup)["inline_keyboard"]:
        for button in row:
            assert button["text"]
            data = button["callback_data"]
            assert isinstance(data, str)
            assert 1 <= len(data.encode()) <= MAX_CALLBACK_BYTES
            prefix, intent_id, _ = parse_data(data)
            assert prefix in (CB_TOPIC, CB_SUGGESTION, CB_FEEDBACK_UP, CB_FEEDBACK_DOWN) or (
                prefix in (CB_MENU, CB_NONE) and not intent_id
            )
            if prefix not in (CB_MENU, CB_NONE):
                assert intent_id in engine.kb


# --- 1. matcher and engine --------------------------------------------------------------


@FAST
@given(text=hostile)
def test_matcher_survives_hostile_text(matcher: Matcher, text: str) -> None:
    match = matcher.match(text)
    assert match.outcome in tuple(Outcome)
    assert 0.0 <= match.score <= 100.0
    assert all(0.0 <= c.score <= 100.0 for c in match.candidates)
    assert all(c.intent_id in matcher.kb for c in match.candidates)
    assert all(s in matcher.kb for s in match.suggestions)
    if match.outcome is Outcome.ANSWER:
        assert match.intent_id in matcher.kb
    assert matcher.analyse(text).normalized == match.normalized
    ranked = match.ranked
    assert all(0.0 <= c.score <= 100.0 and c.intent_id in matcher.kb for c in ranked)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


@FAST
@given(text=hostile)
@example(text="OUBLIE")
@example(text="/oublier")
def test_engine_reply_survives_hostile_text(engine: Engine, text: str) -> None:
    reply = engine.reply(text)
    if asks_to_forget(text):  # "OUBLIE": the yes / no question, logged as no question
        assert reply == engine.forget_prompt()
        return
    assert reply.verdict is not None
    assert 0.0 <= reply.verdict.score <= 100.0
    assert reply.text.strip()
    assert all(s in engine.kb for s in reply.verdict.suggestions)
    for button in reply.buttons:
        assert button.action in (ACTION_MENU, ACTION_NONE) or button.intent_id in engine.kb
        assert button.action.startswith(ACTION_INTENT) or button.intent_id is None
    if reply.outcome is Outcome.ANSWER:
        assert reply.intent in engine.kb
    if reply.outcome is Outcome.SUGGEST:
        assert reply.verdict.suggestions
    assert visible_text(reply).strip()


@FAST
@given(text=hostile, limit=st.integers(min_value=0, max_value=10))
def test_engine_search_respects_the_limit(engine: Engine, text: str, limit: int) -> None:
    found = engine.search(text, limit)
    assert len(found) <= limit
    assert all(intent.id in engine.kb for intent in found)
    assert len({intent.id for intent in found}) == len(found)


# --- 2. Telegram rendering -----------------------------------------------------------------


@FAST
@given(text=hostile)
def test_every_reply_renders_to_valid_telegram_messages(engine: Engine, text: str) -> None:
    reply = engine.reply(text)
    chunks = split_message(message_html(reply, title_of(engine, reply)))
    assert chunks
    for chunk in chunks:
        assert_sendable(chunk)
    assert_keyboard_sound(engine, reply)


@FAST
@given(text=hostile)
def test_escape_round_trips(text: str) -> None:
    html = escape(text)
    assert parse_html(html) == (text, [])


@FAST
@given(text=hostile)
@example(text="&" * 820)  # an entity at the hard cut: was sent as "&am" + "p;"
@example(text=" " * 3000 + "x" * 5000)  # was cut into an empty first message
@example(text="x" * 4096 + "\n\n   ")  # was cut into a last message of spaces
def test_split_escaped_text_keeps_every_chunk_valid(text: str) -> None:
    """split_message on escaped hostile text: valid chunks that together say the same thing."""
    html = escape(text)
    chunks = split_message(html)
    plains = []
    for chunk in chunks:
        assert len(chunk) <= MAX_MESSAGE_LENGTH
        assert chunk.strip() or not text.strip(), "an empty message among real ones"
        plain, entities = parse_html(chunk)
        assert entities == []
        plains.append(plain)
    # Cuts only drop the whitespace they happen at: no character is lost, changed or
    # invented (an entity cut in two would show up as "&am" + "p;").
    assert "".join("".join(p.split()) for p in plains) == "".join(text.split())


intent_ids = st.from_regex(rf"[a-z0-9-]{{1,{MAX_ID_LENGTH}}}", fullmatch=True)
kb_text = hostile.map(str.strip).filter(bool)
intents = st.builds(
    Intent,
    id=intent_ids,
    questions=st.lists(kb_text, min_size=1, max_size=3).map(tuple),
    answer=st.one_of(
        kb_text,
        # Near the length limit and dense in characters that escaping lengthens.
        st.builds(
            _cycle,
            st.text(st.sampled_from([*METACHARACTERS, "a", " ", "\n", "é", "😀"]), min_size=1),
            st.integers(min_value=3500, max_value=MAX_ANSWER_LENGTH),
        ).map(str.strip),
    )
    .map(lambda a: a[:MAX_ANSWER_LENGTH].strip())
    .filter(bool),
    title=st.none() | kb_text.map(lambda t: t[:MAX_TITLE_LENGTH].strip()).filter(bool),
)
usernames = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{3,31}", fullmatch=True)


def assert_article_sound(intent: Intent, username: str) -> None:
    article = inline.article(intent, username)
    body = article.input_message_content.message_text
    plain = assert_sendable(body)
    footer = texts.INLINE_FOOTER.format(bot=username)
    # What the user should see: the label in bold, the answer, the footer; cut if too long,
    # but never garbled.
    assert f"{intent.label}\n{intent.answer}\n\n{footer}".startswith(plain)
    assert plain.startswith(intent.label)
    assert len(article.description) <= 120
    assert article.id == intent.id


@FAST
@given(intent=intents, username=usernames)
@example(intent=Intent("x", ("q",), "&" * 4050), username="rss_test_bot")  # was garbled
@example(intent=Intent("y", ("q",), "😀" * 4000, "🇲🇱" * 32), username="rss_test_bot")  # too long
def test_inline_article_of_any_intent_is_valid_html(intent: Intent, username: str) -> None:
    assert_article_sound(intent, username)


def test_inline_articles_of_the_knowledge_base_are_valid_html(engine: Engine) -> None:
    for intent in engine.kb.intents:
        assert_article_sound(intent, "rss_test_bot")


callback_data = st.one_of(
    st.text(),
    hostile,
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from([CB_TOPIC, CB_SUGGESTION, CB_FEEDBACK_UP, CB_FEEDBACK_DOWN, CB_NONE, "n:"]),
        hostile,
    ),
)


@FAST
@given(data=callback_data)
def test_parse_data_never_raises(data: str) -> None:
    prefix, intent_id, ref = parse_data(data)
    assert isinstance(prefix, str)
    assert isinstance(intent_id, str)
    # Only a reference of the bot's own making reaches the query log.
    assert ref is None or re.fullmatch("[0-9a-f]{8}", ref)


@pytest.mark.parametrize(
    ("data", "pressed"),
    [
        ("f+:mandat:", ("f+:", "mandat")),
        ("f-:mandat:r1", ("f-:", "mandat")),
        ("s:mandat:\ud800", ("s:", "mandat")),
        ("n:<b>", ("n", "")),
    ],
)
def test_a_forged_reference_is_dropped_and_the_press_still_counts(
    data: str, pressed: tuple[str, str]
) -> None:
    assert parse_data(data) == (*pressed, None)
    assert parse_data("s:mandat:0a1b2c3d") == ("s:", "mandat", "0a1b2c3d")


# --- 3. handlers end to end --------------------------------------------------------------

USER = 3001  # private chats: USER + n
GROUP = -100300  # group chats: GROUP - n
CLICKER = 4001
INLINE_USER = 5001  # inline queries: INLINE_USER + n
LAST_USER = 6001
ADMIN = 7001
MENTION = "@rss_test_bot"

# Callback data as Telegram delivers it: at most 64 bytes.
delivered_data = st.one_of(
    callback_data,
    st.builds(
        lambda prefix, intent, ref: f"{prefix}{intent}:{ref}",
        st.sampled_from([CB_TOPIC, CB_SUGGESTION, CB_FEEDBACK_UP, CB_FEEDBACK_DOWN]),
        st.sampled_from(["glossaire-moc", "camps-moc", "inconnu", ""]),
        hostile,
    ),
).map(lambda data: data.encode()[:MAX_CALLBACK_BYTES].decode(errors="ignore"))
message_text = hostile.filter(bool)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def expected_messages(engine: Engine, text: str) -> int:
    reply = engine.reply(text)
    return len(split_message(message_html(reply, title_of(engine, reply))))


async def _converse(
    engine: Engine,
    db: Path,
    messages: list[str],
    data: list[str],
    queries: list[str],
) -> None:
    async with running_bot(engine, db, user_rate=1000, admin_ids=(ADMIN,)) as bot:
        fake = bot.fake
        for n, text in enumerate(messages):
            fake.push_text(USER + n, text)
            fake.push_text(GROUP - n, f"{MENTION} {text}", user_id=USER + n, chat_type="supergroup")
        for d in data:
            fake.push_callback(CLICKER, CLICKER, d)
        for n, query in enumerate(queries):
            fake.push_inline_query(INLINE_USER + n, query)
        await fake.wait_for_calls("answerCallbackQuery", len(data), timeout=20)
        await fake.wait_for_calls("answerInlineQuery", len(queries), timeout=20)
        # Not only a quiet fake API: on a busy machine a long hostile message may still be
        # read and matched when nothing has been sent for a while.
        await bot.idle(timeout=20)

        fake.push_text(LAST_USER, "c koi le moc")
        await bot.idle(timeout=20)
        # Staff statistics quote unanswered questions: the hostile ones come back here.
        fake.push_text(ADMIN, "/stats")
        await bot.idle(timeout=20)
        await _check(bot, engine, messages, data, queries)


async def _check(
    bot: Bot, engine: Engine, messages: list[str], data: list[str], queries: list[str]
) -> None:
    fake = bot.fake
    failed = [(c.method, c.error) for c in fake.calls if c.failed and c.method != "getUpdates"]
    assert failed == []
    sent = fake.calls_to("sendMessage")
    for call in sent:
        text = call.params["text"]
        assert len(text) <= MAX_MESSAGE_LENGTH
        assert not text.startswith(escape(texts.ERROR)), "a handler raised"
    by_chat: dict[int, int] = {}
    for call in sent:
        by_chat[call.params["chat_id"]] = by_chat.get(call.params["chat_id"], 0) + 1
    for n, text in enumerate(messages):
        private = by_chat.get(USER + n, 0)
        if text.startswith("/"):  # a command, or a question that looks like one
            assert private >= 1, repr(text)
        else:
            assert private == expected_messages(engine, text), repr(text)
        # In a group, the mention is cut out of the question.
        assert by_chat.get(GROUP - n, 0) == expected_messages(engine, text.strip()), repr(text)
    assert len(fake.calls_to("answerCallbackQuery")) == len(data)
    inline = fake.calls_to("answerInlineQuery")
    assert len(inline) == len(queries)
    for call in inline:
        for result in call.params["results"]:
            assert_sendable(result["input_message_content"]["message_text"])

    last = [c for c in sent if c.params["chat_id"] == LAST_USER]
    assert len(last) == 1
    assert "Mécanisme opérationnel de coordination" in last[0].params["text"]
    assert bot.app.running
    stats = [c.params["text"] for c in sent if c.params["chat_id"] == ADMIN]
    assert stats
    assert stats[0].startswith("📊 Statistiques")

    # Every hostile question reached the query log intact (up to the log's cut).
    logged = {row["question"] for row in await bot.questions()}
    for text in messages:
        if not text.startswith("/"):
            assert text[:MAX_QUESTION_CHARS] in logged


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    messages=st.lists(message_text, min_size=8, max_size=10),
    data=st.lists(delivered_data, min_size=4, max_size=6),
    queries=st.lists(hostile, min_size=3, max_size=5),
)
@example(  # unanswered questions of emoji and of "<" quoted by /stats: were refused as too long
    messages=[f"{word} {ch * 990}" for word in ("zorglub", "blorp", "quux") for ch in "😀<"],
    data=["f+:glossaire-moc:" + "😀" * 11],
    queries=["🇲🇱" * 300],
)
def test_bot_answers_hostile_updates_and_keeps_running(
    engine: Engine, messages: list[str], data: list[str], queries: list[str]
) -> None:
    errors = _Errors()
    root = logging.getLogger()
    root.addHandler(errors)
    try:
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(_converse(engine, Path(folder) / "q.sqlite3", messages, data, queries))
    finally:
        root.removeHandler(errors)
    assert [r.getMessage() for r in errors.records] == []


def test_strategies_cover_the_nasty_cases() -> None:
    """The targeted alphabets are what the brief says they are (guards against typos)."""
    assert len(CONTROLS) == 33
    assert all(not ch.isprintable() for ch in CONTROLS)
    assert [ord(c) for c in ZERO_WIDTH] == [*range(0x200B, 0x2010), 0x2060]
    assert [ord(c) for c in BIDI] == [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    assert set("<>&\"'`*_[]()~|#\\") <= set(METACHARACTERS)
    assert all(ch in string.printable for ch in METACHARACTERS)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        "\u202e" * 4096,
        "🇲🇱" * 5000,
        "&" * 10_000,
        "*MOC " * 5000,  # thousands of corrections
        "le mode (MOC dsl) " * 3000,
        "point d'interrogation " * 3000,
    ],
)
def test_extreme_messages_render(engine: Engine, text: str) -> None:
    reply = engine.reply(text)
    for chunk in split_message(message_html(reply, title_of(engine, reply))):
        assert_sendable(chunk)
    for chunk in split_message(escape(text)):
        assert len(chunk) <= MAX_MESSAGE_LENGTH
        parse_html(chunk)
