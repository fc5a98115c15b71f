"""The real Application, polling the fake Bot API, answering what users send."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from rss_bot.config import Secret, Settings
from rss_bot.engine import Engine
from rss_bot.knowledge import KnowledgeBase, load
from rss_bot.matcher import Matcher
from rss_bot.querylog import QueryLog, pseudonym
from rss_bot.telegram import handlers, inline
from rss_bot.telegram.app import ALLOWED_UPDATES, UPDATES_IN_HAND, build_application
from rss_bot.telegram.limits import RETRY_BACKOFF_S, PacingRetryLimiter
from rss_bot.texts import TOO_FAST

from .conftest import KNOWLEDGE, FakeClock, WriteKB, eventually, read_rows, write_long_answer_kb
from .fake_bot_api import Call, FakeBotAPI

KEY = b"handler-tests-key"
USER = 1001
GROUP = -100200


@dataclass
class Bot:
    fake: FakeBotAPI
    app: Application
    log: QueryLog

    async def sent(self, count: int = 1) -> list[Call]:
        """The first `count` messages sent (waiting for them)."""
        return await self.fake.wait_for_calls("sendMessage", count)

    handling: list[int] = field(default_factory=lambda: [0])  # updates being handled

    async def idle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a guard only
        """No update waiting or being handled, and the fake API quiet: on a busy machine an
        answer may still be computed after the fake has been quiet for a while."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            await self.fake.wait_until_idle(timeout=max(deadline - loop.time(), 0.1))
            if self.handling[0] == 0 and self.app.update_queue.empty():
                return
            if loop.time() > deadline:
                raise AssertionError(
                    f"still handling {self.handling[0]} update(s) after {timeout} s"
                )
            await asyncio.sleep(0.01)

    async def questions(self) -> list[dict[str, Any]]:
        """Question rows, as written to the SQLite file."""
        await self.idle()
        await self.log.flush()
        return read_rows(self.log.path, "SELECT * FROM questions ORDER BY id")

    async def events(self) -> list[dict[str, Any]]:
        """Event rows, as written to the SQLite file."""
        await self.idle()
        await self.log.flush()
        return read_rows(self.log.path, "SELECT * FROM events ORDER BY id")


@contextlib.asynccontextmanager
async def running_bot(
    engine: Engine,
    db: Path,
    user_rate: int = 20,
    admin_ids: tuple[int, ...] = (),
    *,
    time: FakeClock | None = None,
    knowledge: Path = KNOWLEDGE,
) -> AsyncIterator[Bot]:
    """The real Application polling a fake Bot API; with `time`, nothing waits real seconds
    (inline mode's clock and the outgoing limiter's clock and sleep are fake)."""
    async with FakeBotAPI() as fake:
        settings = Settings(
            telegram_token=Secret(fake.token),
            api_base_url=fake.base_url,
            db_path=db,
            send_rate=0,
            user_rate=user_rate,
            admin_ids=admin_ids,
            knowledge_dir=knowledge,
        )
        log = QueryLog(db, KEY, engine.kb.version)
        if time is None:
            app = build_application(settings, engine, log)
        else:
            limiter = PacingRetryLimiter(0, clock=time.clock, sleep=time.sleep)
            app = build_application(settings, engine, log, limiter=limiter, clock=time.clock)
        async with app:
            await app.post_init(app)  # as run_polling() does after initialize()
            await app.start()
            await app.updater.start_polling(
                poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES
            )
            bot = Bot(fake, app, log)
            handle = app.process_update

            async def counted(update: object) -> None:
                bot.handling[0] += 1
                try:
                    await handle(update)
                finally:
                    bot.handling[0] -= 1

            app.process_update = counted  # type: ignore[method-assign]
            try:
                yield bot
            finally:
                await app.updater.stop()
                await app.stop()
                await app.post_shutdown(app)


@pytest.fixture
async def bot(engine: Engine, tmp_path: Path) -> AsyncIterator[Bot]:
    async with running_bot(engine, tmp_path / "questions.sqlite3") as running:
        yield running


def buttons(call: Call) -> list[tuple[str, str]]:
    markup = call.params.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


async def test_commands_are_registered_in_french(bot: Bot) -> None:
    (call,) = await bot.fake.wait_for_calls("setMyCommands")
    commands = {c["command"]: c["description"] for c in call.params["commands"]}
    # One command per main-menu topic (knowledge/menu.yaml), named after its intent id.
    assert list(commands) == [
        "start",
        "aide",
        "menu",
        "mandat",
        "axe_defense",
        "axe_controle",
        "axe_frontieres",
        "glossaire",
        "apropos",
        "oublier",
    ]
    assert commands["apropos"] == "Source, date et confidentialité"
    assert commands["oublier"] == "Effacer mes questions enregistrées"
    assert commands["axe_defense"] == "Axe 1 : défense et sécurité intérieure"


