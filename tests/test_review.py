"""Review tools on real logs: unanswered groups that never mix topics, examples proposed
only with evidence."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rss_bot import report_html, reports, review
from rss_bot.engine import Engine
from rss_bot.querylog import QueryLog, read_log
from rss_bot.records import Channel, EventKind, EventRecord, QuestionRecord
from rss_bot.verdict import Outcome, Verdict

NOW = datetime.now(UTC).replace(microsecond=0)
KEY = b"review-test-key"

# Unanswered questions as people type them, each with the topic a reviewer would give it.
VARIED = [
    ("combien de soldats a la minusma", "effectifs"),
    ("nombre de soldats de la minusma", "effectifs"),
    ("combien de soldats minusma ?", "effectifs"),
    ("la minusma avait combien de soldats", "effectifs"),
    ("qui es tu", "bot"),
    ("qui es-tu ?", "bot"),
    ("qui a gagné le match de foot hier", "foot"),
    ("résultat du match mali senegal", "foot"),
    ("match de foot ce soir", "foot"),
    ("quel temps fait il a gao", "meteo"),
    ("il fait quel temps a gao", "meteo"),
    ("meteo de demain a mopti", "meteo"),
    ("c koi le salaire des soldats", "salaire"),
    ("salaire d un soldat fama", "salaire"),
    ("recrutement armée malienne", "recrutement"),
    ("comment rejoindre l armee", "recrutement"),
    ("inscription au recrutement de l armee", "recrutement"),
    ("qui est le president du mali", "president"),
    ("le président du mali cest qui", "president"),
    ("prix du riz au marché", "prix"),
    ("combien coute le riz", "prix"),
    ("budget de la minusma", "budget"),
    ("le budget de la minusma en 2017", "budget"),
    ("ou acheter une moto", "moto"),
    ("elections presidentielles date", "elections"),
    ("date des elections au mali", "elections"),
    ("wagner au mali", "wagner"),
    ("les russes de wagner sont ou", "wagner"),
    ("comment avoir un visa pour la france", "visa"),
    ("visa france demande", "visa"),
]


def test_unanswered_groups_never_mix_topics() -> None:
    clusters = review.cluster_questions([(q, []) for q, _ in VARIED])
    topic = dict(VARIED)
    for cluster in clusters:
        members = [q for q, _ in VARIED if q in cluster.examples]
        assert len({topic[q] for q in members}) == 1, cluster.examples
    assert sum(c.count for c in clusters) == len(VARIED)
    # Close wordings do come together: the soldier count, "qui es-tu", the budget.
    together = [set(c.examples) for c in clusters]
    for pair in (
        {"combien de soldats a la minusma", "nombre de soldats de la minusma"},
        {"qui es tu", "qui es-tu ?"},
        {"budget de la minusma", "le budget de la minusma en 2017"},
        {"qui est le president du mali", "le président du mali cest qui"},
    ):
        assert any(pair <= group for group in together), pair
    assert len(clusters) < len(VARIED) - 5


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("qui es tu", "qui a gagné le match de foot hier", False),
        ("combien de soldats minusma", "c koi le salaire des soldats", False),
        ("combien de soldats minusma", "combien de soldas minusma", True),  # a typo
        ("👍", "qui es tu", False),
        ("", "", True),
    ],
)
def test_close_wording(a: str, b: str, close: bool) -> None:
    assert review.close(a, b) is close


async def ask(log: QueryLog, engine: Engine, text: str, user: int | None, ref: str) -> None:
    channel = Channel.TELEGRAM if user is not None else Channel.TERMINAL
    verdict = engine.reply(text).verdict or Verdict(Outcome.FALLBACK)
    log.record_question(QuestionRecord(channel, "private", user, text, verdict, 1.0, None, ref))


def event(log: QueryLog, kind: EventKind, intent: str | None, user: int | None, ref: str) -> None:
    channel = Channel.TELEGRAM if user is not None else Channel.TERMINAL
    log.record_event(EventRecord(channel, user, kind, intent, None, ref))


async def test_unanswered_sets_apart_messages_without_text(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY, engine.kb.version) as log:
        for n, text in enumerate(["👍", "", "👍", "???", "quel temps fait il a gao", "🙂🙂"]):
            await ask(log, engine, text, n, f"r{n}")
        event(log, EventKind.NON_TEXT, None, 9, "p")
    async with read_log(path) as reader:
        result = await review.unanswered(reader, timedelta(days=30))
    assert [c.examples for c in result.clusters] == [["quel temps fait il a gao"]]
    assert result.without_text == Counter({"👍": 2, "": 1, "???": 1, "🙂🙂": 1})
    assert result.non_text == 1
    text = review.format_unanswered(result)
    assert text.startswith("1 question(s) sans réponse directe, en 1 groupe(s) :")
    assert "Mis à part : 5 message(s) sans texte (vides, émojis ou ponctuation seuls)" in text
    assert "1 message(s) non textuel(s)" in text


async def test_unanswered_counts_conversation_apart(engine: Engine, tmp_path: Path) -> None:
    """ "d'accord" and "c'est faux" got the bot's fixed reply: staff see how many, apart from
    the questions to add to the knowledge base."""
    path = tmp_path / "q.sqlite3"
    messages = ["d'accord", "ok compris", "c'est faux", "pourquoi ?", "quel temps fait il a gao",
                "plus de détails", "c'est qui ?", "espèce d'abruti"]  # fmt: skip
    async with QueryLog(path, KEY, engine.kb.version) as log:
        for n, text in enumerate(messages):
            await ask(log, engine, text, n, f"r{n}")
    async with read_log(path) as reader:
        result = await review.unanswered(reader, timedelta(days=30))
    assert [c.examples for c in result.clusters] == [["quel temps fait il a gao"]]
    assert result.sayings == Counter(agreement=2, complaint=1, more=1, unnamed=2, insult=1)
    text = review.format_unanswered(result)
    assert text.startswith("1 question(s) sans réponse directe, en 1 groupe(s) :")
    assert "Mis à part : 7 message(s) de conversation sans question sur un sujet" in text
    assert "acquiescements et réactions (« d'accord », « ok », « lol », 👍) × 2" in text
    assert (
        "questions sans sujet (« pourquoi ? », « c'est qui ? », « j'ai une question ») × 2" in text
    )
    async with read_log(path) as reader:
        stats = await reports.stats(reader, timedelta(days=30))
    page = report_html.render(
        stats, list(result.clusters), engine.kb, datetime.now(UTC), "", result.sayings
    )
    assert "7 message(s) de conversation sans question sur un sujet" in page
    complaints = "plaintes sur une réponse (« c&#x27;est faux », « pas ce que j&#x27;ai demandé »)"
    assert f"{complaints} × 1" in page
    assert "« c&#x27;est faux » ×" not in page  # counted, never quoted


async def proposals_from(
    engine: Engine,
    tmp_path: Path,
    script: list[tuple[str, int | None, str, bool]],
    evidence: review.Evidence = review.Evidence(),  # noqa: B008
) -> dict[str, list[review.Proposal]]:
    """Each (question, user, intent chosen among the suggestions, 👍 afterwards)."""
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY, engine.kb.version) as log:
        for n, (question, user, intent, liked) in enumerate(script):
            await ask(log, engine, question, user, f"s{n}")
            event(log, EventKind.SUGGESTION_CHOSEN, intent, user, f"s{n}")
            if liked:
                event(log, EventKind.FEEDBACK_UP, intent, user, f"a{n}")
    async with read_log(path) as reader:
        return await review.proposed_examples(reader, engine.kb, timedelta(days=30), evidence)


def suggested(engine: Engine, question: str) -> bool:
    return engine.reply(question).outcome is Outcome.SUGGEST


async def test_one_click_is_not_evidence_two_people_or_a_thumb_are(
    engine: Engine, tmp_path: Path
) -> None:
    assert suggested(engine, "formations")
    assert suggested(engine, "securite")
    one_click = await proposals_from(
        engine, tmp_path / "a", [("formations", 1, "formations-pej-assistants", False)]
    )
    assert one_click == {}
    two_people = await proposals_from(
        engine,
        tmp_path / "b",
        [
            ("formations", 1, "formations-pej-assistants", False),
            ("formations", 1, "formations-pej-assistants", False),  # the same person again
            ("formations", 2, "formations-pej-assistants", False),
            ("securite", 3, "axe-defense-securite", True),  # one person, and a 👍
        ],
    )
    assert {k: [(p.question, p.people, p.thumbs) for p in v] for k, v in two_people.items()} == {
        "axe-defense-securite": [("securite", 1, 1)],
        "formations-pej-assistants": [("formations", 2, 0)],
    }
    stricter = await proposals_from(
        engine,
        tmp_path / "c",
        [("securite", 3, "axe-defense-securite", True)],
        review.Evidence(min_people=2, min_thumbs=0),
    )
    assert stricter == {}


async def test_terminal_questions_count_as_one_person(engine: Engine, tmp_path: Path) -> None:
    found = await proposals_from(
        engine,
        tmp_path,
        [
            ("formations", None, "formations-pej-assistants", False),
            ("formations", None, "formations-pej-assistants", False),
        ],
    )
    assert found == {}  # twice the same (unknown) person in the terminal is one person


@pytest.mark.parametrize(
    "question",
    [
        "formations appelez moi au 76 12 34 56",  # a phone number
        "formations ecrire a awa.traore@example.org",  # personal data
        "formations en quelle annee",  # a date the answer does not give
        "quel montant pour les formations",  # an amount the answer does not give
    ],
)
async def test_never_proposes_what_the_bot_should_not_answer(
    engine: Engine, tmp_path: Path, question: str
) -> None:
    script = [(question, user, "formations-pej-assistants", True) for user in (1, 2, 3)]
    assert await proposals_from(engine, tmp_path, script) == {}


async def test_evidence_is_shown(engine: Engine, tmp_path: Path) -> None:
    script = [
        ("formations", 1, "formations-pej-assistants", False),
        ("les formations", 2, "formations-pej-assistants", True),
    ]
    found = await proposals_from(engine, tmp_path, script)
    text = review.format_proposals(found, engine.kb)
    assert "2 personne(s) ont choisi ce sujet parmi les suggestions, 1 👍 ensuite" in text
    assert "autres formulations proches" in text
    assert "au moins 2 personnes différentes" in text
    assert "ou si ce choix a été suivi d'un 👍 ;" in text
    assert "« les formations »" in text or "« formations »" in text


def test_the_rule_says_how_thumbs_count_in_plain_french(engine: Engine) -> None:
    said = {
        thumbs: review.format_proposals({}, engine.kb, review.Evidence(min_thumbs=thumbs))
        for thumbs in (0, 1, 3)
    }
    assert "(les 👍 seuls ne suffisent pas) ;" in said[0]
    assert "suivi d'un 👍 ;" in said[1]
    assert "suivi d'au moins 3 👍 ;" in said[3]


def test_a_row_without_a_person_is_no_second_asker() -> None:
    """A question one person asked, and the same from the terminal chat (no person known),
    is still a question one person asked: not quoted in /stats or the report."""
    question = "mon frere est parti avec un groupe arme a kidal"
    (cluster,) = review.cluster_questions([(question, [], "a1b2"), (question, [], None)])
    assert cluster.askers == 1
    (two,) = review.cluster_questions([(question, [], "a1b2"), (question, [], "c3d4")])
    assert two.askers == 2
