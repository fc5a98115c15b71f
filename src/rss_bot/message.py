"""What a message asks: the question inside a story, two questions at once, a missing detail.

Young people write long messages (a greeting, who they are, where they live, then the
question) or dictate run-ons without punctuation. This module finds the clauses that ask
something, so the matcher compares those first and the story only counts as context, and
spots the details a question asks for (a date, a number, a procedure, a name, a later
year) so the engine can say when the answer does not give them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rss_bot.normalize import BAMBARA_GREETING, FILLER, INTERJECTIONS, STOPWORDS, fold, words
from rss_bot.texts import SOURCE_YEAR

# Clause boundaries: sentence punctuation and line breaks, and in dictated run-ons the
# words people use to start over ("euh", "bon", "en fait", "ma question").
_SENTENCE = re.compile(r"(?<=[.?!;:])\s+|\n+|(?<=[.?!])(?=\S)")
_SPOKEN = re.compile(
    # "bon" after a determiner or an adverb is the adjective ("un bon CV", "le bon numéro")
    r"\b(?<!['’])(?:euh+|heu+|(?<!\bde )(?<!\bun )(?<!\ble )(?<!\bau )(?<!\bdu )(?<!\bdes )"
    r"(?<!\bmon )(?<!\bton )(?<!\bson )(?<!\bce )(?<!\btres )(?<!\btrès )(?<!\bplus )(?<!\bsi )"
    r"(?<!\btrop )(?<!\bassez )(?<!\bquel )bon|"
    r"donc voila|en fait|alors|ma question (?:c'?est|est)|"
    r"(?:je (?:voulais|voudrais|veux|souhaite|souhaiterais|aimerais)|j['’]?aimerais) "
    r"(?:(?:juste|bien|aussi|vous|te) )*(?:demander|savoir)|"
    r"(?:dites|dis)[- ]moi|est[- ]ce que|c'est quoi|"
    # SMS forms ("salut cv c koi la pej") when they open a question, not when they end one
    r"c(?:'est| est|est)? ?(?:quoi|koi|kwa)(?=\s+\w))\b",
    re.IGNORECASE,
)
# Words that make a clause a question even without a question mark.
ASKING = frozenset(
    """
    quoi qui quel quelle quels quelles comment combien pourquoi quand ou signifie
    signification veut definition explique expliquez citer cite donne donnez parle parlez
    liste dire savoir
    """.split()
)
# Asking verbs that, after an auxiliary, tell what happened: "notre prof nous a parlé de
# l'Accord", "on m'a expliqué" narrate; "parle-moi de l'Accord" asks.
_TOLD = frozenset("parle parlez explique expliquez cite donne donnez".split())
_AUXILIARY = frozenset("a as ai ont avait avaient avons avez".split())
# "on parle de l'unité FAMA dans la fiche", "il cite la PEJ": they tell, "parle-moi" asks.
_THIRD_PERSON = frozenset("on il elle ils elles".split())
_ADVERBS = frozenset("pas jamais deja bien rien tout".split())
# Object pronouns and negation between a subject and its verb ("il m'en parle", "on ne
# nous explique pas").
_OBJECTS = frozenset("me m te t lui leur nous vous en y ne n".split())
_EVERYBODY = frozenset("monde gens".split())
_DETERMINERS = frozenset(
    "mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs le la les un une ce cet "
    "cette".split()
)
# A clause that only introduces the writer: "je suis étudiant à Gao", "j'habite Mopti".
_INTRODUCTION = re.compile(
    r"^\s*(?:je suis|j'?suis|chui|moi c'?est|je m'?appelle|j'?habite|je vis|je viens|"
    r"je travaille|je fais|j'?ai \d+ ans|on m'?a dit|j'?ai entendu|chez nous|ici a|"
    r"dans mon|dans notre|mon |ma |mes |nous sommes|on est)",
    re.IGNORECASE,
)
# A greeting before an introduction in the same clause: "Bonjour je suis animatrice à Kati…".
_GREETING_LEAD = re.compile(
    r"^\s*(?:(?:bonjour|bonsoir|salut|slt|bjr|bsr|salam|coucou|hello|hey|cc|yo|wesh)\b[\s,!.]*)+",
    re.IGNORECASE,
)
# Words that ask without naming anything: "c'est quoi exactement ?" needs what comes before.
VAGUE = frozenset(
    "exactement vraiment juste precisement encore ca cela ceci truc chose machin abord".split()
)
# With those, words that only ask for help: "vous pouvez m'aider ?", "comment je peux lui
# expliquer simplement ?" ask about what the message said before, never about help itself.
_HELPING = frozenset(
    "aider aide aidez aidee simplement clairement mieux besoin comprendre agit sais".split()
)
# Marks that list asks: " + ", "1)", "1-", "1/", a line break.
_LISTED = r" \+ | \d[)/-] | *\n+ *"
_TWO_TOPICS = re.compile(
    # "A + B", "1) A 2) B", "1- A 2- B", "1/ A 2/ B", one ask per line as well; "sinon",
    # "par contre", "autre question :", "autre chose :" open the next ask
    r"[,;?.]? (?:et aussi|et puis|et ensuite|ainsi que|et|puis|ensuite|aussi|sinon|par contre|"
    r"(?:autre|2e|2eme|2ème|deuxieme|deuxième) question *:?|autre chose *[:,]) |[,;?.] |" + _LISTED,
    re.IGNORECASE,
)
# "quelle différence entre A et B ?", "c quoi la diff entre A et B": two things, each asked.
_COMPARED = re.compile(
    r"\bdiff(?:erence|érence)?s? (?:qu il y a |qu'il y a )?entre (?P<a>[^?.!,;]+?) et "
    r"(?P<b>[^?.!,;]+?)(?= *[?.!,;]|$)",
    re.IGNORECASE,
)
# What opens the next ask after a question mark: "? autre chose, c koi le CNRSS", "? et sinon
# c quoi l'accord".
_NEXT_ASK = re.compile(
    r"^(?:(?:et )?sinon|autre (?:chose|question)|(?:2e|2eme|2ème|deuxieme|deuxième) question)"
    r" *[:,]? *",
    re.IGNORECASE,
)
# Ways of listing asks that names never use: "A puis B", "A ensuite B", "A + B", "1) A 2) B",
# "1- A 2- B", "1/ A 2/ B", one ask per line.
_LISTING = re.compile(r" (?:et )?(?:puis|ensuite) |" + _LISTED, re.IGNORECASE)


def lists_asks(message: str) -> bool:
    """Whether a message lists what it asks ("le mandat puis les 3 axes svp")."""
    return _LISTING.search(message[:MAX_CHARS]) is not None


_BLANKS = re.compile(r"[^\S\n]+")  # runs of spaces and tabs (never nested in a pattern)
MAX_CHARS = 1000  # like the matcher, longer messages are cut
MAX_SUBJECT_WORDS = 5  # "le MOC, c'est quoi ?": a name, not a dictated run-on


@dataclass(frozen=True)
class Parts:
    """A message split into what it asks and what surrounds it."""

    question: str  # the clauses that ask something (the whole message if none stands out)
    context: str  # greetings, introductions, story
    clauses: tuple[str, ...]
    # The clause just before the question (not a mere greeting), which often names what the
    # question leaves unnamed ("… il y a aussi le MATD. C'est quoi ?").
    before: str = ""

    @property
    def with_before(self) -> str:
        """The question with the clause just before it ("" if there is none)."""
        return f"{self.before} {self.question}" if self.before else ""


def _tidy(text: str) -> str:
    return _BLANKS.sub(" ", text[:MAX_CHARS]).strip()


# A hesitation before a preposition goes on with the phrase it interrupts.
_GOES_ON = re.compile(r"\s+(?:de|du|des|d['’]|au|aux)\b", re.IGNORECASE)
_HESITATION = re.compile(r"euh+|heu+", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """Sentences and clauses, also in unpunctuated dictation."""
    text = _tidy(text)
    out: list[str] = []
    for sentence in _SENTENCE.split(text):
        start = 0
        for found in _SPOKEN.finditer(sentence):
            hesitates = _HESITATION.fullmatch(found.group(0)) is not None
            if hesitates and _GOES_ON.match(sentence, found.end()):  # "la commission euh de DDR"
                continue
            if found.start() > start:
                out.append(sentence[start : found.start()])
            start = found.start()
        out.append(sentence[start:])
    return [c.strip(" ,") for c in out if c and any(ch.isalnum() for ch in c)]


def _is_politeness(clause: str) -> bool:
    tokens = words(clause)
    return all(t in FILLER or t in STOPWORDS for t in tokens)


def _tells_who(clause: str) -> bool:
    """Whether a clause only greets or introduces the writer ("bonjour", "je suis de Gao");
    "mes messages sont-ils enregistrés ?" asks, and so does "je suis contente mais je ne
    sais pas ce que veut dire PEJ"."""
    questioned = "?" in clause or _INVERTED.search(clause) is not None or asks_meaning(clause)
    introduced = _INTRODUCTION.match(_GREETING_LEAD.sub("", clause)) is not None
    return _is_politeness(clause) or (not questioned and introduced)


# Pieces end after their punctuation, so "mes messages sont enregistrés ?" keeps its mark.
_PIECES = re.compile(r"(?<=[,.;:!?\n])")
MAX_INTRODUCTION_CHARS = 200  # a longer text tells or asks more than who writes


def introduces(text: str) -> bool:
    """Whether a text only greets or introduces the writer ("Bonsoir, je suis Awa")."""
    if len(text) > MAX_INTRODUCTION_CHARS:
        return False
    pieces = [p.strip(" ,.;:!\n") for p in _PIECES.split(text)]
    pieces = [p for p in pieces if any(ch.isalnum() for ch in p)]
    return all(_tells_who(p) for p in pieces)


