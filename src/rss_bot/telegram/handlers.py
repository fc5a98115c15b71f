"""Telegram handlers: parse what came in, call the engine, render, hand the verdict on."""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import CallbackQuery, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from rss_bot import reports, texts
from rss_bot.choices import pressed_button
from rss_bot.config import Settings
from rss_bot.engine import ACTION_FORGET, Engine, Reply, asks_to_forget
from rss_bot.flood import UserRateLimiter
from rss_bot.live import LiveEngine
from rss_bot.recording import Asker, Recording, elapsed_ms
from rss_bot.records import Channel, UserId, chat_user_id, new_ref
from rss_bot.telegram import inline
from rss_bot.telegram.commands import topic_commands
from rss_bot.telegram.deeplinks import parse_payload
from rss_bot.telegram.render import (
    CB_FEEDBACK_DOWN,
    CB_FEEDBACK_UP,
    MAX_CALLBACK_ANSWER,
    MAX_MESSAGE_LENGTH,
    escape,
    keyboard,
    message_html,
    parse_data,
    split_message,
)
from rss_bot.verdict import Outcome

logger = logging.getLogger(__name__)

SERVICES_KEY = "rss_bot.services"
CAMPAIGN_KEY = "campaign"
# /aide shows what the knowledge base answers to this word, when it answers it directly.
HELP_QUESTION = "aide"

Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Services:
    """The shared objects every handler uses, created once in main()."""

    live: LiveEngine
    settings: Settings
    users: UserRateLimiter
    recording: Recording
    inline_queries: inline.SettlingQueries = field(default_factory=inline.SettlingQueries)

    @property
    def engine(self) -> Engine:
        """The current engine: a handler reads it once and answers the whole update with it,
        so that a reload in the middle of an update changes nothing it shows."""
        return self.live.engine


def services_for(application: Application) -> Services:
    """The shared objects of an application."""
    return application.bot_data[SERVICES_KEY]


def services(context: Context) -> Services:
    """The typed accessor to the shared objects, from a handler's context."""
    return services_for(context.application)


def _chat_type(update: Update) -> str:
    chat = update.effective_chat
    if chat is None:
        return ""
    return "private" if chat.type == ChatType.PRIVATE else "group"


def sender_id(update: Update) -> UserId | None:
    """Whom an update counts for (rate budget, pseudonym, /oublier): its user, or for a
    message sent on behalf of a chat, that chat. Telegram gives every anonymous group admin,
    in every group, the same user id: without this they would share one rate budget and one
    pseudonym across all groups."""
    message = update.message or update.edited_message
    if message is not None and message.sender_chat is not None:
        return chat_user_id(message.sender_chat.id)
    user = update.effective_user
    return user.id if user else None


def on_behalf_of_chat(update: Update) -> bool:
    """Whether an update is a message sent on behalf of a chat (see sender_id)."""
    return isinstance(sender_id(update), str)


async def explain_forget_on_behalf(update: Update, context: Context) -> None:
    """Say how to erase what was asked on behalf of a chat, instead of asking to confirm:
    the confirmation button is pressed by a person, whose id is not the chat's."""
    await context.bot.send_message(update.effective_chat.id, escape(texts.FORGET_ON_BEHALF))


def asker(update: Update, context: Context, channel: Channel = Channel.TELEGRAM) -> Asker:
    """Who sent an update, as the query log may know them (an id it pseudonymises)."""
    campaign = context.user_data.get(CAMPAIGN_KEY) if context.user_data is not None else None
    return Asker(channel, _chat_type(update), sender_id(update), campaign)


async def send_reply(chat_id: int, context: Context, reply: Reply, ref: str | None = None) -> None:
    """Send a reply as one or more HTML messages, the keyboard under the last one."""
    chunks = split_message(message_html(reply, reply.title))
    markup = _markup(keyboard(reply, ref=ref))
    for number, chunk in enumerate(chunks, 1):
        await context.bot.send_message(
            chat_id, chunk, api_kwargs=markup if number == len(chunks) else None
        )


def _markup(keyboard_json: str | None) -> dict[str, str] | None:
    """The API arguments that attach a keyboard (render.keyboard's JSON) to a message."""
    return {"reply_markup": keyboard_json} if keyboard_json else None


async def edit_or_send(
    message: Message | None,
    chat_id: int | None,
    context: Context,
    reply: Reply,
    ref: str | None = None,
) -> None:
    """Replace a bot message by a reply; send a new one where it cannot be edited."""
    text = message_html(reply, reply.title)
    if message is not None and len(text) <= MAX_MESSAGE_LENGTH:
        try:
            await message.edit_text(text, api_kwargs=_markup(keyboard(reply, ref=ref)))
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
    """Send (or edit into) a reply, then hand its verdict to the query log: also when
    Telegram refuses the reply (the person blocked the bot, left the group…), as the
    WhatsApp door does, since the question was asked all the same."""
    ref = new_ref()
    chat_id = update.effective_chat.id if update.effective_chat else None
    try:
        if edit is not None:
            await edit_or_send(edit, chat_id, context, reply, ref)
        elif chat_id is not None:
            await send_reply(chat_id, context, reply, ref)
    finally:
        recording = services(context).recording
        recording.question(
            asker(update, context), question, reply.verdict, elapsed_ms(started), ref
        )


