"""Messages that ask about no topic: what they are, and what is not one of them."""

from __future__ import annotations

import pytest

from rss_bot import texts
from rss_bot.engine import _NO_SEARCH
from rss_bot.matcher import Rule
from rss_bot.sayings import (
    INSULT,
    SAYINGS,
    agrees,
    asks_how_it_goes,
    asks_more,
    asks_what_to_ask,
    closes,
    complains,
    courtesy_only,
    fears_exposure,
    greets_then_tells,
    insults,
    names_no_topic,
    only_greets,
    saying,
    suspects_the_bot,
    thanks_then_tells,
    thanks_with_ok,
    unasked,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("d'accord", "agreement"),
        ("d'accord, d'accord", "agreement"),
        ("Ah d'accord je vois", "agreement"),
        ("ok compris grand frère", "agreement"),
        ("c compris", "agreement"),
        ("ça marche", "agreement"),
        ("c'est noté", "agreement"),
        ("bien reçu", "agreement"),
        ("tu as raison", "agreement"),
        ("ayiwa", "agreement"),
        ("a ka nyi", "agreement"),
        ("lol", "agreement"),
        ("mdrrr", "agreement"),
        ("hahaha", "agreement"),
        ("👍🏾", "agreement"),
        ("😂😂", "agreement"),
        ("ta réponse est nulle", "complaint"),
        ("c pas ce que jai demandé", "complaint"),
        ("ce n'est pas ce que j'ai demandé", "complaint"),
        ("mauvaise réponse", "complaint"),
        ("n'importe quoi", "complaint"),
        ("tu réponds à côté", "complaint"),
        ("donne moi plus de détails", "more"),
        ("explique mieux", "more"),
        ("tu peux développer ?", "more"),
        ("dis m'en plus", "more"),
        ("c'est tout ?", "more"),
        ("et ensuite ?", "more"),
        ("pourquoi ?", "unnamed"),
        ("c'est qui ?", "unnamed"),
        ("où ça ?", "unnamed"),
        ("c koi ?", "unnamed"),
        ("hein ?", "unnamed"),
        ("bonjour, j'ai une petite question stp", "unnamed"),
        ("j'ai une question pour toi", "unnamed"),
        ("je voulais demander", "unnamed"),
        ("je peux t'envoyer un vocal? jecris mal", "media"),
        ("tu lis les photos ?", "media"),
        ("tu parles bambara ?", "language"),
        ("do you speak english?", "language"),
    ],
)
def test_a_message_that_asks_about_no_topic_is_told_by_kind(text: str, kind: str) -> None:
    assert saying(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        # questions, even close to the patterns
        "c'est quoi l'accord pour la paix",
        "d'accord, c'est quoi le MOC",
        "c'est faux que la MINUSMA est partie ?",
        "est-ce que la réponse sur le MOC est fausse ?",
        "plus de détails sur la PEJ",
        "plus d'infos sur toi",
        "pourquoi le MOC ?",
        "c'est quoi la suite du DDR",
        "et après 2017 ?",
        "qui es-tu ?",
        "tu es qui ?",
        "quel est ton nom",
        "j'ai une question sur le MOC",
        "combien de personnes ?",
        # greetings, thanks, goodbyes and small talk, left to the knowledge base
        "hi",
        "hi grand frère",
        "comment ça va ?",
        "ça va mieux",
        "merci",
        "ok merci",
        "encore merci",
        "a plus",
        "à plus tard",
        "je n'ai plus de questions",
        "non c'est tout",
        "c'est tout pour moi",
        "mon frère",
        # no saying at all
        "",
        "❤️",
        "12",
        "erreur 404",
        "ok " * 40,
        "ma photo est mal imprimée sur la carte, peut-on la refaire ?",  # a card, not a photo sent
        "c'est quoi DDR en anglais",
        "la campagne était en bambara ?",
    ],
)
def test_questions_thanks_and_greetings_are_no_saying(text: str) -> None:
    assert saying(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "ha " * 26 + "x",  # each "ha" could be read two ways: a pattern would take seconds
        "\u3164\u33ca " * 22 + "x",  # U+33CA folds to "ha": longer once folded
        "ok " * 26 + "?",
        "et " * 39 + "pourquoi",
        "pas " * 26 + "vrai",
    ],
)
def test_hostile_repetitions_are_read_at_once(text: str) -> None:
    """Linear reading: the suite would hang here if a pattern backtracked."""
    assert saying(text) in (None, "unnamed", "complaint")
    assert not agrees(text) or text.startswith("ok")