# A verb and its subject inverted, as questions are written: "sont-ils", "a-t-elle", "peut-on".
_INVERTED = re.compile(r"\w-(?:t-)?(?:il|elle|ils|elles|on)\b", re.IGNORECASE)


# What someone said, or what was read, seen or heard ("mon ami dit que…", "dans un
# document… il y avait le sigle PEV"): told, not asked; unlike a request ("je veux me
# plaindre de…", "expliquee moi…").
_REPORTING = re.compile(
    r"\b(?:dit|disait|disent|disaient|raconte|racontait|il parait|j ai (?:lu|vu|entendu)|"
    r"je (?:lis|lisais|vois|voyais)|il y (?:a|avait)|on (?:parle|parlait) d|"
    r"dans (?:un|une|le|la) (?:document|article|texte|affiche|emission|livre|journal|fiche))\b"
)


# What a story or a forwarded message is called: "c'est quoi cette histoire ?" asks about
# what it tells, not about a thing it names.
_STORY_NOUNS = frozenset("histoire histoires affaire rumeur rumeurs info infos".split())
_ABOUT_THE_STORY = (
    rf"(?:(?:vraiment|exactement|donc) )?(?:ce|cet|cette|ces) (?:{'|'.join(sorted(_STORY_NOUNS))})"
)
# A rumour to check: who said it, "que", the claim, then the check ("on m'a dit que la
# MINUSMA a formé 500 jeunes, c'est vrai ?", "mon oncle jure que…, confirmé ?").
_HEARD = (
    r"(?:on m a dit|on me dit|on dit|on raconte|il parait|j ai entendu(?: dire)?|j ai lu|"
    r"(?:un|une|le|la|les|mon|ma|mes|son|sa|notre|y a un|ya un|il y a un)\s+(?:\w+\s+){0,3}?"
    r"(?:dit|disait|disent|jure|jurent|affirme|affirment|pretend|pretendent|raconte|racontent|"
    r"a dit|m a dit|a lu|a ecrit|ecrit|explique|assure)|"
    # a message passed on: "quelqu'un a partagé sur whatsapp que…", "on m'a envoyé que…"
    r"(?:a|ont|m a|on m a) (?:partage|transfere|poste|publie|envoye|ecrit|mis)"
    r"(?:\s+(?:sur|dans)\s+(?:\w+\s+){0,3}?\w+)?)"
)
_CHECK = (
    r"(?:c est vrai|c vrai|vrai ou faux|c est correct|c est exact|confirme|confirmez|"
    r"tu confirmes|vous confirmez|c est ca|c est juste|c est bien ca|ou pas|non|hein|"
    rf"(?:c est|c) quoi {_ABOUT_THE_STORY}|(?:c est|c) vrai ou (?:c est )?(?:faux|fake)|fake|"
    r"(?:c est|c) vrai ca)"
)
_RUMOUR = re.compile(
    rf"^(?:\w+\s+){{0,8}}?{_HEARD}\s+(?:que|qu)\s+(?P<claim>(?:\w+\s+){{2,}}?\w+)"
    rf"(?:\s+(?:et\s+)?{_CHECK})+$"
)


def claim(text: str) -> str | None:
    """The claim of a rumour someone asks to check ("on m'a dit que la PEJ a été créée par
    l'armée, c'est vrai ?" -> "la pej a ete creee par l armee"), if the message is one."""
    found = _RUMOUR.search(" ".join(words(text[:MAX_CHARS])))
    return found.group("claim") if found else None


def reports(clause: str) -> bool:
    """Whether a clause reports what someone said, read or saw, and asks nothing."""
    return not asks(clause) and _REPORTING.search(" ".join(words(clause[:MAX_CHARS]))) is not None


def asks(clause: str) -> bool:
    """Whether a clause asks something (a question mark, a question word, a request)."""
    if "?" in clause or _INVERTED.search(clause):
        return True
    tokens = words(clause)
    return any(
        t in ASKING and not _told(tokens, k) and not _relative(tokens, k)
        for k, t in enumerate(tokens)
    )


_SUBJECTS = frozenset("il elle ils elles on je j tu nous vous c ca".split())
# Greetings and interjections that open a message: never what a "qui" after them is said of
# (unlike "ma sœur qui habite…").
_CALLING = INTERJECTIONS | frozenset("bonjour bonsoir salut coucou hello hi hey yo wesh".split())


def _relative(tokens: list[str], index: int) -> bool:
    """Whether "qui" or "quand" at `index` joins a clause to a story rather than asks: "des
    jeunes qui partent", "le grand-père de Moussa qui écrit", "quand il entend à la radio…"
    (a clause without a question mark)."""
    word = tokens[index]
    if word == "qui":
        before = tokens[index - 1] if index else ""
        # "d d r qui" is no noun before it, nor is a greeting: "slt ki a gagné la CAN" asks
        return (
            len(before) > 1
            and before.isalpha()
            and before not in STOPWORDS
            and before not in _CALLING
        )
    if word == "quand":
        return tokens[index + 1 : index + 2] != [] and tokens[index + 1] in _SUBJECTS
    return False


def _told(tokens: list[str], index: int) -> bool:
    """Whether the verb at `index` tells rather than asks: in a past tense ("a parlé", "m'a
    pas expliqué") or said of someone else ("on parle de…")."""
    if tokens[index] not in _TOLD:
        return False
    before = [t for t in tokens[:index] if t not in _ADVERBS]
    objects = 0  # "il m'en parle", "mon cousin me parle": pronouns between subject and verb
    while objects < len(before) and before[-1 - objects] in _OBJECTS:
        objects += 1
    before = before[: len(before) - objects]
    if not before:
        return False
    # A noun after its determiner is a third person too, when a pronoun object follows it
    # ("mon cousin me parle de la PEJ", not "…la formation de la PEJ, explique-moi") or it
    # is everybody ("tout le monde parle de la RSS").
    named = (
        len(before) >= 2
        and before[-2] in _DETERMINERS
        and before[-1] not in STOPWORDS
        and (objects > 0 or before[-1] in _EVERYBODY)
    )
    return before[-1] in _AUXILIARY or before[-1] in _THIRD_PERSON or named


def split(text: str) -> Parts:
    """The question part of a message, and its context."""
    parts = clauses(text)
    if len(parts) <= 1:
        return Parts(_tidy(text), "", tuple(parts))
    asking = [c for c in parts if not _tells_who(c) and asks(c)]
    if not asking:
        asking = [c for c in parts if not _tells_who(c)]
    if not asking:
        return Parts(text, "", tuple(parts))
    asking = _with_named_subject(parts, asking)
    if len(asking) > 1:  # "… ce que signifie RSS. Comment je peux lui expliquer ?"
        asking = [c for c in asking if not asks_for_help(c)] or asking
    context = [c for c in parts if c not in asking]
    first = parts.index(asking[0])
    while first and _is_politeness(parts[first - 1]):  # "…stratégie nationale. Moi je veux…"
        first -= 1
    before = parts[first - 1] if first else ""
    if before in asking:
        before = ""
    return Parts(" ".join(asking), " ".join(context), tuple(parts), before)


# Bambara courtesy inside a question ("…, i ka kɛnɛ wa ?": are you well?): it names no topic.
_COURTESY = BAMBARA_GREETING | frozenset("ka kene wa".split())


def _names_nothing(clause: str) -> bool:
    """Whether a clause only asks, hesitates or greets ("c koi frere jsp du tout")."""
    return all(
        t in ASKING
        or t in VAGUE
        or t in STOPWORDS
        or t in FILLER
        or t in _HELPING
        or t in _COURTESY
        for t in words(clause)
    )


# "l'abréviation de quoi ?": what an acronym stands for (folded words).
SHORT_FOR = r"(?:abreviation|acronyme|sigle) de quoi"
# "que signifie-t-il ?", "ce que ça veut dire", "c'est quelle organisation ?": what a name means.
_MEANING = re.compile(
    r"\b(?:signifi\w*|signification|veut dire|veulent dire|voulait dire|"
    r"(?<!est )ce que c est|"  # "dis-moi ce que c'est", not "est-ce que c'est vrai ?"
    rf"c est quoi(?! {_ABOUT_THE_STORY}\b)|quoi ca|definition|defini(?:s|r|ssez)|design\w*|"
    rf"{SHORT_FOR}|"
    r"(?:c est )?quel(?:le)? (?:organisation|"
    r"structure|institution|organisme))\b"
)


def asks_meaning(clause: str) -> bool:
    """Whether a clause asks what a name means or what it is ("que signifie-t-il ?")."""
    return _MEANING.search(" ".join(words(clause[:MAX_CHARS]))) is not None


# "moi je sais pas c'est quoi le sens", "j'ai rien compris": the person not knowing.
_NOT_KNOWING = re.compile(
    r"\b(?:(?:je|j|moi) (?:ne |n )?(?:sais|connais|comprends|capte) (?:pas|rien)|jsp|"
    r"j ai (?:pas|rien) compris)\b"
)


def tells_not_knowing(clause: str) -> bool:
    """Whether a clause says the person does not know or understand ("je sais pas")."""
    return _NOT_KNOWING.search(" ".join(words(clause[:MAX_CHARS]))) is not None


# "je fais quoi ?", "je peux faire quoi", "koi faire", "qu'est-ce que je dois faire": what
# to do about one's own situation.
_ADVICE = re.compile(
    r"\b(?:je (?:fais|dois faire|peux faire|vais faire) (?:quoi|comment)|(?:que|quoi) faire|"
    r"qu est ce que (?:je|j) (?:dois |peux |vais )?(?:fais|faire)|comment je fais)\b"
)
ADVICE_STORY_WORDS = 2  # content words besides the ask: a situation told, not the bare ask


