"""The WhatsApp door in process: the real door, Graph client and query log against the fake
Graph API; webhook deliveries handed straight to the door (the HTTP side is in the e2e)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from rss_bot import texts
from rss_bot.config import Secret, Settings
from rss_bot.engine import Engine
from rss_bot.flood import Pacer, UserRateLimiter
from rss_bot.knowledge import load
from rss_bot.live import LiveEngine, build_engine
from rss_bot.querylog import QueryLog
from rss_bot.recording import Recording
from rss_bot.whatsapp.door import WhatsAppDoor
from rss_bot.whatsapp.graph import GraphAPI
from rss_bot.whatsapp.payload import parse_delivery
from rss_bot.whatsapp.seen import SeenMessages

from .conftest import WriteKB, read_rows, write_long_answer_kb
from .fake_graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphAPI, Webhook

KEY = b"whatsapp-door-test-key"
AWA, MOUSSA = "22370000001", "22370000002"
HOOK = Webhook("http://127.0.0.1:1/whatsapp", "secret")


def text_of(body: dict) -> str:
    return body["text"]["body"] if body["type"] == "text" else body["interactive"]["body"]["text"]


@dataclass
class Door:
    door: WhatsAppDoor
    graph: FakeGraphAPI
    log: QueryLog
    db: Path

    async def deliver(self, *messages: dict) -> None:
        """Hand one delivery to the door and wait until every message is answered."""
        self.door.accept(parse_delivery(HOOK.delivery(messages=list(messages)), PHONE_NUMBER_ID))
        await self.door.drain(grace_s=30)

    async def texts(self, to: str) -> list[str]:
        await self.graph.wait_until_idle(quiet=0.05)
        return [text_of(m) for m in self.graph.messages(to)]


async def make_door(
    engine: Engine,
    tmp_path: Path,
    graph: FakeGraphAPI,
    *,
    rate: float = 0,
    user_rate: int = 20,
    sleep: object = asyncio.sleep,
) -> tuple[WhatsAppDoor, QueryLog, GraphAPI]:
    settings = Settings(
        whatsapp_token=Secret(TOKEN),
        whatsapp_phone_number_id=PHONE_NUMBER_ID,
        whatsapp_api_base_url=graph.base_url,
        db_path=tmp_path / "q.sqlite3",
    )
    log = QueryLog(settings.db_path, KEY, engine.kb.version)
    await log.open()
    client = GraphAPI(settings, Pacer(rate), sleep=sleep)  # type: ignore[arg-type]
    await client.open()
    seen = SeenMessages(log)
    await seen.load()
    door = WhatsAppDoor(
        engine, client, Recording(log), seen, UserRateLimiter(user_rate), retention_days=90
    )
    return door, log, client


@pytest.fixture
async def door(engine: Engine, tmp_path: Path) -> AsyncIterator[Door]:
    async with FakeGraphAPI() as graph:
        made, log, client = await make_door(engine, tmp_path, graph)
        try:
            yield Door(made, graph, log, tmp_path / "q.sqlite3")
        finally:
            await client.close()
            await log.close()


async def test_passing_failures_are_retried_and_the_answer_arrives(door: Door) -> None:
    door.graph.fail_next(status=429, code=130429, retry_after=0.2)
    door.graph.fail_next(status=503)
    door.graph.drop_next()
    started = time.monotonic()
    await door.deliver(HOOK.text(AWA, "c koi le moc"))
    (answer,) = await door.texts(AWA)
    assert "Mécanisme opérationnel de coordination" in answer
    attempts = door.graph.messages(AWA, include_failed=True)
    assert len(attempts) == 4
    assert time.monotonic() - started >= 0.2  # Retry-After honoured


@pytest.mark.parametrize(
    ("code", "level", "said"),
    [
        (131047, logging.INFO, "plus de 24 heures"),
        (131026, logging.INFO, "impossible à remettre"),
        (100, logging.WARNING, "HTTP 400, code 100"),
    ],
)
async def test_final_errors_are_logged_without_the_number_and_not_retried(
    door: Door, caplog: pytest.LogCaptureFixture, code: int, level: int, said: str
) -> None:
    door.graph.fail_next(status=400, code=code, to=AWA)
    with caplog.at_level(logging.INFO, logger="rss_bot.whatsapp"):
        await door.deliver(HOOK.text(AWA, "c koi le moc"))
    assert len(door.graph.messages(AWA, include_failed=True)) == 1
    (record,) = [r for r in caplog.records if said in r.getMessage()]
    assert record.levelno == level
    assert AWA not in caplog.text
    await door.deliver(HOOK.text(AWA, "c koi le DDR"))  # the next one goes through
    assert len(await door.texts(AWA)) == 1


async def test_a_failing_send_never_holds_up_anyone_else(engine: Engine, tmp_path: Path) -> None:
    release = asyncio.Event()

    async def slow_back_off(seconds: float) -> None:
        await release.wait()  # Awa's retries wait as long as the test wants

    async with FakeGraphAPI() as graph:
        made, log, client = await make_door(engine, tmp_path, graph, sleep=slow_back_off)
        graph.fail_next(status=500, to=AWA)
        made.accept(parse_delivery(HOOK.delivery(messages=[HOOK.text(AWA, "c koi le moc")]),
                                   PHONE_NUMBER_ID))  # fmt: skip
        made.accept(parse_delivery(HOOK.delivery(messages=[HOOK.text(MOUSSA, "c koi le DDR")]),
                                   PHONE_NUMBER_ID))  # fmt: skip
        await graph.wait_for_messages(1, MOUSSA)
        assert graph.messages(AWA) == []  # still waiting for its retry
        release.set()
        await made.drain(grace_s=30)
        assert len(graph.messages(AWA)) == 1
        await client.close()
        await log.close()


async def test_sends_are_paced_for_the_whole_bot(engine: Engine, tmp_path: Path) -> None:
    async with FakeGraphAPI() as graph:
        made, log, client = await make_door(engine, tmp_path, graph, rate=20)
        people = [f"2237000010{n}" for n in range(5)]
        messages = [HOOK.text(p, "c koi le moc") for p in people]
        engine.reply("c koi le moc")  # answered at once: only the pacing spaces the sends
        accepted = time.monotonic()
        made.accept(parse_delivery(HOOK.delivery(messages=messages), PHONE_NUMBER_ID))
        await made.drain(grace_s=30)
        times = sorted(r.time for r in graph.requests if not r.is_read)
        assert len(times) == 5
        # 20 per second: the fifth send's turn comes 4 intervals after the first's, which
        # is no earlier than the messages' arrival. The fake server stamps a request when its
        # handler runs, on the same event loop: a late stamp can delay the first send's
        # time, never bring the last one's forward, so this bound holds on a busy machine.
        assert times[-1] - accepted >= 4 * 0.05
        await client.close()
        await log.close()


async def test_each_message_id_is_answered_once_even_after_a_restart(
    door: Door, engine: Engine, tmp_path: Path
) -> None:
    question = HOOK.text(AWA, "c koi le moc")
    await door.deliver(question, question)
    door.door.accept(parse_delivery(HOOK.delivery(messages=[question]), PHONE_NUMBER_ID))
    await door.deliver(question)
    assert len(await door.texts(AWA)) == 1
    await door.log.flush()
    restarted = SeenMessages(door.log)
    await restarted.load()
    assert not restarted.claim(question["id"])
    assert restarted.claim(HOOK.text(AWA, "autre")["id"])
    stored = door.db.read_bytes() + door.db.with_name("q.sqlite3-wal").read_bytes()
    assert question["id"].encode() not in stored


async def test_commands_do_what_they_do_in_telegram(door: Door) -> None:
    for command in ("/start", "menu", "/menu", "aide", "apropos", "/mandat", "/glossaire"):
        await door.deliver(HOOK.text(AWA, command))
    welcome, menu, menu_again, help_, about, mandate, glossary = await door.texts(AWA)
    assert welcome.startswith("Bonjour ! Je suis l'assistant RSS-DDR.")
    assert menu == menu_again == "Choisissez un sujet :"
    assert "menu" in help_.lower()
    assert "Jamais votre numéro ni votre nom de profil" in about
    assert "90 jours" in about
    assert mandate.startswith("*Le mandat de la section RSS-DDR*")
    assert glossary.startswith("*Glossaire des sigles*")


async def test_choices_record_what_they_mean(door: Door) -> None:
    await door.deliver(HOOK.text(AWA, "formations"))
    (suggest,) = door.graph.messages(AWA)
    ids = [b["reply"]["id"] for b in suggest["interactive"]["action"].get("buttons", [])] or [
        row["id"] for row in suggest["interactive"]["action"]["sections"][0]["rows"]
    ]
    await door.deliver(HOOK.choice(AWA, ids[0]))
    await door.deliver(HOOK.choice(AWA, ids[-1]))  # 'Aucune de ces réponses'
    await door.deliver(HOOK.choice(AWA, "t:sujet-disparu"))
    _, chosen, none_of_these, old = await door.texts(AWA)
    assert chosen.startswith("*")
    assert none_of_these.startswith("D'accord. Essayez de reformuler")
    assert old.startswith("Ce bouton n'est plus valable")
    await door.log.flush()
    events = read_rows(door.db, "SELECT channel, kind, question_ref FROM events ORDER BY id")
    assert [(e["channel"], e["kind"]) for e in events] == [
        ("whatsapp", "suggestion_chosen"),
        ("whatsapp", "none_of_these"),
    ]
    (asked,) = read_rows(door.db, "SELECT ref FROM questions WHERE question = 'formations'")
    assert {e["question_ref"] for e in events} == {asked["ref"]}


def reaction(wa_id: str, target: str, emoji: str) -> dict:
    return {**HOOK.text(wa_id, ""), "type": "reaction",
            "reaction": {"message_id": target, "emoji": emoji}}  # fmt: skip


async def test_a_voice_note_is_counted_and_a_reaction_gets_no_reply(door: Door) -> None:
    """A voice note gets the 'text only' reply and is counted apart, as on Telegram; a 👍
    put on an answer is not a message: no reply, only the vote counted."""
    await door.deliver(HOOK.text(AWA, "c koi le moc"))
    (answer_id,) = door.graph.sent_ids(AWA)
    await door.deliver(reaction(AWA, answer_id, "👍"), HOOK.voice_note(AWA))
    answer, text_only = await door.texts(AWA)
    assert "Mécanisme opérationnel de coordination" in answer
    assert text_only == texts.TEXT_ONLY
    await door.log.flush()
    events = read_rows(door.db, "SELECT channel, kind FROM events ORDER BY id")
    assert [(e["channel"], e["kind"]) for e in events] == [
        ("whatsapp", "feedback_up"),
        ("whatsapp", "non_text"),
    ]


async def test_a_thumb_on_an_answer_counts_once_for_its_asker_only(door: Door) -> None:
    await door.deliver(HOOK.text(AWA, "c koi le moc"))  # an answer
    await door.deliver(HOOK.text(AWA, "formations"))  # suggestions
    answer, suggestions = door.graph.sent_ids(AWA)
    await door.deliver(
        reaction(MOUSSA, answer, "👍"),  # not his answer
        reaction(AWA, suggestions, "👍"),  # suggestions are not an answer
        reaction(AWA, answer, "❤️"),  # not a thumb
        reaction(AWA, "wamid.unknown", "👎"),  # an answer the door does not know
        reaction(AWA, answer, "👎🏾"),  # counted: a 👎 in any skin tone
        reaction(AWA, answer, "👍"),  # a change of mind: one vote per answer
        reaction(AWA, answer, ""),  # taken back
    )
    assert len(await door.texts(AWA)) == 2  # nothing sent for any reaction
    assert await door.texts(MOUSSA) == []
    await door.log.flush()
    events = read_rows(door.db, "SELECT kind, intent, question_ref FROM events ORDER BY id")
    (asked,) = read_rows(door.db, "SELECT ref FROM questions WHERE question = 'c koi le moc'")
    assert [(e["kind"], e["intent"], e["question_ref"]) for e in events] == [
        ("feedback_down", "glossaire-moc", asked["ref"])
    ]


async def test_no_thumb_counts_on_an_answer_whose_question_is_erased(door: Door) -> None:
    await door.deliver(HOOK.text(AWA, "c koi le moc"))
    (answer,) = door.graph.sent_ids(AWA)
    await door.deliver(HOOK.text(AWA, "/oublier"))
    await door.deliver(HOOK.choice(AWA, "x", "Oui, tout effacer"))
    await door.deliver(reaction(AWA, answer, "👍"))
    await door.log.flush()
    assert read_rows(door.db, "SELECT kind FROM events") == []
    assert read_rows(door.db, "SELECT question FROM questions") == []


async def test_a_thumb_counts_on_any_part_of_a_long_answer_once(
    write_kb: WriteKB, tmp_path: Path
) -> None:
    folder = write_long_answer_kb(write_kb)
    async with FakeGraphAPI() as graph:
        made, log, client = await make_door(Engine(load(folder)), tmp_path, graph)
        door = Door(made, graph, log, tmp_path / "q.sqlite3")
        try:
            await door.deliver(HOOK.text(AWA, "reponse longue"))
            parts = door.graph.sent_ids(AWA)
            assert len(parts) >= 2
            await door.deliver(reaction(AWA, parts[-1], "👍"), reaction(AWA, parts[0], "👍"))
            await log.flush()
            events = read_rows(door.db, "SELECT kind, intent FROM events")
            assert [(e["kind"], e["intent"]) for e in events] == [("feedback_up", "long")]
        finally:
            await client.close()
            await log.close()


async def test_a_campaign_tag_is_kept_for_the_next_questions(door: Door) -> None:
    await door.deliver(HOOK.text(AWA, "Bonjour ! (réf. mopti)"))
    await door.deliver(HOOK.text(AWA, "c koi le DDR"))
    await door.deliver(HOOK.text(MOUSSA, "c koi le DDR"))
    welcome, ddr = await door.texts(AWA)
    assert welcome.startswith("Bonjour ! Je suis l'assistant RSS-DDR.")
    assert "Désarmement" in ddr
    await door.log.flush()
    rows = read_rows(door.db, "SELECT question, campaign, user_key FROM questions ORDER BY id")
    assert [(r["question"], r["campaign"]) for r in rows] == [
        ("c koi le DDR", "mopti"),
        ("c koi le DDR", None),
    ]
    assert rows[0]["user_key"] != rows[1]["user_key"]


async def test_a_reference_number_in_parentheses_is_masked_not_kept_as_a_campaign(
    door: Door,
) -> None:
    await door.deliver(HOOK.text(AWA, "je n'ai pas recu mon kit de reinsertion (réf 76123456)"))
    await door.texts(AWA)
    await door.log.flush()
    (row,) = read_rows(door.db, "SELECT question, campaign FROM questions")
    assert row["campaign"] is None
    assert "76123456" not in row["question"]
    assert "[téléphone]" in row["question"]


async def test_a_flood_gets_one_warning_then_silence(engine: Engine, tmp_path: Path) -> None:
    async with FakeGraphAPI() as graph:
        made, log, client = await make_door(engine, tmp_path, graph, user_rate=2)
        messages = [HOOK.text(AWA, f"c koi le moc {n}") for n in range(5)]
        made.accept(parse_delivery(HOOK.delivery(messages=messages), PHONE_NUMBER_ID))
        await made.drain(grace_s=30)
        sent = [text_of(m) for m in graph.messages(AWA)]
        assert len(sent) == 3
        assert sent[2].startswith("Doucement")
        assert len(graph.reads()) == 5  # every message is still marked as read
        await client.close()
        await log.close()


async def test_personal_data_is_redacted_and_oublier_erases_one_person(door: Door) -> None:
    await door.deliver(HOOK.text(AWA, "bonjour mon numero est 76 12 34 56, c koi le MOC ?"))
    await door.deliver(HOOK.text(MOUSSA, "c koi le DDR ? ecrivez moi a moussa@gmail.com"))
    await door.log.flush()
    await door.deliver(HOOK.text(AWA, "c koi le DDR"))  # left in the writer's buffer
    await door.deliver(HOOK.text(AWA, "supprime mes données"))
    moc, _, prompt = door.graph.messages(AWA)
    assert "Mécanisme opérationnel de coordination" in text_of(moc)
    assert prompt["interactive"]["type"] == "button"
    assert [(b["reply"]["id"], b["reply"]["title"]) for b in prompt["interactive"]["action"][
        "buttons"]] == [("x", "Oui, tout effacer"), ("k", "Non, ne rien effacer")]  # fmt: skip
    await door.deliver(HOOK.choice(AWA, "k", "Non, ne rien effacer"))
    await door.deliver(HOOK.text(AWA, "/oublier"))
    await door.deliver(HOOK.choice(AWA, "x", "Oui, tout effacer"))
    kept, _, done = (await door.texts(AWA))[3:]
    assert kept.startswith("D'accord, je n'ai rien effacé")
    assert done.startswith("C'est fait : 2 questions et 0 réaction effacées.")
    await door.log.flush()
    rows = read_rows(door.db, "SELECT question FROM questions")
    assert rows == [{"question": "c koi le DDR ? ecrivez moi a [e-mail]"}]
    stored = door.db.read_bytes() + door.db.with_name("q.sqlite3-wal").read_bytes()
    assert [s for s in (b"76 12 34 56", b"moussa@", b"numero est") if s in stored] == []


async def test_about_says_what_is_masked_and_how_to_erase(door: Door) -> None:
    await door.deliver(HOOK.text(AWA, "apropos"))
    (about,) = await door.texts(AWA)
    assert "remplacés par [téléphone], [e-mail], [numéro] ou [lien]" in about
    assert "écrivez « oublier »" in about


async def test_a_reload_is_served_from_the_next_message(write_kb: WriteKB, tmp_path: Path) -> None:
    """SIGHUP and /recharger swap the live engine every door shares: the WhatsApp door
    answers the next message from the new knowledge base."""
    folder = write_kb(
        faq="""
        intents:
          - id: horaires
            questions: [quels sont les horaires d'ouverture, a quelle heure ouvrez vous]
            answer: De 8 h à 17 h.
        """
    )
    kb = load(folder)
    live = LiveEngine(build_engine(kb), folder)
    async with FakeGraphAPI() as graph:
        made, log, client = await make_door(live.engine, tmp_path, graph)
        made = WhatsAppDoor(
            live, client, made.recording, made.seen, UserRateLimiter(20), retention_days=90
        )
        door = Door(made, graph, log, tmp_path / "q.sqlite3")
        try:
            await door.deliver(HOOK.text(AWA, "quels sont les horaires d'ouverture"))
            text = (folder / "faq.yaml").read_text(encoding="utf-8")
            (folder / "faq.yaml").write_text(text.replace("17 h", "18 h"), encoding="utf-8")
            assert (await live.reload()).ok
            await door.deliver(HOOK.text(AWA, "quels sont les horaires d'ouverture"))
            first, second = await door.texts(AWA)
        finally:
            await client.close()
            await log.close()
    assert "De 8 h à 17 h." in first
    assert "De 8 h à 18 h." in second
