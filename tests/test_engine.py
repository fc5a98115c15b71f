"""The channel-neutral engine: replies as every door renders them."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rss_bot import texts
from rss_bot.engine import (
    ACTION_FORGET,
    ACTION_MENU,
    ACTION_NONE,
    Engine,
    asks_to_forget,
    render_plain,
    visible_text,
)
from rss_bot.knowledge import load
from rss_bot.matcher import Matcher
from rss_bot.verdict import Outcome

from .conftest import DATA, ROOT


def test_answer_has_related_topics_and_a_way_back(engine: Engine) -> None:
    reply = engine.reply("ou sont les camps moc")
    assert reply.outcome is Outcome.ANSWER
    assert reply.intent == "camps-moc"
    assert all(town in reply.text for town in ("Gao", "Kidal", "Tombouctou"))
    assert "2017" in reply.text
    related = [b.intent_id for b in reply.buttons if b.intent_id]
    assert related == list(engine.kb.get("camps-moc").related)
    assert reply.buttons[-1].action == ACTION_MENU


def test_suggestion_offers_topics_and_none_of_these(engine: Engine) -> None:
    reply = engine.reply("formations")
    assert reply.outcome is Outcome.SUGGEST
    assert reply.intent is None
    assert reply.text.startswith("Je ne suis pas sûr")
    assert [b.intent_id for b in reply.buttons[:-1]] == list(reply.verdict.suggestions)
    assert reply.buttons[-1].action == ACTION_NONE
    assert reply.buttons[-1].label == "Aucune de ces réponses"
    for suggestion in reply.verdict.suggestions:
        assert engine.kb.get(suggestion).title in visible_text(reply)


def test_off_topic_says_what_the_bot_covers_without_asking_to_rephrase(engine: Engine) -> None:
    reply = engine.reply("qui a gagné la coupe du monde")
    assert reply.outcome is Outcome.FALLBACK
    assert reply.intent is None
    assert "Je réponds seulement aux questions sur la réforme du secteur" in reply.text
    assert "Reformulez" not in reply.text
    assert "2017" in reply.text
    assert "Axe 1" in visible_text(reply)
    assert [b.intent_id for b in reply.buttons] == list(engine.kb.menu_ids)


@pytest.mark.parametrize(
    "question",
    [
        # It names what the bot covers, in a way it cannot place.
        "la minusma a fait quoi a sikasso",
        "la réforme de l'armée",  # words of the topics' titles
        # Telling someone who asks about the DDR that the bot covers only the DDR is absurd.
        "bonjour alors voila je voulais demander est ce que vous pouvez me dire ce que cest "
        "le ddr parce que moi je ne sais pas trop et aussi la rss merci beaucoup",
    ],
)
def test_a_near_miss_is_asked_to_rephrase(engine: Engine, question: str) -> None:
    reply = engine.reply(question)
    assert reply.outcome is Outcome.FALLBACK
    assert "Reformulez" in reply.text
    assert "Je réponds seulement" not in reply.text
    assert [b.intent_id for b in reply.buttons] == list(engine.kb.menu_ids)


@pytest.mark.parametrize(
    "question",
    [
        "ma copine m'a quitté, je fais comment ?",
        "Pouvez-vous m'expliquer la photosynthèse ?",
        # a task, whatever courtesy it quotes: no "Au revoir"
        "tu peux me traduire « bonne nuit » en anglais ?",
    ],
)
def test_everyday_questions_are_not_asked_to_rephrase(engine: Engine, question: str) -> None:
    reply = engine.reply(question)
    assert reply.outcome is Outcome.FALLBACK
    assert "Je réponds seulement aux questions sur la réforme du secteur" in reply.text
    assert "Reformulez" not in reply.text


def test_two_topics_are_answered_in_one_reply(engine: Engine) -> None:
    reply = engine.reply("c koi le moc et la pej")
    assert reply.outcome is Outcome.ANSWER
    assert reply.intent == "glossaire-moc"
    assert reply.verdict is not None
    assert reply.verdict.also == "glossaire-pej"
    # The score is a confidence: that of the less sure half, not of the whole message
    # (which, asking two things, matches neither well).
    assert reply.verdict.score >= 100 * engine.matcher.thresholds.answer
    moc, pej = engine.kb.get("glossaire-moc"), engine.kb.get("glossaire-pej")
    assert moc is not None
    assert pej is not None
    assert reply.text.index(moc.label) < reply.text.index(moc.answer) < reply.text.index(pej.label)
    assert pej.answer in reply.text


@pytest.mark.parametrize(
    ("message", "first", "second"),
    [
        (
            "Merci de me préciser : a) les villes où se trouvaient les camps du MOC ; b) ce "
            "qu'a fait la MINUSMA pour la loi de programmation de la sécurité intérieure.",
            "camps-moc",
            "loi-programmation-securite",
        ),
        (
            "Objet : deux points. 1) dans quelles villes étaient les camps du MOC ; 2) la "
            "MINUSMA a fait quoi pour la stratégie contre le terrorisme",
            "camps-moc",
            "strategie-antiterrorisme",
        ),
        # exam style: the formal "qu'est-ce que X", and "définis X"
        (
            "Deux questions de révision : qu'est-ce que le CNRSS, et qu'est-ce que le "
            "Commissariat à la RSS ?",
            "glossaire-cnrss",
            "glossaire-commissariat-rss",
        ),
        (
            "Exercice 2\na) Définis la RSS.\nb) Explique le rôle de la MINUSMA dans la "
            "relecture de la Politique Nationale des Frontières.",
            "glossaire-rss",
            "politique-nationale-frontieres",
        ),
    ],
)
def test_a_list_of_asks_after_a_few_framing_words_answers_each(
    engine: Engine, message: str, first: str, second: str
) -> None:
    """Officials write their asks as a list, opened by a few words ("Merci de me préciser :",
    "Objet : deux points.") that belong to the first item's half but ask nothing."""
    reply = engine.reply(message)
    assert reply.verdict is not None
    assert (reply.outcome, reply.verdict.intent, reply.verdict.also) == (
        Outcome.ANSWER,
        first,
        second,
    )


def test_a_place_before_an_acronym_is_no_longer_name(engine: Engine) -> None:
    """ "…à Conakry m'a parlé de RENADJEF" names RENADJEF: only the longer names the base
    writes ("le Commissariat à la RSS") hold an acronym inside them."""
    assert_answers_only(
        engine,
        "Une partenaire de notre réseau à Conakry m'a parlé de RENADJEF au Mali, je ne "
        "connais pas du tout. C'est quelle organisation ?",
        "glossaire-renadjef",
    )


def test_a_detail_asked_about_the_topic_just_named_is_no_second_topic(engine: Engine) -> None:
    """The camps' towns, which the camps' answer gives: not the places of every action as a
    second section; a second half that names something is still a second topic."""
    assert_answers_only(
        engine,
        "Les camps du MOC que la MINUSMA soutenait, c'était dans quelles villes ?",
        "camps-moc",
    )
    reply = engine.reply("c'est quoi la minusma meme ? et elle a quitte le mali quand ?")
    assert reply.verdict is not None
    assert (reply.verdict.intent, reply.verdict.also) == ("glossaire-minusma", "minusma-depart")


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        (
            "RENADJEF qui a aidé à créer la plateforme, c'est quelle association ?",
            "glossaire-renadjef",
        ),
        ("la CONASCIPAL avec qui la MINUSMA a travaillé, c'est une ONG ?", "glossaire-conascipal"),
        (
            "ONU Femmes qui a formé des gens sur le genre, c'est quel organisme ?",
            "glossaire-onu-femmes",
        ),
        (
            "le conseil national de la jeunesse avec qui on a fait la campagne, c'est quelle "
            "structure",
            "glossaire-cnj",
        ),
    ],
)
def test_what_a_name_told_with_an_action_is(engine: Engine, question: str, intent: str) -> None:
    """A name described by what was done with it, then "c'est quel organisme ?": what the name
    is, not the action that describes it."""
    assert_answers_only(engine, question, intent)


def test_a_guess_to_confirm_after_a_clear_ask_is_no_second_ask(engine: Engine) -> None:
    """ "C'est un partenaire… ?" only offers a guess about what was just asked, which its
    answer tells."""
    assert_answers_only(
        engine,
        "Qui est RENADJEF ? C'est un partenaire de la plateforme des jeunes ?",
        "glossaire-renadjef",
    )


def test_who_was_trained_is_no_glossary_entry(engine: Engine) -> None:
    reply = engine.reply("les jeunes qui ont été formés, c'est qui ?")
    assert reply.verdict is not None
    assert not (reply.verdict.intent or "").startswith("glossaire")


@pytest.mark.parametrize(
    "question",
    [
        "slt ki a gagne la CAN 2024",  # a greeting, then a question without its "?"
        "ma copine m a laisse frere je fais cmt",  # "laissé" is no goodbye when asked how
        "mon frère m'a laissé tomber, on fait comment ?",
    ],
)
def test_everyday_questions_in_courtesy_words_are_off_topic(engine: Engine, question: str) -> None:
    reply = engine.reply(question)
    assert reply.outcome is Outcome.FALLBACK, reply.verdict
    assert reply.text.startswith(texts.OFF_TOPIC[:40])


def assert_answers_only(engine: Engine, question: str, intent: str) -> None:
    """The question gets one answer, the intent's, and no second section."""
    reply = engine.reply(question)
    assert reply.outcome is Outcome.ANSWER, reply.verdict
    assert reply.verdict is not None
    assert (reply.verdict.intent, reply.verdict.also) == (intent, None)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # the acronym ends a longer name the base writes: that name's meaning is asked
        ("le commissariat à la RSS ça veut dire quoi", "glossaire-commissariat-rss"),
        ("la commission nationale de DDR ça signifie koi", "glossaire-cnddr"),
        ("definition commissariat rss", "glossaire-commissariat-rss"),
        # …and not when it only follows a verb and "du"
        ("on parle tjrs du DDR a la radio mais jsp ce que ca veut dire", "glossaire-ddr"),
        ("le sens de la RSS c'est quoi", "glossaire-rss"),
        # "qu'est-ce que X <verb>" asks what X did, not what X is
        (
            "Sur la partie défense et sécurité intérieure, qu'est-ce que la MINUSMA appuyait ?",
            "axe-defense-securite",
        ),
    ],
)
def test_an_acronym_inside_a_longer_name_is_not_what_is_asked(
    engine: Engine, question: str, intent: str
) -> None:
    assert_answers_only(engine, question, intent)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("je connais deja le moc, par contre la pej c koi", "glossaire-pej"),
        ("merci pour le MOC. Et l'EMP c'est quoi ?", "glossaire-emp"),
        ("oublie la PEJ, les 3 axes c quoi", "axes-prioritaires"),
        ("pas le DDR, mais la RSS ça veut dire quoi", "glossaire-rss"),
        ("la minusma c bon j'ai compris, mais la FAMA c'est qui ?", "glossaire-fama"),
        ("tu m'as cité la PEJ, mais le CNJ c'est quoi ?", "glossaire-cnj"),
        ("en dehors du MOC, l'EMP c'est quoi ?", "glossaire-emp"),
        ("c koi le DDR, n ma famu", "glossaire-ddr"),
    ],
)
def test_a_topic_set_aside_is_not_a_second_question(
    engine: Engine, question: str, intent: str
) -> None:
    assert_answers_only(engine, question, intent)


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        # two short sentences that each ask
        ("Think Peace c koi. RENADJEF c koi.", "glossaire-think-peace", "glossaire-renadjef"),
        # "deuxième question" numbers the asks, it names no topic
        (
            "la minusma est encore au mali ? deuxieme question c quoi la resolution 2364",
            "minusma-depart",
            "resolution-2364",
        ),
        # a first ask with its question mark is no introduction, "au fait" names nothing
        (
            "Mes messages sont enregistrés ? et au fait, le rôle des jeunes dans la RSS c'est quoi",
            "bot-donnees",
            "jeunesse-veille-democratique",
        ),
        # "salam" is a greeting, as "bonjour" is
        (
            "Salam. PEJ c'est quoi ? Et les 175 membres ont ete formes comment ?",
            "glossaire-pej",
            "formations-pej-assistants",
        ),
        # numbered with slashes, one per line, "ensuite"
        (
            "Bonjour 1/ c quoi le DDR 2/ est ce que la minusma est encore au mali",
            "glossaire-ddr",
            "minusma-depart",
        ),
        (
            "- les camps du MOC ils ont recu quoi comme aide\n- l'unite anti braconnage elle"
            " sert a quoi",
            "camps-moc",
            "unite-mixte-braconnage",
        ),
        (
            "RENADJEF ca veut dire quoi... ensuite ARGA c quoi",
            "glossaire-renadjef",
            "glossaire-arga-mali",
        ),
        # the second ask names its own topic: it does not go on with the first one's detail
        (
            "l'axe defense et securite interieure ca contient quoi. et PEJ c'est l'abreviation"
            " de quoi",
            "axe-defense-securite",
            "glossaire-pej",
        ),
    ],
)
def test_two_asks_however_joined_get_both_answers(
    engine: Engine, question: str, first: str, second: str
) -> None:
    reply = engine.reply(question)
    assert reply.verdict is not None
    assert (reply.verdict.outcome, reply.verdict.intent, reply.verdict.also) == (
        Outcome.ANSWER,
        first,
        second,
    )


