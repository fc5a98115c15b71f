"""Every French sentence a user or staff member reads, kept apart from the code."""

from __future__ import annotations

import errno
import numbers
import string


class _FrenchNumbers(string.Formatter):
    """`str.format` writing decimal numbers the French way: 0,56 ; 98,1 %."""

    def format_field(self, value: object, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        decimal = isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)
        return text.replace(".", ",") if decimal else text


_FRENCH_NUMBERS = _FrenchNumbers()


def french(template: str, /, **values: object) -> str:
    """`template.format(**values)` with decimal commas, for what staff read (explanations,
    evaluations); never for machine output (JSON, CSV, tab-separated lines)."""
    return _FRENCH_NUMBERS.vformat(template, (), values)


def decimal(value: float, spec: str = ".1f") -> str:
    """One number with a decimal comma: decimal(98.14) == "98,1"."""
    return french("{value:" + spec + "}", value=value)


SOURCE_NAME = "la fiche d'information de la MINUSMA « Réforme du Secteur de la Sécurité »"
SOURCE_YEAR = "2017"
# What the bot's replies call their source, and people too ("tu prends ça de quelle fiche ?").
SOURCE_NOUN = "fiche"
# What the bot states and where it comes from (/apropos on every door).
SOURCE_LINE = (
    f"Source : {SOURCE_NAME}, {SOURCE_YEAR}. Je n'affirme rien d'autre que ce que dit cette "
    "fiche, plus quelques faits publics dont je cite la source (la fin de la MINUSMA en 2023, "
    f"le sens de sigles que la fiche ne développe pas). La fiche décrit la situation de "
    f"{SOURCE_YEAR} : ce qu'elle dit de la MINUSMA appartient au passé."
)

WELCOME = (
    "Bonjour ! Je suis l'assistant RSS-DDR.\n"
    "Je réponds à vos questions sur le travail de la section RSS-DDR de la MINUSMA au Mali : "
    "son mandat, ses trois axes prioritaires, leurs résultats et les sigles (RSS, DDR, MOC, "
    "PEJ…).\n"
    f"Mes informations viennent de {SOURCE_NAME} ({SOURCE_YEAR}) : elles décrivent la "
    f"situation de {SOURCE_YEAR}. La MINUSMA a depuis quitté le Mali (fin 2023).\n"
    "Posez votre question avec vos mots, ou choisissez un sujet :"
)
MENU = "Choisissez un sujet :"
MENU_BUTTON = "☰ Menu"
NONE_OF_THESE_BUTTON = "Aucune de ces réponses"
SUGGEST = "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire :"
FALLBACK = (
    "Désolé, je n'ai pas trouvé la réponse à cette question dans mes informations "
    f"({SOURCE_NAME}, {SOURCE_YEAR}). Je ne peux répondre que sur ce que dit cette fiche.\n"
    "Reformulez votre question en quelques mots, ou choisissez un sujet :"
)
OFF_TOPIC = (
    "Je réponds seulement aux questions sur la réforme du secteur de la sécurité (RSS) et le "
    f"DDR au Mali, d'après {SOURCE_NAME} ({SOURCE_YEAR}). Choisissez un sujet :"
)
SECTION = "▶ {title}\n{answer}"
# A detail the matched topic's answer does not give; the topic follows as a button, after
# what the sheet does say about it (SHEET_SAYS).
MISSING_DETAIL = {
    "date": "La fiche ne donne pas cette date.",
    "number": "La fiche ne donne pas ce chiffre.",
    "procedure": "La fiche n'explique pas comment s'inscrire ou participer.",
    "name": "La fiche ne donne pas ce nom.",
    "contact": "La fiche ne donne aucun contact (ni téléphone, ni e-mail, ni site).",
    "impact": "La fiche ne dit rien des effets de cette action.",
    "content": "La fiche ne donne pas le contenu de ce texte.",
    "document": "La fiche ne donne ni lien ni copie de ce document.",
    "money": "La fiche ne donne aucun montant.",
    "age": "La fiche ne donne pas de condition d'âge.",
    "place": "La fiche ne précise pas ce lieu (ni adresse, ni salle).",
    "town": "La fiche ne dit pas dans quelle ville.",
    "named_place": "La fiche ne cite pas {value}.",
    "resolution": "La fiche ne parle pas de la résolution {value}.",
    "other_resolution": "La fiche ne parle d'aucune autre résolution.",
    "year": "La fiche date de {year} : elle ne dit rien de {value}.",
    "now": "La fiche date de {year} : elle ne dit pas ce qu'il en est aujourd'hui.",
}
SHEET_SAYS = "Ce qu'elle dit à ce sujet : {said}"
# The same line for a fact staff added from another public source (knowledge/contexte.yaml).
KNOWN_SAYS = "Ce que je sais à ce sujet : {said}"
EMPTY = (
    "Je n'ai pas compris votre message. Posez-moi une question en quelques mots, "
    "par exemple : « c'est quoi le MOC ? » ou « quels sont les trois axes ? »"
)
NONE_OF_THESE = (
    "D'accord. Essayez de reformuler votre question avec d'autres mots, ou choisissez un sujet :"
)
UNKNOWN_TOPIC = (
    "Ce bouton n'est plus valable (le sujet a peut-être été renommé). Choisissez un sujet :"
)

