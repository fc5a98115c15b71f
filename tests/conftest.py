"""Shared fixtures: the project's knowledge base, loaded once, and KB folders in tmp_path."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from rss_bot.engine import Engine
from rss_bot.knowledge import KnowledgeBase, load
from rss_bot.matcher import Matcher

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"
SOURCE = KNOWLEDGE / "source" / "fiche-rss-minusma-2017.txt"


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of trained models for the whole run: commands started by tests reuse it."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(autouse=True)
def query_log_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_cache: Path) -> Path:
    """Every command a test starts logs questions to tmp_path, never into the checkout."""
    path = tmp_path / "log" / "questions.sqlite3"
    monkeypatch.setenv("RSS_BOT_DB", str(path))
    monkeypatch.setenv("RSS_BOT_MODEL_CACHE", str(model_cache))
    return path


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load(KNOWLEDGE)


@pytest.fixture(scope="session")
def matcher(kb: KnowledgeBase) -> Matcher:
    return Matcher(kb)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase, matcher: Matcher) -> Engine:
    return Engine(kb, matcher)


WriteKB = Callable[..., Path]


@pytest.fixture
def write_kb(tmp_path: Path) -> WriteKB:
    """Write YAML files (name -> text, dedented) into a fresh knowledge folder."""

    def write(**files: str) -> Path:
        folder = tmp_path / "kb"
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return write


def write_long_answer_kb(write_kb: WriteKB) -> Path:
    """A knowledge base of one intent ("reponse longue") whose answer, of five long
    paragraphs, is near Telegram's limit: too long for one message with buttons."""
    paragraph = ("Un paragraphe assez long pour remplir le message. " * 20).strip()
    answer = "\n\n".join([paragraph] * 5)[:4090]
    return write_kb(
        faq="intents:\n  - id: long\n    title: Réponse longue\n"
        "    questions: [reponse longue]\n    answer: |-\n"
        + "".join(f"      {line}\n" for line in answer.split("\n"))
    )


def read_rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[dict[str, object]]:
    """Rows of a real SQLite file, read the way a staff tool would."""
    import sqlite3

    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(sql, params)]


class FakeClock:
    """A monotonic clock and an asyncio sleep that only move when told: sleeping advances
    the clock at once, and the delays asked for are kept in `slept`."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.slept: list[float] = []

    def clock(self) -> float:
        """The current fake time."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Advance the clock by `seconds` without waiting (but let other tasks run)."""
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


async def eventually(condition: Callable[[], bool], guard_s: float = 30.0) -> None:
    """Wait until `condition()` holds. `guard_s` only stops a test that would hang: tests
    assert what happens, not how fast (timings are measured in benchmarks/)."""
    async with asyncio.timeout(guard_s):
        while not condition():  # noqa: ASYNC110 - polls state owned by the code under test
            await asyncio.sleep(0.01)
