"""What a message asks: the question inside a story, two asks at once, a missing detail."""

from __future__ import annotations

import pytest

from rss_bot.message import (
    Detail,
    about,
    asks,
    asks_a_persons_name,
    asks_advice,
    asks_for_help,
    asks_meaning,
    asks_now,
    asks_only_detail,
    claim,
    clauses,
    going_on,
    guesses,
    guesses_a_name,
    halves,
    introduces,
    lists_asks,
    missing_detail,
    named_place,
    points_back,
    referred,
    retyped,
    sets_aside,
    split,
    with_named,
    without_detail,
)
from rss_bot.normalize import words


def test_the_question_of_a_story_is_told_from_its_context() -> None:
    parts = split(
        "Bonjour, je suis Awa, j'habite à Gao. Mon oncle travaille à Mopti. "
        "Qu'est-ce que la PEJ ? Merci beaucoup"
    )
    assert parts.question == "Qu'est-ce que la PEJ ?"
    assert "je suis Awa" in parts.context
    assert "Mopti" in parts.context
    assert "PEJ" not in parts.context


def test_dictation_is_cut_where_people_start_over() -> None:
    found = clauses("bon euh moi je suis de gao en fait je voulais savoir le moc c quoi")
    assert len(found) >= 3
    assert found[-1].startswith("je voulais savoir")


def test_a_clause_opening_with_my_that_asks_is_no_introduction() -> None:
    assert split("Mes messages sont-ils enregistrés ? Et toi, tu es qui ?").context == ""
    assert split("Mon oncle était combattant. Il peut faire le DDR ?").context != ""


def test_for_good_is_no_filler() -> None:
    """ "pour de bon" (for good) ends a question; "bon" alone starts over."""
    assert clauses("La MINUSMA est partie pour de bon ?") == ["La MINUSMA est partie pour de bon ?"]


def test_good_after_a_determiner_is_the_adjective() -> None:
    """ "un bon CV", "le bon numéro", "très bon": the question goes on, nobody starts over."""
    for question in (
        "comment preparer un bon to a la sauce gombo",
        "c est le bon numero pour la mairie",
        "ou trouver un très bon dentiste pas cher",
    ):
        assert clauses(question) == [question]
    assert clauses("euh bon je voulais savoir c koi la pej")[-1] == "c koi la pej"
    # "bon" after a word ending like a determiner ("études", "nouveau") still starts over
    assert len(clauses("je fais des études bon la PEJ recrute encore ?")) == 2
    assert clauses("la minusma bon elle est partie") == ["la minusma", "bon elle est partie"]


def test_an_sms_what_is_opens_a_clause_but_does_not_end_one() -> None:
    assert clauses("salut cv c koi la pej") == ["salut cv", "c koi la pej"]
    assert clauses("bjr c est koi le ddr") == ["bjr", "c est koi le ddr"]
    assert clauses("le mandat c quoi") == ["le mandat c quoi"]


@pytest.mark.parametrize(
    ("message", "question"),
    [
        (
            "Salut, je suis Hawa, je fais un stage à Bamako. Ma question est sur une autre "
            "organisation : ARGA-Mali, c'est quoi exactement ? Merci",
            "ARGA-Mali c'est quoi exactement ?",
        ),
        ("Bonjour, je suis de Kayes. Le MOC, c'est quoi ?", "Le MOC c'est quoi ?"),
    ],
)
def test_an_ask_that_names_nothing_keeps_the_name_before_it(message: str, question: str) -> None:
    """ "X, c'est quoi ?" asks about X, however the clauses were cut."""
    assert split(message).question == question


def test_a_long_run_on_before_a_bare_ask_stays_context() -> None:
    """Only a short name is taken along, not a dictated sentence."""
    parts = split("bon euh la resolution deux mille trois cent soixante quatre la 2364 euh c koi")
    assert parts.question == "euh c koi"


@pytest.mark.parametrize(
    ("clause", "for_help"),
    [
        ("Vous pouvez m'aider ?", True),
        ("Comment je peux lui expliquer simplement ?", True),
        ("aidez moi svp", True),
        ("je ne sais pas ce que c'est. Tu peux m'expliquer de quoi il s'agit ?", True),
        ("comment elle l'a aidé ?", True),
        ("c'est quoi ?", False),
        ("tu peux m'expliquer ?", False),  # names nothing: takes a short name before it
        ("vous pouvez m'aider pour le DDR ?", False),
    ],
)
def test_a_mere_request_for_help_is_told_apart(clause: str, for_help: bool) -> None:
    assert asks_for_help(clause) is for_help


@pytest.mark.parametrize(
    ("clause", "meaning"),
    [
        ("Que signifie-t-il ?", True),
        ("Pouvez-vous m'expliquer ce que ça veut dire ?", True),
        ("C'est quelle organisation ?", True),
        ("ça désigne quoi", True),
        ("Qui a été formé ?", False),
        ("Dans quelles villes ?", False),
    ],
)
def test_a_question_about_what_a_name_means_is_told_apart(clause: str, meaning: bool) -> None:
    assert asks_meaning(clause) is meaning


def test_a_request_for_help_leaves_the_question_it_follows() -> None:
    parts = split(
        "Bonjour, je suis instituteur à Kayes. L'un d'eux m'a demandé ce que signifie RSS. "
        "Comment je peux lui expliquer simplement ?"
    )
    assert parts.question == "L'un d'eux m'a demandé ce que signifie RSS."


def test_asks_without_a_question_mark() -> None:
    assert asks("Mes messages sont-ils enregistrés")  # subject inverted
    assert asks("peut-on adhérer a la pej")
    assert not asks("vis-à-vis des jeunes")
    assert asks("je voudrais savoir ou sont les camps")
    assert not asks("je suis etudiant a Gao")


def test_a_verb_in_the_past_tells_rather_than_asks() -> None:
    """ "Parle-moi du MOC" asks; "le prof nous a parlé du MOC" tells what happened."""
    assert asks("parle moi du MOC")
    assert not asks("le prof nous a parlé du MOC en cours")
    assert not asks("on m'a pas expliqué la PEJ")
    assert asks("j'aimerais juste savoir ce que la MINUSMA a fait pour la PEJ")
    parts = split(
        "Bonsoir, je suis Fanta de Ségou. Au lycée on nous a parlé de l'Accord. J'aimerais "
        "juste savoir ce que la MINUSMA a fait pour les jeunes. Merci"
    )
    assert parts.question == "J'aimerais juste savoir ce que la MINUSMA a fait pour les jeunes."
    assert "parlé de l'Accord" in parts.context


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("c la minusma ?", True),
        ("c eux ki ont formé les jeunes de la PEJ non?", True),
        ("c les petites armes ou bien?", True),
        ("c'est une loi malienne ?", True),
        ("c koi le moc", False),
        ("c'est quoi la différence", False),
        ("c'est vrai qu'ils ont financé des documents ?", False),
        ("est-ce que la minusma est encore au mali", False),
    ],
)
def test_a_guess_to_confirm_is_told_from_an_ask(text: str, guess: bool) -> None:
    assert guesses(text) is guess


