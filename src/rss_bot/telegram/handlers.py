"""Telegram handlers: parse what came in, call the engine, render, hand a record to the log."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from rss_bot import reports, texts
from rss_bot.config import Settings
from rss_bot.engine import Engine, Reply
from rss_bot.knowledge import Intent
from rss_bot.querylog import QueryLog, new_ref
from rss_bot.records import Channel, EventKind, EventRecord, QuestionRecord, Recorder
from rss_bot.telegram.deeplinks import parse_payload
from rss_bot.telegram.limits import UserRateLimiter
from rss_bot.telegram.render import (
    CB_FEEDBACK_DOWN,
    CB_FEEDBACK_UP,
    CB_MENU,
    CB_NONE,
    CB_SUGGESTION,
    CB_TOPIC,
    MAX_MESSAGE_LENGTH,
    escape,
    html_cut,
    keyboard,
    message_html,
    parse_data,
    split_message,
    utf16_length,
)

logger = logging.getLogger(__name__)

SERVICES_KEY = "rss_bot.services"
CAMPAIGN_KEY = "campaign"
MAX_INLINE_RESULTS = 5
MAX_INLINE_QUERY = 256
INLINE_CACHE_S = 300
INLINE_SETTLE_S = 3.0  # an inline query unchanged this long is the one the user settled on
# Slash commands that open a topic of the project's knowledge base; with another knowledge
# base, where the topic does not exist, they show the menu.
COMMAND_TOPICS = {"mandat": "mandat-section", "axes": "axes-prioritaires", "glossaire": "glossaire"}
HELP_TOPIC = "aide"

Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Services:
    """The shared objects every handler uses, created once in main()."""

    engine: Engine
    settings: Settings
    users: UserRateLimiter
    recorder: Recorder | None = None
    inline_pending: dict[int, str] = field(default_factory=dict)  # user id -> latest query


def services_for(application: Application) -> Services:
    """The shared objects of an application."""
    return application.bot_data[SERVICES_KEY]


def services(context: Context) -> Services:
    """The typed accessor to the shared objects, from a handler's context."""
    return services_for(context.application)


def _campaign(context: Context) -> str | None:
    return context.user_data.get(CAMPAIGN_KEY) if context.user_data is not None else None


def _chat_type(update: Update) -> str:
    chat = update.effective_chat
    if chat is None:
        return ""
    return "private" if chat.type == ChatType.PRIVATE else "group"


def record_question(
    update: Update,
    context: Context,
    question: str,
    reply: Reply,
    started: float,
    channel: Channel = Channel.TELEGRAM,
    ref: str | None = None,
) -> None:
    """Hand a question record to the query log (after the reply was sent)."""
    recorder = services(context).recorder
    if recorder is None or reply.outcome is None:
        return
    user = update.effective_user
    recorder.record_question(
        QuestionRecord(
            channel=channel,
            chat_type=_chat_type(update),
            user_id=user.id if user else None,
            question=question,
            reply=reply,
            latency_ms=(time.perf_counter() - started) * 1000,
            campaign=_campaign(context),
            ref=ref,
        )
    )


def record_event(
    update: Update, context: Context, kind: EventKind, intent: str | None, ref: str | None
) -> None:
    """Hand a feedback or choice event to the query log."""
    recorder = services(context).recorder
    if recorder is None:
        return
    user = update.effective_user
    recorder.record_event(
        EventRecord(
            Channel.TELEGRAM, user.id if user else None, kind, intent, _campaign(context), ref
        )
    )


def _title(engine: Engine, reply: Reply) -> str | None:
    intent = engine.kb.get(reply.intent) if reply.intent else None
    return intent.label if intent else None


async def send_reply(chat_id: int, context: Context, reply: Reply, ref: str | None = None) -> None:
    """Send a reply as one or more HTML messages, the keyboard under the last one."""
    chunks = split_message(message_html(reply, _title(services(context).engine, reply)))
    markup = keyboard(reply, ref=ref)
    for number, chunk in enumerate(chunks, 1):
        await context.bot.send_message(
            chat_id, chunk, reply_markup=markup if number == len(chunks) else None
        )


async def edit_or_send(
    message: Message | None,
    chat_id: int | None,
    context: Context,
    reply: Reply,
    ref: str | None = None,
) -> None:
    """Replace a bot message by a reply; send a new one where it cannot be edited."""
    text = message_html(reply, _title(services(context).engine, reply))
    if message is not None and len(text) <= MAX_MESSAGE_LENGTH:
        try:
            await message.edit_text(text, reply_markup=keyboard(reply, ref=ref))
            return
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return
            logger.info("Message non modifiable, envoi d'un nouveau message : %s", exc)
    if chat_id is not None:
        await send_reply(chat_id, context, reply, ref)


