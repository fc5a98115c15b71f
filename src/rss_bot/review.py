"""Review tools: unanswered questions grouped only when their wording is really close, and
example questions proposed only with evidence. No SQL here: it is all in rss_bot.querylog.

Two questions are close when most of their topical words are the same (same stem, or a typo
of it): question words ("qui", "combien"…) say nothing of the topic, so "qui es-tu" and
"qui a gagné le match" share nothing. A question without a topical word joins only the same
question. Grouping is conservative on purpose: two groups about one topic cost a reviewer a
glance, one group mixing two topics hides a question.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import snowballstemmer
from rapidfuzz import fuzz

from rss_bot import texts
from rss_bot.config import MIN_PEOPLE, MIN_THUMBS
from rss_bot.knowledge import KnowledgeBase
from rss_bot.message import missing_detail
from rss_bot.normalize import content_words, fold, words
from rss_bot.querylog import Choice, LogReader, has_text, utc_now
from rss_bot.sayings import unasked

CLOSE_SHARE = 0.6  # 0-1: topical words two questions share, over the larger question's
TYPO_SIMILARITY = 85  # rapidfuzz ratio, 0-100, for two stems to count as the same word
TYPO_MIN_LENGTH = 5  # shorter words must have the same stem
MAX_TOPICAL_WORDS = 40  # of a long message, the first ones: bounds the work per question
CLUSTER_EXAMPLES = 3
MAX_EXAMPLE_CHARS = 200
# Staff outputs show a question cut to this many characters: the longer a question, the
# likelier it holds a name or a story that tells who wrote it.
MAX_SHOWN_CHARS = 300
THUMB_AFTER = timedelta(hours=1)  # a 👍 counts for a choice made this long before it

# Words that ask rather than name a topic (folded, as content_words returns them).
QUESTION_WORDS = frozenset(
    "qui quoi quel quelle quels quelles comment combien pourquoi quand ou lequel laquelle "
    "c ca cest est sont fait faire dire veut peut peux sais savoir explique expliquer svp stp "
    "merci bonjour salut".split()
)
# Never proposed as an example: what identifies a person, or a number no answer will give.
_PERSONAL = re.compile(
    r"[\w.+-]+@[\w-]+\.\w+"  # e-mail
    r"|(?<!\w)@\w{3,}"  # @username
    r"|https?://|www\."  # links
    r"|\d[\d .-]{6,}\d"  # phone numbers, ids, accounts
    r"|\bje m'?appelle\b|\bmon (nom|numero|num|tel|telephone|adresse)\b",
    re.IGNORECASE,
)

_stemmer = snowballstemmer.stemmer("french")


@functools.lru_cache(maxsize=16384)
def topical_words(question: str) -> frozenset[tuple[str, str]]:
    """(stem, word) of a question's topical words (question words and stop words left out)."""
    kept = [w for w in content_words(words(question)) if w not in QUESTION_WORDS]
    kept = list(dict.fromkeys(kept))[:MAX_TOPICAL_WORDS]
    return frozenset(zip(_stemmer.stemWords(kept), kept, strict=True))