def advice_situation(text: str) -> str | None:
    """The situation a message tells before asking what to do about it ("ma copine me
    répond plus, je fais quoi ?" -> "ma copine me repond plus"); None for no such ask, or
    for the bare "je peux faire quoi ?", which asks what the bot can do."""
    joined = " ".join(words(text[:MAX_CHARS]))
    found = _ADVICE.search(joined)
    if found is None:
        return None
    # "aide moi" asks for the same help: the situation is the rest
    rest = [t for t in (joined[: found.start()] + " " + joined[found.end() :]).split()]
    rest = [t for t in rest if t not in _HELPING]
    told = [t for t in rest if t not in FILLER and t not in STOPWORDS and t not in ASKING]
    return " ".join(rest) if len(told) >= ADVICE_STORY_WORDS else None


def asks_advice(text: str) -> bool:
    """Whether a message tells a situation and asks what to do about it."""
    return advice_situation(text) is not None


def asks_for_help(clause: str) -> bool:
    """Whether a clause only asks for help ("vous pouvez m'aider ?"), not "c'est quoi ?"."""
    tokens = words(clause)
    return any(t in _HELPING for t in tokens) and all(
        t in ASKING or t in VAGUE or t in STOPWORDS or t in FILLER or t in _HELPING for t in tokens
    )


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
            and not _tells_who(before)
        ):
            out.append(before)
        out.append(clause)
    return list(dict.fromkeys(out))


# "plus d'infos sur la PEJ", "je veux en savoir plus sur le MOC": what follows names the topic
# (the framing words alone pull towards topics about information or goodbyes: "a plus").
_ABOUT = re.compile(
    r"\b(?:infos?|informations?|details?|precisions?|explications?|renseignements?|plus|"
    # "dis-moi ce que tu sais sur la PEJ", "un résumé sur la RSS", "un paragraphe sur le DDR"
    r"davantage|sais|savez|connais|connaissez|resume|paragraphe|texte|expose|synthese|topo) "
    r"(?:sur|concernant|a propos d(?:e|u|es)?|au sujet d(?:e|u|es)?) (?P<subject>.+)"
)


# Asking for it to be written or told: "écris-moi ce que tu sais sur…", "fais-moi un résumé…"
_REQUESTING = frozenset(
    "ecris ecrire ecrivez redige rediger redigez fais faire faites donne donner donnez envoie "
    "envoyer envoyez dis dire dites raconte raconter racontez explique expliquer expliquez "
    "parle parler parlez petit court bref".split()
)


def about(text: str) -> str | None:
    """The topic a request for information names ("des infos sur la PEJ" -> "la PEJ"), when
    the words before ask nothing else ("où trouver des infos sur la PEJ ?" asks where)."""
    found = _ABOUT.search(" ".join(words(text[:MAX_CHARS])))
    if found is None:
        return None
    before = found.string[: found.start()]
    if not _names_nothing(" ".join(t for t in before.split() if t not in _REQUESTING)):
        return None
    return found.group("subject")


MAX_CUTS = 4  # two-question cuts tried per message: each costs two matcher runs
MAX_SEPARATORS = 24  # commas, "et"… looked at for them ("ok, ok, ok, …" is no two asks)
# A second ask that starts with one of these refers back to what the first asks about
# ("MINUSMA ça veut dire quoi ? et elle est encore au Mali ?"), unless impersonal ("il y a").
_REFERRING = frozenset("il elle ils elles".split())
_POSSESSIVE = frozenset("ses son leurs".split())  # "combien de ses membres…"
_DEMONSTRATIVE = frozenset("ce cet cette ces".split())
_IMPERSONAL = frozenset("y faut fallait parait semble existe reste s vaut manque".split())
_OF = frozenset("de d du".split())  # a half starting so continues the other's phrase
MAX_REFERRED_WORDS = 10  # a longer first ask tells a story: what "elle" means is not clear


# An ask that ends its clause, after what it asks about ("MATD ça veut dire quoi"): a second
# half that asks nothing borrows it.
_ASKING_TAIL = re.compile(
    r"\b(?:(?:ca |c |ce )?(?:veut dire|veulent dire|signifie)|c est|c) (?:quoi|koi)$"
)
# Prepositions that open an elliptic second ask, the first's verb understood.
_ELLIPTIC = frozenset("pour sur avec chez dans".split())


def elliptic(ask: str) -> bool:
    """Whether an ask opens on a preposition, its verb and subject those of the ask before
    ("… elle a été faite où et avec quel partenaire ?")."""
    said = words(ask)
    return bool(said) and said[0] in _ELLIPTIC


# Words quoted from elsewhere (a forwarded message, a poster): « … », "…", “…”.
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")


def halves(question: str) -> list[tuple[str, str]]:
    """Ways to cut a question into two asks ("c koi le moc et la pej"), the right half
    borrowing the left's question words when it has none ("c koi" + "la pej")."""
    question = _tidy(question)
    out: list[tuple[str, str]] = []
    compared = _COMPARED.search(question)
    if compared is not None:  # "quelle différence entre RSS et DDR ?": what each one is
        out.append((f"c est quoi {compared['a']}", f"c est quoi {compared['b']}"))
    quoted = [m.span() for m in _QUOTED.finditer(question)]
    for tried, found in enumerate(_TWO_TOPICS.finditer(question)):
        if len(out) >= MAX_CUTS or tried >= MAX_SEPARATORS:
            break
        if any(start < found.start() < end for start, end in quoted):
            continue  # 'Transféré : "les camps du MOC de Gao, Kidal…"': one thing quoted
        left, right = question[: found.start()].strip(), question[found.end() :].strip()
        if found.group(0).startswith("?"):
            left += " ?"  # "mes messages sont enregistrés ?" asks, as a yes or no
        right = _NEXT_ASK.sub("", right)  # "… enregistrés ? autre chose c koi le CNRSS"
        asked_end = right.find("?") + 1
        if (
            0 < asked_end < len(right)
            and words(found.group(0))  # "… et RSS aussi ?", not any clause after a comma
            and len(words(right[:asked_end])) <= MAX_REFERRED_WORDS
            and not asks(right[asked_end:])
        ):  # "et RSS aussi ? on me dit ça tout le temps au camp": a remark after a short ask
            right = right[:asked_end]
        if found.group(0).strip() == "et" and words(f"et {right}")[:1] == ["est"]:
            continue  # "la minusma et encore au mali": "et" written for "est" (SMS forms)
        said = words(right)
        # "les stratégies de sécurité et de DDR": one phrase; "et d'où…" asks, and so does
        # "parle-moi du genre, et aussi de la campagne"
        added = any(w in ("aussi", "puis") for w in words(found.group(0)))
        if found.group(0) == ". " and not (
            len(_SENTENCE.split(left)) == 1
            and len(words(left)) <= MAX_REFERRED_WORDS
            and asks(left)
            and asks(right)
        ):  # "Think Peace c koi. RENADJEF c koi." asks twice; a story tells, then asks
            continue
        if not words(left) or not said or (said[0] in _OF and said[1:2] != ["ou"] and not added):
            continue
        # "et la pej" borrows "c koi" from "c koi le moc"; "elle est…" is a clause, and "n ma
        # famu" or "j'ai compris" says something of its own
        if said[0] in _ELLIPTIC and said[0] in words(left) and not any(t in ASKING for t in said):
            # "…a fait quoi pour les camps du MOC ? Et pour le Conseil ?": the same ask
            told = words(left)
            frame = told[: len(told) - told[::-1].index(said[0]) - 1]
            right = " ".join([*frame, right])
        elif not asks(right) and words(right)[0] not in _REFERRING and not sets_aside(right):
            tail = _ASKING_TAIL.search(" ".join(words(left)))
            if tail is not None:  # "MATD ça veut dire quoi, PEV aussi jcomprend pas"
                right = f"{right} {tail.group(0)}"
            else:
                frame = [t for t in words(left)[:3] if t in ASKING or t in ("c", "est", "que")]
                right = " ".join([*frame, right])
        out.append((left, right))
    return out


# A topic set aside, not asked: "oublie le MOC, …", "pas la stratégie RSS, mais …", "au lieu
# des chiffres, …", "je connais déjà la MINUSMA, …", "j'ai compris le contrôle démocratique,
# maintenant …", "merci pour le MOC. Et l'EMP ?", "tu m'as parlé de l'EMP, d'accord. Et …",
# "à part la campagne, …", "les assistants c bon j'ai compris, mais …"; and "je n'ai pas
# compris" (Bambara "n ma famu") beside a question, which says why it is asked.
_SEEN = r"j ai (?:bien )?(?:compris|vu|lu|note)"
_SET_ASIDE = re.compile(
    r"^(?:oublie|oubliez|laisse tomber|laissez tomber|pas|au lieu|plutot que|je connais|"
    r"(?:je )?n ai pas compris|j ai pas compris|"
    rf"on connait|je sais que|(?:je|j) (?:le |la |les )?sais deja|on sait deja|{_SEEN}|"
    r"c est note|merci pour|ok pour|d accord pour|"
    r"tu (?:m )?as (?:cite|parle|dit|explique|donne)|en dehors|a part)\b|"
    rf"\b(?:c est bon|c bon|{_SEEN}|je (?:le |la |les )?connais(?: deja)?|deja compris|"
    r"d accord|c est note)$|^je (?:ne )?comprends pas$"
)