# Terminal chat
CHAT_INTRO = (
    "Tapez votre question, un numéro ou le texte d'un choix, « menu » ou « quitter » "
    "(/aide : les commandes ; flèches : modifier la ligne, revenir aux questions d'avant)."
)
CHAT_PROMPT = "Vous > "
CHAT_BOT = "Bot > "
CHAT_BYE = "Au revoir ! Merci d'avoir utilisé l'assistant RSS-DDR."
CHAT_BAD_NUMBER = (
    "Il n'y a pas de choix n°{number}. Tapez un numéro de la liste, ou posez une question."
)
CHAT_MENU_WORDS = frozenset({"menu", "sommaire", "accueil", "start", "/start", "/menu"})
CHAT_QUIT_WORDS = frozenset({"quitter", "quit", "exit", "q", "fin", "/quit", "/quitter"})

# Command line
KB_INVALID = "La base de connaissances contient {count} problème(s) ; corrigez-les puis relancez :"
KB_OK = "Base de connaissances valide : {intents}, {questions}, {files}."
KB_ADVICE = "Conseil : {problem}"
KB_YES_NO = (
    "la réponse de l'intention « {id} » commence par « {word} » : elle sert aussi aux "
    "questions posées dans l'autre sens (« est-elle encore là ? », « est-elle partie ? »), "
    "à qui ce « {word} » dit le contraire. Commencez par le fait lui-même."
)


def counted(count: int, one: str, several: str) -> str:
    """'1 fichier', '2 fichiers': a count and its noun, singular for 0 and 1 as in French."""
    return f"{count} {one if count <= 1 else several}"


def erased(count: int) -> str:
    """'effacée' or 'effacées', agreeing with a count of feminine things, as in French."""
    return "effacée" if count <= 1 else "effacées"


def erased_counts(questions: int, events: int) -> dict[str, str]:
    """The counts of an erasure, as FORGOTTEN and FORGET_DONE say them."""
    return {
        "questions": counted(questions, "question", "questions"),
        "events": counted(events, "réaction", "réactions"),
        "erased": erased(questions + events),
        "total": f"{counted(questions + events, 'ligne', 'lignes')} {erased(questions + events)}",
    }


NO_TOKEN_CHAT = (
    "Aucun jeton Telegram configuré (variable TELEGRAM_BOT_TOKEN) : "
    "démarrage de la conversation dans le terminal."
)
CONFIG_INVALID = "Configuration invalide ({count} problème(s)) ; corrigez l'environnement :"
FILE_NOT_FOUND = "Fichier introuvable : {path}"
EVAL_NOT_ANSWERED = "(ne pas répondre)"

