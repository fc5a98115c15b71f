"""Application set-up: logging never shows the token or people's data."""

from __future__ import annotations

import logging

import pytest

from rss_bot.config import Secret, Settings
from rss_bot.telegram.app import RedactingFormatter, configure_logging, file_url


def test_formatter_masks_secrets() -> None:
    formatter = RedactingFormatter(["123:SECRET"])
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "POST https://x/bot%s/getMe", ("123:SECRET",), None
    )
    assert "SECRET" not in formatter.format(record)


def test_debug_level_keeps_telegram_library_at_info() -> None:
    configure_logging(Settings(telegram_token=Secret("1:x"), log_level="DEBUG"))
    try:
        assert logging.getLogger("telegram").level == logging.INFO
        assert logging.getLogger("httpx").level == logging.WARNING
    finally:
        logging.getLogger().handlers.clear()
        logging.getLogger().setLevel(logging.WARNING)


def test_file_url_follows_api_url() -> None:
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"


def test_updates_the_library_could_not_parse_are_not_logged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """python-telegram-bot logs the raw batch it failed to parse, at CRITICAL: names,
    usernames and messages of other people."""
    configure_logging(Settings(telegram_token=Secret("1:x")))
    try:
        raw = [{"message": {"from": {"username": "awa_traore_ml"}, "text": "mon numero 76"}}]
        logging.getLogger("telegram.Bot").critical(
            "Error while parsing updates! Received data was %r", raw
        )
        logging.getLogger("telegram.ext.Updater").critical(
            "Something went wrong processing the data received from Telegram. "
            "Received data was *not* processed! Received data was: %r",
            raw,
        )
    finally:
        logging.getLogger().handlers.clear()
        logging.getLogger().setLevel(logging.WARNING)
    said = capsys.readouterr().err
    assert said.count("Error while parsing updates!") == 1
    assert said.count("données reçues omises") == 2
    assert "awa_traore_ml" not in said
    assert "mon numero" not in said
