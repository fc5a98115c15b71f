"""Replies as WhatsApp messages: bold titles, paragraphs, buttons or lists, short titles."""

from __future__ import annotations

import pytest

from rss_bot.engine import ACTION_INTENT, ACTION_MENU, ACTION_NONE, Button, Engine, Reply
from rss_bot.verdict import Outcome, Verdict
from rss_bot.whatsapp.render import (
    MAX_BODY,
    MAX_BUTTON_TITLE,
    MAX_ROW_TITLE,
    render,
    shorten,
)

from .fake_graph_api import check_message


def sent(body: dict) -> dict:
    """The body as the Graph client sends it (checked against the Cloud API's limits)."""
    full = {"messaging_product": "whatsapp", "to": "22370000001", **body}
    assert check_message(full) == []
    return full


@pytest.mark.parametrize(
    ("label", "limit", "short"),
    [
        ("Les camps du MOC", 20, "Les camps du MOC"),
        ("Axe 1 : défense et sécurité intérieure", 20, "Axe 1 : défense et…"),
        ("Axe 2 : contrôle démocratique", 20, "Axe 2 : contrôle…"),
        ("Le mandat de la section RSS-DDR", 24, "Le mandat de la section…"),
        ("Désarmement-démobilisation-réintégration", 20, "Désarmement-démobil…"),
        ("un deux trois quatre cinq", 14, "un deux trois…"),  # the cut falls between words
    ],
)
def test_titles_are_shortened_at_a_word(label: str, limit: int, short: str) -> None:
    assert shorten(label, limit) == short
    assert len(shorten(label, limit)) <= limit


def test_an_answer_is_bold_titled_with_its_choices_in_one_message(engine: Engine) -> None:
    (message,) = map(sent, render(engine.reply("ou sont les camps moc"), engine.kb, "ab12cd34"))
    interactive = message["interactive"]
    assert interactive["body"]["text"].startswith("*Les camps du MOC*\n")
    rows = [row for s in interactive["action"]["sections"] for row in s["rows"]]
    assert rows[-1] == {"id": "m", "title": "☰ Menu"}
    for row in rows:  # a shortened title keeps the whole label in the description
        assert len(row["title"]) <= MAX_ROW_TITLE
        assert "description" not in row or not row["description"].endswith("…")


def test_two_topics_are_both_titled_once(engine: Engine) -> None:
    reply = engine.reply("c koi le moc et la pej")
    assert reply.verdict is not None
    assert reply.verdict.also
    (message,) = map(sent, render(reply, engine.kb))
    text = message["interactive"]["body"]["text"]
    assert text.startswith("▶ MOC, c'est quoi ?")
    assert text.count("MOC, c'est quoi ?") == 1


def test_up_to_three_choices_are_buttons_with_the_ref(engine: Engine) -> None:
    reply = Reply(
        "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire :",
        (
            Button(
                "Axe 1 : défense et sécurité intérieure", ACTION_INTENT + "axe-defense-securite"
            ),
            Button("Les camps du MOC", ACTION_INTENT + "camps-moc"),
            Button("Aucune de ces réponses", ACTION_NONE),
        ),
        Verdict(Outcome.SUGGEST, None, 40.0, ("axe-defense-securite", "camps-moc")),
    )
    (message,) = map(sent, render(reply, engine.kb, "ab12cd34"))
    buttons = [b["reply"] for b in message["interactive"]["action"]["buttons"]]
    assert message["interactive"]["type"] == "button"
    assert [b["id"] for b in buttons] == ["s:axe-defense-securite:ab12cd34",
                                          "s:camps-moc:ab12cd34", "n:ab12cd34"]  # fmt: skip
    assert [b["title"] for b in buttons] == ["Axe 1 : défense et…", "Les camps du MOC",
                                             "Aucune de celles-ci"]  # fmt: skip
    assert all(len(b["title"]) <= MAX_BUTTON_TITLE for b in buttons)


def test_more_than_ten_choices_keep_the_menu_last(engine: Engine) -> None:
    topics = tuple(Button(i.label, ACTION_INTENT + i.id) for i in engine.kb.intents[:14])
    reply = Reply("Choisissez :", (*topics, Button("☰ Menu", ACTION_MENU)))
    (message,) = map(sent, render(reply, engine.kb))
    rows = message["interactive"]["action"]["sections"][0]["rows"]
    assert len(rows) == 10
    assert rows[-1]["id"] == "m"


def test_a_long_answer_is_split_at_paragraphs_then_the_choices(engine: Engine) -> None:
    paragraphs = [f"Paragraphe {n}. " + "mot " * 300 for n in range(5)]
    reply = Reply("\n\n".join(paragraphs), (Button("☰ Menu", ACTION_MENU),))
    messages = [sent(b) for b in render(reply, engine.kb)]
    texts_ = [m["text"]["body"] for m in messages if m["type"] == "text"]
    assert len(texts_) >= 2
    assert all(t.startswith("Paragraphe") for t in texts_)
    last = messages[-1]["interactive"]["body"]["text"]
    assert len(last) <= MAX_BODY
    assert "".join(t.replace(" ", "") for t in [*texts_, last]).count("Paragraphe") == 5


def test_no_choice_is_plain_text(engine: Engine) -> None:
    (message,) = map(sent, render(Reply("Merci pour votre avis !"), engine.kb))
    assert message["text"] == {"preview_url": False, "body": "Merci pour votre avis !"}
