"""The terminal chat, driven the way a user types, logging to a real SQLite file."""

from __future__ import annotations

import asyncio
import contextlib
import io
import threading
from pathlib import Path

from rss_bot.console import run_chat, run_chat_async
from rss_bot.engine import Engine, visible_text
from rss_bot.querylog import QueryLog
from rss_bot.records import Channel, QuestionRecord

from .conftest import read_rows


async def chat(engine: Engine, typed: str, tmp_path: Path) -> tuple[str, list[dict], list[dict]]:
    out = io.StringIO()
    path = tmp_path / "questions.sqlite3"
    async with QueryLog(path, b"test-key", engine.kb.version) as log:
        await run_chat_async(engine, io.StringIO(typed), out, recorder=log)
    questions = read_rows(path, "SELECT * FROM questions ORDER BY id")
    events = read_rows(path, "SELECT * FROM events ORDER BY id")
    return out.getvalue(), questions, events


async def test_welcome_menu_number_and_quit(engine: Engine, tmp_path: Path) -> None:
    output, questions, _ = await chat(engine, "1\nquitter\nnot read\n", tmp_path)
    assert "2017" in output
    assert "1. Le mandat de la section RSS-DDR" in output
    assert engine.kb.get("mandat-section").answer in output
    assert output.rstrip().endswith("Au revoir ! Merci d'avoir utilisé l'assistant RSS-DDR.")
    assert [(q["question"], q["intent"], q["channel"]) for q in questions] == [
        ("Le mandat de la section RSS-DDR", "mandat-section", "terminal")
    ]
    assert "not read" not in output


async def test_question_then_related_topic_by_number(engine: Engine, tmp_path: Path) -> None:
    output, questions, _ = await chat(engine, "c koi le MOC\n1\n", tmp_path)
    first_related = engine.kb.get(engine.kb.get("glossaire-moc").related[0])
    assert [q["intent"] for q in questions] == ["glossaire-moc", first_related.id]
    assert questions[0]["question"] == "c koi le MOC"
    assert questions[0]["normalized"] == "c quoi le moc"
    assert questions[0]["user_key"] is None
    assert questions[0]["kb_version"] == engine.kb.version
    assert first_related.answer in output


async def test_suggestion_choice_and_none_of_these_are_events(
    engine: Engine, tmp_path: Path
) -> None:
    output, questions, events = await chat(engine, "securite\n9\n1\n", tmp_path)
    assert "Vouliez-vous dire" in output
    assert "Il n'y a pas de choix n°9" in output
    assert questions[0]["outcome"] == "suggest"
    assert [(e["kind"], e["question_ref"]) for e in events] == [
        ("suggestion_chosen", questions[0]["ref"])
    ]
    assert events[0]["intent"] == questions[1]["intent"]
    output, questions, events = await chat(engine, "securite\n4\n", tmp_path / "b")
    assert "reformuler" in output
    assert [e["kind"] for e in events] == ["none_of_these"]


async def test_a_figure_of_the_sheet_typed_alone_is_a_question(
    engine: Engine, tmp_path: Path
) -> None:
    """A list is always on screen: "175" picked no choice and could never be asked."""
    output, questions, _ = await chat(engine, "menu\n175\n8\n", tmp_path)
    assert "Il n'y a pas de choix n°175" not in output
    assert [(q["question"], q["intent"]) for q in questions] == [("175", "chiffres-cles")]
    assert "Il n'y a pas de choix n°8" in output  # a number a list could hold is a choice


async def test_help_shows_the_terminal_s_commands(engine: Engine, tmp_path: Path) -> None:
    output, _, _ = await chat(engine, "/aide\n", tmp_path)
    assert engine.kb.get("aide").answer in output
    assert "/apropos : la source et ce qui est enregistré" in output
    assert "quitter : sortir" in output


