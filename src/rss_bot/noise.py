"""Seeded noisy copies of questions, as typed on a phone: no accents, SMS forms, typos."""

from __future__ import annotations

import random
import re
import unicodedata

# Standard French -> SMS spellings seen in West African chat (the reverse of normalize.py's
# table, written separately so that the evaluation does not test the table against itself).
_SMS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacements)
    for pattern, replacements in (
        (r"\bqu'est[- ]ce que\b", ("keske", "kesk", "c koi")),
        (r"\bc'est quoi\b", ("c koi", "cest koi", "c quoi")),
        (r"\bquoi\b", ("koi",)),
        (r"\bquel(?:le)?s?\b", ("kel", "kel", "kels")),
        (r"\bc'est\b", ("c", "cest")),
        (r"\bcombien\b", ("cb", "kombien")),
        (r"\bpourquoi\b", ("pk", "pq", "pourkoi")),
        (r"\bcomment\b", ("cmt", "komen")),
        (r"\bs'il (?:te|vous) pla[iî]t\b", ("stp", "svp")),
        (r"\bbonjour\b", ("bjr", "slt")),
        (r"\bbeaucoup\b", ("bcp",)),
        (r"\bje suis\b", ("chui", "jsuis")),
        (r"\bqui\b", ("ki",)),
        (r"\bque\b", ("ke", "k")),
        (r"\bquand\b", ("qd", "kan")),
        (r"\bpour\b", ("pr",)),
        (r"\bdans\b", ("ds",)),
        (r"\btout\b", ("tt",)),
        (r"\bnous\b", ("ns",)),
        (r"\bvous\b", ("vs",)),
        (r"\bj'ai\b", ("jai", "g")),
        (r"\bil y a\b", ("ya",)),
    )
)
_PUNCTUATION = re.compile(r"[?!.,;:]")
SMS_RATE = 0.7  # chance that each SMS-able form is rewritten
TYPO_RATE = 0.15  # chance that a word of 4 letters or more gets one typo
LOWERCASE_RATE = 0.8
DROP_PUNCTUATION_RATE = 0.7


def _strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.3:  # a letter missing
        return word[:i] + word[i + 1 :]
    if kind < 0.55 and i < len(word) - 1:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.8:  # a wrong letter
        return word[:i] + rng.choice("aeioustrnlc") + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def noisy(text: str, rng: random.Random) -> str:
    """A noisy copy of a question: accents removed, SMS forms, punctuation dropped, typos."""
    out = text.lower() if rng.random() < LOWERCASE_RATE else text
    for pattern, replacements in _SMS:
        if rng.random() < SMS_RATE:
            out = pattern.sub(lambda _m, r=replacements: rng.choice(r), out)
    out = _strip_accents(out)
    out = _PUNCTUATION.sub(
        lambda m: "" if rng.random() < DROP_PUNCTUATION_RATE else m.group(0), out
    )
    return " ".join(_typo(w, rng) if rng.random() < TYPO_RATE else w for w in out.split())


def noisy_copies(texts: list[str], seed: int = 2364) -> list[str]:
    """Noisy copies of texts, the same for the same seed."""
    rng = random.Random(seed)
    return [noisy(t, rng) for t in texts]
