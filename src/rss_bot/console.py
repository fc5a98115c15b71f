"""The terminal chat: the same engine and commands as Telegram, with numbered choices.

On a terminal, lines are read with the standard `readline` module where Python has it:
arrow keys move in the line, the up arrow brings back earlier questions.
"""

from __future__ import annotations

import asyncio
import dataclasses
import queue
import sys
import threading
import time
from typing import TextIO

from rss_bot import texts
from rss_bot.commands import topic_commands
from rss_bot.engine import ACTION_FORGET, Engine, Reply, render_plain
from rss_bot.normalize import fold
from rss_bot.recording import Asker, Recording, elapsed_ms
from rss_bot.records import Channel, Recorder, new_ref
from rss_bot.verdict import Outcome

# The terminal knows nobody: every question is asked by the same anonymous person (and
# /oublier there erases every question asked in the terminal).
TERMINAL = Asker(Channel.TERMINAL, "private")


# /aide shows what the knowledge base answers to this word, when it answers it directly.
HELP_QUESTION = "aide"
# Beyond the choices shown and this number, a number typed is a question ("175", "2364"):
# no screen offers more than nine choices.
MAX_CHOICE_NUMBER = 9


class ChatSession:
    """One terminal conversation: turns typed lines into what the bot says."""

    def __init__(
        self,
        engine: Engine,
        recorder: Recorder | None = None,
        retention_days: int = 90,
        *,
        redact: bool = True,
    ) -> None:
        self.engine = engine
        self.recording = Recording(recorder, redact=redact)
        self.retention_days = retention_days
        self.current = engine.welcome()
        self._ref: str | None = None  # reference of the last question logged

    def opening(self) -> str:
        """The welcome screen."""
        return render_plain(self.current) + "\n" + texts.CHAT_INTRO

    async def handle(self, line: str) -> tuple[str | None, bool]:
        """(text to show, whether the conversation ends) for one typed line."""
        typed = self.recording.redacted(line.strip())
        command = typed.lower()
        if command in texts.CHAT_QUIT_WORDS:
            return None, True
        started = time.perf_counter()
        if command in texts.CHAT_MENU_WORDS:
            self.current = self.engine.menu()
            return render_plain(self.current), False
        if command.startswith("/"):
            said = self._command(command[1:].split()[0] if command[1:].strip() else "")
            if said is not None:
                return said, False
        question = typed
        topic = self._topic(command)
        if topic is not None:
            reply, question = self.engine.topic(topic), self.engine.kb.get(topic).label  # type: ignore[union-attr]
        elif (number := self._choice_number(typed)) is not None:
            if not 1 <= number <= len(self.current.buttons):
                if number > max(len(self.current.buttons), MAX_CHOICE_NUMBER):
                    # "175": a figure of the sheet, asked
                    return self._shown(self.engine.reply(typed), typed, started)
                return texts.CHAT_BAD_NUMBER.format(number=typed), False
            chosen = self.current.buttons[number - 1]
            if chosen.action == ACTION_FORGET:  # "Oui" under /oublier
                self.current = self.engine.forgotten(await self.recording.forget(TERMINAL))
                return render_plain(self.current), False
            self.recording.choice(TERMINAL, chosen, self.current.outcome, self._ref)
            reply, question = self.engine.choose(chosen), chosen.label
        elif command in ("/aide", "/help"):
            reply = self.engine.reply(HELP_QUESTION)
            intent = self.engine.kb.get(reply.intent or "")
            if reply.outcome is not Outcome.ANSWER or intent is None:
                return texts.CHAT_HELP, False
            # the knowledge base's help, then the commands of this terminal
            reply = dataclasses.replace(reply, text=f"{reply.text}\n\n{texts.CHAT_COMMANDS}")
            question = intent.label
        else:
            reply = self.engine.reply(typed)
        return self._shown(reply, question, started)

    def _shown(self, reply: Reply, question: str, started: float) -> tuple[str, bool]:
        """A reply made current, its question recorded, as the terminal shows it."""
        self.current = reply
        if reply.verdict is not None:
            self._ref = new_ref()
            self.recording.question(
                TERMINAL, question, reply.verdict, elapsed_ms(started), self._ref
            )
        return render_plain(reply), False

    def _choice_number(self, typed: str) -> int | None:
        """The choice a line picks: its number, or its label typed out, whole or up to its
        comma ("oui" for "Oui, tout effacer"); None when the line is something else."""
        buttons = self.current.buttons
        if not buttons:
            return None
        if typed.isdigit():
            return int(typed)
        folded = fold(typed)
        for number, button in enumerate(buttons, 1):
            if folded and folded in (fold(button.label), fold(button.label.split(",")[0])):
                return number
        return None

    def _command(self, name: str) -> str | None:
        """What a command that is not a question shows; None for the others."""
        if name == "apropos":
            return texts.CHAT_ABOUT.format(
                retention_days=self.retention_days,
                redaction=texts.about_redaction(self.recording.redacting),
            )
        return None

    def _topic(self, command: str) -> str | None:
        """The intent a topic command (/mandat, /glossaire…) opens, as in Telegram."""
        if not command.startswith("/"):
            return None
        name = command[1:].split()[0] if command[1:].strip() else ""
        return topic_commands(self.engine.kb).get(name)


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
    retention_days: int = 90,
    redact: bool = True,
) -> None:
    """Converse until `quitter` or end of input; prompts are shown only when interactive."""
    asyncio.run(
        run_chat_async(
            engine,
            stdin,
            stdout,
            interactive=interactive,
            recorder=recorder,
            retention_days=retention_days,
            redact=redact,
        )
    )


