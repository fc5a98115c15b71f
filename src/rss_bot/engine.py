"""The channel-neutral engine: a question or a choice in, a Reply out."""

from __future__ import annotations

from dataclasses import dataclass

from rss_bot import texts
from rss_bot.knowledge import Intent, KnowledgeBase
from rss_bot.matcher import Match, Matcher, Outcome

ACTION_INTENT = "intent:"
ACTION_MENU = "menu"
ACTION_NONE = "none"
SEARCH_MIN_PROBABILITY = 5.0  # inline mode also lists runners-up at least this likely (%)


@dataclass(frozen=True)
class Button:
    """A choice offered to the user: its label and the action it triggers."""

    label: str
    action: str  # "intent:<id>", "menu" or "none"

    @property
    def intent_id(self) -> str | None:
        """The intent this button opens, if it opens one."""
        return self.action[len(ACTION_INTENT) :] if self.action.startswith(ACTION_INTENT) else None


@dataclass(frozen=True)
class Reply:
    """What the user sees, plus what staff statistics need."""

    text: str
    buttons: tuple[Button, ...] = ()
    intent: str | None = None  # the intent answered
    score: float = 0.0  # 0-100
    outcome: Outcome | None = None  # None for navigation screens (welcome, menu)
    suggestions: tuple[str, ...] = ()
    normalized: str = ""


def intent_button(intent: Intent) -> Button:
    """The button that opens an intent."""
    return Button(intent.label, ACTION_INTENT + intent.id)


class Engine:
    """Answers questions and navigation choices from one knowledge base."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None) -> None:
        self.kb = kb
        self.matcher = matcher or Matcher(kb)

    def _buttons(self, ids: tuple[str, ...]) -> tuple[Button, ...]:
        return tuple(intent_button(i) for i in map(self.kb.get, ids) if i is not None)

    def menu_buttons(self) -> tuple[Button, ...]:
        """One button per main-menu topic."""
        return self._buttons(self.kb.menu_ids)

    def welcome(self) -> Reply:
        """The first screen: who the bot is, where its facts come from, the menu."""
        return Reply(texts.WELCOME, self.menu_buttons())

    def menu(self) -> Reply:
        """The main menu."""
        return Reply(texts.MENU, self.menu_buttons())

    def topic(self, intent_id: str) -> Reply:
        """The answer of one intent, as chosen from a button or a deep link."""
        intent = self.kb.get(intent_id)
        if intent is None:
            return Reply(texts.UNKNOWN_TOPIC, self.menu_buttons())
        return self._answer(intent, 100.0, intent.id)

    def none_of_these(self) -> Reply:
        """Reply to 'Aucune de ces réponses'."""
        return Reply(texts.NONE_OF_THESE, self.menu_buttons())

    def _answer(self, intent: Intent, score: float, normalized: str) -> Reply:
        related = self._buttons(intent.related)
        return Reply(
            intent.answer,
            (*related, Button(texts.MENU_BUTTON, ACTION_MENU)),
            intent=intent.id,
            score=score,
            outcome=Outcome.ANSWER,
            normalized=normalized,
        )

    def search(self, question: str, limit: int) -> tuple[Intent, ...]:
        """The best-matching topics for a question, for lists (inline mode); none if off-topic."""
        match = self.matcher.match(question)
        if match.outcome is Outcome.FALLBACK:
            return ()
        ids = [c.intent_id for c in match.candidates]
        ids += [c.intent_id for c in match.ranked if c.score >= SEARCH_MIN_PROBABILITY]
        ids = list(dict.fromkeys(ids))[:limit]
        return tuple(i for i in map(self.kb.get, ids) if i is not None)

    def reply(self, question: str) -> Reply:
        """Answer a free-text question: an answer, 'Vouliez-vous dire…' or a fallback."""
        match: Match = self.matcher.match(question)
        if match.outcome is Outcome.ANSWER:
            intent = self.kb.get(match.candidates[0].intent_id)
            assert intent is not None
            return self._answer(intent, match.score, match.normalized)
        if match.outcome is Outcome.SUGGEST:
            return Reply(
                texts.SUGGEST,
                (
                    *self._buttons(match.suggestions),
                    Button(texts.NONE_OF_THESE_BUTTON, ACTION_NONE),
                ),
                score=match.score,
                outcome=Outcome.SUGGEST,
                suggestions=match.suggestions,
                normalized=match.normalized,
            )
        if not match.normalized.strip() or not any(ch.isalnum() for ch in match.normalized):
            text = texts.EMPTY
        else:
            text = texts.FALLBACK
        return Reply(
            text,
            self.menu_buttons(),
            score=match.score,
            outcome=Outcome.FALLBACK,
            normalized=match.normalized,
        )


def render_plain(reply: Reply) -> str:
    """The reply as plain text with numbered choices (terminal, `ask`)."""
    lines = [reply.text]
    for number, button in enumerate(reply.buttons, 1):
        lines.append(f"  {number}. {button.label}")
    return "\n".join(lines)


def visible_text(reply: Reply) -> str:
    """The reply as text alone: for suggestions and fallbacks, the topics offered are listed."""
    if reply.outcome not in (Outcome.SUGGEST, Outcome.FALLBACK):
        return reply.text
    return "\n".join([reply.text, *(f"• {b.label}" for b in reply.buttons)])
