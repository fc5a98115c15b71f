"""Staff statistics on a known data set written through the real query log."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rss_bot import reports, review
from rss_bot.engine import Engine
from rss_bot.querylog import MIGRATIONS, SCHEMA_VERSION, QueryLog, read_log
from rss_bot.records import Channel, EventKind, EventRecord, QuestionRecord, chat_user_id
from rss_bot.verdict import Outcome, Verdict

from .conftest import ROOT, read_rows

NOW = datetime.now(UTC).replace(microsecond=0)
KEY = b"reports-test-key-long-enough-for-a-pseudonym"


async def known_log(engine: Engine, path: Path) -> None:
    """3 days of questions: answers, suggestions, fallbacks, feedback, a campaign."""
    moments = [NOW - timedelta(days=2), NOW - timedelta(days=1), NOW]
    clock = [moments[0]]
    async with QueryLog(path, KEY, engine.kb.version, clock=lambda: clock[0]) as log:

        def ask(text: str, user: int, ref: str, campaign: str | None = None) -> None:
            log.record_question(
                QuestionRecord(
                    Channel.TELEGRAM,
                    "private",
                    user,
                    text,
                    engine.reply(text).verdict,
                    2.0,
                    campaign,
                    ref,
                )
            )

        def event(kind: EventKind, intent: str | None, user: int, ref: str) -> None:
            log.record_event(EventRecord(Channel.TELEGRAM, user, kind, intent, None, ref))

        ask("c koi le moc", 1, "a1")  # day 1: answer glossaire-moc
        ask("ou sont les camps moc", 2, "a2")  # answer camps-moc
        event(EventKind.FEEDBACK_UP, "camps-moc", 2, "a2")
        clock[0] = moments[1]
        ask("combien de soldats a la minusma", 3, "f1")  # day 2: fallbacks
        ask("nombre de soldats de la minusma", 4, "f2")
        ask("quel temps fait il a gao", 5, "f3")
        ask("formations", 6, "s1", "mopti")  # suggestion, from a campaign
        event(EventKind.SUGGESTION_CHOSEN, "formations-pej-assistants", 6, "s1")
        clock[0] = moments[2]
        ask("c koi le moc", 7, "a3", "mopti")  # day 3
        event(EventKind.FEEDBACK_DOWN, "glossaire-moc", 7, "a3")


@pytest.fixture
async def log_path(engine: Engine, tmp_path: Path) -> Path:
    path = tmp_path / "questions.sqlite3"
    await known_log(engine, path)
    return path


async def test_stats_figures(log_path: Path, engine: Engine) -> None:
    async with read_log(log_path) as reader:
        result = await reports.stats(reader, timedelta(days=7))
    assert result.total == 7
    assert result.people == 7
    assert [(d.questions, d.answered, d.suggested, d.fallback) for d in result.days] == [
        (2, 2, 0, 0),
        (4, 0, 1, 3),
        (1, 1, 0, 0),
    ]
    assert result.shares() == pytest.approx((3 / 7, 1 / 7, 3 / 7))
    assert result.top_intents == (("glossaire-moc", 2), ("camps-moc", 1))
    assert set(result.feedback) == {("camps-moc", 1, 0), ("glossaire-moc", 0, 1)}
    assert result.campaigns == (("mopti", 2, 2),)
    text = reports.format_stats(result, engine.kb)
    assert "Questions depuis le" in text
    assert "Réponses directes 43 % · suggestions 14 % · sans réponse 43 %" in text


async def test_since_limits_the_period(log_path: Path) -> None:
    async with read_log(log_path) as reader:
        assert (await reports.stats(reader, timedelta(hours=12))).total == 1


def test_clusters_group_similar_wording() -> None:
    clusters = review.cluster_questions(
        [
            ("combien de soldats a la minusma", []),
            ("nombre de soldats de la minusma", []),
            ("combien de soldats minusma ?", []),
            ("quel temps fait il a gao", []),
            ("formation", ["formation-genre", "formations-pej-assistants"]),
        ]
    )
    assert [c.count for c in clusters] == [3, 1, 1]
    assert clusters[0].examples[0].startswith(("combien", "nombre"))
    text = review.format_unanswered(review.Unanswered(tuple(clusters), Counter(), 0))
    assert text.startswith("5 question(s) sans réponse directe, en 3 groupe(s) :")
    assert "sujets proposés : formation-genre, formations-pej-assistants" in text


async def test_one_click_on_a_suggestion_proposes_nothing(log_path: Path, engine: Engine) -> None:
    async with read_log(log_path) as reader:
        proposals = await review.proposed_examples(reader, engine.kb, timedelta(days=30))
    # "formations" was picked once, by one person, with no 👍 after it: no evidence yet
    # (tests/test_review.py shows what is enough); a 👍 on a direct answer teaches nothing.
    assert proposals == {}
    assert review.format_proposals(proposals, engine.kb).startswith("# Aucun exemple à proposer")


def test_personal_numbers_are_never_proposed(engine: Engine) -> None:
    assert review.should_not_become_an_example("appelle moi au 76 12 34 56", engine.kb, "camps-moc")
    assert not review.should_not_become_an_example("les 175 membres", engine.kb, "plateforme-pej")


@pytest.mark.parametrize(
    ("text", "days"), [("7d", 7), ("30j", 30), ("2w", 14), ("5", 5), ("36500d", 36500)]
)
def test_parse_duration(text: str, days: int) -> None:
    assert reports.parse_duration(text) == timedelta(days=days)


@pytest.mark.parametrize("text", ["", "sept jours", "-3d", "0d", "3x"])
def test_bad_duration_is_explained(text: str) -> None:
    with pytest.raises(ValueError, match="durée invalide"):
        reports.parse_duration(text)


@pytest.mark.parametrize("text", ["36501d", "99999999d", "5215w", "9999999999999999999999h"])
def test_a_period_past_a_hundred_years_is_refused_not_overflowed(text: str) -> None:
    with pytest.raises(ValueError, match="durée trop longue"):
        reports.parse_duration(text)


# --- the commands, run as staff run them ---------------------------------------------------


def rss_bot(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rss_bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,  # not a terminal: purge asks nothing
        timeout=60,
        check=False,
    )


def test_stats_command(log_path: Path) -> None:
    result = rss_bot("stats", "--db", str(log_path), "--since", "30d")
    assert result.returncode == 0, result.stderr
    assert "Questions depuis le" in result.stdout
    assert ": 7 (personnes différentes : 7)" in result.stdout
    assert "MOC, c'est quoi ? (glossaire-moc)" in result.stdout
    assert "mopti" in result.stdout


def test_unanswered_command(log_path: Path) -> None:
    result = rss_bot("unanswered", "--db", str(log_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Période : 30 jours (depuis le ")
    assert lines[1] == "4 question(s) sans réponse directe, en 3 groupe(s) :"
    assert lines[2].startswith("  1. 2 × « ")


def test_export_csv_and_jsonl(log_path: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "q.csv"
    result = rss_bot("export", "--db", str(log_path), "--output", str(csv_file))
    assert result.returncode == 0, result.stderr
    lines = csv_file.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("asked_at,channel,chat_type,user_key,question")
    assert len(lines) == 8
    jsonl = rss_bot("export", "--db", str(log_path), "--format", "jsonl")
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [r["question"] for r in rows][:2] == ["c koi le moc", "ou sont les camps moc"]
    assert all(len(r["user_key"]) == 32 for r in rows)


def test_html_report_is_well_formed_with_charts(log_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "out" / "rapport.html"
    result = rss_bot("report", "--db", str(log_path), "--html", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    root = ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))  # well-formed markup
    figures = [f for f in root.iter("figure") if f.get("class") == "chart"]
    assert len(figures) >= 3
    assert all(f.find(".//table") is not None for f in figures)  # each chart's text equivalent
    assert "Avis 👍 / 👎 par sujet" in html
    assert "Versions de la base de connaissances" in html
    assert "Période : 30 jours" in html
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in html
    assert 'name="viewport"' in html
    assert "nombre de soldats de la minusma" in html or "combien de soldats" in html


def test_suggest_examples_command(log_path: Path) -> None:
    result = rss_bot("suggest-examples", "--db", str(log_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Période : 30 jours (depuis le ")
    assert "Aucun exemple à proposer" in result.stdout
    assert "au moins 2 personnes différentes" in result.stdout


def test_purge_command(log_path: Path) -> None:
    result = rss_bot("purge", "--db", str(log_path), "--older-than", "1d")
    assert result.returncode == 0, result.stderr
    plan, done = result.stdout.splitlines()
    assert plan.startswith("À effacer : 6 questions et 2 avis ou choix enregistrés il y a plus")
    assert done == "8 lignes de plus de 1 jour effacées."


def test_staff_command_without_database_says_so(tmp_path: Path) -> None:
    result = rss_bot("stats", "--db", str(tmp_path / "absent.sqlite3"))
    assert result.returncode == 1
    assert "aucune base de questions" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_duration_in_a_command(log_path: Path) -> None:
    result = rss_bot("stats", "--db", str(log_path), "--since", "hier")
    assert result.returncode == 1
    assert "durée invalide" in result.stderr


# --- staff reads never write: other files are refused and left as they were ---------------

STAFF_COMMANDS = [
    ["stats"],
    ["unanswered"],
    ["export", "--format", "jsonl"],
    ["suggest-examples"],
    ["purge", "--older-than", "1d"],
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_foreign_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE clients (nom TEXT, telephone TEXT)")
        db.execute("INSERT INTO clients VALUES ('Awa', '76 00 00 00')")
    db.close()


def write_log_of_version(path: Path, version: int) -> None:
    """A query log as another version of rss-bot would have left it."""
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + f"; PRAGMA user_version = {version};")
    db.close()


def staff_command(command: list[str], path: Path, tmp_path: Path) -> str:
    """Run a staff command on `path`; check it failed with one French line and that neither
    the file nor its folder changed; return the line."""
    before, names = digest(path), sorted(p.name for p in path.parent.iterdir())
    result = rss_bot(*command, "--db", str(path), cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    (line,) = result.stderr.splitlines()
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == names
    return line


@pytest.mark.parametrize("command", [*STAFF_COMMANDS, ["report", "--html", "r.html"]])
def test_staff_commands_leave_another_database_unchanged(
    command: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "db" / "comptabilite.sqlite3"
    path.parent.mkdir()
    write_foreign_database(path)
    line = staff_command(command, path, tmp_path)
    assert line == (
        f"{path} n'est pas une base de questions rss-bot (base SQLite vide ou d'un autre "
        "programme) : vérifiez --db ou RSS_BOT_DB. Le fichier n'a pas été modifié."
    )
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("command", STAFF_COMMANDS)
def test_staff_commands_refuse_a_file_that_is_not_sqlite(
    command: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "db" / "notes.txt"
    path.parent.mkdir()
    path.write_text("des notes, pas une base\n" * 20, encoding="utf-8")
    line = staff_command(command, path, tmp_path)
    assert "n'est pas une base de questions rss-bot (ce n'est pas un fichier SQLite)" in line


@pytest.mark.parametrize("command", STAFF_COMMANDS)
def test_staff_commands_refuse_a_log_newer_than_the_code(
    command: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "db" / "questions.sqlite3"
    path.parent.mkdir()
    write_log_of_version(path, SCHEMA_VERSION + 1)
    line = staff_command(command, path, tmp_path)
    assert "version plus récente de rss-bot" in line
    assert "mettez rss-bot à jour" in line


@pytest.mark.parametrize("command", STAFF_COMMANDS[:-1])
def test_staff_reads_do_not_migrate_an_older_log(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "db" / "questions.sqlite3"
    path.parent.mkdir()
    write_log_of_version(path, 1)
    line = staff_command(command, path, tmp_path)
    assert "version plus ancienne de rss-bot" in line


def test_purge_migrates_an_older_log(tmp_path: Path) -> None:
    path = tmp_path / "questions.sqlite3"
    write_log_of_version(path, 1)
    result = rss_bot("purge", "--db", str(path), "--older-than", "1d")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    assert rss_bot("stats", "--db", str(path)).returncode == 0


def test_staff_reads_leave_the_log_unchanged(log_path: Path) -> None:
    before = digest(log_path)
    for command in STAFF_COMMANDS[:-1]:
        result = rss_bot(*command, "--db", str(log_path))
        assert result.returncode == 0, result.stderr
    assert digest(log_path) == before


def test_export_xlsx_for_a_french_spreadsheet(log_path: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "questions.xlsx"
    result = rss_bot("export", "--db", str(log_path), "--output", str(book))  # format: extension
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Période : 30 jours (depuis le ")
    sheet = load_workbook(book)["Questions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Date et heure (UTC)",
        "Canal",
        "Conversation",
        "Personne (pseudonyme)",
        "Question",
    )
    assert sheet.freeze_panes == "A2"
    assert len(rows) == 8
    first = rows[1]
    assert isinstance(first[0], datetime)
    assert sheet.cell(2, 1).is_date
    assert (first[1], first[2], first[4], first[6]) == (
        "Telegram",
        "privée",
        "c koi le moc",
        "réponse",
    )
    assert "sans réponse" in [row[6] for row in rows]
    to_stdout = rss_bot("export", "--db", str(log_path), "--format", "xlsx")
    assert to_stdout.returncode == 1
    assert "--output questions.xlsx" in to_stdout.stderr


async def test_what_people_typed_stays_text_in_the_spreadsheet(
    engine: Engine, tmp_path: Path
) -> None:
    """A question typed as a formula must not become one in staff's Excel, and control
    characters (kept in the log as typed) once made the whole export fail."""
    from openpyxl import load_workbook

    typed = ['=HYPERLINK("http://exemple.org","x")', "bonjour \x1b[31mROUGE\x07", "nul\x00"]
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY, engine.kb.version) as log:
        for text in typed:
            verdict = engine.reply(text).verdict
            log.record_question(
                QuestionRecord(Channel.TELEGRAM, "private", 1, text, verdict, 2.0, None, None)
            )
    book = tmp_path / "q.xlsx"
    result = rss_bot("export", "--db", str(path), "--output", str(book))
    assert result.returncode == 0, result.stderr
    cells = [load_workbook(book)["Questions"].cell(row, 5) for row in (2, 3, 4)]
    assert [c.value for c in cells] == [
        typed[0],
        "bonjour \ufffd[31mROUGE\ufffd",
        "nul\ufffd",
    ]
    assert {c.data_type for c in cells} == {"s"}


async def test_an_insult_the_base_answers_counts_in_no_rate(engine: Engine, tmp_path: Path) -> None:
    """The knowledge base has an answer for insults ("Restons courtois"): still conversation,
    not a question answered, nor a topic asked."""
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY, engine.kb.version) as log:
        for text in ("c koi le moc", "t'es nul espece d'idiot", "bot de merde"):
            verdict = engine.reply(text).verdict
            assert verdict is not None
            log.record_question(QuestionRecord(Channel.TELEGRAM, "private", 7, text, verdict, 1.0))
    async with read_log(path) as reader:
        result = await reports.stats(reader, timedelta(days=30))
    assert (result.total, result.conversation) == (1, 2)
    assert [intent for intent, _ in result.top_intents] == ["glossaire-moc"]


async def test_a_question_cannot_drive_the_staff_terminal(engine: Engine, tmp_path: Path) -> None:
    """Escape sequences typed to the bot (colours, a window title, a carriage return) reached
    staff's terminal through `unanswered` and `export`, which obeyed them."""
    typed = "bonjour \x1b[31mROUGE\x1b]0;titre\x07 quel temps a gao\r"
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY, engine.kb.version) as log:
        verdict = engine.reply(typed).verdict
        log.record_question(
            QuestionRecord(Channel.TELEGRAM, "private", 1, typed, verdict, 2.0, None, None)
        )
    for command in (["unanswered"], ["export", "--format", "csv"]):
        result = rss_bot(*command, "--db", str(path))
        assert result.returncode == 0, result.stderr
        assert "bonjour \ufffd[31mROUGE\ufffd]0;titre\ufffd quel temps" in result.stdout
        assert not set(result.stdout) & {"\x1b", "\x07"}


