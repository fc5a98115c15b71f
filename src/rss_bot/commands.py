"""The commands every door answers: a few fixed ones, and one per main-menu topic of the
knowledge base (`menu.yaml`), so that any knowledge base gets its own topic commands.

Telegram registers them as bot commands; a door that only has text (WhatsApp) reads them
from the message with `read_command`, with or without the slash for the fixed ones.
"""

from __future__ import annotations

from enum import StrEnum

from rss_bot.knowledge import KnowledgeBase

# Commands the doors answer themselves: a topic command never takes one of these names.
FIXED = frozenset({"start", "aide", "help", "menu", "apropos", "stats", "recharger", "oublier"})


class Command(StrEnum):
    """What a command asks for."""

    START = "start"  # welcome and menu
    HELP = "aide"
    MENU = "menu"
    ABOUT = "apropos"  # source, date and what is recorded
    TOPIC = "topic"  # one main-menu topic


# Typed as a whole message, with or without "/": "menu", "/menu", "Aide", "à propos".
_WORDS = {
    "start": Command.START,
    "aide": Command.HELP,
    "help": Command.HELP,
    "menu": Command.MENU,
    "apropos": Command.ABOUT,
    "a propos": Command.ABOUT,
    "à propos": Command.ABOUT,
}
_SLASH_ONLY = frozenset({"start", "help"})  # as bare words these are ordinary text


def topic_commands(kb: KnowledgeBase) -> dict[str, str]:
    """Command name -> intent id, one per main-menu topic, in menu order.

    The name is the shortest run of leading words of the intent id that no other menu
    topic starts with, joined by "_" (Telegram allows a-z, 0-9 and _): `mandat-section`
    gives /mandat, `axe-defense-securite` beside `axe-frontieres-armes` gives /axe_defense.
    A topic whose every name is taken gets no command (the menu still offers it).
    """
    ids = list(kb.menu_ids)
    commands: dict[str, str] = {}
    for intent_id in ids:
        words = intent_id.split("-")
        others = [other.split("-") for other in ids if other != intent_id]
        for count in range(1, len(words) + 1):
            name = "_".join(words[:count])
            shared = any(other[:count] == words[:count] for other in others)
            if not shared and name not in FIXED and name not in commands:
                commands[name] = intent_id
                break
    return commands


def read_command(text: str, topics: dict[str, str]) -> tuple[Command, str | None] | None:
    """(command, intent id for a topic command) if a whole message is a command, else None.

    `topics` is `topic_commands(kb)`; topic commands need their slash ("/mandat"), since a
    bare "mandat" is a question like any other.
    """
    typed = " ".join(text.split()).lower().rstrip(" !.")
    slash = typed.startswith("/")
    word = typed.removeprefix("/")
    if word in _WORDS and (slash or word not in _SLASH_ONLY):
        return _WORDS[word], None
    if slash and word in topics:
        return Command.TOPIC, topics[word]
    return None