def test_someone_else_speaking_to_the_writer_tells_rather_than_asks() -> None:
    """ "mon cousin me parle de la PEJ" tells, "…de la PEJ, explique-moi" asks."""
    assert not asks("mon cousin me parle tjr de la PEJ")
    assert not asks("on en parle a la tele")
    assert not asks("tout le monde parle de RSS")
    assert asks("la formation des membres de la PEJ, explique moi")
    parts = split(
        "bjr g 20 ans je suis a Tombouctou, mon cousin me parle tjr de la PEJ, il di ke c les"
        " jeunes ki suivent la RSS et le DDR. elle a ete creee koman et avec ki"
    )
    assert parts.question == "elle a ete creee koman et avec ki"


def test_the_story_clause_before_a_question_is_kept_apart() -> None:
    """It often names what the question's pronoun stands for."""
    parts = split("Bonjour, je suis Issa. Dans la fiche il y a une unité mixte. Elle fait quoi ?")
    assert parts.before == "Dans la fiche il y a une unité mixte."
    assert parts.with_before == "Dans la fiche il y a une unité mixte. Elle fait quoi ?"
    assert split("Bonjour. C'est quoi le MOC ?").with_before == ""


@pytest.mark.parametrize(
    ("text", "introduces_only"),
    [
        ("Bonsoir. Je m'appelle Awa", True),
        ("Bonjour, je m'appelle Awa, je suis de Gao", True),
        ("Bonjour, mon fils vient d'avoir 18 ans", True),
        ("Bonjour, c'est quoi le MOC", False),
        ("je suis de Gao, " * 20, False),  # too long to be only who writes
    ],
)
def test_a_greeting_and_an_introduction_are_told_apart(text: str, introduces_only: bool) -> None:
    """ "Bonsoir, je m'appelle Awa" is no question, whether a comma or a period follows."""
    assert introduces(text) is introduces_only


def test_an_introduction_that_goes_on_to_ask_what_a_name_means_asks() -> None:
    message = (
        "On vient de m'ajouter au groupe de la PEJ à Bougouni. Je suis contente mais je ne "
        "sais même pas ce que veut dire PEJ. Tu peux m'expliquer ?"
    )
    assert split(message).question.startswith("Je suis contente mais")
    assert not introduces("Je suis contente mais je ne sais pas ce que veut dire PEJ")
    assert introduces("Je suis contente de vous écrire")


def test_a_verb_after_a_to_is_no_past_tense() -> None:
    """ "tu as à dire" folds to "tu as a dire": "à", not an auxiliary."""
    assert asks("qu'est-ce que tu as à dire sur la PEJ")
    assert clauses("bon l’Accord j’aimerais juste savoir ce que c'est")[-1].startswith("j’aimerais")


def test_a_hesitation_inside_a_phrase_is_no_new_start() -> None:
    assert clauses("la commission nationale euh de ddr c'est quoi") == [
        "la commission nationale euh de ddr",
        "c'est quoi",
    ]
    assert clauses("les camps du euh du MOC") == ["les camps du euh du MOC"]
    assert clauses("la PEJ euh la plateforme c'est quoi")[0] == "la PEJ"


def test_an_elliptic_second_ask_takes_the_first_one_s_words() -> None:
    message = "La MINUSMA a fait quoi pour les camps du MOC ? Et pour le Conseil national ?"
    assert halves(message) == [
        (
            "La MINUSMA a fait quoi pour les camps du MOC ?",
            "la minusma a fait quoi pour le Conseil national ?",
        )
    ]


def test_a_difference_between_two_things_asks_what_each_one_is() -> None:
    assert halves("quelle difference entre RSS et DDR ? c pr mon expose")[0] == (
        "c est quoi RSS",
        "c est quoi DDR",
    )
    assert halves("c quoi la diff entre la PEJ et le CNJ")[0] == (
        "c est quoi la PEJ",
        "c est quoi le CNJ",
    )


def test_the_next_ask_after_a_question_mark_is_cut_from_what_opens_it() -> None:
    """ "mes messages sont enregistrés" asks as a yes or no: its question mark stays."""
    assert halves("mes messages ici sont enregistrés ? autre chose c koi le CNRSS") == [
        ("mes messages ici sont enregistrés ?", "c koi le CNRSS")
    ]
    assert halves("pk les jeunes ? et sinon c quoi l accord pour la paix") == [
        ("pk les jeunes ?", "c quoi l accord pour la paix")
    ]


def test_a_plus_sign_and_numbers_separate_asks() -> None:
    assert halves("campagne des jeunes + rôle des jeunes") == [
        ("campagne des jeunes", "rôle des jeunes")
    ]
    assert ("slt 1) c koi fama", "la campagne c ou") in halves(
        "slt 1) c koi fama 2) la campagne c ou"
    )


def test_a_second_half_asking_nothing_borrows_the_ask_that_ends_the_first() -> None:
    (left, right), *_ = halves("MATD ça veut dire quoi, PEV aussi jcomprend pas")
    assert left == "MATD ça veut dire quoi"
    assert right.startswith("PEV")
    assert right.endswith("veut dire quoi")
    assert halves("c koi le moc et la pej") == [("c koi le moc", "c quoi la pej")]


def test_asks_listed_are_told_from_a_name() -> None:
    assert lists_asks("le mandat de la section puis les 3 axes svp")
    assert lists_asks("1- c quoi la resolution 2364 2- les partenaires c'est qui")
    assert not lists_asks("appui a la strategie contre le terrorisme et prevention")
    assert halves("1- c quoi la resolution 2- les partenaires")[-1] == (
        "1- c quoi la resolution",
        "c quoi les partenaires",
    )


def test_a_phone_keyboard_s_c_est_is_read() -> None:
    assert words("ces quoi pev") == ["c", "est", "quoi", "pev"]
    assert words("FAMA cé pa les rebelles ?")[:4] == ["fama", "c", "est", "pas"]
    assert words("ces gens") == ["ces", "gens"]  # "ces" alone is the determiner


def test_hostile_separators_are_not_all_tried() -> None:
    assert len(halves("ok, " * 250)) <= 4


def test_two_asks_borrow_the_question_words() -> None:
    (left, right), *_ = halves("c koi le moc et la pej")
    assert left == "c koi le moc"
    assert right.endswith("la pej")
    assert right.split()[0] == "c"


def test_where_from_opens_a_second_ask_but_of_continues_a_phrase() -> None:
    assert halves("c koi les 3 axes et d'où viennent tes infos") == [
        ("c koi les 3 axes", "d'où viennent tes infos")
    ]
    assert halves("les stratégies de sécurité et de DDR") == []
    # "et aussi de…" adds a second topic to what was asked
    assert halves("parle-moi du genre, et aussi de la campagne") == [
        ("parle-moi du genre", "parle de la campagne")
    ]


def test_a_second_ask_starting_with_a_pronoun_asks_about_what_the_first_names() -> None:
    (left, right), *_ = halves("MINUSMA ça veut dire quoi ? et elle est encore au Mali ?")
    assert left == "MINUSMA ça veut dire quoi ?"  # its question mark kept: it asks
    assert referred(left, right) == "minusma est encore au mali ?"
    # "il y a" is impersonal; after a story, what "il" stands for is not clear.
    assert referred("c'est quoi la PEJ ?", "il y a combien de membres") is None
    assert referred("mon oncle était combattant", "il peut faire le DDR ?") is None
    story = "Bonjour, je suis Awa et je voudrais savoir ce que la MINUSMA a fait pour nous"
    assert referred(story, "elle a aidé les jeunes ?") is None
    # a possessive refers to what the first ask ends on
    assert (
        referred("Qui a aidé à créer la PEJ", "combien de ses membres ont été formés ?")
        == "combien de ses membres ont ete formes pej ?"
    )
    assert referred(story, "et ses membres ?") is None


