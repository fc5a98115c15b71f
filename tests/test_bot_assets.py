"""The Telegram-side assets in bot/ stay in step with the code."""

from __future__ import annotations

import re

from rss_bot.knowledge import KnowledgeBase
from rss_bot.telegram.commands import command_list, topic_commands

from .conftest import ROOT

CONFIG = (ROOT / "src" / "rss_bot" / "config.py").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / "bot" / ".env.example").read_text(encoding="utf-8")
BOTFATHER = (ROOT / "bot" / "botfather.md").read_text(encoding="utf-8")


def test_env_example_documents_every_variable() -> None:
    read = set(re.findall(r'"((?:RSS_BOT|TELEGRAM)_[A-Z_]+)"', CONFIG))
    documented = set(re.findall(r"^((?:RSS_BOT|TELEGRAM)_[A-Z_]+)=", ENV_EXAMPLE, re.M))
    assert read
    assert read == documented


def test_env_example_holds_no_secret() -> None:
    assert re.search(r"^TELEGRAM_BOT_TOKEN=$", ENV_EXAMPLE, re.M)
    assert re.search(r"^RSS_BOT_WEBHOOK_SECRET=$", ENV_EXAMPLE, re.M)
    assert re.search(r"^RSS_BOT_LOG_KEY=$", ENV_EXAMPLE, re.M)


def test_botfather_command_list_is_the_registered_one(kb: KnowledgeBase) -> None:
    listed = re.search(r"/setcommands\n\n```\n(.*?)```", BOTFATHER, re.S).group(1)
    registered = command_list(kb, topic_commands(kb))
    assert listed.strip().splitlines() == [f"{c} - {d}" for c, d in registered]


def test_about_text_fits_botfather_limit() -> None:
    about = BOTFATHER.split("/setabouttext")[1].split("\n\n")[1].strip()
    assert len(about) <= 120