@pytest.mark.parametrize(
    ("question", "said", "topic"),
    [
        (
            "l'accord pour la paix a ete signe ou et en quelle annee ?",
            "La fiche ne donne pas cette date.",
            "glossaire-accord-paix",
        ),
        # "il y en avait" goes back to the documents
        (
            "les documents imprimes pour l'armee, il y en avait combien d'exemplaires",
            "La fiche ne donne pas ce chiffre",
            "documents-defense",
        ),
    ],
)
def test_a_detail_asked_after_and_is_still_said_missing(
    engine: Engine, question: str, said: str, topic: str
) -> None:
    reply = engine.reply(question)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.text.startswith(said)
    assert reply.verdict is not None
    assert reply.verdict.suggestions == (topic,)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # the greeting does not make the story's first sentence ("… ils vont dire RSS") an ask
        (
            "Bonjour je suis animatrice radio a Kati, demain j'ai une emission avec des invites"
            " de la PEJ et ils vont forcement dire RSS. Moi meme je sais pas bien ce que ca veut"
            " dire. RSS c'est quoi ?",
            "glossaire-rss",
        ),
        ("wesh frere c koi DDR wallah jsp", "glossaire-ddr"),
        # "on parle de…" tells; "son rôle" is the role of what it names
        (
            "Bonjour, moi j'ai fait partie d'un groupe arme a Gao. On parle de la Commission"
            " d'integration, c'est quoi son role ?",
            "glossaire-commission-integration",
        ),
        # the story's one acronym, asked what it means
        (
            "Bonjour, je travaille à la mairie de Gao. Dans un courrier officiel j'ai vu le "
            "sigle MATD et je n'ose pas demander à mon chef. Que signifie-t-il ? Merci.",
            "glossaire-matd",
        ),
        (
            "Bonjour, je suis Abdoulaye, de Kayes. J'ai vu le mot CONASCIPAL dans la fiche et "
            "je ne connais pas. C'est quelle organisation ? Merci d'avance",
            "glossaire-conascipal",
        ),
        # "ce mot FAMA": the word is what is asked, not the unit it is named with
        (
            "Bonjour, je suis commercant a Kayes, je vends des pieces detachees. Dans la fiche on"
            " parle d'une unite FAMA/Gardes forestiers et moi je connais pas ce mot FAMA. C quoi ?",
            "glossaire-fama",
        ),
    ],
)
def test_what_a_story_asks_is_answered(engine: Engine, question: str, intent: str) -> None:
    reply = engine.reply(question)
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, intent), reply.verdict


def test_a_question_pointing_back_is_not_answered_with_another_topic(engine: Engine) -> None:
    reply = engine.reply(
        "salam, je suis ancien combattant a Menaka, je veux deposer les armes. j'ai entendu"
        " parler de la Commission Nationale de DDR. c'est quoi cette commission ?"
    )
    assert reply.verdict is not None
    assert reply.verdict.intent != "glossaire-commission-integration"
    assert "glossaire-cnddr" in (reply.verdict.intent, *reply.verdict.suggestions[:1])


def test_what_a_question_points_to_in_the_sentence_before_is_answered(engine: Engine) -> None:
    """Alone, "c'est quoi cette commission" reads another commission than the one named; read
    with the acronym the words before name, it is that one (offered only, before stop 43)."""
    reply = engine.reply(
        "euh la commission nationale de ddr on en parle a la tele c est quoi exactement cette"
        " commission"
    )
    assert reply.verdict is not None
    assert (reply.outcome, reply.verdict.intent) == (Outcome.ANSWER, "glossaire-cnddr")


def test_a_second_topic_added_with_and_also_of_is_answered_too(engine: Engine) -> None:
    reply = engine.reply(
        "Parle-moi de la formation sur le genre, et aussi de la campagne d'information des jeunes."
    )
    assert reply.verdict is not None
    assert (reply.verdict.intent, reply.verdict.also) == (
        "formation-genre",
        "campagne-information-jeunes",
    )


def test_a_story_with_a_town_in_it_still_gets_what_it_asks(engine: Engine) -> None:
    """The town is where the writer is, not what the question asks about."""
    message = (
        "On vient de m'ajouter au groupe WhatsApp de la PEJ à Bougouni. Je suis contente mais "
        "je ne sais même pas ce que veut dire PEJ. Tu peux m'expliquer ?"
    )
    reply = engine.reply(message)
    assert reply.outcome is Outcome.ANSWER
    assert reply.intent == "glossaire-pej"
    assert "Bougouni" not in reply.text


def test_a_resolution_another_topic_cites_is_never_said_missing(engine: Engine) -> None:
    message = (
        "Je suis professeur à Koulikoro. En haut de la fiche de la MINUSMA il y a écrit 2364 "
        "(2017) et mes élèves m'ont demandé ce que ça veut dire. C'est quoi cette résolution "
        "2364 ? Je ne voulais pas leur dire une bêtise."
    )
    reply = engine.reply(message)
    assert reply.intent == "resolution-2364"
    assert "ne parle pas" not in reply.text
    # one the sheet does not describe is still said missing
    assert "ne parle pas de la résolution 2100" in engine.reply("c koi la resolution 2100").text


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        (
            "J'ai lu un article sur la lutte contre le terrorisme où on parle de PEV. Mon ami dit "
            "que c'est le programme de vaccination, moi je ne crois pas. C'est quoi le PEV dans "
            "ce contexte ?",
            "glossaire-pev",
        ),
        (
            "Mon ami militaire dit que les FAMA ont fait une unité avec les gardes forestiers. Moi "
            "les éléphants ça ne m'intéresse pas, je veux comprendre le mot ALPC que j'ai vu sur "
            "une affiche. Ça signifie quoi ?",
            "glossaire-alpc",
        ),
        ("FAMA cé pa les rebelles ?", "glossaire-fama"),
        ("DDR c pa un parti politik ?", "glossaire-ddr"),
        ("I ni ce ! n'ba c koi ce DDR dont on parle a la radio depuis ?", "glossaire-ddr"),
        ("a r g a mali c'est une association ou quoi", "glossaire-arga-mali"),  # g: no "j'ai"
        ("c'est qui la PEJ ?", "glossaire-pej"),  # what it is, not "la fiche ne donne pas ce nom"
        (
            "bonjour je voulais savoir c est quoi le d d r mon papa il était dans les groupes "
            "armés avant",
            "glossaire-ddr",
        ),
    ],
)
def test_what_an_acronym_is_asked_or_doubted_gets_its_meaning(
    engine: Engine, question: str, intent: str
) -> None:
    """Whatever the story names around it: another topic, another acronym."""
    reply = engine.reply(question)
    assert reply.verdict is not None
    assert (reply.verdict.outcome, reply.verdict.intent, reply.verdict.also) == (
        Outcome.ANSWER,
        intent,
        None,
    )


def test_a_short_request_with_a_typo_is_still_a_first_topic(engine: Engine) -> None:
    """Not a story's sentence, though "expliquee" is no asking word."""
    reply = engine.reply("expliquee moi les trois axes stp et c koi la resolution 2364")
    assert reply.verdict is not None
    assert (reply.verdict.intent, reply.verdict.also) == ("axes-prioritaires", "resolution-2364")


def test_a_topic_and_an_acronym_s_meaning_are_two_topics(engine: Engine) -> None:
    reply = engine.reply(
        "L'axe défense et sécurité intérieure c'est quoi en gros ? Et le PEV dans la stratégie "
        "antiterroriste ça veut dire quoi ?"
    )
    assert reply.verdict is not None
    assert (reply.verdict.intent, reply.verdict.also) == ("axe-defense-securite", "glossaire-pev")


def test_a_question_in_courtesy_words_about_something_else_gets_no_greeting(
    engine: Engine,
) -> None:
    reply = engine.reply("comment savoir si une fille m aime vraiment wsh")
    assert reply.verdict is not None
    assert reply.verdict.outcome is Outcome.FALLBACK
    assert _answered(engine, "ferme ta bouche espèce de machine débile") == "insulte"
    assert _answered(engine, "salut, ça va ?") == "salutation"


def test_this_year_named_asks_what_the_answer_tells_of_today(engine: Engine) -> None:
    this_year = date.today().year
    now = f"on est en {this_year} et je vois plus les blindés blancs a Gao, la mission de l onu "
    now += "est finie ou quoi ?"
    assert _answered(engine, now) == "minusma-depart"
    offered = "la mission de l'onu au mali s'est retirée fin 2023 ou en 2024 ?"
    assert _answered(engine, offered) == "minusma-depart"
    assert "ne dit rien de 2021" in engine.reply("qu'a fait la minusma en 2021").text


def test_a_way_in_asked_and_a_place_with_a_goodbye_word_are_not_answered(
    engine: Engine,
) -> None:
    reply = engine.reply("comment on devient assistant parlementaire ?")
    assert reply.text.startswith("La fiche n'explique pas comment")
    assert _answered(engine, "les gardes forestiers recrutent ? je veux postuler") is None
    # "demain" is no "à demain" in a question that names what the bot covers
    assert _answered(engine, "ou est le bureau de la RSS a Mopti, je veux y aller demain") is None
    assert _answered(engine, "a demain") == "au-revoir"
    # the border with Burkina Faso is no answer to its capital
    capital = engine.reply("c'est quoi la capitale du Burkina Faso ?")
    assert capital.verdict is not None
    assert capital.verdict.intent is None
    assert capital.text.startswith("La fiche ne dit pas dans quelle ville")
    # having just joined a group is told, not asked
    joined = (
        "bonjour jsuis etudiante a bamako et je viens de rejoindre un groupe whatsapp de jeunes "
        "ki parlent de paix ils citent tt le temps la pej/rss-ddr cette plateforme a ete creee "
        "cmt et avec kel ong ?"
    )
    assert _answered(engine, joined) == "plateforme-pej"


@pytest.mark.parametrize(
    ("question", "intents"),
    [
        (
            "le mandat de la section rss ddr puis les 3 axes prioritaires svp",
            ("mandat-section", "axes-prioritaires"),
        ),
        ("MATD ça veut dire quoi, PEV aussi jcomprend pas", ("glossaire-matd", "glossaire-pev")),
        (
            "1- c quoi la resolution 2364 2- les partenaires cités c'est qui",
            ("resolution-2364", "partenaires"),
        ),
        # a difference asked: what each one is
        (
            "quelle difference entre RSS et DDR ? c pr mon expose",
            ("glossaire-rss", "glossaire-ddr"),
        ),
        (
            "Différence entre le Conseil national pour la RSS et le Commissariat à la RSS svp ?",
            ("glossaire-cnrss", "glossaire-commissariat-rss"),
        ),
    ],
)
def test_asks_listed_or_sharing_one_ask_are_both_answered(
    engine: Engine, question: str, intents: tuple[str, str]
) -> None:
    reply = engine.reply(question)
    assert reply.verdict is not None
    assert (reply.verdict.intent, reply.verdict.also) == intents


def test_a_contact_the_sheet_does_not_give_is_said_missing(engine: Engine) -> None:
    reply = engine.reply("donne moi l email de RENADJEF stp")
    assert reply.verdict is not None
    assert reply.verdict.outcome is Outcome.FALLBACK
    assert reply.text.startswith("La fiche ne donne aucun contact")
    assert reply.buttons[0].intent_id == "glossaire-renadjef"


def test_a_name_with_et_in_it_is_not_two_asks(engine: Engine) -> None:
    name = "appui a la strategie contre le terrorisme et prevention de l extremisme violent"
    reply = engine.reply(name)
    assert reply.intent == "strategie-antiterrorisme"
    assert reply.verdict is not None
    assert reply.verdict.also is None  # no "PEV, c'est quoi ?" section
    # a second ask that names another topic still gets its section
    both = engine.reply("c koi le moc et l'accord pour la paix").verdict
    assert both is not None
    assert (both.intent, both.also) == ("glossaire-moc", "glossaire-accord-paix")


