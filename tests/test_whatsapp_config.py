"""The WhatsApp settings: what switches the door on, what it then requires, secrets masked."""

from __future__ import annotations

import logging
import re

import pytest

from rss_bot.config import ConfigError, Settings
from rss_bot.logs import RedactingFormatter, secrets_of

from .conftest import ROOT
from .test_cli import rss_bot

FULL = {
    "WHATSAPP_ACCESS_TOKEN": "EAAG-secret-token",
    "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
    "WHATSAPP_APP_SECRET": "app-secret-value",
    "WHATSAPP_VERIFY_TOKEN": "verify-token-value",
}


def test_the_door_is_on_with_its_token_and_number() -> None:
    settings = Settings.from_env(FULL)
    assert settings.whatsapp_enabled
    assert not settings.telegram_enabled
    assert settings.whatsapp_port == 8081
    assert settings.listen == "127.0.0.1"
    assert settings.whatsapp_api_base_url == "https://graph.facebook.com/v21.0"
    assert not Settings.from_env({}).whatsapp_enabled


@pytest.mark.parametrize(
    ("missing", "said"),
    [
        ("WHATSAPP_APP_SECRET", "WHATSAPP_APP_SECRET : obligatoire pour WhatsApp"),
        ("WHATSAPP_VERIFY_TOKEN", "WHATSAPP_VERIFY_TOKEN : obligatoire pour WhatsApp"),
        ("WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_PHONE_NUMBER_ID : obligatoire avec"),
        ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_ACCESS_TOKEN : obligatoire avec"),
    ],
)
def test_what_the_door_requires_is_said_in_french(missing: str, said: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({k: v for k, v in FULL.items() if k != missing})
    assert any(p.startswith(said) for p in info.value.problems), info.value.problems
    assert "EAAG-secret-token" not in str(info.value)


def test_bad_values_are_refused() -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({**FULL, "WHATSAPP_PHONE_NUMBER_ID": "+223 70", "RSS_BOT_WHATSAPP_PORT":
                           "zéro", "WHATSAPP_API_BASE_URL": "graph.facebook.com"})  # fmt: skip
    text = str(info.value)
    assert "WHATSAPP_PHONE_NUMBER_ID='+223 70' : seuls des chiffres sont attendus" in text
    assert "RSS_BOT_WHATSAPP_PORT='zéro' : un nombre est attendu" in text
    assert "WHATSAPP_API_BASE_URL='graph.facebook.com' : une URL http(s) est attendue" in text


def test_secrets_never_show_in_logs_repr_or_config() -> None:
    settings = Settings.from_env(FULL)
    formatter = RedactingFormatter(secrets_of(settings))
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s %s %s", (
        "EAAG-secret-token", "app-secret-value", "verify-token-value"), None)  # fmt: skip
    shown = formatter.format(record) + repr(settings)
    assert not any(v in shown for v in ("secret-token", "secret-value", "token-value"))
    result = rss_bot("config", env=FULL)
    assert result.returncode == 0, result.stderr
    for value in FULL.values():
        if value != "106540352242922":
            assert value not in result.stdout
    assert "WHATSAPP_ACCESS_TOKEN" in result.stdout
    assert "RSS_BOT_WHATSAPP_PORT" in result.stdout


def test_env_example_documents_the_whatsapp_variables() -> None:
    config = (ROOT / "src" / "rss_bot" / "config.py").read_text(encoding="utf-8")
    example = (ROOT / "bot" / ".env.example").read_text(encoding="utf-8")
    read = set(re.findall(r'"(WHATSAPP_[A-Z_]+)"', config))
    documented = set(re.findall(r"^(WHATSAPP_[A-Z_]+)=", example, re.M))
    assert read == documented
    for secret in ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"):
        assert re.search(rf"^{secret}=$", example, re.M), secret


def test_run_without_any_door_says_what_to_set() -> None:
    result = rss_bot("run")
    assert result.returncode == 1
    assert "WHATSAPP_ACCESS_TOKEN" in result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