async def test_topic_command_opens_its_menu_topic(bot: Bot) -> None:
    bot.fake.push_text(USER, "/axe_frontieres")
    (call,) = await bot.sent()
    assert call.params["text"].startswith("<b>Axe 3 : frontières et armes légères</b>\n")
    (row,) = await bot.questions()
    assert (row["question"], row["intent"]) == (
        "Axe 3 : frontières et armes légères",
        "axe-frontieres-armes",
    )


async def test_another_knowledge_base_gets_its_own_commands(
    write_kb: WriteKB, tmp_path: Path
) -> None:
    folder = write_kb(
        faq="""\
        intents:
          - id: etat-civil-naissance
            title: Déclarer une naissance
            questions: [declarer une naissance]
            answer: À la mairie, dans les 30 jours.
          - id: etat-civil-mariage
            title: Se marier
            questions: [se marier a la mairie]
            answer: Dossier à déposer un mois avant.
          - id: horaires
            title: Horaires
            questions: [horaires de la mairie]
            answer: De 8 h à 16 h.
        menu: [horaires, etat-civil-naissance, etat-civil-mariage]
        """
    )
    kb = load(folder)
    async with running_bot(Engine(kb, Matcher(kb)), tmp_path / "q.sqlite3") as bot:
        (call,) = await bot.fake.wait_for_calls("setMyCommands")
        commands = [c["command"] for c in call.params["commands"]]
        assert commands == [
            "start",
            "aide",
            "menu",
            "horaires",
            "etat_civil_naissance",
            "etat_civil_mariage",
            "apropos",
            "oublier",
        ]
        bot.fake.push_text(USER, "/etat_civil_mariage")
        (answer,) = await bot.sent()
        assert answer.params["text"] == "<b>Se marier</b>\nDossier à déposer un mois avant."
        bot.fake.push_text(USER, "/aide")  # no help topic here: the generic help
        (_, help_) = await bot.sent(2)
        assert help_.params["text"].startswith("Posez votre question avec vos mots")


async def test_start_shows_welcome_date_and_menu(bot: Bot, kb: KnowledgeBase) -> None:
    bot.fake.push_text(USER, "/start")
    (call,) = await bot.sent()
    assert call.params["chat_id"] == USER
    assert call.params["parse_mode"] == "HTML"
    assert "2017" in call.params["text"]
    assert [data for _, data in buttons(call)] == [f"t:{i}" for i in kb.menu_ids]


async def test_deep_link_opens_topic_and_keeps_campaign(bot: Bot) -> None:
    bot.fake.push_text(USER, "/start c_mopti__t_camps-moc")
    (call,) = await bot.sent()
    assert call.params["text"].startswith("<b>Les camps du MOC</b>\n")
    bot.fake.push_text(USER, "c koi la pej")
    await bot.sent(2)
    assert [(q["question"], q["campaign"]) for q in await bot.questions()] == [
        ("Les camps du MOC", "mopti"),
        ("c koi la pej", "mopti"),
    ]


async def test_question_gets_answer_related_feedback_and_menu(bot: Bot, kb: KnowledgeBase) -> None:
    bot.fake.push_text(USER, "ou sont les camps moc ?")
    (call,) = await bot.sent()
    assert "Gao, de Kidal et de Tombouctou" in call.params["text"]
    related = [data for _, data in buttons(call)][: len(kb.get("camps-moc").related)]
    assert related == [f"t:{i}" for i in kb.get("camps-moc").related]
    (record,) = await bot.questions()
    assert buttons(call)[-3:] == [
        ("👍", f"f+:camps-moc:{record['ref']}"),
        ("👎", f"f-:camps-moc:{record['ref']}"),
        ("☰ Menu", "m"),
    ]
    assert (record["channel"], record["chat_type"]) == ("telegram", "private")
    assert record["user_key"] == pseudonym(KEY, USER)
    assert record["intent"] == "camps-moc"


async def test_menu_click_edits_the_message(bot: Bot) -> None:
    bot.fake.push_text(USER, "/start")
    (welcome,) = await bot.sent()
    message_id = welcome.result["message_id"]
    bot.fake.push_callback(USER, USER, "m", message_id=message_id)
    (edit,) = await bot.fake.wait_for_calls("editMessageText")
    assert edit.params["message_id"] == message_id
    assert edit.params["text"] == "Choisissez un sujet :"
    await bot.fake.wait_for_calls("answerCallbackQuery")


async def test_topic_click_sends_the_answer(bot: Bot) -> None:
    bot.fake.push_callback(USER, USER, "t:axe-frontieres-armes")
    (call,) = await bot.sent()
    assert "frontières" in call.params["text"]
    assert ("Unité anti-braconnage du Gourma", "t:unite-mixte-braconnage") in buttons(call)
    await bot.fake.wait_for_calls("answerCallbackQuery")


