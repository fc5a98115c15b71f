"""Shared fixtures: the project's knowledge base, loaded once, and KB folders in tmp_path."""

from __future__ import annotations

import ast
import asyncio
import compileall
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from threadpoolctl import threadpool_limits

# One BLAS thread in every process of the run, the commands tests start included: xdist
# already keeps both cores busy, and BLAS threads spinning beside the other worker made
# the model's small products several times slower (the accuracy tests took twice as long).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
threadpool_limits(1)

from rss_bot.engine import Engine  # noqa: E402 - after the thread limits
from rss_bot.knowledge import KnowledgeBase, load  # noqa: E402
from rss_bot.matcher import Matcher  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"
SOURCE = KNOWLEDGE / "source" / "fiche-rss-minusma-2017.txt"


def pytest_configure(config: pytest.Config) -> None:
    """Compile the package's bytecode once, before the workers start: where
    PYTHONDONTWRITEBYTECODE is set (this machine and CI), each of the few hundred commands
    the tests start would otherwise compile every module from source again (0.2 s each)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        compileall.compile_dir(ROOT / "src" / "rss_bot", quiet=1)


# A test of one evaluation set in test_accuracy.py: "[mairie]", "[mairie-0.59-14-0.72]".
_EVALUATION_SET = re.compile(r"tests/test_accuracy\.py::\w+\[([a-z_]+)[\]-]")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's load scheduling, except that the tests of one evaluation set run on one
    worker: that worker trains and compares the set once, and the sets spread over the
    workers. (xdist's own `xdist_group` mark no longer groups anything under pytest 9.2.)"""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BySet(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            found = _EVALUATION_SET.match(nodeid)
            return f"set:{found.group(1)}" if found else nodeid

    return BySet(config, log)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of trained models for the whole run, shared by the xdist workers (their
    temporary folders have one parent): a model trained by one worker or one command is
    read back by the others. The cache writes atomically, so workers may race."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "model-cache"
    folder.mkdir(exist_ok=True)
    return folder


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
def matcher(kb: KnowledgeBase, model_cache: Path) -> Matcher:
    return Matcher(kb, cache_dir=model_cache)


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


def modules_loaded(code: str, modules: Sequence[str]) -> list[str]:
    """Which of `modules` a fresh interpreter has imported once it has run `code` (what
    it prints is shown first, on lines of their own)."""
    script = f"import sys\n{code}\nprint(sorted(m for m in {tuple(modules)!r} if m in sys.modules))"
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return ast.literal_eval(run.stdout.strip().splitlines()[-1])
