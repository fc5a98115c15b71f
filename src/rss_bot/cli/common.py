"""What every command shares: the French error a user can act on, and reading options."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rss_bot import texts
from rss_bot.config import Settings
from rss_bot.knowledge import KnowledgeBase, KnowledgeError, load

if TYPE_CHECKING:  # the model (numpy, scipy) is imported by the commands that match
    from rss_bot.engine import Engine


class CommandError(Exception):
    """A problem the user can fix; its message is printed in French, without traceback."""


def load_kb(args: argparse.Namespace, settings: Settings) -> KnowledgeBase:
    """The knowledge base of --knowledge or the settings; its problems as a CommandError."""
    folder = Path(args.knowledge) if getattr(args, "knowledge", None) else settings.knowledge_dir
    try:
        return load(folder)
    except KnowledgeError as exc:
        lines = [texts.KB_INVALID.format(count=len(exc.problems))]
        lines += [str(p) for p in exc.problems]
        raise CommandError("\n".join(lines)) from None


def build_engine(kb: KnowledgeBase, settings: Settings) -> Engine:
    """The engine for a knowledge base, its trained model kept in the settings' cache."""
    from rss_bot import live  # here: staff reads and exports never load the model

    return live.build_engine(kb, settings.model_cache)


def parse_period(text: str) -> timedelta:
    """A --since or --older-than duration; a CommandError in French if it is not one."""
    from rss_bot.reports import parse_duration  # here: only staff commands read periods

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def optional_kb(args: argparse.Namespace, settings: Settings) -> KnowledgeBase | None:
    """The knowledge base if it loads, else None (staff figures can do without it)."""
    try:
        return load_kb(args, settings)
    except CommandError:
        return None  # the figures do not need it: intent ids are shown instead of titles
