"""French normalisation for matching: folding, SMS forms, elisions, stopwords."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from operator import eq

from text_to_num import alpha2digit

# Characters NFKD does not decompose into a base letter + combining mark.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "‛": "'",
        "′": "'",
        # Bambara letters, as people write them without a Bambara keyboard ("an bɛ" is
        # "an be", "i ni sɔgɔma" is "i ni sogoma", "a ka ɲi" is "a ka nyi").
        "ɛ": "e",
        "Ɛ": "e",
        "ɔ": "o",
        "Ɔ": "o",
        "ɲ": "ny",
        "Ɲ": "ny",
        "ŋ": "ng",
        "Ŋ": "ng",
    }
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS_LETTERS = re.compile(r"(?<=[0-9])(?=[a-z])|(?<=[a-z])(?=[0-9])")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Capitals spelled one by one, as dictation and some people write acronyms: "M O C", "D.D.R".
_SPELLED = re.compile(r"(?<![\w'’])[A-Z](?:[ .][A-Z](?![\w'’])){1,7}\.?")
# An operator between two numbers ("12 x 7", "2+2", "100/4") or a negative number ("-1").
# Such input is a calculation, whatever numbers it contains; it is marked with a token no
# knowledge base uses.
_ARITHMETIC = re.compile(r"\d\s*(?:[-+*/×÷=^]|x(?=\s*\d))\s*\d|(?<![\w.,-])[-−]\d", re.IGNORECASE)
ARITHMETIC_TOKEN = "opmath"
# "d'accord" says OK, unless it is the peace agreement ("mise en oeuvre d'accord pour la
# paix"): after these words, or at the start, and not followed by what names an agreement.
_AGREEING_BEFORE = frozenset(
    """
    ok ah oh oui ouais bon bien tres alors donc mais et merci tout tous pas suis es est
    sommes etes sont etait etaient sera serait
    """.split()
)
_AGREEMENT_NAMED = (("pour", "la", "paix"), ("pour", "paix"), ("de", "paix"), ("d", "alger"))


@cache
def sms_forms() -> dict[str, str]:
    """SMS, chat and voice spellings -> standard French (src/rss_bot/data/sms.yaml)."""
    import yaml  # here: the query log reads folded words without loading a YAML parser

    text = resources.files("rss_bot").joinpath("data/sms.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    forms = yaml.load(text, Loader=loader)["forms"]
    return {str(k): str(v) for k, v in forms.items()}


@cache
def _phrases() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The forms of several words ("a ye mun ye"), longest first, as one pattern."""
    phrases = {k: v for k, v in sms_forms().items() if " " in k}
    if not phrases:
        return None, {}
    alternatives = "|".join(re.escape(k) for k in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)"), phrases


# Words that carry no topic. Question words (quoi, qui, ou, quand, combien, comment,
# pourquoi, quel) are deliberately absent: in a FAQ they carry meaning.
STOPWORDS: frozenset[str] = frozenset(
    """
    a ai as au aux avec avait avez avoir avons c ce ceci cela celle celui ces cet cette
    d de des du dans elle elles en es est et etaient etait etre eu il ils j je l la le
    les leur leurs lui m ma mais me mes moi mon n ne nos notre nous on ont par pas qu
    que s sa se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y eux
    ete sera seront ceux celles aussi alors donc ci ca va vont fut soit etc meme tres
    plus pour puis chez ici vers entre sous sans peu trop suis sommes etes serai serais
    serait aurai aurais aurait avais jusqu jusque lorsqu lorsque puisqu puisque deja
    """.split()
)

