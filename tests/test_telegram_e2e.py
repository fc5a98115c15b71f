"""End to end: the real `rss-bot run` process against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import stat
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from .conftest import KNOWLEDGE, ROOT, eventually, read_rows
from .fake_bot_api import Call, FakeBotAPI

TOKEN = "987654321:AAE-e2eSecretTokenValue_xyz"
USER = 555
GROUP = -100777


def keyboard(call: Call) -> list[list[tuple[str, str]]]:
    markup = call.params.get("reply_markup") or {"inline_keyboard": []}
    return [[(b["text"], b["callback_data"]) for b in row] for row in markup["inline_keyboard"]]


class BotProcess:
    def __init__(self, fake: FakeBotAPI, process: asyncio.subprocess.Process) -> None:
        self.fake = fake
        self.process = process
        self.log = ""

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(self.process.communicate(), 20)
        self.log = stderr.decode()
        return self.process.returncode


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotProcess]:
    async with FakeBotAPI(token=TOKEN) as fake:
        env = base_env(fake, tmp_path, RSS_BOT_LOG_LEVEL="DEBUG", RSS_BOT_SEND_RATE="30")
        process = await start_bot(env)
        running = BotProcess(fake, process)
        try:
            yield running
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def test_scripted_conversation(bot: BotProcess) -> None:
    fake = bot.fake
    await fake.wait_for_calls("setMyCommands", timeout=30)

    # /start: welcome, the date of the information, the main menu.
    fake.push_text(USER, "/start")
    (welcome,) = await fake.wait_for_calls("sendMessage")
    assert welcome.params["chat_id"] == USER
    assert welcome.params["parse_mode"] == "HTML"
    assert welcome.params["text"].startswith("Bonjour ! Je suis l'assistant RSS-DDR.")
    assert "2017" in welcome.params["text"]
    assert keyboard(welcome) == [
        [("Le mandat de la section RSS-DDR", "t:mandat-section")],
        [("Axe 1 : défense et sécurité intérieure", "t:axe-defense-securite")],
        [("Axe 2 : contrôle démocratique", "t:axe-controle-democratique")],
        [("Axe 3 : frontières et armes légères", "t:axe-frontieres-armes")],
        [("Glossaire des sigles", "t:glossaire")],
    ]

    # A menu click: the axis opens with its results as buttons.
    fake.push_callback(
        USER, USER, "t:axe-frontieres-armes", message_id=welcome.result["message_id"]
    )
    axis = (await fake.wait_for_calls("sendMessage", 2))[1]
    assert axis.params["text"].startswith("<b>Axe 3 : frontières et armes légères</b>\n")
    assert [b for row in keyboard(axis) for b in row][:2] == [
        ("Politique Nationale des Frontières", "t:politique-nationale-frontieres"),
        ("Unité anti-braconnage du Gourma", "t:unite-mixte-braconnage"),
    ]
    await fake.wait_for_calls("answerCallbackQuery")

    # A question, answered with related topics, feedback buttons and the menu.
    fake.push_text(USER, "ou sont les camps moc")
    answer = (await fake.wait_for_calls("sendMessage", 3))[2]
    assert answer.params["text"].startswith("<b>Les camps du MOC</b>\n")
    assert "Gao, de Kidal et de Tombouctou" in answer.params["text"]
    (up, down, menu) = keyboard(answer)[-1]
    assert up[0] == "👍"
    assert re.fullmatch(r"f\+:camps-moc:[0-9a-f]{8}", up[1])
    assert (down[0], down[1][:3], menu) == ("👎", "f-:", ("☰ Menu", "m"))

    # A vague question: suggestions, then a click on one of them edits the message.
    fake.push_text(USER, "formations")
    suggest = (await fake.wait_for_calls("sendMessage", 4))[3]
    assert suggest.params["text"] == "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire :"
    rows = keyboard(suggest)
    assert rows[-1][0][0] == "Aucune de ces réponses"
    assert re.fullmatch(r"n:[0-9a-f]{8}", rows[-1][0][1])
    assert all(data.startswith("s:") for row in rows[:-1] for _, data in row)
    chosen = rows[0][0][1]
    chosen_id = chosen.split(":")[1]
    fake.push_callback(USER, USER, chosen, message_id=suggest.result["message_id"])
    (edit,) = await fake.wait_for_calls("editMessageText")
    assert edit.params["message_id"] == suggest.result["message_id"]
    assert edit.params["parse_mode"] == "HTML"
    vote = keyboard(edit)[-1][1]
    assert vote[1].startswith(f"f-:{chosen_id}:")

    # Feedback: acknowledged, the vote buttons removed.
    fake.push_callback(USER, USER, vote[1], message_id=suggest.result["message_id"])
    (markup,) = await fake.wait_for_calls("editMessageReplyMarkup")
    assert all(not data.startswith("f") for row in keyboard(markup) for _, data in row)
    acks = await fake.wait_for_calls("answerCallbackQuery", 3)
    assert acks[-1].params["text"] == "Merci pour votre avis !"

    # A deep link from a campaign poster opens the topic directly.
    fake.push_text(USER + 1, "/start c_mopti__t_campagne-information-jeunes")
    deep = (await fake.wait_for_calls("sendMessage", 5))[4]
    assert deep.params["chat_id"] == USER + 1
    assert "Bamako, Mopti, Tombouctou et Gao" in deep.params["text"]

    # Inline mode, from any chat.
    fake.push_inline_query(USER, "braconnage elephants")
    (inline,) = await fake.wait_for_calls("answerInlineQuery")
    assert inline.params["results"][0]["id"] == "unite-mixte-braconnage"

    # Groups: talk between people is ignored, a mention is answered without names.
    fake.push_text(GROUP, "on se retrouve demain ?", user_id=USER, chat_type="supergroup")
    fake.push_text(
        GROUP,
        "@rss_test_bot c koi le DDR",
        user_id=USER,
        chat_type="supergroup",
        first_name="Aminata",
    )
    group = (await fake.wait_for_calls("sendMessage", 6))[5]
    assert group.params["chat_id"] == GROUP
    assert "Désarmement, Démobilisation et Réintégration" in group.params["text"]
    assert "Aminata" not in group.params["text"]

    # A photo gets one short reply.
    fake.push_photo(USER, USER)
    photo = (await fake.wait_for_calls("sendMessage", 7))[6]
    assert (
        photo.params["text"] == "Je ne lis que le texte. Écrivez votre question en quelques mots 🙂"
    )

    # Telegram says 429 once: the bot waits as asked and the answer still arrives.
    fake.fail_next("sendMessage", status=429, retry_after=1)
    fake.push_text(USER, "c koi le moc")
    retried = (await fake.wait_for_calls("sendMessage", 8, timeout=20))[7]
    assert "Mécanisme opérationnel de coordination" in retried.params["text"]
    failed = [c for c in fake.calls_to("sendMessage") if c.failed]
    assert len(failed) == 1
    assert retried.time - failed[0].time >= 0.9

    await fake.wait_until_idle()
    sent = fake.calls_to("sendMessage", include_failed=False)
    assert len(sent) == 8  # nothing else: the group talk and no duplicate

    assert await bot.stop() == 0
    assert "Bot @rss_test_bot prêt" in bot.log
    assert TOKEN not in bot.log
    assert TOKEN.split(":")[1] not in bot.log
    assert "Aminata" not in bot.log


async def test_run_without_token_says_what_to_set() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RSS_BOT", "TELEGRAM"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "rss_bot",
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 1
    message = stderr.decode()
    assert "TELEGRAM_BOT_TOKEN" in message
    assert "rss-bot chat" in message


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_env(fake: FakeBotAPI, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RSS_BOT", "TELEGRAM"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        RSS_BOT_KNOWLEDGE=str(KNOWLEDGE),
        RSS_BOT_DB=str(tmp_path / "questions.sqlite3"),
    )
    env.update(extra)
    return env


async def start_bot(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "rss_bot", "run", *args, cwd=ROOT, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


def update(update_id: int, chat_id: int, text: str) -> dict[str, object]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Awa"}
    return {
        "update_id": update_id,
        "message": {"message_id": update_id, "date": int(time.time()), "text": text,
                    "chat": {"id": chat_id, "type": "private"}, "from": user},
    }  # fmt: skip


async def test_webhook_checks_the_secret_on_every_request(tmp_path: Path) -> None:
    secret = "webhook-S3cret_value"
    port = free_port()
    public = "https://bot.exemple.org/rss-bot/hook"  # what Telegram calls, at the proxy
    url = f"http://127.0.0.1:{port}/rss-bot/hook"  # where the proxy forwards to
    async with FakeBotAPI(token=TOKEN) as fake:
        env = base_env(
            fake,
            tmp_path,
            RSS_BOT_WEBHOOK_SECRET=secret,
            RSS_BOT_HEARTBEAT=str(tmp_path / "heartbeat"),
        )
        process = await start_bot(
            env, "--webhook", public, "--listen", "127.0.0.1", "--port", str(port)
        )
        try:
            (hook,) = await fake.wait_for_calls("setWebhook", timeout=30)
            assert hook.params["url"] == public
            assert hook.params["secret_token"] == secret
            async with aiohttp.ClientSession() as http:
                missing = None
                for _ in range(100):  # the server starts right after setWebhook
                    try:
                        async with http.post(url, json=update(1, USER, "c koi le moc")) as r:
                            missing = r.status
                        break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
                assert missing == 403
                wrong = {"X-Telegram-Bot-Api-Secret-Token": "autre"}
                async with http.post(url, json=update(2, USER, "c koi le moc"), headers=wrong) as r:
                    assert r.status == 403
                right = {"X-Telegram-Bot-Api-Secret-Token": secret}
                async with http.post(url, json=update(3, USER, "c koi le moc"), headers=right) as r:
                    assert r.status == 200
            (answer,) = await fake.wait_for_calls("sendMessage")
            assert answer.params["chat_id"] == USER
            assert "Mécanisme opérationnel de coordination" in answer.params["text"]
            health = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "rss_bot", "health", env=env, cwd=ROOT,
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            said, _ = await health.communicate()
            assert health.returncode == 0, said
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 20)
        assert process.returncode == 0, stderr.decode()[-2000:]
        assert secret not in stderr.decode()
        assert len(fake.calls_to("sendMessage")) == 1  # the rejected updates were not handled


async def test_sigterm_finishes_answers_and_writes_them_all(tmp_path: Path) -> None:
    async with FakeBotAPI(token=TOKEN) as fake:
        env = base_env(fake, tmp_path)
        process = await start_bot(env)
        await fake.wait_for_calls("setMyCommands", timeout=30)
        stop_pushing = asyncio.Event()

        async def push() -> None:
            n = 0
            while not stop_pushing.is_set():
                n += 1
                fake.push_text(10_000 + n, f"c koi le moc numero {n}")
                await asyncio.sleep(0.005)

        pusher = asyncio.create_task(push())
        await fake.wait_for_calls("sendMessage", 30)
        process.send_signal(signal.SIGTERM)
        # It stops by itself while questions keep coming (the guard only stops a hang).
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
        stop_pushing.set()
        await pusher
    assert process.returncode == 0, stderr.decode()[-2000:]
    answered = {
        c.params["text"] and c.params["chat_id"]
        for c in fake.calls_to("sendMessage")
        if not c.failed
    }
    rows = read_rows(tmp_path / "questions.sqlite3", "SELECT question FROM questions")
    logged = {int(r["question"].rsplit(" ", 1)[1]) + 10_000 for r in rows}
    assert len(answered) >= 30
    assert answered <= logged  # every question answered before the stop is in the database
    # People's questions and the key to their pseudonyms: readable by the bot's account only.
    for name in ("questions.sqlite3", "rss_bot.key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) & 0o077 == 0, name


async def test_personal_data_never_reaches_the_database_and_oublier_erases(
    bot: BotProcess, tmp_path: Path
) -> None:
    """What people type: their number, e-mail, ID; then one of them asks to be forgotten."""
    fake = bot.fake
    other = USER + 1
    await fake.wait_for_calls("setMyCommands", timeout=30)
    fake.push_text(other, "bonjour mon numero est 76 12 34 56, c koi le MOC ?")
    (answer,) = await fake.wait_for_calls("sendMessage")
    assert "Mécanisme opérationnel de coordination" in answer.params["text"]
    for text in (
        "c koi le DDR ? ecrivez moi a awa.traore@gmail.com",
        "ma carte NINA 99887766554, c koi la PEJ",
        "appelez moi au +223 66.01.02.03 stp",
        "vu sur https://exemple.org/profil?id=4411907&nom=awa c koi les 3 axes",
    ):
        fake.push_text(USER, text)
    await fake.wait_for_calls("sendMessage", 5)
    fake.push_text(USER, "/oublier")
    prompt = (await fake.wait_for_calls("sendMessage", 6))[5]
    assert keyboard(prompt) == [[("Oui, tout effacer", "x")], [("Non, ne rien effacer", "k")]]
    fake.push_callback(USER, USER, "x", message_id=prompt.result["message_id"])
    (done,) = await fake.wait_for_calls("editMessageText")
    assert done.params["text"].startswith("C'est fait : 4 questions et 0 réaction effacées.")
    assert await bot.stop() == 0

    rows = read_rows(tmp_path / "questions.sqlite3", "SELECT question FROM questions")
    assert rows == [{"question": "bonjour mon numero est [téléphone], c koi le MOC ?"}]
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("questions"))
    # Needles long enough never to turn up by chance in a hex digest or a timestamp's
    # microseconds (a 4-digit one did, about one run in a hundred).
    written = [b"76 12 34 56", b"awa.traore", b"awa traore", b"gmail", b"99887766554",
               b"66.01.02.03", b"66 01 02 03", b"4411907", b"exemple.org", b"profil"]  # fmt: skip
    assert [w for w in written if w in stored] == []
    assert [w for w in written if w.decode() in bot.log] == []
    assert b"ecrivez moi" not in stored  # the erased questions are overwritten, not unlinked


async def test_sighup_reloads_an_edited_copy_and_keeps_it_when_broken(tmp_path: Path) -> None:
    """The real process: edit a copy of the knowledge base, SIGHUP, the edit is served;
    break a file, SIGHUP, one clear problem is logged and the bot keeps answering; `stats`
    then shows the questions of each version."""
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    glossary = folder / "glossaire.yaml"
    log_file = tmp_path / "bot.log"
    async with FakeBotAPI(token=TOKEN) as fake:
        env = base_env(fake, tmp_path, RSS_BOT_KNOWLEDGE=str(folder))
        with log_file.open("wb") as stderr:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "rss_bot", "run", cwd=ROOT, env=env,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                stderr=stderr,
            )  # fmt: skip
        try:
            await fake.wait_for_calls("setMyCommands", timeout=30)
            fake.push_text(USER, "/glossaire")
            (old,) = await fake.wait_for_calls("sendMessage")
            assert old.params["text"].startswith("<b>Glossaire des sigles</b>")

            text = glossary.read_text(encoding="utf-8")
            glossary.write_text(
                text.replace("title: Glossaire des sigles", "title: Les sigles expliqués"),
                encoding="utf-8",
            )
            process.send_signal(signal.SIGHUP)
            (_, commands) = await fake.wait_for_calls("setMyCommands", 2, timeout=30)
            described = {c["command"]: c["description"] for c in commands.params["commands"]}
            assert described["glossaire"] == "Les sigles expliqués"
            fake.push_text(USER, "/glossaire")
            new = (await fake.wait_for_calls("sendMessage", 2))[1]
            assert new.params["text"].startswith("<b>Les sigles expliqués</b>")

            lines = glossary.read_text(encoding="utf-8").splitlines(keepends=True)
            lines[2] = "\t" + lines[2]  # a tab in the indentation
            glossary.write_text("".join(lines), encoding="utf-8")
            process.send_signal(signal.SIGHUP)
            await eventually(lambda: "NON rechargée" in log_file.read_text(encoding="utf-8"))
            fake.push_text(USER, "/glossaire")
            kept = (await fake.wait_for_calls("sendMessage", 3))[2]
            assert kept.params["text"].startswith("<b>Les sigles expliqués</b>")
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 20)
    log = log_file.read_text(encoding="utf-8")
    assert process.returncode == 0, log[-2000:]
    assert "Intentions modifiées (1) : glossaire" in log
    assert "Base de connaissances NON rechargée : 1 problème(s)." in log
    assert f"{glossary}:3: erreur de syntaxe YAML : tabulation" in log
    assert log.count("cite une intention inconnue") == 0

    stats = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "rss_bot", "stats", "--db", str(tmp_path / "questions.sqlite3"),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(stats.communicate(), 60)
    assert stats.returncode == 0, err.decode()
    by_version = out.decode().split("Par version de la base de connaissances")[1].splitlines()[1:]
    assert [int(line.split()[0]) for line in by_version if line.strip()] == [1, 2]
