"""Commands every door understands: a few fixed ones, and one per main-menu topic of the
knowledge base (`menu.yaml`), so that any knowledge base gets its own topic commands."""

from __future__ import annotations

from rss_bot.knowledge import KnowledgeBase

# Commands the handlers answer themselves: a topic command never takes one of these names.
FIXED = frozenset({"start", "aide", "help", "menu", "apropos", "stats", "recharger"})


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
