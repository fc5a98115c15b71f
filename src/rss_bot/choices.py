"""The ids that carry a Reply's buttons through a messaging channel and back, for every door.

A door attaches one id to each choice it shows (Telegram's callback data, WhatsApp's reply
ids); when the person picks it, the door reads the id back into the engine's Button and the
outcome of the reply it was under, which is what recording.Recording.choice needs. One
letter per prefix so that any 32-character intent id and a question reference fit in the
smallest limit (Telegram's 64 bytes).
"""

from __future__ import annotations

from rss_bot.engine import (
    ACTION_FORGET,
    ACTION_INTENT,
    ACTION_KEEP,
    ACTION_MENU,
    ACTION_NONE,
    Button,
)
from rss_bot.records import checked_ref
from rss_bot.verdict import Outcome

TOPIC = "t:"  # open a topic (menu, related topics)
SUGGESTION = "s:"  # a 'Vouliez-vous dire…' choice: the learning signal
MENU = "m"
NONE = "n"  # 'Aucune de ces réponses'
FORGET = "x"  # "Oui" under the /oublier question: erase my records
KEEP = "k"  # "Non" under it
_FIXED = {ACTION_MENU: MENU, ACTION_FORGET: FORGET, ACTION_KEEP: KEEP}


def choice_id(button: Button, *, suggestion: bool = False, ref: str | None = None) -> str:
    """The id of an engine button; `ref` names the question whose reply offers it."""
    if button.action in _FIXED:
        return _FIXED[button.action]
    if button.action == ACTION_NONE:
        return NONE + (f":{ref}" if ref else "")
    intent_id = button.action.removeprefix(ACTION_INTENT)
    if suggestion:
        return f"{SUGGESTION}{intent_id}" + (f":{ref}" if ref else "")
    return TOPIC + intent_id


def parse_choice(data: str) -> tuple[str, str, str | None]:
    """(prefix, intent id or "", question ref or None) of a choice id; an unknown id comes
    back whole as its prefix (a door may have prefixes of its own)."""
    for prefix in (TOPIC, SUGGESTION):
        if data.startswith(prefix):
            intent_id, _, ref = data[len(prefix) :].partition(":")
            return prefix, intent_id, checked_ref(ref)
    if data == NONE or data.startswith(NONE + ":"):
        return NONE, "", checked_ref(data[2:])
    return data, "", None


def pressed_button(prefix: str, intent_id: str) -> tuple[Button, Outcome | None] | None:
    """The engine button behind a parsed choice id, and the outcome of the reply it was
    under (SUGGEST for 'Vouliez-vous dire…' choices); None for an unknown id. Ids do not
    carry the label: the button's label is empty."""
    if prefix == MENU:
        return Button("", ACTION_MENU), None
    if prefix == NONE:
        return Button("", ACTION_NONE), Outcome.SUGGEST
    if prefix in (FORGET, KEEP):
        return Button("", ACTION_FORGET if prefix == FORGET else ACTION_KEEP), None
    if prefix in (SUGGESTION, TOPIC) and intent_id:
        return Button("", ACTION_INTENT + intent_id), (
            Outcome.SUGGEST if prefix == SUGGESTION else None
        )
    return None
