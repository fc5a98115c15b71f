"""Commands that run the bot: chat, start, run, links, config, health."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import secrets
import signal
import sys
from pathlib import Path
from typing import TextIO

from rss_bot import doors, health, texts
from rss_bot.campaigns import PosterCard, valid_campaign, write_poster
from rss_bot.cli.common import CommandError, build_engine, load_kb
from rss_bot.config import ConfigError, Settings
from rss_bot.console import run_chat_async
from rss_bot.doors import door_names
from rss_bot.logs import configure_logging
from rss_bot.querylog import (
    QueryLog,
    load_or_create_key,
)


def open_query_log(settings: Settings, kb_version: str) -> QueryLog:
    """The query log the bot writes to (not yet opened)."""
    try:
        key = load_or_create_key(settings.db_path, settings.log_key.get())
    except OSError as exc:
        # Without a lasting key the pseudonyms change at each start; logging still works.
        logging.getLogger(__name__).warning(texts.LOG_KEY_UNAVAILABLE.format(error=exc))
        key = secrets.token_hex(32).encode()
    return QueryLog(settings.db_path, key, kb_version, retention_days=settings.retention_days)


def warn_if_not_redacting(settings: Settings) -> None:
    """Say at start-up, in the logs, that questions are stored with their personal data."""
    if not settings.redact:
        logging.getLogger(__name__).warning(texts.REDACTION_OFF)


def cmd_chat(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Converse in the terminal; questions go to the query log."""
    warn_if_not_redacting(settings)
    kb = load_kb(args, settings)
    engine = build_engine(kb, settings)

    async def converse() -> None:
        log = open_query_log(settings, kb.version)
        await log.open()
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        assert task is not None
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, task.cancel)
        try:
            await run_chat_async(
                engine,
                sys.stdin,
                out,
                interactive=sys.stdin.isatty(),
                recorder=log,
                redact=settings.redact,
            )
        except asyncio.CancelledError:
            out.write("\n" + texts.CHAT_BYE + "\n")
        finally:
            await log.close()

    asyncio.run(converse())
    return 0


