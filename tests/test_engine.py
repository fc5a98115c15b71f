"""The channel-neutral engine: replies as every door renders them."""

from __future__ import annotations

import pytest

from rss_bot.engine import ACTION_MENU, ACTION_NONE, Engine, render_plain, visible_text
from rss_bot.verdict import Outcome


def test_answer_has_related_topics_and_a_way_back(engine: Engine) -> None:
    reply = engine.reply("ou sont les camps moc")
    assert reply.outcome is Outcome.ANSWER
    assert reply.intent == "camps-moc"
    assert all(town in reply.text for town in ("Gao", "Kidal", "Tombouctou"))
    assert "2017" in reply.text
    related = [b.intent_id for b in reply.buttons if b.intent_id]
    assert related == list(engine.kb.get("camps-moc").related)
    assert reply.buttons[-1].action == ACTION_MENU


def test_suggestion_offers_topics_and_none_of_these(engine: Engine) -> None:
    reply = engine.reply("formations")
    assert reply.outcome is Outcome.SUGGEST
    assert reply.intent is None
    assert reply.text.startswith("Je ne suis pas sûr")
    assert [b.intent_id for b in reply.buttons[:-1]] == list(reply.verdict.suggestions)
    assert reply.buttons[-1].action == ACTION_NONE
    assert reply.buttons[-1].label == "Aucune de ces réponses"
    for suggestion in reply.verdict.suggestions:
        assert engine.kb.get(suggestion).title in visible_text(reply)


def test_fallback_says_what_the_bot_knows(engine: Engine) -> None:
    reply = engine.reply("qui a gagné la coupe du monde")
    assert reply.outcome is Outcome.FALLBACK
    assert reply.intent is None
    assert "je n'ai pas trouvé" in reply.text
    assert "2017" in reply.text
    assert "Axe 1" in visible_text(reply)
    assert [b.intent_id for b in reply.buttons] == list(engine.kb.menu_ids)


def test_welcome_states_the_date_of_the_information(engine: Engine) -> None:
    reply = engine.welcome()
    assert "2017" in reply.text
    assert reply.outcome is None
    assert len(reply.buttons) == len(engine.kb.menu_ids)


def test_topic_opens_an_intent_and_unknown_topic_is_polite(engine: Engine) -> None:
    assert engine.topic("glossaire-moc").intent == "glossaire-moc"
    assert engine.topic("glossaire-moc").verdict.score == 100.0
    old = engine.topic("supprime-depuis")
    assert "n'est plus valable" in old.text
    assert old.outcome is None


def test_none_of_these_invites_to_rephrase(engine: Engine) -> None:
    reply = engine.none_of_these()
    assert "reformuler" in reply.text
    assert reply.buttons


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \n\t ",
        "x" * 10_000,
        "c koi le moc " * 800,
        "🙂🔥🇲🇱👍🏾",
        "\x00\x01\x1b[2J\u200b\u200e\u202e",
        "ما هو الإصلاح",
        "安全部门改革",
        "<b>hack</b> &amp; <script>",
        "\ud800",
    ],
)
def test_bad_input_gets_a_reply(engine: Engine, question: str) -> None:
    reply = engine.reply(question)
    assert reply.text
    assert reply.outcome in (Outcome.ANSWER, Outcome.SUGGEST, Outcome.FALLBACK)


def test_empty_question_gets_an_example(engine: Engine) -> None:
    assert "c'est quoi le MOC" in engine.reply("  ").text


def test_render_plain_numbers_the_choices(engine: Engine) -> None:
    text = render_plain(engine.menu())
    assert "  1. " in text
    assert "Glossaire" in text
