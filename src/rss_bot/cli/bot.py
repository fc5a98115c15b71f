"""Commands that run the bot: chat, start, run, links, config, health."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import secrets
import signal
import sys
from pathlib import Path
from typing import TextIO

from rss_bot import doors, health, posters, texts
from rss_bot.cli.common import CommandError, build_engine, load_kb
from rss_bot.config import ConfigError, Settings, valid_username
from rss_bot.console import run_chat_async
from rss_bot.doors import door_names
from rss_bot.logs import configure_logging, masked, secrets_of
from rss_bot.querylog import (
    KEY_FILE_NAME,
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


def private_files() -> None:
    """What the bot writes is people's questions and the key to their pseudonyms: readable
    by its own account only (the database, its WAL, the key), whatever the shell's umask."""
    os.umask(0o077)


def cmd_chat(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Converse in the terminal; questions go to the query log."""
    private_files()
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
                retention_days=settings.retention_days,
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
    private_files()
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
    if getattr(args, "knowledge", None):  # the folder a reload reads again
        overrides["knowledge_dir"] = Path(args.knowledge)
    settings = dataclasses.replace(settings, **overrides)
    if not door_names(settings):
        raise CommandError(texts.NO_DOOR_RUN)
    problems = []
    if settings.telegram_enabled and settings.mode == "webhook":
        problems += settings.webhook_problems()
    problems += settings.path_problems()
    if problems:
        raise ConfigError(problems)
    with contextlib.suppress(AttributeError, ValueError):  # no SIGHUP on Windows
        # Until the bot is ready to reload, a SIGHUP must not end it (its default action):
        # the knowledge base it is loading is the current one anyway.
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
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

            if isinstance(exc, InvalidToken | NetworkError):  # their message quotes the token
                error = masked(str(exc), secrets_of(settings))
                raise CommandError(texts.TELEGRAM_START_FAILED.format(error=error)) from None
        raise
    return 0


def cmd_config(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print the effective configuration, secrets masked, and where the key comes from."""
    key_file = settings.db_path.parent / KEY_FILE_NAME
    if settings.log_key:
        key = texts.KEY_FROM_VARIABLE
    elif key_file.is_file():
        key = texts.KEY_FROM_FILE.format(path=key_file)
    else:
        key = texts.KEY_TO_CREATE.format(path=key_file)
    rows = [
        (name, label, key if name == settings.variable("log_key") else value)
        for name, label, value in settings.describe()
    ]
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
    """Exit 0 when the running bot reached Telegram or Meta's Graph API recently (container
    HEALTHCHECK): every door it runs touches the same heartbeat file."""
    # A door is named as its channel is ("telegram", "whatsapp").
    service = " ou ".join(texts.EXPORT_CHANNELS[d] for d in door_names(settings)) or "Telegram"
    seconds = health.age(settings.heartbeat)
    if seconds is None:
        out.write(texts.HEALTH_NEVER.format(service=service, path=settings.heartbeat) + "\n")
        return 1
    if seconds > health.MAX_AGE_S:
        out.write(texts.HEALTH_STALE.format(service=service, seconds=seconds) + "\n")
        return 1
    out.write(texts.HEALTH_OK.format(service=service, seconds=seconds) + "\n")
    return 0


def cmd_links(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print the title and link (t.me, or wa.me with --whatsapp) of every topic, small talk
    left out; with --qr, write one QR image per link; with --poster, an A4 page of cards."""
    campaign = args.campaign.lower() if args.campaign else None
    if campaign and not posters.valid_campaign(campaign):
        raise CommandError(texts.LINKS_BAD_CAMPAIGN.format(campaign=args.campaign))
    if args.qr_size < 1:
        raise CommandError(texts.QR_SIZE_NOT_POSITIVE.format(size=args.qr_size))
    if args.qr_size > posters.MAX_QR_SIZE:
        raise CommandError(texts.QR_TOO_BIG.format(size=args.qr_size, maximum=posters.MAX_QR_SIZE))
    if getattr(args, "whatsapp", None):
        cards, title, invite = _whatsapp_cards(args, settings, campaign)
    else:
        cards, title, invite = _telegram_cards(args, settings, campaign)
    for card in cards:
        out.write(f"{card.id}\t{card.title}\t{card.url}\n")
    if args.qr:
        folder = Path(args.qr)
        prefix = f"{campaign}-" if campaign else ""
        try:
            images = [(card, posters.qr_png(card.url, args.qr_size)) for card in cards]
            folder.mkdir(parents=True, exist_ok=True)
            for card, image in images:
                (folder / f"{prefix}{card.id}.png").write_bytes(image)
        except posters.QrSizeError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(
                texts.QR_NOT_WRITTEN.format(folder=folder, reason=texts.os_reason(exc))
            ) from None
        print(texts.LINKS_QR_WRITTEN.format(count=len(cards), folder=folder), file=sys.stderr)
    if args.poster:
        path = Path(args.poster)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            page = posters.render_poster(cards, campaign, title, invite)
            path.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                texts.POSTER_NOT_WRITTEN.format(path=path, reason=texts.os_reason(exc))
            ) from None
        print(texts.POSTER_WRITTEN.format(path=path, count=len(cards)), file=sys.stderr)
    return 0


_Cards = tuple[list[posters.Card], str, str]  # cards, the poster's title, its invitation


def _telegram_cards(args: argparse.Namespace, settings: Settings, campaign: str | None) -> _Cards:
    """The t.me links of the welcome and of every topic, and the poster's wording."""
    from rss_bot.telegram.deeplinks import build_payload, link

    username = (args.bot or settings.bot_username).lstrip("@")
    if not username:
        raise CommandError(texts.LINKS_NO_USERNAME)
    if not valid_username(username):
        raise CommandError(texts.LINKS_BAD_USERNAME.format(username=username))
    kb = load_kb(args, settings)
    cards = [
        posters.Card("accueil", texts.LINKS_HOME, link(username, build_payload(campaign=campaign)))
    ]
    cards += [
        posters.Card(i.id, i.label, link(username, build_payload(i.id, campaign)))
        for i in posters.poster_topics(kb)
    ]
    label = campaign or texts.POSTER_NO_CAMPAIGN
    return (
        cards,
        texts.POSTER_TITLE.format(campaign=label, bot=username),
        texts.POSTER_INVITE.format(bot=username),
    )


def _whatsapp_cards(args: argparse.Namespace, settings: Settings, campaign: str | None) -> _Cards:
    """The wa.me links of the welcome and of every topic, and the poster's wording: each
    link writes a question the bot answers with its topic, and the campaign tag."""
    from rss_bot.whatsapp.links import business_number, link, link_question, prefilled

    number = business_number(args.whatsapp)
    if number is None:
        raise CommandError(texts.LINKS_BAD_WHATSAPP_NUMBER.format(number=args.whatsapp))
    kb = load_kb(args, settings)
    engine = build_engine(kb, settings)
    cards = [posters.Card("accueil", texts.LINKS_HOME, link(number, prefilled(None, campaign)))]
    for intent in posters.poster_topics(kb):
        question = link_question(intent, engine)
        cards.append(
            posters.Card(intent.id, intent.label, link(number, prefilled(question, campaign)))
        )
    label = campaign or texts.POSTER_NO_CAMPAIGN
    return (
        cards,
        texts.POSTER_TITLE_WHATSAPP.format(campaign=label, number=number),
        texts.POSTER_INVITE_WHATSAPP,
    )