def test_a_number_asked_of_its_members_is_a_number_of_members() -> None:
    told = "Selon la fiche de 2017, la PEJ comptait 175 membres formés."
    assert missing_detail("combien de ses membres ont été formés ?", told) is None
    assert missing_detail("combien de ses membres ont été formés ?", "La PEJ existe.") == Detail(
        "number"
    )


def test_a_detail_the_answer_lacks_is_spotted_and_one_it_gives_is_not() -> None:
    answer = "Selon la fiche de 2017, la PEJ comptait 175 membres."
    assert missing_detail("comment on s'inscrit a la pej", answer) is not None
    assert missing_detail("la pej s'inscrit dans quel axe", answer) is None  # "is part of"
    assert missing_detail("la pej a ete creee quand ?", answer) is not None
    assert missing_detail("combien de membres dans la pej ?", answer) is None
    assert missing_detail("y a une limite d'âge pour être membre ou pas", answer) is not None
    # "kel" is "quel" and "quelle" alike
    assert missing_detail("la pej a ete creee en kel annee", answer) == Detail("date")
    assert missing_detail("la pej a ete creee en kels annee", answer) == Detail("date")
    assert missing_detail("la campagne c'etait kels jour ?", answer) == Detail("date")
    assert missing_detail("c'etait a kel periode", answer) == Detail("date")
    # the towns named can be counted
    campaign = "Selon la fiche de 2017, elle a été menée à Bamako, Mopti, Tombouctou et Gao."
    assert missing_detail("elle a eu lieu dans combien de villes ?", campaign) is None
    assert missing_detail("elle a eu lieu dans combien de villes ?", answer) is not None


def test_what_a_question_for_a_detail_asks_about() -> None:
    assert without_detail("comment je fais pour m'inscrire à la PEJ ?") == "a la pej"
    assert without_detail("après 2017 la PEJ elle est devenue quoi ?") == "la pej elle est devenue"
    assert without_detail("c koi le moc") is None


def test_an_article_is_no_figure_and_a_past_leader_is_a_name_asked() -> None:
    """ "une unité … de gardes" gives no number of guards; "qui dirigeait" asks a name."""
    answer = "Selon la fiche, la MINUSMA a appuyé une unité mixte de gardes forestiers."
    assert missing_detail("elle compte combien de gardes ?", answer) == Detail("number")
    assert missing_detail("qui dirigeait l'unité en 2017 ?", answer) == Detail("name")
    assert missing_detail("c'était qui la cheffe ?", answer) == Detail("name")
    # "c'est qui la PEJ ?" asks what it is, not a person's name
    assert missing_detail("c'est qui la PEJ ?", answer) is None
    assert missing_detail("c est qui le conseil national de la jeunesse", answer) is None
    assert missing_detail("qui est le commissaire à la RSS ?", answer) == Detail("name")
    assert missing_detail("combien de gardes ?", "Elle compte trente gardes.") is None


def test_the_sheet_s_own_year_is_no_missing_year_and_people_s_names_are_asked() -> None:
    """ "qui dirige la section en 2017" got "La fiche date de 2017 : elle ne dit rien de 2017"."""
    answer = "Selon la fiche de 2017, la section a formé 35 assistants parlementaires."
    assert missing_detail("qui dirige la section en 2017 ?", answer) == Detail("name")
    assert missing_detail("et en 2019 ?", answer) == Detail("year", "2019")
    assert missing_detail("les 35 assistants c qui leurs noms", answer) == Detail("name")
    assert missing_detail("c'est quoi le nom complet de la section", answer) is None
    assert missing_detail("MINUSMA c'est quoi son nom complet", answer) is None
    assert missing_detail("et après 2017 ?", answer) == Detail("now")
    # "quand" as "when", not a question about a date
    assert missing_detail("la démobilisation c'est quand on quitte le groupe ?", answer) is None
    # "quand même" is "all the same": "l'ONU a quand même aidé… c'était dans quel but ?"
    assert missing_detail("l'ONU a quand même aidé, dans quel but ?", answer) is None
    assert missing_detail("c'est quand la formation ?", answer) == Detail("date")
    assert missing_detail("qu'est-ce qui a changé depuis 2017", answer) == Detail("now")


def test_how_to_join_who_heads_and_a_year_next_to_what_is_counted() -> None:
    answer = "Selon la fiche de 2017, une unité mixte de gardes forestiers a été créée au Gourma."
    asked = "comment on fait pour devenir garde forestier ?"
    assert missing_detail(asked, answer) == Detail("procedure")
    assert missing_detail("c qui le président de l'unité", answer) == Detail("name")
    counted = "En 2017, la stratégie contre le terrorisme a été adoptée."
    assert missing_detail("combien de terroristes arrêtés ?", counted) == Detail("number")
    assert missing_detail("combien de gardes ?", "Elle compte 30 gardes.") is None


def test_an_address_and_a_head_s_name_are_details_asked() -> None:
    answer = "Selon la fiche de 2017, la MINUSMA a appuyé la rénovation de ses locaux."
    asked = "Où exactement se trouvent les locaux du Conseil, quel quartier ?"
    assert missing_detail(asked, answer) == Detail("place")
    assert missing_detail("minusma a rénové les locaux du conseil ?", answer) is None
    assert missing_detail("le directeur de Think Peace c'est qui ?", answer) == Detail("name")


def test_a_period_and_which_people_are_details_asked() -> None:
    answer = "Selon la fiche de 2017, la section a formé 35 assistants parlementaires."
    assert missing_detail("la formation a eu lieu à quelle période ?", answer) == Detail("date")
    assert missing_detail("à quel moment ils ont été formés ?", answer) == Detail("date")
    assert missing_detail("ils travaillent pour quels députés ?", answer) == Detail("name")
    assert missing_detail("ils ont été formés par quel chef ?", answer) == Detail("name")
    dated = "En juin 2017, la section a formé 35 assistants parlementaires."
    assert missing_detail("la formation a eu lieu à quelle période ?", dated) is None


def test_a_day_or_a_room_asked_is_not_told_by_a_year_or_a_city() -> None:
    year_only = "La résolution 2364 (2017) du Conseil de sécurité renouvelait le mandat."
    asked = "la resolution 2364 a ete votee quel jour et quel mois exactement"
    assert missing_detail(asked, year_only) == Detail("date")
    dated = "(réponse d'exemple, datée au mois) La résolution 2364, votée en juin."
    assert missing_detail(asked, dated) is None
    assert missing_detail("la resolution a ete votee en quelle annee", year_only) is None
    assert missing_detail("elle a été adoptée à quelle date ?", year_only) is None
    room = "l atelier de validation s est tenu dans quelle salle a bamako"
    assert missing_detail(room, "Un atelier de validation s'est tenu à Bamako.") == Detail("place")


