"""French normalisation for matching: folding, SMS forms, elisions, stopwords."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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
    }
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS_LETTERS = re.compile(r"(?<=[0-9])(?=[a-z])|(?<=[a-z])(?=[0-9])")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# An operator between two numbers: "12 x 7", "2+2", "100/4". Such input is a calculation,
# whatever numbers it contains; it is marked with a token no knowledge base uses.
_ARITHMETIC = re.compile(r"\d\s*(?:[-+*/×÷=^]|x(?=\s*\d))\s*\d", re.IGNORECASE)
ARITHMETIC_TOKEN = "opmath"

# SMS spellings and abbreviations common in West African French chat -> standard words.
# Looked up before digits and letters are split, so "bi1" and "1fo" can match.
SMS_FORMS: dict[str, str] = {
    "koi": "quoi",
    "kwa": "quoi",
    "koa": "quoi",
    "quoa": "quoi",
    "kesako": "quoi",
    "kel": "quel",
    "kels": "quels",
    "kel1": "quelqu un",
    "kelle": "quelle",
    "kelles": "quelles",
    "ki": "qui",
    "ke": "que",
    "k": "que",
    "keske": "qu est ce que",
    "kesk": "qu est ce que",
    "keskeu": "qu est ce que",
    "kske": "qu est ce que",
    "cest": "c est",
    "sest": "s est",
    "quest": "qu est",
    "questce": "qu est ce",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pkoi": "pourquoi",
    "pourkoi": "pourquoi",
    "prk": "pourquoi",
    "pcq": "parce que",
    "pck": "parce que",
    "psk": "parce que",
    "cmt": "comment",
    "cmnt": "comment",
    "komen": "comment",
    "koman": "comment",
    "komment": "comment",
    "comman": "comment",
    "bcp": "beaucoup",
    "bcq": "beaucoup",
    "stp": "svp",
    "slt": "salut",
    "bjr": "bonjour",
    "bjrs": "bonjour",
    "bsr": "bonsoir",
    "cb": "combien",
    "cbn": "combien",
    "cbien": "combien",
    "kombien": "combien",
    "tjrs": "toujours",
    "tjr": "toujours",
    "tjs": "toujours",
    "jsp": "je sais pas",
    "mrc": "merci",
    "mci": "merci",
    "mrci": "merci",
    "mercii": "merci",
    "qd": "quand",
    "qnd": "quand",
    "kan": "quand",
    "kand": "quand",
    "ds": "dans",
    "pr": "pour",
    "ns": "nous",
    "vs": "vous",
    "tt": "tout",
    "tte": "toute",
    "ts": "tous",
    "dc": "donc",
    "bi1": "bien",
    "1fo": "info",
    "infos": "informations",
    "info": "information",
    "sa": "ca",
    "ya": "il y a",
    "gvt": "gouvernement",
    "gouv": "gouvernement",
    "pb": "probleme",
    "pbm": "probleme",
    "dsl": "desole",
    "oki": "ok",
    "okay": "ok",
    "jai": "j ai",
    "g": "j ai",
    "chui": "je suis",
    "chuis": "je suis",
    "jsuis": "je suis",
    "cc": "coucou",
    "pa": "pas",
    "mm": "meme",
    "qlq": "quelque",
    "qq": "quelque",
    "qqs": "quelques",
    "kelk": "quelque",
    "kelke": "quelque",
    "tps": "temps",
    "ms": "mais",
    "vrmt": "vraiment",
    "nn": "non",
    "wi": "oui",
    "ouai": "oui",
    "ouais": "oui",
    "cad": "c est a dire",
    "auj": "aujourd hui",
    "ajd": "aujourd hui",
    "aujourdhui": "aujourd hui",
    "dabord": "d abord",
    "daccord": "d accord",
    "dak": "d accord",
}

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

# Politeness and framing words: dropped from a question when anything else remains, so
# "bonjour, c'est quoi le MOC ?" is matched on "quoi moc" and not taken for a greeting.
FILLER: frozenset[str] = frozenset(
    """
    bonjour bonsoir salut coucou hello hi hey svp plait please merci beaucoup avance
    voudrais veux voulais aimerais aimerai aimerions voulons souhaite souhaiterais
    savoir dire dites dis expliquer explique expliquez expliques pouvez peux peut
    pourriez pourrais frere freres soeur famille gars ami amis monsieur madame mr mme
    bot ok question questions renseigner renseignez renseignement tous tout toute
    toutes monde oui non bien encore cher chere chers moi nous concernant propos sujet
    parler parle parlez connais connaitre connaissez explication explications detail
    details exactement vraiment chose choses hein dois doit doivent devons devez
    devrais devrait faut fallait cordialement aidez aidez-moi eclairer eclairez
    """.split()
)

# What may follow "merci" and still be thanks: "merci beaucoup pour les infos".
_THANKED = frozenset(
    """
    pour les la l le ton ta tes votre vos beaucoup bien tout toutes informations
    information reponse reponses aide explication explications precisions
    """.split()
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_LIGATURES).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text)


def fold(text: str) -> str:
    """Lowercase, strip accents and ligatures, turn punctuation into spaces, split 175km."""
    return " ".join(_DIGITS_LETTERS.sub(" ", _fold(text)).split())


def _expand(tokens: Iterable[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        token = _REPEATS.sub(r"\1\1", token)  # "merciiii" -> "mercii"
        replacement = SMS_FORMS.get(token)
        if replacement is not None:
            out.extend(replacement.split())
        else:
            out.extend(_DIGITS_LETTERS.sub(" ", token).split())
    return out


def words(text: str) -> list[str]:
    """Folded tokens of a text, SMS forms expanded; a calculation adds ARITHMETIC_TOKEN."""
    tokens = _expand(_fold(text).split())
    if _ARITHMETIC.search(text):
        tokens.append(ARITHMETIC_TOKEN)
    return tokens


def _drop_thanked(tokens: list[str]) -> list[str]:
    out: list[str] = []
    thanking = False
    for token in tokens:
        if token == "merci":
            thanking = True
        elif thanking and token in _THANKED:
            continue
        else:
            thanking = False
        out.append(token)
    return out


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