def test_every_staff_read_prints_the_same_default_period(log_path: Path, tmp_path: Path) -> None:
    outputs = [
        rss_bot("stats", "--db", str(log_path)).stdout,
        rss_bot("unanswered", "--db", str(log_path)).stdout,
        rss_bot("report", "--db", str(log_path), "--html", str(tmp_path / "r.html")).stdout,
        rss_bot("suggest-examples", "--db", str(log_path)).stdout.removeprefix("# "),
        rss_bot("export", "--db", str(log_path), "--format", "jsonl").stderr,
    ]
    firsts = {output.splitlines()[0][: len("Période : 30 jours")] for output in outputs}
    assert firsts == {"Période : 30 jours"}
    for name in ("stats", "report", "unanswered", "export", "suggest-examples"):
        help_ = subprocess.run(
            [sys.executable, "-m", "rss_bot", name, "--help"],
            capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        ).stdout  # fmt: skip
        assert "défaut : 30d" in " ".join(help_.split()), name


async def test_terminal_questions_count_as_a_person(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    async with QueryLog(path, KEY, engine.kb.version) as log:
        for text in ("c koi le moc", "ou sont les camps moc", "👍", "d'accord", "c'est faux"):
            verdict = engine.reply(text).verdict
            log.record_question(
                QuestionRecord(Channel.TERMINAL, "private", None, text, verdict, 1.0)
            )
        log.record_question(
            QuestionRecord(Channel.TELEGRAM, "private", 5, "moc", engine.reply("moc").verdict, 1.0)
        )
        log.record_event(EventRecord(Channel.TELEGRAM, 5, EventKind.NON_TEXT, None))
    async with read_log(path) as reader:
        result = await reports.stats(reader, timedelta(days=30))
    assert (result.total, result.people, result.without_text, result.non_text) == (3, 2, 1, 1)
    assert result.conversation == 2
    assert result.shares()[0] == 1.0  # the lone 👍, "d'accord" and "c'est faux": in no rate
    text = reports.format_stats(result, engine.kb)
    assert "Non comptés : 1 message(s) sans texte (vides, émojis seuls), 1 message(s)" in text
    assert "et 2 message(s) de conversation sans question (« d'accord »" in text
    assert f"      6  {engine.kb.version}  du " in text  # every message, by version
    assert "Par canal : terminal 2 (1 pers.) · Telegram 1 (1 pers.)" in text


def test_purge_dry_run_then_confirmation_on_a_terminal(log_path: Path) -> None:
    """12 hours, not "0 jour(s)"; --dry-run deletes nothing; a terminal is asked first."""
    import pty

    before = digest(log_path)
    dry = rss_bot("purge", "--db", str(log_path), "--older-than", "12h", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "il y a plus de 12 heures" in dry.stdout
    assert "Essai (--dry-run) : rien n'a été effacé." in dry.stdout
    assert digest(log_path) == before

    def on_a_terminal(answer: str) -> tuple[int, str]:
        leader, follower = pty.openpty()
        os.write(leader, answer.encode() + b"\n")
        result = subprocess.run(
            [sys.executable, "-m", "rss_bot", "purge", "--db", str(log_path), "--older-than",
             "12h"],
            stdin=follower, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        )  # fmt: skip
        os.close(leader)
        os.close(follower)
        return result.returncode, result.stdout

    code, said = on_a_terminal("n")
    assert code == 1
    assert "Effacer définitivement ces lignes ? [o/N]" in said
    assert said.rstrip().endswith("Rien n'a été effacé.")
    assert digest(log_path) == before
    code, said = on_a_terminal("o")
    assert code == 0, said
    assert said.rstrip().endswith("8 lignes de plus de 12 heures effacées.")


# --- privacy: long questions cut, lone questions kept out of the report, erasure --------------


async def test_long_questions_are_cut_in_every_staff_output(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "questions.sqlite3"
    story = "Je m'appelle Awa, mon frere Moussa a disparu a Gao. " * 10 + "FIN"
    assert len(story) > 300
    unanswered = Verdict(Outcome.FALLBACK, normalized=story.lower())
    async with QueryLog(path, KEY, engine.kb.version) as log:
        for user in (1, 2):
            log.record_question(
                QuestionRecord(Channel.TELEGRAM, "private", user, story, unanswered, 2.0)
            )
    shown = story[:300].rstrip() + "…"
    unanswered = rss_bot("unanswered", "--db", str(path))
    assert f"« {shown} »" in unanswered.stdout
    assert "FIN" not in unanswered.stdout
    exported = rss_bot("export", "--db", str(path), "--format", "jsonl")
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {r["question"] for r in rows} == {shown}
    assert all(len(r["normalized"]) <= 301 for r in rows)
    page = tmp_path / "rapport.html"
    assert rss_bot("report", "--db", str(path), "--html", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "FIN" not in html
    assert "Je m&#x27;appelle Awa" in html or "Je m'appelle Awa" in html


def test_report_shows_only_questions_asked_by_two_people_or_more(
    log_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "rapport.html"
    assert rss_bot("report", "--db", str(log_path), "--html", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "soldats" in html  # asked by two people
    assert "quel temps fait il a gao" not in html  # by one person each: counted only
    assert "formations" not in html
    assert "2 autre(s) question(s) sans réponse, posée(s) chacune par une seule personne" in html


def test_forget_command_erases_one_person_and_prints_only_the_count(
    log_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSS_BOT_LOG_KEY", KEY.decode())
    result = rss_bot("forget", "--db", str(log_path), "--telegram-id", "6")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2 lignes effacées : 1 question, 1 réaction.\n"
    with sqlite3.connect(log_path) as db:
        users = {key for (key,) in db.execute("SELECT user_key FROM questions")}
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    db.close()
    assert len(users) == 6  # the 6 other people keep their questions
    assert events == 2
    again = rss_bot("forget", "--db", str(log_path), "--telegram-id", "6")
    assert again.stdout.startswith("0 ligne effacée")


async def test_forget_command_finds_a_whatsapp_user_or_a_telegram_group(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rss_bot.whatsapp.door import asker_key

    path = tmp_path / "questions.sqlite3"
    verdict = engine.reply("c koi le moc").verdict
    async with QueryLog(path, KEY, engine.kb.version) as log:
        for channel, user in (
            (Channel.WHATSAPP, asker_key("22370000001")),
            (Channel.WHATSAPP, asker_key("22370000002")),
            (Channel.TELEGRAM, 22370000001),  # the same digits as a Telegram id: someone else
            (Channel.TELEGRAM, chat_user_id(-100200)),  # a group's anonymous admins
            (Channel.TELEGRAM, -100200),  # the same digits as a person's id
        ):
            log.record_question(
                QuestionRecord(channel, "private", user, "c koi le moc", verdict, 1.0)
            )
    monkeypatch.setenv("RSS_BOT_LOG_KEY", KEY.decode())
    result = rss_bot("forget", "--db", str(path), "--whatsapp", "+223 70 00 00 01")
    assert result.stdout == "1 ligne effacée : 1 question, 0 réaction.\n"
    assert [r["channel"] for r in read_rows(path, "SELECT channel FROM questions ORDER BY id")] == [
        "whatsapp",
        "telegram",
        "telegram",
        "telegram",
    ]
    # Written as in Mali, without the country code: +223.
    local = rss_bot("forget", "--db", str(path), "--whatsapp", "70 00 00 02")
    assert local.stdout == "1 ligne effacée : 1 question, 0 réaction.\n"
    assert len(read_rows(path, "SELECT id FROM questions")) == 3
    group = rss_bot("forget", "--db", str(path), "--telegram-chat", "-100200")
    assert group.stdout == "1 ligne effacée : 1 question, 0 réaction.\n"
    assert len(read_rows(path, "SELECT id FROM questions")) == 2
    wrong = rss_bot("forget", "--db", str(path), "--whatsapp", "70 00")
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("Numéro WhatsApp invalide : « 70 00 »")
    neither = rss_bot("forget", "--db", str(path))
    assert neither.returncode == 2  # argparse: one of --telegram-id, --whatsapp, --telegram-chat


def test_forget_command_without_the_key_changes_nothing(log_path: Path) -> None:
    before = digest(log_path)
    result = rss_bot("forget", "--db", str(log_path), "--telegram-id", "6")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Clé des pseudonymes introuvable")
    assert digest(log_path) == before


def test_forget_command_leaves_another_database_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "db" / "comptabilite.sqlite3"
    path.parent.mkdir()
    write_foreign_database(path)
    line = staff_command(["forget", "--telegram-id", "6"], path, tmp_path)
    assert "n'est pas une base de questions rss-bot" in line


@pytest.mark.parametrize(
    "command", [["forget", "--telegram-id", "6"], ["purge", "--older-than", "1d", "--yes"]]
)
def test_the_commands_that_write_leave_an_empty_file_unchanged(
    command: list[str], tmp_path: Path
) -> None:
    """`forget` once turned an empty file (a wrong --db) into a 40 KB log, and said
    '0 ligne effacée', where every other command refused it."""
    path = tmp_path / "db" / "vide.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"")
    (path.parent / "rss_bot.key").write_text("une-cle-de-test", encoding="utf-8")
    line = staff_command(command, path, tmp_path)
    assert "n'est pas une base de questions rss-bot (base SQLite vide" in line
