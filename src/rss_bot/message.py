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
from functools import lru_cache

from rss_bot.normalize import FILLER, STOPWORDS, words
from rss_bot.texts import SOURCE_YEAR

# Clause boundaries: sentence punctuation and line breaks, and in dictated run-ons the
# words people use to start over ("euh", "bon", "en fait", "ma question").
_SENTENCE = re.compile(r"(?<=[.?!;:])\s+|\n+|(?<=[.?!])(?=\S)")
_SPOKEN = re.compile(
    r"\b(?<!['’])(?:euh+|heu+|bon|donc voila|en fait|alors|ma question (?:c'?est|est)|"
    r"je (?:voulais|voudrais|veux|souhaite) (?:vous |te )?(?:demander|savoir)|"
    r"(?:dites|dis)[- ]moi|est[- ]ce que|c'est quoi|"
    # SMS forms ("salut cv c koi la pej") when they open a question, not when they end one
    r"c(?:'est| est|est)? ?(?:quoi|koi|kwa)(?=\s+\w))\b",
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
# Words that ask without naming anything: "c'est quoi exactement ?" needs what comes before.
_VAGUE = frozenset(
    "exactement vraiment juste precisement encore ca cela ceci truc chose machin".split()
)
_TWO_TOPICS = re.compile(
    r"[,;?]? (?:et aussi|et puis|ainsi que|et|puis|aussi) |[,;?] ", re.IGNORECASE
)
_BLANKS = re.compile(r"[^\S\n]+")  # runs of spaces and tabs (never nested in a pattern)
MAX_CHARS = 1000  # like the matcher, longer messages are cut
MAX_SUBJECT_WORDS = 5  # "le MOC, c'est quoi ?": a name, not a dictated run-on


@dataclass(frozen=True)
class Parts:
    """A message split into what it asks and what surrounds it."""

    question: str  # the clauses that ask something (the whole message if none stands out)
    context: str  # greetings, introductions, story
    clauses: tuple[str, ...]


def _tidy(text: str) -> str:
    return _BLANKS.sub(" ", text[:MAX_CHARS]).strip()


def clauses(text: str) -> list[str]:
    """Sentences and clauses, also in unpunctuated dictation."""
    text = _tidy(text)
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


def asks(clause: str) -> bool:
    """Whether a clause asks something (a question mark, a question word, a request)."""
    return "?" in clause or any(t in _ASKING for t in words(clause))


def split(text: str) -> Parts:
    """The question part of a message, and its context."""
    parts = clauses(text)
    if len(parts) <= 1:
        return Parts(_tidy(text), "", tuple(parts))
    asking = [c for c in parts if not _is_politeness(c) and not _INTRODUCTION.match(c) and asks(c)]
    if not asking:
        asking = [c for c in parts if not _is_politeness(c) and not _INTRODUCTION.match(c)]
    if not asking:
        return Parts(text, "", tuple(parts))
    asking = _with_named_subject(parts, asking)
    context = [c for c in parts if c not in asking]
    return Parts(" ".join(asking), " ".join(context), tuple(parts))


def _names_nothing(clause: str) -> bool:
    return all(t in _ASKING or t in _VAGUE or t in STOPWORDS or t in FILLER for t in words(clause))


def _with_named_subject(parts: list[str], asking: list[str]) -> list[str]:
    """An asking clause that names nothing takes the short clause before it, which names
    what it asks about: "le MOC, c'est quoi ?" ("ARGA-Mali" + "c'est quoi exactement ?")."""
    out: list[str] = []
    for clause in asking:
        index = parts.index(clause)
        before = parts[index - 1] if index else None
        if (
            before is not None
            and before not in asking
            and _names_nothing(clause)
            and len(words(before)) <= MAX_SUBJECT_WORDS
            and not _is_politeness(before)
            and not _INTRODUCTION.match(before)
        ):
            out.append(before)
        out.append(clause)
    return list(dict.fromkeys(out))


# A message that only says OK ("d'accord", "compris", "ça marche", 👍): it asks nothing, so
# it gets no topic. Folded words, "d'accord" already read as "ok" (normalize).
_AGREEMENT = (
    r"(?:ok|oke|okk|ah|oh|ha|bon|bien|tres bien|oui|we|compris|j ai compris|c est compris|"
    r"entendu|c est entendu|note|c est note|bien note|recu|bien recu|vu|je vois|parfait|"
    r"super|top|cool|genial|nickel|impeccable|excellent|clair|c est clair|ca marche|"
    r"ca roule|ca me va|je suis ok|c est bon|c bon|pas de soucis?|pas de probleme|tant mieux|d acc|"
    # laughs and wows: a reaction, not a question
    r"lol+|mdr+|ptdr+|(?:ha)+h?|(?:hi)+|wa+w|wo+w|ouah?|ouf)"
)
_ADDRESS = r"(?:mon|ma|grand|frere|soeur|boss|chef|gars|bro|vieux|tonton|koro|dogo|ami|l ami)"
_AGREEING = re.compile(rf"(?:{_AGREEMENT}|{_ADDRESS})(?: (?:{_AGREEMENT}|{_ADDRESS}))*")
_AGREEING_WORD = re.compile(rf"\b{_AGREEMENT}\b")
# Emoji that say OK or thanks, or laugh (skin tones and variation selectors aside).
_AGREEING_EMOJI = frozenset("👍👌🙏✅👏🙂😊☺💯🤝✔😂🤣😅😄😁😀")
_EMOJI_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f\u200d\\s]")
MAX_SAYING_CHARS = 80