async def test_personal_data_is_redacted_then_forgotten_on_request(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "questions.sqlite3"
    moc = engine.reply("c koi le MOC")
    async with QueryLog(path, b"test-key", engine.kb.version) as log:
        someone_else = QuestionRecord(
            Channel.TELEGRAM, "private", 7, "c koi le MOC", moc.verdict, 1.0
        )
        log.record_question(someone_else)
        out = io.StringIO()
        typed = "bonjour mon numero est 76 12 34 56, c koi le MOC ?\n"
        await run_chat_async(engine, io.StringIO(typed), out, recorder=log)
        assert moc.text in out.getvalue()  # answered as if the number were not there
        await log.flush()
        (_, mine) = read_rows(path, "SELECT * FROM questions ORDER BY id")
        assert mine["question"] == "bonjour mon numero est [téléphone], c koi le MOC ?"
        assert mine["intent"] == "glossaire-moc"
        assert "76" not in mine["normalized"]

        out = io.StringIO()
        await run_chat_async(engine, io.StringIO("/oublier\n2\noublier\n1\n"), out, recorder=log)
        said = out.getvalue()
        assert "Voulez-vous que j'efface toutes vos questions enregistrées" in said
        assert "1. Oui, tout effacer" in said
        assert "2. Non, ne rien effacer" in said
        assert "D'accord, je n'ai rien effacé." in said
        assert "C'est fait : 1 question et 0 réaction effacée." in said
    rows = read_rows(path, "SELECT channel, question FROM questions")
    assert rows == [{"channel": "telegram", "question": "c koi le MOC"}]  # not the chat's


async def test_a_choice_can_be_typed_out_instead_of_its_number(
    engine: Engine, tmp_path: Path
) -> None:
    """'oui' under the /oublier question once got the off-topic reply, and nothing was
    erased: only '1' worked. A label, whole or up to its comma, now picks its choice."""
    output, questions, _ = await chat(
        engine, "c koi le moc\n/oublier\nNON\n/oublier\noui\n", tmp_path / "a"
    )
    assert "D'accord, je n'ai rien effacé." in output
    assert "C'est fait : 1 question et 0 réaction effacée." in output
    assert questions == []
    output, questions, _ = await chat(
        engine, "/aide\nle mandat de la section rss-ddr\n", tmp_path / "b"
    )
    # Picked as its button: logged under the button's label, not as typed.
    assert [(q["intent"], q["question"]) for q in questions][1] == (
        "mandat-section",
        "Le mandat de la section RSS-DDR",
    )


async def test_redaction_turned_off_stores_questions_as_typed(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "questions.sqlite3"
    async with QueryLog(path, b"test-key", engine.kb.version) as log:
        typed = io.StringIO("mon numero 76 12 34 56\n")
        await run_chat_async(engine, typed, io.StringIO(), recorder=log, redact=False)
    (row,) = read_rows(path, "SELECT question FROM questions")
    assert row["question"] == "mon numero 76 12 34 56"


def test_menu_word_and_end_of_input(engine: Engine) -> None:
    out = io.StringIO()
    run_chat(engine, io.StringIO("menu"), out)
    assert out.getvalue().count("Choisissez un sujet") == 1
    assert "Au revoir" in out.getvalue()


def test_prompt_only_when_interactive(engine: Engine) -> None:
    quiet = io.StringIO()
    run_chat(engine, io.StringIO("quitter\n"), quiet)
    assert "Vous >" not in quiet.getvalue()
    out = io.StringIO()
    run_chat(engine, io.StringIO("quitter\n"), out, interactive=True)
    assert "Vous > " in out.getvalue()


class SlowInput(io.StringIO):
    """Typed input whose reads past the first `lines` block until `release` is set, as a
    terminal blocks while nobody types; counts the reads asked for."""

    def __init__(self, text: str, lines: int) -> None:
        super().__init__(text)
        self.reads = 0
        self.lines = lines
        self.release = threading.Event()

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        self.reads += 1
        if self.reads > self.lines:
            self.release.wait(timeout=30)
        return super().readline(size)


def chat_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "chat-stdin"]


def test_reader_thread_ends_with_the_chat(engine: Engine) -> None:
    typed = SlowInput("menu\nquitter\nlu par personne\n", lines=2)
    out = io.StringIO()
    try:
        run_chat(engine, typed, out)
        # The chat read what it needed and nothing more: no read is left blocked in a thread
        # that would outlive the event loop and call into it once closed.
        assert typed.reads == 2
        assert chat_threads() == []
    finally:
        typed.release.set()
    assert "Au revoir" in out.getvalue()


def test_stop_signal_while_a_read_blocks_leaves_no_thread_behind(engine: Engine) -> None:
    typed = SlowInput("menu\n", lines=1)
    errors: list[BaseException] = []
    hook = threading.excepthook
    threading.excepthook = lambda info: errors.append(info.exc_value)  # type: ignore[assignment]

    async def interrupted() -> None:
        chat = asyncio.create_task(run_chat_async(engine, typed, io.StringIO()))
        while typed.reads < 2:  # the second read blocks, as on a terminal  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        chat.cancel()  # what Ctrl-C or SIGTERM does in `rss-bot chat`
        with contextlib.suppress(asyncio.CancelledError):
            await chat

    try:
        asyncio.run(interrupted())  # the loop is closed when this returns
        typed.release.set()  # the blocked read returns now, after the loop closed
        for thread in chat_threads():
            thread.join(timeout=10)
        assert chat_threads() == []
        assert errors == []
    finally:
        typed.release.set()
        threading.excepthook = hook


async def test_every_telegram_command_works_in_the_terminal(engine: Engine, tmp_path: Path) -> None:
    typed = "/apropos\n/aide\n/mandat\n/glossaire\n/axes\n/menu\n/start\n"
    output, questions, _ = await chat(engine, typed, tmp_path)
    assert "Ce qui est enregistré quand vous posez une question dans ce terminal" in output
    assert engine.kb.get("aide").answer in output
    assert engine.kb.get("mandat-section").answer in output
    assert engine.kb.get("glossaire").answer in output
    assert visible_text(engine.reply("/axes")) in output  # as in Telegram: a question
    assert output.count("Bot > Choisissez un sujet :\n  1. ") == 2  # /menu and /start
    assert "touchez" not in output  # Telegram's word, not the terminal's
    assert [q["intent"] for q in questions] == [
        "aide",
        "mandat-section",
        "glossaire",
        engine.reply("/axes").intent,
    ]


def test_terminal_edits_lines_keeps_history_and_ends_cleanly_on_ctrl_d(tmp_path: Path) -> None:
    """`rss-bot chat` on a real terminal: arrow keys edit the line (no ^[[D), the up arrow
    brings back the last question, Ctrl-D says goodbye on a line of its own."""
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    from .conftest import ROOT

    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "dumb", "RSS_BOT_DB": str(tmp_path / "q.sqlite3")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "rss_bot", "chat"], stdin=follower, stdout=follower,
        stderr=follower, cwd=ROOT, env=env, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    seen = b""

    def read_until(marker: bytes, count: int = 1) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while seen.count(marker) < count:
            assert time.monotonic() < deadline, seen.decode(errors="replace")[-2000:]
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:  # the chat ended and closed the terminal
                    break

    try:
        read_until(b"Vous > ")
        os.write(leader, b"c koi le OC\x1b[D\x1b[DM\r")  # two left arrows, then the missing M
        read_until(b"Vous > ", 2)
        os.write(leader, b"\x1b[A\r")  # the up arrow: the same question again
        read_until(b"Vous > ", 3)
        os.write(leader, b"\x04")  # Ctrl-D
        read_until(b"Au revoir")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
    text = seen.decode(errors="replace").replace("\r\n", "\n")
    assert text.count("Mécanisme opérationnel de coordination") == 2
    assert "^[[D" not in text
    assert "\nBot > Au revoir" in text
    assert "Vous > Bot > Au revoir" not in text