@pytest.mark.parametrize(
    ("question", "now"),
    [
        ("la pej existe toujours ?", True),
        ("le moc il fait quoi maintenant", True),
        ("les camps sont encore en place ?", True),
        ("c koi encore le moc", False),
        ("je comprends toujours pas le ddr", False),
        ("la minusma a fait quoi pour la pej", False),
        ("Qu'est-ce que la MINUSMA fait pour nos jeunes ?", False),
        # did it happen in the end, after the sheet?
        ("la strategie elle a ete faite finalement ou pas", True),
        ("finalement c koi la strategie", False),
        ("la strategie a fini par etre adoptee ?", True),
        ("les camps MOC de Gao sont encore ouverts en ce moment ?", True),
        ("ya combien de membres de la PEJ a Mopti actuellement", True),
        ("combien de jeunes ont ete formes ?", False),
        ("la strategie des zones frontalieres elle est deja prete ou pas ?", True),
        ("la strategie des zones frontalieres elle est prete maintenant ?", True),
        ("la politique des frontieres a deja ete adoptee ?", True),
        ("la minusma a deja fait quoi", False),
        # the next question, a story's day, the writer's own past, "when"
        ("ok merci. maintenant combien de membres de la PEJ ont été formés ?", False),
        ("aujourd'hui au lycée on a parlé de la PEJ, combien de membres ont été formés ?", False),
        ("j'ai déjà fini mes études, comment rejoindre la PEJ ?", False),
        ("le bureau du Conseil national RSS est ouvert à quel moment ?", False),
        # still there
        ("la MINUSMA elle est encore là ?", True),
        ("la minusma est toujours la en 2026 ?", True),
        ("la minusma est encore la mission de l'onu ?", False),
        # the subject said again, the other way offered, a sentence after it
        ("Mais elle est encore là la MINUSMA ? Je croyais qu'elle était partie.", True),
        ("minusma est encore la ou bien elle est partie parce que je sais plus", True),
        ("les casques bleus ils sont encore dans le pays ou bien ?", True),
        # what became of it
        ("Madame, Monsieur, je voudrais savoir ce qu'est devenu le MOC.", True),
        ("que sont devenus les combattants des camps du MOC ?", True),
        ("la PEJ est devenue quoi ?", True),
        ("c'est devenu dangereux chez nous, la MINUSMA a fait quoi ?", False),  # a story
        ("mon oncle dit que la MINUSMA est devenue inutile, elle a fait quoi ?", False),
        ("le probleme est toujours la pauvrete.", False),  # "là" is not "la"
        ("La MINUSMA est toujours la meilleure. c'est quoi son mandat ?", False),
        # in force, at work, or two words of time whatever the verb
        ("La stratégie contre le terrorisme, elle est toujours appliquée ?", True),
        ("L'unité anti-braconnage du Gourma patrouille encore aujourd'hui ?", True),
        ("la pej elle fait des formations encore maintenant", True),
        # the writer's own today, or a story's, is no question about today
        ("Je suis encore au lycée aujourd'hui et je voulais savoir c'est quoi le DDR", False),
        ("Aujourd'hui encore on parle du DDR. C'est quoi ?", False),
        # "encore" for "again"
        ("Explique encore le DDR maintenant stp", False),
        ("Merci encore, maintenant qui dirige la section RSS-DDR ?", False),
    ],
)
def test_a_question_about_today_is_told_apart(question: str, now: bool) -> None:
    assert asks_now(question) is now


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "on m'a dit que la PEJ a été créée par l'armée, c'est vrai ?",
            "la pej a ete cree par l armee",
        ),
        (
            "mon oncle jure que la MINUSMA est toujours à Gao, c vrai ?",
            "la minusma est toujours a gao",
        ),
        ("ya un audio qui dit que le MOC est fini, confirmé ?", "le moc est fini"),
        ("on dit que c'est vrai", None),  # no claim to check
        ("mon ami dit que la PEJ c'est bien. c'est quoi ?", None),  # a question after it
        # a message passed on, and "what is this story?"
        (
            "quelqu'un a partagé sur whatsapp que la PEJ est fermée, c vrai ça",
            "la pej est fermee",
        ),
        (
            "Mon cousin a transféré un message qui dit que la MINUSMA a payé les documents de "
            "l'armée. c'est quoi cette histoire?",
            "la minusma a paye les documents de l armee",
        ),
        ("on m'a dit que le MOC est fini, c'est vrai ou c'est fake ?", "le moc est fini"),
    ],
)
def test_the_claim_of_a_rumour_to_check_is_read(text: str, said: str | None) -> None:
    assert claim(text) == said


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("plus d'infos sur la PEJ stp", "la pej svp"),
        ("je veux en savoir plus sur le MOC", "le moc"),
        ("des précisions au sujet de la résolution 2364 ?", "la resolution 2364"),
        ("c'est quoi le MOC", None),
        ("plus de 175 personnes", None),
        ("où trouver des infos sur la PEJ ?", None),  # asks where, not what the PEJ is
        # asked to write or tell it
        ("écris-moi ce que tu sais sur le DDR", "le ddr"),
        ("fais moi un petit résumé sur la RSS stp", "la rss svp"),
        ("rédige moi un paragraphe sur le MOC", "le moc"),
        ("je cherche un texte sur le MOC", None),  # says what the writer looks for
    ],
)
def test_a_request_for_information_names_its_topic(text: str, subject: str | None) -> None:
    assert about(text) == subject


def test_a_head_a_way_in_and_another_resolution_are_details_asked() -> None:
    answer = "Le Commissariat à la RSS est cité par la fiche parmi les partenaires nationaux."
    assert missing_detail("Le Commissariat à la RSS est dirigé par qui ?", answer) == Detail("name")
    assert missing_detail("la PEJ est dirigée par qui", answer) == Detail("name")
    unit = "Selon la fiche, la MINUSMA a appuyé une unité mixte de lutte contre le braconnage."
    assert missing_detail("wesh comment je rejoins l'unité frère", unit) == Detail("procedure")
    assert missing_detail("on la rejoint comment ?", unit) == Detail("procedure")
    conditions = "Quelles sont les conditions pour devenir assistant parlementaire ?"
    assert missing_detail(conditions, unit) == Detail("procedure")
    assert missing_detail("l'unité a rejoint quelle zone ?", unit) is None  # told, not asked
    postule = "je veux entrer dans l'unite mixte. comment on postule, il y a un concours ?"
    assert missing_detail(postule, unit) == Detail("procedure")
    assert missing_detail("on peut entrer dans l'unité comment ?", unit) == Detail("procedure")
    # having just joined is told, not asked
    joined = "je viens de rejoindre un groupe de jeunes, cette unité a été créée comment ?"
    assert missing_detail(joined, unit) is None
    sheet = "En tête de la fiche figure « 2364 (2017) » : la résolution 2364 du Conseil."
    assert missing_detail("c koi la resolution d'avant la 2364", sheet) == Detail(
        "other_resolution"
    )
    assert missing_detail("il y a d'autres résolutions ?", sheet) == Detail("other_resolution")
    assert missing_detail("la résolution 2364 c'est quoi", sheet) is None
    # an answer that names other resolutions gives them
    ended = "Fin du mandat par la résolution 2690 ; la fiche décrit la résolution 2364."
    assert missing_detail("il y a d'autres résolutions ?", ended) is None


