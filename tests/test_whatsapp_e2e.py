"""End to end: the real `rss-bot run` process with both doors, against the fake Graph API
and the fake Bot API on 127.0.0.1, receiving signed webhook POSTs as Meta sends them."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from .conftest import KNOWLEDGE, ROOT, eventually, read_rows
from .fake_bot_api import FakeBotAPI
from .fake_graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphAPI, Webhook, free_port

APP_SECRET = "meta-app-secret-0f1e2d3c"
VERIFY_TOKEN = "verifie-moi-42"
TELEGRAM_TOKEN = "987654321:AAE-e2eSecretTokenValue_xyz"
AWA, MOUSSA, FATOU = "22370000001", "22370000002", "22370000003"


def interactive_ids(body: dict) -> list[str]:
    """The choice ids a message offers (buttons or list rows)."""
    interactive = body.get("interactive", {})
    action = interactive.get("action", {})
    if interactive.get("type") == "button":
        return [b["reply"]["id"] for b in action["buttons"]]
    return [row["id"] for section in action.get("sections", []) for row in section["rows"]]


def body_text(body: dict) -> str:
    if body["type"] == "text":
        return body["text"]["body"]
    return body["interactive"]["body"]["text"]


@dataclass
class Running:
    graph: FakeGraphAPI
    telegram: FakeBotAPI
    hook: Webhook
    process: asyncio.subprocess.Process
    env: dict[str, str]
    port: int
    db: Path
    log: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(self.process.communicate(), 30)
        self.log = stderr.decode()
        return self.process.returncode or 0


def whatsapp_env(graph: FakeGraphAPI, port: int, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("RSS_BOT", "TELEGRAM", "WHATSAPP"))
    }
    env.update(
        WHATSAPP_ACCESS_TOKEN=TOKEN,
        WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID,
        WHATSAPP_APP_SECRET=APP_SECRET,
        WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN,
        WHATSAPP_API_BASE_URL=graph.base_url,
        RSS_BOT_WHATSAPP_PORT=str(port),
        RSS_BOT_KNOWLEDGE=str(KNOWLEDGE),
        RSS_BOT_DB=str(tmp_path / "questions.sqlite3"),
        RSS_BOT_MODEL_CACHE=os.environ["RSS_BOT_MODEL_CACHE"],
        RSS_BOT_SEND_RATE="0",
        **extra,
    )
    return env


async def start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "rss_bot", "run", cwd=ROOT, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def until_listening(url: str, process: asyncio.subprocess.Process) -> None:
    """Wait for the webhook server (the knowledge base loads first)."""
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            assert process.returncode is None, "the bot stopped"
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError("the WhatsApp webhook never opened")


@pytest.fixture
async def both(tmp_path: Path) -> AsyncIterator[Running]:
    """One `rss-bot run` with Telegram and WhatsApp configured."""
    async with FakeGraphAPI() as graph, FakeBotAPI(token=TELEGRAM_TOKEN) as telegram:
        port = free_port()
        env = whatsapp_env(
            graph,
            port,
            tmp_path,
            TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            RSS_BOT_LOG_LEVEL="DEBUG",
        )
        process = await start(env)
        try:
            await until_listening(f"http://127.0.0.1:{port}", process)
            async with Webhook(f"http://127.0.0.1:{port}/whatsapp", APP_SECRET) as hook:
                yield Running(
                    graph, telegram, hook, process, env, port, tmp_path / "questions.sqlite3"
                )
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def test_a_new_user_on_whatsapp_and_telegram_at_once(both: Running) -> None:
    graph, hook = both.graph, both.hook

    # Meta's subscription check: the challenge back with the right token only.
    async with aiohttp.ClientSession() as http:
        check = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
        async with http.get(both.hook.url, params={**check, "hub.verify_token": VERIFY_TOKEN}) as r:
            assert (r.status, await r.text()) == (200, "1158201444")
        async with http.get(both.hook.url, params={**check, "hub.verify_token": "faux"}) as r:
            assert r.status == 403

    # A question: marked as read, answered with its title in bold and related topics.
    question = hook.text(AWA, "ou sont les camps moc")
    assert await hook.send(question) == 200
    (answer,) = await graph.wait_for_messages(1, AWA)
    assert body_text(answer).startswith("*Les camps du MOC*\n")
    assert "Gao, de Kidal et de Tombouctou" in body_text(answer)
    offered = interactive_ids(answer)
    assert offered[-1] == "m"
    await eventually(lambda: question["id"] in graph.reads())

    # The menu, then a topic picked from its list.
    assert await hook.send(hook.text(AWA, "menu")) == 200
    menu = (await graph.wait_for_messages(2, AWA))[1]
    assert menu["interactive"]["type"] == "list"
    assert interactive_ids(menu)[-1] == "t:glossaire"
    picked = hook.choice(AWA, "t:axe-frontieres-armes", "Axe 3 : frontières et…", row=True)
    assert await hook.send(picked) == 200
    axis = (await graph.wait_for_messages(3, AWA))[2]
    assert body_text(axis).startswith("*Axe 3 : frontières et armes légères*")

    # A vague question: 'Vouliez-vous dire…'; a suggestion taken with a reply button.
    assert await hook.send(hook.text(AWA, "formations")) == 200
    suggest = (await graph.wait_for_messages(4, AWA))[3]
    assert body_text(suggest) == "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire :"
    choices = interactive_ids(suggest)
    assert choices[-1].startswith("n:")
    assert all(c.startswith("s:") for c in choices[:-1])
    assert await hook.send(hook.choice(AWA, choices[0], "…")) == 200
    chosen = (await graph.wait_for_messages(5, AWA))[4]
    assert body_text(chosen).startswith("*")

    # A voice note gets one short reply; a status callback is no question.
    assert await hook.send(hook.voice_note(AWA)) == 200
    voice = (await graph.wait_for_messages(6, AWA))[5]
    assert body_text(voice) == "Je ne lis que le texte. Écrivez votre question en quelques mots 🙂"
    failed = hook.delivery(statuses=[hook.status(AWA, "failed", 131047), hook.status(AWA, "read")])
    assert await hook.post(failed) == 200

    # The same message delivered again, then ten times at once: answered once.
    twice = hook.text(MOUSSA, "c koi le DDR")
    assert await hook.send(twice) == 200
    await graph.wait_for_messages(1, MOUSSA)
    assert await hook.send(twice) == 200
    storm = hook.text(MOUSSA, "c'est quoi la PEJ ?")
    assert set(await asyncio.gather(*(hook.send(storm) for _ in range(10)))) == {200}

    # Refused, and never answered: no or a wrong signature, malformed JSON, 2 MB.
    forged = hook.delivery(messages=[hook.text(FATOU, "c koi le moc")])
    assert await hook.post(forged, signature="") == 403
    assert await hook.post(forged, signature="sha256=" + "0" * 64) == 403
    assert await hook.post(b'{"entry": [', signature=None) == 400
    assert await hook.post(b"[" * 100_000 + b"]" * 100_000, signature=None) == 400
    assert await hook.post(b'{"pad": "' + b"x" * 2_000_000 + b'"}') == 413

    # A campaign link's prefilled text: answered, and counted for the campaign.
    link_text = "Bonjour ! Où sont les camps du MOC ? (réf. mopti)"
    assert await hook.send(hook.text(FATOU, link_text)) == 200
    (campaign_answer,) = await graph.wait_for_messages(1, FATOU)
    assert body_text(campaign_answer).startswith("*Les camps du MOC*")

    # Telegram, in the same process.
    both.telegram.push_text(555, "c koi le moc")
    (telegram_answer,) = await both.telegram.wait_for_calls("sendMessage", timeout=30)
    assert "Mécanisme opérationnel de coordination" in telegram_answer.params["text"]

    await graph.wait_until_idle()
    assert len(graph.messages(MOUSSA)) == 2  # one answer each, whatever the deliveries
    assert graph.messages(FATOU) == [campaign_answer]  # the refused posts were not handled
    assert graph.invalid() == []  # every message kept WhatsApp's limits
    assert await both.stop() == 0

    rows = read_rows(both.db, "SELECT channel, question, campaign, user_key FROM questions")
    whatsapp = [r for r in rows if r["channel"] == "whatsapp"]
    assert {r["question"] for r in whatsapp} >= {"ou sont les camps moc", "c koi le DDR"}
    assert {r["campaign"] for r in whatsapp if "camps du MOC" in r["question"]} == {"mopti"}
    assert [r for r in rows if r["channel"] == "telegram"]
    assert len({r["user_key"] for r in whatsapp}) == 3

    # The phone numbers, message ids and profile names are nowhere: database, logs.
    stored = b"".join(p.read_bytes() for p in both.db.parent.glob("questions.sqlite3*"))
    for secret in (AWA, MOUSSA, FATOU, question["id"], "Aminata"):
        assert secret.encode() not in stored, secret
        assert secret not in both.log, secret
    for secret in (TOKEN, APP_SECRET, VERIFY_TOKEN, TELEGRAM_TOKEN):
        assert secret not in both.log
    assert "code 131047" in both.log
    assert "WhatsApp prêt" in both.log
    assert "Bot @rss_test_bot prêt" in both.log

    # Staff see both doors side by side.
    stats = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "rss_bot", "stats", "--db", str(both.db), cwd=ROOT,
        env=both.env, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    said, _ = await stats.communicate()
    line = next(x for x in said.decode().splitlines() if x.startswith("Par canal"))
    assert "WhatsApp" in line
    assert "Telegram" in line


async def test_a_message_delivered_again_after_a_restart_is_not_answered(tmp_path: Path) -> None:
    async with FakeGraphAPI() as graph:
        port = free_port()
        env = whatsapp_env(graph, port, tmp_path)
        url = f"http://127.0.0.1:{port}"
        first = hook_message = None
        async with Webhook(f"{url}/whatsapp", APP_SECRET) as hook:
            hook_message = hook.text(AWA, "c koi le moc")
            first = await start(env)
            await until_listening(url, first)
            assert await hook.send(hook_message) == 200
            await graph.wait_for_messages(1, AWA)
            first.send_signal(signal.SIGTERM)
            await asyncio.wait_for(first.communicate(), 30)
            assert first.returncode == 0

            second = await start(env)
            try:
                await until_listening(url, second)
                assert await hook.send(hook_message) == 200  # Meta's redelivery
                assert await hook.send(hook.text(AWA, "merci")) == 200
                await graph.wait_for_messages(2, AWA)
                await graph.wait_until_idle(quiet=0.3)
            finally:
                second.send_signal(signal.SIGTERM)
                await asyncio.wait_for(second.communicate(), 30)
        assert len(graph.messages(AWA)) == 2  # the first answer and the one to "merci"
        with sqlite3.connect(tmp_path / "questions.sqlite3") as db:
            (seen,) = db.execute("SELECT count(*) FROM seen_messages").fetchone()
        assert seen == 2


async def test_whatsapp_needs_its_app_secret_and_verify_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RSS_BOT", "WHATSAPP"))}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.update(WHATSAPP_ACCESS_TOKEN=TOKEN, WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID)
    process = await start(env)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 1
    message = stderr.decode()
    assert "WHATSAPP_APP_SECRET : obligatoire pour WhatsApp" in message
    assert "WHATSAPP_VERIFY_TOKEN : obligatoire pour WhatsApp" in message
    assert TOKEN not in message