@pytest.mark.parametrize(
    ("question", "intents"),
    [
        # the second ask names its topic without a question word of its own
        (
            "l'Accord pour la paix c'est quoi ? et le DDR ?",
            ("glossaire-accord-paix", "glossaire-ddr"),
        ),
        ("la résolution 2364 c quoi, et le MOC", ("resolution-2364", "glossaire-moc")),
        # without a question mark, "elle est…" is a clause of its own, not "c koi elle est…"
        ("minusma c koi et elle est encore au mali", ("glossaire-minusma", "minusma-depart")),
        # a pronoun the bot cannot place does not sink the clear first ask
        ("c quoi la PEJ, elle sert à quoi ?", ("glossaire-pej", None)),
        # after a story, "il" is a person: no first ask to refer to
        ("mon oncle était combattant, il peut faire le DDR ?", ("glossaire-ddr", None)),
        # after a story about the campaign, "où ?" asks where the campaign was
        (
            "Aw ni ce. Moi c'est Awa de Ségou. J'ai entendu parler d'une campagne pour informer"
            " les jeunes sur la RSS. C'était organisé avec qui et ça s'est passé où ?",
            ("campagne-information-jeunes", None),
        ),
        # "de sécurité et de DDR": one phrase, not a second ask about the DDR
        (
            "la MINUSMA a aidé les femmes dans les stratégies de sécurité et de DDR ?",
            ("formation-genre", None),
        ),
    ],
)
def test_second_asks_are_told_from_names_and_stories(
    engine: Engine, question: str, intents: tuple[str, str | None]
) -> None:
    verdict = engine.reply(question).verdict
    assert verdict is not None
    assert (verdict.intent, verdict.also) == intents


def test_a_second_ask_about_the_same_thing_gets_its_own_answer(engine: Engine) -> None:
    reply = engine.reply("MINUSMA ça veut dire quoi ? et elle est encore au Mali ?")
    assert reply.outcome is Outcome.ANSWER
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == ("glossaire-minusma", "minusma-depart")
    assert "31 décembre 2023" in reply.text  # when the withdrawal ended
    # no button for a topic answered in the reply itself
    assert all(b.intent_id not in ("glossaire-minusma", "minusma-depart") for b in reply.buttons)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("les camps du MOC ont ouvert quand ?", "La fiche ne donne pas cette date."),
        ("comment s'inscrire a la pej", "La fiche n'explique pas comment s'inscrire"),
        ("comment on s'inscrit à la PEJ ?", "La fiche n'explique pas comment s'inscrire"),
        ("je m'inscris où pour la PEJ", "La fiche n'explique pas comment s'inscrire"),
        ("combien de soldats a la MINUSMA au Mali ?", ""),
        ("qu'a fait la minusma en 2021", "La fiche date de 2017 : elle ne dit rien de 2021."),
        ("le budget de la section RSS-DDR c combien ?", "La fiche ne donne aucun montant"),
        ("les camps du moc fonctionnent encore ?", "ce qu'il en est aujourd'hui"),
        ("a menaka il y a eu quoi comme actions rss", "La fiche ne cite pas Menaka."),
        ("il y a eu une campagne d'information à Sikasso aussi ?", "ne cite pas Sikasso."),
        (
            "Je suis de Sikasso, est-ce que la campagne d'information va venir chez nous cette "
            "année ?",
            "ce qu'il en est aujourd'hui",
        ),
        # what came after the mission's end, which no answer tells
        (
            "Depuis le départ de la MINUSMA, quels pays étrangers aident l'armée malienne ?",
            "ce qu'il en est aujourd'hui",
        ),
        ("apres le depart de la minusma ki finance les camps du moc mnt", "aujourd'hui"),
    ],
)
def test_a_detail_the_sheet_does_not_give_is_said_plainly(
    engine: Engine, question: str, said: str
) -> None:
    reply = engine.reply(question)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.intent is None
    assert said in reply.text


@pytest.mark.parametrize(
    "message",
    [
        "la minusma et toujours au mali ?",
        "est ce que la minusma et encore au mali ou bien elle est partie",
    ],
)
def test_et_written_for_est_is_no_second_ask(engine: Engine, message: str) -> None:
    """ "la minusma et encore au mali": one ask, where the MINUSMA is, not "la minusma" and
    "encore au mali" as two."""
    reply = engine.reply(message)
    assert reply.verdict is not None
    assert (reply.outcome, reply.intent, reply.verdict.also) == (
        Outcome.ANSWER,
        "minusma-depart",
        None,
    )


def test_two_asks_about_today_of_another_body_are_not_the_end_of_minusma(
    engine: Engine,
) -> None:
    """Each half is worded like the questions on MINUSMA's departure: neither is answered
    with it, nor with the places of the actions."""
    reply = engine.reply(
        "Est-ce que la PEJ existe toujours maintenant en 2026 ? Elle fait encore des activites ?"
    )
    assert reply.outcome is Outcome.FALLBACK
    assert "ce qu'il en est aujourd'hui" in reply.text
    assert "2023" not in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "la pej existe toujours",
        "le moc existe encore ?",
        "la PEJ elle est encore là ?",
    ],
)
def test_today_of_another_body_is_not_the_end_of_minusma(engine: Engine, question: str) -> None:
    """ "Existe toujours" is worded like the questions on MINUSMA's departure; the answer
    that MINUSMA left would say the PEJ or the MOC ended, which no source says."""
    reply = engine.reply(question)
    assert reply.outcome is Outcome.FALLBACK
    assert "ce qu'il en est aujourd'hui" in reply.text
    assert "2023" not in reply.text
    assert reply.verdict is not None
    assert reply.verdict.suggestions[0].startswith(("glossaire-", "plateforme-", "camps-"))


@pytest.mark.parametrize(
    "question",
    [
        "la minusma fonctionne encore ?",
        "la minusma fait quoi maintenant",
        "la MINUSMA elle est encore là ?",
        "ok merci. et la MINUSMA elle est encore là en 2026 ?",
    ],
)
def test_today_of_minusma_is_what_the_public_sources_say(engine: Engine, question: str) -> None:
    reply = engine.reply(question)
    assert reply.outcome is Outcome.ANSWER, reply.verdict
    assert "2023" in reply.text


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("la minusma a soutenu les camps du moc a kidal ?", "camps-moc"),
        # Bambara: "a kɛra" (it was), "a dabora" (it was created) are no places
        ("la formation genre la, a kera mogo jumen ye", "formation-genre"),
        ("PEJ plateforme la, a dabora cogo di?", "plateforme-pej"),
    ],
)
def test_a_place_the_sheet_cites_or_a_bambara_verb_is_no_missing_place(
    engine: Engine, question: str, intent: str
) -> None:
    reply = engine.reply(question)
    assert "ne cite pas" not in reply.text
    assert reply.verdict is not None
    assert intent in (reply.verdict.intent, *reply.verdict.suggestions)


def test_the_topic_of_a_missing_detail_is_offered(engine: Engine) -> None:
    reply = engine.reply("les camps du MOC ont ouvert quand ?")
    assert reply.verdict is not None
    assert reply.verdict.suggestions == ("camps-moc",)
    # What the sheet says, without repeating "selon la fiche" after "la fiche ne donne pas".
    assert "Ce qu'elle dit à ce sujet : dans le cadre de l'appui" in reply.text
    assert reply.buttons[0].intent_id == "camps-moc"


def test_what_is_said_beside_a_missing_detail_is_the_sheet_s_only_when_it_is(
    engine: Engine,
) -> None:
    # a fact staff added from another public source (knowledge/contexte.yaml)
    reply = engine.reply("le retrait de la minusma a coute combien ?")
    assert reply.text.startswith("La fiche ne donne aucun montant.")
    assert "Ce que je sais à ce sujet : la MINUSMA n'est plus au Mali." in reply.text
    assert "Ce qu'elle dit" not in reply.text
    # unsure of the topic: offered as a button, not said to be what the sheet tells
    reply = engine.reply("qui est le president du mali ?")
    assert reply.text == "La fiche ne donne pas ce nom."
    assert reply.buttons[0].intent_id is not None


def test_how_things_are_today_offers_what_the_base_knows_since(engine: Engine) -> None:
    """The sheet cannot say; the base knows what became of the mission since."""
    reply = engine.reply("la minusma aide toujours les jeunes ?")
    assert reply.text.startswith("La fiche date de 2017 : elle ne dit pas ce qu'il en est")
    assert "minusma-depart" in [b.intent_id for b in reply.buttons]
    # a date the sheet does not give is no question about today
    reply = engine.reply("les camps du MOC ont ouvert quand ?")
    assert "minusma-depart" not in [b.intent_id for b in reply.buttons]


def test_a_typo_in_the_word_asking_a_detail_does_not_hide_it(engine: Engine) -> None:
    """ "ki diiige la section", "c'etait qul jour": the head, the day, which the sheet does
    not give; not the section's mandate or the ceremony as if they said."""
    reply = engine.reply("ki diiige la section RSS-DDR de la minusma")
    assert reply.text.startswith("La fiche ne donne pas ce nom.")
    reply = engine.reply("la ceremonie de lancement du conseil national rss c'etait qul jour")
    assert reply.text.startswith("La fiche ne donne pas cette date.")


def test_things_the_answer_names_one_by_one_can_be_counted(engine: Engine) -> None:
    """The camps of Gao, Kidal and Timbuktu are three: not "la fiche ne donne pas ce
    chiffre"; but the towns of a campaign do not count its young people."""
    assert _answered(engine, "Combien de camps du MOC la mission a soutenu ?") == "camps-moc"
    assert _answered(engine, "combien d ong ont cree la pej") == "plateforme-pej"
    reply = engine.reply("combien de jeunes ont participe a la campagne d'information a Mopti ?")
    assert reply.text.startswith("La fiche ne donne pas ce chiffre.")
    # how many closed since: after the sheet, not how many there were
    reply = engine.reply("Combien de camps du MOC ont fermé depuis ?")
    assert reply.text.startswith("La fiche date de 2017")


def test_a_figure_the_sheet_gives_is_still_answered(engine: Engine) -> None:
    reply = engine.reply("combien de jeunes de la PEJ ont ete formes")
    assert reply.outcome is Outcome.ANSWER
    assert "175" in reply.text


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("tu es un robot ?", "bot-identite"),
        ("la MINUSMA est-elle encore au Mali ?", "minusma-depart"),
        ("c'est fini la minusma ?", "minusma-depart"),
        ("aw ni wula, c koi le ddr ?", "glossaire-ddr"),
        # A greeting run into the question, without punctuation.
        ("aw ni wula c koi le DDR", "glossaire-ddr"),
        ("i ni ce c koi le moc", "glossaire-moc"),
        ("aw ni wula c koi le DDR ?", "glossaire-ddr"),
        ("i ni ce c koi le moc.", "glossaire-moc"),
        ("salut frere, aw ni wula c koi la pej ?", "glossaire-pej"),
        # Bambara "what is X?", with or without a greeting first
        ("Bonjour, comment allez-vous ?", "salutation"),
        ("DDR a ye mun ye", "glossaire-ddr"),
        ("aw ni sogoma, MINUSMA a ye mun ye", "glossaire-minusma"),
        ("DDR kɔrɔ ye mun ye ?", "glossaire-ddr"),
        # Bambara "who is…", "who made you", "still today", "where does it come from"
        ("FAMA ye jon ye ?", "glossaire-fama"),
        ("jɔn ye i dilan ?", "bot-createur"),
        ("i ni ce, MINUSMA bɛ Mali la hali bi wa ?", "minusma-depart"),
        ("kunnafoni minw bɛ i fɛ, u bɔra min ?", "source-information"),
        # dictation spelling the acronym out
        ("oui bonsoir euh c'est quoi le mok le M O C", "glossaire-moc"),
        ("slttt", "salutation"),
        ("what is DDR", "glossaire-ddr"),
        ("bot de merde", "insulte"),
    ],
)
def test_about_the_bot_greetings_and_2026(engine: Engine, question: str, intent: str) -> None:
    reply = engine.reply(question)
    assert reply.outcome is Outcome.ANSWER, (question, reply.verdict)
    assert reply.intent == intent


@pytest.mark.parametrize(
    "message",
    [
        "Bonjour, je viens de voir votre affiche",
        "slt, un ami m'a envoyé ce lien",
        "i ni sogoma, je viens d'arriver ici",
    ],
)
def test_a_greeting_that_tells_and_asks_nothing_is_welcomed(engine: Engine, message: str) -> None:
    """People the posters send here often open by saying where they come from: the welcome
    says what the bot does, rather than asking them to rephrase."""
    reply = engine.reply(message)
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "salutation"), reply.verdict


def test_thanks_that_tell_why_are_thanked_back(engine: Engine) -> None:
    reply = engine.reply(
        "Merci beaucoup, grâce à toi j'ai eu 16 sur 20 à mon contrôle d'éducation civique !"
    )
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "remerciements"), reply.verdict
    # thanks, then a question: the question is answered
    assert engine.reply("merci, et c koi le moc ?").intent == "glossaire-moc"


def test_a_greeting_that_tells_and_asks_still_gets_its_answer(engine: Engine) -> None:
    reply = engine.reply("Bonjour, j'ai vu votre affiche. C'est quoi le DDR ?")
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "glossaire-ddr")