async def acknowledge(
    query: CallbackQuery, text: str | None = None, *, show_alert: bool = False
) -> None:
    """Stop the button's spinner. Telegram refuses it once the press is some seconds old
    (after a restart or a backlog): the press is still served, only the spinner is gone."""
    try:
        await query.answer(text, show_alert=show_alert)
    except BadRequest as exc:
        logger.info("Appui de bouton trop ancien pour être acquitté : %s", exc)


Handler = Callable[..., Awaitable[None]]


def within_budget(handler: Handler) -> Handler:
    """Drop updates of a user over RSS_BOT_USER_RATE, with one polite warning per flood (a
    button press is still acknowledged, silently)."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Context, *args: object) -> None:
        sender = sender_id(update)
        limiter = services(context).users
        if sender is None or limiter.allow(sender):
            await handler(update, context, *args)
            return
        warn = limiter.should_warn(sender)
        if update.callback_query is not None:
            # A press is always acknowledged, or its button spins on the user's screen;
            # answerCallbackQuery sends no message, so it costs nothing of the send budget.
            await acknowledge(update.callback_query, texts.TOO_FAST if warn else None)
        elif warn and update.effective_chat is not None:
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
    intent = engine.kb.get(link.topic) if link and link.topic else None
    if intent is not None:
        await answer_and_record(update, context, intent.label, engine.topic(intent.id), started)
        return
    await send_reply(update.effective_chat.id, context, engine.welcome())


@within_budget
async def help_command(update: Update, context: Context) -> None:
    """`/aide`: the knowledge base's own help topic if it has one, else how to ask."""
    started = time.perf_counter()
    engine = services(context).engine
    reply = engine.reply(HELP_QUESTION)
    intent = engine.kb.get(reply.intent) if reply.intent else None
    if reply.outcome is Outcome.ANSWER and intent is not None:
        await answer_and_record(update, context, intent.label, reply, started)
    else:
        await context.bot.send_message(update.effective_chat.id, escape(texts.HELP))


@within_budget
async def menu_command(update: Update, context: Context) -> None:
    """`/menu`: the main topics."""
    await send_reply(update.effective_chat.id, context, services(context).engine.menu())


@within_budget
async def topic_command(update: Update, context: Context) -> None:
    """One command per main-menu topic (`/mandat`…, see commands.py): open that topic."""
    started = time.perf_counter()
    command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
    engine = services(context).engine
    intent = engine.kb.get(topic_commands(engine.kb).get(command, ""))
    if intent is None:
        await send_reply(update.effective_chat.id, context, engine.menu())
        return
    await answer_and_record(update, context, intent.label, engine.topic(intent.id), started)


@within_budget
async def about_command(update: Update, context: Context) -> None:
    """`/apropos`: source and date of the information, and what is logged."""
    settings = services(context).settings
    about = texts.ABOUT.format(
        retention_days=settings.retention_days,
        redaction=texts.about_redaction(settings.redact),
    )
    await context.bot.send_message(update.effective_chat.id, escape(about))


@within_budget
async def forget_command(update: Update, context: Context) -> None:
    """`/oublier`: ask whether to erase every question and event of the sender."""
    if on_behalf_of_chat(update):
        await explain_forget_on_behalf(update, context)
        return
    await send_reply(update.effective_chat.id, context, services(context).engine.forget_prompt())


async def stats_command(update: Update, context: Context) -> None:
    """`/stats` (staff only, see app.py): today, 7 days, top intents, unanswered groups."""
    recorder = services(context).recording.recorder
    if recorder is None:
        return
    await recorder.flush()
    engine = services(context).engine
    summary = await reports.short_summary(services(context).settings.db_path, engine.kb)
    # The unanswered questions it quotes are users' text, up to 1,000 characters each.
    for chunk in split_message(escape(summary)):
        await context.bot.send_message(update.effective_chat.id, chunk)


async def reload_command(update: Update, context: Context) -> None:
    """`/recharger` (staff only, see app.py): reload the knowledge base, say what changed."""
    await reload_knowledge(context.application, update.effective_chat.id)


async def reload_knowledge(application: Application, chat_id: int | None = None) -> None:
    """Reload the knowledge base (/recharger) and tell `chat_id` the outcome (the topic
    commands follow by themselves, see app._update_commands)."""
    result = await services_for(application).live.reload()
    if chat_id is not None:
        for chunk in split_message(escape(result.describe())):
            await application.bot.send_message(chat_id, chunk)


# --- free text and other messages -------------------------------------------------------


