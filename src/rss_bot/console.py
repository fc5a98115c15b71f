"""The terminal chat: the same engine as Telegram, with numbered choices."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import TextIO

from rss_bot import texts
from rss_bot.engine import ACTION_MENU, ACTION_NONE, Engine, Reply, render_plain
from rss_bot.matcher import Outcome
from rss_bot.querylog import new_ref
from rss_bot.records import Channel, EventKind, EventRecord, QuestionRecord, Recorder


class ChatSession:
    """One terminal conversation: turns typed lines into what the bot says."""

    def __init__(self, engine: Engine, recorder: Recorder | None = None) -> None:
        self.engine = engine
        self.recorder = recorder
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
        if typed.isdigit() and self.current.buttons:
            number = int(typed)
            if not 1 <= number <= len(self.current.buttons):
                return texts.CHAT_BAD_NUMBER.format(number=typed), False
            reply, question = self._choose(number)
        else:
            reply, question = self.engine.reply(typed), typed
        self.current = reply
        if question is not None:
            self._record(question, reply, started)
        return render_plain(reply), False

    def _choose(self, number: int) -> tuple[Reply, str | None]:
        chosen = self.current.buttons[number - 1]
        if chosen.action == ACTION_MENU:
            return self.engine.menu(), None
        if chosen.action == ACTION_NONE:
            self._event(EventKind.NONE_OF_THESE, None)
            return self.engine.none_of_these(), None
        intent_id = chosen.intent_id or ""
        if self.current.outcome is Outcome.SUGGEST:
            self._event(EventKind.SUGGESTION_CHOSEN, intent_id)
        return self.engine.topic(intent_id), chosen.label

    def _record(self, question: str, reply: Reply, started: float) -> None:
        if self.recorder is None or reply.outcome is None:
            return
        self._ref = new_ref()
        self.recorder.record_question(
            QuestionRecord(
                channel=Channel.TERMINAL,
                chat_type="private",
                user_id=None,
                question=question,
                reply=reply,
                latency_ms=(time.perf_counter() - started) * 1000,
                ref=self._ref,
            )
        )

    def _event(self, kind: EventKind, intent_id: str | None) -> None:
        if self.recorder is not None:
            self.recorder.record_event(
                EventRecord(Channel.TERMINAL, None, kind, intent_id, question_ref=self._ref)
            )


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