@pytest.mark.parametrize(
    ("text", "thanks"),
    [
        ("compris merci", True),
        ("ok merci compris", True),
        ("j'ai compris merci beaucoup", True),
        ("merci grand frère, c'est noté", True),
        ("merci beaucoup, a ka nyi !", True),
        ("merci", True),
        ("merci grave frère", True),
        ("ok merci walaï t'es fort", True),
        ("walaï tu m'as trop aidé, i ni ce", True),
        ("vous nous avez bien aidés", True),
        ("je te remercie", True),
        ("merci bcp que Dieu te bénisse", True),
        ("merci pour la PEJ", False),
        ("merci mais c'est trop long", False),
        ("tu m'as aidé pour la PEJ", False),
        ("ok merci pas de souci", True),
        ("tu m'as pas aidé", False),
        ("je te remercie mais je n'ai pas compris", False),
        ("merci, t'es pas fort", False),
        ("vous nous avez aidés ?", False),
        ("compris", False),
        # thanks in Fulfulde and Tamasheq, with a blessing
        ("a jaraama, merci bcp 🙏🙏🙏", True),
        ("tanemmert, barka Allah", True),
        ("a jaraama", True),
        ("i ni ce kosɔbɛ, tu m'as bcp aidé dèh", True),  # Bambara: thanks a lot
    ],
)
def test_ok_and_thanks_is_thanks(text: str, thanks: bool) -> None:
    assert thanks_with_ok(text) is thanks


@pytest.mark.parametrize(
    ("text", "what_to_ask"),
    [
        ("qu'est-ce que je peux te demander ?", True),
        ("on peut poser quelles questions ?", True),
        ("je peux te poser une question stp", True),
        ("c'est quoi les questions auxquelles tu peux répondre", True),
        ("tu peux répondre à la question sur la PEJ", False),
        ("je peux demander la PEJ ?", False),
        ("tu peux me dire ce que c'est ?", False),
        ("je veux demander", False),
        ("tu peux repondre a koi au juste ?", True),
        ("tu réponds à quoi ?", True),
        ("vous répondez à quelles questions exactement ?", True),
        ("tu réponds à quoi sur le DDR ?", False),
        ("pourquoi tu réponds pas ?", False),
    ],
)
def test_asking_what_one_may_ask_is_told(text: str, what_to_ask: bool) -> None:
    assert asks_what_to_ask(text) is what_to_ask


@pytest.mark.parametrize(
    ("text", "insult"),
    [
        ("t'es con ou quoi", True),
        ("espèce d'abruti", True),
        ("bot stupide", True),
        ("ta gueule", True),
        ("vous etes des menteurs, bande de voleurs", True),
        ("t'es nul toi, bot de gaou 😡😡", True),  # street French of Abidjan and Bamako
        ("bot inutile t'es bete ou quoi 😡😡", True),
        ("le DDR c'est inutile ?", False),
        ("les bandits armés, le DDR c'est pour eux ?", False),
        ("le contrôle démocratique c quoi", False),
        ("la conscience", False),
        ("le DDR c'est nul ou quoi, ça sert à quoi ?", False),
        ("c'est quoi le MOC", False),
        ("toi tu es gaou ou quoi, tu réponds nimporte koi", True),  # with a complaint
        ("tu réponds n'importe quoi sur le DDR, t'es nul", False),
    ],
)
def test_an_insult_is_told_from_a_question(text: str, insult: bool) -> None:
    assert insults(text) is insult
    assert (unasked(text) == INSULT) is insult


def test_every_kind_has_its_rule_its_reply_its_explanation_and_its_staff_label() -> None:
    kinds = {kind for kind, _ in SAYINGS} | {INSULT}
    assert kinds == set(texts.SAYING_KINDS)
    assert {Rule(kind) for kind in kinds} == set(_NO_SEARCH)
    assert kinds <= set(texts.EXPLAIN_RULES)


