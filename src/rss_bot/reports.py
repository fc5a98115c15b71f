"""Staff statistics: what the query log's readers return, counted and formatted in French.
No SQL here: it is all in rss_bot.querylog (the review tools are in rss_bot.review)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from rss_bot import texts
from rss_bot.config import MAX_PERIOD_DAYS
from rss_bot.knowledge import KnowledgeBase
from rss_bot.querylog import (
    Day,
    KbVersion,
    LogReader,
    QueryLogError,
    has_text,
    read_log,
    utc_now,
)
from rss_bot.review import Cluster, clip, cluster_questions

TOP = 10
_DURATION = re.compile(r"^\s*(\d+)\s*([jdhw]?)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> timedelta:
    """'30d', '30j', '12h', '2w' -> timedelta (no unit: days); ValueError in French otherwise."""
    found = _DURATION.match(text)
    if not found or int(found.group(1)) <= 0:
        raise ValueError(texts.DURATION_INVALID.format(text=text))
    number, unit = int(found.group(1)), (found.group(2) or "d").lower()
    hours = number * {"h": 1, "d": 24, "w": 24 * 7}[unit.replace("j", "d")]
    if hours > MAX_PERIOD_DAYS * 24:
        raise ValueError(texts.DURATION_TOO_LONG.format(text=text, days=MAX_PERIOD_DAYS))
    return timedelta(hours=hours)


def format_duration(period: timedelta) -> str:
    """A duration as staff read it: '30 jours', '12 heures', '1 jour et 6 heures'."""
    days, hours = period.days, period.seconds // 3600
    parts = []
    if days:
        parts.append(f"{days} jour" + ("s" if days > 1 else ""))
    if hours or not days:
        parts.append(f"{hours} heure" + ("s" if hours > 1 else ""))
    return " et ".join(parts)


def describe_period(period: timedelta, now: Callable[[], datetime] = utc_now) -> str:
    """The line every staff command prints: which period its figures cover."""
    since = now() - period
    return texts.PERIOD.format(duration=format_duration(period), since=f"{since:%Y-%m-%d %H:%M}")


@dataclass(frozen=True)
class Stats:
    """What staff see with `rss-bot stats`."""

    since: str
    days: tuple[Day, ...]
    top_intents: tuple[tuple[str, int], ...]
    feedback: tuple[tuple[str, int, int], ...]  # intent, 👍, 👎
    campaigns: tuple[tuple[str, int, int], ...]  # campaign, questions, people
    people: int
    channels: tuple[tuple[str, int, int], ...] = ()  # channel, questions, people
    versions: tuple[KbVersion, ...] = ()  # of the knowledge base, oldest first
    non_text: int = 0  # photos, voice notes…: not questions

    @property
    def without_text(self) -> int:
        """Empty or emoji-only messages in the period (not in `total` nor in any rate)."""
        return sum(d.without_text for d in self.days)

    @property
    def conversation(self) -> int:
        """Messages that ask about no topic ("d'accord", "c'est faux"…): not in any rate."""
        return sum(d.conversation for d in self.days)

    @property
    def total(self) -> int:
        """Questions in the period."""
        return sum(d.questions for d in self.days)

    def shares(self) -> tuple[float, float, float]:
        """Shares (0-1) of answered, suggested and fallback questions."""
        total = self.total or 1
        return (
            sum(d.answered for d in self.days) / total,
            sum(d.suggested for d in self.days) / total,
            sum(d.fallback for d in self.days) / total,
        )


async def stats(
    reader: LogReader, period: timedelta, now: Callable[[], datetime] = utc_now
) -> Stats:
    """Totals per day, outcome shares, top intents, feedback and campaigns since `period` ago."""
    since = now() - period
    return Stats(
        since=since.strftime("%Y-%m-%d"),
        days=tuple(await reader.days(since)),
        top_intents=tuple(await reader.top_intents(since, TOP)),
        feedback=tuple(await reader.feedback(since, TOP)),
        campaigns=tuple(await reader.campaigns(since)),
        people=await reader.people(since),
        channels=tuple(await reader.channels(since)),
        versions=tuple(await reader.versions(since)),
        non_text=await reader.non_text(since),
    )


# --- French text for the command line and Telegram ------------------------------------------


def _percent(share: float) -> str:
    return f"{100 * share:.0f} %"


def format_stats(result: Stats, kb: KnowledgeBase | None = None) -> str:
    """`rss-bot stats` output."""

    def label(intent_id: str) -> str:
        intent = kb.get(intent_id) if kb else None
        return f"{intent.label} ({intent_id})" if intent else intent_id

    answered, suggested, fallback = result.shares()
    lines = [
        f"Questions depuis le {result.since} : {result.total} "
        f"(personnes différentes : {result.people})",
        f"Réponses directes {_percent(answered)} · suggestions {_percent(suggested)} · "
        f"sans réponse {_percent(fallback)}",
        *format_channels(result.channels),
        texts.STATS_APART.format(
            without_text=result.without_text,
            non_text=result.non_text,
            conversation=result.conversation,
        ),
        "",
        "Par jour (questions : réponses / suggestions / sans réponse) :",
    ]
    lines += [
        f"  {d.day}  {d.questions:5d} : {d.answered} / {d.suggested} / {d.fallback}"
        for d in result.days
    ] or ["  (aucune question)"]
    lines += ["", "Sujets les plus demandés :"]
    lines += [f"  {n:5d}  {label(i)}" for i, n in result.top_intents] or ["  (aucun)"]
    lines += ["", "Avis 👍 / 👎 par sujet :"]
    lines += [f"  {up:3d} / {down:<3d} {label(i)}" for i, up, down in result.feedback] or [
        "  (aucun avis)"
    ]
    lines += ["", "Campagnes (questions, personnes) :"]
    lines += [f"  {n:5d}  {people:4d}  {c}" for c, n, people in result.campaigns] or [
        "  (aucune question venue d'un lien de campagne)"
    ]
    lines += [
        "",
        "Par version de la base de connaissances (tous les messages reçus, premier et dernier) :",
    ]
    lines += [
        f"  {v.questions:5d}  {v.version or '(inconnue)'}  du {v.first} au {v.last} UTC"
        for v in result.versions
    ] or ["  (aucune question)"]
    return "\n".join(lines)


# How staff read a channel's name in `stats` (the log stores the Channel value).
CHANNEL_NAMES = {
    "telegram": "Telegram",
    "inline": "Telegram (mode en ligne)",
    "whatsapp": "WhatsApp",
    "terminal": "terminal",
}


def format_channels(channels: tuple[tuple[str, int, int], ...]) -> list[str]:
    """The line of `stats` that puts the doors side by side (none without questions)."""
    if not channels:
        return []
    parts = [
        f"{CHANNEL_NAMES.get(name, name)} {n} ({people} pers.)" for name, n, people in channels
    ]
    return ["Par canal : " + " · ".join(parts)]


# Different people who asked a group of unanswered questions before staff see its text: a
# question one person asked may tell who they are (the HTML report and /stats alike).
MIN_PEOPLE_SHOWN = 2


def format_short(today: int, week: Stats, clusters: list[Cluster], kb: KnowledgeBase) -> str:
    """The Telegram `/stats` summary, short enough for a phone."""

    def label(intent_id: str) -> str:
        intent = kb.get(intent_id)
        return intent.label if intent else intent_id

    answered, suggested, fallback = week.shares()
    lines = [
        "📊 Statistiques",
        f"Aujourd'hui : {today} question(s).",
        f"7 derniers jours : {week.total} question(s), {week.people} personne(s) ; "
        f"réponses {_percent(answered)}, suggestions {_percent(suggested)}, "
        f"sans réponse {_percent(fallback)}.",
        "",
        "Sujets les plus demandés (7 j) :",
    ]
    lines += [f"• {label(i)} : {n}" for i, n in week.top_intents[:5]] or ["• (aucun)"]
    lines += ["", "Sans réponse (7 j) :"]
    shown = [c for c in clusters if c.askers >= MIN_PEOPLE_SHOWN]
    lines += [f"• {c.count} × « {clip(c.examples[0])} »" for c in shown[:5]] or ["• (aucune)"]
    hidden = sum(c.count for c in clusters if c.askers < MIN_PEOPLE_SHOWN)
    if hidden:
        lines.append(texts.STATS_SINGLES.format(count=hidden))
    return "\n".join(lines)


async def short_summary(path: Path, kb: KnowledgeBase) -> str:
    """The Telegram `/stats` text for the log at `path`, or why it cannot be read."""
    try:
        # Only what the summary shows: it answers a chat message, in the event loop.
        async with read_log(path) as reader:
            now = utc_now()
            since = now - timedelta(days=7)
            today = sum(d.questions for d in await reader.days(now - timedelta(days=1)))
            week = Stats(
                since=f"{since:%Y-%m-%d}",
                days=tuple(await reader.days(since)),
                top_intents=tuple(await reader.top_intents(since, TOP)),
                feedback=(),
                campaigns=(),
                people=await reader.people(since),
            )
            rows = await reader.unanswered(since)
    except QueryLogError as exc:
        return str(exc)
    # Grouping is plain Python over a week of questions: done in a worker thread, so that
    # the other chats are answered meanwhile.
    questions = [row for row in rows if has_text(row[0])]
    clusters = await asyncio.to_thread(cluster_questions, questions)
    return format_short(today, week, clusters, kb)
