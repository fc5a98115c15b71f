"""`rss-bot kb check`: validate the knowledge base. It reads the files only, so it starts
without loading the model and its libraries (staff run it after every edit)."""

from __future__ import annotations

import argparse
from typing import TextIO

from rss_bot import texts
from rss_bot.cli.common import load_kb
from rss_bot.config import Settings
from rss_bot.knowledge import advice


def cmd_kb_check(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Validate the knowledge base."""
    kb = load_kb(args, settings)
    out.write(
        texts.KB_OK.format(
            intents=texts.counted(len(kb.intents), "intention", "intentions"),
            questions=texts.counted(kb.question_count, "question", "questions"),
            files=texts.counted(len(kb.files), "fichier", "fichiers"),
        )
        + "\n"
    )
    for problem in advice(kb):
        out.write(texts.KB_ADVICE.format(problem=problem) + "\n")
    return 0
