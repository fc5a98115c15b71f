"""The engine a running bot answers with, replaced whole when the knowledge base is reloaded.

A reload reads and validates the knowledge-base folder and trains the new matcher in a worker
thread, so the event loop keeps answering meanwhile; then one assignment swaps the engine.
A door reads `LiveEngine.engine` once per message and uses that engine for all of it, so no
question sees half of the old knowledge base and half of the new one. An invalid folder
changes nothing: the bot keeps serving the knowledge base it has.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from rss_bot import texts
from rss_bot.engine import Engine
from rss_bot.knowledge import Intent, KnowledgeBase, KnowledgeError, Problem, load
from rss_bot.matcher import Matcher

logger = logging.getLogger(__name__)

Builder = Callable[[KnowledgeBase], Engine]
Listener = Callable[[Engine], Awaitable[None]]


def build_engine(kb: KnowledgeBase, cache_dir: Path | None = None) -> Engine:
    """The engine for a knowledge base, its trained model kept in `cache_dir` if given,
    warmed up to serve."""
    engine = Engine(kb, Matcher(kb, cache_dir=cache_dir))
    engine.warm_up()
    return engine


@dataclass(frozen=True)
class Change:
    """What a reload changed: intent ids added, removed, and modified (any field)."""

    old_version: str
    new_version: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()

    @property
    def intents_changed(self) -> bool:
        """Whether any intent was added, removed or modified."""
        return bool(self.added or self.removed or self.modified)


def _content(intent: Intent) -> tuple[object, ...]:
    """What an intent says and offers, without where it is written (moving it is no change)."""
    return (
        intent.questions,
        intent.answer,
        intent.title,
        intent.keywords,
        intent.related,
        intent.source,
        intent.kind,
    )


def compare(old: KnowledgeBase, new: KnowledgeBase) -> Change:
    """The intents added, removed and modified from `old` to `new`, each in file order."""
    old_ids = [i.id for i in old.intents]
    new_ids = [i.id for i in new.intents]
    kept = [i for i in new.intents if i.id in old]
    return Change(
        old.version,
        new.version,
        added=tuple(i for i in new_ids if i not in old),
        removed=tuple(i for i in old_ids if i not in new),
        modified=tuple(i.id for i in kept if _content(i) != _content(old.get(i.id))),  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Reload:
    """The outcome of one reload: the change made, or the problems that prevented it."""

    change: Change | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the new knowledge base is now served."""
        return self.change is not None

    def describe(self) -> str:
        """The French summary staff read (in the logs and in Telegram)."""
        if self.change is None:
            lines = [texts.RELOAD_REFUSED.format(count=len(self.problems))]
            return "\n".join(lines + [str(p) for p in self.problems])
        change = self.change
        if change.old_version == change.new_version:
            return texts.RELOAD_UNCHANGED.format(version=change.new_version)
        lines = [texts.RELOAD_DONE.format(old=change.old_version, new=change.new_version)]
        for label, ids in (
            (texts.RELOAD_ADDED, change.added),
            (texts.RELOAD_REMOVED, change.removed),
            (texts.RELOAD_MODIFIED, change.modified),
        ):
            if ids:
                lines.append(f"{label} ({len(ids)}) : {', '.join(ids)}")
        if not change.intents_changed:
            lines.append(texts.RELOAD_NO_INTENT_CHANGED)
        return "\n".join(lines)


class LiveEngine:
    """Holds the current engine and replaces it, whole, on reload."""

    def __init__(self, engine: Engine, folder: Path, build: Builder = build_engine) -> None:
        self._engine = engine
        self.folder = folder
        self._build = build
        self._lock = asyncio.Lock()  # one reload at a time; questions never wait for it
        self._listeners: list[Listener] = []

    def on_swap(self, listener: Listener) -> None:
        """Call `listener` with the new engine after each reload that changed the knowledge
        base (a door updating what it shows of it, such as Telegram's command list)."""
        self._listeners.append(listener)

    @property
    def engine(self) -> Engine:
        """The engine to answer with: read it once per message."""
        return self._engine

    def _load_and_build(self) -> Engine:
        return self._build(load(self.folder))

    async def reload(self) -> Reload:
        """Validate the folder and, if valid, swap in the engine built from it (both done in
        a worker thread); the result, logged in French, says what changed or why not."""
        async with self._lock:
            try:
                engine = await asyncio.to_thread(self._load_and_build)
            except KnowledgeError as exc:
                result = Reload(problems=tuple(exc.problems))
            except OSError as exc:  # a file that vanished or cannot be read mid-way
                where = exc.filename or self.folder
                result = Reload(problems=(Problem(str(where), 0, texts.os_reason(exc)),))
            else:
                change = compare(self._engine.kb, engine.kb)
                self._engine = engine  # the swap: one assignment, seen whole by the next message
                result = Reload(change=change)
        if result.ok:
            logger.info("%s", result.describe())
        else:
            logger.error("%s", result.describe())
        if result.change is not None and result.change.old_version != result.change.new_version:
            for listener in self._listeners:
                try:
                    await listener(self._engine)
                except Exception:  # one door's trouble must not hide the reload's outcome
                    logger.exception("Rechargement : une porte n'a pas pu se mettre à jour")
        return result


def live_engine(engine: Engine | LiveEngine, folder: Path, cache_dir: Path | None) -> LiveEngine:
    """`engine` itself if it is live already, else a live engine that reloads `folder`."""
    if isinstance(engine, LiveEngine):
        return engine
    return LiveEngine(engine, folder, functools.partial(build_engine, cache_dir=cache_dir))