def test_a_contact_the_answer_does_not_give_is_a_detail_asked() -> None:
    answer = "RENADJEF est une ONG citée dans la fiche d'information de la MINUSMA (2017)."
    for asked in (
        "donne moi l email de RENADJEF stp",
        "c koi le numero de telephone de renadjef",
        "comment les contacter ?",
        "quel est leur site internet",
    ):
        assert missing_detail(asked, answer) == Detail("contact"), asked
    assert missing_detail("comment créer une page facebook pour ma boutique", answer) is None
    assert missing_detail("ma cousine veut les contacter, c'est quoi RENADJEF", answer) is None
    reached = "Appelez le service client au numéro court, ou écrivez par e-mail."
    assert missing_detail("le numero de telephone du service client ?", reached) is None


def test_a_figure_heard_and_checked_is_a_detail_the_answer_may_not_give() -> None:
    camps = "Selon la fiche, la MINUSMA a appuyé les camps du MOC à Gao, Kidal et Tombouctou."
    heard = "il parait qu'il y avait 3000 combattants ds le camp MOC de Gao, c vrai ?"
    assert missing_detail(heard, camps) == Detail("number")
    assert missing_detail("il y avait des combattants au camp de Gao, c vrai ?", camps) is None
    assert missing_detail("les camps ont eu 1 ceremonie c vrai ?", camps) is None  # "une"
    # a wrong figure of what the answer counts: the answer corrects it
    axes = "La section avait trois axes prioritaires : défense, contrôle, frontières."
    assert missing_detail("la MINUSMA avait 4 axes, c vrai ?", axes) is None
    # the figure is the answer's, said of something else: the answer says of what
    trained = "La MINUSMA a formé 175 jeunes et 35 assistants parlementaires."
    assert missing_detail("on dit que la minusma a formé 35 députés, c officiel ?", trained) is None


def test_details_asked_in_keywords_as_in_a_search_box() -> None:
    unit = "Selon la fiche, la MINUSMA a appuyé une unité mixte de lutte contre le braconnage."
    assert missing_detail("elephants gourma nombre", unit) == Detail("number")
    assert missing_detail("unite mixte braconnage effectif soldats", unit) == Detail("number")
    assert missing_detail("commissariat rss chef nom", unit) == Detail("name")
    assert missing_detail("strategie antiterrorisme mesures liste", unit) == Detail("content")
    assert missing_detail("unite mixte braconnage gourma", unit) is None
    counted = "La MINUSMA a formé 175 jeunes de la PEJ."
    assert missing_detail("pej formation nombre", counted) is None


def test_who_replaced_something_is_a_name_asked() -> None:
    ended = "La MINUSMA n'est plus au Mali : son mandat a pris fin en 2023 (résolution 2690)."
    forwarded = 'Forwarded\n"La MINUSMA quitte le Mali"\nc qui qui a remplacé la MINUSMA apres ?'
    assert missing_detail(forwarded, ended) == Detail("name")
    assert missing_detail("son remplaçant c'est qui ?", ended) == Detail("name")
    assert missing_detail("la MINUSMA a été remplacée ?", ended) is None  # yes or no
    camps = "Selon la fiche, la MINUSMA a appuyé les camps du MOC à Gao, Kidal et Tombouctou."
    asked = "c quels groupes armés qui étaient dans les camps MOC ?"
    assert missing_detail(asked, camps) == Detail("name")


def test_a_link_or_a_copy_of_a_text_is_a_detail_asked() -> None:
    strategy = "Selon la fiche, la MINUSMA a appuyé la stratégie nationale contre le terrorisme."
    for asked in (
        "tu peux m'envoyer le lien pour télécharger la stratégie ?",
        "la stratégie en pdf stp",
        "envoie moi le document de la stratégie",
        "je veux le texte complet de la stratégie, tu peux me l'envoyer ?",
    ):
        assert missing_detail(asked, strategy) == Detail("document"), asked
    assert missing_detail("le lien entre la stratégie et le DDR c quoi ?", strategy) is None
    assert missing_detail("ou je peux lire la stratégie ? elle est publique ?", strategy) == Detail(
        "document"
    )


def test_effects_and_a_text_s_content_are_details_asked() -> None:
    unit = "Selon la fiche, la MINUSMA a appuyé une unité mixte de lutte contre le braconnage."
    assert missing_detail("le braconnage a diminué depuis ?", unit) == Detail("impact")
    assert missing_detail("la campagne a servi à quoi au final", unit) == Detail("impact")
    assert missing_detail("quels sont les deux résultats obtenus ?", unit) is None
    law = "Selon la fiche, la MINUSMA a appuyé l'élaboration de la loi de programmation."
    assert missing_detail("que dit exactement la loi ? quels sont ses articles ?", law) == Detail(
        "content"
    )
    assert missing_detail("c'est quoi les grandes mesures ?", law) == Detail("content")
    assert missing_detail("dans un article j'ai lu le mot loi, c'est quoi ?", law) is None
    assert missing_detail("qui il doit contacter ?", law) == Detail("contact")


def test_dates_asked_and_being_let_in_are_details_asked() -> None:
    year_only = "La résolution 2364 (2017) du Conseil de sécurité renouvelait le mandat."
    assert missing_detail("le mandat allait jusqu'à quelle date ?", year_only) == Detail("date")
    assert missing_detail("la campagne s'est déroulée à quelles dates ?", year_only) == Detail(
        "date"
    )
    assert missing_detail("elle a été adoptée à quelle date ?", year_only) is None
    unit = "Selon la fiche, la MINUSMA a appuyé la commission d'intégration."
    assert missing_detail("comment faire pour être intégré dans l'armée ?", unit) == Detail(
        "procedure"
    )


def test_who_headed_something_is_a_name_asked_but_who_the_partner_was_is_not() -> None:
    mandate = "Selon la fiche, la section RSS-DDR travaillait avec des partenaires nationaux."
    assert missing_detail("Qui était le chef de la section en 2017 ?", mandate) == Detail("name")
    partners = "Selon la fiche, la campagne a été menée avec le Conseil National de la Jeunesse."
    assert missing_detail("et qui était le partenaire ?", partners) is None


def test_what_comes_next_is_asked_of_today() -> None:
    """The sheet dates from 2017: a plan for this year or the next is not in it."""
    answer = "Selon la fiche, une campagne d'information des jeunes a été menée à Gao."
    coming = "est-ce que la campagne d'information va venir chez nous cette année ?"
    assert missing_detail(coming, answer) == Detail("now")
    assert missing_detail("la campagne reprendra bientôt ?", answer) == Detail("now")
    assert missing_detail("cette année j'ai suivi la campagne, c'était quoi ?", answer) is None
    later = "Selon la fiche (2017)… Le mandat a pris fin en 2023."
    assert missing_detail("la mission va revenir l'année prochaine ?", later) is None