def test_a_request_for_help_after_a_story_is_help_with_what_it_told(engine: Engine) -> None:
    reply = engine.reply(
        "Bonjour, je suis Aïssata, élève en terminale à Mopti. Notre professeur d'histoire "
        "nous a demandé de chercher ce qu'est l'Accord pour la paix et la réconciliation au "
        "Mali. Vous pouvez m'aider ? Merci"
    )
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "glossaire-accord-paix")
    # alone, or after words that name no topic, it still asks what the bot can do
    assert engine.reply("tu peux m'aider ?").intent == "aide"
    assert engine.reply("Je suis au chômage. Tu peux m'aider ?").intent == "aide"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        # the acronym ends a longer name: not asked about alone
        (
            "Dans un article j'ai lu « Commissariat à la RSS » et j'ai cru que c'était un "
            "commissariat de police. C'est quoi en réalité ?",
            "glossaire-commissariat-rss",
        ),
        # "comment elle l'a aidé", "tu peux m'expliquer de quoi il s'agit": no 'Aide' section
        (
            "Conseil national RSS la, minusma y'a dème cogo di? comment elle l'a aidé",
            "conseil-national-rss",
        ),
        (
            "Je suis journaliste débutant. Je vois « 2364 (2017) » en haut d'un document de la "
            "MINUSMA et je ne sais pas ce que c'est. Tu peux m'expliquer de quoi il s'agit ?",
            "resolution-2364",
        ),
    ],
)
def test_one_topic_asked_inside_a_story_gets_that_topic_alone(
    engine: Engine, message: str, intent: str
) -> None:
    reply = engine.reply(message)
    assert (reply.outcome, reply.intent, reply.verdict.also) == (Outcome.ANSWER, intent, None)


def test_a_story_naming_two_acronyms_does_not_get_one_of_them(engine: Engine) -> None:
    reply = engine.reply(
        "Je suis de Gao. À la radio ils parlent du MOC et de la PEJ. Ça veut dire quoi ?"
    )
    assert reply.outcome is not Outcome.ANSWER or reply.verdict.also is not None


@pytest.mark.parametrize(
    ("message", "topics"),
    [
        ("bonjour qui t'a créé ? et sinon c'est quoi le DDR ?", ("bot-createur", "glossaire-ddr")),
        (
            "c koi les 3 axes et d ou viennent tes infos",
            ("axes-prioritaires", "source-information"),
        ),
        (
            "Mes messages sont-ils enregistrés ? Et toi, tu es qui exactement ?",
            ("bot-donnees", "bot-identite"),
        ),
    ],
)
def test_a_topic_and_a_question_about_the_bot_are_both_answered(
    engine: Engine, message: str, topics: tuple[str, str]
) -> None:
    reply = engine.reply(message)
    assert (reply.outcome, reply.intent, reply.verdict.also) == (Outcome.ANSWER, *topics)


def test_a_story_asking_if_the_mission_left_for_good(engine: Engine) -> None:
    reply = engine.reply(
        "Bonsoir, je suis de Tombouctou. Avant on voyait les véhicules blancs de l'ONU "
        "partout, maintenant plus rien. La MINUSMA est partie pour de bon ?"
    )
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "minusma-depart")


def test_a_question_inside_a_story_is_answered(engine: Engine) -> None:
    reply = engine.reply(
        "Bonjour, je suis Awa, j'habite à Gao et je fais partie d'une association de jeunes. "
        "Mon oncle travaille avec une ONG à Mopti. Qu'est-ce que la PEJ ? Merci beaucoup"
    )
    assert reply.outcome is Outcome.ANSWER
    assert reply.intent in ("glossaire-pej", "plateforme-pej")


def test_names_and_places_of_a_story_do_not_count_against_its_question(
    engine: Engine,
) -> None:
    """The question alone ("ça veut dire quoi ce numéro ?") names no topic and the story's
    names and places make the whole message look off-topic; together, with unknown words
    counted in the question only, the topic is clear."""
    reply = engine.reply(
        "Bonjour, je suis Aminata, j'ai 25 ans et je viens de Menaka. Je suis dans une "
        "association de femmes du quartier. Ma voisine dit que la fiche commence par 2364 "
        "(2017). Ca veut dire quoi ce numero ?"
    )
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "resolution-2364")


def test_a_question_inside_a_story_the_bot_hesitates_on_is_still_offered(engine: Engine) -> None:
    """The story drowned the question: the whole message fell back ("Désolé…"), though the
    question alone had a clear suggestion."""
    story = (
        "Bonjour, je m'appelle Awa, j'habite à Sikasso et je vends des légumes au marché depuis "
        "des années avec ma mère. Hier au grin les gars parlaient de politique. "
    )
    reply = engine.reply(f"{story}la PEV ca sert a quoi ? Merci")
    assert reply.outcome is Outcome.SUGGEST
    assert reply.verdict is not None
    assert reply.verdict.suggestions[0] == "glossaire-pev"
    # "c koi la PEV" asks what the acronym is: answered
    assert engine.reply(f"{story}c koi la PEV ? Merci").intent == "glossaire-pev"


def test_a_second_ask_about_its_members_is_about_what_the_first_names(engine: Engine) -> None:
    reply = engine.reply("Qui a aidé à créer la PEJ, et combien de ses membres ont été formés ?")
    assert reply.verdict is not None
    assert {reply.verdict.intent, reply.verdict.also} == {
        "plateforme-pej",
        "formations-pej-assistants",
    }


def test_a_town_the_answer_does_not_name_is_said_plainly(engine: Engine) -> None:
    """The inspections' answer names no town: not their answer, nor an address."""
    reply = engine.reply(
        "les bureaux des inspections qui ont été rénovés ils sont dans quelle ville ?"
    )
    assert reply.outcome is Outcome.FALLBACK
    assert reply.text.startswith("La fiche ne dit pas dans quelle ville.")


def test_two_glossary_asks_after_an_introduction_get_both_answers(engine: Engine) -> None:
    reply = engine.reply(
        "Je suis étudiante à Ségou. C'est quoi l'EMP ? Et la PEV dont parle la fiche, c'est quoi ?"
    )
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == ("glossaire-emp", "glossaire-pev")
    # what is known already is no second topic
    reply = engine.reply(
        "Je sais déjà ce que veut dire DDR, mais les camps du MOC à Kidal, la MINUSMA les"
        " soutenait comment ?"
    )
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == ("camps-moc", None)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("euh bonsoir en fait je voulais demander le ddr la c'est quoi meme", "glossaire-ddr"),
        ("hakɛto jsp, FAMA c koi ?", "glossaire-fama"),
        ("MOC c koi exactement jcomprend pa le sigle", "glossaire-moc"),
        # the acronym ends a longer name, or what is asked comes after "c'est quoi"
        ("le commissariat a la rss c koi", "glossaire-commissariat-rss"),
        ("commissariat rss c koi", "glossaire-commissariat-rss"),
    ],
)
def test_an_acronym_right_before_c_est_quoi_is_what_is_asked(
    engine: Engine, question: str, intent: str
) -> None:
    reply = engine.reply(question)
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, intent), reply.verdict


def test_c_est_quoi_about_a_thing_named_is_not_the_acronym_s_meaning(engine: Engine) -> None:
    """The message names PEJ, but "c'est quoi" asks about the anti-poaching unit."""
    reply = engine.reply(
        "Bonjour, deux questions : combien de jeunes de la PEJ et d'assistants parlementaires"
        " ont été formés, et c'est quoi l'unité anti-braconnage du Gourma ?"
    )
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == (
        "formations-pej-assistants",
        "unite-mixte-braconnage",
    )
    reply = engine.reply(
        "les jeunes on nous utilise seulement. c'est quoi notre rôle dans votre RSS là ?"
    )
    assert reply.intent != "glossaire-rss"


def test_an_acronym_alone_after_a_meaning_question_asks_the_same(engine: Engine) -> None:
    reply = engine.reply("La CNDDR c'est quoi ? Et le CNRSS ?")
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == ("glossaire-cnddr", "glossaire-cnrss")


def test_a_guess_after_a_question_is_no_second_topic(engine: Engine) -> None:
    """ "…c la minusma ?" guesses who organised it: no section on what MINUSMA is."""
    reply = engine.reply(
        "ki a organisé la cérémonie de lancement du conseil national RSS? c la minusma?"
    )
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == ("conseil-national-rss", None)


def test_what_the_mission_did_is_not_what_it_is(engine: Engine) -> None:
    """ "c koi la minusma a réhabilité…" asks what it did; "au départ" is "at first"."""
    reply = engine.reply("c koi la minusma a rehabilite pr les services de controle interne")
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "redevabilite-inspections")
    reply = engine.reply("Quelle résolution a créé la MINUSMA au départ ?")
    assert reply.intent != "minusma-depart"


def test_a_request_for_help_with_homework_is_not_thanks(engine: Engine) -> None:
    """The thanks intent has "ça m'aide beaucoup pour mon exposé" among its examples."""
    reply = engine.reply("Tu peux m'aider pour mon exposé ?")
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "aide")
    assert engine.reply("merci ça m'aide beaucoup pour mon exposé").intent == "remerciements"
    # bidden without a question mark, it still asks
    for bidden in (
        "aide moi pour mon exposé de bac sur la photosynthèse stp",
        "aider moi pour mon expose sur la RSS stp",
        "tu peux m'aider pour mon expose stp",
    ):
        assert engine.reply(bidden).intent == "aide"


def test_what_to_do_about_one_s_own_trouble_is_no_request_for_help(engine: Engine) -> None:
    """Beside an off-topic story, "je dois faire quoi ?" does not ask how the bot works."""
    reply = engine.reply("Mon enfant a le palu depuis trois jours, je dois faire quoi ?")
    assert reply.outcome is Outcome.FALLBACK
    assert engine.reply("je dois faire quoi ?").intent == "aide"


def test_which_town_asked_after_a_comma_goes_on_with_the_first_ask(engine: Engine) -> None:
    """ "…c lesquels, ds kelle ville": the offices' town, not where the mission worked."""
    reply = engine.reply("les bureaux d'inspection rehabilites c lesquels, ds kelle ville")
    assert reply.outcome is Outcome.FALLBACK
    assert reply.text.startswith("La fiche ne dit pas dans quelle ville.")


def test_a_figure_the_sheet_does_not_give_is_not_half_of_two_asks(engine: Engine) -> None:
    """ "Combien de bureaux… et dans quelles villes ?": the second half goes on with the first
    ask, whose number the sheet does not give; not two topics that each say nothing of it."""
    for question in (
        "Combien de bureaux d'inspection ont été réhabilités, et dans quelles villes ?",
        # a typo in the second half's question word
        "kombien de bureaux d'inspection ont ete rehabilites et ds qulles villes",
    ):
        reply = engine.reply(question)
        assert reply.outcome is not Outcome.ANSWER, question
        assert reply.text.startswith("La fiche ne donne pas"), question


def test_a_detail_missing_in_one_half_does_not_lose_the_other_half(engine: Engine) -> None:
    for question in (
        "c'est quoi le MOC et quand la PEJ a été créée ?",
        "qui a signé l'accord de paix et c'est quoi le MOC ?",
    ):
        reply = engine.reply(question)
        assert reply.verdict is not None
        assert "glossaire-moc" in (reply.verdict.intent, reply.verdict.also), question


def test_a_story_that_carries_the_topic_offers_it_when_the_question_names_none() -> None:
    """ "À quels moments puis-je passer ?" alone names no topic, and the story's other words
    drowned the whole message; read whole, with unknown words counted in the question only,
    the opening hours are offered (a generic FAQ: nothing here depends on our topics)."""
    mairie = Engine(load(DATA / "faq_mairie"))
    reply = mairie.reply(
        "Je travaille au champ toute la semaine et je ne peux me libérer qu'en début "
        "d'après-midi. La dernière fois je suis venu un vendredi vers 13 heures et j'ai trouvé "
        "porte close, trajet perdu pour rien ! À quels moments exactement puis-je passer ?"
    )
    assert reply.outcome is Outcome.SUGGEST
    assert reply.verdict is not None
    assert "horaires" in reply.verdict.suggestions


def test_a_request_before_a_second_ask_is_a_topic_not_a_story() -> None:
    """ "Je veux me plaindre de…" asks, though it has no asking word; "Mon ami dit que…"
    tells (a generic FAQ: nothing here depends on our topics)."""
    mairie = Engine(load(DATA / "faq_mairie"))
    reply = mairie.reply(
        "Je veux me plaindre de l'éclairage public en panne dans ma rue. Et c'est quoi le "
        "numéro du standard de la mairie ?"
    )
    assert reply.verdict is not None
    assert (reply.verdict.intent, reply.verdict.also) == ("plaintes", "contact")


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("le p e v dans la stratégie contre le terrorisme sa veut dire quoi", "glossaire-pev"),
        ("la PEV ça veut dire quoi dans la stratégie", "glossaire-pev"),
        # "c'est quoi" also asks what a body does: the topic named with it is kept
        ("c'est quoi la stratégie de la MINUSMA contre le terrorisme", "strategie-antiterrorisme"),
    ],
)
def test_what_an_acronym_means_beside_its_topic(engine: Engine, question: str, intent: str) -> None:
    assert _answered(engine, question) == intent


