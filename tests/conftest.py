"""Shared fixtures: the project's knowledge base, loaded once, and KB folders in tmp_path."""

from __future__ import annotations

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