def test_complaints_and_requests_for_more_are_only_that() -> None:
    assert complains("c'est faux")
    assert not asks_more("c'est faux")
    assert asks_more("plus de détails")
    assert not complains("plus de détails")
    assert names_no_topic("pourquoi ?")
    assert not agrees("pourquoi ?")


@pytest.mark.parametrize(
    ("text", "closing"),
    [
        ("je n'ai plus de questions", True),
        ("c'est tout pour moi", True),
        ("non c'est tout", True),
        ("rien d'autre", True),
        ("ça ira merci", True),
        ("pas de question", True),
        ("c'est tout ?", False),  # asks for more
        ("non", False),
        ("plus de questions sur le DDR ?", False),
        ("rien d'autre sur le MOC ?", False),
    ],
)
def test_a_goodbye_in_other_words_is_told(text: str, closing: bool) -> None:
    assert closes(text) is closing


@pytest.mark.parametrize(
    ("text", "fear"),
    [
        (
            "si je te dis que mon frère était dans un groupe armé, tu vas le dire à la police ?",
            True,
        ),
        ("les russes ou la sécurité d'état peuvent lire cette conversation ?", True),
        ("est-ce que les militaires voient mes messages", True),
        ("tu vas me dénoncer à la gendarmerie ?", True),
        ("l'armée peut voir ce que je t'écris ?", True),
        ("frère la police peut lire nos discussions ou bien ?", True),
        ("est-ce que quelqu'un lit ce que j'écris ici ?", True),
        ("qui lit ce que j'écris ?", True),
        ("walaï si j'écris ici les gens de la sécurité d'état vont me voir ?", True),
        ("wallahi jai peur, si jecris ici les militaires vont savoir ?", True),  # SMS "j"
        ("si je te dis où sont les armes, la police va le savoir ?", True),
        ("si je dis que la MINUSMA a aidé l'armée, c'est vrai ?", False),
        ("l'armée peut voir ça dans quel document ?", False),
        ("qui a dit que ce que je t'écris est faux", False),
        ("qui peut me dire ce que j'ai à faire pour le DDR ?", False),
        (
            "dans nos discussions, quelqu'un a dit que la RSS c'est pour l'armée, c'est vrai ?",
            False,
        ),
        ("qui a accès à la fiche ? je te dis je la veux", False),
        ("ça veut dire quoi la police de proximité", False),
        ("les militaires ont reçu quels documents ?", False),
        ("la MINUSMA a aidé l'armée malienne comment ?", False),
        # fearing to be found out for writing here
        ("j'ai peur de parler ici, c'est sécurisé au moins ?", True),
        ("si je pose des questions sur le DDR on va me ficher ?", True),
        ("Think Peace c'est une fausse ONG des services secrets, vrai ?", False),
        ("la minusma payait les inspections pour espionner nos soldats, c'est vrai ?", False),
        ("l'ONU travaillait avec les FAMA dans le Gourma ?", False),
    ],
)
def test_the_fear_that_messages_reach_the_authorities_is_told(text: str, fear: bool) -> None:
    assert fears_exposure(text) is fear