# Matching diagnostics (`ask --explain`, `kb eval`)
EXPLAIN_QUESTION = "Question : « {question} »"
EXPLAIN_NORMALIZED = "Forme comparée : {normalized}"
EXPLAIN_CORRECTIONS = "Fautes corrigées : {corrections}"
EXPLAIN_NO_CORRECTION = "Fautes corrigées : aucune"
EXPLAIN_UNKNOWN = "Mots que la base n'utilise jamais : {share:.0f} %"
EXPLAIN_CANDIDATES = "Sujets les plus probables :"
EXPLAIN_CANDIDATE = (
    "  {rank}. {intent} — probabilité {probability:.1f} %, sortie du modèle {raw:.2f}\n"
    "     exemple le plus proche : « {nearest} » (similarité {similarity:.2f}, "
    "rapidfuzz {fuzzy:.0f})"
)
EXPLAIN_CONFIDENCE = (
    "Confiance calibrée : {score:.1f} / 100 (indice {evidence:.3f} = p1 − {runner_up} × p2 "
    "− {unknown} × part de mots inconnus)"
)
EXPLAIN_THRESHOLDS = (
    "Seuils de cette base : réponse si confiance ≥ {answer:.1f}, suggestions si ≥ {suggest:.1f} "
    "(fixés au chargement pour au plus {target:.0f} % de réponses fausses ; hors échantillon : "
    "{expected_wrong:.1f} % de réponses fausses, {expected_answered:.0f} % des questions "
    "répondues ; lissage du modèle : {ridge:g}, valeurs essayées à partir de {start:g} : "
    "{ridges}). Sous le seuil des suggestions, deux sujets réunissant au moins {mass:.0f} % de "
    "la probabilité sont proposés {pair_state} (hors échantillon, l'un des deux est le bon "
    "{pair_reach:.0f} % du temps)"
)
EXPLAIN_PAIR_ON = "tous les deux"
EXPLAIN_PAIR_OFF = "— règle inactive sur cette base, car trop rarement juste —"
EXPLAIN_RULES = {
    "no_words": "Décision : repli — il ne reste aucun mot à comparer.",
    "no_known_word": "Décision : repli — aucun mot de la question n'est utilisé par la base.",
    "example": "Décision : réponse directe — la question est un exemple de ce sujet dans la base.",
    "confident": "Décision : réponse directe — la confiance atteint le seuil de réponse.",
    "hesitant": (
        "Décision : suggestions (« Vouliez-vous dire… ») — la confiance est entre les deux seuils."
    ),
    "pair": (
        "Décision : suggestions (« Vouliez-vous dire… ») — la confiance est sous le seuil des "
        "suggestions, mais deux sujets réunissent presque toute la probabilité : les deux sont "
        "proposés."
    ),
    "unsure": "Décision : repli — la confiance est sous le seuil des suggestions.",
    "courtesy": (
        "Décision : repli — la confiance est entre les deux seuils, mais seuls des sujets de "
        "conversation (bonjour, merci, au revoir…) seraient proposés, ce qui n'aide personne."
    ),
    "agreement": (
        "Décision : repli sans recherche — le message dit seulement « d'accord » (ok, compris, "
        "lol, 👍…) : il ne demande rien."
    ),
    "more": (
        "Décision : repli sans recherche — le message demande « plus de détails » sans dire "
        "sur quel sujet."
    ),
    "complaint": (
        "Décision : repli sans recherche — le message se plaint d'une réponse (« c'est faux », "
        "« ce n'est pas ce que j'ai demandé ») sans poser de question."
    ),
    "media": (
        "Décision : repli sans recherche — le message demande s'il peut envoyer un vocal, une "
        "photo ou une vidéo : le bot ne lit que le texte."
    ),
    "language": (
        "Décision : repli sans recherche — le message demande dans quelle langue parler : le "
        "bot répond en français."
    ),
    "insult": (
        "Décision : repli — le message est une insulte à laquelle la base ne répond pas : une "
        "phrase calme et le menu, jamais un sujet."
    ),
    "unnamed": (
        "Décision : repli sans recherche — le message demande sans nommer de sujet "
        "(« pourquoi ? », « c'est qui ? », « j'ai une question »)."
    ),
    "advice": (
        "Décision : repli — le message demande quoi faire dans une situation dont la base ne "
        "parle pas (« ma copine me répond plus, je fais quoi ? ») : ce n'est pas une question "
        "sur le bot."
    ),
    "task": (
        "Décision : repli — le message demande au bot une tâche sur un sujet dont la base ne "
        "parle pas (« écris-moi un message d'amour ») : ce n'est pas une question sur le bot."
    ),
}
EXPLAIN_OFFERED = "Proposé : {intents}"
# What the user is sent in the end, after the rules that follow the matcher.
EXPLAIN_SENT = "Réponse envoyée : {what} — « {first} »"
EXPLAIN_SENT_ANSWER = "réponse sur {topics}"
EXPLAIN_SENT_OFFERED = {
    "suggest": "suggestions ({intents})",
    "fallback": "pas de réponse sur un sujet, {intents} en bouton",
}
EXPLAIN_SENT_FALLBACK = "pas de réponse sur un sujet"
EXPLAIN_SENT_SCREEN = "écran de navigation"
EVAL_HEADER = "Évaluation de {file} sur la base {knowledge} ({intents} sujets)"
EVAL_SET = "{label} : {in_scope} questions dans le sujet, {out_of_scope} hors sujet"
EVAL_CLEAN = "Questions telles quelles"
EVAL_NOISY = "Copies bruitées (sans accents, langage SMS, fautes de frappe ; graine fixe)"
EVAL_COLUMNS = "  {name:<9} {top1:>9} {right:>14} {wrong:>13} {rejected:>17} {reached:>13}"
EVAL_COLUMN_TITLES = {
    "name": "méthode",
    "top1": "1er bon",
    "right": "répondu juste",
    "wrong": "répondu faux",
    "rejected": "hors sujet écarté",
    "reached": "atteint",
}
EVAL_EXTRA = (
    "  (rss-bot : {count} réponse(s) avec le bon sujet et un second sujet non demandé, "
    "comptées ni justes ni fausses)"
)
EVAL_BASELINE_NOTE = (
    "  (références : seuil de confiance réglé pour faire au plus autant de réponses fausses "
    "que rss-bot ; « atteint » = réponse juste ou bon sujet parmi les suggestions)"
)
EVAL_VERDICT = (
    "  rss-bot face à la meilleure référence : 1er bon {lead:+.1f} points ; répondu juste "
    "au même nombre de réponses fausses × {ratio}"
)
EVAL_KINDS = (
    "  Par type de message (dans le sujet : répondu avec le ou les bons sujets, et aucun "
    "autre ; hors sujet : pas de réponse sur un sujet) :"
)
EVAL_KIND_LABELS = {
    "": "questions d'origine",
    "story": "longs messages avec une histoire",
    "voice": "dictée vocale, sans ponctuation",
    "two_topics": "deux sujets dans un message",
    "bambara_street": "bambara et français de la rue",
    "bot": "sur le bot, politesse",
    "plain": "questions simples",
    "sms": "langage SMS",
    "poster": "après une affiche de campagne",
    "missing_detail": "détail que la fiche ne donne pas",
    "off_topic": "hors sujet",
}
EVAL_MISSES = "  Erreurs de rss-bot ({count}) :"
EVAL_MISS = "  - {outcome} {score:5.1f}  attendu={expected}  obtenu={got}  | {question}"
EVAL_BAD_FILE = (
    "Fichier de questions illisible : {path} ({error}). Format attendu : "
    "in_scope: [{{q: question, intent: id}}], out_of_scope: [questions]"
)
EVAL_NO_BASELINES = (
    "Les références (--baselines) demandent scikit-learn : "
    "pip install 'rss-bot[eval]' (ou .venv/bin/pip install -e '.[eval]')."
)

