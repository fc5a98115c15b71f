"""Settings: one typed object built in main() from the environment (and an optional .env
file), every problem reported at once in French, secrets masked in repr."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from rss_bot import texts

ENV_FILE = "RSS_BOT_ENV_FILE"
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts
_ENV_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_PORT = 65_535
# A hundred years: any longer period or retention is a typo, and would overflow dates.
MAX_PERIOD_DAYS = 36_500

# Defaults of the staff commands, here because every command's help shows them: reading
# them must not load the query log and the review (`reports`, `review` and `export`, which
# use them, import them from here).
# The period every staff command reads by default (stats, report, unanswered, export,
# suggest-examples): one database looks the same from one command to the next.
DEFAULT_PERIOD = "30d"
# Evidence for a proposed example (defaults of `suggest-examples`).
MIN_PEOPLE = 2  # different people who chose the same suggestion for close wordings
MIN_THUMBS = 1  # 👍 on the answer a person chose (0: 👍 alone is no evidence)
EXPORT_FORMATS = ("xlsx", "csv", "jsonl")  # what `export --format` writes
DEFAULT_EXPORT_FORMAT = "csv"  # without --format, when --output has no known suffix

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
    """Raised when the configuration is invalid; lists every problem, in French."""

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


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments, `export` and quotes allowed)."""
    values: dict[str, str] = {}
    problems: list[str] = []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError([f"{path} : fichier illisible ({texts.os_reason(exc)})"]) from None
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError([f"{path}:{line}: {texts.NOT_UTF8}"]) from None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        found = _ENV_LINE.match(stripped)
        if not found:
            problems.append(f"{path}:{number}: ligne invalide, attendu NOM=valeur")
            continue
        name, value = found.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[name] = value
    if problems:
        raise ConfigError(problems)
    return values


