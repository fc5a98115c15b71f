"""The terminal chat: the same engine as Telegram, with numbered choices."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import TextIO

from rss_bot import texts
from rss_bot.engine import Engine, render_plain
from rss_bot.recording import Asker, Recording, elapsed_ms
from rss_bot.records import Channel, Recorder, new_ref

# The terminal knows nobody: every question is asked by the same anonymous person.
TERMINAL = Asker(Channel.TERMINAL, "private")


class ChatSession:
    """One terminal conversation: turns typed lines into what the bot says."""

    def __init__(self, engine: Engine, recorder: Recorder | None = None) -> None:
        self.engine = engine
        self.recording = Recording(recorder)
        self.current = engine.welcome()
        self._ref: str | None = None  # reference of the last question logged

    def opening(self) -> str:
        """The welcome screen."""
        return render_plain(self.current) + "\n" + texts.CHAT_INTRO

    def handle(self, line: str) -> tuple[str | None, bool]:
        """(text to show, whether the conversation ends) for one typed line."""
        typed = line.strip()
        command = typed.lower()
        if command in texts.CHAT_QUIT_WORDS:
            return None, True
        started = time.perf_counter()
        if command in texts.CHAT_MENU_WORDS:
            self.current = self.engine.menu()
            return render_plain(self.current), False
        question = typed
        if typed.isdigit() and self.current.buttons:
            number = int(typed)
            if not 1 <= number <= len(self.current.buttons):
                return texts.CHAT_BAD_NUMBER.format(number=typed), False
            chosen = self.current.buttons[number - 1]
            self.recording.choice(TERMINAL, chosen, self.current.outcome, self._ref)
            reply, question = self.engine.choose(chosen), chosen.label
        else:
            reply = self.engine.reply(typed)
        self.current = reply
        if reply.verdict is not None:
            self._ref = new_ref()
            self.recording.question(
                TERMINAL, question, reply.verdict, elapsed_ms(started), self._ref
            )
        return render_plain(reply), False


def _say(stdout: TextIO, text: str) -> None:
    stdout.write(f"{texts.CHAT_BOT}{text}\n\n")
    stdout.flush()


def run_chat(
    engine: Engine,
    stdin: TextIO,
    stdout: TextIO,
    *,
    interactive: bool = False,
    recorder: Recorder | None = None,
) -> None:
    """Converse until `quitter` or end of input; prompts are shown only when interactive."""
    asyncio.run(run_chat_async(engine, stdin, stdout, interactive=interactive, recorder=recorder))


async def run_chat_async(
    engine: Engine,
    stdin: TextIO,
    stdout: TextIO,
    *,
    interactive: bool = False,
    recorder: Recorder | None = None,
) -> None:
    """The chat inside an event loop (where the query log's writer runs).

    Lines are read by a daemon thread, so a stop signal ends the chat at once.
    """
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in iter(stdin.readline, ""):
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    session = ChatSession(engine, recorder)
    _say(stdout, session.opening())
    threading.Thread(target=read, name="chat-stdin", daemon=True).start()
    while True:
        if interactive:
            stdout.write(texts.CHAT_PROMPT)
            stdout.flush()
        line = await lines.get()
        if line is None:
            break
        output, done = session.handle(line)
        if done:
            break
        if output is not None:
            _say(stdout, output)
    _say(stdout, texts.CHAT_BYE)
