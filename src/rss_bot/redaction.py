"""Personal data in what people type, replaced by typed placeholders before anything is kept.

People write their phone number, e-mail address or an ID number into their questions. None
of it says anything about the topic, so it is replaced before the engine sees the question
and before the query log stores it: `[téléphone]`, `[e-mail]`, `[numéro]` (any other run of
7 or more digits: ID, account and card numbers) and `[lien]` (a URL with a query string).

What stays: short numbers and the sheet's figures (175, 35, 75, 2364), years and dates,
round amounts ("1 500 000"), and numbers of 7 digits written in groups ("175 35 75").
Pure functions of the text: no I/O, nothing to import but the placeholders' French names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from rss_bot import texts

PHONE = texts.PLACEHOLDER_PHONE
EMAIL = texts.PLACEHOLDER_EMAIL
NUMBER = texts.PLACEHOLDER_NUMBER
LINK = texts.PLACEHOLDER_LINK
PLACEHOLDERS = (PHONE, EMAIL, NUMBER, LINK)

MIN_DIGIT_RUN = 7  # digits in a row, without separators: an ID, account or card number
MIN_GROUPED_DIGITS = 8  # digits written in groups ("76 12 34 56"): Mali's numbers have 8
MAX_PHONE_DIGITS = 15  # the longest international number (ITU E.164), country code included
MALI_PHONE_DIGITS = 8  # a Malian number without its country code
MALI_COUNTRY_CODE = "223"

_SPACE = r"[^\S\n]"  # a space of any kind, not a line break
# Between digit groups: a space, ".", "-" or "/" (with spaces or not), or "," between digits.
_SEPARATOR = rf"(?:{_SPACE}*[.\-/–]{_SPACE}*|{_SPACE}+|,(?=\d))"
_NUMBER_RUN = re.compile(
    rf"(?<![\d+])(?P<plus>\(?\+{_SPACE}?)?\d+(?:\)?{_SEPARATOR}\d+)*",
)
_GROUP = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
# An address: "awa.traore@gmail.com", "awa(at)yahoo.fr"; also written loosely, "awa @ gmail.com"
# or "awa@gmail .com" (the dots of the domain tight, or one space before a common ending),
# "awa arobase gmail point com". "Bonjour @ tous. MOC c koi ?" is no address.
_LOCAL = r"(?<![\w.%+\-])[\w.%+\-]+"
_DOMAIN = r"[\w\-]+(?:\.[\w\-]+)*(?:\.[\w\-]+|\s\.(?:com|fr|ml|org|net|info)\b)"
_EMAIL = re.compile(
    rf"{_LOCAL}(?:(?:@|\(at\)|\[at\])|\s@\s?|@\s){_DOMAIN}"
    rf"|{_LOCAL}\s(?:arobase|arobaz)\s[\w\-]+(?:(?:\.|\spoint\s)[\w\-]+)+",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s?]*\?\S+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}»\"'"
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
_CLAUSE_END = re.compile(r"(?<=[,.;:!?\n])")
# What each pattern above needs to match at all: a digit, an "@" or "(at)", a link's start.
_WORTH_A_LOOK = re.compile(r"\d|@|\(at\)|\[at\]|arobas|https?://|www\.", re.IGNORECASE)

Replace = Callable[[str], str]  # placeholder -> the text put in, counted


def redact(text: str) -> str:
    """`text` with phone numbers, e-mail addresses, long numbers and links with a query
    string replaced by their placeholders; everything else exactly as it was."""
    return redact_counted(text)[0]


def redact_counted(text: str) -> tuple[str, Counter[str]]:
    """`redact(text)`, and how many of each placeholder were put in."""
    found: Counter[str] = Counter()
    if not _WORTH_A_LOOK.search(text):
        return text, found  # the usual question: nothing to look for

    def replace(placeholder: str) -> str:
        found[placeholder] += 1
        return placeholder

    text = _URL.sub(lambda m: _link(m.group(), replace), text)
    text = _EMAIL.sub(lambda m: replace(EMAIL), text)
    text = _NUMBER_RUN.sub(lambda m: _number(m, replace), text)
    return text, found


def unmarked(text: str) -> str:
    """What the matcher compares of a redacted message: the clauses without a placeholder,
    or, if every clause has one, the message with its placeholders blanked.

    A phone number says nothing about the topic, nor does the word "téléphone" standing for
    it, nor "mon numéro est" before it: "bonjour mon numéro est [téléphone], c koi le MOC ?"
    is matched as "c koi le MOC ?".
    """
    if not _PLACEHOLDER.search(text):
        return text
    clauses = _CLAUSE_END.split(text)
    rest = "".join(c for c in clauses if not _PLACEHOLDER.search(c))
    if any(ch.isalpha() for ch in rest):
        return rest
    return _PLACEHOLDER.sub(" ", text)


def redact_row(question: str, normalized: str) -> tuple[str, str, Counter[str]]:
    """(question, normalised form, placeholders put in) of a stored row, as if it had been
    redacted when asked: the question gets placeholders, its normalised form loses the data.

    The normalised form was folded ("awa.traore@gmail.com" became "awa traore gmail com"),
    so what was found in the question is looked for in its folded form too; if it cannot be
    found there, the normalised form is rebuilt from the redacted question.
    """
    redacted, found = redact_counted(question)
    if not found:
        return question, normalized, found
    cleaned = " ".join(_PLACEHOLDER.sub(" ", redact(normalized)).split())
    for loose in _folded_addresses(question):
        if f" {loose} " not in f" {cleaned} ":
            return redacted, _loose(_PLACEHOLDER.sub(" ", redacted)), found
        cleaned = " ".join(f" {cleaned} ".replace(f" {loose} ", " ").split())
    return redacted, cleaned, found


def _link(url: str, replace: Replace) -> str:
    kept = url.rstrip(_TRAILING)
    query = kept.partition("?")[2]
    if not query:
        return url  # "…/page?" ends a sentence: no query string
    return replace(LINK) + url[len(kept) :]


def _number(match: re.Match[str], replace: Replace) -> str:
    run = match.group()
    if match.group("plus"):
        digits = sum(map(len, _GROUP.findall(run)))
        if digits < MIN_GROUPED_DIGITS:
            return run  # "+223", the country code alone
        return replace(PHONE if digits <= MAX_PHONE_DIGITS else NUMBER)
    groups = _GROUP.findall(run)
    if _is_phone(groups):  # before years: "7620 1987" is a number, not 7620 and 1987
        return replace(PHONE)
    # Years split a run: "2364 2017" is two figures, "12.05.2017" a date.
    pieces = re.split(rf"((?<!\d){_YEAR.pattern}(?!\d))", run)
    return "".join(
        piece if _YEAR.fullmatch(piece) else _segment(piece, replace) for piece in pieces
    )


def _is_phone(groups: list[str]) -> bool:
    """Whether digit groups read as a Malian phone number even where a group looks like a
    year: 8 digits after 223 or 00223; or 8 digits in groups of 2 to 4 that start like a
    mobile (6 to 9) or a landline (20, 21, 44) and are not all years ("2015 2016")."""
    digits = "".join(groups)
    if len(groups) < 2:
        return False
    for prefix in ("00" + MALI_COUNTRY_CODE, MALI_COUNTRY_CODE):
        if digits.startswith(prefix) and len(digits) == len(prefix) + MALI_PHONE_DIGITS:
            return True
    if len(digits) != MALI_PHONE_DIGITS or not all(2 <= len(g) <= 4 for g in groups):
        return False
    if all(len(g) == 3 for g in groups[1:]) and groups[-1] == "000":
        return False  # a round amount: "66 000 000 FCFA"
    if _YEAR.fullmatch(groups[0]) and (
        len(groups) == 2 and (not groups[0].startswith("202") or groups[1].endswith("00"))
    ):
        return False  # a year, then a figure: "en 2017 4000 personnes", "2017 2364"
    return (
        (digits[0] in "6789" or digits[:2] in ("20", "21", "44"))
        and not all(_YEAR.fullmatch(g) for g in groups)
        and not _is_date(groups)
    )


def _is_date(groups: list[str]) -> bool:
    """Whether three groups are a date: 2017-05-12 or 12.05.2017."""
    if len(groups) != 3:
        return False
    year, month, day = groups if _YEAR.fullmatch(groups[0]) else groups[::-1]
    return bool(_YEAR.fullmatch(year)) and 1 <= int(month) <= 12 and 1 <= int(day) <= 31


def _segment(text: str, replace: Replace) -> str:
    """A piece of a number run with no year in it: kept, or replaced by one placeholder."""
    found = _GROUP.search(text)
    if found is None:
        return text
    start, end = found.start(), len(text.rstrip(" .-\u00a0\u202f"))
    groups = _GROUP.findall(text)
    digits = sum(map(len, groups))
    kind = _kind(groups, digits)
    if kind is None:
        return text
    return text[:start] + replace(kind) + text[end:]


def _kind(groups: list[str], digits: int) -> str | None:
    """The placeholder for a number written as `groups`, or None to keep it."""
    if len(groups) == 1:
        if digits == MALI_PHONE_DIGITS or (digits == 10 and groups[0].startswith("0")):
            return PHONE
        return NUMBER if digits >= MIN_DIGIT_RUN else None
    if digits < MIN_GROUPED_DIGITS:
        return None
    thousands = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if thousands and groups[-1] == "000":
        return None  # a round amount: "15 000 000 FCFA"
    return PHONE if digits <= MAX_PHONE_DIGITS else NUMBER


def _folded_addresses(text: str) -> list[str]:
    """The e-mail addresses and links with a query string that `redact` replaces in `text`,
    folded like a normalised form."""
    links = [m.group().rstrip(_TRAILING) for m in _URL.finditer(text)]
    emails = [m.group() for m in _EMAIL.finditer(_URL.sub(" ", text))]
    found = [u for u in links if u.partition("?")[2]] + emails
    return [loose for loose in map(_loose, found) if loose]


def _loose(text: str) -> str:
    """Roughly what normalisation leaves of a text: lowercase ASCII words and numbers."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
