"""French text normalisation for matching: folding, SMS forms, stopwords, light stemming."""

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

# SMS spellings and abbreviations common in West African French chat -> standard words.
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
    "ces": "ces",
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
    "svp.": "svp",
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
    plus pour puis chez ici vers entre sous sans peu trop cela
    suis sommes etes serai serais serait aurai aurais aurait avais jusqu jusque lorsqu
    lorsque puisqu puisque deja
    """.split()
)

# Politeness and framing words: dropped from a question when anything else remains, so
# "bonjour, c'est quoi le MOC ?" is matched on "quoi moc" and not taken for a greeting.
FILLER: frozenset[str] = frozenset(
    """
    bonjour bonsoir salut coucou hello hi hey svp plait please merci beaucoup avance
    voudrais veux voulais aimerais aimerai souhaite souhaiterais savoir dire dites dis
    expliquer explique expliquez expliques pouvez peux peut pourriez pourrais pourriez
    frere freres soeur famille gars ami amis monsieur madame mr mme bot ok question
    questions please stp svp renseigner renseignez renseignement svp tous tout monde oui
    non bien encore cher chere chers moi nous concernant propos sujet parler parle
    parlez connais connaitre connaissez explication explications detail details
    exactement vraiment chose choses aimerions voulons please hein toute toutes
    dois doit doivent devons devez devrais devrait faut fallait cordialement
    """.split()
)


# Everyday French words that, when a knowledge base never uses them, are most likely the
# context of a message ("je travaille toute la journee", "mon voisin", "hier soir") rather
# than its topic. The matcher gives such unknown words a reduced weight.
COMMON_WORDS: frozenset[str] = frozenset(
    """
    faire fais fait faites font faisons aller vais vas allons allez vont alle allee
    venir viens vient venons venez viennent venu venue revenir revient prendre prends prend
    prenons prenez pris mettre mets met mis donner donne donnes donnez donnent passer passe
    trouver trouve croire crois penser pense pensez sais sait savons savez savent voir vois
    voit vu voyez regarder rester reste partir pars part parti arriver arrive sortir sors
    sort entrer rentrer attendre attends attend travailler travaille travailles travaillons
    travail boulot dire dit parler habiter habite vivre vis vit aider aide essayer essaye
    commencer commence finir fini chercher cherche laisser laisse sembler semble devenir
    rendre rend ecrire ecris ecrit lire lis lu comprendre comprends compris entendre
    marcher manger mange dormir dors acheter achete vendre vendu envoyer envoye appeler
    appelle tomber tombe oublier oublie jour jours journee journees matin matinee soir soiree
    nuit semaine semaines mois an ans annee annees hier demain aujourd hui maintenant
    bientot toujours jamais souvent parfois longtemps depuis avant apres pendant tard tot
    moment fois temps instant heure heures minute minutes week end gens personne personnes
    homme hommes femme femmes pere mere papa maman fils fille filles frere soeur oncle tante
    cousin cousine grand grande mari epouse voisin voisine voisins ami amie copain copine
    enfant enfants petit petite petits chose choses truc machin maison quartier ville
    village pays endroit cote bout fin debut partie cas facon maniere sorte probleme
    raison besoin envie idee nouveau nouvelle nouveaux vieux vieille bon bonne mauvais
    mauvaise beau belle autre autres seul seule premier premiere dernier derniere prochain
    prochaine possible normal vrai plein certain certains certaine plusieurs chaque aucun
    aucune rien mal vite ainsi comme ensuite enfin seulement surtout assez
    tellement quelqu voila bref deux trois quatre cinq six sept huit dix cent mille
    """.split()
)


def fold(text: str) -> str:
    """Lowercase, strip accents and ligatures, turn punctuation into spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_LIGATURES).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", text)
    text = _DIGITS_LETTERS.sub(" ", text)
    return " ".join(text.split())


def _expand_sms(tokens: Iterable[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        token = _REPEATS.sub(r"\1\1", token)  # "merciii" -> "mercii"
        replacement = SMS_FORMS.get(token)
        if replacement is None:
            out.append(token)
        else:
            out.extend(replacement.split())
    return out


def words(text: str) -> list[str]:
    """Folded tokens of a text, with SMS forms expanded to standard French."""
    return _expand_sms(fold(text).split())


# What may follow "merci" and still be thanks: "merci beaucoup pour les infos".
_THANKED = frozenset(
    """
    pour les la l le ton ta tes votre vos beaucoup bien tout toutes informations
    information reponse reponses aide explication explications precisions
    """.split()
)


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


def content_words(tokens: list[str]) -> list[str]:
    """Tokens that carry the topic: stopwords dropped, and filler dropped unless alone."""
    tokens = _drop_thanked(tokens)
    meaningful = [t for t in tokens if t not in STOPWORDS]
    content = [t for t in meaningful if t not in FILLER]
    if content:
        return content
    return meaningful or tokens


# Suffixes removed by the light stemmer, longest first: inflection and the commonest
# derivations, enough to join "formation"/"formations"/"former", never below 4 letters.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("issements", ""),
    ("issement", ""),
    ("ements", ""),
    ("ement", ""),
    ("ations", ""),
    ("ation", ""),
    ("ateurs", ""),
    ("ateur", ""),
    ("atrices", ""),
    ("atrice", ""),
    ("ements", ""),
    ("ments", ""),
    ("ment", ""),
    ("ances", ""),
    ("ance", ""),
    ("ences", ""),
    ("ence", ""),
    ("ables", ""),
    ("able", ""),
    ("ismes", ""),
    ("isme", ""),
    ("istes", ""),
    ("iste", ""),
    ("ites", ""),
    ("ite", ""),
    ("ives", ""),
    ("ive", ""),
    ("ifs", ""),
    ("if", ""),
    ("euses", ""),
    ("euse", ""),
    ("eurs", ""),
    ("eur", ""),
    ("aux", "al"),
    ("ales", "al"),
    ("ale", "al"),
    ("ees", ""),
    ("ee", ""),
    ("ers", ""),
    ("er", ""),
    ("ez", ""),
    ("es", ""),
    ("e", ""),
    ("s", ""),
    ("x", ""),
)


# Inflected forms the suffix rules cannot join.
_IRREGULAR: dict[str, str] = {
    "quelle": "quel",
    "quels": "quel",
    "quelles": "quel",
    "lequel": "quel",
    "laquelle": "quel",
    "lesquels": "quel",
    "lesquelles": "quel",
}


def stem(token: str) -> str:
    """Light French stem of a folded token; numbers and short words are left alone."""
    irregular = _IRREGULAR.get(token)
    if irregular is not None:
        return irregular
    if len(token) <= 4 or not token.isalpha():
        return token
    for suffix, replacement in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)] + replacement
    return token
