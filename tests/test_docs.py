"""The deployment guide shows the commands the tests exercise."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from rss_bot.config import Settings, load_environment, read_env_file

from .conftest import ROOT

GUIDE = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def test_guide_uses_the_tested_commands() -> None:
    for command in (
        "rss-bot config",
        "rss-bot health",
        "rss-bot run --webhook https://bot.exemple.org/rss-bot/hook --listen 127.0.0.1 --port 8443",
        "rss-bot purge --older-than 30d",
        "docker run -d --name rss-bot",
        "-v rss-bot-data:/data",
        "X-Telegram-Bot-Api-Secret-Token",
        ".backup",
    ):
        assert command in GUIDE, command


def test_guide_names_every_setting_it_uses() -> None:
    example = (ROOT / "bot" / ".env.example").read_text(encoding="utf-8")
    for line in GUIDE.splitlines():
        if line.startswith(("RSS_BOT_", "TELEGRAM_")) and "=" in line:
            assert line.split("=")[0] + "=" in example, line


EXAMPLE = ROOT / "bot" / ".env.example"
HEADINGS = [
    "## 1. Créer le bot avec @BotFather",
    "## 2. Configurer",
    "## 3a. Lancer avec Docker (recommandé)",
    "## 3b. Ou comme service systemd",
    "## 4. Webhook derrière nginx (facultatif)",
    "## 5. Sauvegardes",
    "## 6. La clé des pseudonymes",
    "## 7. Conservation et effacement",
    "## 8. Ce qu'il faut dire aux utilisateurs",
    "## 9. Vérifications après la mise en service",
    "## 10. Modifier la base de connaissances",
    "## 11. Mettre à jour le bot",
    "## 12. WhatsApp (WhatsApp Business Cloud API)",
]


def test_guide_keeps_its_sections_and_says_how_to_edit_and_update() -> None:
    assert [line for line in GUIDE.splitlines() if line.startswith("## ")] == HEADINGS
    for step in (
        "EnvironmentFile=/etc/rss-bot.env",
        "ExecReload=/bin/kill -HUP $MAINPID",
        "sudo -u rssbot RSS_BOT_ENV_FILE=/etc/rss-bot.env /opt/rss-bot/.venv/bin/rss-bot health",
        "-v /srv/rss-bot/knowledge:/app/knowledge:ro",
        "-e RSS_BOT_ENV_FILE=/etc/rss-bot.env",
        "rss-bot kb check --knowledge /srv/rss-bot/knowledge",
        "docker kill --signal=HUP rss-bot",
        "sudo systemctl reload rss-bot",
        "/recharger",
        "rss-bot purge --older-than 30d",
    ):
        assert step in GUIDE, step
    assert "xargs" not in GUIDE  # broke on the file's comments and apostrophes
    assert "--env-file /etc" not in GUIDE


def test_env_example_reads_the_same_for_systemd_docker_and_rss_bot() -> None:
    """Whole-line comments, NAME=value lines without quotes or trailing comments: what
    systemd's EnvironmentFile=, Docker and rss-bot all read the same way."""
    values = read_env_file(EXAMPLE)
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Z_]+=[^\s\"'#]*", line), line
    assert values["RSS_BOT_DB"] == ""
    comments = " ".join(line for line in lines if line.startswith("#"))
    for english in (" the ", " default", " file ", " when ", " token "):
        assert english not in comments.lower(), english


def dockerfile_env() -> dict[str, str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    block = text.split("\nENV ", 1)[1].split("\n\n", 1)[0]
    return dict(re.findall(r"(RSS_BOT_[A-Z_]+)=(\S+)", block))


def test_filled_example_keeps_the_images_data_paths(tmp_path: Path) -> None:
    """The guide's Docker set-up: the example, filled, mounted and named by RSS_BOT_ENV_FILE,
    changes none of the image's paths (the database stays in the /data volume)."""
    filled = tmp_path / "rss-bot.env"
    text = EXAMPLE.read_text(encoding="utf-8")
    filled.write_text(
        text.replace("TELEGRAM_BOT_TOKEN=\n", "TELEGRAM_BOT_TOKEN=123:abc\n"), encoding="utf-8"
    )
    image = dockerfile_env()
    assert image["RSS_BOT_DB"] == "/data/rss_bot.sqlite3"
    settings = Settings.from_env(load_environment({**image, "RSS_BOT_ENV_FILE": str(filled)}))
    assert settings.db_path == Path("/data/rss_bot.sqlite3")
    assert settings.knowledge_dir == Path("/app/knowledge")
    assert settings.heartbeat == Path("/data/heartbeat")
    assert settings.telegram_token.get() == "123:abc"


def test_health_check_reads_the_services_file(tmp_path: Path) -> None:
    """The systemd health command: nothing in the environment but RSS_BOT_ENV_FILE, the
    same file as the service's EnvironmentFile= (French comments, apostrophes and all)."""
    db = tmp_path / "lib" / "rss_bot.sqlite3"
    filled = tmp_path / "rss-bot.env"
    filled.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("RSS_BOT_DB=\n", f"RSS_BOT_DB={db}\n"),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RSS_BOT", "TELEGRAM"))}
    env["RSS_BOT_ENV_FILE"] = str(filled)

    def health() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "rss_bot", "health"], capture_output=True, text=True,
            env=env, cwd=tmp_path, timeout=60, check=False,
        )  # fmt: skip

    never = health()
    assert never.returncode == 1, never.stderr
    assert str(db.parent / "heartbeat") in never.stdout
    db.parent.mkdir()
    (db.parent / "heartbeat").touch()
    ok = health()
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok : ")


def test_ci_installs_chromium_then_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script[-1] in readme  # verbatim
    assert script[-1].endswith("python -m pytest -q")
    assert any("apt-get install" in line and "chromium" in line for line in script)