# Telegram
TOO_FAST = (
    "Doucement 🙂 Vous envoyez beaucoup de messages : attendez une minute avant la prochaine "
    "question, je ne lis pas les messages envoyés entre-temps."
)
HELP = (
    "Posez votre question avec vos mots, même sans accents ou en abrégé (« c koi le MOC »). "
    "Je réponds, je propose des sujets proches, ou je dis que je ne sais pas.\n"
    "/menu : les sujets · /apropos : la source et vos données · /oublier : effacer vos "
    "questions"
)
# A message that reads as courtesy (hello, thanks…) without saying clearly which.
COURTESY = (
    "Je suis l'assistant RSS-DDR : posez-moi une question sur la réforme du secteur de la "
    "sécurité, le DDR ou les actions de la MINUSMA au Mali, ou choisissez un sujet :"
)
# Fixed replies to messages that ask about no topic (sayings.py). The bot reads each message
# alone: it cannot tell which answer "plus de détails" or "c'est faux" is about.
READ_ALONE = "Je lis chaque message seul, sans les précédents"
EXAMPLE_ASK = "« le DDR, c'est quoi ? »"
AGREED = (
    "🙂 Une autre question sur la réforme du secteur de la sécurité, le DDR ou les actions de "
    "la MINUSMA au Mali ? Écrivez-la, ou choisissez un sujet :"
)
MORE = (
    f"{READ_ALONE} : écrivez « plus de détails sur … » avec le sujet (par exemple « plus de "
    "détails sur le DDR »), ou choisissez un sujet :"
)
COMPLAINT = (
    f"Désolé si ma réponse ne vous a pas aidé. Ma source date de {SOURCE_YEAR} : certaines "
    "choses ont pu changer depuis ; et un 👎 sur une réponse aide l'équipe à corriger le bot. "
    f"{READ_ALONE} : réécrivez votre question avec son sujet (par exemple {EXAMPLE_ASK}), ou "
    "choisissez un sujet :"
)
MEDIA = (
    "Je ne lis que le texte : pas les vocaux, ni les photos, ni les vidéos. Écrivez votre "
    "question en quelques mots, même sans accents ou en langage SMS, ou choisissez un sujet :"
)
LANGUAGE = (
    "Je réponds en français. Vous pouvez m'écrire simplement : sans accents, en langage SMS, "
    "avec quelques mots de bambara. Posez votre question en quelques mots, ou choisissez un "
    "sujet :"
)
INSULT = (
    "Je suis là pour répondre calmement à vos questions sur la réforme du secteur de la "
    "sécurité et le DDR. Choisissez un sujet :"
)
UNNAMED = (
    f"Je vous écoute ! {READ_ALONE} : écrivez votre question avec son sujet (par exemple "
    f"{EXAMPLE_ASK}), ou choisissez un sujet :"
)
TEXT_ONLY = "Je ne lis que le texte. Écrivez votre question en quelques mots 🙂"
FEEDBACK_THANKS = "Merci pour votre avis !"
ERROR = "Désolé, un problème est survenu de mon côté. Réessayez dans un instant."
INLINE_FOOTER = "Source : fiche d'information MINUSMA (2017) · @{bot}"
INLINE_NOTHING = "Pas de réponse : poser la question au bot"
ABOUT = (
    f"{SOURCE_LINE}\n\n"
    "Ce qui est enregistré quand vous posez une question : le texte de la question, le sujet "
    "trouvé, la date, le type de conversation (privée ou groupe), la campagne d'affichage si "
    "vous êtes venu par un lien, et un identifiant pseudonyme (calculé à partir de votre "
    "compte avec une clé secrète, il ne permet pas de le retrouver). Jamais votre nom, votre "
    "nom d'utilisateur ni votre numéro. {redaction} Ces données servent à améliorer les "
    "réponses et sont effacées après {retention_days} jours.\n\n"
    "Pour effacer tout de suite toutes vos questions enregistrées : /oublier.\n\n"
    "Telegram, comme pour toute conversation, voit aussi vos messages."
)
# The bot's commands; between these and /apropos, one per main-menu topic (its title).
COMMANDS = (
    ("start", "Accueil et menu des sujets"),
    ("aide", "Comment poser une question"),
    ("menu", "Les sujets"),
)
ABOUT_COMMAND = ("apropos", "Source, date et confidentialité")
NO_TOKEN_RUN = (
    "Aucun jeton Telegram : définissez TELEGRAM_BOT_TOKEN (le jeton donné par @BotFather), "
    "par exemple dans un fichier .env (voir bot/.env.example).\n"
    "Pour converser sans Telegram, utilisez le terminal : rss-bot chat"
)
TELEGRAM_START_FAILED = "Impossible de joindre Telegram ({error}). Vérifiez le jeton et le réseau."
LINKS_NO_USERNAME = "Nom du bot inconnu : définissez RSS_BOT_USERNAME (sans @) ou passez --bot NOM."
LINKS_BAD_USERNAME = (
    "Nom de bot invalide : « {username} » (celui de Telegram, sans @ : 4 à 32 caractères, "
    "une lettre d'abord, puis des lettres, des chiffres ou « _ »)."
)
LINKS_BAD_CAMPAIGN = (
    "Nom de campagne invalide : « {campaign} » "
    "(minuscules, chiffres et « - », au moins une lettre, 24 caractères au plus ; pas de "
    "numéro de téléphone)."
)
LINKS_QR_WRITTEN = "{count} QR codes écrits dans {folder}"