def _same_word(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Same stem ("soldat", "soldats"), or a typo of the same word ("soldats", "soldas")."""
    if a[0] == b[0]:
        return True
    if min(len(a[1]), len(b[1])) < TYPO_MIN_LENGTH or abs(len(a[1]) - len(b[1])) > 2:
        return False
    return fuzz.ratio(a[1], b[1]) >= TYPO_SIMILARITY


def close(a: str, b: str) -> bool:
    """Whether two questions ask about the same thing in close words (see the module doc)."""
    first, second = topical_words(a), topical_words(b)
    if not first or not second:
        return not first and not second and fold(a) == fold(b)
    shared = sum(1 for word in first if any(_same_word(word, other) for other in second))
    return shared / max(len(first), len(second)) >= CLOSE_SHARE


@dataclass
class Cluster:
    """Unanswered questions in close wording: what to add to the knowledge base next."""

    key: str  # the first question of the group
    count: int = 0
    examples: list[str] = field(default_factory=list)
    suggested: Counter[str] = field(default_factory=Counter)  # intents offered meanwhile
    people: set[str | None] = field(default_factory=set)  # pseudonyms (None: no person known)

    @property
    def askers(self) -> int:
        """Different people known to have asked (rows without a person count for none)."""
        return len(self.people - {None})


# Control characters but tab and newline: a terminal obeys them (colours, title, cursor
# moves, a carriage return that hides what precedes it), so a question could rewrite staff's
# screen. The query log keeps them as typed; staff outputs show U+FFFD instead.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clip(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """A question as staff outputs show it: control characters replaced, cut after `limit`
    characters with an ellipsis."""
    text = _CONTROLS.sub("\ufffd", text)
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


def group(
    questions: Iterable[str], is_close: Callable[[str, str], bool] = close
) -> list[list[str]]:
    """Questions in groups of close wording, each group in the order first seen; a question
    joins the first group whose first question is close to it. Only groups whose first
    question shares a stem or the first letters of a word are tried: two questions with
    nothing in common are never compared."""
    groups: list[list[str]] = []
    by_text: dict[str, list[str]] = {}
    by_word: dict[str, list[int]] = {}  # stem or word start -> groups whose first has it
    for question in questions:
        same = by_text.get(fold(question))
        if same is not None:
            same.append(question)
            continue
        keys = _index_keys(question)
        tried = sorted({number for key in keys for number in by_word.get(key, ())})
        number = next((n for n in tried if is_close(groups[n][0], question)), None)
        if number is None:
            number = len(groups)
            groups.append([])
            for key in keys:
                by_word.setdefault(key, []).append(number)
        groups[number].append(question)
        by_text[fold(question)] = groups[number]
    return groups


def _index_keys(question: str) -> set[str]:
    found = topical_words(question)
    return {f"s:{stem}" for stem, _ in found} | {f"w:{word[:3]}" for _, word in found}


Asked = tuple[str, list[str]] | tuple[str, list[str], str | None]


def cluster_questions(rows: list[Asked]) -> list[Cluster]:
    """Group (question, suggestions offered[, pseudonym of who asked]) by close wording,
    biggest group first."""
    offered: dict[str, Counter[str]] = {}
    askers: dict[str, set[str | None]] = {}
    for question, suggestions, *who in rows:
        offered.setdefault(question, Counter()).update(suggestions)
        askers.setdefault(question, set()).add(who[0] if who else None)
    clusters = []
    for questions in group(q for q, *_ in rows):
        cluster = Cluster(questions[0], len(questions))
        for question in dict.fromkeys(questions):
            cluster.suggested.update(offered.get(question, Counter()))
            cluster.people |= askers.get(question, set())
            if len(cluster.examples) < CLUSTER_EXAMPLES:
                cluster.examples.append(question)
        clusters.append(cluster)
    clusters.sort(key=lambda c: -c.count)  # stable: equal groups stay in order first seen
    return clusters


@dataclass(frozen=True)
class Unanswered:
    """What `rss-bot unanswered` shows: groups of questions, and messages set apart."""

    clusters: tuple[Cluster, ...]
    without_text: Counter[str]  # empty, emoji-only or punctuation-only message -> times
    non_text: int  # photos, voice notes, stickers… (not questions)
    # "d'accord", "c'est faux", "plus de détails", "pourquoi ?" (message.SAYINGS kind -> times):
    # the bot gave its fixed reply; nothing to add to the knowledge base, but a signal
    sayings: Counter[str] = field(default_factory=Counter)


async def unanswered(
    reader: LogReader, period: timedelta, now: Callable[[], datetime] = utc_now
) -> Unanswered:
    """Fallback and suggested questions since `period` ago, clustered, messages without
    text set apart."""
    since = now() - period
    rows = await reader.unanswered(since)
    questions = [row for row in rows if has_text(row[0])]
    without_text = Counter(q.strip() for q, *_ in rows if not has_text(q))
    kinds = [unasked(row[0]) for row in questions]
    return Unanswered(
        tuple(cluster_questions([r for r, k in zip(questions, kinds, strict=True) if k is None])),
        without_text,
        await reader.non_text(since),
        Counter(k for k in kinds if k is not None),
    )


# --- proposed examples ------------------------------------------------------------------


@dataclass
class Proposal:
    """A question that should become an example of an intent, with the evidence for it."""

    question: str  # the wording most chosen
    wordings: list[str] = field(default_factory=list)  # every close wording, most chosen first
    people: int = 0  # different people who chose the intent for these wordings
    thumbs: int = 0  # of them, those who then gave the answer a 👍


@dataclass(frozen=True)
class Evidence:
    """What a proposal needs: `min_people` different people, or `min_thumbs` 👍 (0: none)."""

    min_people: int = MIN_PEOPLE
    min_thumbs: int = MIN_THUMBS

    def enough(self, proposal: Proposal) -> bool:
        """Whether the proposal has the evidence asked for."""
        if proposal.people >= self.min_people:
            return True
        return self.min_thumbs > 0 and proposal.thumbs >= self.min_thumbs


def should_not_become_an_example(question: str, kb: KnowledgeBase, intent_id: str) -> bool:
    """A question the bot must not learn to answer with this intent: too long, personal data
    or a long number, or a detail the intent's answer does not give (a date, a figure…)."""
    intent = kb.get(intent_id)
    return (
        intent is None
        or not has_text(question)
        or len(question) > MAX_EXAMPLE_CHARS
        or _PERSONAL.search(fold(question)) is not None
        or _PERSONAL.search(question) is not None
        or missing_detail(question, intent.answer) is not None
    )


async def proposed_examples(
    reader: LogReader,
    kb: KnowledgeBase,
    period: timedelta,
    evidence: Evidence = Evidence(),
    now: Callable[[], datetime] = utc_now,
) -> dict[str, list[Proposal]]:
    """Per intent, questions people confirmed by choosing it among suggestions, with enough
    evidence, that are not in the knowledge base and that the bot may answer with it."""
    since = now() - period
    known = {fold(q) for i in kb.intents for q in (*i.questions, i.label)}
    thumbs = await reader.thumbs_up(since)
    by_intent: dict[str, list[Choice]] = {}
    for choice in await reader.choices(since):
        question = " ".join(choice.question.split())
        if fold(question) in known or should_not_become_an_example(question, kb, choice.intent):
            continue
        by_intent.setdefault(choice.intent, []).append(choice)
    proposals: dict[str, list[Proposal]] = {}
    for intent_id, choices in sorted(by_intent.items()):
        found = []
        for wordings in group(" ".join(c.question.split()) for c in choices):
            members = [c for c in choices if " ".join(c.question.split()) in wordings]
            liked = {
                c.person
                for c in members
                if any(
                    t.person == c.person
                    and t.intent == intent_id
                    and c.at <= t.at <= c.at + THUMB_AFTER
                    for t in thumbs
                )
            }
            ranked = [w for w, _ in Counter(wordings).most_common()]
            proposal = Proposal(ranked[0], ranked, len({c.person for c in members}), len(liked))
            if evidence.enough(proposal):
                found.append(proposal)
        if found:
            proposals[intent_id] = sorted(found, key=lambda p: (-p.people, -p.thumbs, p.question))
    return proposals


# --- French text ------------------------------------------------------------------------


def format_unanswered(result: Unanswered, limit: int = 20) -> str:
    """`rss-bot unanswered` output."""
    clusters = result.clusters
    lines = []
    if not clusters:
        lines.append(texts.UNANSWERED_NONE)
    else:
        total = sum(c.count for c in clusters)
        lines.append(texts.UNANSWERED_TITLE.format(count=total, groups=len(clusters)))
        for number, cluster in enumerate(clusters[:limit], 1):
            lines.append(f"{number:3d}. {cluster.count} × « {clip(cluster.examples[0])} »")
            lines += [f"       « {clip(example)} »" for example in cluster.examples[1:]]
            if cluster.suggested:
                offered = ", ".join(i for i, _ in cluster.suggested.most_common(3))
                lines.append(texts.UNANSWERED_OFFERED.format(intents=offered))
        if len(clusters) > limit:
            lines.append(texts.UNANSWERED_MORE.format(count=len(clusters) - limit))
    if result.without_text or result.non_text:
        shown = ", ".join(
            f"« {text} » × {n}" if text else f"{texts.EMPTY_MESSAGE} × {n}"
            for text, n in result.without_text.most_common(5)
        )
        lines += [
            "",
            texts.UNANSWERED_APART.format(
                without_text=sum(result.without_text.values()), non_text=result.non_text
            ),
        ]
        if shown:
            lines.append(f"       {shown}")
    if result.sayings:
        lines += ["", texts.UNANSWERED_SAYINGS.format(count=sum(result.sayings.values()))]
        lines += [
            f"       {texts.SAYING_KINDS[kind]} × {result.sayings[kind]}"
            for kind in texts.SAYING_KINDS
            if result.sayings[kind]
        ]
    return "\n".join(lines)


def format_proposals(
    proposals: dict[str, list[Proposal]],
    kb: KnowledgeBase,
    evidence: Evidence = Evidence(),
) -> str:
    """`rss-bot suggest-examples` output: YAML lines to paste under an intent's questions,
    each with its evidence in a comment."""
    thumbs = texts.PROPOSALS_THUMBS[min(evidence.min_thumbs, 2)]
    rule = texts.PROPOSALS_RULE.format(
        people=evidence.min_people, thumbs=thumbs.format(thumbs=evidence.min_thumbs)
    )
    if not proposals:
        return f"{texts.PROPOSALS_NONE}\n# {rule}"
    lines = [*texts.PROPOSALS_HEADER, f"# {rule}"]
    for intent_id, found in proposals.items():
        intent = kb.get(intent_id)
        assert intent is not None
        lines += ["", f"# {intent_id} ({intent.file}:{intent.line})"]
        for proposal in found:
            lines.append(
                f"      - {json.dumps(proposal.question, ensure_ascii=False)}  # "
                + texts.PROPOSAL_EVIDENCE.format(people=proposal.people, thumbs=proposal.thumbs)
            )
            others = [w for w in proposal.wordings if w != proposal.question][:3]
            if others:
                lines.append(
                    "      #   "
                    + texts.PROPOSAL_WORDINGS.format(wordings=", ".join(f"« {w} »" for w in others))
                )
    return "\n".join(lines)
