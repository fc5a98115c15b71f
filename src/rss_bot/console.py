"""The terminal chat: the same engine as Telegram, with numbered choices."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from rss_bot import texts
from rss_bot.engine import ACTION_MENU, ACTION_NONE, Engine, Reply, render_plain

# Called after each reply is shown: (question as typed, reply, milliseconds taken).
ReplyHook = Callable[[str, Reply, float], None]


def _choose(engine: Engine, reply: Reply, number: int) -> Reply | None:
    if not 1 <= number <= len(reply.buttons):
        return None
    action = reply.buttons[number - 1].action
    if action == ACTION_MENU:
        return engine.menu()
    if action == ACTION_NONE:
        return engine.none_of_these()
    intent_id = reply.buttons[number - 1].intent_id
    return engine.topic(intent_id) if intent_id else engine.menu()


def run_chat(
    engine: Engine,
    stdin: TextIO,
    stdout: TextIO,
    *,
    interactive: bool = False,
    on_reply: ReplyHook | None = None,
) -> None:
    """Converse until `quitter` or end of input; prompts are shown only when interactive."""

    def say(text: str) -> None:
        stdout.write(f"{texts.CHAT_BOT}{text}\n\n")
        stdout.flush()

    current = engine.welcome()
    say(render_plain(current) + "\n" + texts.CHAT_INTRO)
    while True:
        if interactive:
            stdout.write(texts.CHAT_PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        typed = line.strip()
        command = typed.lower()
        if command in texts.CHAT_QUIT_WORDS:
            break
        started = time.perf_counter()
        if command in texts.CHAT_MENU_WORDS:
            current = engine.menu()
            say(render_plain(current))
            continue
        if typed.isdigit() and current.buttons:
            chosen = _choose(engine, current, int(typed))
            if chosen is None:
                say(texts.CHAT_BAD_NUMBER.format(number=typed))
                continue
            current = chosen
        else:
            current = engine.reply(typed)
        say(render_plain(current))
        if on_reply is not None and current.outcome is not None:
            on_reply(typed, current, (time.perf_counter() - started) * 1000)
    say(texts.CHAT_BYE)