def agrees(text: str) -> bool:
    """Whether a message only says OK: "d'accord", "ok compris grand frère", "👍"."""
    if len(text) > MAX_SAYING_CHARS or "?" in text:
        return False
    said = " ".join(words(text))
    if not said:
        signs = _EMOJI_MODIFIERS.sub("", text)
        return bool(signs) and all(ch in _AGREEING_EMOJI for ch in signs)
    return _AGREEING.fullmatch(said) is not None and _AGREEING_WORD.search(said) is not None


# A complaint about the last answer ("ta réponse est fausse", "c'est pas ce que j'ai demandé"):
# the bot keeps no thread, so it apologises and asks again, never offers a topic.
_COMPLAINT = re.compile(
    r"\breponses? (?:est |sont |etait )?(?:nulles?|fausses?|mauvaises?|incorrectes?|bidon|"
    r"pas bonnes?|a cote)|\bmauvaises? reponses?|\bc (?:est )?(?:faux|pas ca|pas juste|"
    r"pas ce que j ai demande|pas la question)|\bn importe quoi|\brepond pas\b|"
    r"\b(?:reponds|repondez|repondu) (?:a cote|n importe quoi|faux|mal)|"
    r"\bpas (?:ma|la) (?:bonne )?(?:question|reponse)|\b(?:t es|vous etes|te|vous) trompe[sz]?\b|"
    r"\berreur\b"
)
_COMPLAINT_WORDS = frozenset(
    """
    reponse reponses repondu reponds repondez repond nulle nulles fausse fausses faux mauvaise
    mauvaises incorrecte incorrectes bidon bonne bonnes cote importe demande juste trompe
    trompes trompez erreur mal
    """.split()
)


def _only_says(text: str, pattern: re.Pattern[str], vocabulary: frozenset[str]) -> bool:
    """Whether a short message says what `pattern` finds and names nothing else: each word
    is in `vocabulary`, a question or vague word, a stopword or politeness (thanks aside)."""
    if len(text) > MAX_SAYING_CHARS:
        return False
    tokens = words(text)
    if "merci" in tokens or pattern.search(" ".join(tokens)) is None:
        return False
    return all(
        t in vocabulary or t in _ASKING or t in _VAGUE or t in STOPWORDS or t in FILLER
        for t in tokens
    )


def complains(text: str) -> bool:
    """Whether a message only complains about an answer: "ta réponse est fausse"."""
    return _only_says(text, _COMPLAINT, _COMPLAINT_WORDS)