def sets_aside(clause: str) -> bool:
    """Whether a clause puts its topic aside rather than asking about it ("je connais déjà
    la MINUSMA", "oublie les éléphants du Gourma", "merci pour le MOC")."""
    tokens = words(clause)
    while tokens[:1] and tokens[0] in INTERJECTIONS:  # "walahi n ma famu"
        tokens = tokens[1:]
    return _SET_ASIDE.search(" ".join(tokens)) is not None


_ARTICLE = frozenset("le la les l".split())
# "commissariat à la RSS", "par la MINUSMA": the acronym ends a longer name
_NAME_OF = frozenset("a de d du des pour par avec au aux en dans sur et".split())
# "c'est quoi le rôle…", "c'est quoi cette histoire": what is asked comes after
_WHAT_FOLLOWS = _ARTICLE | frozenset(
    "un une ce cet cette ces son sa ses leur leurs du des de d".split()
)
_AND = frozenset("et puis aussi".split())  # a second ask goes on after it


def asked_right_after(tokens: list[str], acronym: str) -> bool:
    """Whether "c'est quoi" follows the acronym, perhaps after "là", at the start of the
    message or after its article, and nothing else is asked after it: "je voulais
    demander le ddr là c'est quoi", "FAMA c koi ?", not "le commissariat à la rss c'est
    quoi", "la minusma c'est quoi le rôle des jeunes" or "PEJ c koi et ki sont…"."""
    for k, token in enumerate(tokens):
        if token != acronym:
            continue
        after = tokens[k + 1 :]
        if after[:1] == ["la"]:
            after = after[1:]
        if after[:3] == ["c", "est", "quoi"]:
            rest = after[3:]
        elif after[:2] == ["c", "quoi"]:
            rest = after[2:]
        else:
            continue
        if (rest[:1] and rest[0] in _WHAT_FOLLOWS) or any(t in _AND for t in rest):
            continue
        if k == 0:
            return True
        before = tokens[k - 1]
        if before in _ARTICLE:
            if k == 1 or tokens[k - 2] not in _NAME_OF:
                return True
        elif before in STOPWORDS or before in FILLER:
            return before not in _NAME_OF
    return False


def _guessed(text: str) -> list[str] | None:
    """What a guess to confirm puts forward (the words after "c'est", "ce sont"), if the text
    only offers one ("c la minusma ?", "c eux ki ont formé les jeunes, non ?", "c les
    petites armes ou bien ?"), asking nothing of its own."""
    tokens = words(text[:MAX_CHARS])
    if tokens[:1] == ["et"]:
        tokens = tokens[1:]
    if tokens[:1] == ["c"] or tokens[:1] == ["ca"]:
        rest = tokens[1:]
    elif tokens[:2] == ["ce", "sont"]:
        rest = tokens[2:]
    else:
        return None
    if rest[:1] and rest[0] in ("est", "etait", "sont"):
        rest = rest[1:]
    if rest[:2] in (["ce", "que"], ["ce", "qu"]) or rest[:1] == ["vrai"]:
        return None  # "c'est ce que…" is "est-ce que…"; "c'est vrai que…" asks of a claim
    # "qui" after a noun joins, "ou" offers another guess ("…ou bien ?")
    asking = [t for t in rest if t in ASKING and t not in ("qui", "ou")]
    return rest if rest and not asking and rest[0] not in ("qui", "ou") else None


def guesses(text: str) -> bool:
    """Whether a text only offers a guess to confirm ("c la minusma ?", "c eux ki ont formé
    les jeunes, non ?", "c les petites armes ou bien ?"), asking nothing of its own."""
    return _guessed(text) is not None


# What a guess names: "c'est un partenaire…", "c'est la commission de DDR", "c eux qui…",
# "c'est à Bamako" (not "c'est possible ?", "c payant ?", which ask of their own).
_NAMING_START = frozenset("un une le la les l des du de d eux elle lui a au aux en chez".split())


def guesses_a_name(text: str) -> bool:
    """Whether a text only offers a guess that names something ("c'est un partenaire de la
    plateforme ?"), not a yes-or-no question of its own ("c'est possible ?")."""
    rest = _guessed(text)
    if rest is None:
        return False
    # "c eux qui ont voulu ou on les a chassés ?" asks which of two, not to confirm
    either = any(t == "ou" and rest[k + 1 : k + 2] != ["bien"] for k, t in enumerate(rest))
    return rest[0] in _NAMING_START and not either


def opens_an_ask(text: str) -> bool:
    """Whether a text starts a question of its own ("c'est quoi le MOC", "quand…"), rather
    than going on with the one before ("…et dans quelles villes ?", "…et bandits arrêtés")."""
    tokens = words(text)
    return bool(tokens) and (tokens[0] in ASKING or tokens[0] in ("c", "qu", "est"))


# after "ce": "ce que", "ce sujet", "ce truc", "cette histoire"
_NO_THING = STOPWORDS | FILLER | VAGUE | ASKING | _STORY_NOUNS


def _points(tokens: list[str]) -> bool:
    """Whether words point to a thing named before: "ce conseil", "cette commission" (not
    "ce sujet", "cette chose": no thing in particular)."""
    return any(
        t in _DEMONSTRATIVE
        and tokens[k + 1 : k + 2]
        and tokens[k + 1].isalpha()
        and tokens[k + 1] not in _NO_THING
        for k, t in enumerate(tokens)
    )


def pointed(question: str) -> frozenset[str]:
    """The things a question points to with a demonstrative ("cette commission" ->
    "commission")."""
    tokens = words(question[:MAX_CHARS])
    return frozenset(
        tokens[k + 1]
        for k, t in enumerate(tokens[:-1])
        if t in _DEMONSTRATIVE and tokens[k + 1].isalpha() and tokens[k + 1] not in _NO_THING
    )


def with_named(question: str, name: str) -> str:
    """The question with what it points to ("cette institution") replaced by a name."""
    tokens = words(question[:MAX_CHARS])
    for k, t in enumerate(tokens[:-1]):
        if t in _DEMONSTRATIVE and tokens[k + 1].isalpha() and tokens[k + 1] not in _NO_THING:
            return " ".join([*tokens[:k], name, *tokens[k + 2 :]])
    return question


# "et PEV c koi ?", "ok et le MOC alors ?": a message that goes on from an earlier one
_GOING_ON = re.compile(r"^\s*(?:(?:ok|okay|bon|d'accord|dac|ah|alors)\s*,?\s+)?et\s+(?=\w)", re.I)


def going_on(question: str) -> str:
    """A message without the "et" that opens it as if it went on from an earlier one ("et
    PEV c koi dans la stratégie ?" asks what the PEV is): the bot answers each message alone."""
    return _GOING_ON.sub("", question, count=1)


# "…la part de la MINUSMA dans ça", "qu'a fait la MINUSMA pour cela": what was just said
_THAT = frozenset(
    (preposition, that)
    for preposition in ("dans", "pour", "sur", "de", "avec", "a", "en")
    for that in ("ca", "cela")
) | {("la", "dedans")}


def points_back(question: str) -> bool:
    """Whether a question is about a thing the message named before it ("…la Commission
    nationale de DDR. C'est quoi cette commission ?", "…c'est quoi son rôle ?", "…la part de
    la MINUSMA dans ça ?")."""
    tokens = words(question[:MAX_CHARS])
    return (
        _points(tokens)
        or any(t in _POSSESSIVE or t in ("sa", "leur") for t in tokens)
        or any(pair in _THAT for pair in itertools.pairwise(tokens))
        or (
            # "la MINUSMA l'a soutenu", "elle les avait aidés": a pronoun for a thing named
            # before; after a comma, for what opens the sentence ("Le Conseil National, la
            # MINUSMA l'a aidé comment ?")
            "," not in question
            and any(a in ("l", "les") and b in _AUXILIARY for a, b in itertools.pairwise(tokens))
        )
    )


def referred(left: str, right: str) -> str | None:
    """The second ask of a message with what the first ask names in place of its leading
    pronoun ("elle est encore au Mali ?" after "MINUSMA ça veut dire quoi" -> "minusma est
    encore au mali ?"), or beside its possessive ("combien de ses membres…" after "qui a créé
    la PEJ"), when the first is a short question about something."""
    tokens = words(right)
    if len(tokens) < 2:
        return None
    leading = tokens[0] in _REFERRING and tokens[1] not in _IMPERSONAL
    if not leading and not _points(tokens) and not any(t in _POSSESSIVE for t in tokens):
        return None
    before = words(left)
    if len(before) > MAX_REFERRED_WORDS or not asks(left):  # "mon oncle était combattant, il…"
        return None
    named = [t for t in before if not _names_nothing(t)]
    if not named or len(named) > MAX_SUBJECT_WORDS:
        return None
    # a possessive or a demonstrative refers to what the first ask ends on ("…créer la
    # PEJ" -> "pej")
    said = [*named, *tokens[1:]] if leading else [*tokens, named[-1]]
    return " ".join(said) + (" ?" if "?" in right else "")


# --- what the keyboard and the dictation meant ---------------------------------------