# Oaths and hesitations ("walahi", "hakɛto", "euh"): they open a clause without changing
# what it says.
INTERJECTIONS: frozenset[str] = frozenset(
    """
    walahi walai wallah wallahi wallaye wallai haketo euh heu bah ben akie inchallah
    inshallah inchalah inshalah inchaallah machallah mashallah machalah alhamdoulillah
    alhamdulillah hamdoulillah hamdoulilah alhamdoulilah bismillah deh
    """.split()
)
# Politeness and framing words: dropped from a question when anything else remains, so
# "bonjour, c'est quoi le MOC ?" is matched on "quoi moc" and not taken for a greeting.
FILLER: frozenset[str] = INTERJECTIONS | frozenset(
    """
    bonjour bonsoir salut coucou hello hi hey svp plait please merci beaucoup avance
    voudrais veux voulais aimerais aimerai aimerions voulons souhaite souhaiterais
    savoir dire dites dis expliquer explique expliquez expliques pouvez peux peut
    pourriez pourrais frere freres soeur famille gars ami amis monsieur madame mr mme
    ok question questions renseigner renseignez renseignement tous tout toute
    toutes monde oui non bien encore cher chere chers moi nous concernant propos sujet
    parler parle parlez connais connaitre connaissez explication explications detail
    details exactement vraiment chose choses hein dois doit doivent devons devez
    devrais devrait faut fallait cordialement aidez eclairer eclairez bon voila genre
    demander salam salamalekoum salamaleykoum aleykoum alaykoum alaikoum fofo jaraama
    tanemmert
    """.split()
)

# What may follow "merci" and still be thanks: "merci beaucoup pour les infos".
THANKED = frozenset(
    """
    pour les la l le ton ta tes votre vos beaucoup bien tout toutes informations
    information reponse reponses aide explication explications precisions
    """.split()
)


# Terminal escape sequences (colours, titles, cursor moves: CSI "ESC [ … letter", OSC
# "ESC ] … BEL", and two-character ones). Never words: "ESC [2J" must not read as "2 j".
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])?")


# HTML or XML tags pasted into a message ("<b>DDR</b>"): markup, never words.
HTML_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)


def _fold(text: str) -> str:
    if "\x1b" in text:
        text = _ESCAPES.sub(" ", text)
    if "<" in text:
        text = HTML_TAG.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).translate(_LIGATURES).lower()
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():  # accents: a few distinct marks, each removed everywhere at once
        for mark in {ch for ch in set(text) if unicodedata.combining(ch)}:
            text = text.replace(mark, "")
    return _NON_WORD.sub(" ", text)


def fold(text: str) -> str:
    """Lowercase, strip accents and ligatures, turn punctuation into spaces, split 175km."""
    return " ".join(_DIGITS_LETTERS.sub(" ", _fold(text)).split())


def _expand(tokens: Iterable[str], keep: frozenset[str]) -> list[str]:
    tokens = list(tokens)
    out: list[str] = []
    for i, token in enumerate(tokens):
        # a letter among letters is spelt ("a r g a mali"), not SMS ("g compris": j'ai)
        if token in keep or (
            len(token) == 1
            and any(
                len(near) == 1 and near.isalpha()
                for near in (tokens[i - 1 : i] + tokens[i + 1 : i + 2])
            )
        ):
            out.append(token)
        else:
            out.extend(_expand_token(token))
    return out


@lru_cache(maxsize=65_536)  # people use a few thousand words, over and over
def _expand_token(token: str) -> tuple[str, ...]:
    forms = sms_forms()
    if token.isalpha() and _REPEATS.search(token) is None:  # most words: nothing to cut
        replacement = forms.get(token)
        return (token,) if replacement is None else tuple(replacement.split())
    held = _REPEATS.sub(r"\1\1", token)  # "merciiii" -> "mercii"
    once = _REPEATS.sub(r"\1", token)  # "slttt" -> "slt": a key held down
    token = once if held not in forms and once in forms else held
    replacement = forms.get(token)
    if replacement is not None:
        return tuple(replacement.split())
    return tuple(_DIGITS_LETTERS.sub(" ", token).split())


def words(text: str, keep: frozenset[str] = frozenset()) -> list[str]:
    """Folded tokens of a text, SMS forms expanded except the words in `keep` (a knowledge
    base's own acronyms: "SKE" is a company, not "ce que"); a calculation adds
    ARITHMETIC_TOKEN."""
    return list(_words(text, keep))


def forget_texts() -> None:
    """Forget the texts read so far (not the words): the next reading is a first one."""
    _words.cache_clear()


