"""The deployment guide shows the commands the tests exercise."""

from __future__ import annotations

from .conftest import ROOT

GUIDE = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def test_guide_uses_the_tested_commands() -> None:
    for command in (
        "rss-bot config",
        "rss-bot health",
        "rss-bot run --webhook https://bot.exemple.org/rss-bot/hook --listen 127.0.0.1 --port 8443",
        "rss-bot purge --older-than 30d",
        "docker run -d --name rss-bot",
        "-v rss-bot-data:/data",
        "X-Telegram-Bot-Api-Secret-Token",
        ".backup",
    ):
        assert command in GUIDE, command


def test_guide_names_every_setting_it_uses() -> None:
    example = (ROOT / "bot" / ".env.example").read_text(encoding="utf-8")
    for line in GUIDE.splitlines():
        if line.startswith(("RSS_BOT_", "TELEGRAM_")) and "=" in line:
            assert line.split("=")[0] + "=" in example, line