async def answer_and_record(
    update: Update,
    context: Context,
    question: str,
    reply: Reply,
    started: float,
    *,
    edit: Message | None = None,
) -> None:
    """Send (or edit into) a reply, then hand its record to the query log."""
    ref = new_ref()
    chat_id = update.effective_chat.id if update.effective_chat else None
    if edit is not None:
        await edit_or_send(edit, chat_id, context, reply, ref)
    elif chat_id is not None:
        await send_reply(chat_id, context, reply, ref)
    record_question(update, context, question, reply, started, ref=ref)


Handler = Callable[..., Awaitable[None]]


def within_budget(handler: Handler) -> Handler:
    """Drop updates of a user over RSS_BOT_USER_RATE, with one polite warning per flood."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Context, *args: object) -> None:
        user = update.effective_user
        limiter = services(context).users
        if user is None or limiter.allow(user.id):
            await handler(update, context, *args)
            return
        if not limiter.should_warn(user.id):
            return
        if update.callback_query is not None:
            await update.callback_query.answer(texts.TOO_FAST)
        elif update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, escape(texts.TOO_FAST))

    return guarded


# --- commands -------------------------------------------------------------------------


@within_budget
async def start(update: Update, context: Context) -> None:
    """`/start [PAYLOAD]`: welcome and menu, or the topic a deep link names."""
    started = time.perf_counter()
    engine = services(context).engine
    link = parse_payload(context.args[0]) if context.args else None
    if link and link.campaign and context.user_data is not None:
        context.user_data[CAMPAIGN_KEY] = link.campaign
    if link and link.topic and link.topic in engine.kb:
        reply = engine.topic(link.topic)
        await answer_and_record(update, context, engine.kb.get(link.topic).label, reply, started)
        return
    await send_reply(update.effective_chat.id, context, engine.welcome())


async def _open_topic(update: Update, context: Context, intent_id: str) -> None:
    started = time.perf_counter()
    engine = services(context).engine
    intent = engine.kb.get(intent_id)
    if intent is None:
        await send_reply(update.effective_chat.id, context, engine.menu())
        return
    await answer_and_record(update, context, intent.label, engine.topic(intent_id), started)


@within_budget
async def help_command(update: Update, context: Context) -> None:
    """`/aide`: how to use the bot."""
    if HELP_TOPIC in services(context).engine.kb:
        await _open_topic(update, context, HELP_TOPIC)
    else:
        await context.bot.send_message(update.effective_chat.id, escape(texts.HELP))


@within_budget
async def menu_command(update: Update, context: Context) -> None:
    """`/menu`: the main topics."""
    await send_reply(update.effective_chat.id, context, services(context).engine.menu())


@within_budget
async def topic_command(update: Update, context: Context) -> None:
    """`/mandat`, `/axes`, `/glossaire`: open their topic."""
    command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
    await _open_topic(update, context, COMMAND_TOPICS.get(command, ""))


@within_budget
async def about_command(update: Update, context: Context) -> None:
    """`/apropos`: source and date of the information, and what is logged."""
    about = texts.ABOUT.format(retention_days=services(context).settings.retention_days)
    await context.bot.send_message(update.effective_chat.id, escape(about))


async def stats_command(update: Update, context: Context) -> None:
    """`/stats` (staff only, see app.py): today, 7 days, top intents, unanswered groups."""
    log = services(context).recorder
    if not isinstance(log, QueryLog):
        return
    await log.flush()
    engine = services(context).engine
    today = await reports.stats(log, timedelta(days=1))
    week = await reports.stats(log, timedelta(days=7))
    clusters = await reports.unanswered(log, timedelta(days=7))
    # The unanswered questions it quotes are users' text, up to 1,000 characters each.
    for chunk in split_message(escape(reports.format_short(today, week, clusters, engine.kb))):
        await context.bot.send_message(update.effective_chat.id, chunk)


# --- free text and other messages -------------------------------------------------------


def _addressed_text(message: Message, bot_id: int, username: str) -> str | None:
    """The question in a message meant for the bot; None for group talk between people."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    mention = f"@{username}".lower()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.lower() == mention:
            start = entity.offset
            return (text[:start] + text[start + entity.length :]).strip()
    return None


async def question(update: Update, context: Context) -> None:
    """Free text: a question, answered, suggested about, or admitted unknown."""
    message = update.effective_message
    text = _addressed_text(message, context.bot.id, context.bot.username)
    if text is None:
        return
    await _answer_question(update, context, text)


@within_budget
async def _answer_question(update: Update, context: Context, text: str) -> None:
    started = time.perf_counter()
    reply = services(context).engine.reply(text)
    await answer_and_record(update, context, text, reply, started)


async def not_text(update: Update, context: Context) -> None:
    """Photos, voice notes, stickers…: say the bot reads text (in groups, only when asked)."""
    message = update.effective_message
    if message.chat.type != ChatType.PRIVATE:
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
            return
    await _say_text_only(update, context)