# Punctuation dictated aloud, as phone dictation writes it out ("c'est quoi la PEJ point
# d'interrogation"): the mark it stands for, so clauses split where the speaker meant.
_SPOKEN_MARKS = (
    (re.compile(r"\bpoints? d['’ ]?interrogation\b", re.I), "?"),
    (re.compile(r"\bpoints? d['’ ]?exclamation\b", re.I), "!"),
    (re.compile(r"\bpoint[- ]virgule\b", re.I), ";"),
    (re.compile(r"\bvirgules?\b", re.I), ","),
    (
        re.compile(
            r"\b(?:point final|point (?:a|à) la ligne|(?:retour (?:a|à)|nouvelle) ligne)\b", re.I
        ),
        ".",
    ),
)
# A word the writer corrects, as chats do, after their phone's autocorrect changed it:
# "*MOC" or "MOC*" after "le moche", "(MOC dsl)" after "les camps du mode".
_WORD = r"[^\W\d_][\w'’-]*"
_STARRED = re.compile(rf"(?<![\w*])\*({_WORD})(?![\w*])|(?<![\w*])({_WORD})\*(?![\w*])")
_APOLOGY = r"(?:\s+(?:dsl|desole|désolé|désolée|pardon|sorry|svp|stp))?"
_BRACKETED = re.compile(rf"\(\s*({_WORD}){_APOLOGY}[^\w()]*\)")
# How close a corrected word must be to the word it replaces (rapidfuzz ratio, folded):
# "moche" / "moc" 75, "jeune" / "genre" 60, "carres" / "cnrss" 55; "mission" / "minusma" 43.
CORRECTED_CUTOFF = 50.0
CORRECTED_WITHIN = 30  # words before the mark that it may correct
MAX_CORRECTIONS = 5  # marks read in one message (a hostile one may hold thousands)


def _corrected(before: str, word: str) -> str | None:
    """`before` with the one or two words that `word` corrects replaced by it, if some are
    close enough; None if none is, or if the word is already there."""
    from rapidfuzz import fuzz  # here: the query log imports this module, not the matcher

    spans = [m.span() for m in re.finditer(_WORD, before)][-CORRECTED_WITHIN:]
    target = " ".join(words(word))
    if not target or target in (" ".join(words(before[a:b])) for a, b in spans):
        return None
    best: tuple[float, bool, int, int, int] | None = None
    for size in (1, 2):
        for k in range(len(spans) - size + 1):
            start, end = spans[k][0], spans[k + size - 1][1]
            typed = "".join(words(before[start:end]))
            grammar = typed in STOPWORDS  # "PEU" for "PEV", never "le" for "MOC"
            if len(typed) < 3 or (grammar and len(typed) < len(target)):
                continue
            score = fuzz.ratio(typed, target.replace(" ", ""))
            # On a tie: not a grammar word, one word rather than two, the nearest the mark.
            key = (score, not grammar, -size, start, end)
            if score >= CORRECTED_CUTOFF and (best is None or key[:3] >= best[:3]):
                best = key
    if best is None:
        return None
    start, end = best[3:]
    return before[:start] + word + before[end:]


def retyped(text: str) -> str:
    """The message as its writer meant it: dictated punctuation read as marks, and a word
    corrected with "*" or in brackets put in place of the word it corrects."""
    text = text[:MAX_CHARS]  # as everywhere: longer messages are cut
    for pattern, mark in _SPOKEN_MARKS:
        text = pattern.sub(mark, text)
    for pattern in (_STARRED, _BRACKETED):
        at = 0
        for _ in range(MAX_CORRECTIONS):
            found = pattern.search(text, at)
            if found is None:
                break
            word = found.group(1) or found.group(2)
            before, after = text[: found.start()], text[found.end() :]
            fixed = _corrected(before, word)
            if fixed is not None:
                text = f"{fixed.rstrip()} {after.lstrip()}".strip()
                at = len(fixed.rstrip())
            elif pattern is _STARRED:  # nothing to correct: the word stays, without its mark
                text = f"{before}{word}{after}"
                at = len(before) + len(word)
            else:  # an aside in brackets
                at = found.end()
    return text


