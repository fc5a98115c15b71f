"""What a message asks: the question inside a story, two questions at once, a missing detail.

Young people write long messages (a greeting, who they are, where they live, then the
question) or dictate run-ons without punctuation. This module finds the clauses that ask
something, so the matcher compares those first and the story only counts as context, and
spots the details a question asks for (a date, a number, a procedure, a name, a later
year) so the engine can say when the answer does not give them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rss_bot.normalize import FILLER, STOPWORDS, words

# Clause boundaries: sentence punctuation and line breaks, and in dictated run-ons the
# words people use to start over ("euh", "bon", "en fait", "ma question").
_SENTENCE = re.compile(r"(?<=[.?!;:])\s+|\n+|(?<=[.?!])(?=\S)")
_SPOKEN = re.compile(
    r"\b(?:euh+|heu+|bon|donc voila|en fait|alors|ma question (?:c'?est|est)|"
    r"je (?:voulais|voudrais|veux|souhaite) (?:vous |te )?(?:demander|savoir)|"
    r"(?:dites|dis)[- ]moi|est[- ]ce que|c'est quoi)\b",
    re.IGNORECASE,
)
# Words that make a clause a question even without a question mark.
_ASKING = frozenset(
    """
    quoi qui quel quelle quels quelles comment combien pourquoi quand ou signifie
    signification veut definition explique expliquez citer cite donne donnez parle parlez
    liste dire est-ce
    """.split()
)
# A clause that only introduces the writer: "je suis étudiant à Gao", "j'habite Mopti".
_INTRODUCTION = re.compile(
    r"^\s*(?:je suis|j'?suis|chui|moi c'?est|je m'?appelle|j'?habite|je vis|je viens|"
    r"je travaille|je fais|j'?ai \d+ ans|on m'?a dit|j'?ai entendu|chez nous|ici a|"
    r"dans mon|dans notre|mon |ma |mes |nous sommes|on est)",
    re.IGNORECASE,
)
_TWO_TOPICS = re.compile(
    r"\s*[,;?]?\s+(?:et aussi|et puis|ainsi que|et|puis|aussi)\s+|\s*[,;?]\s+", re.IGNORECASE
)


@dataclass(frozen=True)
class Parts:
    """A message split into what it asks and what surrounds it."""

    question: str  # the clauses that ask something (the whole message if none stands out)
    context: str  # greetings, introductions, story
    clauses: tuple[str, ...]


def clauses(text: str) -> list[str]:
    """Sentences and clauses, also in unpunctuated dictation."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text):
        start = 0
        for found in _SPOKEN.finditer(sentence):
            if found.start() > start:
                out.append(sentence[start : found.start()])
            start = found.start()
        out.append(sentence[start:])
    return [c.strip(" ,") for c in out if c and any(ch.isalnum() for ch in c)]


def _is_politeness(clause: str) -> bool:
    tokens = words(clause)
    return all(t in FILLER or t in STOPWORDS for t in tokens)


def _asks(clause: str) -> bool:
    return "?" in clause or any(t in _ASKING for t in words(clause))


def split(text: str) -> Parts:
    """The question part of a message, and its context."""
    parts = clauses(text)
    if len(parts) <= 1:
        return Parts(text, "", tuple(parts))
    asking = [c for c in parts if not _is_politeness(c) and not _INTRODUCTION.match(c) and _asks(c)]
    if not asking:
        asking = [c for c in parts if not _is_politeness(c) and not _INTRODUCTION.match(c)]
    if not asking:
        return Parts(text, "", tuple(parts))
    context = [c for c in parts if c not in asking]
    return Parts(" ".join(asking), " ".join(context), tuple(parts))


def halves(question: str) -> list[tuple[str, str]]:
    """Ways to cut a question into two asks ("c koi le moc et la pej"), the right half
    borrowing the left's question words when it has none ("c koi" + "la pej")."""
    out = []
    for found in _TWO_TOPICS.finditer(question):
        left, right = question[: found.start()].strip(), question[found.end() :].strip()
        if len(words(left)) < 2 or len(words(right)) < 1:
            continue
        if not _asks(right):
            frame = [t for t in words(left)[:3] if t in _ASKING or t in ("c", "est", "que")]
            right = " ".join([*frame, right])
        out.append((left, right))
    return out


# --- details a question asks for --------------------------------------------------------

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RESOLUTION = re.compile(r"\bresolution\s*(?:n\s*)?(\d{3,4})\b")
_DETAILS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(r"\b(?:quand|quelle date|en quelle annee|depuis quand|jusqu a quand|date)\b"),
    ),
    ("number", re.compile(r"\b(?:combien|nombre de|cb)\b")),
    (
        "procedure",
        re.compile(
            r"\b(?:comment (?:s inscrire|m inscrire|rejoindre|adherer|postuler|participer|"
            r"devenir|integrer|faire partie)|inscription|postuler|candidature|adherer|"
            r"s inscrire|rejoindre)\b"
        ),
    ),
    (
        "name",
        re.compile(
            r"\b(?:qui est le|qui est la|c est qui le|c est qui la|comment s appelle|le nom du|"
            r"le nom de la|qui dirige)\b.*\b(?:ministre|chef|directeur|directrice|president|"
            r"presidente|responsable|patron|coordinateur|coordonnateur|representant)\b"
        ),
    ),
)
_NUMBER_WORDS = frozenset(
    "un une deux trois quatre cinq six sept huit neuf dix cent cents mille douzaine".split()
)


@dataclass(frozen=True)
class Detail:
    """A detail a question asks for that an answer does not give."""

    kind: str  # "date", "number", "procedure", "name", "resolution", "year"
    value: str = ""  # the year, resolution number or role asked about, if any


_MONTH = re.compile(
    r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
    r"decembre)\b"
)
# "Selon la fiche de 2017": the year of the source, not a date the answer gives.
_SOURCE_YEAR = re.compile(r"\bfiche\b(?:\s+\S+){0,6}?\s+(?:19|20)\d\d\b")
_PROCEDURE_WORDS = re.compile(
    r"\b(?:inscri\w*|rejoindre|adher\w*|postul\w*|candidat\w*|contact\w*|deposer|"
    r"formulaire|dossier|adresser|adressez|guichet|telephone|appelez)\b"
)
_ROLE = re.compile(
    r"\b(ministre|chef|directeur|directrice|president|presidente|responsable|patron|"
    r"coordinateur|coordonnateur|representant)\b"
)


def _folded(text: str) -> str:
    return " ".join(words(text))


def missing_detail(question: str, answer: str) -> Detail | None:
    """The detail the question asks for that the answer does not contain, if any."""
    q, a = _folded(question), _folded(answer)
    a_tokens = set(a.split())
    for year in _YEAR.findall(q):
        if year not in a_tokens:
            return Detail("year", year)
    for number in _RESOLUTION.findall(q):
        if number not in a_tokens:
            return Detail("resolution", number)
    for kind, pattern in _DETAILS:
        if not pattern.search(q):
            continue
        if kind == "date" and not (_YEAR.search(_SOURCE_YEAR.sub(" ", a)) or _MONTH.search(a)):
            return Detail("date")
        counted = set(_SOURCE_YEAR.sub(" ", a).split())
        if kind == "number" and not any(t.isdigit() or t in _NUMBER_WORDS for t in counted):
            return Detail("number")
        if kind == "procedure" and not _PROCEDURE_WORDS.search(a):
            return Detail("procedure")
        if kind == "name":
            role = _ROLE.search(q)
            if role and role.group(1) not in a_tokens:
                return Detail("name", role.group(1))
    return None