def test_the_end_of_a_story_written_without_punctuation_is_its_question(engine: Engine) -> None:
    story = (
        "salut moi c est awa je suis commercante au marche de gao et mon mari etait combattant "
        "il parle souvent du moc mais moi je sais pas le moc ca veut dire koi"
    )
    assert _answered(engine, story) == "glossaire-moc"
    # the end is tried only after words about the writer, and when it asks
    whole = "la place des jeunes dans les strategies de securite et dans le controle democratique"
    assert engine.reply(whole + " des forces armees du mali").outcome is not Outcome.ANSWER
    # help with what the message tells, and a place the sheet never cites, are no question
    helped = engine.reply(
        "moi je suis eleve a mopti mon oncle travaille pour le matd et je ne sais meme pas ce "
        "que veut dire ce mot vous pouvez m aider"
    )
    assert helped.intent != "aide"
    kayes = engine.reply(
        "je suis etudiant et mon prof m a parle de la minusma elle a fait quoi a kayes pour la "
        "reforme de la securite"
    )
    assert kayes.outcome is not Outcome.ANSWER


def test_typos_and_names_of_an_unpunctuated_story_are_not_held_against_its_question(
    engine: Engine,
) -> None:
    """Typed fast, without a full stop: the story's words (a cousin, Harvard, typos) are
    unknown to the bot, but the end asks what the whole message is about."""
    story = (
        "ma cousine a suivi une formation a l'ecole aliioune blndin beye et depuis elle en "
        "parle comme si c'etait harvard moi je connais pas cet endroit on se moque d'elle a la "
        "maison cst koi cette ecole en fait"
    )
    assert _answered(engine, story) == "glossaire-emp"


def test_the_dictated_end_of_a_story_s_question_is_its_question(engine: Engine) -> None:
    """Dictation cut at "euh", "en fait", "je voulais savoir": the last part, itself run
    on, ends with what it asks."""
    dictated = (
        "euh slt en fait je voulaie savoir genre pourkoi la minusa elle a aide les inspeltions "
        "de l'armee euh c'etait pour koi exactement"
    )
    assert _answered(engine, dictated) == "redevabilite-inspections"


def test_a_figure_asked_with_a_typo_in_what_is_counted_is_still_given(engine: Engine) -> None:
    """ "persones", "meembres": the people counted are the ones the answer gives a figure for,
    not a detail the sheet lacks."""
    assert _answered(engine, "kombien de meembres de la pej ont ete formes") == (
        "formations-pej-assistants"
    )
    # a count the answer does not give is still said missing
    reply = engine.reply("cb de jernes de kidal font partie de la pej")
    assert reply.outcome is not Outcome.ANSWER


def test_a_list_is_not_answered_for_the_one_topic_a_story_names(engine: Engine) -> None:
    """ "Avec quels partenaires ?" alone asks for all the partners; after a story about one
    training, for that training's: the whole message decides, and hesitates."""
    assert engine.reply("avec quels partenaires ?").intent == "partenaires"
    reply = engine.reply(
        "Salut, moi c'est Adama, je suis de Gao. Mon cousin a suivi une formation sur le genre "
        "avec sa commission. C'était avec quels partenaires ?"
    )
    assert reply.verdict is not None
    assert reply.outcome is Outcome.SUGGEST, reply.verdict
    assert reply.verdict.suggestions[0] == "formation-genre"
    # a list question that names its own subject is answered, whatever the story is about
    named = engine.reply(
        "Je prépare un exposé sur l'appui de l'ONU à la réforme de la sécurité au Mali. "
        "Quels étaient les axes de travail de la section RSS-DDR ?"
    )
    assert named.intent == "axes-prioritaires", named.verdict


@pytest.mark.parametrize(
    ("question", "said", "topics"),
    [
        (
            "stp comment je fais pour m'inscrire dans la PEJ ?",
            texts.MISSING_DETAIL["procedure"],
            {"glossaire-pej", "plateforme-pej"},
        ),
        (
            "la PEJ après 2017 elle est devenue quoi ?",
            texts.MISSING_DETAIL["now"].format(year=texts.SOURCE_YEAR),
            {"glossaire-pej", "plateforme-pej"},
        ),
    ],
)
def test_a_detail_asked_about_a_topic_the_bot_cannot_place_whole(
    engine: Engine, question: str, said: str, topics: set[str]
) -> None:
    """The words asking for the detail made the matcher give up ("Désolé…"); without them,
    the topic is clear, and its answer lacks the detail."""
    reply = engine.reply(question)
    assert reply.verdict is not None
    assert reply.outcome is Outcome.FALLBACK
    assert reply.text.startswith(said), reply.text
    assert set(reply.verdict.suggestions) & topics


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Bonjour, je suis de Kidal, c'est quoi le MOC ?", "glossaire-moc"),
        ("Bonjour, je m'appelle Kadia, et je voudrais savoir ce qu'est la RSS", "glossaire-rss"),
    ],
)
def test_who_writes_is_never_a_second_topic(engine: Engine, question: str, intent: str) -> None:
    """ "Bonjour, je m'appelle Kadia" alone reads as "Qui es-tu ?"; before a question, it
    introduces: no second topic, no "Qui es-tu ?" button."""
    reply = engine.reply(question)
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == (intent, None)
    assert "bot-identite" not in [b.intent_id for b in reply.buttons]


def test_a_yes_or_no_is_never_all_the_sheet_is_said_to_say(engine: Engine) -> None:
    """ "Ce qu'elle dit à ce sujet : Non." told nothing (and unsure of the topic, the bot says
    nothing of it: it only offers it)."""
    for question in ("qui préside le Mali ?", "le retrait de la minusma a coute combien ?"):
        reply = engine.reply(question)
        assert reply.text.startswith("La fiche ne donne"), question
        said = [line for line in reply.text.splitlines() if line.startswith("Ce q")]
        assert all(len(line.split(":", 1)[1].split()) > 3 for line in said), reply.text


def test_a_question_the_bot_offers_is_not_turned_into_a_missing_detail(engine: Engine) -> None:
    """Offered "La MINUSMA est-elle encore au Mali ?", it is not told the places instead."""
    reply = engine.reply("après 2017 qu'est-ce qui s'est passé au Mali ?")
    assert reply.verdict is not None
    assert "minusma-depart" in reply.verdict.suggestions


@pytest.mark.parametrize(
    ("message", "intents"),
    [
        (
            "mes messages ici sont enregistrés ? autre chose c koi le CNRSS",
            ("bot-donnees", "glossaire-cnrss"),
        ),
        (
            "mes messages sont enregistrés quelque part? au fait qui a fait ce bot",
            ("bot-donnees", "bot-createur"),
        ),
        ("tes infos c fiable? ca vient de quel document", ("source-information", None)),
    ],
)
def test_a_yes_or_no_ask_before_another_is_answered_with_it(
    engine: Engine, message: str, intents: tuple[str, str | None]
) -> None:
    """The first half lost its question mark: "mes messages sont enregistrés" did not ask."""
    reply = engine.reply(message)
    assert reply.verdict is not None
    assert (reply.outcome, reply.intent, reply.verdict.also) == (Outcome.ANSWER, *intents)


def test_the_meaning_of_another_word_is_not_the_acronym_s(engine: Engine) -> None:
    """ "le mot redevabilité ça veut dire quoi" asks about redevabilité, not the MINUSMA
    the second ask names."""
    reply = engine.reply(
        "le mot redevabilité sa veut dire quoi et la minusma a fait quoi pour les inspections "
        "de l'armée"
    )
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "redevabilite-inspections")


@pytest.mark.parametrize(
    "message",
    [
        "Qui a aidé a créer la plateforme des jeunes, et combien de membres ont été formés ?",
        "1) la PEJ a ete creee avec qui 2) combien de membres ont ete formés",
    ],
)
def test_a_figure_another_topic_gives_is_not_said_to_be_missing(
    engine: Engine, message: str
) -> None:
    """It said "La fiche ne donne pas ce chiffre" for the platform: the training gives 175."""
    reply = engine.reply(message)
    assert reply.verdict is not None
    assert (reply.outcome, reply.intent, reply.verdict.also) == (
        Outcome.ANSWER,
        "plateforme-pej",
        "formations-pej-assistants",
    )
    assert "ne donne pas" not in reply.text


def test_an_off_topic_half_does_not_sink_the_half_the_bot_can_answer(engine: Engine) -> None:
    """The year of the football half made the whole message a missing year; the MOC half
    is answered alone."""
    reply = engine.reply("c'est quoi le MOC ? et qui a gagné la CAN en 2024 ?")
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "glossaire-moc")
    assert reply.verdict is not None
    assert reply.verdict.also is None


def test_the_topic_the_other_half_offers_is_a_button_under_the_answer(engine: Engine) -> None:
    """The PEV half alone would only be offered: it is not answered, but not lost either."""
    reply = engine.reply("c koi l'Accord pour la paix et la PEV ca sert a quoi")
    assert reply.intent == "glossaire-accord-paix"
    assert reply.buttons[0].intent_id == "glossaire-pev"
    assert engine.reply("c koi le moc").buttons[0].intent_id != "glossaire-pev"
    # "c koi la PEV" asks what the acronym is: both answered
    both = engine.reply("c koi l'Accord pour la paix et c koi la PEV").verdict
    assert both is not None
    assert (both.intent, both.also) == ("glossaire-accord-paix", "glossaire-pev")
    # the whole unsure, but leaning to the name asked clearly: that one answered, the other
    # offered (not only "Vouliez-vous dire" with the first, the second lost)
    reply = engine.reply("le commissariat a la rss cest koi ? et rss tt court ca vetu dire koi")
    assert reply.intent == "glossaire-commissariat-rss"
    assert "glossaire-rss" in [b.intent_id for b in reply.buttons]
    # "…et avec qui" is no "Qui es-tu ?": a half about the bot addresses it
    reply = engine.reply(
        "euh bonjour bon en fait je voulais demander la plateforme des jeunes la pej elle a ete "
        "creee comment et avec qui"
    )
    assert reply.intent == "plateforme-pej"
    assert "bot-identite" not in [b.intent_id for b in reply.buttons]


def test_a_topic_and_a_remark_about_the_bot_are_not_two_topics(engine: Engine) -> None:
    """ "walaï je sais pas" alone asks for help; after a question on a topic, it is a
    remark: no "Aide" section. Two questions about the bot are still both answered."""
    reply = engine.reply("frérot les camps du MOC c'était dans kel ville, walaï je sais pas")
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == ("camps-moc", None)
    both = engine.reply("t ki toi ? et tes infos viennent d'où ?").verdict
    assert both is not None
    assert {both.intent, both.also} == {"bot-identite", "source-information"}


def test_a_street_interjection_is_no_call_for_help(engine: Engine) -> None:
    """ "akié" ("ah bon !") was corrected to "aide", a second topic before the camps."""
    reply = engine.reply("akié frère, les camps du MOC là, c koi")
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == ("camps-moc", None)


def test_the_greeting_of_a_story_is_no_answer_to_its_question(engine: Engine) -> None:
    """Answered "Bonjour et bienvenue", the question was logged as answered and staff never
    saw it among the unanswered ones."""
    for message in (
        "I ni sogoma. Je suis Kadia, je vis à Ségou, quartier Pelengana. Mon oncle dit que "
        "l'ONU payait les salaires des soldats maliens. C'est vrai ça ?",
        "I ni sogoma. Je suis Kadia, j'habite Gao. On dit que la MINUSMA a formé des jeunes. "
        "Est-ce que c'est vrai ?",
    ):
        reply = engine.reply(message)
        assert reply.outcome is not Outcome.ANSWER, (message, reply.verdict)
    assert engine.reply("Bonjour, ça va ?").intent == "salutation"


def test_a_date_asked_about_no_topic_is_not_a_missing_date(engine: Engine) -> None:
    assert not engine.reply("les Aigles du Mali jouent quand ?").text.startswith("La fiche")


def test_an_introduction_is_not_answered_as_a_second_question(engine: Engine) -> None:
    """ "Je m'appelle Assitan" alone reads as "who are you?"; in a story, it introduces."""
    reply = engine.reply(
        "Bonsoir. Je m'appelle Assitan, je suis juriste stagiaire. Mon patron m'a parlé d'une "
        "loi de programmation de la sécurité intérieure. La MINUSMA y a participé ? Elle a "
        "apporté quoi ?"
    )
    assert reply.verdict is not None
    assert (reply.intent, reply.verdict.also) == ("loi-programmation-securite", None)