def _addressed_text(message: Message, bot_id: int, username: str) -> str | None:
    """The question in a message meant for the bot; None for group talk between people."""
    text = message.text or ""
    if message.via_bot is not None and message.via_bot.id == bot_id:
        return None  # one of our inline answers, shared: it ends with our @name
    if message.chat.type == ChatType.PRIVATE:
        return text
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    mention = f"@{username}".lower()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.lower() == mention:
            # Telegram counts offsets in UTF-16 code units: an emoji before the mention
            # takes two, one Python character.
            units = text.encode("utf-16-le")
            start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
            return (units[:start] + units[end:]).decode("utf-16-le").strip()
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
    text = services(context).recording.redacted(text)  # before the engine sees it
    if on_behalf_of_chat(update) and asks_to_forget(text):
        await explain_forget_on_behalf(update, context)
        return
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
    services(context).recording.non_text(asker(update, context))


# --- buttons ------------------------------------------------------------------------------


@within_budget
async def button(update: Update, context: Context) -> None:
    """Every inline-keyboard press: answered at once so no spinner is left turning."""
    query = update.callback_query
    prefix, intent_id, ref = parse_data(query.data or "")
    engine = services(context).engine
    recording = services(context).recording
    chat_id = update.effective_chat.id if update.effective_chat else None
    message = query.message if isinstance(query.message, Message) else None
    started = time.perf_counter()
    intent = engine.kb.get(intent_id)
    if prefix in (CB_FEEDBACK_UP, CB_FEEDBACK_DOWN) and intent is not None:
        await acknowledge(query, texts.FEEDBACK_THANKS)
        recording.feedback(asker(update, context), intent.id, prefix == CB_FEEDBACK_UP, ref)
        if message is not None:
            try:  # keep the topic buttons, drop 👍 / 👎 so that one answer gets one vote
                markup = _markup(keyboard(engine.topic(intent.id), feedback=False))
                await message.edit_reply_markup(api_kwargs=markup)
            except BadRequest as exc:
                logger.info("Clavier non modifiable : %s", exc)
        return
    pressed = pressed_button(prefix, intent_id)
    if pressed is not None and pressed[0].action == ACTION_FORGET:
        await _forget(update, context, message)
        return
    await acknowledge(query)
    if pressed is None or (pressed[0].intent_id is not None and intent is None):
        if chat_id is not None:  # an old button, or data we never sent
            await send_reply(chat_id, context, engine.topic(""))
        return
    chosen, offered_by = pressed
    recording.choice(asker(update, context), chosen, offered_by, ref)
    # A related topic opens below the answer; any other choice replaces the message.
    edit = None if chosen.intent_id and offered_by is None else message
    label = intent.label if intent is not None else ""
    await answer_and_record(update, context, label, engine.choose(chosen), started, edit=edit)


async def _forget(update: Update, context: Context, message: Message | None) -> None:
    """ "Oui" under the /oublier question: erase the sender's records, queued and written,
    and the inline query not yet logged; say how many. In a group only the sender sees it."""
    found = services(context)
    query = update.callback_query
    found.inline_queries.discard(query.from_user.id)
    if context.user_data is not None:
        context.user_data.pop(CAMPAIGN_KEY, None)  # nothing of the person is kept
    reply = found.engine.forgotten(await found.recording.forget(asker(update, context)))
    if _chat_type(update) != "private":
        await acknowledge(query, reply.text[:MAX_CALLBACK_ANSWER], show_alert=True)
        return
    await acknowledge(query)
    await edit_or_send(message, update.effective_chat.id, context, reply)


# --- inline mode ----------------------------------------------------------------------------


async def inline_query(update: Update, context: Context) -> None:
    """`@bot question` in any chat: the best-matching answers, ready to share."""
    started = time.perf_counter()
    query = update.inline_query
    text = services(context).recording.redacted(query.query.strip()[: inline.MAX_INLINE_QUERY])
    engine = services(context).engine
    verdict = None
    if text:
        intents, verdict = engine.lookup(text, inline.MAX_INLINE_RESULTS)
    else:
        intents = tuple(i for i in map(engine.kb.get, engine.kb.menu_ids) if i is not None)
    results = [inline.article(i, context.bot.username) for i in intents]
    recording = services(context).recording
    if verdict is not None and recording.recorder is not None and query.from_user is not None:
        # Before answering: keystrokes handled at once are then kept in the order typed.
        settling = services(context).inline_queries
        pending = inline.PendingQuery(
            asker(update, context, Channel.INLINE),
            text,
            verdict,
            elapsed_ms(started),
            settling.now(),
        )
        replaced = settling.offer(query.from_user.id, pending)
        if replaced is not None:
            record_inline([replaced], recording)
    await query.answer(
        results,
        cache_time=inline.INLINE_CACHE_S,
        is_personal=False,
        button=None if results else inline.nothing_found(),
    )


def record_inline(queries: list[inline.PendingQuery], recording: Recording) -> None:
    """Hand settled inline queries to the query log, with the verdict they were answered with."""
    for pending in queries:
        recording.question(pending.asker, pending.question, pending.verdict, pending.latency_ms)


def record_settled_inline(application: Application) -> None:
    """Log the inline queries that have settled (called every inline.SWEEP_S)."""
    found = services_for(application)
    record_inline(found.inline_queries.settled(), found.recording)


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
