"""Logging for the running bot, whatever its doors: to stderr, every secret masked, and
people's data (names, phone numbers, whole updates) never written at any level."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from rss_bot.config import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """A formatter that masks secrets (the bot token appears in Bot API URLs)."""

    def __init__(self, secrets: Iterable[str], fmt: str = LOG_FORMAT) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record with every secret replaced by asterisks."""
        return masked(super().format(record), self._secrets)


def masked(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced by asterisks (a library's error message may quote
    the bot token)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "**********")
    return text


class WithoutReceivedData(logging.Filter):
    """python-telegram-bot logs, at CRITICAL, the raw updates it could not parse: other
    people's names, usernames and messages. The line stays, the data goes."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record; strip the data from the library's 'Received data was …'."""
        message = str(record.msg)
        if record.name.startswith("telegram") and "received data" in message.lower():
            cut = message.lower().index("received data")
            record.msg = message[:cut] + "(données reçues omises : elles contiennent des messages)"
            record.args = ()
        return True


def secrets_of(settings: Settings) -> list[str]:
    """Every secret the settings hold: tokens, webhook secrets, the app secret."""
    return [
        secret.get()
        for secret in (
            settings.telegram_token,
            settings.webhook_secret,
            settings.whatsapp_token,
            settings.whatsapp_app_secret,
            settings.whatsapp_verify_token,
        )
    ]


def configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level, secrets masked; request lines silenced."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets_of(settings)))
    handler.addFilter(WithoutReceivedData())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # httpx logs every request URL, token included, at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # python-telegram-bot's DEBUG lines dump whole updates (names, usernames, messages):
    # people's data never goes to logs, whatever the level asked for.
    logging.getLogger("telegram").setLevel(max(logging.INFO, root.level))
    # aiohttp's access log would show the WhatsApp verify token (a query parameter); its
    # client and server DEBUG lines show request bodies, phone numbers included.
    logging.getLogger("aiohttp").setLevel(max(logging.WARNING, root.level))
    # aiosqlite's DEBUG lines show every SQL parameter: questions as people typed them.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, root.level))