# A message that asks for more without saying about what ("plus de détails", "c'est tout ?",
# "et ensuite ?"): the bot keeps no thread, and every answer already says all the sheet says.
_MORE = re.compile(
    r"\b(?:plus|davantage) d(?:e|es)?\b|\ben (?:dire|savoir) (?:plus|davantage)\b|"
    r"\bm en plus\b|\b(?:explique[rsz]?|dis|dites|raconte[sz]?) (?:moi )?(?:plus|davantage)\b|"
    r"\bdevelopp\w*|\bprecis(?:e|es|er|ez|ion|ions)\b|\bapprofondi\w*|\bc est tout\b|"
    r"\b(?:apres|ensuite)\b|\bla suite\b|\bmieux\b|\bdetails?\b"
)
_MORE_WORDS = frozenset(
    """
    plus davantage mieux detail details developpe developpes developpez developper precise
    precises precisez preciser precision precisions approfondir approfondis approfondissez
    suite ensuite apres info infos information informations raconte racontes racontez
    """.split()
)


def asks_more(text: str) -> bool:
    """Whether a message asks for more without naming a topic: "donne-moi plus de détails"."""
    return _only_says(text, _MORE, _MORE_WORDS)


# A message that asks without naming anything ("pourquoi ?", "c'est qui ?", "où ça ?"), or
# only says it has a question ("j'ai une question"): the bot keeps no thread to name it.
_UNNAMED = re.compile(
    r"(?:(?:et|mais|alors|donc|ok|ah|oui) )*(?:(?:c est|c|c etait|ca|s il) )?"
    r"(?:pourquoi|comment|quand|ou|qui|quoi|combien|hein|lequel|laquelle|lesquels|"
    r"lesquelles|quel|quelle|quels|quelles)(?: (?:c est|ca|cela|donc|alors|exactement|la|ici))*"
    r"|(?:j ai|j avais|on a) (?:une|des|1) questions?|(?:une|1) questions?"
    r"|je (?:veux|voudrais|voulais|souhaite|peux) (?:savoir|demander|poser une question)"
)
_UNNAMED_KEEP = frozenset(
    "veux voudrais voulais souhaite peux savoir demander question questions".split()
)


def names_no_topic(text: str) -> bool:
    """Whether a message asks without naming a topic: "pourquoi ?", "j'ai une question"."""
    if len(text) > MAX_SAYING_CHARS:
        return False
    tokens = [t for t in words(text) if t not in FILLER or t in _UNNAMED_KEEP or t == "hein"]
    if "merci" in words(text) or not tokens:
        return False
    return _UNNAMED.fullmatch(" ".join(tokens)) is not None


# "plus d'infos sur la PEJ", "je veux en savoir plus sur le MOC": what follows names the topic
# (the framing words alone pull towards topics about information or goodbyes: "a plus").
_ABOUT = re.compile(
    r"\b(?:infos?|informations?|details?|precisions?|explications?|renseignements?|plus|"
    r"davantage) (?:sur|concernant|a propos d(?:e|u|es)?|au sujet d(?:e|u|es)?) (?P<subject>.+)"
)


def about(text: str) -> str | None:
    """The topic a request for information names ("des infos sur la PEJ" -> "la PEJ")."""
    found = _ABOUT.search(" ".join(words(text[:MAX_CHARS])))
    return found.group("subject") if found else None


# Insults, which the knowledge base may not know: "t'es con ou quoi" must get one calm
# sentence and the menu, never a topic ("con" is no topic word, "controle" is).
_INSULT = re.compile(
    r"\b(?:con|conne|connard|connasse|debile|abruti|abrutie|cretin|cretine|stupide|idiot|"
    r"idiote|imbecile|nul|nulle|bete|merde|putain|fdp|ntm|batard|salaud|salope|encule|"
    r"gueule|foutre|fuck|stupid|shut up|bouffon|clown|tocard)\b"
)
_INSULT_WORDS = frozenset(
    """
    con conne connard connasse debile abruti abrutie cretin cretine stupide idiot idiote
    imbecile nul nulle bete merde putain fdp ntm batard salaud salope encule gueule foutre
    fuck stupid shut up bouffon clown tocard espece pauvre gros grosse sale bot robot
    machine ferme faire fais you are is this
    """.split()
)


def insults(text: str) -> bool:
    """Whether a message is only an insult: "t'es con ou quoi", "espèce d'abruti"."""
    return _only_says(text, _INSULT, _INSULT_WORDS)