# --- details a question asks for --------------------------------------------------------

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEARS_OFFERED = re.compile(r"\b(?:19|20)\d\d (?:ou|or) (?:en |fin |debut )?(?:19|20)\d\d\b")
_RESOLUTION = re.compile(r"\bresolution\s*(?:n\s*)?(\d{3,4})\b")
# Another resolution than the one named: "la résolution d'avant", "les autres résolutions".
_OTHER_RESOLUTION = re.compile(
    r"\b(?:resolutions? (?:d avant|d apres|precedentes?|suivantes?|anterieures?)|"
    r"(?:autres?|precedentes?|prochaines?) resolutions?)\b"
)
_DETAILS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "money",
        re.compile(
            r"\b(?:budget|montant|salaire\w*|per ?diem|indemnite\w*|remunere\w*|remuneration|"
            # "quelle somme l'ONU a mise ?" (not "en somme")
            r"(?:quelle|quelles|la|les|une) sommes?|"
            r"(?:etaient|sont|etre|seront|ont ete) payes?|"
            # "combien l'ONU a investi ?" (not "combien de jeunes… et qui a investi")
            r"combien (?:\w+ ){0,3}?(?:a|ont|avait|avaient) investi\w*|"
            r"combien\b.*\b(?:cout\w*|coute\w*|depens\w*|"
            r"paye\w*|argent|francs|fcfa|milliards|millions)|(?:cout\w*|coute\w*|depens\w*|"
            r"paye\w*) combien)\b"
        ),
    ),
    (
        "age",
        re.compile(
            r"\b(?:quel age|age (?:minimum|maximum|min|max|limite|requis)|limite d age|"
            r"tranche d age|combien d ans)\b"
        ),
    ),
    (
        "date",
        re.compile(
            # "quand on quitte le groupe" is "when", and "quand même" is "all the same",
            # not a question about a date ("kel" stands for "quel" and "quelle" alike,
            # and "kels" for either in the plural: "en kels annee")
            r"\b(?:quand(?! (?:on|j|je|tu|nous|vous|meme)\b)|quel(?:le)?s? dates?|"
            r"en quel(?:le)?s? annee|depuis quand|jusqu a quand|date|quel(?:le)?s? jour|"
            r"quel(?:le)?s? mois|quel(?:le)?s? annee|quel(?:le)?s? heure|quel(?:le)?s? periode|"
            r"quel(?:le)?s? epoque|a quel moment)\b"
        ),
    ),
    # "elephants gourma nombre", "unité mixte effectif", as typed in a search box
    # "quelle est la longueur de la frontière ?": a measure is a figure too
    (
        "number",
        re.compile(
            r"\b(?:combien|nombre|cb|statistiques?|stats|effectifs?|longueur|superficie|"
            r"(?:quelle|la) distance)\b"
        ),
    ),
    (
        "procedure",
        re.compile(
            r"\b(?:comment (?:(?:on|je|j|il|elle|nous|vous|tu) )?(?:(?:fait|fais|faire|peut|"
            r"peux|doit|dois) )?(?:pour )?(?:s inscrire|m inscrire|rejoindre|adherer|postuler|"
            r"participer|devenir|integrer|faire partie)|inscription|candidature|adherer|"
            # "comment on postule ?", "je veux entrer dans l'unité"
            r"postul(?:e|es|ent|ons|ez|er)|(?:je veux|je voudrais|je peux|on peut|comment) "
            r"(?:y )?entrer (?:dans|a)|"
            # "comment on devient assistant ?", "ils recrutent ?"
            r"(?:comment (?:on |je |j |tu |il |elle )?)(?:devient|deviens)|recrut\w*|"
            # "comment faire pour être intégré dans l'armée ?"
            r"comment (?:faire|faut il faire|on fait|je fais|je dois faire) pour etre \w+|"
            r"[sm] inscrire|m inscri(?:s|t|vais|rai)|(?:on|il|elle|ils|elles) s inscri(?:t|vent)"
            # not "je viens de rejoindre un groupe": done, not asked
            r"(?! dans)|(?<!viens de )(?<!vient de )(?<!venons de )(?:rejoindre|devenir membre)|"
            # "les conditions pour devenir assistant parlementaire ?"
            r"conditions? (?:pour|d|de|a remplir pour) (?:devenir|etre|rejoindre|participer|"
            r"adherer|postuler|integrer)|"
            # "comment je rejoins l'unité", "on l'intègre comment"
            r"(?:je|j|on|tu|nous|vous) (?:l |la |les )?(?:rejoin[st]|rejoignons|rejoignez|"
            r"integre|integrons|integrez))\b"
        ),
    ),
    (
        "name",
        re.compile(
            # "qui était le chef de la section ?", "c'est qui le président ?" (not "c'est
            # qui la PEJ ?", "qui était le partenaire ?": what it is)
            r"\b(?:(?:qui est|c est qui|c qui|qui etait|c etait qui) (?:le|la|l|les) "
            r"(?:chef\w*|president\w*|directeur|directrice|responsable|ministre|coordinat\w*|"
            r"command\w*|representant\w*|dirigeant\w*|patron\w*|secretaire|formateur|"
            r"formatrice|general|colonel|capitaine|maire|gouverneur|fondat\w*|createur|"
            r"commissaire\w*|ambassadeur\w*|delegue\w*|porte parole)|"
            r"comment s appelle|le nom du|"
            # "commissariat rss chef nom", "cnrss president nom", as in a search box
            r"(?:chef|president\w*|directeur|directrice|responsable|ministre|dirigeant\w*|"
            r"commandant|coordinat\w*) noms?$|"
            r"le nom de la|les noms des|leurs noms|qui a signe|"
            r"qui (?:dirig|presid|command)\w*|(?:dirig|presid|command)ee?s? par qui|"
            # "c qui qui a remplacé la MINUSMA ?", "son remplaçant c'est qui ?"
            r"qui (?:l a |les a |a |va )?remplac\w*|remplace\w* par qui|"
            r"(?:le|son|sa|leur) remplacant\w*|"
            # "pour quels députés ?": which people, by name
            r"quel(?:le)?s? (?:deputes?|ministres?|chefs?|responsables?|dirigeants?|"
            r"commandants?|officiers?|generaux)|"
            # "c quels groupes armés qui étaient dans les camps ?": the sheet names none
            r"quel(?:le)?s? (?:groupes?|mouvements?) (?:armes?|rebelles?|terroristes?|"
            r"jihadistes?|djihadistes?|signataires?)|"
            # "le directeur de Think Peace c'est qui ?"
            r"(?:directeur|directrice|president|presidente|dirigeant|dirigeante|coordinateur|"
            r"coordinatrice|chef|responsable)\b.*\bc (?:est |etait )?qui)\b"
        ),
    ),
    (
        # "elle a servi à quoi au final ?", "le braconnage a diminué depuis ?"
        "impact",
        re.compile(
            r"\b(?:impact|effets?|(?:a|ont) (?:servi|change) (?:a )?(?:quoi|qqch|quelque chose)|"
            r"(?:a|ont|est|sont) (?:diminue|baisse|recule)\w*|ca a (?:marche|servi)|efficace\w*|"
            r"resultats? sur le terrain)\b"
        ),
    ),
    (
        # "que dit exactement la loi…, ses articles ?", "le contenu des documents"
        "content",
        re.compile(
            r"\b(?:contenu|(?:ses|quels) articles|(?:que|qu) dit (?:exactement|concretement|"
            r"precisement)|"
            r"dit quoi (?:exactement|concretement|precisement)|(?:grandes |principales )?mesures "
            r"(?:du|de la|de l|prevues?)|"
            r"c (?:est )?(?:koi|quoi) les (?:grandes |principales )?mesures|"
            r"liste des mesures|mesures liste)\b"
        ),
    ),
    (
        # "envoie-moi le lien pour télécharger la stratégie", "le PDF de la loi" (not "le
        # lien entre la RSS et le DDR")
        "document",
        re.compile(
            r"\b(?:(?:le|un|les|des|ton|ce) liens?(?! (?:entre|avec))|telecharg\w*|pdf|"
            r"(?:une|la) copie|ou (?:est ce que )?(?:je peux|on peut|peut on|puis je) "
            r"(?:la |le |les )?(?:lire|consulter)|"
            r"(?:envoie|envoyer|envoyez|envoi|donne|donner|donnez|partage|partager) (?:moi |nous )?"
            r"(?:le|la|les|un|une) (?:document|texte|fichier|rapport|fiche)|"
            # "je veux le texte complet…, tu peux me l'envoyer ?"
            r"(?:le|du) texte (?:complet|integral)|(?:me|nous) l envoyer)\b"
        ),
    ),
    (
        "contact",
        re.compile(
            r"\b(?:e ?mail|mail|courriel|(?:le|les|leur|un|son|ses) contacts?|"
            r"(?:comment|qui|ou) (?:\w+ ){0,2}?(?:contacter|joindre)|numero de (?:telephone|"
            r"tel|portable)|num (?:de )?tel|numero whatsapp|(?:leur|son|sa|le) site (?:web|"
            r"internet)|(?:leur|sa|la) page facebook)\b"
        ),
    ),
)
_PLACE = re.compile(
    r"\b(?:adresse|quel(?:le)?s? quartiers?|quelle salle|quel batiment|quel hotel|"
    r"ou (?:\w+ )?(?:se trouve|se trouvent|est|sont) (?:le|les|leur|"
    r"leurs|ses) (?:bureaux?|locaux|siege)|"
    # "le siège de RENADJEF c'est où ?"
    r"(?:bureaux?|locaux|siege)\b(?:\s+\w+){0,5}?\s+(?:c|c est|est|sont) ou)\b"
)
# "ils sont dans quelle ville ?": a town asked, which the answer must name ("à Bamako",
# "Gao, Kidal et Tombouctou").
_TOWN_ASKED = re.compile(
    r"\b(?:quel|quelle|quels|quelles) (?:ville|villes|region|regions|localite|localites|"
    r"cercle|cercles|commune|communes)\b"
)
_TOWN_NAMED = re.compile(
    r"\b(?:à|a|de|du|dans|en) [A-ZÉ][a-zéèêàç]+\b|\b[A-ZÉ][a-zéèêàç]+, [A-ZÉ][a-zéèêàç]+\b"
)
# What would locate it: "rénovation de ses locaux" does not say where they are.
_TOWNS = frozenset("ville villes localite localites region regions cercle cercles".split())
_PLACE_WORDS = re.compile(r"\b(?:adresse|rue|avenue|boulevard|quartier|route)\b")
# "c'est quoi la capitale du Burkina ?": a town the answer would call by that name.
_CAPITAL = re.compile(r"\b(?:capitales?|chefs? lieux?)\b")
# "après 2023", "depuis 2020": what came after a year (after the latest an answer gives, it
# is more than the answer tells).
_AFTER_YEAR = re.compile(r"\b(apres|depuis|since|after) (?:l an |l annee |fin )?((?:19|20)\d\d)\b")
# "la loi a été votée ou pas ?": whether it came to be, which a sheet of 2017 cannot tell
_CAME_TO_BE = re.compile(
    r"\b(?:a|ont) ete (?:vote|adopte|promulgue|valide|signe)e?s?\b.*\bou (?:pas|non)\b|"
    # asked with the subject after the verb: "les députés ont-ils voté la loi ?", "a-t-elle
    # (finalement) été adoptée ?"
    r"\b(?:a t|ont) (?:il|elle|ils|elles) (?:\w+ )?(?:ete )?(?:vote|adopte|promulgue|valide|signe)"
)
# "après 2017", "depuis 2017": what came after the sheet.
_SINCE_SHEET = re.compile(
    rf"\b(?:apres|depuis|since|after) (?:l an |l annee |fin )?{SOURCE_YEAR}\b"
)
# "depuis le départ de la MINUSMA…", "après son retrait…": what came after an end, which no
# answer tells (they tell up to the end)
_SINCE_END = re.compile(r"\b(?:depuis|apres) (?:son |leur |le |la )?(?:depart|retrait|fin)\b")
# "combien de camps ont fermé depuis ?": since then, which a sheet of 2017 cannot tell
# (not "le DDR dont on parle à la radio depuis ?": for a while)
_SINCE_THEN = re.compile(
    r"\b(?:ont|sont|est|ont ete|a ete) (?:\w+ )?\w+ depuis(?: lors| ce temps| cette date)?$"
)
# "la campagne va venir chez nous cette année ?", "ça reprendra bientôt ?": what comes
# next, after the sheet (a future verb and a time ahead, within a few words).
_COMING = re.compile(
    r"\b(?:va|vont|allez|allons|sera|seront|aura|auront|pourra|pourront|\w+ra|\w+ront)\b"
    r"(?:\s+\w+){0,6}?\s+(?:cette annee|l annee prochaine|prochainement|bientot)\b"
)
# "combien de X": the thing counted, to look for a figure next to it in the answer.
_COUNTED = re.compile(
    r"\b(?:combien|nombre|cb)\s+(?:(?:c etait|c est|etaient|il y avait|y avait|il y a|y a|ya)\s+)?"
    r"(?:de|d|des)\s+(?:(?:ses|leurs|nos|vos|mes|tes|ces)\s+)?(\w+)"
)  # "combien de ses membres": the members are counted; "combien c'était des femmes" too
_CURRENCY = re.compile(r"\b(?:fcfa|francs?|euros?|dollars?|milliards?|millions?)\b")
_NUMBER_WORDS = frozenset(
    # not "un" or "une": in an answer, almost always an article ("une unité de gardes")
    """
    deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize
    vingt trente quarante cinquante soixante cent cents mille douzaine dizaine centaine
    """.split()
)


@dataclass(frozen=True)
class Detail:
    """A detail a question asks for that an answer does not give."""

    # "money", "age", "date", "number", "procedure", "name", "impact", "content", "document",
    # "contact",
    # "place", "town", "named_place",
    # "resolution", "other_resolution", "year", "now"
    kind: str
    value: str = ""  # the year or resolution number asked about, if any


# A question about the present state of something: a word of being or acting within three
# words of a word of time ("la PEJ existe toujours ?", "le MOC, il fait quoi maintenant ?").
_NOW_STATE = frozenset(
    "existe existent exister existant actif actifs active actives fonctionne fonctionnent "
    "continue continuent travaille travaillent fait faite faites font reste restent place "
    "activite ouvert ouverts ouverte ouvertes ferme fermes fermee fermees sorti sortie sortis "
    "sorties adopte adoptee adoptes adoptees vote votee votes votees ecrit ecrite ecrits "
    "ecrites redigee redigees elaboree elaborees finalisee finalisees signee signees publiee "
    "publiees terminee terminees achevee achevees prete pretes pret prets "
    # what the mission did, asked in the present: "la MINUSMA forme encore les jeunes ?"
    "forme forment aide aident soutient soutiennent appuie appuient finance financent "
    "accompagne accompagnent "
    # in force, at work: "la stratégie est toujours appliquée ?", "l'unité patrouille encore ?"
    "applique appliquee appliques appliquees vigueur patrouille patrouillent opere operent "
    "operationnel operationnelle operationnels operationnelles".split()
)
_NOW_TIME = frozenset("toujours encore aujourd maintenant actuellement moment finalement".split())
_NOW_NEAR = 3
_NOW_TODAY = frozenset("aujourd maintenant actuellement".split())  # not "encore", "toujours"
_STILL = frozenset("encore toujours".split())
_WRITER = frozenset("je j m me moi nous mon ma mes notre nos".split())
_AGAIN = frozenset(
    "merci explique expliquez expliques redis redites repete repetez refais montre dis dites "
    "raconte".split()
)
SHEET_YEAR = int(SOURCE_YEAR)  # a later year in an answer says what came after the sheet