# Query log and staff tools
LOG_KEY_TOO_SHORT = (
    "{path} ne contient pas de clé valable (il faut au moins 32 caractères) ; supprimez-le "
    "pour qu'une nouvelle clé soit créée"
)
LOG_KEY_UNAVAILABLE = (
    "Clé de pseudonymisation impossible à créer ({error}) : une clé temporaire est utilisée, "
    "les pseudonymes changeront au prochain démarrage. Définissez RSS_BOT_LOG_KEY."
)
LOG_MISSING = (
    "aucune base de questions à {path} : le bot n'a encore rien enregistré "
    "(ou RSS_BOT_DB désigne un autre fichier)"
)
LOG_NOT_SQLITE = (
    "{path} n'est pas une base de questions rss-bot (ce n'est pas un fichier SQLite) : "
    "vérifiez --db ou RSS_BOT_DB. Le fichier n'a pas été modifié."
)
LOG_FOREIGN = (
    "{path} n'est pas une base de questions rss-bot (base SQLite vide ou d'un autre "
    "programme) : vérifiez --db ou RSS_BOT_DB. Le fichier n'a pas été modifié."
)
LOG_NEWER = (
    "{path} a été écrite par une version plus récente de rss-bot (schéma {found} ; cette "
    "version connaît le schéma {known}) : mettez rss-bot à jour. Le fichier n'a pas été modifié."
)
LOG_OLDER = (
    "{path} a été écrite par une version plus ancienne de rss-bot (schéma {found} ; actuel : "
    "{known}) : démarrez le bot une fois, ou lancez rss-bot purge, pour la mettre à jour. "
    "Les commandes de lecture ne modifient jamais la base."
)
LOG_UNREADABLE = "base de questions illisible : {path} ({error})"
LOG_UNWRITABLE = "base de questions impossible à modifier : {path} ({error})"
EXPORT_WRITTEN = "{count} question(s) exportée(s) dans {path}"
REPORT_WRITTEN = "Rapport écrit : {path}"
REPORT_NOT_WRITTEN = "Impossible d'écrire le rapport {path} : {reason}."
EXPORT_NOT_WRITTEN = "Impossible d'écrire l'export {path} : {reason}."
QR_NOT_WRITTEN = "Impossible d'écrire les QR codes dans {folder} : {reason}."
EVAL_FILE_INVALID = (
    "Fichier de questions invalide : {path} (attendu : du YAML en UTF-8 avec "
    "in_scope: [{{q: question, intent: id}}] et out_of_scope: [questions])."
)
EVAL_UNKNOWN_INTENTS = (
    "Fichier de questions {path} : {count} identifiant(s) d'intention absent(s) de la base : "
    "{ids} (corrigez les identifiants du fichier ou de la base)."
)
OS_ERROR = "Erreur de fichier ({path}) : {reason}."
PURGED = "{count} de plus de {duration} {erased}."
CONFIG_TITLE = "Configuration effective (variables d'environnement et fichier .env) :"
HEALTH_OK = "ok : dernier échange réussi avec {service} il y a {seconds:.0f} s"
HEALTH_STALE = "en panne : aucun échange réussi avec {service} depuis {seconds:.0f} s"
HEALTH_NEVER = "en panne : le bot n'a encore jamais joint {service} (pas de fichier {path})"

NOT_UTF8 = "le fichier n'est pas encodé en UTF-8 (enregistrez-le en UTF-8)"

# What an error of the operating system means, for messages about files staff name.
OS_ERRORS = {
    errno.ENOENT: "dossier ou fichier introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "un fichier de ce nom existe déjà",
    errno.ENOSPC: "disque plein",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENAMETOOLONG: "nom trop long",
}


def os_reason(exc: OSError) -> str:
    """What an operating-system error means, in French where it is a common one."""
    return OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))


# --- privacy (issue 14)
# What replaces personal data in stored questions (staff read them in every output).
PLACEHOLDER_PHONE = "[téléphone]"
PLACEHOLDER_EMAIL = "[e-mail]"
PLACEHOLDER_NUMBER = "[numéro]"
PLACEHOLDER_LINK = "[lien]"
REDACTION_OFF = (
    "RSS_BOT_REDACT=0 : les questions sont enregistrées telles quelles, avec les numéros de "
    "téléphone, adresses e-mail et numéros que les gens y écrivent. Remettez RSS_BOT_REDACT=1 "
    "(la valeur par défaut) dès que possible."
)
ABOUT_REDACTED = (
    "Avant d'être enregistrés, les numéros de téléphone, adresses e-mail, longs numéros et "
    "liens écrits dans une question sont remplacés par [téléphone], [e-mail], [numéro] ou "
    "[lien]."
)
ABOUT_NOT_REDACTED = (
    "Attention : les questions sont enregistrées telles quelles ; n'y écrivez ni numéro de "
    "téléphone, ni adresse e-mail, ni numéro d'identité."
)