# Messages that say something without asking about a topic, by kind (the matcher's rule
# names): the bot answers them with a fixed reply, and staff reviews count them apart.
SAYINGS = (
    ("agreement", agrees),
    ("complaint", complains),
    ("more", asks_more),
    ("unnamed", names_no_topic),
)


def saying(text: str) -> str | None:
    """The kind of a message that asks about no topic ("d'accord", "c'est faux", "plus de
    détails", "pourquoi ?"), or None for a message to match."""
    return next((kind for kind, says in SAYINGS if says(text)), None)


def unasked(text: str) -> str | None:
    """`saying`'s kind, or "insult": what staff reviews count apart from questions."""
    return saying(text) or ("insult" if insults(text) else None)


MAX_CUTS = 4  # two-question cuts tried per message: each costs two matcher runs


def halves(question: str) -> list[tuple[str, str]]:
    """Ways to cut a question into two asks ("c koi le moc et la pej"), the right half
    borrowing the left's question words when it has none ("c koi" + "la pej")."""
    question = _tidy(question)
    out: list[tuple[str, str]] = []
    for found in _TWO_TOPICS.finditer(question):
        if len(out) >= MAX_CUTS:
            break
        left, right = question[: found.start()].strip(), question[found.end() :].strip()
        if len(words(left)) < 2 or len(words(right)) < 1:
            continue
        if not asks(right):
            frame = [t for t in words(left)[:3] if t in _ASKING or t in ("c", "est", "que")]
            right = " ".join([*frame, right])
        out.append((left, right))
    return out


# --- details a question asks for --------------------------------------------------------

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RESOLUTION = re.compile(r"\bresolution\s*(?:n\s*)?(\d{3,4})\b")
_DETAILS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "money",
        re.compile(
            r"\b(?:budget|montant|salaire\w*|combien\b.*\b(?:cout\w*|coute\w*|depens\w*|"
            r"paye\w*|argent|francs|fcfa|milliards|millions)|(?:cout\w*|coute\w*|depens\w*|"
            r"paye\w*) combien)\b"
        ),
    ),
    ("age", re.compile(r"\b(?:quel age|age minimum|age limite|combien d ans)\b")),
    (
        "date",
        re.compile(
            r"\b(?:quand|quelle date|en quelle annee|depuis quand|jusqu a quand|date|"
            r"quel jour|quel mois|quelle annee|quelle heure)\b"
        ),
    ),
    ("number", re.compile(r"\b(?:combien|nombre de|cb)\b")),
    (
        "procedure",
        re.compile(
            r"\b(?:comment (?:s inscrire|m inscrire|rejoindre|adherer|postuler|participer|"
            r"devenir|integrer|faire partie)|inscription|postuler|candidature|adherer|"
            r"s inscrire|rejoindre|devenir membre)\b"
        ),
    ),
    (
        "name",
        re.compile(
            r"\b(?:qui est le|qui est la|c est qui le|c est qui la|comment s appelle|le nom du|"
            r"le nom de la|les noms des|leurs noms|leur nom|son nom|qui dirige|qui a signe)\b"
        ),
    ),
)
# "combien de X": the thing counted, to look for a figure next to it in the answer.
_COUNTED = re.compile(r"\b(?:combien|nombre|cb)\s+(?:de|d|des)\s+(\w+)")
_CURRENCY = re.compile(r"\b(?:fcfa|francs?|euros?|dollars?|milliards?|millions?)\b")
_NUMBER_WORDS = frozenset(
    "un une deux trois quatre cinq six sept huit neuf dix cent cents mille douzaine".split()
)


@dataclass(frozen=True)
class Detail:
    """A detail a question asks for that an answer does not give."""

    kind: str  # "money", "age", "date", "number", "procedure", "name", "resolution", "year", "now"
    value: str = ""  # the year or resolution number asked about, if any


