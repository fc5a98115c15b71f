"""The terminal chat, driven the way a user types, logging to a real SQLite file."""

from __future__ import annotations

import io
from pathlib import Path

from rss_bot.console import run_chat, run_chat_async
from rss_bot.engine import Engine
from rss_bot.querylog import QueryLog

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
    output, questions, events = await chat(engine, "formation\n9\n1\n", tmp_path)
    assert "Vouliez-vous dire" in output
    assert "Il n'y a pas de choix n°9" in output
    assert questions[0]["outcome"] == "suggest"
    assert [(e["kind"], e["question_ref"]) for e in events] == [
        ("suggestion_chosen", questions[0]["ref"])
    ]
    assert events[0]["intent"] == questions[1]["intent"]
    output, questions, events = await chat(engine, "formation\n4\n", tmp_path / "b")
    assert "reformuler" in output
    assert [e["kind"] for e in events] == ["none_of_these"]


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
