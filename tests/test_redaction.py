"""Personal data replaced before anything is matched or stored; the figures people ask about
kept as they are."""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rss_bot import redaction
from rss_bot.engine import Engine
from rss_bot.recording import Recording
from rss_bot.redaction import redact, redact_counted, redact_row, unmarked
from rss_bot.verdict import Outcome

from .conftest import DATA, KNOWLEDGE

PHONE, EMAIL, NUMBER, LINK = "[téléphone]", "[e-mail]", "[numéro]", "[lien]"

PERSONAL = [
    # Phone numbers as people write them in Mali and the region.
    ("appelez-moi au 76 12 34 56", f"appelez-moi au {PHONE}"),
    ("mon numero 76.12.34.56 merci", f"mon numero {PHONE} merci"),
    ("wa: 66-12-34-56", f"wa: {PHONE}"),
    ("c moi awa 76123456 rappel stp", f"c moi awa {PHONE} rappel stp"),
    ("joignable au 7612 3456", f"joignable au {PHONE}"),
    ("au 76 123 456", f"au {PHONE}"),
    ("+223 76 12 34 56 svp", f"{PHONE} svp"),
    ("00223 76 12 34 56", PHONE),
    ("(+223) 76 12 34 56", PHONE),
    ("+22376123456", PHONE),
    ("mon frere +33 6 12 34 56 78 en France", f"mon frere {PHONE} en France"),
    ("06 12 34 56 78", PHONE),
    ("burkina +226 70 12 34 56", f"burkina {PHONE}"),
    ("senegal 77 123 45 67", f"senegal {PHONE}"),
    ("76 12 34 56 ou 90 12 34 56", f"{PHONE} ou {PHONE}"),
    (
        "mon numéro : 76 12 34 56, en 2017 j'étais à Gao",
        f"mon numéro : {PHONE}, en 2017 j'étais à Gao",
    ),
    # Groups that look like years are still a phone number (mobile, landline, with 223).
    ("appelle 7620 1987 stp", f"appelle {PHONE} stp"),
    ("7612 2001", PHONE),
    ("6620.1999", PHONE),
    ("fixe 2022 3344", f"fixe {PHONE}"),
    ("00223 2022 3344", PHONE),
    ("00223 7620 1987", PHONE),
    ("76/12/34/56", PHONE),
    ("76,12,34,56", PHONE),
    ("76  12  34  56", PHONE),
    ("7612  3456", PHONE),
    ("76 – 12 – 34 – 56", PHONE),
    # E-mail addresses.
    ("mon mail awa.traore@gmail.com svp", f"mon mail {EMAIL} svp"),
    ("awa.traore @ gmail.com", EMAIL),
    ("awa@gmail .com", EMAIL),
    ("ecris a awa arobase gmail point com stp", f"ecris a {EMAIL} stp"),
    ("fatou@ong-jeunes.africa", EMAIL),
    ("contact@jeunes.online", EMAIL),
    ("awa@gmail.commm", EMAIL),
    # The address ends where the sentence does: the next one is still asked.
    ("mon mail est awa@gmail.com. PEJ c quoi", f"mon mail est {EMAIL}. PEJ c quoi"),
    ("écrire à Aminata.Diarra@orange.ml.", f"écrire à {EMAIL}."),
    ("awa_2000@yahoo.fr c koi le moc", f"{EMAIL} c koi le moc"),
    ("awa(at)yahoo.fr", EMAIL),
    # ID, account and card numbers: any run of 7 digits or more.
    ("ma carte NINA 1234567 est perdue", f"ma carte NINA {NUMBER} est perdue"),
    ("compte 4970 1012 3456 7890", f"compte {NUMBER}"),
    ("matricule 123456789012", f"matricule {NUMBER}"),
    ("wa.me/22376123456", f"wa.me/{NUMBER}"),
    # Links with a query string (they carry identifiers); a plain link stays.
    ("voir https://exemple.org/page?id=12&tel=76123456.", f"voir {LINK}."),
    ("www.site.ml/profil?user=awa", LINK),
    ("HTTP://Exemple.org/?q=moc c koi", f"{LINK} c koi"),
]

KEPT = [
    "c koi le MOC ?",
    "les 175 membres, 35 et 75",
    "resolution 2364",
    "resolution 2364 2017",
    "slt svp le chiffre 2364 (2017) c koi dans le document",
    "c koi les 3 axes",
    "3 axes prioritaires rss",
    "en 2015 2016 2017",
    "le 12.05.2017 a Gao",
    "le 12/05/2017",
    "2015 2016",
    "175,35,75",
    "Bonjour @ tous. MOC c koi ?",
    "merci @moussa_k. MOC c koi",
    "66 000 000 FCFA",
    "90 000 000 de francs",
    "en 2017 4000 personnes",
    "2016 1000 ex-combattants",
    "2017 2364",
    "2364, 175, 35, 75",
    "2015–2017",
    "le site minusma.unmissions.org",
    "2017-05-12",
    "175 35 75",
    "1 500 000 FCFA",
    "15 000 000 FCFA",
    "2 000 ex-combattants",
    "indicatif +223",
    "12 x 7 = 84",
    "rdv a 10h30",
    "c koi le moc numero 123",
    "https://minusma.unmissions.org/rss ?",
    "https://exemple.org/page?",
    "@rss_test_bot c koi le DDR",
    "",
]


