"""The `rss-bot` command, run as a user runs it."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rss_bot.cli import build_parser
from rss_bot.knowledge import KnowledgeBase
from rss_bot.querylog import QueryLog

from .conftest import ROOT, WriteKB, modules_loaded

JSON_KEYS = ["question", "intent", "score", "outcome", "answer", "suggestions"]


def rss_bot(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "RSS_BOT_KNOWLEDGE")
    }  # RSS_BOT_DB stays: conftest points it into tmp_path
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "rss_bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_ask_json_contract_from_stdin() -> None:
    result = rss_bot(
        "ask", "--json", stdin="c koi le MOC\nou sont les camps moc\nquel temps fait il\n"
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(line) for line in lines] == [JSON_KEYS] * 3
    moc, camps, weather = lines
    assert (moc["intent"], moc["outcome"]) == ("glossaire-moc", "answer")
    assert "Mécanisme opérationnel de coordination" in moc["answer"]
    assert (camps["intent"], camps["outcome"]) == ("camps-moc", "answer")
    assert all(town in camps["answer"] for town in ("Gao", "Kidal", "Tombouctou"))
    assert weather["intent"] is None
    assert weather["outcome"] == "fallback"
    assert weather["suggestions"] == []
    assert all(0 <= line["score"] <= 100 for line in lines)


def test_ask_suggest_lists_ids_and_shows_titles() -> None:
    line = json.loads(rss_bot("ask", "--json", "securite").stdout)  # vague: several topics
    assert line["outcome"] == "suggest"
    assert line["intent"] is None
    assert len(line["suggestions"]) >= 2
    assert "Vouliez-vous dire" in line["answer"]


def test_ask_one_question_as_arguments() -> None:
    result = rss_bot("ask", "c", "koi", "la", "PEJ")
    assert result.returncode == 0
    assert "Plateforme pour l'engagement des jeunes" in result.stdout


def test_ask_keeps_one_line_per_input_line_even_for_bad_input() -> None:
    stdin = "\n   \n" + "x" * 10_000 + "\n🙂🙂\n\x00\x07\nمرحبا\n"
    result = rss_bot("ask", "--json", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 6
    assert all(json.loads(line)["answer"] for line in result.stdout.splitlines())


def test_ask_plain_batch_is_tab_separated() -> None:
    result = rss_bot("ask", stdin="c koi le MOC\n")
    outcome, intent, score, text = result.stdout.rstrip("\n").split("\t")
    assert (outcome, intent) == ("answer", "glossaire-moc")
    assert float(score) > 0
    assert "\n" not in text


def test_kb_check_valid() -> None:
    result = rss_bot("kb", "check")
    assert result.returncode == 0
    assert result.stdout.startswith("Base de connaissances valide : ")
    assert "intentions" in result.stdout
    assert "Conseil" not in result.stdout  # the shipped base follows its own advice


def test_kb_check_advises_against_an_answer_opening_with_yes_or_no(write_kb: WriteKB) -> None:
    """ "Non." answers "est-elle encore là ?" but says the opposite to "est-elle partie ?"."""
    folder = write_kb(
        faq="intents:\n  - id: ok\n    questions: [q]\n    answer: Nonante ans.\n"
        "  - id: depart\n    questions: ['elle est partie ?', 'elle est encore là ?']\n"
        "    answer: Non, elle a quitté le pays en 2023.\n"
    )
    result = rss_bot("kb", "check", "--knowledge", str(folder))
    assert result.returncode == 0
    advice = [line for line in result.stdout.splitlines() if line.startswith("Conseil : ")]
    assert len(advice) == 1
    assert (
        f"{folder}/faq.yaml:5: la réponse de l'intention « depart » commence par « Non »"
        in (advice[0])
    )


def test_kb_check_broken_names_file_and_line(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n    questions: [q]\n    answer: x\n    answr: y\n")
    result = rss_bot("kb", "check", "--knowledge", str(folder))
    assert result.returncode == 1
    assert f"{folder}/faq.yaml:5: clé inconnue « answr »" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["ask", "bonjour"], ["chat"], ["start"]])
def test_every_command_refuses_a_broken_knowledge_base(
    write_kb: WriteKB, command: list[str]
) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n    questions: [q]\n")
    result = rss_bot(*command, env={"RSS_BOT_KNOWLEDGE": str(folder)})
    assert result.returncode == 1
    assert "faq.yaml:2: champ obligatoire « answer » manquant" in result.stderr
    assert result.stdout == ""


def test_other_knowledge_folder_from_option_and_environment(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq="intents:\n  - id: horaires\n    questions: [horaires, heures d'ouverture]\n"
        "    answer: De 8 h à 16 h.\n"
    )
    by_option = rss_bot("ask", "--json", "--knowledge", str(folder), "horaires d ouverture")
    by_env = rss_bot("ask", "--json", "horaires", env={"RSS_BOT_KNOWLEDGE": str(folder)})
    assert json.loads(by_option.stdout)["intent"] == "horaires"
    assert json.loads(by_env.stdout)["intent"] == "horaires"


def test_chat_works_without_a_terminal() -> None:
    result = rss_bot("chat", stdin="c koi le MOC\n1\nquitter\n")
    assert result.returncode == 0
    assert "Mécanisme opérationnel de coordination" in result.stdout
    assert "Au revoir" in result.stdout


def test_start_without_token_opens_the_terminal_chat() -> None:
    result = rss_bot(stdin="quitter\n")
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Bonjour ! Je suis l'assistant RSS-DDR" in result.stdout


def test_knowledge_folder_is_the_project_one(tmp_path: Path, kb: KnowledgeBase) -> None:
    """Without --knowledge or RSS_BOT_KNOWLEDGE, commands read the project's knowledge base,
    from the checkout and from any other folder."""
    expected = (
        f"Base de connaissances valide : {len(kb.intents)} intentions, {kb.question_count} "
        f"questions, {len(kb.files)} fichiers."
    )
    for cwd in (ROOT, tmp_path):
        result = rss_bot("kb", "check", cwd=cwd)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected


def test_kb_eval_prints_french_figures() -> None:
    result = rss_bot("kb", "eval", str(ROOT / "tests" / "data" / "questions.yaml"))
    assert result.returncode == 0
    assert "répondu juste" in result.stdout
    assert "rss-bot" in result.stdout
    assert "Seuils de cette base : réponse si confiance ≥" in result.stdout


def test_kb_eval_beside_baselines_clean_and_noisy() -> None:
    folder = ROOT / "tests" / "data" / "faq_sante"
    result = rss_bot(
        "kb",
        "eval",
        str(folder.parent / "faq_sante_questions.yaml"),
        "--knowledge",
        str(folder),
        "--baselines",
        "--noisy",
        "-v",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("rss-bot face à la meilleure référence") == 2
    for name in ("tfidf", "logreg"):
        assert out.count(f"  {name} ") == 2
    assert "Copies bruitées" in out
    assert "Erreurs de rss-bot" in out
    assert "Sujets les plus probables" in out  # each miss is explained


def test_ask_explain_says_why() -> None:
    result = rss_bot("ask", "--explain", "c koi le moc")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Forme comparée : c quoi le moc" in out
    assert "1. glossaire-moc" in out
    assert "Confiance calibrée" in out
    assert "Seuils de cette base" in out
    assert "deux sujets réunissant au moins 90 % de la probabilité sont proposés tous" in out
    assert "Décision : réponse directe" in out
    assert "Réponse envoyée : réponse sur glossaire-moc — « MOC veut dire" in out
    # numbers as French staff write them: a decimal comma, never a point
    assert re.search(r"probabilité \d+,\d %, sortie du modèle \d,\d\d", out), out
    assert re.search(r"Confiance calibrée : \d+,\d / 100 \(indice -?\d,\d{3} = p1 − 0,5", out)
    assert not re.search(r"\d\.\d", out), out


def test_ask_explain_shows_what_the_rules_after_the_matcher_sent() -> None:
    """The matcher's decision is not always what the user gets: a detail the sheet does not
    give turns an answer into "la fiche ne donne pas…"."""
    result = rss_bot("ask", "--explain", "les camps du MOC ont ouvert quand ?")
    assert result.returncode == 0, result.stderr
    sent = result.stdout.strip().splitlines()[-1]
    assert sent == (
        "Réponse envoyée : pas de réponse sur un sujet, camps-moc en bouton — « La fiche ne "
        "donne pas cette date. »"
    )


def test_ask_explain_says_an_ok_asks_nothing() -> None:
    result = rss_bot("ask", "--explain", "d'accord")
    assert result.returncode == 0, result.stderr
    assert "Forme comparée : ok" in result.stdout
    assert "le message dit seulement « d'accord »" in result.stdout
    assert "Sujets les plus probables" not in result.stdout


def test_unknown_command_is_explained_in_french() -> None:
    result = rss_bot("parle")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("rss-bot : erreur : argument COMMANDE : choix invalide : 'parle'")
    assert line.endswith("(aide : rss-bot -h)")


def test_french_is_scoped_to_rss_bots_own_parser(capsys: pytest.CaptureFixture[str]) -> None:
    build_parser().format_help()
    other = argparse.ArgumentParser(prog="autre")  # another tool in the same process
    other.add_argument("--n", type=int)
    with pytest.raises(SystemExit):
        other.parse_args(["--n", "x"])
    said = capsys.readouterr().err
    assert "usage: autre" in said
    assert "invalid int value: 'x'" in said
    assert "utilisation : rss-bot" in build_parser().format_help()


def _eval_in_scope(tmp_path: Path, in_scope: str) -> subprocess.CompletedProcess[str]:
    """`rss-bot kb eval` on a question file of these in-scope items and one off-topic one."""
    questions = tmp_path / "questions.yaml"
    questions.write_text(f"in_scope:\n{in_scope}out_of_scope: [match de foot]\n", encoding="utf-8")
    return rss_bot("kb", "eval", str(questions))


def test_kb_eval_refuses_a_file_naming_an_intent_the_base_lacks(tmp_path: Path) -> None:
    result = _eval_in_scope(
        tmp_path,
        "  - {q: c koi le ddr, intent: glossaire-ddr}\n"
        "  - {q: c koi le moc et la pej, intent: [glossaire-moc, glosaire-pej]}\n",
    )
    assert result.returncode != 0
    (line,) = result.stderr.splitlines()
    assert "1 identifiant(s) d'intention absent(s) de la base : glosaire-pej" in line


def test_kb_eval_reads_a_list_under_intent_as_two_topics(tmp_path: Path) -> None:
    result = _eval_in_scope(
        tmp_path,
        "  - q: c koi le DDR ? et le MOC c koi ?\n    intent: [glossaire-ddr, glossaire-moc]\n",
    )
    assert result.returncode == 0, result.stderr
    # both topics answered, and nothing else: right first, answered right, no wrong answer
    assert re.search(r"rss-bot +100,0 % +100,0 % +0 ", result.stdout), result.stdout


def test_version() -> None:
    from rss_bot import __version__

    result = rss_bot("--version")
    assert (result.returncode, result.stdout) == (0, f"rss-bot {__version__}\n")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "--output", "/no/such/dir/q.csv"], "Impossible d'écrire l'export"),
        (["export", "--output", "/no/such/dir/q.xlsx"], "Impossible d'écrire l'export"),
        (["forget"], "il faut l'un de ces arguments : --telegram-id --whatsapp"),
        (["report", "--html", "{file}/r.html"], "Impossible d'écrire le rapport"),
        (["links", "--bot", "rss_test_bot", "--qr", "{file}"], "Impossible d'écrire les QR"),
        (["kb", "eval", "{file}"], "Fichier de questions invalide"),
        (["kb", "eval", "/no/such/questions.yaml"], "Fichier introuvable"),
        (["stats", "--db", "/no/such/db.sqlite3"], "aucune base de questions"),
        (
            ["stats", "--db", "{folder}"],
            "base de questions illisible : {folder} (c'est un dossier)",
        ),
        (["stats", "--since", "hier"], "durée invalide"),
        (["links", "--bot", "x y"], "Nom de bot invalide"),
        (["links", "--bot", "rss_test_bot", "--qr-size", "100000"], "trop grand"),
        (["links", "--bot", "rss_test_bot", "--qr-size", "-5"], "en pixels (nombre positif)"),
        (["unanswered", "--since", "99999999d"], "durée trop longue"),
        (["purge", "--older-than", "9999999999999999999999h"], "durée trop longue"),
        (["unanswered", "--limit", "beaucoup"], "'beaucoup' n'est pas un entier"),
        (["ask", "--jsn"], "arguments non reconnus : --jsn"),
    ],
)
def test_every_error_is_one_french_line(
    args: list[str], said: str, tmp_path: Path, query_log_in_tmp: Path
) -> None:
    a_file = tmp_path / "pas-un-dossier"
    a_file.write_text("in_scope: [\n", encoding="utf-8")  # nor a labelled YAML file
    asyncio.run(_empty_log(query_log_in_tmp))  # a log exists: only the named file is wrong
    result = rss_bot(*(a.format(file=a_file, folder=tmp_path) for a in args))
    assert result.returncode != 0
    (line,) = result.stderr.splitlines()
    assert said.format(folder=tmp_path) in line


def _subparsers(parser):  # type: ignore[no-untyped-def]
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                yield name, sub
                yield from _subparsers(sub)


def test_every_command_has_help_with_an_example() -> None:
    commands = list(_subparsers(build_parser()))
    assert {"ask", "chat", "start", "run", "links", "kb", "check", "eval"} <= {
        name for name, _ in commands
    }
    for name, sub in commands:
        assert "Exemple :" in sub.format_help(), name
        assert "rss-bot" in sub.epilog, name


async def _empty_log(path: Path) -> None:
    async with QueryLog(path, b"cli-test-key"):
        pass


def test_links_for_a_campaign(tmp_path: Path) -> None:
    result = rss_bot("links", "--campaign", "mopti", env={"RSS_BOT_USERNAME": "rss_test_bot"})
    assert result.returncode == 0, result.stderr
    lines = {
        i: (title, url) for i, title, url in (row.split("\t") for row in result.stdout.splitlines())
    }
    assert lines["accueil"] == (
        "Accueil et menu des sujets",
        "https://t.me/rss_test_bot?start=c_mopti",
    )
    assert lines["camps-moc"] == (
        "Les camps du MOC",
        "https://t.me/rss_test_bot?start=c_mopti__t_camps-moc",
    )
    assert all(len(url.split("start=")[1]) <= 64 for _, url in lines.values())
    # Greetings, thanks and questions about the bot get no poster.
    for small_talk in ("salutation", "remerciements", "au-revoir", "insulte", "bot-identite"):
        assert small_talk not in lines


def test_links_qr_codes_scan_back_to_the_link(tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    result = rss_bot(
        "links", "--bot", "rss_test_bot", "--qr", str(tmp_path / "qr"), "--qr-size", "250"
    )
    assert result.returncode == 0, result.stderr
    links = {i: url for i, _, url in (line.split("\t") for line in result.stdout.splitlines())}
    images = sorted((tmp_path / "qr").glob("*.png"))
    assert len(images) == len(links)
    for name in ("accueil", "camps-moc"):
        image = Image.open(tmp_path / "qr" / f"{name}.png")
        assert image.size == (250, 250)
        (decoded,) = zxingcpp.read_barcodes(image)
        assert decoded.text == links[name]
    too_small = rss_bot(
        "links", "--bot", "rss_test_bot", "--qr", str(tmp_path / "x"), "--qr-size", "20"
    )
    assert too_small.returncode == 1
    assert "--qr-size 20 : trop petit" in too_small.stderr


def test_links_without_bot_name_says_what_to_set() -> None:
    result = rss_bot("links")
    assert result.returncode == 1
    assert "RSS_BOT_USERNAME" in result.stderr


def test_links_rejects_a_bad_campaign_name() -> None:
    result = rss_bot("links", "--bot", "b_bot", "--campaign", "Mopti 2024!")
    assert result.returncode == 1
    assert "Nom de campagne invalide" in result.stderr


def test_a_short_pseudonym_key_is_refused_without_being_shown() -> None:
    result = rss_bot("kb", "check", env={"RSS_BOT_LOG_KEY": "a"})
    assert result.returncode == 1
    assert "RSS_BOT_LOG_KEY : clé trop courte, il faut au moins 32 caractères" in result.stderr


def test_invalid_configuration_lists_every_problem() -> None:
    result = rss_bot("kb", "check", env={"RSS_BOT_SEND_RATE": "vite", "RSS_BOT_USER_RATE": "0"})
    assert result.returncode == 1
    assert "RSS_BOT_SEND_RATE='vite' : un nombre est attendu" in result.stderr
    assert "RSS_BOT_USER_RATE='0' : la valeur doit être au moins 1" in result.stderr


def test_webhook_needs_a_secret() -> None:
    result = rss_bot(
        "run", "--webhook", "https://exemple.org/hook", env={"TELEGRAM_BOT_TOKEN": "1:x"}
    )
    assert result.returncode == 1
    assert "RSS_BOT_WEBHOOK_SECRET : obligatoire en mode webhook" in result.stderr


def test_config_command_masks_secrets() -> None:
    result = rss_bot(
        "config", env={"TELEGRAM_BOT_TOKEN": "123456:TOPSECRET", "RSS_BOT_PORT": "9000"}
    )
    assert result.returncode == 0, result.stderr
    assert "TOPSECRET" not in result.stdout
    assert "TELEGRAM_BOT_TOKEN" in result.stdout
    assert "********" in result.stdout
    assert "9000" in result.stdout


def test_config_names_where_the_key_comes_from(tmp_path: Path) -> None:
    db = tmp_path / "data" / "rss_bot.sqlite3"
    key_file = db.parent / "rss_bot.key"

    def key_line(**env: str) -> str:
        result = rss_bot("config", env={"RSS_BOT_DB": str(db), **env})
        assert result.returncode == 0, result.stderr
        (line,) = [line for line in result.stdout.splitlines() if "RSS_BOT_LOG_KEY" in line]
        return line

    assert f"(non défini : créée au premier démarrage dans {key_file})" in key_line()
    key_file.parent.mkdir()
    key_file.write_text("0123456789abcdef\n", encoding="ascii")
    assert f"******** (fichier {key_file})" in key_line()
    assert "0123456789abcdef" not in key_line()
    assert "******** (variable RSS_BOT_LOG_KEY)" in key_line(
        RSS_BOT_LOG_KEY="s3cret-key-of-thirty-two-characters"
    )


def test_health_command(tmp_path: Path) -> None:
    beat = tmp_path / "beat"
    never = rss_bot("health", env={"RSS_BOT_HEARTBEAT": str(beat)})
    assert never.returncode == 1
    assert "jamais joint Telegram" in never.stdout
    beat.touch()
    assert rss_bot("health", env={"RSS_BOT_HEARTBEAT": str(beat)}).returncode == 0
    old = beat.stat().st_mtime - 600
    os.utime(beat, (old, old))
    stale = rss_bot("health", env={"RSS_BOT_HEARTBEAT": str(beat)})
    assert stale.returncode == 1
    assert "aucun échange réussi avec Telegram depuis" in stale.stdout


def test_health_names_the_services_the_running_doors_talk_to(tmp_path: Path) -> None:
    whatsapp = {
        "WHATSAPP_ACCESS_TOKEN": "fake-access",
        "WHATSAPP_PHONE_NUMBER_ID": "1234",
        "WHATSAPP_APP_SECRET": "fake-secret",
        "WHATSAPP_VERIFY_TOKEN": "fake-verify",
    }
    env = {"RSS_BOT_HEARTBEAT": str(tmp_path / "beat"), **whatsapp}
    only_whatsapp = rss_bot("health", env=env)
    assert only_whatsapp.returncode == 1
    assert "n'a encore jamais joint WhatsApp" in only_whatsapp.stdout
    (tmp_path / "beat").touch()
    both = rss_bot("health", env={**env, "TELEGRAM_BOT_TOKEN": "123:fake"})
    assert both.returncode == 0
    assert "dernier échange réussi avec Telegram ou WhatsApp" in both.stdout


def test_chat_redacts_personal_data_and_forgets_on_request(query_log_in_tmp: Path) -> None:
    said = rss_bot(
        "chat",
        stdin="bonjour mon numero est 76 12 34 56, c koi le MOC ?\n"
        "quel temps fait-il a Gao, ecris moi a awa.traore@gmail.com\n",
    )
    assert said.returncode == 0, said.stderr
    assert "Mécanisme opérationnel de coordination" in said.stdout  # answered normally
    # Questions and the pseudonym key: readable by this account only, whatever the umask.
    for written in (query_log_in_tmp, query_log_in_tmp.parent / "rss_bot.key"):
        assert stat.S_IMODE(written.stat().st_mode) & 0o077 == 0, written
    unanswered = rss_bot("unanswered")
    assert "« quel temps fait-il a Gao, ecris moi a [e-mail] »" in unanswered.stdout
    stored = query_log_in_tmp.read_bytes()
    assert b"76 12 34 56" not in stored
    assert b"awa" not in stored
    assert "[téléphone]".encode() in stored
    forgotten = rss_bot("chat", stdin="/oublier\n1\n")
    assert "C'est fait : 2 questions et 0 réaction effacées." in forgotten.stdout
    assert "Aucune question sans réponse" in rss_bot("unanswered").stdout


def test_turning_redaction_off_is_shown_and_warned_about() -> None:
    config = rss_bot("config", env={"RSS_BOT_REDACT": "0"})
    line = next(line for line in config.stdout.splitlines() if "RSS_BOT_REDACT" in line)
    assert "non" in line
    assert "données personnelles masquées" in line
    chat = rss_bot("chat", stdin="quitter\n", env={"RSS_BOT_REDACT": "0"})
    assert chat.returncode == 0
    assert "RSS_BOT_REDACT=0 : les questions sont enregistrées telles quelles" in chat.stderr
    assert "RSS_BOT_REDACT" not in rss_bot("chat", stdin="quitter\n").stderr


async def test_a_refused_token_is_never_printed(tmp_path: Path) -> None:
    """python-telegram-bot's error quotes the token it was given; it must not reach stderr."""
    from .fake_bot_api import FakeBotAPI

    token = "987654:REAL-SECRET-TOKEN-abc"
    async with FakeBotAPI() as fake:  # it knows another token: a 401 for this one
        result = await asyncio.to_thread(
            rss_bot,
            "run",
            env={
                "TELEGRAM_BOT_TOKEN": token,
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "RSS_BOT_DB": str(tmp_path / "q.sqlite3"),
            },
        )
    assert result.returncode == 1
    assert "Impossible de joindre Telegram" in result.stderr
    assert "REAL-SECRET-TOKEN" not in result.stderr + result.stdout


def test_the_command_line_alone_loads_no_command_library() -> None:
    """Building the parser (every start, `--help` included) reads the commands' defaults
    without loading the query log, the review, QR codes or the model: each command loads
    what it uses."""
    loaded = modules_loaded(
        "import rss_bot.cli; rss_bot.cli.build_parser()",
        ["rss_bot.querylog", "rss_bot.review", "rss_bot.reports", "segno", "rss_bot.engine"],
    )
    assert loaded == []


@pytest.mark.parametrize("command", [["stats"], ["kb", "check"]])
def test_staff_commands_start_without_loading_the_model(command: list[str]) -> None:
    """A staff read or a check of the knowledge base imports neither the model nor the
    bot's libraries, so it starts in a fraction of the time; `rss-bot ask` still loads
    them."""
    loaded = modules_loaded(
        f"from rss_bot.cli import main; main({command!r})", ["rss_bot.engine", "scipy", "telegram"]
    )
    assert loaded == []
    asked = rss_bot("ask", "--json", "c koi le moc")
    assert asked.returncode == 0
    assert '"intent": "glossaire-moc"' in asked.stdout
