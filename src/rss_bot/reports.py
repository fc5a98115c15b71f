"""Staff statistics: what the query log's readers return, grouped and formatted in French
(totals, unanswered clusters, new examples). No SQL here: it is all in rss_bot.querylog."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from rapidfuzz import fuzz, process

from rss_bot.knowledge import KnowledgeBase
from rss_bot.normalize import content_words, fold, words
from rss_bot.querylog import Day, LogReader, QueryLogError, read_log, utc_now

CLUSTER_SIMILARITY = 75  # token_set_ratio, 0-100, to join a question to a cluster
CLUSTER_EXAMPLES = 3
TOP = 10
MAX_EXAMPLE_CHARS = 200
# A question is shown cut to this many characters: the longer a question, the likelier it
# holds a name or a story that tells who wrote it.
MAX_SHOWN_CHARS = 300
_LONG_NUMBER = re.compile(r"\d[\d .-]{6,}\d")  # phone numbers and the like: never proposed
_DURATION = re.compile(r"^\s*(\d+)\s*([jdhws]?)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> timedelta:
    """'7d', '30j', '12h', '2w' -> timedelta; ValueError with a French message otherwise."""
    found = _DURATION.match(text)
    if not found or int(found.group(1)) <= 0:
        raise ValueError(f"durée invalide : « {text} » (exemples : 7d ou 7j pour 7 jours, 12h, 2w)")
    number, unit = int(found.group(1)), (found.group(2) or "d").lower()
    if unit == "h":
        return timedelta(hours=number)
    if unit == "w" or unit == "s":
        return timedelta(weeks=number)
    return timedelta(days=number)


def clip(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """A question as staff outputs show it: cut after `limit` characters, with an ellipsis."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def clipped(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Exported question rows with the question and its normalised form clipped."""
    return [
        {
            name: clip(value)
            if name in ("question", "normalized") and isinstance(value, str)
            else value
            for name, value in row.items()
        }
        for row in rows
    ]


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
    )


@dataclass
class Cluster:
    """Similar unanswered questions: what to add to the knowledge base next."""

    key: str
    count: int = 0
    examples: list[str] = field(default_factory=list)
    suggested: Counter[str] = field(default_factory=Counter)  # intents offered meanwhile
    people: set[str | None] = field(default_factory=set)  # pseudonyms (None: no person known)


def _key(question: str) -> str:
    return " ".join(sorted(set(content_words(words(question))))) or fold(question)


Unanswered = tuple[str, list[str]] | tuple[str, list[str], str | None]