@within_budget
async def _say_text_only(update: Update, context: Context) -> None:
    await context.bot.send_message(update.effective_chat.id, escape(texts.TEXT_ONLY))


# --- buttons ------------------------------------------------------------------------------


@within_budget
async def button(update: Update, context: Context) -> None:
    """Every inline-keyboard press: answered at once so no spinner is left turning."""
    query = update.callback_query
    prefix, intent_id, ref = parse_data(query.data or "")
    engine = services(context).engine
    chat_id = update.effective_chat.id if update.effective_chat else None
    message = query.message if isinstance(query.message, Message) else None
    started = time.perf_counter()
    known = intent_id in engine.kb
    if prefix in (CB_FEEDBACK_UP, CB_FEEDBACK_DOWN) and known:
        await query.answer(texts.FEEDBACK_THANKS)
        kind = EventKind.FEEDBACK_UP if prefix == CB_FEEDBACK_UP else EventKind.FEEDBACK_DOWN
        record_event(update, context, kind, intent_id, ref)
        if message is not None:
            try:  # keep the topic buttons, drop 👍 / 👎 so that one answer gets one vote
                await message.edit_reply_markup(keyboard(engine.topic(intent_id), feedback=False))
            except BadRequest as exc:
                logger.info("Clavier non modifiable : %s", exc)
        return
    await query.answer()
    if prefix == CB_MENU:
        await edit_or_send(message, chat_id, context, engine.menu())
    elif prefix == CB_NONE:
        record_event(update, context, EventKind.NONE_OF_THESE, None, ref)
        await edit_or_send(message, chat_id, context, engine.none_of_these())
    elif prefix == CB_SUGGESTION and known:
        record_event(update, context, EventKind.SUGGESTION_CHOSEN, intent_id, ref)
        label = engine.kb.get(intent_id).label
        await answer_and_record(
            update, context, label, engine.topic(intent_id), started, edit=message
        )
    elif prefix == CB_TOPIC and known:
        label = engine.kb.get(intent_id).label
        await answer_and_record(update, context, label, engine.topic(intent_id), started)
    elif chat_id is not None:  # an old button, or data we never sent
        await send_reply(chat_id, context, engine.topic(""))


# --- inline mode ----------------------------------------------------------------------------


def _article(intent: Intent, bot_username: str) -> InlineQueryResultArticle:
    footer = texts.INLINE_FOOTER.format(bot=bot_username)
    body = f"<b>{escape(intent.label)}</b>\n{escape(intent.answer)}\n\n<i>{escape(footer)}</i>"
    if utf16_length(body) > MAX_MESSAGE_LENGTH:
        body = f"<b>{escape(intent.label)}</b>\n{escape(intent.answer)}"
        body = body[: html_cut(body)]
    description = " ".join(intent.answer.split())
    return InlineQueryResultArticle(
        id=intent.id,
        title=intent.label,
        description=description[:120],
        input_message_content=InputTextMessageContent(body),
    )


async def inline_query(update: Update, context: Context) -> None:
    """`@bot question` in any chat: the best-matching answers, ready to share."""
    query = update.inline_query
    text = query.query.strip()[:MAX_INLINE_QUERY]
    engine = services(context).engine
    if text:
        intents = engine.search(text, MAX_INLINE_RESULTS)
    else:
        intents = tuple(i for i in map(engine.kb.get, engine.kb.menu_ids) if i is not None)
    results = [_article(i, context.bot.username) for i in intents]
    await query.answer(
        results,
        cache_time=INLINE_CACHE_S,
        is_personal=False,
        button=None
        if results
        else InlineQueryResultsButton(text=texts.INLINE_NOTHING, start_parameter="inline"),
    )
    if text and services(context).recorder is not None and query.from_user is not None:
        pending = services(context).inline_pending
        pending[query.from_user.id] = text
        context.application.create_task(_settle_inline(update, context, text), update=update)


async def _settle_inline(update: Update, context: Context, text: str) -> None:
    """Log an inline query once the user stopped typing: the query settled on, not keystrokes."""
    await asyncio.sleep(INLINE_SETTLE_S)
    pending = services(context).inline_pending
    user_id = update.inline_query.from_user.id
    if pending.get(user_id) != text:
        return  # a later keystroke replaced it
    del pending[user_id]
    started = time.perf_counter()
    reply = services(context).engine.reply(text)
    record_question(update, context, text, reply, started, Channel.INLINE)


# --- errors -------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the error and keep running; a user who blocked the bot is not an error."""
    error = context.error
    if isinstance(error, Forbidden):
        logger.info("Message non remis : l'utilisateur a bloqué le bot ou quitté le groupe")
        return
    logger.error("Erreur pendant le traitement d'une mise à jour", exc_info=error)
    if isinstance(update, Update) and update.effective_chat is not None:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(update.effective_chat.id, escape(texts.ERROR))