# "… a fini par être adoptée ?", "elle est déjà prête ?", "qu'est devenu le MOC ?": what
# became of it, after the sheet.
_EVENTUALLY = re.compile(
    r"\b(?:qu est devenue?s?|que sont devenue?s|qu est ce que (?:\w+ ){1,4}?(?:est|sont) "
    r"devenue?s?|"
    r"devenue?s? quoi|(?:fini|finit|finissent|finira) par|"
    r"(?<!\bj ai )(?<!\bjai )(?<!\bje suis )(?<!\bon a )(?<!\bnous avons )"  # one's own story
    r"deja (?:ete )?(?:pret|prete|prets|pretes|adopte\w*|valide\w*|termine\w*|finie?s?))\b"
)


# "la MINUSMA elle est encore là ?", "… toujours là en 2026 ?": still there, today.
# The subject may be said again after it ("elle est encore là la MINUSMA ?", its "là la"
# read as a stutter), and the question may offer the other way ("… ou bien elle est partie ?").
_STILL_THERE = re.compile(
    r"\b(?:est|sont|es|etes) (?:encore|toujours) (?:la|la bas|labas|dans le pays|au pays)"
    r"(?: en \d{4})?(?: (?:la|le|les|l) \w{3,})?"
    r"(?: ou (?:bien|pas|non|c est|elle|il|ils)\b.*)?$"
)
# "elle est encore là la MINUSMA": words() reads "là la" as a stutter, so this is matched on
# the folded text itself.
_STILL_THERE_NAMED = re.compile(r"\b(?:est|sont) (?:encore|toujours) la (?:la|le|les|l) \w{3,}$")


def asks_now(question: str) -> bool:
    """Whether a question asks how something is today rather than what the sheet says."""
    tokens = words(question[:MAX_CHARS])
    if _EVENTUALLY.search(" ".join(tokens)):
        return True
    state = [i for i, t in enumerate(tokens) if t in _NOW_STATE]
    time = [
        i
        for i, t in enumerate(tokens)
        if t in _NOW_TIME and not (t == "moment" and i and tokens[i - 1] == "quel")
    ]  # "à quel moment" asks when
    if any(abs(i - j) <= _NOW_NEAR for i in state for j in time):
        return True
    sentences = [s for s in _SENTENCE.split(question[:MAX_CHARS]) if s.strip()]
    for rank, sentence in enumerate(sentences, 1):
        said = words(sentence)
        # "… elle est encore là la MINUSMA ? Je croyais qu'elle était partie.": at its end
        folded = " ".join(re.findall(r"\w+", fold(sentence)))
        if _STILL_THERE.search(" ".join(said)) or _STILL_THERE_NAMED.search(folded):
            return True
        # "… patrouille encore aujourd'hui ?", "toujours appliquée maintenant ?": two words
        # of time say today whatever the verb, in a sentence not about the writer ("je suis
        # encore au lycée aujourd'hui", "Aujourd'hui encore on en parle. C'est quoi ?")
        asking = rank == len(sentences) or asks(sentence)
        if asking and _WRITER.isdisjoint(said) and _still_today(said):
            return True
    # "ya combien de membres de la PEJ à Mopti actuellement ?": a figure of today; not
    # "maintenant, combien de…" (the next question) nor a story's "aujourd'hui"
    after = tokens[tokens.index("combien") + 1 :] if "combien" in tokens else []
    return any(t in _NOW_TODAY for t in after)


def _still_today(said: list[str]) -> bool:
    """Whether "encore" or "toujours" stands near "aujourd'hui", "maintenant" or
    "actuellement" ("merci encore", "explique encore": again, not still)."""
    today = [i for i, t in enumerate(said) if t in _NOW_TODAY]
    still = [i for i, t in enumerate(said) if t in _STILL and not (i and said[i - 1] in _AGAIN)]
    return any(0 < abs(i - j) <= _NOW_NEAR for i in today for j in still)


def without_now(question: str) -> str:
    """The question without its words of time and state: what it asks about."""
    return " ".join(
        t for t in words(question[:MAX_CHARS]) if t not in _NOW_STATE and t not in _NOW_TIME
    )


_DOING = frozenset("fais fait faire faut".split())  # "comment je fais pour…"


def without_detail(question: str) -> str | None:
    """The question without the words that ask for a detail ("comment je fais pour
    m'inscrire à la PEJ" -> "je pour a la pej"): what it asks about; None when
    it asks for no detail."""
    q = _folded(question[:MAX_CHARS])
    patterns = [_SINCE_SHEET, _COMING, _YEAR, _TOWN_ASKED, *(p for _, p in _DETAILS)]
    if not any(p.search(q) for p in patterns):
        return None
    for pattern in patterns:
        q = pattern.sub(" ", q)
    return " ".join(t for t in q.split() if t not in ASKING and t not in _DOING)


# What goes back to a thing already named: "ils ont commencé quand ?", "il y en avait combien".
_GOES_BACK = re.compile(
    r"^(?:et )?(?:il|elle|ils|elles)\b|\by en (?:a|avait|aura)\b|\ben (?:a|avait|ont)\b"
)


def asks_only_detail(text: str, strictly: bool = False) -> bool:
    """Whether a text asks for a detail and names nothing else ("…et en quelle année ?",
    "il y en avait combien d'exemplaires"): it goes on with what the rest of the message
    asks about. Unless `strictly`, it may also name something through a pronoun ("et elle
    a quitté le Mali quand ?")."""
    rest = without_detail(text)
    if rest is None:
        return False
    if _names_nothing(rest):
        return True
    return not strictly and _GOES_BACK.search(" ".join(words(text[:MAX_CHARS]))) is not None


def tells_later(answer: str) -> bool:
    """Whether an answer gives facts from after the sheet (a later year)."""
    return any(int(year) > SHEET_YEAR for year in _YEAR.findall(answer))


_MONTHS = (
    r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)"
)
_MONTH = re.compile(rf"\b(?:{_MONTHS}|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")
# A month put forward as the date ("en mars 2017", "fin juin"), not a story's "jeudi".
_MONTH_NAMED = re.compile(
    rf"\b(?:en|au mois de|debut|fin|mi) {_MONTHS}\b|\b{_MONTHS} (?:19|20)\d\d\b"
)
_DAY_ASKED = re.compile(
    r"\b(?:quel jour|quel mois|date exacte|jusqu a quelle date|quelles dates)\b"
)
# When something ended or ends ("le mandat se terminait à quelle date ?", "jusqu'à quand ?"),
# which an answer gives only if it tells an end ("a mis fin", "achevé le 31 décembre").
_END = (
    r"(?:(?:se )?termin\w*|(?:pris|prend|prendra|prenait) fin|finit|finissait|expir\w*|s arret\w*)"
)
_DATE_ASK = r"(?:quand|quelle date|quel date|quelle annee|en quelle annee|a quel moment)"
_END_ASKED = re.compile(
    rf"\b(?:date de fin|jusqu a quand)\b|\b{_DATE_ASK}\b(?:\s+\w+){{0,8}}?\s+{_END}\b|"
    rf"\b{_END}(?:\s+\w+){{0,3}}?\s+(?:a |en )?{_DATE_ASK}\b"
)
_END_TOLD = re.compile(r"\b(?:fin|jusqu|termin\w*|achev\w*|expir\w*|clos\w*|retrait)\b")
# "Selon la fiche de 2017": the year of the source, not a date the answer gives.
_SOURCE_YEAR = re.compile(r"\bfiche\b(?:\s+\S+){0,6}?\s+(?:19|20)\d\d\b")
_PROCEDURE_WORDS = re.compile(
    r"\b(?:inscri\w*|rejoindre|adher\w*|postul\w*|candidat\w*|contact\w*|deposer|"
    r"formulaire|dossier|adresser|adressez|guichet|telephone|appelez)\b"
)
_IMPACT_WORDS = re.compile(r"\b(?:impact|effets?|diminu\w*|baiss\w*|reduit|reduction|efficac\w*)\b")
_CONTENT_WORDS = re.compile(r"\b(?:prevoit|prevoient|article\w*|dispose|mesures|contient)\b")
_CONTACT_WORDS = re.compile(
    r"\b(?:contact\w*|telephone|tel|appel\w*|mail|courriel|site|www|whatsapp|facebook)\b"
)
_DOCUMENT_WORDS = re.compile(r"\b(?:https?|www|pdf|lien|telecharg\w*)\b")
_NAME_WORDS = re.compile(
    r"\b(?:dirige\w*|chef|directeur|directrice|president\w*|ministre|signe\w*)\b"
)
# The words that show an answer gives the detail of each of these kinds.
_GIVEN_BY = {
    "procedure": _PROCEDURE_WORDS,
    "name": _NAME_WORDS,
    "contact": _CONTACT_WORDS,
    "document": _DOCUMENT_WORDS,
    "impact": _IMPACT_WORDS,
    "content": _CONTENT_WORDS,
}


@lru_cache(maxsize=1024)  # the answers come back again and again
def _folded(text: str) -> str:
    return " ".join(words(text))


def _is_number(token: str) -> bool:
    """A count: digits or a number word, not a year ("en 2017, … les terroristes")."""
    return (token.isdigit() and not _YEAR.fullmatch(token)) or token in _NUMBER_WORDS


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


# Names listed after what is counted: "les ONG Think Peace, RENADJEF et CONASCIPAL", "camps
# (…) de Gao, de Kidal et de Tombouctou", "consultations régionales à Tombouctou et Gao".
_NAME = r"(?:(?:de |d['’]|à |a |en )?[A-ZÉ][\w'’-]*(?: [A-ZÉ][\w'’-]*)*)"
_LISTED_AFTER = re.compile(rf"([^\n.;:•]{{0,50}}?)\s{_NAME}(?:, {_NAME})* et {_NAME}")
# Between the thing and the names, a verb says they are something else: "une campagne des
# jeunes… a été menée à Bamako, Mopti…" names towns, not young people.
_VERB_BETWEEN = re.compile(r"\b(?:a|ont|est|sont|été|ete|était|etait|avait|avaient)\b")
_ANSWER_WORD = re.compile(r"[\w'’-]+")