def test_the_r_of_ddr_said_reinsertion_is_still_the_ddr(engine: Engine) -> None:
    """Mali's national commission says "réinsertion"; the sheet says "réintégration"."""
    reply = engine.reply("la réinsertion des ex-combattants ça se passe comment ?")
    assert reply.verdict is not None
    assert "glossaire-ddr" in (reply.intent, *reply.verdict.suggestions), reply.verdict


def test_a_pronoun_of_the_question_is_read_in_the_clause_before(engine: Engine) -> None:
    """ "C'est quoi ?" names nothing, and the whole story names another topic too; the
    clause just before the question names what it asks about."""
    reply = engine.reply(
        "Bonjour, je suis Awa de Sikasso, je vends des mangues au marché. La PEJ tout le monde "
        "la connaît ici, mais dans la fiche il y a aussi le MATD. C'est quoi ?"
    )
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "glossaire-matd")


def test_after_a_story_street_french_asks_rather_than_greets(engine: Engine) -> None:
    """ "Ça dit quoi ?" is a greeting on its own, and "what does it say?" after a story."""
    assert engine.reply("ca dit quoi").intent == "salutation"
    reply = engine.reply(
        "Bonsoir, je suis Modibo, j'ai 22 ans, je suis de Nioro du Sahel. Au grin on parlait "
        "de la resolution 2364 du conseil de securite. Ca dit quoi ?"
    )
    assert (reply.outcome, reply.intent) == (Outcome.ANSWER, "resolution-2364")


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # the greeting made the bot hesitate between itself and the question: "Désolé…"
        ("aw ni ce, EMP c koi?", "glossaire-emp"),
        # "explik" (SMS) did not ask: the greeting was answered
        ("i ka kɛnɛ wa? explik moi demobilisation", "glossaire-ddr"),
    ],
)
def test_a_greeting_that_dilutes_a_question_does_not_hide_it(
    engine: Engine, question: str, intent: str
) -> None:
    assert engine.reply(question).intent == intent


def test_welcome_states_the_date_of_the_information(engine: Engine) -> None:
    reply = engine.welcome()
    assert "2017" in reply.text
    assert reply.outcome is None
    assert len(reply.buttons) == len(engine.kb.menu_ids)


def test_topic_opens_an_intent_and_unknown_topic_is_polite(engine: Engine) -> None:
    assert engine.topic("glossaire-moc").intent == "glossaire-moc"
    assert engine.topic("glossaire-moc").verdict.score == 100.0
    old = engine.topic("supprime-depuis")
    assert "n'est plus valable" in old.text
    assert old.outcome is None


def test_none_of_these_invites_to_rephrase(engine: Engine) -> None:
    reply = engine.none_of_these()
    assert "reformuler" in reply.text
    assert reply.buttons


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \n\t ",
        "x" * 10_000,
        "c koi le moc " * 800,
        "🙂🔥🇲🇱👍🏾",
        "\x00\x01\x1b[2J\u200b\u200e\u202e",
        "ما هو الإصلاح",
        "安全部门改革",
        "<b>hack</b> &amp; <script>",
        "\ud800",
    ],
)
def test_bad_input_gets_a_reply(engine: Engine, question: str) -> None:
    reply = engine.reply(question)
    assert reply.text
    assert reply.outcome in (Outcome.ANSWER, Outcome.SUGGEST, Outcome.FALLBACK)


def test_a_story_longer_than_is_read_keeps_its_question_at_the_end(engine: Engine) -> None:
    """Past 1,000 signs a message was cut, and its question with it."""
    told = [
        "Mon pere est commercant au marche et ma mere vend du poisson fume. ",
        "L'annee derniere j'ai eu mon bac et maintenant je suis a l'universite. ",
        "Dans notre quartier, les jeunes parlent souvent de la paix. ",
        "Mon oncle dit que les choses etaient difficiles avant. ",
    ]
    story = "Bonjour, je m'appelle Kadiatou et j'habite a Sevare. " + "".join(told * 15)
    assert len(story) > 3000
    assert _answered(engine, story + "Ma question : c'est quoi le MOC ?") == "glossaire-moc"
    # and a question that opens a long message is still read
    assert _answered(engine, "c'est quoi le MOC ? " + story) == "glossaire-moc"


def test_empty_question_gets_an_example(engine: Engine) -> None:
    assert "c'est quoi le MOC" in engine.reply("  ").text


def test_render_plain_numbers_the_choices(engine: Engine) -> None:
    text = render_plain(engine.menu())
    assert "  1. " in text
    assert "Glossaire" in text


@pytest.mark.parametrize(
    "question", ["je comprends rien au ddr", "bjr stp ki peu mexpliker le ddr jcomprend rien"]
)
def test_not_understanding_is_no_insult(engine: Engine, question: str) -> None:
    """ "je comprends rien" asks for an explanation: never "Restons courtois"."""
    reply = engine.reply(question)
    assert reply.intent != "insulte"
    assert reply.verdict is not None
    assert "insulte" not in reply.verdict.suggestions


@pytest.mark.parametrize(
    "question",
    [
        "svp aidez moi je suis un ex combattant je veux deposer mes armes ou aller",
        "bjr stp ki peu mexpliker le ddr jcomprend rien",
    ],
)
def test_greetings_thanks_and_goodbyes_are_never_offered(engine: Engine, question: str) -> None:
    """A 'Vouliez-vous dire « Au revoir » / « Restons courtois » ?' button helps nobody."""
    reply = engine.reply(question)
    assert reply.verdict is not None
    assert reply.verdict.suggestions
    for intent_id in reply.verdict.suggestions:
        intent = engine.kb.get(intent_id)
        assert intent is not None
        assert intent.kind != "conversation", (question, intent_id)


@pytest.mark.parametrize(
    ("question", "reply_starts"),
    [
        # "d'accord" after an answer is not a question about the peace agreement
        ("d'accord", "🙂 Une autre question"),
        ("ah d'accord", "🙂 Une autre question"),
        ("compris", "🙂 Une autre question"),
        ("ça marche", "🙂 Une autre question"),
        ("👍🏾", "🙂 Une autre question"),
        # "donne moi plus de détails" got the goodbye answer, through the example "a plus"
        ("donne moi plus de détails", "Je lis chaque message seul"),
        ("c'est tout ?", "Je lis chaque message seul"),
        # the bot keeps no thread: "c'est qui ?" was told the bot only covers the RSS
        ("pourquoi ?", "Je vous écoute !"),
        ("c'est qui ?", "Je vous écoute !"),
        ("j'ai une question", "Je vous écoute !"),
        # "mauvaise réponse" was offered 'D'où viennent ces infos ?' and 'Aide'
        ("c'est faux", "Désolé si ma réponse ne vous a pas aidé."),
        ("c pas ce que jai demandé", "Désolé si ma réponse ne vous a pas aidé."),
        # an insult the knowledge base does not know was offered 'Qui es-tu ?' and a topic
        ("t'es con ou quoi", "Je suis là pour répondre calmement"),
        ("espèce d'abruti", "Je suis là pour répondre calmement"),
        # "je peux t'envoyer un vocal ?" and "tu parles bambara ?" were told the bot only
        # covers the RSS
        ("je peux t'envoyer un vocal ? j'écris mal", "Je ne lis que le texte"),
        ("tu parles bambara ?", "Je réponds en français."),
    ],
)
def test_a_message_that_asks_about_no_topic_gets_a_fixed_reply_and_the_menu(
    engine: Engine, question: str, reply_starts: str
) -> None:
    reply = engine.reply(question)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.intent is None
    assert reply.text.startswith(reply_starts)
    assert reply.buttons == engine.menu_buttons()


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("ok d'accord merci", "remerciements"),
        # "rien d'autre" got the insult topic, "c'est tout pour moi" the off-topic text
        ("rien d'autre", "au-revoir"),
        ("c'est tout pour moi", "au-revoir"),
        # someone afraid of being reported got the courtesy text
        ("si je te dis que mon frère était armé, tu vas le dire à la police ?", "bot-donnees"),
        # afraid of being found out, or suspecting the bot: what it keeps, who runs it
        ("j'ai peur de parler ici, c'est sécurisé au moins ?", "bot-donnees"),
        ("est-ce que vous travaillez pour l'armée ? dites la vérité", "bot-createur"),
        ("tu es un espion des fama ou quoi", "bot-createur"),
        # only words the matcher sets aside as politeness: it fell back
        ("qu'est-ce que je peux te demander ?", "aide"),
        ("je peux te demander c koi le moc", "glossaire-moc"),
        ("c'est quoi l'accord pour la paix ?", "glossaire-accord-paix"),
        ("d'accord, et c'est quoi le MOC ?", "glossaire-moc"),
        ("qui es-tu ?", "bot-identite"),
        ("t'es nul", "insulte"),
        # "infos" pulled towards 'D'où viennent ces infos ?', "plus" towards "a plus"
        ("plus d'infos sur la PEJ stp", "glossaire-pej"),
        ("je veux en savoir plus sur le MOC", "glossaire-moc"),
        ("plus de détails sur la PEJ", "glossaire-pej"),
    ],
)
def test_thanks_the_bot_insults_and_named_topics_are_still_answered(
    engine: Engine, question: str, intent: str
) -> None:
    assert engine.reply(question).intent == intent


def test_hesitating_only_between_courtesies_invites_a_question(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(engine.kb, engine.matcher)  # its own reply cache
    hesitant = engine.matcher.match("bonjour")
    greeting = hesitant.ranked[0]
    assert engine.kb.get(greeting.intent_id).kind == "conversation"
    monkeypatch.setattr(
        engine,
        "_matched",
        lambda question: dataclasses.replace(
            hesitant, outcome=Outcome.SUGGEST, candidates=(greeting,), score=60.0
        ),
    )
    reply = engine.reply("walaï tu m'as trop aidé")
    assert reply.outcome is Outcome.FALLBACK
    assert reply.verdict is not None
    assert reply.verdict.suggestions == ()
    assert reply.text.startswith("Je suis l'assistant RSS-DDR : posez-moi une question")
    assert "Désolé" not in reply.text


@pytest.mark.parametrize(
    ("message", "forget"),
    [
        ("supprime mes données", True),
        ("stp supprime tout ce que je t'ai envoyé, mes données, tout", True),
        ("oubliez tout ce qu'on s'est dit", True),
        ("efface tout", True),
        ("est-ce que tu peux effacer mes données ?", True),
        ("n'oublie pas mes questions", False),
        ("comment supprimer mes données ?", False),
        ("la minusma a supprimé des postes", False),
        ("comment on fait pour oublier quelqu'un ?", False),
    ],
)
def test_a_request_to_erase_in_one_s_own_words_asks_for_confirmation(
    engine: Engine, message: str, forget: bool
) -> None:
    """ "stp supprime tout ce que je t'ai envoyé" was offered 'Mes messages sont-ils
    enregistrés ?'; it now gets the Oui / Non question, which alone erases anything."""
    assert asks_to_forget(message) is forget
    reply = engine.reply(message)
    assert (ACTION_FORGET in [b.action for b in reply.buttons]) is forget


def test_a_year_in_the_story_is_not_the_year_asked_about(engine: Engine) -> None:
    """ "La fiche date de 2017 : elle ne dit rien de 2012." answered a question that asked
    no year: the year was in the story around it."""
    reply = engine.reply(
        "salam. je vous explique: mon cousin était dans un groupe armé en 2012, aujourd'hui "
        "il fait du commerce à Ségou. Il a entendu parler du DDR. le DDR c'est quoi exactement ?"
    )
    assert "2012" not in reply.text
    assert reply.verdict is not None
    assert "glossaire-ddr" in (reply.verdict.intent, *reply.verdict.suggestions)


def _answered(engine: Engine, question: str) -> str | None:
    """The intent the engine answers directly, or None when it does not answer."""
    reply = engine.reply(question)
    assert reply.verdict is not None
    return reply.intent if reply.verdict.outcome is Outcome.ANSWER else None


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("la minus ma est encore au mali", "minusma-depart"),
        ("c'est quoi la ré solution deux mille trois cent soixante quatre", "resolution-2364"),
        ("la plate forme des jeunes c'est quoi", "plateforme-pej"),
    ],
)
def test_a_word_dictation_split_is_read_whole(engine: Engine, question: str, intent: str) -> None:
    assert _answered(engine, question) == intent


def test_the_peace_agreement_is_known_by_its_common_name(engine: Engine) -> None:
    """The sheet says "Accord pour la paix"; people say "l'Accord d'Alger"."""
    assert _answered(engine, "l'accord d'alger c'est quoi exactement") == "glossaire-accord-paix"
    assert _answered(engine, "c koi l accord d alger") == "glossaire-accord-paix"