@pytest.mark.parametrize(("text", "expected"), PERSONAL)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert redact(expected) == expected  # redacting twice changes nothing


@pytest.mark.parametrize("text", KEPT)
def test_figures_years_and_short_numbers_stay(text: str) -> None:
    assert redact(text) == text


def test_what_was_replaced_is_counted() -> None:
    text, found = redact_counted("76 12 34 56, awa@gmail.com, 76 00 00 00 et 1234567")
    assert text == f"{PHONE}, {EMAIL}, {PHONE} et {NUMBER}"
    assert found == Counter({PHONE: 2, EMAIL: 1, NUMBER: 1})
    assert redact_counted("c koi le moc")[1] == Counter()


_PIECES = st.sampled_from(
    [
        "a",
        "é",
        " ",
        "?",
        "=",
        "&",
        ".",
        "-",
        "+",
        "(",
        ")",
        "7",
        "76 12 34 56",
        "2017",
        "@",
        "(at)",
        "[at]",
        "gmail",
        ".com",
        "http://",
        "HTTPS://",
        "www.",
        "WwW.",
        "x.org/p",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
@example("voir HTTPS://x.org/p?id=7a")
@example("WwW.x.org/p?a=b")
@example("awa(at)gmail.com")
def test_the_quick_look_skips_only_texts_with_nothing_to_replace(text: str) -> None:
    # The shortcut for ordinary questions must never keep what a full look replaces.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(redaction, "_WORTH_A_LOOK", re.compile(""))
        looked_at = redact_counted(text)
    assert redact_counted(text) == looked_at


def test_no_question_the_bot_learns_from_or_is_measured_on_changes() -> None:
    """The knowledge base's and the evaluation sets' questions hold no personal data: not
    one of them is touched."""

    def questions(node: object, key: str = "") -> list[str]:
        if isinstance(node, str):
            return [] if key == "answer" else [node]
        if isinstance(node, dict):
            return [q for k, v in node.items() for q in questions(v, str(k))]
        if isinstance(node, list):
            return [q for item in node for q in questions(item, key)]
        return []

    files = [*KNOWLEDGE.glob("*.yaml"), *DATA.glob("*.yaml"), *DATA.glob("faq_*/*.yaml")]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads as PyYAML does
    texts = [q for f in files for q in questions(yaml.load(f.read_text(encoding="utf-8"), loader))]
    assert len(texts) > 5000
    assert [t for t in texts if redact(t) != t] == []


def test_the_matcher_compares_the_message_without_the_personal_data() -> None:
    assert unmarked(f"bonjour mon numero est {PHONE}, c koi le MOC ?") == " c koi le MOC ?"
    assert unmarked(f"appelez moi au {PHONE} c koi le DDR") == "appelez moi au   c koi le DDR"
    assert unmarked(f"{PHONE}") == " "
    assert unmarked("c koi le MOC") == "c koi le MOC"


@pytest.mark.parametrize(
    ("question", "like"),
    [
        ("bonjour mon numero est 76 12 34 56, c koi le MOC ?", "c koi le MOC"),
        ("c koi le DDR ? mon mail awa.traore@gmail.com", "c koi le DDR"),
        ("ou sont les camps moc. +223 76 12 34 56", "ou sont les camps moc"),
        ("c koi les 3 axes, ma carte 1234567", "c koi les 3 axes"),
    ],
)
def test_a_question_with_personal_data_is_answered_like_one_without(
    engine: Engine, question: str, like: str
) -> None:
    redacted = Recording(None).redacted(question)  # what every door does first
    expected = engine.reply(like)
    assert expected.outcome is Outcome.ANSWER
    assert engine.reply(redacted).intent == expected.intent
    assert engine.reply(redacted).outcome is Outcome.ANSWER


def test_redaction_can_be_turned_off() -> None:
    assert Recording(None, redact=False).redacted("76 12 34 56") == "76 12 34 56"


def test_a_stored_row_is_redacted_in_both_forms() -> None:
    question, normalized, found = redact_row(
        "mail Awa.Traore@gmail.com et 76 12 34 56 c koi le moc",
        "mail awa traore gmail com et 76 12 34 56 c quoi le moc",
    )
    assert question == f"mail {EMAIL} et {PHONE} c koi le moc"
    assert normalized == "mail et c quoi le moc"
    assert found == Counter({EMAIL: 1, PHONE: 1})
    # The address could not be found in the normalised form: it is rebuilt from the question.
    question, normalized, _ = redact_row("mail awa2000@gmail.com", "mail awa 2000 gmail com")
    assert (question, normalized) == (f"mail {EMAIL}", "mail")
    assert redact_row("c koi le moc", "c quoi le moc") == ("c koi le moc", "c quoi le moc", {})


@pytest.mark.parametrize(
    "text",
    ["1" * 4096, "1." * 2048, "a" * 4095 + "1", "a" * 4000 + "@", "(+1 " * 1000, "76 12 " * 680],
)
def test_redaction_stays_linear_on_the_longest_messages(text: str) -> None:
    """A 4,096-character message (Telegram's longest) is redacted in a few milliseconds: no
    pattern restarts inside a run of characters (that made "1" * 4096 take 0.13 s)."""
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 0.05
