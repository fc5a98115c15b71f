"""Settings: one typed object built from the environment in main(), secrets masked."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_KNOWLEDGE = "RSS_BOT_KNOWLEDGE"
ENV_TOKEN = "TELEGRAM_BOT_TOKEN"


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


def default_knowledge_dir() -> Path:
    """`./knowledge` when run from a checkout, else the folder beside the source tree."""
    here = Path("knowledge")
    if here.is_dir():
        return here
    beside_source = Path(__file__).resolve().parents[2] / "knowledge"
    return beside_source if beside_source.is_dir() else here


@dataclass(frozen=True)
class Settings:
    """Everything the program is configured with."""

    knowledge_dir: Path
    telegram_token: Secret

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables."""
        env = os.environ if env is None else env
        knowledge = env.get(ENV_KNOWLEDGE, "").strip()
        return cls(
            knowledge_dir=Path(knowledge) if knowledge else default_knowledge_dir(),
            telegram_token=Secret(env.get(ENV_TOKEN, "").strip()),
        )