def test_a_dictated_stutter_does_not_hide_the_topic(engine: Engine) -> None:
    reply = engine.reply(
        "euh la minusma elle a fait quoi quoi pour le conseil national pour la réforme du du "
        "secteur de la sécurité"
    )
    assert reply.verdict is not None
    assert reply.verdict.outcome is not Outcome.FALLBACK
    assert reply.buttons[0].intent_id == "conseil-national-rss"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("aw ni ce, la MINUSMA est encore au Mali ?", "minusma-depart"),
        ("i ni sogoma, c'est quoi le MOC ?", "glossaire-moc"),
        ("i ni ce kosɛbɛ, ça m'a bien aidé", "remerciements"),
        ("aw ni ce", "salutation"),
        # "a ka kan ka dɔn" (I need to know) is no "quand"
        (
            "i ni sogoma, les jeunes de la PEJ ils ont été formés combien, a ka kan ka dɔn",
            "formations-pej-assistants",
        ),
        ("walahi n ma famu, le MOC c koi", "glossaire-moc"),  # no "Glossaire" beside it
        ("merci walahi tu m as bien aidé", "remerciements"),
        ("i ni ce bot", "salutation"),
        ("tu sais quoi sur les frontières ?", "axe-frontieres-armes"),  # what it knows of a topic
    ],
)
def test_a_bambara_greeting_does_not_hide_the_question(
    engine: Engine, question: str, intent: str
) -> None:
    assert _answered(engine, question) == intent


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        (
            "la résolution deux mille trois cent soixante quatre deux mille dix sept c est quoi",
            "resolution-2364",
        ),
        ("les soixante quinze membres formés sur le genre c'était de quelle commission", None),
        ("mille mercis", "remerciements"),
    ],
)
def test_numbers_dictated_in_words_are_understood(
    engine: Engine, message: str, intent: str | None
) -> None:
    """Voice dictation spells the sheet's figures out; 75 is the gender training's."""
    reply = engine.reply(message)
    if intent is None:  # asks a detail the sheet does not give: the topic is still named
        assert reply.verdict is not None
        assert "formation-genre" in (reply.intent, *reply.verdict.suggestions)
    else:
        assert _answered(engine, message) == intent


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("hɛrɛ sira", "au-revoir"),  # a night in peace: good night
        ("k'an bɛn sini", "au-revoir"),  # let us meet tomorrow
        ("k'an ben sini, ca va aller", "au-revoir"),
        ("Ala ka baraji don", "remerciements"),  # may God reward you
        ("barika, Allah ka baraka don i la", "remerciements"),  # may God bless you
        # several clauses of Malian politeness
        ("I ni ce ! I ka kɛnɛ wa ? Somɔgɔw ka kɛnɛ wa ? Allah ka hɛrɛ caya.", "salutation"),
        ("Barika ba, i ni ce ! Tes explications m'ont beaucoup aidé.", "remerciements"),
        ("bon je vais dormir, k'an bɛn sini. Allah ka su hɛrɛ caya", "au-revoir"),
        ("a ni ce kosebe pour les infos, Ala ka baraji don", "remerciements"),
    ],
)
def test_bambara_goodbyes_and_thanks_are_understood(
    engine: Engine, message: str, intent: str
) -> None:
    assert _answered(engine, message) == intent


@pytest.mark.parametrize(
    "message",
    [
        "c'est comment ?",
        "bonsoir le bot, c'est comment ?",
        "salut la team",
        "Bonsoir a toute l equipe",  # no "Appui au Conseil National" for "équipé"
    ],
)
def test_how_is_it_going_is_greeted(engine: Engine, message: str) -> None:
    """Not "Je vous écoute !… écrivez votre question avec son sujet"."""
    assert _answered(engine, message) == "salutation"


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Le Commissariat à la RSS est dirigé par qui ?", "ne donne pas ce nom"),
        ("wesh comment je rejoins l'unité anti-braconnage frère", "comment s'inscrire"),
        ("c koi le numero de la resolution d'avant la 2364", "aucune autre résolution"),
        ("l atelier de validation s est tenu dans quelle salle", "ne précise pas ce lieu"),
        # what a text contains, what an action changed
        (
            "Que dit exactement la loi de programmation de la sécurité intérieure ? Quels sont "
            "ses articles ?",
            "ne donne pas le contenu",
        ),
        (
            "Est-ce que le braconnage a diminué dans le Gourma depuis la création de l'unité "
            "mixte ?",
            "ne dit rien des effets",
        ),
        # a figure heard and checked, a link to a text
        ("il parait qu'il y avait 3000 combattants ds le camp MOC de Gao, c vrai ?", "chiffre"),
        (
            "tu peux m'envoyer le lien pour télécharger la stratégie nationale contre le "
            "terrorisme ?",
            "ni lien ni copie",
        ),
    ],
)
def test_a_head_a_way_in_and_another_resolution_are_said_missing(
    engine: Engine, question: str, said: str
) -> None:
    reply = engine.reply(question)
    assert reply.verdict is not None
    assert reply.verdict.outcome is Outcome.FALLBACK
    assert said in reply.text
    assert reply.buttons  # the topic it knows, as a button


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("c koi lEMP", "glossaire-emp"),
        ("pk l'onu a aidé les inspections de larmée", "redevabilite-inspections"),
    ],
)
def test_an_elision_without_its_apostrophe_is_read(
    engine: Engine, question: str, intent: str
) -> None:
    assert _answered(engine, question) == intent


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("c'est quoi l'ère esse esse", "glossaire-rss"),
        ("c'est quoi le cé enne ji", "glossaire-cnj"),
        ("c koi a l p c", "glossaire-alpc"),
        ("pé eu vé ça veut dire quoi", "glossaire-pev"),
        ("c'est quoi le aime o c", "glossaire-moc"),
        ("explique moi les fa ma c'est qui", "glossaire-fama"),
    ],
)
def test_an_acronym_spelled_aloud_is_answered(engine: Engine, question: str, intent: str) -> None:
    assert _answered(engine, question) == intent


def test_a_served_engine_is_warmed_up_before_the_first_question(model_cache: Path) -> None:
    """Built from its disk cache, the engine a door serves has loaded the French word list
    the first answer reads: the first person to write does not wait for it."""
    script = (
        "import sys; import rss_bot.lexicon as lexicon; from pathlib import Path;"
        " from rss_bot.knowledge import load; from rss_bot.live import build_engine;"
        " build_engine(load('knowledge'), Path(sys.argv[1])); print(lexicon._FRENCH is not None)"
    )
    # The run's shared cache: the second start reads the model from it, written by the
    # first start if no test had trained it yet.
    for _ in range(2):
        started = subprocess.run(
            [sys.executable, "-c", script, str(model_cache)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    assert started.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        # a greeting clause, then an ask that runs across several clauses
        (
            "i ka kɛnɛ wa? CNJ ko, conseil national de la jeunesse wa? c koi exactement",
            "glossaire-cnj",
        ),
        # a message that goes on from an earlier one: the opening "et" asks nothing
        ("et PEV c koi dans la strategie antiterro", "glossaire-pev"),
        ("ok et a bamako ils ont fait quoi", "lieux-actions"),
        # what became of the mission is the answer wherever the person lives
        ("LA MINUSMA EST TOUJOURS A MENAKA OU ELLE EST PARTIE ???", "minusma-depart"),
        # a place the base names in an off-topic question is no "à demain"
        ("il va pleuvoir demain a tombouctou?", None),
        # nor words only the off-topic list uses "à la prochaine"; "aujourd'hui" is no such
        ("les aigles vont gagner la prochaine CAN ?", None),
        ("Comment tu vas aujourd'hui ?", "salutation"),
        ("mes messages ici tu les gardes? qlq1 peut les lire?", "bot-donnees"),
    ],
)
def test_messages_of_people_in_and_around_the_security_forces(
    engine: Engine, message: str, intent: str | None
) -> None:
    assert _answered(engine, message) == intent


@pytest.mark.parametrize(
    ("message", "first", "second"),
    [
        ("FAMA et ALPC c quoi svp", "glossaire-fama", "glossaire-alpc"),
        (
            "DDR ca veut dire koi? et RSS aussi? on me dit ca tout le temps au camp",
            "glossaire-ddr",
            "glossaire-rss",
        ),
    ],
)
def test_two_short_names_asked_together_are_both_answered(
    engine: Engine, message: str, first: str, second: str
) -> None:
    reply = engine.reply(message)
    assert reply.verdict is not None
    assert reply.verdict.outcome is Outcome.ANSWER
    assert (reply.verdict.intent, reply.verdict.also) == (first, second)


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        # greetings, thanks and blessings in the languages of Mali besides Bambara
        ("FOFO 😁 mate ni go ?", "salutation"),
        ("jam waali", "salutation"),
        ("a jaraama, merci bcp 🙏🙏🙏", "remerciements"),
        ("tanemmert, barka Allah", "remerciements"),
        ("Jam waali 🙏 c koi le MOC inchallah ?", "glossaire-moc"),
        ("euh les trois axe la tu peux me les dire un par un inchallah", "axes-prioritaires"),
        # words typed without spaces, English, Bambara
        ("cestquoilerole desjeunes dans laveille democratique", "jeunesse-veille-democratique"),
        ("what does DDR stand for?", "glossaire-ddr"),
        # one everyday word after an off-topic story is no topic asked ("conseil": advice)
        ("je veux marier une fille peule mais ses parents refusent, conseil stp 😢", None),
    ],
)
def test_messages_in_the_many_languages_and_spellings_of_mali(
    engine: Engine, message: str, intent: str | None
) -> None:
    assert _answered(engine, message) == intent


def test_an_insult_in_street_french_gets_a_calm_sentence(engine: Engine) -> None:
    reply = engine.reply("t'es nul toi, bot de gaou 😡😡")
    assert reply.text == texts.INSULT
    assert reply.buttons


def test_bambara_words_in_a_question_are_read(engine: Engine) -> None:
    """ "an bɛ" opens the question as a greeting; "kamalenw ka baara ye mun ye": what is the
    youths' work; "kalanso": a school."""
    reply = engine.reply("an bɛ, kamalenw ka baara ye mun ye dans la RSS-DDR la ?")
    assert reply.verdict is not None
    assert "jeunesse-veille-democratique" in (reply.verdict.intent, *reply.verdict.suggestions)
    assert _answered(engine, "an bɛ sini") == "au-revoir"
    reply = engine.reply("awa, EMP la, kalanso de quoi ? c'est à Bamako ?")
    assert reply.verdict is not None
    assert "glossaire-emp" in (reply.verdict.intent, *reply.verdict.suggestions)


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        # a guess at what an acronym is, to check
        ("MOC c'est Mouvement Opérationnel de Combat non ?", "glossaire-moc"),
        ("FAMA = forces aériennes du mali ? 🤔", "glossaire-fama"),
        ("CNJ c le Comité National des Jeunes ?", "glossaire-cnj"),
        ("la MINUSMA c'est fini ?", "minusma-depart"),  # what became of it, not its name
        # a rumour checked in Bambara ("a ye tiɲɛ ye wa ?": is it true?)
        (
            "ayiwa, on dit que la minusma donnait l'argent aux rebelles dans les camps MOC, a "
            "ye tien ye wa ?",
            "camps-moc",
        ),
        ("n teri, minusma taara wa ?", "minusma-depart"),  # has MINUSMA left?
        # thanks that tell something, not a topic ("fini" is no end of the mission)
        ("merci bcp, mon exposé est fini grace a toi 🙏", "remerciements"),
    ],
)
def test_what_people_heard_or_read_and_check(
    engine: Engine, message: str, intent: str | None
) -> None:
    assert _answered(engine, message) == intent


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("c koi le MOCHE ?? *MOC pardon", "glossaire-moc"),
        ("kelle formation sur le jeûne ? *genre 😅", "formation-genre"),
        ("la minusma a fait quoi pour le Carrés ?? *CNRSS", "conseil-national-rss"),
        ("Les camps du mode à Gao et Kidal la minusma faisait koi la bas ? (MOC dsl)", "camps-moc"),
    ],
)
def test_a_word_the_phone_changed_and_the_writer_corrected_is_read_as_corrected(
    engine: Engine, question: str, intent: str
) -> None:
    assert _answered(engine, question) == intent


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("dis-moi c'est quoi les des des R virgule le désarmement là", "glossaire-ddr"),
        ("Ça veut dire quoi D DR", "glossaire-ddr"),
        (
            "dites-moi les trois axes de la section èrèss dédéèr s'il vous plaît",
            "axes-prioritaires",
        ),
        ("c'est quoi alpécé", "glossaire-alpc"),
    ],
)
def test_dictated_punctuation_and_acronyms_cut_or_spelled_by_ear_are_read(
    engine: Engine, question: str, intent: str
) -> None:
    assert _answered(engine, question) == intent


def test_a_story_between_commas_does_not_hide_its_question(engine: Engine) -> None:
    question = (
        "On a un débat au lycée demain sur la sécurité au Mali, je dois présenter les grands "
        "axes de la MINUSMA sur la RSS, tu peux me les donner ?"
    )
    assert _answered(engine, question) == "axes-prioritaires"
    # Two asks between commas are not a story: the bot does not pick one of them.
    assert (
        _answered(
            engine,
            "bonjour je suis animateur de jeunesse a mopti je crois qu'ya eu une campagne "
            "d'information pr les jeunes chez nous c'etait organise aec ki, et c passe ds kel "
            "autres villes",
        )
        != "lieux-actions"
    )