def about_redaction(redacting: bool) -> str:
    """The sentence of /apropos saying whether personal data is masked in questions."""
    return ABOUT_REDACTED if redacting else ABOUT_NOT_REDACTED


# A message that, as a whole and folded (lowercase, no accents or punctuation), asks to
# erase one's records: "/oublier", "oublie-moi", "supprime mes données svp"…
FORGET_REQUEST = (
    r"(?:(?:je veux|je voudrais|veuillez|svp|stp|merci de|pouvez vous|peux tu) )?"
    r"(?:oubli(?:er|e|ez)(?: moi)?|(?:supprim|effac)(?:e|er|ez) (?:toutes )?mes "
    r"(?:donnees|questions|messages|infos|informations)(?: personnelles)?)"
    r"(?: (?:svp|stp|s il vous plait|s il te plait|merci))?"
)
FORGET_COMMAND = ("oublier", "Effacer mes questions enregistrées")
FORGET_CONFIRM = (
    "Voulez-vous que j'efface toutes vos questions enregistrées, et vos réactions aux "
    "réponses (👍, 👎, choix) ? C'est immédiat et définitif."
)
FORGET_YES = "Oui, tout effacer"
FORGET_NO = "Non, ne rien effacer"
FORGET_KEPT = "D'accord, je n'ai rien effacé. Choisissez un sujet :"
FORGOTTEN = (
    "C'est fait : {questions} et {events} {erased}. Si vous écrivez "
    "de nouveau, vos questions seront enregistrées comme avant ; /oublier les efface à tout "
    "moment."
)
FORGOTTEN_NOTHING = "Il n'y avait rien d'enregistré pour vous : rien à effacer."
FORGET_FAILED = (
    "Désolé, je n'ai pas pu effacer vos questions pour le moment. Réessayez dans quelques "
    "minutes avec /oublier."
)
FORGET_ON_BEHALF = (
    "Vous écrivez au nom du groupe (administrateur anonyme) : ces questions sont enregistrées "
    "au nom du groupe, sans qu'on sache qui les a posées, et un bouton ne peut pas dire que "
    "c'est vous. Pour effacer vos questions personnelles, écrivez-moi /oublier en privé ; "
    "pour celles posées au nom du groupe, demandez-le à l'équipe du projet."
)
FORGET_DONE = "{total} : {questions}, {events}."
FORGET_BAD_WHATSAPP_NUMBER = (
    "Numéro WhatsApp invalide : « {number} ». Donnez le numéro de la personne au format "
    "international, avec l'indicatif du pays (exemple : +223 70 00 00 01)."
)
FORGET_NO_KEY = (
    "Clé des pseudonymes introuvable (ni RSS_BOT_LOG_KEY, ni {path}) : sans la clé du bot, "
    "impossible de retrouver les questions de cette personne. Lancez la commande avec la même "
    "configuration que le bot."
)
LOG_REDACTED = (
    "Journal des questions mis à jour (schéma {version}) : données personnelles remplacées "
    "dans {changed} question(s) sur {total} ({kinds})"
)
STATS_SINGLES = "• et {count} question(s) posée(s) par une seule personne, non montrées"
REPORT_SINGLES = (
    "{count} autre(s) question(s) sans réponse, posée(s) chacune par une seule personne, ne "
    "sont pas montrées : une question isolée peut contenir un nom ou un détail qui permet de "
    "reconnaître quelqu'un."
)


# --- WhatsApp door (issue 13)
WA_CHOOSE = "Pour continuer, choisissez :"  # above the choices when the text came before
WA_LIST_BUTTON = "Voir les choix"  # opens a list of choices (20 characters at most)
WA_NONE_OF_THESE_BUTTON = "Aucune de celles-ci"  # fits a reply button (20 at most)
WA_HELP = (
    "Posez votre question avec vos mots, même sans accents ou en abrégé (« c koi le MOC »). "
    "Je réponds, je propose des sujets proches, ou je dis que je ne sais pas.\n"
    "Une réponse vous a aidé, ou pas ? Réagissez-y avec 👍 ou 👎.\n"
    "Écrivez « menu » pour les sujets, « apropos » pour la source et vos données, « oublier » "
    "pour effacer vos questions."
)
WA_ABOUT = (
    f"{SOURCE_LINE}\n\n"
    "Ce qui est enregistré quand vous posez une question : le texte de la question, le sujet "
    "trouvé, la date, la campagne d'affichage si vous êtes venu par un lien, et un "
    "identifiant pseudonyme (calculé à partir de votre numéro avec une clé secrète, il ne "
    "permet pas de le retrouver). Jamais votre numéro ni votre nom de profil. {redaction} "
    "Ces données servent à améliorer les réponses et sont effacées après {retention_days} "
    "jours.\n\n"
    "Pour effacer tout de suite toutes vos questions enregistrées : écrivez « oublier ».\n\n"
    "WhatsApp (Meta), comme pour toute conversation, voit aussi vos messages et votre numéro."
)
WA_LINK_GREETING = "Bonjour !"  # opens a prefilled wa.me message
WA_LINK_TAG = "(réf. {campaign})"  # ends a prefilled message: the campaign it came from
NO_DOOR_RUN = (
    "Ni Telegram ni WhatsApp ne sont configurés : définissez TELEGRAM_BOT_TOKEN (Telegram), "
    "ou WHATSAPP_ACCESS_TOKEN et WHATSAPP_PHONE_NUMBER_ID (WhatsApp), par exemple dans un "
    "fichier .env (voir bot/.env.example).\n"
    "Pour converser sans messagerie, utilisez le terminal : rss-bot chat"
)
NO_DOOR_CHAT = (
    "Aucune messagerie configurée (TELEGRAM_BOT_TOKEN, ou WHATSAPP_ACCESS_TOKEN et "
    "WHATSAPP_PHONE_NUMBER_ID) : démarrage de la conversation dans le terminal."
)
WHATSAPP_LISTEN_FAILED = (
    "Impossible d'ouvrir le webhook WhatsApp sur {listen}:{port} ({error}). Le port est-il "
    "déjà pris ? Changez RSS_BOT_WHATSAPP_PORT ou RSS_BOT_LISTEN."
)
WHATSAPP_READY = "WhatsApp prêt : webhook sur http://{listen}:{port}/whatsapp"
WHATSAPP_STOPPED = "WhatsApp arrêté"
WHATSAPP_UNREACHABLE = (
    "L'API WhatsApp de Meta ne répond pas à ce numéro : vérifiez WHATSAPP_ACCESS_TOKEN, "
    "WHATSAPP_PHONE_NUMBER_ID et le réseau. Les messages reçus seront quand même traités."
)
LINKS_BAD_WHATSAPP_NUMBER = (
    "Numéro WhatsApp invalide : « {number} ». Donnez le numéro du bot au format "
    "international, chiffres seuls, sans + ni 00 (exemple : 22370000000)."
)
POSTER_TITLE_WHATSAPP = "Assistant RSS-DDR sur WhatsApp (+{number}) — campagne {campaign}"
POSTER_INVITE_WHATSAPP = (
    "Scannez ou ouvrez le lien : WhatsApp s'ouvre avec la question, envoyez-la."
)

