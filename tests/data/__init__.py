"""Test data: held-out questions and other knowledge bases."""

from __future__ import annotations

from pathlib import Path

from rss_bot.evaluation import load_questions

DATA = Path(__file__).resolve().parent


def load_bench_questions() -> list[str]:
    """Every question of the held-out set, in and out of scope (for benchmarks)."""
    in_scope, out_of_scope = load_questions(DATA / "questions.yaml")
    return [q for q, _ in in_scope] + out_of_scope
