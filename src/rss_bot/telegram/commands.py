"""The bot commands Telegram shows: the fixed ones and one per main-menu topic (which are
shared by every door, see rss_bot.commands), with their descriptions."""

from __future__ import annotations

from rss_bot import texts
from rss_bot.commands import FIXED, topic_commands
from rss_bot.knowledge import KnowledgeBase

__all__ = ["FIXED", "command_list", "topic_commands"]


def command_list(kb: KnowledgeBase, topics: dict[str, str]) -> list[tuple[str, str]]:
    """(command, description) of every command, in the order Telegram shows them."""
    by_topic = [
        (name, intent.label)
        for name, intent in ((name, kb.get(intent_id)) for name, intent_id in topics.items())
        if intent is not None
    ]
    return [*texts.COMMANDS, *by_topic, texts.ABOUT_COMMAND, texts.FORGET_COMMAND]
