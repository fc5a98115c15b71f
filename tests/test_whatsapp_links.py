"""wa.me campaign links: readable prefilled questions, tags read back, the links command."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from rss_bot.engine import Engine
from rss_bot.whatsapp.links import business_number, link, link_question, prefilled, read_tag

from .test_cli import rss_bot


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("22370000000", "22370000000"),
        ("+223 70 00 00 00", "22370000000"),
        ("00223-70-00-00-00", "22370000000"),
        ("70000000", "70000000"),
        ("+0223", None),
        ("abc", None),
        ("1234567", None),
    ],
)
def test_business_number(typed: str, number: str | None) -> None:
    assert business_number(typed) == number


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Bonjour ! Les camps du MOC, c'est quoi ? (réf. mopti)",
         ("Bonjour ! Les camps du MOC, c'est quoi ?", "mopti")),
        ("c koi le moc (ref mopti)", ("c koi le moc", "mopti")),
        ("Bonjour ! (Réf. Gao-2025)", ("Bonjour !", "gao-2025")),
        ("c koi le moc (réf. !!)", ("c koi le moc (réf. !!)", None)),
        ("c koi (le moc)", ("c koi (le moc)", None)),
        # The person's own reference is not a campaign: it stays in the text, to be masked.
        ("mon kit (réf 12345678)", ("mon kit (réf 12345678)", None)),
        ("mon dossier (ref 2025)", ("mon dossier (ref 2025)", None)),
        ("Bonjour (ref awa-76123456)", ("Bonjour (ref awa-76123456)", None)),
    ],
)  # fmt: skip
def test_the_campaign_tag_is_read_back(text: str, read: tuple[str, str | None]) -> None:
    assert read_tag(text) == read


def test_a_link_opens_whatsapp_with_the_question_written() -> None:
    url = link("22370000000", prefilled("Où sont les camps du MOC ?", "mopti"))
    parsed = urlparse(url)
    assert (parsed.netloc, parsed.path) == ("wa.me", "/22370000000")
    (text,) = parse_qs(parsed.query)["text"]
    assert text == "Bonjour ! Où sont les camps du MOC ? (réf. mopti)"
    assert read_tag(text) == ("Bonjour ! Où sont les camps du MOC ?", "mopti")


def test_every_topic_link_is_answered_with_its_topic(engine: Engine) -> None:
    for intent in (i for i in engine.kb.intents if i.kind):
        question = link_question(intent, engine)
        text, campaign = read_tag(prefilled(question, "mopti"))
        assert campaign == "mopti"
        assert engine.reply(text).intent == intent.id, question


def test_links_command_for_whatsapp_with_qr_and_poster(tmp_path: Path) -> None:
    poster = tmp_path / "affiche.html"
    result = rss_bot(
        "links", "--whatsapp", "+223 70 00 00 00", "--campaign", "mopti",
        "--qr", str(tmp_path / "qr"), "--poster", str(poster),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]  # id, title, link
    links = {row[0]: row[2] for row in rows}
    assert ["mandat-section", "Le mandat de la section RSS-DDR"] in [r[:2] for r in rows]
    assert (
        links["accueil"] == "https://wa.me/22370000000?text=Bonjour%20%21%20%28r%C3%A9f.%20mopti%29"
    )
    assert "salutation" not in links  # small talk gets no poster
    assert links["camps-moc"].startswith("https://wa.me/22370000000?text=Bonjour%20%21%20")
    assert len(list((tmp_path / "qr").glob("mopti-*.png"))) == len(links)
    page = poster.read_text(encoding="utf-8")
    assert page.count('<section class="card">') == len(links)
    assert "Campagne : mopti" in page
    assert len(re.findall(r"<svg ", page)) == len(links)


def test_links_command_refuses_a_bad_number() -> None:
    result = rss_bot("links", "--whatsapp", "06-PAS-UN-NUMERO")
    assert result.returncode == 1
    assert "Numéro WhatsApp invalide" in result.stderr