def cmd_start(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Start the bot: every messaging door configured, else the terminal chat."""
    if not door_names(settings):
        print(texts.NO_DOOR_CHAT, file=sys.stderr)
        return cmd_chat(args, settings, out)
    return cmd_run(args, settings, out)


def cmd_run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Run every configured door (Telegram, WhatsApp) in one process until stopped."""
    overrides: dict[str, object] = {
        key: value
        for key, value in (
            ("webhook_url", getattr(args, "webhook", None)),
            ("listen", getattr(args, "listen", None)),
            ("port", getattr(args, "port", None)),
        )
        if value is not None
    }
    if overrides.get("webhook_url"):
        overrides["mode"] = "webhook"
    settings = dataclasses.replace(settings, **overrides)
    if not door_names(settings):
        raise CommandError(texts.NO_DOOR_RUN)
    problems = []
    if settings.telegram_enabled and settings.mode == "webhook":
        problems += settings.webhook_problems()
    problems += settings.path_problems()
    if problems:
        raise ConfigError(problems)
    kb = load_kb(args, settings)
    configure_logging(settings)
    warn_if_not_redacting(settings)
    try:
        doors.run(settings, build_engine(kb, settings), open_query_log(settings, kb.version))
    except doors.DoorError as exc:
        raise CommandError(str(exc)) from None
    except Exception as exc:
        if settings.telegram_enabled:
            from telegram.error import InvalidToken, NetworkError

            if isinstance(exc, InvalidToken | NetworkError):
                raise CommandError(texts.TELEGRAM_START_FAILED.format(error=exc)) from None
        raise
    return 0


def cmd_config(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print the effective configuration, secrets masked."""
    rows = settings.describe()
    width = max(len(name) for name, _, _ in rows)
    value_width = max(len(value) for _, _, value in rows)
    out.write(texts.CONFIG_TITLE + "\n")
    for name, label, value in rows:
        out.write(f"  {name:<{width}}  {value:<{value_width}}  # {label}\n")
    problems = settings.path_problems()
    for problem in problems:
        out.write(f"  ! {problem}\n")
    return 1 if problems else 0


def cmd_health(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Exit 0 when the running bot reached Telegram recently (container HEALTHCHECK)."""
    seconds = health.age(settings.heartbeat)
    if seconds is None:
        out.write(texts.HEALTH_NEVER.format(path=settings.heartbeat) + "\n")
        return 1
    if seconds > health.MAX_AGE_S:
        out.write(texts.HEALTH_STALE.format(seconds=seconds) + "\n")
        return 1
    out.write(texts.HEALTH_OK.format(seconds=seconds) + "\n")
    return 0


def cmd_links(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print a link per topic (t.me, or wa.me with --whatsapp); with --qr, one QR image per
    link; with --poster, an A4 page of them to print."""
    campaign = args.campaign.lower() if args.campaign else None
    if campaign and not valid_campaign(campaign):
        raise CommandError(texts.LINKS_BAD_CAMPAIGN.format(campaign=args.campaign))
    if getattr(args, "whatsapp", None):
        entries = _whatsapp_links(args, settings, campaign)
    else:
        entries = _telegram_links(args, settings, campaign)
    for name, _, url in entries:
        out.write(f"{name}\t{url}\n")
    if args.qr:
        import segno

        folder = Path(args.qr)
        prefix = f"{campaign}-" if campaign else ""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, _, url in entries:
                segno.make(url, error="m").save(folder / f"{prefix}{name}.png", scale=8, border=4)
        except OSError as exc:
            raise CommandError(
                texts.QR_NOT_WRITTEN.format(folder=folder, reason=texts.os_reason(exc))
            ) from None
        print(texts.LINKS_QR_WRITTEN.format(count=len(entries), folder=folder), file=sys.stderr)
    if getattr(args, "poster", None):
        path = Path(args.poster)
        cards = [PosterCard(title, url) for _, title, url in entries]
        try:
            write_poster(path, cards, texts.LINKS_POSTER_TITLE, campaign)
        except OSError as exc:
            raise CommandError(
                texts.POSTER_NOT_WRITTEN.format(path=path, reason=texts.os_reason(exc))
            ) from None
        print(texts.LINKS_POSTER_WRITTEN.format(path=path), file=sys.stderr)
    return 0


def _telegram_links(
    args: argparse.Namespace, settings: Settings, campaign: str | None
) -> list[tuple[str, str, str]]:
    """(name, title, t.me link) of the welcome and of every topic."""
    from rss_bot.telegram.deeplinks import build_payload, link

    username = (args.bot or settings.bot_username).lstrip("@")
    if not username:
        raise CommandError(texts.LINKS_NO_USERNAME)
    kb = load_kb(args, settings)
    entries = [("accueil", texts.MENU, link(username, build_payload(campaign=campaign)))]
    entries += [(i.id, i.label, link(username, build_payload(i.id, campaign))) for i in kb.intents]
    return entries


def _whatsapp_links(
    args: argparse.Namespace, settings: Settings, campaign: str | None
) -> list[tuple[str, str, str]]:
    """(name, title, wa.me link) of the welcome and of every topic (not the small talk):
    each link writes a question the bot answers with its topic, and the campaign tag."""
    from rss_bot.whatsapp.links import business_number, link, link_question, prefilled

    number = business_number(args.whatsapp)
    if number is None:
        raise CommandError(texts.LINKS_BAD_WHATSAPP_NUMBER.format(number=args.whatsapp))
    kb = load_kb(args, settings)
    engine = build_engine(kb, settings)
    entries = [("accueil", texts.MENU, link(number, prefilled(None, campaign)))]
    for intent in kb.intents:
        if intent.topic:  # greetings and thanks get no poster
            question = link_question(intent, engine)
            entries.append((intent.id, intent.label, link(number, prefilled(question, campaign))))
    return entries