def test_a_place_the_base_never_cites_is_the_detail_asked() -> None:
    known = {"minusma", "fait", "quoi", "actions", "rss", "gao", "campagne", "information"}
    known |= {"la", "a", "d", "je", "suis", "etudiante", "et", "dans", "un", "atelier", "on"}
    known |= {"m", "parle", "de"}
    knows = known.__contains__
    assert named_place("la minusma a fait quoi a menaka", knows) == "menaka"
    assert named_place("actions rss à Kayes ?", knows) == "kayes"
    assert named_place("la minusma a fait quoi a gao", knows) is None  # a place it cites
    # the only word it does not know: a name, Bambara or a typo beside it is something else
    assert named_place("moussa a fait quoi a menaka", knows) is None
    # Bambara "a kɛra" (it was) is read as French, no place
    assert named_place("campagne information a kera", {*known, "etait"}.__contains__) is None
    # where the person is, or a story around the question, is not what it asks
    assert named_place("je suis a kati la campagne d information c quoi", knows) is None
    story = (
        "bjr je suis etudiante a kati et dans un atelier on m a parle de la campagne d information"
    )
    assert named_place(story, knows) is None
    # nor where the person saw the campaign's poster
    known |= {"l", "affiche", "parle", "trois", "axes", "c", "est", "les", "j", "ai", "vu"}
    knows = known.__contains__
    assert named_place("a bougouni l affiche parle de trois axes c est quoi", knows) is None
    assert named_place("j ai vu votre affiche a kati c quoi la pej", knows) is None


@pytest.mark.parametrize(
    ("clause", "aside"),
    [
        ("je connais déjà la MINUSMA", True),
        ("oublie les éléphants du Gourma", True),
        ("merci pour le MOC.", True),
        ("pas la stratégie RSS", True),
        ("les assistants parlementaires c bon jai compris", True),
        ("tu m'as parlé de l'EMP, d'accord", True),
        ("j'ai bien noté les 175 membres formés", True),
        ("à part la campagne à Bamako", True),
        ("je sais que la MINUSMA est partie", True),
        ("Je sais déjà ce que veut dire DDR", True),
        ("n ma famu", True),  # "je n'ai pas compris": why it is asked, not what
        ("wallahi n tɛ a faamu", True),  # "je ne comprends pas"
        ("PEV aussi jcomprend pas", False),
        ("walahi n ma famu", True),  # an oath before it changes nothing
        ("c koi le moc, pas la pej", False),
        ("je sais pas c'est quoi le MOC", False),
        ("c'est quoi le MOC", False),
        ("la MINUSMA a compris quoi", False),
    ],
)
def test_a_topic_set_aside_is_told_apart(clause: str, aside: bool) -> None:
    assert sets_aside(clause) is aside


def test_a_question_mark_keeps_a_clause_from_reading_as_an_introduction() -> None:
    # "Mes …" opens an introduction ("mes parents sont de Gao"); asked, it is a question.
    assert not introduces("Mes messages sont enregistrés ? et au fait")
    assert introduces("Mes parents sont de Gao, et au fait")
    assert introduces("Bonsoir, je suis Awa.")


def test_two_short_sentences_that_each_ask_are_two_asks_but_a_story_is_not() -> None:
    assert halves("Think Peace c koi. RENADJEF c koi.") == [
        ("Think Peace c koi", "RENADJEF c koi.")
    ]
    assert halves("La PEJ a été créée en 2017. Elle fait quoi ?") == []
    told = "On m'a dit que c'est le MATD qui s'occupe des frontières"
    assert all(left != told for left, _ in halves(f"{told}. MATD c'est quoi ?"))


def test_an_ask_that_names_nothing_takes_the_name_before_it() -> None:
    # "jsp" (je sais pas) and a Bambara "i ka kɛnɛ wa" name no topic
    assert split("RSS c koi frere jsp du tout").question.startswith("RSS")
    assert split("RSS c koi, i ka kɛnɛ wa").question.startswith("RSS")
    assert split("RSS. c koi la PEJ").question == "c koi la PEJ"  # this one names its topic


def test_a_head_named_before_c_qui_is_a_name_asked() -> None:
    answer = "EMP veut dire École de maintien de la paix."
    assert missing_detail("le directeur de l'ecole de maintien de la paix c qui ?", answer) == (
        Detail("name")
    )
    assert missing_detail("le chef de la section c'est qui", answer) == Detail("name")


def test_a_bare_detail_asked_goes_on_with_the_ask_before_it() -> None:
    assert asks_only_detail("et en quelle année ?")
    assert asks_only_detail("c cb")
    assert not asks_only_detail("et le match de foot c'est quand ?")
    assert not asks_only_detail("c'est quoi le MOC ?")


def test_a_demonstrative_refers_to_what_the_first_ask_names() -> None:
    assert (
        referred("CNRSS veut dire quoi", "la minusma a fait quoi pour ce conseil")
        == "la minusma a fait quoi pour ce conseil cnrss"
    )
    # "est-ce que" is no demonstrative
    assert referred("CNRSS veut dire quoi", "est ce que la minusma l'a aidé") is None


def test_what_an_acronym_is_short_for_is_its_meaning_asked() -> None:
    assert asks_meaning("PEJ c'est l'abréviation de quoi ?")
    assert asks_meaning("ALPC c'est le sigle de quoi")
    assert not asks_meaning("dans un document il y avait le sigle PEV")


def test_asks_listed_with_slashes_lines_or_ensuite_are_cut_apart() -> None:
    ((left, right),) = halves("1/ c quoi le DDR 2/ est ce que la minusma est encore au mali")
    assert (left, right) == ("1/ c quoi le DDR", "c quoi est ce que la minusma est encore au mali")
    assert halves("les chiffres cles stp\nl'EMP c quoi aussi")[0] == (
        "les chiffres cles stp",
        "l'EMP c quoi aussi",
    )
    assert ("RENADJEF ca veut dire quoi..", "ARGA c quoi") in halves(
        "RENADJEF ca veut dire quoi... ensuite ARGA c quoi"
    )
    # "sinon", "par contre", "autre question :" open the next ask
    assert halves("la formation genre c'etait pour qui sinon ONU femmes c koi") == [
        ("la formation genre c'etait pour qui", "ONU femmes c koi")
    ]
    assert ("c koi l'axe 2", "ALPC ca veut dire koi") in halves(
        "c koi l'axe 2 par contre ALPC ca veut dire koi"
    )
    assert ("les 3 axes c koi", "la resolution 2364 c'etait koi") in halves(
        "les 3 axes c koi 2e question: la resolution 2364 c'etait koi"
    )
    assert ("la societe civile on a fait quoi", "ARGA c qui") in halves(
        "la societe civile on a fait quoi. autre chose: ARGA c qui"
    )
    assert halves("c'est autre chose le MOC ?") == []  # "something else", no second ask
    assert lists_asks("le mandat ensuite les axes")
    assert lists_asks("le mandat\nles axes")


def test_a_greeting_before_an_introduction_keeps_it_an_introduction() -> None:
    assert introduces("Bonjour je suis animatrice radio a Kati")
    assert introduces("salam, je suis ancien combattant a Menaka")
    assert not introduces("Bonjour je suis perdu, c'est quoi le DDR ?")


def test_a_detail_asked_of_what_was_just_named_goes_on_with_it() -> None:
    assert asks_only_detail("il y en avait combien d'exemplaires")
    assert asks_only_detail("et ils ont commence quand ?")
    assert not asks_only_detail("le match de foot c'est quand")