async def test_suggestion_click_is_the_learning_signal(bot: Bot) -> None:
    bot.fake.push_text(USER, "formations")
    (suggest,) = await bot.sent()
    options = buttons(suggest)
    ref = (await bot.questions())[0]["ref"]
    assert options[-1] == ("Aucune de ces réponses", f"n:{ref}")
    first = options[0][1]
    assert first.startswith("s:")
    assert first.endswith(f":{ref}")
    bot.fake.push_callback(USER, USER, first, message_id=suggest.result["message_id"])
    (edit,) = await bot.fake.wait_for_calls("editMessageText")
    assert edit.params["text"].startswith("<b>")
    chosen = first.split(":")[1]
    assert [(e["kind"], e["intent"], e["question_ref"]) for e in await bot.events()] == [
        ("suggestion_chosen", chosen, ref)
    ]
    questions = await bot.questions()
    assert questions[0]["outcome"] == "suggest"
    assert questions[1]["intent"] == chosen


async def test_none_of_these_is_recorded(bot: Bot) -> None:
    bot.fake.push_text(USER, "formations")
    (suggest,) = await bot.sent()
    none = buttons(suggest)[-1][1]
    bot.fake.push_callback(USER, USER, none, message_id=suggest.result["message_id"])
    (edit,) = await bot.fake.wait_for_calls("editMessageText")
    assert "reformuler" in edit.params["text"]
    assert [e["kind"] for e in await bot.events()] == ["none_of_these"]


async def test_feedback_is_acknowledged_once(bot: Bot) -> None:
    bot.fake.push_text(USER, "c koi le moc")
    (answer,) = await bot.sent()
    up = next(data for label, data in buttons(answer) if label == "👍")
    bot.fake.push_callback(USER, USER, up, message_id=answer.result["message_id"])
    (ack,) = await bot.fake.wait_for_calls("answerCallbackQuery")
    assert ack.params["text"] == "Merci pour votre avis !"
    (edit,) = await bot.fake.wait_for_calls("editMessageReplyMarkup")
    assert "f+:" not in str(edit.params["reply_markup"])
    assert '"m"' in str(edit.params["reply_markup"]).replace("'", '"')
    (question,) = await bot.questions()
    assert [(e["kind"], e["intent"], e["question_ref"]) for e in await bot.events()] == [
        ("feedback_up", "glossaire-moc", question["ref"])
    ]


async def test_a_press_too_old_to_acknowledge_is_still_served(bot: Bot) -> None:
    """After a restart or a backlog, Telegram refuses to acknowledge a press some seconds
    old: the topic must still open and the vote still count, with no error message."""
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    bot.fake.fail_next("answerCallbackQuery", status=400, description=too_old, times=2)
    bot.fake.push_text(USER, "c koi le moc")
    (answer,) = await bot.sent()
    up = next(data for label, data in buttons(answer) if label == "👍")
    bot.fake.push_callback(USER, USER, up, message_id=answer.result["message_id"])
    bot.fake.push_callback(USER, USER, "t:axe-frontieres-armes")
    _, topic = await bot.sent(2)
    assert "frontières" in topic.params["text"]
    await bot.idle()
    assert [e["kind"] for e in await bot.events()] == ["feedback_up"]
    assert len(await bot.questions()) == 2
    assert not any("problème" in c.params["text"] for c in bot.fake.calls_to("sendMessage"))


@pytest.mark.parametrize("data", ["t:sujet-supprime", "s:sujet-supprime", "zz", "", "f+:"])
async def test_old_or_unknown_button_gets_a_polite_reply(bot: Bot, data: str) -> None:
    bot.fake.push_callback(USER, USER, data)
    await bot.fake.wait_for_calls("answerCallbackQuery")
    await bot.idle()
    assert not [c for c in bot.fake.calls if c.failed]
    for call in bot.fake.calls_to("sendMessage"):
        assert "n'est plus valable" in call.params["text"]


async def test_inline_query_returns_shareable_answers(bot: Bot) -> None:
    bot.fake.push_inline_query(USER, "camps moc gao")
    (call,) = await bot.fake.wait_for_calls("answerInlineQuery")
    results = call.params["results"]
    assert results[0]["id"] == "camps-moc"
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "@rss_test_bot" in content["message_text"]
    assert len(results) <= 5


async def test_empty_inline_query_lists_main_topics(bot: Bot, kb: KnowledgeBase) -> None:
    bot.fake.push_inline_query(USER, "")
    (call,) = await bot.fake.wait_for_calls("answerInlineQuery")
    assert [r["id"] for r in call.params["results"]] == list(kb.menu_ids)


async def test_inline_off_topic_offers_the_bot(bot: Bot) -> None:
    bot.fake.push_inline_query(USER, "recette du tiep")
    (call,) = await bot.fake.wait_for_calls("answerInlineQuery")
    assert call.params["results"] == []
    assert call.params["button"]["start_parameter"] == "inline"


