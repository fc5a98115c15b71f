"""Messages that ask about no topic: "d'accord", "c'est faux", "plus de détails", "pourquoi ?".

The bot reads each message alone. Such a message gives the matcher nothing to place, and
matching it anyway gave wrong answers ("d'accord" got the peace agreement, "donne moi plus
de détails" the goodbye). The engine answers them with a fixed reply and the menu; staff
reviews count them apart from the questions to add to the knowledge base.

Only short messages qualify, and every test works on folded words (normalize.words): no
pattern here can take more than linear time on hostile input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rss_bot.message import ASKING, VAGUE, clauses
from rss_bot.normalize import BAMBARA_GREETING, FILLER, INTERJECTIONS, STOPWORDS, THANKED, words

MAX_SAYING_CHARS = 80  # longer messages always go to the matcher

# Saying OK, folded ("d'accord" is already "ok"): one to three words each.
_AGREEMENT_PHRASES = frozenset(
    tuple(p.split())
    for p in """
    ok|oke|okk|ah|oh|ha|bon|bien|tres bien|oui|we|awo|ayiwa|n ba|nse|toh|a ka nyi|
    compris|j ai compris|
    c est compris|c compris|bien compris|entendu|c est entendu|c entendu|note|c est note|
    c note|bien note|recu|bien recu|vu|je vois|parfait|super|top|cool|genial|nickel|impeccable|
    excellent|clair|c est clair|c clair|ca marche|ca roule|ca me va|je suis ok|c est bon|c bon|
    c est bien|c bien|pas de souci|pas de soucis|pas de probleme|tant mieux|d acc|je comprends|
    je comprend|tu as raison|t as raison|vous avez raison
    """.replace("\n", " ").split("|")
)
_AGREEMENT_WORDS = frozenset(w for p in _AGREEMENT_PHRASES for w in p) - STOPWORDS
# Laughs and wows, one word: "lol", "mdrrr", "hahaha", "waw" (never "hi", a greeting).
_LAUGH = re.compile(r"lol+|mdr+|ptdr+|(?:ha){2,}h?|(?:hi){2,}h?|wa+w|wo+w|ouah?|ouf")
# Ways to address someone around an OK: "ok grand frère", "compris boss".
_ADDRESS = frozenset(
    "mon ma grand frere soeur boss chef gars bro vieux tonton koro dogo ami".split()
)
# Emoji that say OK or thanks, or laugh (skin tones and joiners aside).
_AGREEING_EMOJI = frozenset("👍👌🙏✅👏🙂😊☺💯🤝✔😂🤣😅😄😁😀")
_EMOJI_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f\u200d\\s]")


def _said(text: str) -> tuple[str, ...] | None:
    """The folded words of a short message; None when it is too long to be a saying."""
    if len(text) > MAX_SAYING_CHARS:
        return None
    said = tuple(words(text))
    return said if len(" ".join(said)) <= MAX_SAYING_CHARS else None  # "㏊" folds to "ha"


def _agreement_cover(said: tuple[str, ...]) -> bool:
    """Whether the words are OK phrases, laughs and ways of addressing someone, with at
    least one OK or laugh (left to right, linear in the number of words)."""
    # reach[i]: None (not reachable), False (reached by addresses only), True (with an OK)
    reach: list[bool | None] = [None] * (len(said) + 1)
    reach[0] = False
    for i in range(len(said)):
        before = reach[i]
        if before is None:
            continue
        if said[i] in _ADDRESS:
            reach[i + 1] = bool(reach[i + 1]) or before
        if _LAUGH.fullmatch(said[i]):
            reach[i + 1] = True
        for n in (1, 2, 3):
            if i + n <= len(said) and said[i : i + n] in _AGREEMENT_PHRASES:
                reach[i + n] = True
    return reach[-1] is True


def agrees(text: str) -> bool:
    """Whether a message only says OK: "d'accord", "ok compris grand frère", "lol", "👍"."""
    return _agrees(text, _said(text))


def _agrees(text: str, said: tuple[str, ...] | None) -> bool:
    if said is None or "?" in text:
        return False
    if not said:
        signs = _EMOJI_MODIFIERS.sub("", text)
        return bool(signs) and all(ch in _AGREEING_EMOJI for ch in signs)
    return _agreement_cover(said)


# Warm words around a thanks in street French: "merci grave", "merci t'es fort".
_WARM = frozenset(
    "grave trop vraiment infiniment enormement bcp mille fois fort forte top genial gentil "
    "gentille meilleur meilleure champion dieu allah benisse benir protege recompense "
    "barka baraka kosebe kosobe".split()
)


# Thanks without "merci": "je te remercie", "tu m'as trop aidé", "vous nous avez aidés".
_THANKING = re.compile(r"\bremerci\w*")
_HELPED = re.compile(
    r"\b(?:tu m as|t m as|vous m avez|ca m a|cela m a|tu nous as|vous nous avez) "
    r"(?:(?:trop|bien|beaucoup|bcp|vraiment|grave|tellement|enormement) )?aide[es]{0,2}\b"
)
# Thanks in other languages of Mali, which never greet: Fulfulde "a jaraama", Tamasheq
# "tanemmert"
_OTHER_THANKS = r"\b(?:a|on) jaraama\b|\btanem+ert\b"
_ONLY_THANKS = re.compile(_OTHER_THANKS)
# Bambara thanks and blessings around it: "i ni ce", "aw ni ce", "a ka nyi", "barika"
_BAMBARA_THANKS = re.compile(rf"\b(?:i|aw) ni ce\b|\ba ka nyi\b|\bbarika\b|{_OTHER_THANKS}")
# Thanks that complain or deny: "merci mais je n'ai pas compris", "tu m'as pas aidé".
_NOT_THANKS = re.compile(r"\b(?:mais|jamais|rien|pas(?! de (?:souci|soucis|probleme)\b))\b")


def thanks_with_ok(text: str) -> bool:
    """Whether a message only thanks, with OK or warm words around it: "compris merci",
    "ok merci", "merci grave frère", "je te remercie", "walaï tu m'as trop aidé, i ni ce"
    (thanks, which "compris" or "grave" would hide from the matcher)."""
    said = _said(text)
    if not said:
        return False
    joined = " ".join(said)
    if _NOT_THANKS.search(joined):
        return False
    if "merci" not in said and not _THANKING.search(joined) and not _ONLY_THANKS.search(joined):
        if "?" in text or not _HELPED.search(joined):  # "ça m'a aidé ?" asks
            return False
        joined = _HELPED.sub(" ", joined)
    joined = _THANKING.sub(" ", _BAMBARA_THANKS.sub(" ", joined))
    rest = [
        t for t in joined.split() if t not in THANKED and t not in FILLER and t not in STOPWORDS
    ]
    return all(
        t in _AGREEMENT_WORDS or t in _ADDRESS or t in _WARM or _LAUGH.fullmatch(t) for t in rest
    )


# Closing the conversation in other words than goodbye: "je n'ai plus de questions",
# "c'est tout pour moi", "rien d'autre", "ça ira merci" (folded, politeness set aside).
_CLOSING = re.compile(
    r"(?:non )?(?:(?:je n ai|j ai|je n|on n a|il n y a|y a) )?(?:plus|pas) (?:de|d) (?:autres? )?"
    r"questions?|(?:non )?c est tout(?: pour (?:moi|aujourd hui|l instant))?|(?:non )?rien d autre|"
    r"(?:non )?ca ira|(?:non )?ca va aller|(?:non )?c est bon pour moi|non c est bon"
)
_CLOSING_POLITENESS = frozenset("merci svp beaucoup bien ok bon".split())


def closes(text: str) -> bool:
    """Whether a message ends the conversation without a goodbye word: "c'est tout pour
    moi", "je n'ai plus de questions", "non merci" (a goodbye, which the matcher would not
    see; "c'est tout ?" asks for more)."""
    said = _said(text)
    if not said or "?" in text:
        return False
    kept = [t for t in said if t not in _CLOSING_POLITENESS and t not in _ADDRESS]
    return bool(kept) and _CLOSING.fullmatch(" ".join(kept)) is not None


# Fear that what one writes reaches the authorities: "si je te dis que mon frère était dans un
# groupe armé, tu vas le dire à la police ?". In a conflict setting this is asked in many
# words; it is a question about what the bot keeps, whatever the topic it names.
_AUTHORITIES = re.compile(
    r"\b(?:police|policiers?|gendarmes?|gendarmerie|armee|militaires?|soldats?|gouvernement|"
    r"etat|autorites|renseignements?|services secrets|justice|juge|russes|wagner)\b"
)
# Or anyone reading: "quelqu'un lit ce que j'écris ?", "qui peut voir mes messages ?".
_SOMEONE_READS = re.compile(
    r"\b(?:quelqu un(?: d autre)?|qui|une personne|un humain|des gens) (?:peut |peuvent |va |"
    r"vont )?(?:lit|lisent|lire|voit|voient|voir|ecoute|ecoutent|surveille|garde|"
    r"a acces a (?:mes|nos|ce))\b"
)
_REVEALING = re.compile(
    r"\b(?:voi[rst]|voient|lire|lisent|li[st]|savoir|savent|sait|dire|dis|dit|donne\w*|"
    r"transmet\w*|denonce\w*|signale\w*|partage\w*|envoie\w*|ecoute\w*|surveill\w*|"
    r"espionn\w*|acces)\b"
)
_MY_WORDS = re.compile(
    r"\bmes (?:messages|questions|donnees|conversations?|discussions?)\b|"
    r"\bce que (?:j|je) (?:t (?:ai|ecri|envoi|di)|ecri|di|envoi|te|raconte)\w*|"
    r"\b(?:cette|notre|la) (?:conversation|discussion)\b|"
    r"\bnos (?:messages|echanges)\b|"
    r"\b(?:lire|lit|lisent|voir|voit|voient|ecouter?|surveiller?) nos "
    r"(?:discussions|conversations)\b|"
    r"\b(?:je )?te (?:dis|parle|raconte|ecris)\b|\bme (?:denonce|signale|retrouve)\w*|"
    r"\bsi (?:j|je) (?:ecri|parle|envoi)\w* ici\b"
)
# Or fears being found out for writing here: "c'est sécurisé au moins ?", "on va me ficher ?".
_FEARING = re.compile(
    r"\b(?:(?:on|ils|vous) (?:va|vont|allez) me (?:ficher|chercher|retrouver|arreter|denoncer)|"
    r"vienne(?:nt)? me chercher|(?:c est|c|cest) (?:securise|anonyme)|"
    r"bots? (?:la )?(?:c est |c )?pour reperer)\b"
)
# Suspects the bot of working for the army or the intelligence services: "vous travaillez
# pour l'armée ?", "tu es un espion ?", "c'est un piège ?".
_SUSPECTING = re.compile(
    r"\b(?:(?:vous travaillez|vous bossez|tu travailles|tu bosses|vous etes|tu es|t es) "
    r"(?:pour|avec) (?:l |les |la |le )?(?:armee|militaires|fama|gouvernement|etat|services|"
    r"police|renseignements?)|(?:vous etes|tu es|t es) (?:un |une |des )?espion\w*|"
    r"(?:vous etes|tu es|t es) (?:avec )?(?:les )?services? (?:de renseignement|secrets?)|"
    r"(?:c est|c) un piege|"
    # "ce bot c'est officiel de l'ONU ou c'est un particulier ?": who runs it
    r"(?:ce|le|ton|votre) (?:bot|robot|assistant|service|truc|compte|numero)\b(?: \w+){0,3}? "
    r"(?:est |c est |c )?officiel|(?:vous etes|tu es|t es) officiel)\b"
)
MAX_FEAR_CHARS = 240


def suspects_the_bot(text: str) -> bool:
    """Whether a message suspects the bot of working for the army or the intelligence
    services ("vous travaillez pour l'armée ?", "tu es un espion ?", "c'est un piège ?")."""
    return len(text) <= MAX_FEAR_CHARS and _SUSPECTING.search(" ".join(words(text))) is not None


def fears_exposure(text: str) -> bool:
    """Whether a message asks if what the person writes reaches the authorities, or anyone
    ("quelqu'un lit ce que j'écris ?"), or fears being found out ("on va me ficher ?")."""
    if len(text) > MAX_FEAR_CHARS:
        return False
    said = " ".join(words(text))
    if _FEARING.search(said):
        return True
    readers = _AUTHORITIES.search(said) or _SOMEONE_READS.search(said)
    return bool(readers and _REVEALING.search(said) and _MY_WORDS.search(said))


# Asking what one may ask: "qu'est-ce que je peux te demander ?", "on peut poser quelles
# questions ?". The matcher sets these words aside as politeness, so it would see nothing.
_MAY = frozenset("peux peut pourrais pourrait pourrai dois doit".split())
_TO_ASK = frozenset("demander poser repondre".split())  # one of these must be said
_ANSWERING = frozenset("reponds repondez".split())  # "tu réponds à quoi ?": no "peux" needed
_WHAT_TO_ASK = (
    _TO_ASK
    | _ANSWERING
    | frozenset(
        "question questions quoi koi quel quelle quels quelles auxquelles lesquelles sujet "
        "sujets comme genre juste exactement vraiment".split()
    )
)


_HELP_ASKED = re.compile(r"\b(?:m |nous )?aider\b|\baidez moi\b|\baide moi\b")
# asked in the imperative or as a request, with or without "?": "aide moi", "aider moi",
# "tu peux m'aider pour…"
_HELP_BIDDEN = re.compile(r"\baide[rz]? moi\b|\b(?:tu peux|vous pouvez|tu pourrais) m aider\b")
MAX_HELP_CHARS = 200  # a longer message asks about something, not for help


def asks_for_help_with_work(text: str) -> bool:
    """Whether a question asks the bot for help ("tu peux m'aider pour mon exposé ?"), and
    thanks no one."""
    if len(text) > MAX_HELP_CHARS:
        return False
    said = " ".join(words(text))
    asked = "?" in text or _HELP_BIDDEN.search(said) is not None  # "aide moi pour…, stp"
    return asked and _HELP_ASKED.search(said) is not None and _THANKS_SAID.search(said) is None


def asks_what_to_ask(text: str) -> bool:
    """Whether a short message only asks what one may ask the bot ("je peux te demander
    quoi ?"), which its help answers."""
    said = _said(text)
    if not said:
        return False
    verbs = set(said)
    if not (verbs & _MAY and verbs & _TO_ASK) and not verbs & _ANSWERING:
        return False
    rest = [t for t in said if t not in STOPWORDS and t not in FILLER and t not in _MAY]
    return all(t in _WHAT_TO_ASK for t in rest)


def _only_says(
    said: tuple[str, ...] | None, pattern: re.Pattern[str], vocabulary: frozenset[str]
) -> bool:
    """Whether a short message (its folded words) says what `pattern` finds and names
    nothing else: each word is in `vocabulary`, a question or vague word, a stopword or
    politeness (thanks aside)."""
    if not said or "merci" in said or pattern.search(" ".join(said)) is None:
        return False
    return all(
        t in vocabulary or t in ASKING or t in VAGUE or t in STOPWORDS or t in FILLER for t in said
    )


# A complaint about the last answer: "ta réponse est fausse", "ce n'est pas ce que j'ai
# demandé". The bot cannot tell which answer: it apologises and asks again.
_COMPLAINT = re.compile(
    r"\breponses? (?:est |sont |etait )?(?:nulles?|fausses?|mauvaises?|incorrectes?|bidon|"
    r"pas bonnes?|a cote)|\bmauvaises? reponses?|\bc (?:est )?faux\b|"
    r"\b(?:c|c est|ce n est|c etait|ce n etait) pas (?:ca|juste|vrai|vre|la question|"
    r"ce que (?:j ai |je )?demande\w*)|\bn importe quoi|\brepond pas\b|"
    r"\b(?:reponds|repondez|repondu) (?:a cote|n importe quoi|faux|mal)\b|"
    r"\bpas (?:ma|la) (?:bonne )?(?:question|reponse)|\b(?:t es|vous etes|te|vous) trompe[sz]?\b|"
    r"\berreur\b"
)
_COMPLAINT_WORDS = frozenset(
    """
    reponse reponses repondu reponds repondez repond nulle nulles fausse fausses faux mauvaise
    mauvaises incorrecte incorrectes bidon bonne bonnes cote importe demande demandais juste
    trompe trompes trompez erreur mal vrai vre
    """.split()
)


def complains(text: str) -> bool:
    """Whether a message only complains about an answer: "ta réponse est fausse"."""
    return _complains(text, _said(text))


def _complains(text: str, said: tuple[str, ...] | None) -> bool:
    return _only_says(said, _COMPLAINT, _COMPLAINT_WORDS)


# Asking for more without saying about what: "plus de détails", "et ensuite ?", "développe".
# Not "je n'ai plus de questions" (a goodbye), nor "ça va mieux", nor "plus d'infos sur toi".
_MORE = re.compile(
    r"\b(?:plus|davantage) (?:de|d|des) (?!questions?\b)|\ben (?:dire|savoir) (?:plus|davantage)\b|"
    r"\bm en plus\b|\b(?:explique[rsz]?|dis|dites|raconte[sz]?) (?:moi )?(?:plus|davantage)\b|"
    r"\b(?:explique[rsz]?|dis|dites|repond\w*|precise[sz]?) (?:moi |nous )?mieux\b|"
    r"\bdevelopp\w*|\bprecis(?:e|es|er|ez|ion|ions)\b|\bapprofondi\w*|"
    r"\b(?:apres|ensuite)\b|\bla suite\b|\bdetails?\b"
)
_ABOUT_YOU = re.compile(r"\b(?:sur|de|d) (?:toi|vous)\b")
_ALL_OF_IT = re.compile(r"\bc (?:est )?tout$")  # "c'est tout ?" asks; "c'est tout" ends
_MORE_WORDS = frozenset(
    """
    plus davantage mieux detail details developpe developpes developpez developper precise
    precises precisez preciser precision precisions approfondir approfondis approfondissez
    suite ensuite apres info infos information informations raconte racontes racontez
    """.split()
)


def asks_more(text: str) -> bool:
    """Whether a message asks for more without naming a topic: "donne-moi plus de détails"."""
    return _asks_more(text, _said(text))


def _asks_more(text: str, said: tuple[str, ...] | None) -> bool:
    if not said or _ABOUT_YOU.search(" ".join(said)):
        return False
    if "?" in text and _ALL_OF_IT.search(" ".join(said)):
        return _only_says(said, _ALL_OF_IT, _MORE_WORDS)
    return _only_says(said, _MORE, _MORE_WORDS)


# "c'est comment ?" alone asks how it is going (Malian French), as "ça va ?" does; with a
# topic it asks how something works ("c'est comment la réinsertion ?").
HOW_IT_GOES = "ça va ?"
_HOW_IS_IT = frozenset({("c", "est", "comment"), ("c", "comment")})
# What may come with it: "bonsoir le bot, c'est comment ?", "aw ni ce frère, c comment ?"
_AROUND_HOW = FILLER | BAMBARA_GREETING | _ADDRESS | frozenset({"le", "bot", "toi", "vous"})


def asks_how_it_goes(text: str) -> bool:
    """Whether a message only asks how it is going: "bonsoir, c'est comment ?"."""
    said = _said(text)
    if not said:
        return False
    return tuple(t for t in said if t not in _AROUND_HOW) in _HOW_IS_IT


# A greeting to everyone and nothing else: "salut la team", "bonjour l'équipe", "bsr à tous
# les membres" ("équipe" is also "équipé": "le CNRSS a été équipé par qui ?").
GREETING = "bonjour"
# (not the Bambara ones: "a ni ce" thanks)
_GREETINGS = frozenset(
    "bonjour bonsoir salut slt bjr bsr salam coucou hello hey cc yo wesh fofo "
    # "salam aleykoum, y a quelqu'un ?"
    "salamalekoum salamaleykoum aleykoum alaykoum alaikoum assalamou".split()
)
# Hesitations and oaths that dictation leaves around a greeting ("euh bonjour bonjour voilà").
_FILLERS = INTERJECTIONS | frozenset("voila bon".split())
_GREETED = _ADDRESS | frozenset(
    "a tous toutes tout toute le la les l monde equipe team famille amis membres gens vous "
    "bot mate ni go".split()  # Songhai "fofo, mate ni go ?": hello, how are you?
)


_BAMBARA_GREETING = re.compile(r"(?:i|aw) ni (?:ce|sogoma|tile|wula|su)\b")  # "a ni ce" thanks
# Greetings that never thank, in Fulfulde: "jam waali", "jam bandu"
_FULFULDE_GREETING = re.compile(r"jam (?:waali|bandu)\b")


# Checking that someone is there, as a first message: "il y a quelqu'un ?", "t'es là ?",
# "anybody here ?"
_PRESENCE = re.compile(
    r"\b(?:(?:il )?y a (?:quelqu un|qqn|quelquun|kelk1|une personne)(?: (?:ici|la|en ligne))?|"
    r"(?:quelqu un|qqn) (?:est )?(?:la|ici|en ligne)|(?:tu es|t es|tes|vous etes) (?:la|en ligne)|"
    r"(?:is )?(?:anybody|anyone|somebody|someone) (?:here|there))\b"
)
_PLEASE = frozenset("svp stp please".split())


def only_greets(text: str) -> bool:
    """Whether a message greets, and whoever it greets is all it says: "salut la team",
    "i ni ce bot"; or only checks that someone is there: "il y a quelqu'un ?"."""
    said = tuple(t for t in _said(text) or () if t not in _FILLERS)
    if not said:
        return False
    joined = " ".join(said)
    opening = _BAMBARA_GREETING.match(joined) or _FULFULDE_GREETING.match(joined)
    rest = said[len(opening.group(0).split()) :] if opening else said
    # "i ni ce" alone greets or thanks (the matcher tells); "jam waali" only greets
    alone_greets = opening is not None and opening.re is _FULFULDE_GREETING
    greets = (opening is not None and (bool(rest) or alone_greets)) or said[0] in _GREETINGS
    if greets and all(t in _GREETINGS or t in _GREETED for t in rest):
        return True
    plain = " ".join(t for t in rest if t not in _GREETINGS and t not in _PLEASE)
    checked = _PRESENCE.sub(" ", plain)
    return checked != plain and not checked.split()


def greets_then_tells(text: str) -> bool:
    """Whether a short message opens with a greeting, then tells something: "Bonjour, je
    viens de voir votre affiche", "bjr je m'appelle Awa" (whether it asks, the caller
    reads)."""
    said = _said(text) or ()
    joined = " ".join(said)
    return len(said) >= 2 and (
        said[0] in _GREETINGS
        or _BAMBARA_GREETING.match(joined) is not None
        or _FULFULDE_GREETING.match(joined) is not None
    )


def thanks_then_tells(text: str) -> bool:
    """Whether a short message opens with thanks, then tells something: "Merci beaucoup,
    grâce à toi j'ai eu 16 sur 20 à mon contrôle !" (whether it asks, the caller reads)."""
    said = words(text) if len(text) <= MAX_COURTESY_CHARS else []
    return len(said) >= 2 and (said[0] in _THANKS_WORDS or said[:3] == ["a", "ni", "ce"])


# A long polite message that asks nothing: greetings, news of the family, blessings, thanks,
# a goodbye, who writes ("I ni ce ! I ka kɛnɛ wa ? Somɔgɔw ka kɛnɛ wa ? Allah ka hɛrɛ caya.",
# "Je vous remercie du fond du cœur… Que Dieu vous récompense."). It amounts to its thanks,
# else its goodbye, else its greeting.
THANKS, GOODBYE = "merci", "au revoir"
_THANKS_WORDS = frozenset({"merci", "barika", "remercie", "thanks"})
MAX_COURTESY_CHARS = 400
MAX_OTHER_WORDS = 2  # words a polite clause may say besides courtesy ("ça m'a aidé, papa")
# ("i ni ce" greets as often as it thanks; "a ni ce" thanks)
_THANKS_SAID = re.compile(
    rf"\bmerci\b|\bremerci\w*|\bbarika\b|\ba ni ce\b|\bm (?:a|ont) (?:\w+ )?aide|{_OTHER_THANKS}"
)
_GOODBYE_SAID = re.compile(
    r"\b(?:au revoir|bonne nuit|a demain|a bientot|a plus tard|je vais dormir|je vais me "
    r"coucher|k an ben|here sira)\b"
)
_GREETING_SAID = re.compile(
    r"\b(?:bonjour|bonsoir|salut|salam|slt|bjr|bsr|(?:i|aw) ni (?:ce|sogoma|tile|wula|su)|"
    r"\w+ ka kene wa|tooro si|j espere que (?:tu vas|vous allez|vous etes)|ca va|"
    r"fofo|mate ni go|jam (?:waali|bandu))\b"  # Songhai, Fulfulde
)
_WHO_WRITES = re.compile(r"\bqui (?:t|te|vous) (?:ecri\w*|parle)\b")  # "c'est sa maman qui t'écrit"
_COURTEOUS = (
    _ADDRESS
    | _WARM
    | _AGREEMENT_WORDS
    | BAMBARA_GREETING
    | frozenset(
        "merci remercie remercions barika ba ni ce ka kene wa tooro si t a la allah ala dieu "
        "bon benisse benir recompense recompenser protege garde donne baraji baraka here caya "
        "sante paix amine amin inch inchallah espere vas allez va famille maman papa fils "
        "fille enfants parents coeur fond nom toute tout tous au revoir bonne nuit demain "
        "bientot dormir coucher plus tard aide aidee aides explications reponse reponses "
        "clair compris bien bonjour bonsoir salut salam travail fofo mate go jam waali bandu "
        "jaraama tanemmert tanemert barka".split()
    )
)


def courtesy_only(text: str) -> str | None:
    """The thanks, goodbye or greeting a polite message of several clauses amounts to, when
    every clause is courtesy, news of the family, a blessing or who writes (at most
    MAX_OTHER_WORDS other words each: a name, a town); None otherwise."""
    if len(text) > MAX_COURTESY_CHARS:
        return None
    parts = [p for p in clauses(text) if words(p)]
    if len(parts) < 2:
        return None  # one clause: the other sayings and the matcher
    said = " ".join(words(text))
    for part in parts:
        tokens = _WHO_WRITES.sub(" ", " ".join(words(part))).split()
        if "?" in part and not _GREETING_SAID.search(" ".join(tokens)):
            return None  # asks something ("la minusma est partie ?"), not "i ka kɛnɛ wa ?"
        other = [
            t for t in tokens if t not in _COURTEOUS and t not in STOPWORDS and t not in FILLER
        ]
        if len(other) > MAX_OTHER_WORDS or any(t in ASKING for t in other):
            return None
    if _THANKS_SAID.search(said):
        return THANKS
    if _GOODBYE_SAID.search(said):
        return GOODBYE
    return GREETING if _GREETING_SAID.search(said) else None


# Asking without naming anything ("pourquoi ?", "c'est qui ?", "où ça ?"), or only saying
# one has a question ("j'ai une petite question"): there is nothing to match.
_UNNAMED = re.compile(
    r"(?:(?:et|mais|alors|donc|ok|ah|oui) )*(?:(?:c est|c|c etait|ca|s il) )?"
    r"(?:pourquoi|comment|quand|ou|qui|quoi|combien|hein|lequel|laquelle|lesquels|"
    r"lesquelles|quel|quelle|quels|quelles)(?: (?:c est|ca|cela|donc|alors|exactement|la|ici))*"
    r"|(?:j ai|j avais|on a) (?:une|des|1|deux|2) (?:petites? |autres? )?questions?"
    r"(?: (?:pour|a) (?:toi|vous))?|(?:une|1) (?:petite |autre )?questions?"
    r"|je (?:veux|voudrais|voulais|souhaite|peux) (?:savoir|demander|poser une question)"
)
_UNNAMED_KEEP = frozenset(
    "veux voudrais voulais souhaite peux savoir demander question questions hein".split()
)


def names_no_topic(text: str) -> bool:
    """Whether a message asks without naming a topic: "pourquoi ?", "j'ai une question"."""
    return _names_no_topic(text, _said(text))


def _names_no_topic(text: str, said: tuple[str, ...] | None) -> bool:
    if not said or "merci" in said:
        return False
    kept = [t for t in said if t not in FILLER or t in _UNNAMED_KEEP]
    return bool(kept) and _UNNAMED.fullmatch(" ".join(kept)) is not None


# Asking whether the bot takes voice notes, photos or videos: it reads text only.
_MEDIA = re.compile(
    r"\b(?:vocal|vocaux|vocale|vocales|audio|audios|voix|photos?|images?|videos?|captures?)\b"
)
# Sending it to the bot, or the bot reading or hearing it ("ma photo est mal imprimée sur
# la carte" is a question about a card).
_SENDING = re.compile(
    r"\b(?:envoi\w*|envoy\w*|send|ecout\w*|entend\w*|lis|lire|li[st]|(?:parler|parle) en)\b"
)


def asks_media(text: str) -> bool:
    """Whether a message asks if it can send a voice note, a photo or a video."""
    return _asks_media(text, _said(text))


def _asks_media(text: str, said: tuple[str, ...] | None) -> bool:
    joined = " ".join(said or ())
    return bool(said) and bool(_MEDIA.search(joined)) and bool(_SENDING.search(joined))


# Asking which languages the bot speaks: it answers in French.
_LANGUAGE = re.compile(
    r"\b(?:parle[sz]?|parler|reponds|repondre|repondez|comprends|comprend|ecris|ecrire|speak)\b"
    r".*\b(?:bambara|bamanankan|anglais|english|songhay|sonrai|peul|fulfulde|tamasheq|"
    r"soninke|arabe|dogon|langues?)\b"
)


def asks_language(text: str) -> bool:
    """Whether a message asks which languages the bot speaks: "tu parles bambara ?"."""
    return _asks_language(text, _said(text))


def _asks_language(text: str, said: tuple[str, ...] | None) -> bool:
    return bool(said) and _LANGUAGE.search(" ".join(said or ())) is not None


# Insults, which the knowledge base may not know: "t'es con ou quoi" must get one calm
# sentence and the menu, never a topic ("con" is no topic word, "contrôle" is).
_INSULT = re.compile(
    r"\b(?:con|conne|connard|connasse|debile|abruti|abrutie|cretin|cretine|stupide|idiot|"
    r"idiote|imbecile|nul|nulle|bete|merde|putain|fdp|ntm|batard|salaud|salope|encule|"
    r"gueule|foutre|fuck|stupid|shut up|bouffon|clown|tocard|menteurs?|menteuses?|voleurs?|"
    r"voleuses?|escrocs?|bandits?|gaou)\b"
)
_INSULT_WORDS = frozenset(
    """
    con conne connard connasse debile abruti abrutie cretin cretine stupide idiot idiote
    imbecile nul nulle bete merde putain fdp ntm batard salaud salope encule gueule foutre
    fuck stupid shut up bouffon clown tocard espece pauvre gros grosse sale bot robot
    machine ferme faire fais you are is this menteur menteurs menteuse menteuses voleur
    voleurs voleuse voleuses escroc escrocs bandit bandits bande tous gaou inutile inutiles
    """.split()
)


def insults(text: str) -> bool:
    """Whether a message is only an insult, or one with a complaint: "t'es con ou quoi",
    "espèce d'abruti", "toi tu es gaou ou quoi, tu réponds n'importe quoi"."""
    return _only_says(_said(text), _INSULT, _INSULT_WORDS | _COMPLAINT_WORDS)


# The kinds the engine answers without matching, in the order it tries them; the names are
# the matcher's rules (matcher.Rule) and the keys of texts.SAYING_KINDS.
SAYINGS: tuple[tuple[str, Callable[[str, tuple[str, ...] | None], bool]], ...] = (
    ("media", _asks_media),
    ("language", _asks_language),
    ("agreement", _agrees),
    ("complaint", _complains),
    ("more", _asks_more),
    ("unnamed", _names_no_topic),
)
INSULT = "insult"  # answered only when the knowledge base does not answer it


def saying(text: str) -> str | None:
    """The kind of a message that asks about no topic ("d'accord", "c'est faux", "plus de
    détails", "pourquoi ?"), or None for a message to match."""
    return _kind(text, _said(text))


def unasked(text: str) -> str | None:
    """`saying`'s kind, or INSULT: what staff reviews count apart from questions."""
    said = _said(text)  # None for a long message, the common case in a log: no test runs
    insulted = _only_says(said, _INSULT, _INSULT_WORDS | _COMPLAINT_WORDS)
    return _kind(text, said) or (INSULT if insulted else None)


def _kind(text: str, said: tuple[str, ...] | None) -> str | None:
    if said is None:
        return None
    return next((kind for kind, says in SAYINGS if says(text, said)), None)