def test_a_demonstrative_before_a_thing_points_back() -> None:
    assert points_back("c'est quoi cette commission ?")
    assert points_back("c'est quoi son role ?")
    assert not points_back("qu'est-ce qui a été fait sur ce sujet ?")  # no thing in particular
    assert not points_back("est-ce que c'est vrai ?")


def test_a_count_a_seat_a_hotel_and_a_month_put_forward_are_details_asked() -> None:
    answer = "Selon la fiche de 2017, 75 personnes ont été formées sur le genre à Bamako."
    assert missing_detail("les 75, combien c'etait des femmes ?", answer) == Detail("number")
    assert missing_detail("combien de personnes formees ?", answer) is None
    assert missing_detail("le siège de RENADJEF c'est où exactement", answer) == Detail("place")
    assert missing_detail("l'atelier c'était dans quel hôtel ?", answer) == Detail("place")
    unit = "La MINUSMA a appuyé une unité mixte le long de la frontière avec le Burkina Faso."
    length = "kels est la longueur de la frontiere entre le mali et le burkina faso ?"
    assert missing_detail(length, unit) == Detail("number")
    # which buildings, done remotely, the army entering a town: no place, figure or way in
    camps = "La MINUSMA a soutenu les camps du MOC de Gao, de Kidal et de Tombouctou."
    assert (
        missing_detail("quels batiments ont ete construits dans les camps du MOC ?", camps) is None
    )
    remote = "la campagne d'information des jeunes s'est faite a distance ?"
    assert missing_detail(remote, camps) is None
    assert missing_detail("l'armee peut entrer dans Kidal avec le MOC ?", camps) is None
    plural = "les locaux renovés, c'est dans quels quartiers de Bamako ?"
    assert missing_detail(plural, answer) == Detail("place")
    assert missing_detail("c'est vrai que c'était en mars 2017 ?", answer) == Detail("date")
    # a weekday in a story is no date asked
    assert missing_detail("L'entretien c'est jeudi. C'est quoi le genre ?", answer) is None
    # being paid is an amount; statistics are figures
    paid = "Est-ce que les jeunes formés étaient payés ? ya des per diem ?"
    assert missing_detail(paid, answer) == Detail("money")
    strategy = "Selon la fiche de 2017, la MINUSMA a appuyé la stratégie contre le terrorisme."
    asked = "le terrorisme a baissé ? donne des statistiques stp"
    assert missing_detail(asked, strategy) == Detail("number")


def test_a_sum_of_money_and_an_end_date_are_details_the_answer_must_give() -> None:
    strategy = "Selon la fiche de 2017, la MINUSMA a appuyé la stratégie contre le terrorisme."
    asked = "Quelle somme l'ONU a mise pour la stratégie contre le terrorisme ?"
    assert missing_detail(asked, strategy) == Detail("money")
    assert missing_detail("combien la minusma a investi dans la strategie", strategy) == Detail(
        "money"
    )
    assert missing_detail("en somme, la strategie c'est quoi ?", strategy) is None
    # what a figure counts is no figure asked
    figures = "Selon la fiche de 2017 : 175 membres de la PEJ/RSS-DDR ont été formés."
    assert missing_detail("175 c le nombre de quoi exactement", figures) is None
    mandate = "La résolution 2364 (2017) du Conseil de sécurité a renouvelé le mandat."
    ended = "Le mandat donné par la résolution 2364 se terminait à quelle date ?"
    assert missing_detail(ended, mandate) == Detail("date")
    assert missing_detail("le mandat a ete renouvele quand ?", mandate) is None  # 2017
    left = "La résolution 2690 (2023) a mis fin au mandat ; le retrait s'est achevé en 2023."
    assert missing_detail("le mandat a pris fin quand ?", left) is None
    # an end, but no date asked; an investor, but no amount asked
    assert missing_detail("Le mandat de la section RSS est terminé ?", mandate) is None
    pej = "Selon la fiche de 2017, 175 membres de la PEJ ont été formés."
    both = "Combien de jeunes ont été formés et qui a investi dans la PEJ ?"
    assert missing_detail(both, pej) is None


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Comment s'appelle le maire de Kanabougou ?", True),
        ("je voudrais le nom du chef du service de la scolarité", True),
        ("c'est qui le directeur de l'agence ?", True),
        ("Sur la déclaration de décès on met le nom du défunt ?", False),
        ("Comment s'appelle le service client ?", False),
        ("Quel est le nom du site pour s'inscrire ?", False),
    ],
)
def test_a_person_s_name_asked_by_their_role_is_told_apart(question: str, asked: bool) -> None:
    assert asks_a_persons_name(question) is asked


def test_what_the_mission_did_asked_in_the_present_with_still_asks_of_today() -> None:
    assert asks_now("est ce que la minusma forme encore les jeunes")
    assert asks_now("la minusma aide toujours les jeunes ?")
    assert not asks_now("la minusma a aidé les jeunes comment ?")


def test_what_came_after_the_latest_year_an_answer_tells_is_asked_of_today() -> None:
    left = "Le Conseil de sécurité a mis fin au mandat en 2023 ; le retrait s'est achevé en 2023."
    assert missing_detail("après 2023 qui a remplacé la minusma ?", left) == Detail("now")
    assert missing_detail("depuis 2023 la minusma est partie ?", left) is None
    law = "Selon la fiche de 2017, la MINUSMA a apporté son expertise pour élaborer la loi."
    assert missing_detail("la loi a été votée à l'assemblée ou pas ?", law) == Detail("now")
    # asked with the subject after the verb
    assert missing_detail("les députés ont-ils voté la loi ?", law) == Detail("now")
    assert missing_detail("la loi a-t-elle finalement été adoptée ?", law) == Detail("now")
    assert missing_detail("la loi votée, elle dit quoi ?", law) is None
    assert missing_detail("la stratégie, elle est sortie finalement ?", law) == Detail("now")
    written = "la stratégie des zones frontalières elle a finalement été écrite ?"
    assert missing_detail(written, law) == Detail("now")
    # a town asked, which the answer names or not
    towns = "Selon la fiche de 2017, une campagne a été menée à Bamako, Mopti et Gao."
    assert missing_detail("la campagne c'était dans quelles villes ?", towns) is None
    assert missing_detail("les bureaux rénovés sont dans quelle ville ?", law) == Detail("town")
    # things the answer names one by one can be counted; towns do not count young people
    pej = "la MINUSMA a appuyé la création de la PEJ, en partenariat avec les ONG Think "
    pej += "Peace, RENADJEF et CONASCIPAL."
    assert missing_detail("combien d ong ont cree la pej", pej) is None
    camps = "un soutien aux camps du Mécanisme opérationnel de coordination (MOC) de Gao, de "
    camps += "Kidal et de Tombouctou."
    assert missing_detail("le moc avait combien de camps", camps) is None
    assert missing_detail("combien de camps du moc ont fermé depuis ?", camps) == Detail("now")
    campaign = "une campagne d'information des jeunes sur le processus de RSS-DDR a été menée à "
    campaign += "Bamako, Mopti, Tombouctou et Gao."
    assert missing_detail("combien de jeunes ont été touchés ?", campaign) == Detail("number")
    assert missing_detail("c koi le DDR dont on parle a la radio depuis ?", camps) is None
    # a capital is a town the answer would name as such
    border = "La MINUSMA a appuyé une unité mixte le long de la frontière avec le Burkina Faso."
    assert missing_detail("c'est quoi la capitale du Burkina Faso ?", border) == Detail("town")
    assert missing_detail("c koi le chef lieu de la region", border) == Detail("town")
    assert asks_now("mon cousin est au camp, comment savoir s'il est encore la bas ?")
    assert missing_detail("le chef de la section c'était qui ?", law) == Detail("name")