# A question about the present state of something: a word of being or acting within three
# words of a word of time ("la PEJ existe toujours ?", "le MOC, il fait quoi maintenant ?").
_NOW_STATE = frozenset(
    "existe existent exister existant actif actifs active actives fonctionne fonctionnent "
    "continue continuent travaille travaillent fait font reste restent place activite".split()
)
_NOW_TIME = frozenset("toujours encore aujourd maintenant actuellement moment".split())
_NOW_NEAR = 3
SHEET_YEAR = int(SOURCE_YEAR)  # a later year in an answer says what came after the sheet


def asks_now(question: str) -> bool:
    """Whether a question asks how something is today rather than what the sheet says."""
    tokens = words(question[:MAX_CHARS])
    state = [i for i, t in enumerate(tokens) if t in _NOW_STATE]
    time = [i for i, t in enumerate(tokens) if t in _NOW_TIME]
    return any(abs(i - j) <= _NOW_NEAR for i in state for j in time)


def without_now(question: str) -> str:
    """The question without its words of time and state: what it asks about."""
    return " ".join(
        t for t in words(question[:MAX_CHARS]) if t not in _NOW_STATE and t not in _NOW_TIME
    )


def tells_later(answer: str) -> bool:
    """Whether an answer gives facts from after the sheet (a later year)."""
    return any(int(year) > SHEET_YEAR for year in _YEAR.findall(answer))


_MONTH = re.compile(
    r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
    r"decembre|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b"
)
# "Selon la fiche de 2017": the year of the source, not a date the answer gives.
_SOURCE_YEAR = re.compile(r"\bfiche\b(?:\s+\S+){0,6}?\s+(?:19|20)\d\d\b")
_PROCEDURE_WORDS = re.compile(
    r"\b(?:inscri\w*|rejoindre|adher\w*|postul\w*|candidat\w*|contact\w*|deposer|"
    r"formulaire|dossier|adresser|adressez|guichet|telephone|appelez)\b"
)
_NAME_WORDS = re.compile(
    r"\b(?:dirige\w*|chef|directeur|directrice|president\w*|ministre|signe\w*)\b"
)


@lru_cache(maxsize=1024)  # the answers come back again and again
def _folded(text: str) -> str:
    return " ".join(words(text))


def _is_number(token: str) -> bool:
    return token.isdigit() or token in _NUMBER_WORDS


_PEOPLE = frozenset(
    "personne personnes gens jeunes jeune membres membre participants assistants".split()
)


def _counted_in(answer: list[str], thing: str) -> bool:
    """Whether the answer gives a figure next to what is counted (same first letters; any
    word for people stands for people)."""
    stems = {p[:5] for p in _PEOPLE} if thing in _PEOPLE else {thing[:5]}
    for i, token in enumerate(answer):
        if _is_number(token):
            near = answer[max(0, i - 4) : i + 5]
            if any(t[:5] in stems for t in near):
                return True
    return False


def missing_detail(question: str, answer: str) -> Detail | None:
    """The detail the question asks for that the answer does not contain, if any."""
    q = _folded(question[:MAX_CHARS])
    a = _SOURCE_YEAR.sub(" ", _folded(answer))
    a_list = a.split()
    a_tokens = set(a_list)
    for year in _YEAR.findall(q):
        if year not in a_tokens and int(year) != SHEET_YEAR:  # the sheet tells its own year
            return Detail("year", year)
    for number in _RESOLUTION.findall(q):
        if number not in a_tokens:
            return Detail("resolution", number)
    if asks_now(question) and not tells_later(answer):
        return Detail("now")
    for kind, pattern in _DETAILS:
        if not pattern.search(q):
            continue
        if kind == "money" and not _CURRENCY.search(a):
            return Detail("money")
        if kind == "age" and not re.search(r"\b(?:ans|age)\b", a):
            return Detail("age")
        if kind == "date" and not (_YEAR.search(a) or _MONTH.search(a)):
            return Detail("date")
        if kind == "number":
            counted = _COUNTED.search(q)
            if counted and not _counted_in(a_list, counted.group(1)):
                return Detail("number")
            if not counted and not any(_is_number(t) for t in a_tokens):
                return Detail("number")
        if kind == "procedure" and not _PROCEDURE_WORDS.search(a):
            return Detail("procedure")
        if kind == "name" and not _NAME_WORDS.search(a):
            return Detail("name")
    return None