# --- staff tools (issue 12)

# Live reload of the knowledge base (SIGHUP, /recharger)
RELOAD_DONE = "Base de connaissances rechargée : version {old} → {new}."
RELOAD_UNCHANGED = "Base de connaissances inchangée (version {version}) : rien à recharger."
RELOAD_ADDED = "Intentions ajoutées"
RELOAD_REMOVED = "Intentions retirées"
RELOAD_MODIFIED = "Intentions modifiées"
RELOAD_NO_INTENT_CHANGED = "Aucune intention modifiée (synonymes, menu ou hors-sujet seulement)."
RELOAD_REFUSED = (
    "Base de connaissances NON rechargée : {count} problème(s). Le bot continue avec "
    "l'ancienne base ; corrigez puis relancez rss-bot kb check et /recharger :"
)

# Review tools (`unanswered`, `suggest-examples`)
UNANSWERED_NONE = "Aucune question sans réponse sur la période."
UNANSWERED_TITLE = "{count} question(s) sans réponse directe, en {groups} groupe(s) :"
UNANSWERED_OFFERED = "       sujets proposés : {intents}"
UNANSWERED_MORE = "… et {count} autre(s) groupe(s)."
UNANSWERED_APART = (
    "Mis à part : {without_text} message(s) sans texte (vides, émojis ou ponctuation seuls) "
    "et {non_text} message(s) non textuel(s) (photos, vocaux, autocollants…), comptés dans "
    "aucun taux :"
)
UNANSWERED_SAYINGS = (
    "Mis à part : {count} message(s) de conversation sans question sur un sujet (le bot y "
    "répond par un message tout fait) :"
)
SAYING_KINDS = {
    "agreement": "acquiescements et réactions (« d'accord », « ok », « lol », 👍)",
    "complaint": "plaintes sur une réponse (« c'est faux », « pas ce que j'ai demandé »)",
    "more": "« plus de détails » sans dire sur quoi",
    "unnamed": "questions sans sujet (« pourquoi ? », « c'est qui ? », « j'ai une question »)",
    "media": "demandes d'envoyer un vocal, une photo ou une vidéo",
    "language": "questions sur les langues (« tu parles bambara ? »)",
    "insult": "insultes",
}
EMPTY_MESSAGE = "(vide)"
PROPOSALS_NONE = (
    "# Aucun exemple à proposer sur la période : il faut des choix « Vouliez-vous dire… »\n"
    "# confirmés, pour des questions qui ne figurent pas déjà dans la base."
)
PROPOSALS_HEADER = (
    "# Exemples proposés d'après les choix des utilisateurs. Relisez-les (fautes, données",
    "# personnelles) puis collez chaque ligne sous « questions: » de l'intention indiquée.",
)
PROPOSALS_RULE = (
    "Règle : une question est proposée si au moins {people} personnes différentes ont choisi "
    "le même sujet pour des formulations proches{thumbs} ; jamais une question avec un "
    "numéro, des données personnelles ou un détail que la réponse ne donne pas."
)
# How 👍 count in that rule: none, one, several.
PROPOSALS_THUMBS = (
    " (les 👍 seuls ne suffisent pas)",
    ", ou si ce choix a été suivi d'un 👍",
    ", ou si ce choix a été suivi d'au moins {thumbs} 👍",
)
PROPOSAL_EVIDENCE = (
    "{people} personne(s) ont choisi ce sujet parmi les suggestions, {thumbs} 👍 ensuite"
)
PROPOSAL_WORDINGS = "autres formulations proches : {wordings}"

