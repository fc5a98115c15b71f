"""Settings from the environment."""

from __future__ import annotations

from pathlib import Path

from rss_bot.config import Secret, Settings


def test_token_never_shows_in_repr() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123456:ABCdefSECRET"})
    assert "ABCdef" not in repr(settings)
    assert "ABCdef" not in str(settings.telegram_token)
    assert settings.telegram_token.get() == "123456:ABCdefSECRET"


def test_empty_token_is_false() -> None:
    assert not Settings.from_env({}).telegram_token
    assert not Secret("")


def test_knowledge_folder_from_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({"RSS_BOT_KNOWLEDGE": str(tmp_path)})
    assert settings.knowledge_dir == tmp_path