@lru_cache(maxsize=8192)  # a message's clauses and halves are read several times over
def _words(text: str, keep: frozenset[str]) -> tuple[str, ...]:
    if ("." in text or " " in text) and not text.isupper():  # all capitals: "Y A T IL"
        text = _SPELLED.sub(lambda m: m.group(0).replace(" ", "").replace(".", ""), text)
    folded = " ".join(_fold(text).split())
    pattern, phrases = _phrases()
    if pattern is not None:
        folded = pattern.sub(lambda m: phrases[m.group(0)], folded)
    tokens = _counted_plural(
        _without_framing(
            _agreeing(
                _unstuttered(_asked_first(_located(_expand(_spoken_numbers(folded.split()), keep))))
            )
        )
    )
    if _ARITHMETIC.search(text):
        tokens.append(ARITHMETIC_TOKEN)
    return tuple(tokens)


def _asked_first(tokens: list[str]) -> list[str]:
    """Bambara's "mun ye X ye ?" (what is X?), the question word first, as French: "mun ye
    PEJ ye ? stp" -> "c est quoi pej svp" ("mun" reads "quoi" by then)."""
    if "ye" not in tokens:  # most messages: no Bambara question to turn
        return tokens
    for i in range(len(tokens) - 3):
        if tokens[i : i + 2] == ["quoi", "ye"] and "ye" in tokens[i + 3 : i + 7]:
            end = tokens.index("ye", i + 3)
            return [*tokens[:i], "c", "est", "quoi", *tokens[i + 2 : end], *tokens[end + 1 :]]
    return tokens


def _located(tokens: list[str]) -> list[str]:
    """Bambara's "bɛ X la" (is in X) as French: "MINUSMA bɛ Mali la hali bi wa ?" ->
    "minusma est au mali …"."""
    if "be" not in tokens:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        place = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (
            tokens[i] == "be"
            and tokens[i + 2 : i + 3] == ["la"]
            and place.isalpha()
            and place not in STOPWORDS
        ):
            out += ["est", "au", place]
            i += 3
        else:
            out.append(tokens[i])
            i += 1
    return out


# Words that may follow themselves in French: "nous nous sommes vus", "vous vous êtes",
# "c'est qui qui l'a fait".
_SELF_FOLLOWING = frozenset({"nous", "vous", "qui"})


# French names of letters as dictation writes them (folded), for acronyms spelled aloud:
# "dé dé erre" is DDR, "ère esse esse" is RSS; a single letter stands for itself.
LETTER_NAMES: dict[str, str] = {
    **{letter: letter for letter in "abcdefghijklmnopqrstuvwxyz"},
    "be": "b", "ce": "c", "de": "d", "eu": "e", "ef": "f", "effe": "f", "ge": "g",
    "ache": "h", "hache": "h", "ji": "j", "ka": "k", "el": "l", "elle": "l", "em": "m",
    "eme": "m", "emme": "m", "aime": "m", "en": "n", "ene": "n", "enne": "n", "pe": "p",
    "ku": "q", "er": "r", "ere": "r", "erre": "r", "air": "r", "es": "s", "esse": "s",
    "te": "t", "ve": "v", "ix": "x", "ixe": "x", "igrec": "y", "zed": "z", "zede": "z",
}  # fmt: skip


def _unstuttered(tokens: list[str]) -> list[str]:
    """Dictation's stutters dropped: a word or a pair of words said twice in a row
    ("quoi quoi", "du du secteur", "de la de la"); numbers and spelled letters are kept
    as said ("66 45 66 45", "vingt vingt", "d d r", "dé dé erre")."""
    if not any(map(eq, tokens, tokens[1:])) and not any(map(eq, tokens, tokens[2:])):
        return tokens  # no word said again one or two words later: nothing to drop

    def repeatable(token: str) -> bool:
        return (
            token in _SELF_FOLLOWING or token.isdigit() or token in _NUMBER_WORDS or len(token) == 1
        )

    # Tokens within three or more letter names in a row: an acronym spelled aloud.
    spelled = [False] * len(tokens)
    start = 0
    for end in range(len(tokens) + 1):
        if end == len(tokens) or tokens[end] not in LETTER_NAMES:
            if end - start >= 3:
                spelled[start:end] = [True] * (end - start)
            start = end + 1
    out: list[str] = []
    for i, token in enumerate(tokens):
        if out and token == out[-1] and not repeatable(token) and not spelled[i]:
            continue  # "du du secteur", but "dé dé erre" spells DDR
        if (
            len(out) >= 3
            and out[-1] == out[-3]
            and token == out[-2]
            and out[-2] != out[-1]
            and not (repeatable(token) or repeatable(out[-1]))
        ):
            out.pop()  # "de la de la": the second pair is complete, drop its first word
            continue
        out.append(token)
    return out