@pytest.mark.parametrize(
    ("text", "suspected"),
    [
        ("est-ce que vous travaillez pour l'armée ? dites la vérité", True),
        ("tu es un espion des fama ou quoi", True),
        ("vous êtes avec les services de renseignement vous ?", True),
        ("vous êtes un vrai service ou c'est un piège pour attraper les gens ?", True),
        ("Think Peace c'est une fausse ONG des services secrets, vrai ?", False),
        ("l'ONU travaillait avec les FAMA dans le Gourma ?", False),
        ("la MINUSMA a aidé l'armée malienne comment ?", False),
        # whether it is official: who runs it
        ("Ce bot c'est officiel de l'ONU ou c'est un particulier ?", True),
        ("tu es officiel ?", True),
        ("la politique des frontières c'est officiel ?", False),
    ],
)
def test_suspecting_the_bot_of_working_for_the_army_is_told(text: str, suspected: bool) -> None:
    assert suspects_the_bot(text) is suspected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c'est comment ?", True),  # Malian French for "how is it going?"
        ("c comment frère", True),
        ("bonsoir le bot, c'est comment ?", True),
        ("aw ni ce, c'est comment ?", True),
        ("c'est comment la réinsertion ?", False),  # how something works
        ("c'est comment ici ?", False),
        ("comment ?", False),
    ],
)
def test_how_is_it_going(text: str, expected: bool) -> None:
    assert asks_how_it_goes(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("salut la team", True),
        ("Bonsoir a toute l equipe", True),  # "équipe", not "équipé"
        ("bsr à tous les membres", True),
        ("bonsoir le bot", True),
        ("bonjour la PEJ c koi", False),
        ("a ni ce", False),  # a Bambara thanks
        ("i ni ce bot", True),
        ("aw ni sogoma tout le monde", True),
        ("i ni ce kosebe", False),  # thanks
        ("la team bonjour", False),
        # checking that someone is there
        ("Il y a quelqu'un ?", True),
        ("hello ? anybody here ? y a quelqu'un svp", True),
        ("cc y a qqn ?", True),
        ("Salam aleykoum, y a quelqu'un ?", True),
        ("y a quelqu'un qui peut m'expliquer la PEJ ?", False),
        # Songhai and Fulfulde greetings
        ("FOFO 😁 mate ni go ?", True),
        ("jam waali", True),
        ("jam waali le bot", True),
        ("jam waali, c koi le moc ?", False),
        # dictation leaves hesitations around a greeting
        ("euh bonjour bonjour voilà", True),
        ("bon ben salut", True),
        ("euh voilà", False),
    ],
)
def test_a_greeting_to_everyone_only_greets(text: str, expected: bool) -> None:
    assert only_greets(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour, je viens de voir votre affiche", True),
        ("aw ni ce, c'est mon cousin qui m'a donné le lien", True),
        ("bonjour", False),  # a greeting alone: only_greets
        ("je viens de voir votre affiche", False),  # no greeting
        ("le DDR, bonjour", False),  # the greeting does not open it
    ],
)
def test_a_greeting_then_something_told(text: str, expected: bool) -> None:
    assert greets_then_tells(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Merci beaucoup, grâce à toi j'ai eu 16 sur 20 à mon contrôle d'éducation civique !",
            True,
        ),
        ("a ni ce, j'ai tout compris pour mon exposé", True),
        ("merci", False),  # thanks alone: a saying
        ("j'ai eu 16 sur 20, merci", False),  # the thanks does not open it
    ],
)
def test_thanks_then_something_told(text: str, expected: bool) -> None:
    assert thanks_then_tells(text) is expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "I ni ce ! I ka kɛnɛ wa ? Somɔgɔw ka kɛnɛ wa ? Tooro si t'a la. Allah ka hɛrɛ caya.",
            "bonjour",
        ),
        (
            "Bonjour mon fils, c'est la maman de Adama qui t'ecrit. J'espere que tu vas bien et "
            "que ta famille va bien. Que Dieu te donne la sante.",
            "bonjour",
        ),
        (
            "Barika ba, i ni ce ! Tes explications m'ont beaucoup aidé. Allah ka hɛrɛ caya.",
            "merci",
        ),
        (
            "Je vous remercie du fond du coeur au nom de toute ma famille. Que Dieu vous "
            "recompense et benisse votre travail.",
            "merci",
        ),
        ("bon je vais dormir, k'an bɛn sini. Allah ka su hɛrɛ caya", "au revoir"),
        ("Bonjour. Merci. C'est quoi le DDR ?", None),  # asks
        ("i ni ce. la minusma est partie ? barika", None),
        (
            "Salut, je suis végétarienne et je me demande si je pourrai manger à la cantine. "
            "Merci de votre aide !",
            None,
        ),
        ("merci", None),  # one clause: the other rules
    ],
)
def test_a_long_polite_message_amounts_to_its_thanks_goodbye_or_greeting(
    text: str, kind: str | None
) -> None:
    assert courtesy_only(text) == kind