def cluster_questions(
    rows: Iterable[Unanswered], similarity: int = CLUSTER_SIMILARITY
) -> list[Cluster]:
    """Group (question, suggestions offered[, who asked]) by similar wording, biggest group
    first."""
    by_key: dict[str, list[tuple[str, list[str], str | None]]] = {}
    for question, suggestions, *who in rows:
        person = who[0] if who else None
        by_key.setdefault(_key(question), []).append((question, suggestions, person))
    clusters: list[Cluster] = []
    leaders: list[str] = []
    for key, items in sorted(by_key.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        found = (
            process.extractOne(key, leaders, scorer=fuzz.token_set_ratio, score_cutoff=similarity)
            if leaders
            else None
        )
        if found is None:
            clusters.append(Cluster(key))
            leaders.append(key)
            cluster = clusters[-1]
        else:
            cluster = clusters[found[2]]
        cluster.count += len(items)
        for question, suggestions, who in items:
            cluster.suggested.update(suggestions)
            cluster.people.add(who)
            if len(cluster.examples) < CLUSTER_EXAMPLES and question not in cluster.examples:
                cluster.examples.append(question)
    clusters.sort(key=lambda c: (-c.count, c.key))
    return clusters


async def unanswered(
    reader: LogReader, period: timedelta, now: Callable[[], datetime] = utc_now
) -> list[Cluster]:
    """Fallback and suggested questions since `period` ago, clustered."""
    return cluster_questions(await reader.unanswered(now() - period))


@dataclass
class Proposal:
    """A question users asked that should become an example of an intent."""

    question: str
    chosen: int = 0  # times picked among 'Vouliez-vous dire…'
    liked: int = 0  # 👍 on the answer it got


async def proposed_examples(reader: LogReader, kb: KnowledgeBase) -> dict[str, list[Proposal]]:
    """Per intent, questions users confirmed (suggestion picked, or 👍) not yet in the KB."""
    known = {fold(q) for i in kb.intents for q in (*i.questions, i.label)}
    proposals: dict[str, dict[str, Proposal]] = {}
    for confirmation in await reader.confirmations():
        question = " ".join(confirmation.question.split())
        if (
            confirmation.intent not in kb
            or fold(question) in known
            or not fold(question)
            or len(question) > MAX_EXAMPLE_CHARS
            or _LONG_NUMBER.search(question)
        ):
            continue
        entry = proposals.setdefault(confirmation.intent, {}).setdefault(
            fold(question), Proposal(question)
        )
        if confirmation.kind == "suggestion_chosen":
            entry.chosen += 1
        else:
            entry.liked += 1
    return {
        intent: sorted(found.values(), key=lambda p: (-(p.chosen + p.liked), p.question))
        for intent, found in sorted(proposals.items())
    }


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


def format_clusters(clusters: list[Cluster], limit: int = 20) -> str:
    """`rss-bot unanswered` output."""
    if not clusters:
        return "Aucune question sans réponse sur la période."
    total = sum(c.count for c in clusters)
    lines = [f"{total} question(s) sans réponse directe, en {len(clusters)} groupe(s) :"]
    for number, cluster in enumerate(clusters[:limit], 1):
        lines.append(f"{number:3d}. {cluster.count} × « {clip(cluster.examples[0])} »")
        lines += [f"       « {clip(example)} »" for example in cluster.examples[1:]]
        if cluster.suggested:
            offered = ", ".join(i for i, _ in cluster.suggested.most_common(3))
            lines.append(f"       sujets proposés : {offered}")
    if len(clusters) > limit:
        lines.append(f"… et {len(clusters) - limit} autre(s) groupe(s).")
    return "\n".join(lines)


def format_proposals(proposals: dict[str, list[Proposal]], kb: KnowledgeBase) -> str:
    """`rss-bot suggest-examples` output: YAML lines to paste under an intent's questions."""
    if not proposals:
        return (
            "# Aucun exemple à proposer : il faut des choix « Vouliez-vous dire… » ou des 👍\n"
            "# sur des questions qui ne figurent pas déjà dans la base."
        )
    lines = [
        "# Exemples proposés d'après les choix des utilisateurs. Relisez-les (fautes, données",
        "# personnelles) puis collez chaque bloc sous « questions: » de l'intention indiquée.",
    ]
    for intent_id, found in proposals.items():
        intent = kb.get(intent_id)
        assert intent is not None
        lines += ["", f"# {intent_id} ({intent.file}:{intent.line})"]
        for proposal in found:
            lines.append(
                f"      - {json.dumps(proposal.question, ensure_ascii=False)}"
                f"  # {proposal.chosen} choix, {proposal.liked} 👍"
            )
    return "\n".join(lines)


def format_short(today: Stats, week: Stats, clusters: list[Cluster], kb: KnowledgeBase) -> str:
    """The Telegram `/stats` summary, short enough for a phone."""

    def label(intent_id: str) -> str:
        intent = kb.get(intent_id)
        return intent.label if intent else intent_id

    answered, suggested, fallback = week.shares()
    lines = [
        "📊 Statistiques",
        f"Aujourd'hui : {today.total} question(s).",
        f"7 derniers jours : {week.total} question(s), {week.people} personne(s) ; "
        f"réponses {_percent(answered)}, suggestions {_percent(suggested)}, "
        f"sans réponse {_percent(fallback)}.",
        "",
        "Sujets les plus demandés (7 j) :",
    ]
    lines += [f"• {label(i)} : {n}" for i, n in week.top_intents[:5]] or ["• (aucun)"]
    lines += ["", "Sans réponse (7 j) :"]
    lines += [f"• {c.count} × « {clip(c.examples[0])} »" for c in clusters[:5]] or ["• (aucune)"]
    return "\n".join(lines)


async def short_summary(path: Path, kb: KnowledgeBase) -> str:
    """The Telegram `/stats` text for the log at `path`, or why it cannot be read."""
    try:
        async with read_log(path) as reader:
            today = await stats(reader, timedelta(days=1))
            week = await stats(reader, timedelta(days=7))
            clusters = await unanswered(reader, timedelta(days=7))
    except QueryLogError as exc:
        return str(exc)
    return format_short(today, week, clusters, kb)