# Periods and statistics
DURATION_INVALID = (
    "durée invalide : « {text} » (exemples : 30d ou 30j pour 30 jours, 12h pour 12 heures, "
    "2w pour 2 semaines)"
)
MARKUP_IN_TEXT = (
    "{what} : balise « {tag} » — le bot envoie le texte tel quel, la balise s'afficherait ; "
    "écrivez sans balises HTML"
)
DURATION_TOO_LONG = "durée trop longue : « {text} » ({days} jours au plus)"
PERIOD = "Période : {duration} (depuis le {since} UTC)."
STATS_APART = (
    "Non comptés : {without_text} message(s) sans texte (vides, émojis seuls), {non_text} "
    "message(s) non textuel(s) (photos, vocaux…) et {conversation} message(s) de "
    "conversation sans question (« d'accord », « c'est faux », « pourquoi ? »…)."
)

# Exports (`export --format xlsx`)
EXPORT_SHEET = "Questions"
EXPORT_HEADERS = {
    "asked_at": "Date et heure (UTC)",
    "channel": "Canal",
    "chat_type": "Conversation",
    "user_key": "Personne (pseudonyme)",
    "question": "Question",
    "normalized": "Forme comparée",
    "outcome": "Résultat",
    "intent": "Sujet répondu",
    "score": "Confiance (0-100)",
    "suggestions": "Sujets proposés",
    "campaign": "Campagne",
    "kb_version": "Version de la base",
    "latency_ms": "Temps de réponse (ms)",
}
EXPORT_OUTCOMES = {"answer": "réponse", "suggest": "suggestions", "fallback": "sans réponse"}
EXPORT_CHAT_TYPES = {"private": "privée", "group": "groupe", "": "—"}
EXPORT_CHANNELS = {
    "telegram": "Telegram",
    "inline": "Telegram (en ligne)",
    "whatsapp": "WhatsApp",
    "terminal": "terminal",
}
EXPORT_NEEDS_FILE = (
    "Le format xlsx s'écrit dans un fichier : ajoutez --output questions.xlsx "
    "(ou choisissez --format csv pour la sortie standard)."
)

# Purge
PURGE_PLAN = (
    "À effacer : {questions} et {events} avis ou choix enregistrés il y a plus de {duration} "
    "(avant le {cutoff} UTC{oldest})."
)
PURGE_OLDEST = " ; le plus ancien : {oldest}"
PURGE_DRY_RUN = "Essai (--dry-run) : rien n'a été effacé."
PURGE_CONFIRM = "Effacer définitivement ces lignes ? [o/N] "
PURGE_CANCELLED = "Rien n'a été effacé."
YES_WORDS = frozenset({"o", "oui", "y", "yes"})

# Campaign links and posters (`links`)
LINKS_HOME = "Accueil et menu des sujets"
QR_TOO_SMALL = "--qr-size {size} : trop petit pour ce lien, il faut au moins {minimum} pixels."
QR_SIZE_NOT_POSITIVE = "--qr-size {size} : donnez la taille du QR code en pixels (nombre positif)."
QR_TOO_BIG = "--qr-size {size} : trop grand, {maximum} pixels au plus (34 cm imprimés à 300 dpi)."
POSTER_TITLE = "Assistant RSS-DDR (@{bot}) — campagne {campaign}"
POSTER_CAMPAIGN = "Campagne : {campaign}"
POSTER_NO_CAMPAIGN = "(sans campagne)"
POSTER_INVITE = "Scannez ou ouvrez le lien dans Telegram : @{bot} vous répond."
POSTER_WRITTEN = (
    "Affiche écrite : {path} ({count} cartes, format A4, à imprimer depuis un navigateur)"
)
POSTER_NOT_WRITTEN = "Impossible d'écrire l'affiche {path} : {reason}."

# `rss-bot config`: where the pseudonymisation key comes from
KEY_FROM_VARIABLE = "******** (variable RSS_BOT_LOG_KEY)"
KEY_FROM_FILE = "******** (fichier {path})"
KEY_TO_CREATE = "(non défini : créée au premier démarrage dans {path})"

# Terminal chat: its own wording for its own screen
# The terminal chat's commands, shown under /aide.
CHAT_COMMANDS = (
    "/menu : les sujets · /apropos : la source et ce qui est enregistré · /oublier : "
    "effacer les questions posées ici · quitter : sortir"
)
CHAT_HELP = (
    "Tapez votre question avec vos mots, même sans accents ou en abrégé (« c koi le MOC »). "
    "Je réponds, je propose des sujets proches (tapez leur numéro), ou je dis que je ne sais "
    f"pas.\n{CHAT_COMMANDS}"
)
CHAT_ABOUT = (
    f"{SOURCE_LINE}\n\n"
    "Ce qui est enregistré quand vous posez une question dans ce terminal : le texte de la "
    "question, le sujet trouvé et la date, dans la base des questions de ce poste. Personne "
    "n'est identifié. {redaction} Ces données servent à améliorer les réponses et sont "
    "effacées après {retention_days} jours.\n\n"
    "Pour effacer tout de suite toutes les questions posées dans ce terminal : /oublier."
)