async def test_inline_logs_the_settled_query_not_keystrokes(engine: Engine, tmp_path: Path) -> None:
    time = FakeClock()
    async with running_bot(engine, tmp_path / "q.sqlite3", time=time) as bot:
        for typed in ("ca", "camps", "camps moc"):
            bot.fake.push_inline_query(USER, typed)
        await bot.fake.wait_for_calls("answerInlineQuery", 3)
        handlers.record_settled_inline(bot.app)
        assert await bot.questions() == []  # the user may still be typing
        time.now += inline.SETTLE_S
        handlers.record_settled_inline(bot.app)
        rows = await bot.questions()
        # Logged with the verdict it was answered with, not a second run of the matcher.
        assert [(q["question"], q["channel"], q["outcome"], q["intent"]) for q in rows] == [
            ("camps moc", "inline", "answer", "camps-moc")
        ]
        bot.fake.push_inline_query(USER, "formations")  # typed, then the bot stops
        await bot.fake.wait_for_calls("answerInlineQuery", 4)
    rows = read_rows(tmp_path / "q.sqlite3", "SELECT question, outcome FROM questions")
    assert rows[-1] == {"question": "formations", "outcome": "suggest"}


async def test_inline_query_is_answered_and_logged_from_one_matcher_run(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    score = engine.matcher.model.score

    def counted(question):  # type: ignore[no-untyped-def]
        runs.append(question.normalized)
        return score(question)

    monkeypatch.setattr(engine.matcher.model, "score", counted)
    engine.matcher.clear_cache()  # a question never seen before
    async with running_bot(engine, tmp_path / "q.sqlite3", time=FakeClock()) as bot:
        bot.fake.push_inline_query(USER, "braconnage elephants")
        await bot.fake.wait_for_calls("answerInlineQuery")
    # At shutdown the query the user stopped on is logged, with the verdict it got.
    (row,) = read_rows(tmp_path / "q.sqlite3", "SELECT question, intent FROM questions")
    assert row == {"question": "braconnage elephants", "intent": "unite-mixte-braconnage"}
    assert runs == ["braconnage elephants"]


async def test_a_mention_after_emoji_is_cut_where_telegram_says(bot: Bot) -> None:
    """Telegram counts entity offsets in UTF-16 units, where an emoji takes two: cutting at
    Python indices kept half the mention and cut the question."""
    bot.fake.push_text(
        GROUP, "🙏🙏🙏🙏 @rss_test_bot c koi le moc", user_id=USER, chat_type="supergroup"
    )
    (call,) = await bot.sent()
    assert "Mécanisme opérationnel de coordination" in call.params["text"]
    await bot.idle()
    (row,) = await bot.questions()
    assert row["question"].split() == ["🙏🙏🙏🙏", "c", "koi", "le", "moc"]


async def test_a_shared_inline_answer_is_not_taken_for_a_question(bot: Bot) -> None:
    """An inline answer someone posts ends with the bot's @name, and Telegram delivers it to
    the bot: it must not answer its own text, nor log it as a question."""
    text = "Le mandat de la section RSS-DDR\nSelon la fiche… · @rss_test_bot"
    bot.fake.push_text(GROUP, text, user_id=USER, chat_type="supergroup", via_bot=True)
    bot.fake.push_text(USER, text, user_id=USER, via_bot=True)
    bot.fake.push_text(USER, "c koi le moc", user_id=USER)
    (call,) = await bot.sent()
    assert "Mécanisme opérationnel de coordination" in call.params["text"]
    await bot.idle()
    assert len(bot.fake.calls_to("sendMessage")) == 1
    assert [q["question"] for q in await bot.questions()] == ["c koi le moc"]


async def test_group_answers_only_when_addressed(bot: Bot) -> None:
    bot.fake.push_text(
        GROUP,
        "salut tout le monde, on se voit a Gao ?",
        user_id=USER,
        chat_type="supergroup",
        first_name="Moussa",
    )
    bot.fake.push_text(
        GROUP,
        "@rss_test_bot c koi le moc",
        user_id=USER,
        chat_type="supergroup",
        first_name="Moussa",
    )
    (call,) = await bot.sent()
    assert call.params["chat_id"] == GROUP
    assert "Mécanisme opérationnel de coordination" in call.params["text"]
    assert "Moussa" not in call.params["text"]
    assert "reply_parameters" not in call.params  # never quotes the person's message
    bot.fake.push_text(
        GROUP,
        "et la pej ?",
        user_id=USER,
        chat_type="supergroup",
        reply_to_message_id=call.result["message_id"],
    )
    await bot.sent(2)
    bot.fake.push_text(GROUP, "/aide@rss_test_bot", user_id=USER, chat_type="supergroup")
    await bot.sent(3)
    await bot.idle()
    assert len(bot.fake.calls_to("sendMessage")) == 3
    assert [q["chat_type"] for q in await bot.questions()] == ["group", "group", "group"]


@pytest.mark.parametrize(
    "push",
    ["push_photo", "push_sticker", "push_voice", "push_location", "push_contact", "push_document"],
)
async def test_non_text_gets_one_short_reply(bot: Bot, push: str) -> None:
    getattr(bot.fake, push)(USER, USER)
    (call,) = await bot.sent()
    assert (
        call.params["text"] == "Je ne lis que le texte. Écrivez votre question en quelques mots 🙂"
    )
    await bot.idle()
    assert len(bot.fake.calls_to("sendMessage")) == 1


async def test_edited_messages_and_channel_posts_are_ignored(bot: Bot) -> None:
    bot.fake.push_text(USER, "c koi le moc")
    (call,) = await bot.sent()
    bot.fake.push_edited_text(USER, USER, call.result["message_id"] - 1, "c koi la pej")
    bot.fake.push_channel_post(-100999, "c koi le ddr")
    await bot.idle()
    assert len(bot.fake.calls_to("sendMessage")) == 1


async def test_html_metacharacters_are_escaped(bot: Bot) -> None:
    bot.fake.push_text(USER, "<b>c koi</b> le <i>MOC & co</i>")
    (call,) = await bot.sent()
    assert not call.failed
    bot.fake.push_text(USER, "<script>alert(1)</script> &amp;")
    await bot.sent(2)
    await bot.idle()
    assert not [c for c in bot.fake.calls if c.failed]


async def test_hostile_messages_get_a_reply(bot: Bot) -> None:
    for text in ["x" * 4096, "\u202e\u200b\u200d", "🇲🇱" * 500, "ما هو الإصلاح؟"]:
        bot.fake.push_text(USER, text)
    calls = await bot.sent(4)
    assert all(len(c.params["text"]) <= 4096 for c in calls)


async def test_send_retried_after_429_and_5xx(engine: Engine, tmp_path: Path) -> None:
    time = FakeClock()
    async with running_bot(engine, tmp_path / "q.sqlite3", time=time) as bot:
        bot.fake.fail_next("sendMessage", status=429, retry_after=7)
        bot.fake.fail_next("sendMessage", status=502)
        bot.fake.push_text(USER, "c koi le moc")
        (call,) = await bot.sent()
        assert "Mécanisme" in call.params["text"]
        failed = [c for c in bot.fake.calls_to("sendMessage") if c.failed]
        assert len(failed) == 2
    # Waited as long as Telegram asked, then the first back-off after the 502; on the
    # limiter's clock, so the test itself does not wait.
    assert time.slept == [7.0, RETRY_BACKOFF_S[1]]


async def test_blocked_user_is_no_error(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    bot.fake.block_chat(USER)
    with caplog.at_level(logging.INFO):
        bot.fake.push_text(USER, "c koi le moc")
        await bot.idle()
        bot.fake.push_text(USER + 1, "c koi le moc")
        (call,) = await bot.sent()
    assert call.params["chat_id"] == USER + 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # The refused reply's question is logged all the same: it was asked.
    assert [q["intent"] for q in await bot.questions()] == ["glossaire-moc", "glossaire-moc"]


async def test_flood_control_answers_once_then_drops(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path / "q.sqlite3", user_rate=3) as bot:
        for n in range(6):
            bot.fake.push_text(USER, f"c koi le moc {n}")
        bot.fake.push_text(USER + 1, "c koi la pej")
        await bot.idle()
        texts = [
            c.params["text"]
            for c in bot.fake.calls_to("sendMessage")
            if c.params["chat_id"] == USER
        ]
        assert len(texts) == 4
        assert texts[-1].startswith("Doucement")
        assert len(bot.fake.calls_to("sendMessage")) == 5  # the other user is not slowed
        assert len(await bot.questions()) == 4


async def test_every_button_press_over_the_budget_stops_its_spinner(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path / "q.sqlite3", user_rate=1) as bot:
        for _ in range(3):
            bot.fake.push_callback(USER, USER, "t:glossaire-moc")
        await bot.idle()
        acks = bot.fake.calls_to("answerCallbackQuery")
        # Served, warned once, then dropped: each press is still acknowledged, the
        # warning said once, and only the first press gets its answer.
        assert len(acks) == 3
        assert [a.params.get("text") for a in acks].count(TOO_FAST) == 1
        assert len(bot.fake.calls_to("sendMessage")) == 1


async def test_long_answer_is_split_at_paragraphs(write_kb: WriteKB, tmp_path: Path) -> None:
    folder = write_long_answer_kb(write_kb)
    kb = load(folder)
    async with running_bot(Engine(kb, Matcher(kb)), tmp_path / "q.sqlite3") as bot:
        bot.fake.push_text(USER, "reponse longue")
        first, second = await bot.sent(2)
        assert first.params.get("reply_markup") is None
        assert second.params["reply_markup"]["inline_keyboard"]
        assert all(len(c.params["text"]) <= 4096 for c in (first, second))
        assert not first.params["text"].endswith(" ")


async def test_error_in_a_handler_keeps_the_bot_running(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    engine = handlers.services_for(bot.app).engine
    original = engine.reply
    calls = iter([RuntimeError("bug"), None])

    def flaky(question: str):  # type: ignore[no-untyped-def]
        error = next(calls, None)
        if error:
            raise error
        return original(question)

    monkeypatch.setattr(engine, "reply", flaky)
    with caplog.at_level(logging.ERROR):
        bot.fake.push_text(USER, "c koi le moc")
        (sorry,) = await bot.sent()
        bot.fake.push_text(USER, "c koi le moc")
        _, answer = await bot.sent(2)
    assert sorry.params["text"].startswith("Désolé, un problème")
    assert "Mécanisme" in answer.params["text"]
    assert any("Erreur pendant le traitement" in r.getMessage() for r in caplog.records)


async def test_error_handler_copes_without_update(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """An error with no update (here, in a background task of the bot) is logged with its
    traceback, nobody gets a message, and the bot keeps answering."""
    error = RuntimeError("réseau")

    async def background() -> None:
        raise error

    with caplog.at_level(logging.ERROR):
        bot.app.create_task(background())  # PTB hands its error to on_error, update=None
        await eventually(lambda: any(r.exc_info for r in caplog.records))
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.getMessage() == "Erreur pendant le traitement d'une mise à jour"
    assert record.exc_info is not None
    assert record.exc_info[1] is error
    await bot.idle()
    assert bot.fake.calls_to("sendMessage") == []
    bot.fake.push_text(USER, "c koi le moc")
    (answer,) = await bot.sent()
    assert "Mécanisme" in answer.params["text"]


async def test_stats_for_admins_only(engine: Engine, tmp_path: Path) -> None:
    admin = 4242
    async with running_bot(engine, tmp_path / "q.sqlite3", admin_ids=(admin,)) as bot:
        for text in ("c koi le moc", "c koi le moc", "ou sont les camps moc", "recette du tiep"):
            bot.fake.push_text(USER, text)
        bot.fake.push_text(USER + 1, "recette du tiep")
        bot.fake.push_text(USER + 2, "mon frere est parti avec un groupe arme a kidal")
        await bot.sent(6)
        bot.fake.push_text(USER, "/stats")
        ordinary = (await bot.sent(7))[6]
        assert not ordinary.params["text"].startswith("📊")  # an ordinary reply
        bot.fake.push_text(admin, "/stats")
        stats = (await bot.sent(8))[7]
        text = stats.params["text"]
        assert text.startswith("📊 Statistiques")
        assert "Aujourd'hui : 7 question(s)." in text
        assert "MOC, c'est quoi ? : 2" in text
        assert "recette du tiep" in text  # asked by two people
        # Asked by one person, it may tell who they are: counted, not quoted.
        assert "kidal" not in text
        assert "question(s) posée(s) par une seule personne, non montrées" in text


async def test_stats_is_never_posted_in_a_group(engine: Engine, tmp_path: Path) -> None:
    """Even from staff, /stats in a group would show every member what others asked."""
    admin = 4242
    async with running_bot(engine, tmp_path / "q.sqlite3", admin_ids=(admin,)) as bot:
        for user in (USER, USER + 1):
            bot.fake.push_text(user, "mon frere est parti avec un groupe arme a kidal")
        await bot.sent(2)
        bot.fake.push_text(GROUP, "/stats", user_id=admin, chat_type="supergroup")
        await bot.idle()
        in_group = [c for c in bot.fake.calls_to("sendMessage") if c.params["chat_id"] == GROUP]
        assert all(not c.params["text"].startswith("📊") for c in in_group)
        assert all("kidal" not in c.params["text"] for c in in_group)


async def test_bot_never_holds_more_updates_than_it_can_lose(bot: Bot) -> None:
    """Updates the bot confirmed are gone from Telegram: it takes no more than
    UPDATES_IN_HAND before it has handled them (so a crash loses at most that many)."""
    for n in range(60):
        bot.fake.push_text(USER + n, f"c koi le moc {n}")
    await bot.sent(60)
    polls = [c for c in bot.fake.calls_to("getUpdates") if c.done and not c.failed]
    assert all(int(c.params["limit"]) <= UPDATES_IN_HAND for c in polls)
    assert max(len(c.result) for c in polls) <= UPDATES_IN_HAND
    assert len(polls) >= 60 // UPDATES_IN_HAND


# --- privacy: personal data redacted, /oublier ---------------------------------------------


async def test_personal_data_is_answered_past_and_stored_redacted(
    engine: Engine, tmp_path: Path
) -> None:
    db = tmp_path / "q.sqlite3"
    async with running_bot(engine, db, time=FakeClock()) as bot:
        bot.fake.push_text(USER, "bonjour mon numero est 76 12 34 56, c koi le MOC ?")
        (answer,) = await bot.sent()
        assert answer.params["text"].startswith("<b>MOC, c'est quoi ?</b>")
        bot.fake.push_inline_query(USER, "camps moc awa.traore@gmail.com")
        (found,) = await bot.fake.wait_for_calls("answerInlineQuery")
        assert found.params["results"][0]["id"] == "camps-moc"
    rows = read_rows(db, "SELECT channel, question, normalized, intent FROM questions")
    assert rows == [
        {
            "channel": "telegram",
            "question": "bonjour mon numero est [téléphone], c koi le MOC ?",
            "normalized": "c quoi le moc",
            "intent": "glossaire-moc",
        },
        {
            "channel": "inline",
            "question": "camps moc [e-mail]",
            "normalized": "camps moc",
            "intent": "camps-moc",
        },
    ]


async def test_oublier_asks_then_erases_the_senders_questions_only(bot: Bot) -> None:
    other = USER + 1
    bot.fake.push_text(USER, "c koi le moc")
    bot.fake.push_text(other, "c koi la pej")
    answer = next(c for c in await bot.sent(2) if c.params["chat_id"] == USER)
    up = next(data for label, data in buttons(answer) if label == "👍")
    bot.fake.push_callback(USER, USER, up, message_id=answer.result["message_id"])
    await bot.fake.wait_for_calls("editMessageReplyMarkup")

    bot.fake.push_text(USER, "/oublier")
    prompt = (await bot.sent(3))[2]
    assert prompt.params["text"].startswith("Voulez-vous que j'efface toutes vos questions")
    assert buttons(prompt) == [("Oui, tout effacer", "x"), ("Non, ne rien effacer", "k")]
    bot.fake.push_callback(USER, USER, "k", message_id=prompt.result["message_id"])
    (kept,) = await bot.fake.wait_for_calls("editMessageText")
    assert kept.params["text"].startswith("D'accord, je n'ai rien effacé.")
    assert len(await bot.questions()) == 2

    bot.fake.push_text(USER, "Supprime mes données !")  # in plain words, too
    prompt = (await bot.sent(4))[3]
    assert buttons(prompt)[0] == ("Oui, tout effacer", "x")
    bot.fake.push_callback(USER, USER, "x", message_id=prompt.result["message_id"])
    done = (await bot.fake.wait_for_calls("editMessageText", 2))[1]
    assert done.params["text"].startswith("C'est fait : 1 question et 1 réaction effacées.")
    rows = await bot.questions()  # neither request was logged as a question
    assert [(r["question"], r["user_key"]) for r in rows] == [
        ("c koi la pej", pseudonym(KEY, other))
    ]
    assert await bot.events() == []


async def test_oublier_drops_the_inline_query_not_logged_yet(
    engine: Engine, tmp_path: Path
) -> None:
    time = FakeClock()
    async with running_bot(engine, tmp_path / "q.sqlite3", time=time) as bot:
        bot.fake.push_inline_query(USER, "camps moc")
        await bot.fake.wait_for_calls("answerInlineQuery")
        bot.fake.push_callback(USER, USER, "x")  # "Oui" under an earlier /oublier question
        (said,) = await bot.fake.wait_for_calls("editMessageText")
        assert said.params["text"].startswith("Il n'y avait rien d'enregistré pour vous")
        time.now += inline.SETTLE_S
        handlers.record_settled_inline(bot.app)
        assert await bot.questions() == []
    assert read_rows(tmp_path / "q.sqlite3", "SELECT * FROM questions") == []


async def test_oublier_in_a_group_answers_the_sender_alone(bot: Bot) -> None:
    bot.fake.push_text(GROUP, "@rss_test_bot c koi le DDR", user_id=USER, chat_type="supergroup")
    await bot.sent()
    bot.fake.push_callback(GROUP, USER, "x", chat_type="supergroup")
    (alert,) = await bot.fake.wait_for_calls("answerCallbackQuery")
    assert alert.params["show_alert"] is True
    assert alert.params["text"].startswith("C'est fait : 1 question et 0 réaction effacée.")
    await bot.idle()
    assert len(bot.fake.calls_to("sendMessage")) == 1  # nothing said in the group
    assert not bot.fake.calls_to("editMessageText")


async def test_anonymous_admins_count_per_group_not_as_one_telegram_wide_user(
    engine: Engine, tmp_path: Path
) -> None:
    """Telegram shows every anonymous group admin, in every group, as one user: each group's
    anonymous admins get their own budget and pseudonym, not one shared across groups."""
    other_group = GROUP - 1
    async with running_bot(engine, tmp_path / "q.sqlite3", user_rate=1) as bot:
        for text in ("@rss_test_bot c koi le moc", "@rss_test_bot c koi la pej"):
            bot.fake.push_text(GROUP, text, chat_type="supergroup", anonymous_admin=True)
        bot.fake.push_text(
            other_group, "@rss_test_bot c koi le DDR", chat_type="supergroup", anonymous_admin=True
        )
        await bot.idle()
        replies = bot.fake.calls_to("sendMessage")
        assert [c.params["chat_id"] for c in replies] == [GROUP, GROUP, other_group]
        assert replies[1].params["text"].startswith("Doucement")  # the first group's flood
        assert "Désarmement" in replies[2].params["text"]  # the other group is not slowed
        rows = await bot.questions()
    assert [r["user_key"] for r in rows] == [  # the refused question is not logged
        pseudonym(KEY, f"chat:{GROUP}"),
        pseudonym(KEY, f"chat:{other_group}"),
    ]


async def test_oublier_on_behalf_of_a_group_explains_instead_of_asking(bot: Bot) -> None:
    """The confirmation button is pressed by a person, whose id is not the group's: it could
    not erase what an anonymous admin asked, so the bot says how instead."""
    for text in ("/oublier", "@rss_test_bot supprime mes données"):
        bot.fake.push_text(GROUP, text, chat_type="supergroup", anonymous_admin=True)
    first, second = await bot.sent(2)
    for said in (first, second):
        assert said.params["text"].startswith("Vous écrivez au nom du groupe")
        assert "/oublier en privé" in said.params["text"]
        assert "reply_markup" not in said.params
    await bot.idle()
    assert await bot.questions() == []


async def test_about_says_what_is_redacted_and_how_to_erase(bot: Bot) -> None:
    bot.fake.push_text(USER, "/apropos")
    (about,) = await bot.sent()
    assert "[téléphone], [e-mail], [numéro] ou [lien]" in about.params["text"]
    assert "/oublier" in about.params["text"]


async def test_admin_reloads_the_knowledge_base_live(engine: Engine, tmp_path: Path) -> None:
    """/recharger: a valid edit is served at once and the admin is told what changed; an
    invalid one is refused with its problem, and the bot keeps the knowledge base it had."""
    admin = 4242
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    camps = folder / "axe-defense.yaml"
    before = engine.kb.get("camps-moc").answer.splitlines()[0]
    async with running_bot(
        engine, tmp_path / "q.sqlite3", admin_ids=(admin,), knowledge=folder
    ) as bot:
        bot.fake.push_text(admin, "/recharger")
        (same,) = await bot.sent()
        assert same.params["text"].startswith("Base de connaissances inchangée")

        camps.write_text(
            camps.read_text(encoding="utf-8").replace(before, "Réponse corrigée par l'équipe."),
            encoding="utf-8",
        )
        (folder / "ajout.yaml").write_text(
            "intents:\n  - id: horaires-equipe\n    questions: [horaires de l'equipe]\n"
            "    answer: Du lundi au vendredi.\n",
            encoding="utf-8",
        )
        bot.fake.push_text(USER, "/recharger")  # not an admin: an ordinary question
        bot.fake.push_text(admin, "/recharger")
        _, ordinary, told = await bot.sent(3)
        assert not ordinary.params["text"].startswith("Base de connaissances")
        assert told.params["chat_id"] == admin
        text = told.params["text"]
        assert text.startswith(f"Base de connaissances rechargée : version {engine.kb.version} → ")
        assert "Intentions ajoutées (1) : horaires-equipe" in text
        assert "Intentions modifiées (1) : camps-moc" in text
        assert "retirées" not in text

        bot.fake.push_text(USER, "ou sont les camps moc")
        answer = (await bot.sent(4))[3]
        assert "Réponse corrigée par l'équipe." in answer.params["text"]

        lines = camps.read_text(encoding="utf-8").splitlines(keepends=True)
        number = next(n for n, line in enumerate(lines) if line.startswith("    questions:"))
        lines[number] = lines[number][1:]  # one space too few
        camps.write_text("".join(lines), encoding="utf-8")
        bot.fake.push_text(admin, "/recharger")
        refused = (await bot.sent(5))[4].params["text"]
        assert refused.startswith("Base de connaissances NON rechargée : 1 problème(s).")
        assert f"{camps}:{number + 1}: erreur de syntaxe YAML : indentation incorrecte" in refused
        bot.fake.push_text(USER, "ou sont les camps moc")
        still = (await bot.sent(6))[5]
        assert "Réponse corrigée par l'équipe." in still.params["text"]

        rows = await bot.questions()
        versions = [row["kb_version"] for row in rows if row["intent"] == "camps-moc"]
        assert len(set(versions)) == 1
        assert versions[0] != engine.kb.version
        assert rows[0]["kb_version"] == engine.kb.version  # the first /recharger, as a question
