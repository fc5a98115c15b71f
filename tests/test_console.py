"""The terminal chat, driven the way a user types."""

from __future__ import annotations

import io

from rss_bot.console import run_chat
from rss_bot.engine import Engine, Reply


def chat(engine: Engine, typed: str) -> tuple[str, list[tuple[str, Reply]]]:
    out = io.StringIO()
    seen: list[tuple[str, Reply]] = []
    run_chat(engine, io.StringIO(typed), out, on_reply=lambda q, r, ms: seen.append((q, r)))
    return out.getvalue(), seen


def test_welcome_menu_number_and_quit(engine: Engine) -> None:
    output, seen = chat(engine, "1\nquitter\nnot read\n")
    assert "2017" in output
    assert "1. Le mandat de la section RSS-DDR" in output
    assert engine.kb.get("mandat-section").answer in output
    assert output.rstrip().endswith("Au revoir ! Merci d'avoir utilisé l'assistant RSS-DDR.")
    assert [r.intent for _, r in seen] == ["mandat-section"]


def test_question_then_related_topic_by_number(engine: Engine) -> None:
    output, seen = chat(engine, "c koi le MOC\n1\n")
    first_related = engine.kb.get(engine.kb.get("glossaire-moc").related[0])
    assert [r.intent for _, r in seen] == ["glossaire-moc", first_related.id]
    assert first_related.answer in output


def test_suggestion_numbers_and_none_of_these(engine: Engine) -> None:
    output, seen = chat(engine, "formation\n9\n")
    suggest = seen[0][1]
    assert "Vouliez-vous dire" in output
    assert "Il n'y a pas de choix n°9" in output
    output, seen = chat(engine, f"formation\n{len(suggest.buttons)}\n")
    assert "reformuler" in output


def test_menu_word_and_end_of_input(engine: Engine) -> None:
    output, _ = chat(engine, "menu")
    assert output.count("Choisissez un sujet") == 1
    assert "Au revoir" in output


def test_prompt_only_when_interactive(engine: Engine) -> None:
    quiet, _ = chat(engine, "quitter\n")
    assert "Vous >" not in quiet
    out = io.StringIO()
    run_chat(engine, io.StringIO("quitter\n"), out, interactive=True)
    assert "Vous > " in out.getvalue()
