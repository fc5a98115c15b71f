"""Builds the python-telegram-bot Application and runs it (long polling or webhook)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from telegram import BotCommand, Message, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from rss_bot.config import Settings
from rss_bot.engine import Engine
from rss_bot.flood import UserRateLimiter
from rss_bot.health import KEEPALIVE_S, Heartbeat
from rss_bot.live import LiveEngine, live_engine
from rss_bot.logs import RedactingFormatter as RedactingFormatter  # where callers look
from rss_bot.logs import configure_logging as configure_logging
from rss_bot.recording import Recording
from rss_bot.records import Recorder
from rss_bot.telegram import handlers, inline
from rss_bot.telegram.backlog import BacklogBot, UpdateBacklog
from rss_bot.telegram.commands import command_list, topic_commands
from rss_bot.telegram.limits import PacingRetryLimiter
from rss_bot.telegram.request import BotAPIRequest

logger = logging.getLogger(__name__)

# Updates handled at once. Over real networks each sendMessage waits a round trip, so some
# concurrency is needed: 4 in flight at ~100 ms per round trip is ~40 messages/s, above
# Telegram's ~30/s cap. On loopback more is slower, as httpcore's pool bookkeeping grows
# with concurrent connections (benchmarks/bench_bot.py, with the query log on: 4 -> 0.85-0.88x
# the echo bot, 8 -> 0.72-0.78x; before the log: 2 -> 0.87x, 32 -> 0.47x).
CONCURRENT_UPDATES = 4
# Updates fetched from Telegram and not yet handled, at most (see telegram/backlog.py): what
# a crash can lose. With 8, the bot asked for updates twice as often and made 10 % more
# Python calls per update than with 16 (cProfile over bench_bot.py).
UPDATES_IN_HAND = 4 * CONCURRENT_UPDATES
POLL_TIMEOUT_S = 10
BOOTSTRAP_RETRIES = 5
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
SWEEPER_KEY = "rss_bot.inline_sweeper"
KEEPALIVE_KEY = "rss_bot.keepalive"


async def _post_init(application: Application) -> None:
    found = handlers.services_for(application)
    if found.recording.recorder is not None:
        await found.recording.recorder.open()
    commands = command_list(found.engine.kb, topic_commands(found.engine.kb))
    await application.bot.set_my_commands([BotCommand(c, d) for c, d in commands])
    # A plain task, cancelled in post_shutdown: it must not hold the stop back.
    application.bot_data[SWEEPER_KEY] = asyncio.create_task(_sweep_inline(application))
    found.live.on_swap(functools.partial(_update_commands, application))
    logger.info("Bot @%s prêt", application.bot.username)


async def _update_commands(application: Application, engine: Engine) -> None:
    """After a reload: the topic commands Telegram shows, those of the new knowledge base."""
    commands = command_list(engine.kb, topic_commands(engine.kb))
    try:
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in commands])
    except TelegramError as exc:
        logger.warning("Commandes non mises à jour dans Telegram : %s", exc)


class TopicCommand(filters.MessageFilter):
    """A command naming a main-menu topic of the knowledge base served now (the topics
    change with a reload, so they are looked up for each message, not fixed at start)."""

    def __init__(self, live: LiveEngine) -> None:
        super().__init__(name="TopicCommand")
        self._live = live

    def filter(self, message: Message) -> bool:
        """Whether the message starts with /topic (or /topic@this_bot)."""
        text = message.text or ""
        if not text.startswith("/"):
            return False
        command, _, username = text.split()[0][1:].partition("@")
        if username and username.lower() != (message.get_bot().username or "").lower():
            return False
        return command.lower() in topic_commands(self._live.engine.kb)


async def _sweep_inline(application: Application) -> None:
    """Hand settled inline queries to the query log, every inline.SWEEP_S."""
    while True:
        await asyncio.sleep(inline.SWEEP_S)
        handlers.record_settled_inline(application)


def _with_keepalive(post_init: Any) -> Any:
    async def start(application: Application) -> None:
        await post_init(application)
        # A plain task, cancelled in post_shutdown: it must not hold the stop back.
        application.bot_data[KEEPALIVE_KEY] = asyncio.create_task(_keepalive(application))

    return start


async def _post_shutdown(application: Application) -> None:
    for key in (KEEPALIVE_KEY, SWEEPER_KEY):
        task = application.bot_data.pop(key, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    found = handlers.services_for(application)
    # The inline queries still waiting are the last ones their users typed: log them.
    handlers.record_inline(found.inline_queries.drain(), found.recording)
    if found.recording.recorder is not None:
        await found.recording.recorder.close()  # after the last update: every row is written
    logger.info("Bot arrêté")


def file_url(api_base_url: str) -> str:
    """The file-download base URL that goes with an API base URL."""
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("bot")] + "file/bot"
    return api_base_url.rstrip("/") + "/file/bot"


async def _keepalive(application: Application) -> None:
    """In webhook mode nothing is asked of Telegram while nobody writes: ask, to keep the
    heartbeat honest (a failure here is what a health check should see)."""
    while True:
        await asyncio.sleep(KEEPALIVE_S)
        with contextlib.suppress(TelegramError):
            await application.bot.get_webhook_info()


def build_application(
    settings: Settings,
    engine: Engine | LiveEngine,
    recorder: Recorder | None = None,
    heartbeat: Heartbeat | None = None,
    *,
    limiter: BaseRateLimiter[Any] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Application:
    """The Application with every handler registered, in order.

    `limiter` replaces the pacing limiter built from the settings and `clock` the time source
    of inline mode: tests inject both so that nothing waits real seconds.
    """
    backlog = UpdateBacklog(UPDATES_IN_HAND)
    bot = BacklogBot(
        settings.telegram_token.get(),
        base_url=settings.api_base_url,
        base_file_url=file_url(settings.api_base_url),
        request=BotAPIRequest(heartbeat, CONCURRENT_UPDATES + 4),
        get_updates_request=BotAPIRequest(heartbeat, 1),
        defaults=Defaults(parse_mode=ParseMode.HTML),
        rate_limiter=limiter or PacingRetryLimiter(settings.send_rate),
        backlog=backlog,
    )
    application = (
        ApplicationBuilder()
        .bot(bot)
        .update_queue(backlog)
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    live = live_engine(engine, settings.knowledge_dir, settings.model_cache)
    application.bot_data[handlers.SERVICES_KEY] = handlers.Services(
        live=live,
        settings=settings,
        users=UserRateLimiter(settings.user_rate),
        recording=Recording(recorder, redact=settings.redact),
        inline_queries=inline.SettlingQueries(clock),
    )
    # New messages only: an edited message must not be answered twice, channel posts are
    # not questions.
    new = filters.UpdateType.MESSAGE
    commands = [
        CommandHandler("start", handlers.start, filters=new),
        CommandHandler(["aide", "help"], handlers.help_command, filters=new),
        CommandHandler("menu", handlers.menu_command, filters=new),
        CommandHandler("apropos", handlers.about_command, filters=new),
        CommandHandler("oublier", handlers.forget_command, filters=new),
        # One command per main-menu topic of the knowledge base served now.
        MessageHandler(new & TopicCommand(live), handlers.topic_command),
    ]
    # Staff only, in a private chat (in a group, /stats would show its members what others
    # asked); anywhere else these fall through to the question handler and get the ordinary
    # reply.
    staff = (
        new & filters.ChatType.PRIVATE & filters.User(user_id=settings.admin_ids, allow_empty=False)
    )
    application.add_handlers(
        [
            *commands,
            CommandHandler("stats", handlers.stats_command, filters=staff),
            CommandHandler("recharger", handlers.reload_command, filters=staff),
            # After the commands: any other text, unknown commands included, is a question.
            MessageHandler(new & filters.TEXT, handlers.question),
            MessageHandler(
                new & ~filters.TEXT & ~filters.StatusUpdate.ALL & ~filters.VIA_BOT,
                handlers.not_text,
            ),
            CallbackQueryHandler(handlers.button),
            InlineQueryHandler(handlers.inline_query),
        ]
    )
    application.add_error_handler(handlers.on_error)
    return application


async def _initialize(application: Application) -> None:
    """Initialize the application (getMe), retrying network errors as run_polling does; an
    invalid token is final."""
    for attempt in range(BOOTSTRAP_RETRIES + 1):
        try:
            await application.initialize()
            return
        except InvalidToken:
            raise
        except TelegramError as exc:
            if attempt == BOOTSTRAP_RETRIES:
                raise
            logger.warning("Telegram injoignable au démarrage (%s) : nouvel essai", exc)
            await asyncio.sleep(1)


async def serve(
    settings: Settings,
    engine: Engine | LiveEngine,
    recorder: Recorder | None,
    stopping: asyncio.Event,
    heartbeat: Heartbeat | None = None,
) -> None:
    """Run the Telegram door until `stopping` is set: long polling, or a webhook server in
    webhook mode. What run_polling() and run_webhook() do, inside the running event loop and
    without taking its signals, so that other doors run beside it.

    On stop the updater stops fetching, the updates in hand are finished, then the query
    log is flushed and closed (post_shutdown, if this door is the last to use it).
    """
    application = build_application(
        settings, engine, recorder, heartbeat or Heartbeat(settings.heartbeat)
    )
    if settings.mode == "webhook":
        application.post_init = _with_keepalive(application.post_init)
    await _initialize(application)
    assert application.updater is not None
    assert application.post_init is not None
    try:
        await application.post_init(application)
        if settings.mode == "webhook":
            await application.updater.start_webhook(
                listen=settings.listen,
                port=settings.port,
                url_path=settings.webhook_path,
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret.get(),
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=BOOTSTRAP_RETRIES,
            )
        else:
            await application.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES,
                timeout=POLL_TIMEOUT_S,
                bootstrap_retries=BOOTSTRAP_RETRIES,
            )
        await application.start()
        await stopping.wait()
    finally:
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