def _answered_or_offered(engine: Engine, message: str) -> tuple[str | None, ...]:
    """The topic a reply answers, then the topics it offers."""
    reply = engine.reply(message)
    assert reply.verdict is not None
    return (reply.intent, *reply.verdict.suggestions)


def test_what_that_refers_to_is_looked_for_in_the_sentence_before(engine: Engine) -> None:
    """ "la part de la MINUSMA dans ça" is not its departure: "ça" is the strategy."""
    reached = _answered_or_offered(
        engine,
        "Hier à la radio ils ont parlé de prévention de l'extrémisme violent et de stratégie "
        "nationale. Moi je veux savoir la part de la MINUSMA dans ça",
    )
    assert reached[0] != "minusma-depart"
    assert "strategie-antiterrorisme" in reached


def test_an_insult_with_a_complaint_gets_a_calm_sentence(engine: Engine) -> None:
    reply = engine.reply("toi tu es gaou ou quoi, tu réponds nimporte koi")
    assert reply.text == texts.INSULT


def test_the_town_of_a_campaign_poster_is_not_what_is_asked(engine: Engine) -> None:
    """Posters in several towns send people to the bot: where they saw it is no question."""
    reply = engine.reply("A Bougouni l'affiche parle de trois axes prioritaires. C'est quoi?")
    assert reply.intent == "axes-prioritaires"
    assert "Bougouni" not in reply.text
    assert engine.reply("j'ai vu votre affiche a Bandiagara, PEV ça veut dire quoi ?").intent == (
        "glossaire-pev"
    )
    # a town asked about is still one the sheet does not cite
    asked = engine.reply("les camps du MOC a Bandiagara c'est ou ?")
    assert asked.text.startswith("La fiche ne cite pas Bandiagara.")


def test_still_there_is_asked_of_what_became_of_it_not_of_a_name(engine: Engine) -> None:
    """ "la minusma est encore là ou bien" asks about the departure, not what MINUSMA means."""
    for message in (
        "minusma est encore la ou bien elle est partie parce que moi je sais plus",
        "Hier au grin un ami a dit que la MINUSMA était partie, un autre disait non elle est "
        "toujours là. Qui a raison ?",
    ):
        assert engine.reply(message).intent == "minusma-depart"
    poster = (
        "Bonsoir, sur une affiche a Kayes il y a le logo de la MINUSMA. Mais elle est encore la "
        "la MINUSMA? Je croyais qu'elle etait partie."
    )
    assert engine.reply(poster).intent == "minusma-depart"  # not what MINUSMA stands for
    reply = engine.reply("aw ni sogoma, la minusma est encore la ou bien")
    assert reply.intent != "glossaire-minusma"
    assert reply.verdict is not None
    assert "minusma-depart" in (reply.intent, *reply.verdict.suggestions)


def _sections(engine: Engine, message: str) -> tuple[str | None, str | None]:
    """The topic a reply answers and the second one it adds, if any."""
    reply = engine.reply(message)
    assert reply.verdict is not None
    return reply.intent, reply.verdict.also


def test_a_partner_asked_after_a_campaign_is_the_campaign_s(engine: Engine) -> None:
    """ "… elle a été faite où et avec quel partenaire ?" asks the campaign's, not them all."""
    message = (
        "l'affiche a Mopti parle d'une campagne d'information des jeunes. elle a ete faite ou "
        "et avec quel partenaire?"
    )
    assert _sections(engine, message) == ("campagne-information-jeunes", None)


def test_not_knowing_what_a_name_means_is_no_question_about_the_bot(engine: Engine) -> None:
    message = (
        "bonjour euh je voulais demander la pej ça veut dire quoi parce que sur le groupe "
        "whatsapp tout le monde dit pej et moi je sais pas c'est quoi le sens"
    )
    assert _sections(engine, message) == ("glossaire-pej", None)
    # not knowing how the bot works is a question about it
    both = "c'est quoi le DDR ? et moi je sais pas comment tu marches, tu peux m'expliquer ?"
    assert _sections(engine, both) == ("glossaire-ddr", "aide")


def test_a_question_asked_before_the_writer_introduces_themself_is_read(engine: Engine) -> None:
    """Dictated or typed without full stops, the question first, then who is writing."""
    reply = engine.reply(
        "slt, ma question c koi exactement la plateforme pej rss-ddr et qui a aide a la cerer "
        "je m'appelle fatoumata g 22 ans et je fais la couture a magnambougou ma cousine me dit "
        "qu'elle est dedans depuis longtemps et elle veut que je vienne aussi"
    )
    assert reply.intent == "plateforme-pej"
    story = (
        "a kidal dans le quarier il y a des anciens combattants ki parlent tt le teemps de ddr "
        "d'integration, de cantonnement je fias semblant de comprendre"
    )
    for told in (
        "moi c hamidou, 30 ans mecanicie",
        "jsuis hamidou 30 ans mecanicie",
        "je m'apel hamidou je suis mecanicie",
        "jm'appelle hamidou je suis mecanicie",
        "mon nom c hamidou je suis mecanicie",
    ):
        message = f"je voulais demander d'abord ddr ca veut diire koi exactement {told} {story}"
        assert engine.reply(message).intent == "glossaire-ddr"
    # unsure of the ask, the bot offers its topics rather than nothing
    unsure = engine.reply(
        "slt ma question cest qui a cree la pej je m appelle awa jai 20 ans je suis eleve a "
        "sikasso et mon prof nous en a parle"
    )
    assert unsure.verdict is not None
    assert "plateforme-pej" in unsure.verdict.suggestions


def test_what_to_do_about_one_s_own_situation_is_off_topic(engine: Engine) -> None:
    """ "je fais quoi ?" after a situation the base knows nothing of is no question about
    what the bot can do; alone, it still is."""
    for message in (
        "ma copine me répond plus, je fais quoi ?",
        "mon voisin met sa musique a fond toute la nuit. je peux faire quoi?",
    ):
        reply = engine.reply(message)
        assert reply.outcome is Outcome.FALLBACK
        assert reply.text.startswith("Je réponds seulement aux questions")
    assert engine.reply("je peux faire quoi ?").intent == "aide"
    # a situation the base knows gets what the sheet says of it
    joining = engine.reply("je veux rejoindre la PEJ, je fais comment ?")
    assert joining.text.startswith("La fiche n'explique pas comment")
    # and one about the bot gets its answer ("/oublier" to erase)
    assert engine.reply("je veux effacer mes messages je fais comment ?").intent == "bot-donnees"
    assert engine.reply("comment je fais pour utiliser ce bot").intent == "aide"


def test_this_commission_is_the_one_the_sentence_before_names(engine: Engine) -> None:
    """ "cette commission", "cette organisation": the acronym the sentence before names."""
    for message, intent in (
        (
            "Mon oncle travaille a Bamako dans la commission pour le desarmement, la CNDR je "
            "crois. C quoi le travail de cette commission?",
            "glossaire-cnddr",
        ),
        (
            "J ai 19 ans, je suis a Kita. Dans un groupe WhatsApp de filles on parle de ONU "
            "FEMME mais personne sait vraiment. C est quoi cette organisation?",
            "glossaire-onu-femmes",
        ),
    ):
        assert engine.reply(message).intent == intent
    # what the sentence before names as the end of a longer name is that name
    commissariat = engine.reply(
        "Je suis prof à Kati. Dans un document on cite le Commissariat à la RSS. C'est quoi "
        "exactement ce Commissariat ?"
    )
    assert commissariat.intent == "glossaire-commissariat-rss"
    # nor does "cet accord" stand for the MOC the same sentence names
    accord = engine.reply(
        "mon oncle parle tout le temps de l'Accord pour la paix, il dit que c'est a cause de "
        "lui qu'il y a eu les camps du MOC. mais c'est quoi cet accord au juste"
    )
    assert accord.intent == "glossaire-accord-paix"


def test_a_question_naming_nothing_after_a_story_asks_about_the_story(engine: Engine) -> None:
    """ "Tu peux m'aider ?" alone asks what the bot can do; after a story about the Conseil
    National pour la RSS, it asks about that, which the bot offers rather than its help."""
    reached = _answered_or_offered(
        engine,
        "Je travaille au Conseil National pour la RSS et je dois résumer tout ce que la "
        "MINUSMA a fait pour notre conseil. Tu peux m'aider ?",
    )
    assert reached[0] != "aide"
    assert "conseil-national-rss" in reached
    assert engine.reply("Tu peux m'aider ?").intent == "aide"


def test_a_task_about_something_else_is_off_topic_not_a_question_about_the_bot(
    engine: Engine,
) -> None:
    """ "écris-moi un message d'amour" shares "message" with "Mes messages sont-ils
    enregistrés ?": a task the bot does not do, about what no topic speaks of."""
    reply = engine.reply("écris moi un message d'amour")
    assert reply.outcome is Outcome.FALLBACK
    assert reply.text.startswith("Je réponds seulement aux questions")
    assert engine.reply("tu enregistres mes messages ?").intent == "bot-donnees"


def test_a_request_to_write_about_a_topic_gets_that_topic(engine: Engine) -> None:
    """ "écris-moi ce que tu sais sur le DDR" asks what the DDR is, in other words."""
    for message in (
        "ecris moi ce que tu sais sur le DDR",
        "fais moi un resume sur la reforme du secteur de la securite",
    ):
        reply = engine.reply(message)
        assert reply.intent in ("glossaire-ddr", "glossaire-rss"), message
    assert engine.reply("ecris moi un texte sur l'amour").outcome is Outcome.FALLBACK


def test_a_typo_is_read_as_a_detail_asked_only_when_it_is_a_slip_of_the_keys(
    engine: Engine,
) -> None:
    """ "signaaire" (signataire) is corrected to a word of the base, "salaire", but it asks
    for no amount; "tcrminait" is "terminait", which asks for an end date."""
    story = engine.reply(
        "je suis un ancien combattant d'un mouvement signaaire, la minusma a aide les camps moc "
        "comment ?"
    )
    assert story.intent == "camps-moc"
    ended = engine.reply("le mandat de la resolution 2364 se tcrminait a quelle date ?")
    assert ended.outcome is Outcome.FALLBACK
    assert ended.text.startswith("La fiche ne donne pas cette date.")


def test_a_name_no_answer_gives_is_said_missing_on_a_base_without_kinds(
    model_cache: Path,
) -> None:
    """The town hall's contact answer gives no mayor's name; its hours and numbers are still
    answered (the other details are checked only where topics declare their kind)."""
    kb = load(DATA / "faq_mairie")
    town_hall = Engine(kb, Matcher(kb, cache_dir=model_cache))
    mayor = town_hall.reply("Comment s'appelle le maire de Kanabougou ?")
    assert mayor.outcome is Outcome.FALLBACK
    assert mayor.text.startswith(texts.MISSING_DETAIL["name"])
    assert mayor.verdict is not None
    assert mayor.verdict.suggestions == ("contact",)
    assert town_hall.reply("quel est le numero de la mairie ?").intent == "contact"
    assert town_hall.reply("la mairie ouvre a quelle heure ?").intent == "horaires"


def test_a_rumour_to_check_is_matched_on_its_claim(engine: Engine) -> None:
    """ "on dit que…, c vrai ?": the framing dilutes the claim, which is what is asked."""
    reply = engine.reply("awo, on dit que la minusma est toujours ds le nord, c vrai ?")
    assert reply.intent == "minusma-depart"
    # a figure heard gets the figure the sheet gives
    assert engine.reply("on m a dit ke c 200 jeunes de la pej formes, c vre ?").intent == (
        "formations-pej-assistants"
    )
    # a message passed on, then "what is this story?": its claim, not the MINUSMA's name
    forwarded = engine.reply(
        "Mon cousin a transféré un message qui dit que la MINUSMA a payé pour les documents "
        "de l'armée malienne. c'est quoi cette histoire?"
    )
    assert forwarded.intent == "documents-defense"
    quoted = engine.reply(
        'Transféré: "La MINUSMA finance les camps MOC de Gao, Kidal et Tombouctou"... mais c '
        "koi le MOC même?"
    )
    assert (quoted.intent, quoted.verdict and quoted.verdict.also) == ("glossaire-moc", None)


def test_a_question_naming_a_topic_is_not_offered_the_bot_s_intents_after_it(
    engine: Engine,
) -> None:
    """ "qui a créé PEJ" is no "Qui a fait ce bot ?", which stays for the bot asked."""
    reached = _answered_or_offered(engine, "qui a créé PEJ")
    assert "plateforme-pej" in reached
    assert "bot-createur" not in reached
    assert engine.reply("qui t'a créé ?").intent == "bot-createur"