# Number words, whose runs dictation writes for a figure: "deux mille trois cent soixante
# quatre", "soixante quinze".
_NUMBER_WORDS = frozenset(
    "un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize vingt vingts trente quarante cinquante soixante cent cents mille".split()
)


_LARGE = frozenset({"cent", "cents", "mille"})


def _spoken_numbers(tokens: list[str]) -> list[str]:
    """Numbers spelled out in several words, as voice dictation writes them, in digits
    (text2num): "la résolution deux mille trois cent soixante quatre deux mille dix sept" is
    "2364 2017", "soixante quinze membres" is 75. One number word stays a word ("les trois
    axes", "merci mille fois", "une unité")."""
    if sum(t in _NUMBER_WORDS for t in tokens) < 2:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and (
            tokens[j] in _NUMBER_WORDS
            or (
                tokens[j] == "et"
                and j > i
                and j + 1 < len(tokens)
                and tokens[j + 1] in _NUMBER_WORDS
            )
        ):
            j += 1
        run = tokens[i:j]
        digits = alpha2digit(" ".join(run), "fr", threshold=0).split()
        # "vingt vingt" (2020 said aloud, or a stutter) and "deux trois" stay words
        if sum(t in _NUMBER_WORDS for t in run) >= 2 and (
            len(digits) == 1 or any(t in _LARGE for t in run)
        ):
            out.extend(digits)
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _agreeing(tokens: list[str]) -> list[str]:
    """ "d accord" -> "ok" where it says OK rather than names an agreement (left to right:
    "d'accord, d'accord" is "ok ok")."""
    if "accord" not in tokens:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        after = tuple(tokens[i + 2 : i + 5])
        if (
            tokens[i : i + 2] == ["d", "accord"]
            and (not out or out[-1] in _AGREEING_BEFORE)
            and not any(after[: len(named)] == named for named in _AGREEMENT_NAMED)
        ):
            out.append("ok")
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


# "en fait", "au fait" open or frame a clause in speech; "fait" there is no verb ("qu'a
# fait la MINUSMA"). Kept in "Gao en fait partie".
_FRAMING_FAIT = frozenset({"en", "au"})
_FAIT_FORMS = frozenset({"fait", "faite"})
# "deuxième question" numbers the asks; "le deuxième axe" names a topic.
_ORDINALS = frozenset(
    "premiere premier 1ere 1er deuxieme 2eme 2e seconde second troisieme 3eme 3e derniere "
    "autre".split()
)
_NUMBERED = frozenset({"question", "questions"})


def _without_framing(tokens: list[str]) -> list[str]:
    """ "en fait" and "au fait" dropped where they frame the sentence, and the ordinal of
    "deuxième question" ("question" itself is filler)."""
    if _FAIT_FORMS.isdisjoint(tokens) and _NUMBERED.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        following = tokens[i + 1 : i + 2]
        if (
            tokens[i] in _FRAMING_FAIT
            and following
            and following[0] in _FAIT_FORMS
            and tokens[i + 2 : i + 3] not in (["partie"], ["parti"])
        ):
            i += 2
            continue
        if tokens[i] in _ORDINALS and following and following[0] in _NUMBERED:
            i += 1  # "question" is kept: filler, dropped with the rest
            continue
        out.append(tokens[i])
        i += 1
    return out