async def run_chat_async(
    engine: Engine,
    stdin: TextIO,
    stdout: TextIO,
    *,
    interactive: bool = False,
    recorder: Recorder | None = None,
    retention_days: int = 90,
    redact: bool = True,
) -> None:
    """The chat inside an event loop (where the query log's writer runs); with `redact`
    (RSS_BOT_REDACT), personal data is replaced before anything is answered or recorded."""
    session = ChatSession(engine, recorder, retention_days, redact=redact)
    _say(stdout, session.opening())
    # On the terminal itself, input() reads with readline: line editing and history.
    edited = interactive and stdin is sys.stdin and stdout is sys.stdout and _readline()
    reader = LineReader(stdin, texts.CHAT_PROMPT if edited else None)
    try:
        while True:
            if interactive and not edited:
                stdout.write(texts.CHAT_PROMPT)
                stdout.flush()
            line = await reader.readline()
            if not line:
                if interactive:  # Ctrl-D: the goodbye goes on its own line, not the prompt's
                    stdout.write("\n")
                break
            output, done = await session.handle(line)
            if done:
                break
            if output is not None:
                _say(stdout, output)
    finally:
        reader.close()
    _say(stdout, texts.CHAT_BYE)


class LineReader:
    """Reads lines of a blocking text stream for a coroutine, one when asked, in a daemon
    thread: a stop signal ends the chat at once even while a read blocks.

    The thread reads only the lines the chat asks for, and ends with it: once close() has
    returned it never touches the event loop again, even if a read it had started returns
    later (after Ctrl-C, once the loop is closed).
    """

    def __init__(self, stream: TextIO, prompt: str | None = None) -> None:
        self._stream = stream
        self._prompt = prompt  # set: read with input(), which edits the line with readline
        self._loop = asyncio.get_running_loop()
        self._requests: queue.SimpleQueue[asyncio.Future[str] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self.thread = threading.Thread(target=self._run, name="chat-stdin", daemon=True)
        self.thread.start()

    async def readline(self) -> str:
        """The next line, or "" at the end of the input."""
        future: asyncio.Future[str] = self._loop.create_future()
        self._requests.put(future)
        return await future

    def close(self) -> None:
        """End the thread: at once if it waits for a request, after its read otherwise."""
        with self._lock:
            self._closed = True
        self._requests.put(None)
        self.thread.join(timeout=0.1)  # returns at once unless a read is blocked

    def _run(self) -> None:
        while (future := self._requests.get()) is not None:
            try:
                line = self._read()
            except (OSError, ValueError):  # closed or unreadable input: the chat ends
                line = ""
            with self._lock:  # close() and this block never interleave
                if self._closed:
                    return
                self._loop.call_soon_threadsafe(_resolve, future, line)

    def _read(self) -> str:
        if self._prompt is None:
            return self._stream.readline()
        try:
            return input(self._prompt) + "\n"
        except EOFError:
            return ""


def _readline() -> bool:
    """Whether line editing is available (the readline module is missing on some systems)."""
    try:
        import readline  # noqa: F401 - importing it is what makes input() edit lines
    except ImportError:
        return False
    return True


def _resolve(future: asyncio.Future[str], line: str) -> None:
    if not future.done():  # not cancelled meanwhile
        future.set_result(line)
