"""Settings: one typed object built from the environment in main(), secrets masked."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse

ENV_KNOWLEDGE = "RSS_BOT_KNOWLEDGE"
ENV_TOKEN = "TELEGRAM_BOT_TOKEN"
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")

T = TypeVar("T")


class Secret:
    """A string that never shows itself in repr() or str()."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        """The secret value itself: pass it on, never print it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class ConfigError(Exception):
    """Raised when the environment holds invalid settings; lists every problem in French."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def default_knowledge_dir() -> Path:
    """`./knowledge` when run from a checkout, else the folder beside the source tree."""
    here = Path("knowledge")
    if here.is_dir():
        return here
    beside_source = Path(__file__).resolve().parents[2] / "knowledge"
    return beside_source if beside_source.is_dir() else here


@dataclass(frozen=True)
class Settings:
    """Everything the program is configured with (see bot/.env.example)."""

    knowledge_dir: Path = field(default_factory=default_knowledge_dir)
    telegram_token: Secret = field(default_factory=lambda: Secret(""))
    api_base_url: str = DEFAULT_API_BASE_URL
    bot_username: str = ""
    send_rate: float = 30.0  # outgoing messages per second overall; 0 = no pacing
    user_rate: int = 20  # messages per user per minute before "doucement"
    webhook_url: str = ""
    webhook_secret: Secret = field(default_factory=lambda: Secret(""))
    db_path: Path = Path("data") / "rss_bot.sqlite3"
    log_key: Secret = field(default_factory=lambda: Secret(""))
    admin_ids: tuple[int, ...] = ()
    retention_days: int = 90
    listen: str = "127.0.0.1"
    port: int = 8443
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables; raise ConfigError listing every problem."""
        env = os.environ if env is None else env
        problems: list[str] = []

        def get(name: str) -> str:
            return env.get(name, "").strip()

        def number(name: str, convert: Callable[[str], T], default: T, minimum: float) -> T:
            raw = get(name)
            if not raw:
                return default
            try:
                value = convert(raw)
            except ValueError:
                problems.append(f"{name}={raw!r} : un nombre est attendu")
                return default
            if value < minimum:  # type: ignore[operator]
                problems.append(f"{name}={raw!r} : la valeur doit être au moins {minimum:g}")
                return default
            return value

        knowledge = get(ENV_KNOWLEDGE)
        username = get("RSS_BOT_USERNAME").lstrip("@")
        if username and not _USERNAME.match(username):
            problems.append(f"RSS_BOT_USERNAME={username!r} : nom de bot Telegram invalide")
        level = (get("RSS_BOT_LOG_LEVEL") or "INFO").upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            problems.append(
                f"RSS_BOT_LOG_LEVEL={level!r} : valeurs possibles DEBUG, INFO, WARNING, ERROR"
            )
        admin_ids: list[int] = []
        for item in get("RSS_BOT_ADMIN_IDS").replace(";", ",").split(","):
            if item.strip().lstrip("-").isdigit():
                admin_ids.append(int(item))
            elif item.strip():
                problems.append(
                    f"RSS_BOT_ADMIN_IDS : « {item.strip()} » n'est pas un identifiant Telegram "
                    "numérique (séparez les identifiants par des virgules)"
                )
        base_url = get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL
        if not base_url.startswith(("http://", "https://")):
            problems.append(f"TELEGRAM_API_BASE_URL={base_url!r} : une URL http(s) est attendue")
        settings = cls(
            knowledge_dir=Path(knowledge) if knowledge else default_knowledge_dir(),
            telegram_token=Secret(get(ENV_TOKEN)),
            api_base_url=base_url,
            bot_username=username,
            send_rate=number("RSS_BOT_SEND_RATE", float, 30.0, 0),
            user_rate=number("RSS_BOT_USER_RATE", int, 20, 1),
            webhook_url=get("RSS_BOT_WEBHOOK_URL"),
            webhook_secret=Secret(get("RSS_BOT_WEBHOOK_SECRET")),
            db_path=Path(get("RSS_BOT_DB") or Path("data") / "rss_bot.sqlite3"),
            log_key=Secret(get("RSS_BOT_LOG_KEY")),
            admin_ids=tuple(admin_ids),
            retention_days=number("RSS_BOT_RETENTION_DAYS", int, 90, 1),
            listen=get("RSS_BOT_LISTEN") or "127.0.0.1",
            port=number("RSS_BOT_PORT", int, 8443, 1),
            log_level=level,
        )
        if problems:
            raise ConfigError(problems)
        return settings

    @property
    def webhook_path(self) -> str:
        """The path part of the webhook URL, where the webhook server listens."""
        return urlparse(self.webhook_url).path.lstrip("/")

    def describe(self) -> list[tuple[str, str]]:
        """(name, value) pairs for display, secrets masked."""
        return [(f.name, str(getattr(self, f.name))) for f in fields(self)]