def load_environment(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> dict[str, str]:
    """The environment, completed by a .env file (RSS_BOT_ENV_FILE, else ./.env if present).

    Variables already set in the environment win over the file.
    """
    environ = dict(os.environ if environ is None else environ)
    if env_file is None:
        named = environ.get(ENV_FILE, "").strip()
        env_file = Path(named) if named else Path(".env")
        if not named and not env_file.is_file():
            return environ
    if not env_file.is_file():
        raise ConfigError([f"{ENV_FILE}={env_file} : fichier introuvable"])
    return {**read_env_file(env_file), **environ}


# --- Reading one variable: (name, text as set) -> value, or ConfigError --------------------

Reader = Callable[[str, str], Any]


def _text(name: str, raw: str) -> str:
    return raw


def _secret(name: str, raw: str) -> Secret:
    return Secret(raw)


MIN_KEY_CHARS = 32  # a pseudonym key shorter than this could be guessed, then every id tried


def _key(name: str, raw: str) -> Secret:
    if raw and len(raw.strip()) < MIN_KEY_CHARS:  # the value itself is never shown
        raise ConfigError(
            [
                f"{name} : clé trop courte, il faut au moins {MIN_KEY_CHARS} caractères ; "
                "par exemple : python3 -c 'import secrets; print(secrets.token_hex(32))'"
            ]
        )
    return Secret(raw.strip())


def _path(name: str, raw: str) -> Path:
    return Path(raw)


def _number(convert: Callable[[str], T], minimum: float, maximum: float = math.inf) -> Reader:
    def read(name: str, raw: str) -> T:
        try:
            value = convert(raw)
        except ValueError:
            raise ConfigError([f"{name}={raw!r} : un nombre est attendu"]) from None
        if value < minimum:  # type: ignore[operator]
            raise ConfigError([f"{name}={raw!r} : la valeur doit être au moins {minimum:g}"])
        if value > maximum:  # type: ignore[operator]
            raise ConfigError([f"{name}={raw!r} : la valeur doit être au plus {maximum:g}"])
        return value

    return read


def _mode(name: str, raw: str) -> str:
    mode = raw.lower()
    if mode not in MODES:
        raise ConfigError([f"{name}={mode!r} : mode inconnu (polling ou webhook)"])
    return mode


def _log_level(name: str, raw: str) -> str:
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise ConfigError([f"{name}={level!r} : valeurs possibles {', '.join(LOG_LEVELS)}"])
    return level


def valid_username(username: str) -> bool:
    """Whether a name (without @) can be a Telegram bot's username."""
    return bool(_USERNAME.match(username))


def _username(name: str, raw: str) -> str:
    username = raw.lstrip("@")
    if username and not valid_username(username):
        raise ConfigError([f"{name}={username!r} : nom de bot Telegram invalide"])
    return username


def _http_url(name: str, raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ConfigError([f"{name}={raw!r} : une URL http(s) est attendue"])
    return raw


def _digits(name: str, raw: str) -> str:
    if not raw.isdigit():
        raise ConfigError([f"{name}={raw!r} : seuls des chiffres sont attendus"])
    return raw


def _user_ids(name: str, raw: str) -> tuple[int, ...]:
    ids: list[int] = []
    problems = []
    for item in (part.strip() for part in raw.replace(";", ",").split(",")):
        if item.lstrip("-").isdigit():
            ids.append(int(item))
        elif item:
            problems.append(
                f"{name} : « {item} » n'est pas un identifiant Telegram numérique "
                "(séparez les identifiants par des virgules)"
            )
    if problems:
        raise ConfigError(problems)
    return tuple(ids)


_YES = ("1", "oui", "o", "yes", "y", "true", "vrai", "on")
_NO = ("0", "non", "n", "no", "false", "faux", "off")


def _flag(name: str, raw: str) -> bool:
    value = raw.lower()
    if value not in _YES + _NO:
        raise ConfigError([f"{name}={raw!r} : 1 (oui) ou 0 (non) est attendu"])
    return value in _YES


def _meta(env: str, label: str, read: Reader = _text) -> dict[str, Any]:
    """What a field of Settings needs besides its default: its variable, its label for
    `rss-bot config`, and how its text is read and checked."""
    return {"env": env, "label": label, "read": read}


MODES = ("polling", "webhook")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Settings:
    """Everything the program is configured with (every variable is in bot/.env.example).

    Each setting is declared once, here: its default, its environment variable, its label
    for `rss-bot config`, and how its text is read and checked (from_env reads them all).
    """

    telegram_token: Secret = field(
        default=Secret(""), metadata=_meta("TELEGRAM_BOT_TOKEN", "jeton du bot", _secret)
    )
    api_base_url: str = field(
        default="https://api.telegram.org/bot",
        metadata=_meta("TELEGRAM_API_BASE_URL", "serveur de l'API Bot", _http_url),
    )
    bot_username: str = field(
        default="", metadata=_meta("RSS_BOT_USERNAME", "nom du bot", _username)
    )
    # Unset: webhook when a webhook URL is set, else polling (see from_env).
    mode: str = field(
        default="polling", metadata=_meta("RSS_BOT_MODE", "mode (polling ou webhook)", _mode)
    )
    webhook_url: str = field(
        default="", metadata=_meta("RSS_BOT_WEBHOOK_URL", "URL publique du webhook")
    )
    webhook_secret: Secret = field(
        default=Secret(""), metadata=_meta("RSS_BOT_WEBHOOK_SECRET", "secret du webhook", _secret)
    )
    listen: str = field(
        default="127.0.0.1", metadata=_meta("RSS_BOT_LISTEN", "adresse d'écoute du webhook")
    )
    port: int = field(
        default=8443,
        metadata=_meta("RSS_BOT_PORT", "port d'écoute du webhook", _number(int, 1, MAX_PORT)),
    )
    knowledge_dir: Path = field(
        default_factory=default_knowledge_dir,
        metadata=_meta("RSS_BOT_KNOWLEDGE", "base de connaissances", _path),
    )
    db_path: Path = field(
        default=Path("data") / "rss_bot.sqlite3",
        metadata=_meta("RSS_BOT_DB", "base des questions", _path),
    )
    log_key: Secret = field(
        default=Secret(""), metadata=_meta("RSS_BOT_LOG_KEY", "clé des pseudonymes", _key)
    )
    retention_days: int = field(
        default=90,
        metadata=_meta(
            "RSS_BOT_RETENTION_DAYS", "conservation (jours)", _number(int, 1, MAX_PERIOD_DAYS)
        ),
    )
    admin_ids: tuple[int, ...] = field(
        default=(), metadata=_meta("RSS_BOT_ADMIN_IDS", "administrateurs (/stats)", _user_ids)
    )
    send_rate: float = field(
        default=30.0,
        metadata=_meta(
            "RSS_BOT_SEND_RATE",
            "messages envoyés par seconde (0 = sans limite)",
            _number(float, 0),
        ),
    )
    user_rate: int = field(
        default=20,
        metadata=_meta("RSS_BOT_USER_RATE", "messages par personne et par minute", _number(int, 1)),
    )
    heartbeat_path: Path | None = field(
        default=None,
        metadata=_meta("RSS_BOT_HEARTBEAT", "fichier de pouls (rss-bot health)", _path),
    )
    log_level: str = field(
        default="INFO", metadata=_meta("RSS_BOT_LOG_LEVEL", "niveau des journaux", _log_level)
    )
    # Unset: a folder beside the database. A trained model is reused only while the
    # knowledge base, the settings and the program are the same (see modelcache.py).
    model_cache_path: Path | None = field(
        default=None,
        metadata=_meta("RSS_BOT_MODEL_CACHE", "cache des modèles entraînés", _path),
    )
    # --- privacy (issue 14)
    # Phone numbers, e-mail addresses, long numbers and links with a query string are
    # replaced in questions before they are matched and stored (see redaction.py).
    redact: bool = field(
        default=True,
        metadata=_meta("RSS_BOT_REDACT", "données personnelles masquées dans les questions", _flag),
    )
    # --- WhatsApp door (issue 13)
    # The door starts when both the access token and the phone number id are set; it then
    # needs the app secret (webhook signatures) and the verify token (webhook set-up).
    whatsapp_token: Secret = field(
        default=Secret(""),
        metadata=_meta("WHATSAPP_ACCESS_TOKEN", "jeton d'accès WhatsApp (Meta)", _secret),
    )
    whatsapp_phone_number_id: str = field(
        default="",
        metadata=_meta(
            "WHATSAPP_PHONE_NUMBER_ID", "identifiant du numéro WhatsApp (Meta)", _digits
        ),
    )
    whatsapp_app_secret: Secret = field(
        default=Secret(""),
        metadata=_meta("WHATSAPP_APP_SECRET", "clé secrète de l'application Meta", _secret),
    )
    whatsapp_verify_token: Secret = field(
        default=Secret(""),
        metadata=_meta(
            "WHATSAPP_VERIFY_TOKEN", "jeton de vérification du webhook WhatsApp", _secret
        ),
    )
    whatsapp_api_base_url: str = field(
        default="https://graph.facebook.com/v21.0",
        metadata=_meta("WHATSAPP_API_BASE_URL", "serveur de l'API WhatsApp Cloud", _http_url),
    )
    whatsapp_port: int = field(
        default=8081,
        metadata=_meta(
            "RSS_BOT_WHATSAPP_PORT", "port d'écoute du webhook WhatsApp", _number(int, 1, MAX_PORT)
        ),
    )

    @property
    def webhook_path(self) -> str:
        """The path part of the webhook URL, where the webhook server listens."""
        return urlparse(self.webhook_url).path.lstrip("/")

    @property
    def heartbeat(self) -> Path:
        """The file the running bot touches after each successful request to Telegram."""
        return self.heartbeat_path or self.db_path.parent / "heartbeat"

    @property
    def model_cache(self) -> Path:
        """The folder where trained models are kept between starts."""
        return self.model_cache_path or self.db_path.parent / "model-cache"

    @property
    def telegram_enabled(self) -> bool:
        """Whether the Telegram door is configured (its token is set)."""
        return bool(self.telegram_token)

    @property
    def whatsapp_enabled(self) -> bool:
        """Whether the WhatsApp door is configured (access token and phone number id set)."""
        return bool(self.whatsapp_token) and bool(self.whatsapp_phone_number_id)

    def whatsapp_problems(self) -> list[str]:
        """What keeps the WhatsApp door from working, once either of its credentials is set."""
        token, number = self.variable("whatsapp_token"), self.variable("whatsapp_phone_number_id")
        if not self.whatsapp_token and not self.whatsapp_phone_number_id:
            return []
        problems = []
        if not self.whatsapp_token:
            problems.append(f"{token} : obligatoire avec {number} (le jeton d'accès de Meta)")
        if not self.whatsapp_phone_number_id:
            problems.append(
                f"{number} : obligatoire avec {token} (l'identifiant du numéro, dans le "
                "tableau de bord WhatsApp de l'application Meta)"
            )
        if not self.whatsapp_app_secret:
            problems.append(
                f"{self.variable('whatsapp_app_secret')} : obligatoire pour WhatsApp (la clé "
                "secrète de l'application Meta) ; elle vérifie la signature de chaque requête"
            )
        if not self.whatsapp_verify_token:
            problems.append(
                f"{self.variable('whatsapp_verify_token')} : obligatoire pour WhatsApp (le "
                "jeton choisi à la configuration du webhook dans l'application Meta)"
            )
        if not 1 <= self.whatsapp_port <= 65535:
            problems.append(
                f"{self.variable('whatsapp_port')}={self.whatsapp_port} : port invalide"
            )
        return problems

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables; raise ConfigError listing every problem."""
        env = os.environ if env is None else env
        problems: list[str] = []
        values: dict[str, Any] = {}
        for item in fields(cls):
            raw = env.get(item.metadata["env"], "").strip()
            if not raw:
                continue  # the default
            try:
                values[item.name] = item.metadata["read"](item.metadata["env"], raw)
            except ConfigError as exc:
                problems += exc.problems
        if "mode" not in values and values.get("webhook_url"):
            values["mode"] = "webhook"
        settings = cls(**values)
        problems += settings.webhook_problems() if settings.mode == "webhook" else []
        problems += settings.whatsapp_problems()
        if problems:
            raise ConfigError(problems)
        return settings

    @classmethod
    def variable(cls, name: str) -> str:
        """The environment variable of the setting `name` (a field name)."""
        return next(item.metadata["env"] for item in fields(cls) if item.name == name)

    def webhook_problems(self) -> list[str]:
        """What keeps webhook mode from working with these settings."""
        problems = []
        url_variable, secret_variable = (
            self.variable("webhook_url"),
            self.variable("webhook_secret"),
        )
        url = urlparse(self.webhook_url)
        if not self.webhook_url:
            problems.append(f"{url_variable} : obligatoire en mode webhook")
        elif url.scheme != "https" and url.hostname not in _LOCAL_HOSTS:
            problems.append(f"{url_variable}={self.webhook_url!r} : Telegram exige une URL https")
        if not _WEBHOOK_SECRET.match(self.webhook_secret.get()):
            problems.append(
                f"{secret_variable} : obligatoire en mode webhook (1 à 256 caractères "
                "parmi A-Z, a-z, 0-9, _ et -) ; Telegram l'envoie avec chaque mise à jour"
            )
        if not 1 <= self.port <= 65535:
            problems.append(f"{self.variable('port')}={self.port} : port invalide")
        return problems

    def path_problems(self) -> list[str]:
        """Folders the running bot must be able to write (database, key, heartbeat)."""
        problems = []
        for name, path in (
            (self.variable("db_path"), self.db_path),
            (self.variable("heartbeat_path"), self.heartbeat),
        ):
            folder = path.parent.absolute()
            existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
            if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK):
                problems.append(
                    f"{name}={path} : le dossier {folder} n'est pas accessible en écriture"
                )
        return problems

    def describe(self) -> list[tuple[str, str, str]]:
        """(variable, label, value) for every setting, secrets masked."""
        rows = []
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "heartbeat_path":
                value = self.heartbeat
            if item.name == "model_cache_path":
                value = self.model_cache
            if isinstance(value, tuple):
                value = ", ".join(str(v) for v in value)
            if isinstance(value, bool):
                value = "oui" if value else "non"
            shown = "(non défini)" if value in ("", None) else str(value)
            if isinstance(value, Secret):
                shown = "********" if value else "(non défini)"
            rows.append((item.metadata["env"], item.metadata["label"], shown))
        return rows
