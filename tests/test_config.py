"""Settings from the environment."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from rss_bot import config
from rss_bot.config import ConfigError, Secret, Settings, load_environment, read_env_file


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


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env(
            {
                "RSS_BOT_SEND_RATE": "trente",
                "RSS_BOT_MODE": "pigeon",
                "RSS_BOT_PORT": "0",
                "RSS_BOT_ADMIN_IDS": "12, moussa",
                "RSS_BOT_WHATSAPP_PORT": "70000",
                "RSS_BOT_RETENTION_DAYS": "99999999",  # once overflowed the purge's date
            }
        )
    problems = info.value.problems
    assert "RSS_BOT_WHATSAPP_PORT='70000' : la valeur doit être au plus 65535" in problems
    assert "RSS_BOT_RETENTION_DAYS='99999999' : la valeur doit être au plus 36500" in problems
    assert "RSS_BOT_SEND_RATE='trente' : un nombre est attendu" in problems
    assert "RSS_BOT_MODE='pigeon' : mode inconnu (polling ou webhook)" in problems
    assert "RSS_BOT_PORT='0' : la valeur doit être au moins 1" in problems
    assert any("« moussa » n'est pas un identifiant" in p for p in problems)


def test_webhook_needs_https_url_and_secret() -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"RSS_BOT_WEBHOOK_URL": "http://exemple.org/hook"})
    text = str(info.value)
    assert "Telegram exige une URL https" in text
    assert "RSS_BOT_WEBHOOK_SECRET : obligatoire en mode webhook" in text
    settings = Settings.from_env(
        {"RSS_BOT_WEBHOOK_URL": "https://exemple.org/rss/hook", "RSS_BOT_WEBHOOK_SECRET": "s3cr-t"}
    )
    assert settings.mode == "webhook"
    assert settings.webhook_path == "rss/hook"
    with pytest.raises(ConfigError, match="RSS_BOT_WEBHOOK_URL : obligatoire"):
        Settings.from_env({"RSS_BOT_MODE": "webhook"})


def test_unwritable_database_folder_is_a_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier")
    settings = Settings.from_env({"RSS_BOT_DB": str(blocker / "sous" / "q.sqlite3")})
    (problem, *_) = settings.path_problems()
    assert problem.startswith(f"RSS_BOT_DB={blocker}/sous/q.sqlite3 : le dossier")
    assert (
        Settings.from_env({"RSS_BOT_DB": str(tmp_path / "d" / "q.sqlite3")}).path_problems() == []
    )


def test_env_file_completes_the_environment(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# commentaire\n"
        "export RSS_BOT_USER_RATE=7\n"
        "RSS_BOT_USERNAME='mon_bot_rss'\n"
        "RSS_BOT_SEND_RATE=5  # par seconde\n"
        'TELEGRAM_BOT_TOKEN="1:fichier"\n',
        encoding="utf-8",
    )
    env = load_environment({"TELEGRAM_BOT_TOKEN": "1:environnement"}, env_file)
    settings = Settings.from_env(env)
    assert (settings.user_rate, settings.bot_username, settings.send_rate) == (7, "mon_bot_rss", 5)
    assert settings.telegram_token.get() == "1:environnement"  # the environment wins


def test_malformed_env_file_names_file_and_line(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("RSS_BOT_USER_RATE=7\nceci n'est pas une variable\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_environment({}, env_file)
    assert info.value.problems == [f"{env_file}:2: ligne invalide, attendu NOM=valeur"]


def test_an_env_file_not_in_utf8_is_named_in_french_with_its_line(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_bytes(
        "RSS_BOT_USER_RATE=7\nRSS_BOT_BOT_USERNAME=cafe_bot # café\n".encode("cp1252")
    )
    with pytest.raises(ConfigError) as info:
        load_environment({}, env_file)
    assert info.value.problems == [
        f"{env_file}:2: le fichier n'est pas encodé en UTF-8 (enregistrez-le en UTF-8)"
    ]
    env_file.unlink()
    env_file.mkdir()
    with pytest.raises(ConfigError) as info:
        read_env_file(env_file)
    assert info.value.problems == [f"{env_file} : fichier illisible (c'est un dossier)"]


def test_describe_masks_secrets() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": "123:SECRET",
            "RSS_BOT_LOG_KEY": "cle-secrete-de-trente-deux-caracteres",
        }
    )
    shown = dict((name, value) for name, _, value in settings.describe())
    assert shown["TELEGRAM_BOT_TOKEN"] == "********"
    assert shown["RSS_BOT_LOG_KEY"] == "********"
    assert shown["RSS_BOT_WEBHOOK_SECRET"] == "(non défini)"
    assert "SECRET" not in repr(settings)


def test_each_setting_is_declared_once() -> None:
    """Every setting has one declaration: its variable appears once in config.py, and an
    unset variable gives the field's default."""
    source = (Path(config.__file__)).read_text(encoding="utf-8")
    defaults = Settings()
    for item in fields(Settings):
        variable = item.metadata["env"]
        assert source.count(f'"{variable}"') == 1, variable
        assert getattr(Settings.from_env({}), item.name) == getattr(defaults, item.name)


@pytest.mark.parametrize(
    ("raw", "redact"), [("", True), ("1", True), ("oui", True), ("0", False), ("non", False)]
)
def test_redaction_is_on_unless_turned_off(raw: str, redact: bool) -> None:
    settings = Settings.from_env({"RSS_BOT_REDACT": raw})
    assert settings.redact is redact
    shown = dict((name, value) for name, _, value in settings.describe())
    assert shown["RSS_BOT_REDACT"] == ("oui" if redact else "non")


def test_redaction_setting_takes_yes_or_no() -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"RSS_BOT_REDACT": "parfois"})
    assert info.value.problems == ["RSS_BOT_REDACT='parfois' : 1 (oui) ou 0 (non) est attendu"]
