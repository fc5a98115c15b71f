"""Off-topic questions shipped with the bot: negatives for calibrating any knowledge base."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def background_questions() -> tuple[str, ...]:
    """Varied everyday questions no FAQ of ours answers (src/rss_bot/data/background.yaml)."""
    text = resources.files("rss_bot").joinpath("data/background.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster when present
    return tuple(str(q) for q in yaml.load(text, Loader=loader)["questions"])