def _listed_in(answer: str, thing: str) -> bool:
    """Whether the answer names, one by one, the things counted: they can be counted."""
    for word in _ANSWER_WORD.finditer(answer):
        if fold(word.group(0))[:5] != thing[:5]:
            continue
        listed = _LISTED_AFTER.match(answer, word.end())
        if listed and not _VERB_BETWEEN.search(listed.group(1)):
            return True
    return False


# The words the detail rules look for, that a typo may hide ("c t kel dte", "ki diiige la
# section"): a word of a question that is neither the knowledge base's nor common French is
# read as one of these when it is close to it.
DETAIL_CUES = tuple(
    """
    date jour mois annee combien quel quelle quels quelles quand chef dirige dirigeait
    dirigent signe signee nom noms adresse telephone numero email salaire paye payes
    montant inscrire inscription longueur superficie distance somme nombre termine terminait
    """.split()
)


# "à Kayes", "a menaka il y a eu quoi", "dans Ségou": where the question places what it asks.
_AT = frozenset({"a", "dans"})
# "j'habite à Kati", "je suis à Kati", "je travaille à Kati": where the person is, not asked;
# "j'ai vu votre affiche à Kati", "à Kati, l'affiche dit…": where they saw the campaign.
_WHERE_ONE_IS = frozenset(
    "habite habites habitons vis vivons suis sommes reside residons chui jsuis jhabite ne nee "
    "grandi travaille travaillons etudie affiche affiches panneau vu lu".split()
)
_SEEN_THERE = frozenset("affiche affiches panneau".split())  # "à Kati, l'affiche dit…"
MIN_PLACE_CHARS = 3  # shorter unknown words are letters, SMS forms or Bambara particles
MAX_PLACE_QUESTION_WORDS = 15  # a longer message tells a story around what it asks


def named_place(question: str, known: Callable[[str], bool]) -> str | None:
    """The place a short question asks about that the sheet never cites ("à Kayes", "a
    menaka il y a eu quoi"): after "à" or "dans", the question's only word that `known`
    does not know (neither the knowledge base's nor common French). Left alone: a message
    with other such words (Bambara, a name, a typo), a longer one (a story around the
    question), and where the person lives or works ("j'habite à Kati, c'est quoi l'EMP ?")."""
    tokens = words(question[:MAX_CHARS])
    if len(tokens) > MAX_PLACE_QUESTION_WORDS:
        return None
    unknown = [t for t in dict.fromkeys(tokens) if t.isalpha() and len(t) >= 2 and not known(t)]
    if len(unknown) != 1 or len(unknown[0]) < MIN_PLACE_CHARS:
        return None
    for i in range(1, len(tokens)):
        where_one_is = i >= 2 and tokens[i - 2] in _WHERE_ONE_IS
        where_seen = bool(_SEEN_THERE.intersection(tokens[i + 1 : i + 4]))
        if tokens[i] == unknown[0] and tokens[i - 1] in _AT and not (where_one_is or where_seen):
            return tokens[i]
    return None


# A figure heard or read, to check: "il paraît qu'il y avait 3000 combattants au camp MOC de
# Gao, c'est vrai ?". The sheet gives it when the answer has that number, or counts that thing
# ("4 axes, c'est vrai ?": the answer's three axes say it).
_CHECKED = re.compile(
    r"\b(?:c (?:est |etait )?(?:vrai|vre|officiel|exact|juste)|tu (?:confirmes?|peux confirmer)|"
    r"vous confirmez|il parait|on dit|on m a dit)\b"
)
_CLAIMED = re.compile(r"\b(\w+) (?:de |d )?(\w{3,})")


def _claimed_figure(q: str, a_tokens: set[str], a_list: list[str]) -> bool:
    """Whether a question checks a figure the answer neither gives nor counts."""
    if not _CHECKED.search(q):
        return False
    return any(
        _is_number(number)
        and number not in ("0", "1")  # "1 cérémonie": "une", as SMS writes it
        and number not in a_tokens
        and thing not in STOPWORDS
        and not _counted_in(a_list, thing)
        for number, thing in _CLAIMED.findall(q)
    )


# A person's name asked by their role: "comment s'appelle le maire ?", "le nom du directeur",
# "c'est qui le médecin-chef ?" (not "le nom du défunt", "comment s'appelle le service").
_ROLES = (
    r"(?:maire|adjoint\w*|chef\w*|president\w*|directeur\w*|directrice\w*|ministre\w*|"
    r"responsable\w*|medecin\w*|docteur|doyen|recteur|gouverneur|prefet|commissaire\w*|"
    r"patron\w*|dg|pdg|proviseur|coordinat\w*|secretaire general\w*|delegue\w*)"
)
_PERSON_NAMED = re.compile(
    rf"\b(?:comment s appel\w*|c est qui|c qui|qui est|qui etait|(?:le|les|son|leur) noms? "
    rf"d(?:u|e la|e l|es)?)\s+(?:(?:le|la|l|les|notre|votre)\s+)?(?:\w+\s+)?{_ROLES}\b"
)


def asks_a_persons_name(question: str) -> bool:
    """Whether a question asks the name of a person by their role ("comment s'appelle le
    maire ?"): what a base without `kind` is checked for."""
    return _PERSON_NAMED.search(_folded(question[:MAX_CHARS])) is not None


def missing_detail(question: str, answer: str) -> Detail | None:
    """The detail the question asks for that the answer does not contain, if any."""
    q = _folded(question[:MAX_CHARS])
    a = _SOURCE_YEAR.sub(" ", _folded(answer))
    a_list = a.split()
    a_tokens = set(a_list)
    years = _YEAR.findall(q)
    # "retirée fin 2023 ou en 2024 ?": one of the years offered is the answer's
    chosen = _YEARS_OFFERED.search(q) is not None and any(y in a_tokens for y in years)
    for year in years if not chosen else ():
        if int(year) >= date.today().year and tells_later(answer):
            continue  # "on est en 2026, la mission est finie ?": today, which the answer tells
        if year not in a_tokens and int(year) != SHEET_YEAR:  # the sheet tells its own year
            return Detail("year", year)
    if (_SINCE_SHEET.search(q) or _COMING.search(q)) and not tells_later(answer):
        # "et après 2017 ?", "elle va revenir cette année ?"
        return Detail("now")
    if _SINCE_END.search(q):  # "depuis le départ de la MINUSMA, quels pays aident…"
        return Detail("now")
    if _SINCE_THEN.search(q) and not tells_later(answer):
        return Detail("now")
    if _claimed_figure(q, a_tokens, a_list):
        return Detail("number")
    latest = max([SHEET_YEAR, *(int(y) for y in _YEAR.findall(a))])
    # "après 2023, qui a remplacé…" (but "depuis 2023, elle est partie ?" is what it tells)
    if any(int(y) > latest - (w in ("apres", "after")) for w, y in _AFTER_YEAR.findall(q)):
        return Detail("now")
    if _CAME_TO_BE.search(q) and not re.search(r"\b(?:vote|adopte|promulgue)", a):
        return Detail("now")
    for number in _RESOLUTION.findall(q):
        if number not in a_tokens:
            return Detail("resolution", number)
    # "la résolution d'avant la 2364", unless the answer names more than the one it is about
    if _OTHER_RESOLUTION.search(q) and len(set(_RESOLUTION.findall(a))) <= 1:
        return Detail("other_resolution")
    if asks_now(question) and not tells_later(answer):
        return Detail("now")
    if _PLACE.search(q) and not _PLACE_WORDS.search(a):  # "les locaux du Conseil, où ?"
        return Detail("place")
    if _MONTH_NAMED.search(q) and not _MONTH.search(a):  # "c'était en mars 2017 ?"
        return Detail("date")
    if _END_ASKED.search(q) and not _END_TOLD.search(a):  # "le mandat se terminait quand ?"
        return Detail("date")
    for kind, pattern in _DETAILS:
        if not pattern.search(q):
            continue
        if kind == "money" and not _CURRENCY.search(a):
            return Detail("money")
        if kind == "age" and not re.search(r"\b(?:ans|age)\b", a):
            return Detail("age")
        # "votée quel jour et quel mois ?": a year does not say
        if (
            kind == "date"
            and not _MONTH.search(a)
            and (_DAY_ASKED.search(q) or not _YEAR.search(a))
        ):
            return Detail("date")
        if kind == "number":
            counted = _COUNTED.search(q)
            if counted is not None and counted.group(1) in ASKING:
                continue  # "175, c'est le nombre de quoi ?" asks what a figure counts
            # "dans combien de villes ?": the towns the answer names can be counted
            towns = counted is not None and counted.group(1) in _TOWNS
            if towns and _TOWN_NAMED.search(answer):
                return None
            if (
                counted
                and not _counted_in(a_list, counted.group(1))
                and not _listed_in(answer, counted.group(1))
            ):
                return Detail("number")
            if not counted and not any(_is_number(t) for t in a_tokens):
                return Detail("number")
        given = _GIVEN_BY.get(kind)
        if given is not None and not given.search(a):
            return Detail(kind)
    if _CAPITAL.search(q) and not _CAPITAL.search(a):
        return Detail("town")
    if _TOWN_ASKED.search(q) and not _TOWN_NAMED.search(answer):
        return Detail("town")  # after the other details: "combien… et dans quelles villes ?"
    return None