@pytest.mark.parametrize(
    ("clause", "asking"),
    [
        ("des jeunes qui partent rejoindre les groupes armés", False),  # a relative "qui"
        ("Mon grand-père qui écoutait avec moi a rigolé", False),
        ("Quand il entend à la radio « DDR » il croit que c'est pour lui", False),
        ("c'est qui le chef", True),
        ("je ne sais pas qui a aidé à la préparer", True),
        ("quand la PEJ a été créée", True),
        ("la PEJ a été créée quand", True),
        ("qui a créé la PEJ", True),
        ("la plate forme pour le d d r qui a aidé à la créer", True),  # spelt letters before
    ],
)
def test_a_relative_qui_or_a_when_of_the_story_asks_nothing(clause: str, asking: bool) -> None:
    assert asks(clause) is asking


@pytest.mark.parametrize(
    ("message", "rest"),
    [
        ("et PEV c koi ?", "PEV c koi ?"),
        ("ok et le moc alors", "le moc alors"),
        ("Bon, et à Gao ?", "à Gao ?"),
        ("étudiant et chômeur, c'est quoi la PEJ ?", "étudiant et chômeur, c'est quoi la PEJ ?"),
    ],
)
def test_a_message_going_on_from_an_earlier_one_loses_its_opening_and(
    message: str, rest: str
) -> None:
    assert going_on(message) == rest


def test_a_pronoun_before_an_auxiliary_points_back_unless_the_sentence_names_it() -> None:
    assert points_back("La MINUSMA l'a soutenu de quelle façon ?")
    assert points_back("elle les avait aidés comment ?")
    assert not points_back("Le Conseil National, la MINUSMA l'a aidé comment ?")
    assert not points_back("la MINUSMA a aidé le Conseil comment ?")


def test_a_single_name_before_and_is_a_first_ask() -> None:
    assert ("FAMA", "ALPC c quoi svp") in halves("FAMA et ALPC c quoi svp")


def test_a_remark_after_a_short_second_ask_is_left_out_of_it() -> None:
    cuts = halves("DDR ca veut dire koi? et RSS aussi? on me dit ca tout le temps au camp")
    assert cuts[0] == ("DDR ca veut dire koi ?", "RSS aussi?")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("c koi la PEJ point d'interrogation", "c koi la PEJ ?"),
        ("les des des R virgule le désarmement", "les des des R , le désarmement"),
        ("merci point d exclamation", "merci !"),
        ("le MOC point à la ligne les camps", "le MOC . les camps"),
        ("à quel point la RSS a avancé", "à quel point la RSS a avancé"),
    ],
)
def test_punctuation_dictated_aloud_is_read_as_marks(typed: str, meant: str) -> None:
    assert retyped(typed) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("c koi le MOCHE ?? *MOC pardon", "c koi le MOC ?? pardon"),
        (
            "c koi PEU dans prévention extrémisme violent ? PEV*",
            "c koi PEV dans prévention extrémisme violent ?",
        ),
        ("kelle formation sur le jeûne ? *genre", "kelle formation sur le genre ?"),
        ("les camps du mode à Gao ? (MOC dsl)", "les camps du MOC à Gao ?"),
        ("la Minuit ma est partie (MINUSMA), ma mère dit", "la MINUSMA est partie , ma mère dit"),
        ("c'est quoi le Think pièce ? *peace", "c'est quoi le Think peace ?"),
    ],
)
def test_a_word_corrected_with_a_star_or_in_brackets_replaces_the_word_it_corrects(
    typed: str, meant: str
) -> None:
    """Autocorrect turns "MOC" into "moche"; people correct it as chats do."""
    assert retyped(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "le MOC (mécanisme opérationnel) à Gao",  # an explanation, not a correction
        "la minusma (mission) a fait quoi",  # too far from any word before it
        "2*3 ça fait combien",  # arithmetic
        "c'est **important** le MOC",  # bold text
        "le MOC *MOC",  # already there: only the mark goes
    ],
)
def test_brackets_and_stars_that_correct_nothing_change_no_word(typed: str) -> None:
    assert words(retyped(typed)) == words(typed)


def test_that_after_a_preposition_points_back_to_what_was_said() -> None:
    assert points_back("je veux savoir la part de la MINUSMA dans ça")
    assert points_back("qu'a fait la MINUSMA pour cela ?")
    assert not points_back("ça veut dire quoi la PEJ ?")


def test_the_sentence_before_a_question_skips_the_words_that_say_nothing() -> None:
    parts = split(
        "Hier à la radio ils ont parlé de stratégie nationale. Moi je veux savoir la part "
        "de la MINUSMA dans ça"
    )
    assert parts.before.startswith("Hier à la radio")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("C'est un partenaire de la plateforme des jeunes ?", True),
        ("c eux ki ont forme les jeunes de la pej non", True),
        ("c'est à Bamako ?", True),
        ("c'est possible ?", False),  # asks of its own
        ("c payant?", False),
        ("c eux qui ont voulu ou on les a chassés ?", False),  # which of two
    ],
)
def test_a_guess_that_names_something(text: str, names: bool) -> None:
    assert guesses_a_name(text) is names


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("ma copine me répond plus, je fais quoi ?", True),
        ("mon voisin fait du bruit toute la nuit, koi faire", True),
        ("je peux faire quoi ?", False),  # what the bot can do
        ("comment je fais pour poser une question", False),
        ("c'est quoi le DDR ?", False),
    ],
)
def test_asking_what_to_do_about_a_situation_is_told_apart(text: str, advice: bool) -> None:
    assert asks_advice(text) is advice


def test_what_a_question_points_to_can_be_named() -> None:
    assert with_named("c'est quoi cette commission ?", "cnddr") == "c est quoi cnddr"
    assert with_named("c'est quoi le DDR ?", "cnddr") == "c'est quoi le DDR ?"  # points nowhere


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("c'est quoi cette histoire ?", False),  # what a story tells
        ("c'est quoi vraiment cette affaire", False),
        ("c'est quoi cette commission ?", True),
        ("c'est quoi le MOC", True),
    ],
)
def test_what_a_story_tells_is_no_name_to_explain(text: str, meaning: bool) -> None:
    assert asks_meaning(text) is meaning


def test_a_quotation_is_never_cut_into_two_asks() -> None:
    """A forwarded message quoted whole names places and topics; the ask follows it."""
    forwarded = (
        'Transféré: "La MINUSMA finance les camps MOC de Gao, Kidal et Tombouctou". c koi le MOC ?'
    )
    assert halves(forwarded) == []
    assert halves("« la PEJ » c koi, et le MOC ?") != []