# "les 3 axe": a plural determiner and a count say the noun is plural, "s" or not ("les 75,
# combien…" has no noun).
_PLURAL_DETERMINERS = frozenset("les des ces mes nos vos leurs".split())
_NO_NOUN = frozenset("combien quoi qui quand comment pourquoi quel quelle".split())
_PLURAL_ENDINGS = ("s", "x", "z")


def _counted_plural(tokens: list[str]) -> list[str]:
    """The noun after a plural determiner and a count of two or more in the plural ("les 3
    axe" -> "les 3 axes"), as people often leave out its "s"; "le 3e axe" stays one."""
    if _PLURAL_DETERMINERS.isdisjoint(tokens):
        return tokens
    out = list(tokens)
    for i in range(len(out) - 2):
        noun = out[i + 2]
        if (
            out[i] in _PLURAL_DETERMINERS
            and out[i + 1].isdigit()
            and int(out[i + 1]) >= 2
            and noun.isalpha()
            and len(noun) >= 3
            and noun not in STOPWORDS
            and noun not in _NO_NOUN
            and not noun.endswith(_PLURAL_ENDINGS)
        ):
            out[i + 2] = noun + "s"
    return out


def _drop_thanked(tokens: list[str]) -> list[str]:
    out: list[str] = []
    thanking = False
    for token in tokens:
        if token == "merci":
            thanking = True
        elif thanking and token in THANKED:
            continue
        else:
            thanking = False
        out.append(token)
    return out


# Bambara greetings (and thanks): "i ni ce", "aw ni sogoma", "i ni wula", "a ni tile".
_GREETING_SUBJECTS = frozenset({"i", "aw", "a"})
_GREETING_TIMES = frozenset({"ce", "sogoma", "tile", "wula", "su"})
BAMBARA_GREETING = _GREETING_SUBJECTS | _GREETING_TIMES | {"ni"}  # every word of "aw ni ce"
_THANKING = frozenset({"kosebe", "kosobe", "barika", "merci"})  # "i ni ce kosɛbɛ": thanks


def without_greeting(tokens: list[str]) -> list[str]:
    """A question's tokens without the Bambara greeting that opens it ("aw ni ce, la
    MINUSMA est encore au Mali ?"), as "bonjour" is dropped. Kept when nothing else
    remains, and when it thanks ("i ni ce kosɛbɛ", "… tu m'as aidé, i ni ce")."""
    i = 0
    while i < len(tokens) and tokens[i] in FILLER:  # "salut, aw ni ce, …"
        i += 1
    if tokens[i : i + 2] == ["an", "be"] and tokens[i + 2 : i + 3] not in (["sini"], ["kofe"]):
        # "an bɛ" (hello; see you) before a question, not "an bɛ sini" (see you tomorrow)
        out = tokens[:i] + tokens[i + 2 :]
        return out if any(t not in STOPWORDS and t not in FILLER for t in out) else tokens
    greeting = tokens[i : i + 3]
    if (
        len(greeting) < 3
        or greeting[0] not in _GREETING_SUBJECTS
        or greeting[1] != "ni"
        or greeting[2] not in _GREETING_TIMES
        or (tokens[i + 3 : i + 4] and tokens[i + 3] in _THANKING)
    ):
        return tokens
    out = tokens[:i] + tokens[i + 3 :]
    return out if any(t not in STOPWORDS and t not in FILLER for t in out) else tokens


def without_filler(tokens: list[str]) -> list[str]:
    """Tokens without politeness and framing words (kept when nothing else remains)."""
    tokens = _drop_thanked(tokens)
    kept = [t for t in tokens if t not in FILLER]
    return kept if any(t not in STOPWORDS for t in kept) else tokens


def content_words(tokens: list[str]) -> list[str]:
    """Tokens that carry the topic: stopwords dropped, and filler dropped unless alone."""
    tokens = _drop_thanked(tokens)
    meaningful = [t for t in tokens if t not in STOPWORDS]
    content = [t for t in meaningful if t not in FILLER]
    if content:
        return content
    return meaningful or tokens
