"""Loading and validating knowledge-base folders: every problem named with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rss_bot.knowledge import KnowledgeBase, KnowledgeError, load

from .conftest import DATA, KNOWLEDGE, SOURCE, WriteKB

MINIMAL = """\
intents:
  - id: horaires
    questions:
      - A quelle heure ouvrez-vous ?
      - horaires d'ouverture
    answer: De 8 h à 16 h.
  - id: adresse
    questions: ["Où êtes-vous ?", adresse]
    answer: Au centre-ville.
"""


def problems(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load(folder)
    return [str(p) for p in info.value.problems]


def only_problem(folder: Path) -> str:
    found = problems(folder)
    assert len(found) == 1, found
    return found[0]


def test_project_knowledge_base_loads(kb: KnowledgeBase) -> None:
    assert len(kb.intents) >= 40
    assert kb.question_count >= 6 * len(kb.intents)
    assert kb.menu_ids[0] == "mandat-section"
    assert len(kb.version) == 12


def test_minimal_folder_with_only_required_fields(write_kb: WriteKB) -> None:
    kb = load(write_kb(faq=MINIMAL))
    assert [i.id for i in kb.intents] == ["horaires", "adresse"]
    assert kb.get("horaires").label == "A quelle heure ouvrez-vous ?"
    assert kb.menu_ids == ("horaires", "adresse")
    assert kb.synonyms == {}


def test_version_changes_with_content(write_kb: WriteKB) -> None:
    first = load(write_kb(faq=MINIMAL)).version
    second = load(write_kb(faq=MINIMAL.replace("16 h", "17 h"))).version
    assert first != second


def test_yaml_syntax_error_names_file_and_line(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n    questions: [un, deux\n    answer: x\n")
    message = only_problem(folder)
    assert re.match(r".*faq\.yaml:\d+: erreur de syntaxe YAML", message)


def test_tab_indentation_is_reported_with_its_line(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n\tquestions: [q]\n")
    assert ":3: erreur de syntaxe YAML" in only_problem(folder)


def test_a_dash_one_space_short_does_not_silently_join_the_questions(write_kb: WriteKB) -> None:
    """YAML reads a list item indented one space less than the next ones as one text with
    the others folded in: 16 questions became one and the base still passed."""
    folder = write_kb(
        faq=(
            "intents:\n  - id: a\n    questions:\n     - Que veut dire RSS ?\n"
            "      - c'est quoi la RSS ?\n      - rss signifie quoi\n    answer: R\n"
        )
    )
    problem = only_problem(folder)
    assert ":4: l'élément n°1 de « questions »" in problem
    assert "collés" in problem
    assert "alignez tous les « - »" in problem


def test_a_long_question_wrapped_over_two_lines_may_say_a_dash(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq=(
            "intents:\n  - id: a\n    questions:\n"
            "      - Quels sont les axes de la RSS - la reforme,\n        expliquez-moi svp ?\n"
            "    answer: R\n"
        )
    )
    assert load(folder).intents[0].questions == (
        "Quels sont les axes de la RSS - la reforme, expliquez-moi svp ?",
    )


def test_a_question_may_still_say_a_dash(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq="intents:\n  - id: a\n    questions:\n      - RSS - DDR c'est quoi ?\n    answer: R\n"
    )
    assert load(folder).intents[0].questions == ("RSS - DDR c'est quoi ?",)


def test_unknown_key(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq=MINIMAL.replace("    answer: De 8", "    reponse: oups\n    answer: De 8")
    )
    assert only_problem(folder).endswith(
        "faq.yaml:6: clé inconnue « reponse » dans l'intention « horaires » "
        "(clés permises : id, questions, answer, title, keywords, related, source, kind)"
    )


def test_unknown_top_level_key(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intent:\n  - id: a\n")
    assert "faq.yaml:1: clé inconnue « intent » en tête de fichier" in problems(folder)[0]


def test_missing_required_field(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n    questions: [q]\n")
    assert only_problem(folder).endswith(
        "faq.yaml:2: champ obligatoire « answer » manquant dans l'intention « a »"
    )


def test_empty_required_field(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n    questions: [q]\n    answer:\n")
    assert only_problem(folder).endswith("faq.yaml:4: « answer » de l'intention « a » est vide")


def test_empty_question_list(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n    questions: []\n    answer: x\n")
    assert only_problem(folder).endswith("faq.yaml:3: « questions » de l'intention « a » est vide")


def test_wrong_type(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n    questions: une seule question\n    answer: x\n")
    assert only_problem(folder).endswith(
        "faq.yaml:3: « questions » de l'intention « a » doit être une liste, pas un texte"
    )


def test_wrong_type_inside_a_list(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq="intents:\n  - id: a\n    questions:\n      - q\n      - [x]\n    answer: x\n"
    )
    assert "faq.yaml:5: l'élément n°2 de « questions »" in only_problem(folder)


def test_numbers_and_yes_no_are_read_as_text(write_kb: WriteKB) -> None:
    kb = load(write_kb(faq="intents:\n  - id: a\n    questions: [2364, yes]\n    answer: 42\n"))
    assert kb.intents[0].questions == ("2364", "yes")
    assert kb.intents[0].answer == "42"


def test_duplicate_id_across_files(write_kb: WriteKB) -> None:
    folder = write_kb(
        a=MINIMAL, b="intents:\n  - id: horaires\n    questions: [autre]\n    answer: x\n"
    )
    message = only_problem(folder)
    assert re.search(r"b\.yaml:2: identifiant « horaires » déjà utilisé \(.*a\.yaml:2\)", message)


def test_same_question_under_two_intents(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq=MINIMAL.replace('["Où êtes-vous ?", adresse]', '["Horaires d’ouverture !"]')
    )
    message = only_problem(folder)
    assert (
        "faq.yaml:8: la question « Horaires d’ouverture ! » figure déjà dans l'intention "
        "« horaires »" in message
    )
    assert "faq.yaml:5)" in message


def test_related_names_unknown_id(write_kb: WriteKB) -> None:
    folder = write_kb(faq=MINIMAL + "    related:\n      - horaires\n      - tarifs\n")
    assert only_problem(folder).endswith(
        "faq.yaml:12: « related » de l'intention « adresse » cite une intention inconnue : "
        "« tarifs »"
    )


def test_answer_longer_than_telegram_allows(write_kb: WriteKB) -> None:
    folder = write_kb(faq=f"intents:\n  - id: a\n    questions: [q]\n    answer: {'x' * 4097}\n")
    assert only_problem(folder).endswith(
        "faq.yaml:4: réponse de l'intention « a » trop longue : 4097 caractères "
        "(Telegram en accepte 4096 au plus)"
    )


def test_html_markup_in_an_answer_or_a_title(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq="intents:\n  - id: a\n    title: <i>Titre</i>\n    questions: [q]\n"
        "    answer: Le <b>MOC</b> est un mécanisme.\n"
        "  - id: b\n    questions: [r]\n    answer: 3 < 5 et 7 > 2, cela reste du texte.\n"
    )
    with pytest.raises(KnowledgeError) as caught:
        load(folder)
    assert [str(p).split("faq.yaml:")[1] for p in caught.value.problems] == [
        "3: titre de l'intention « a » : balise « <i> » — le bot envoie le texte tel quel, "
        "la balise s'afficherait ; écrivez sans balises HTML",
        "5: réponse de l'intention « a » : balise « <b> » — le bot envoie le texte tel quel, "
        "la balise s'afficherait ; écrivez sans balises HTML",
    ]


@pytest.mark.parametrize("bad_id", ["Horaires", "horaires_ouverture", "é", "a" * 33, "a b"])
def test_id_that_would_not_fit_callback_data(write_kb: WriteKB, bad_id: str) -> None:
    folder = write_kb(faq=f"intents:\n  - id: '{bad_id}'\n    questions: [q]\n    answer: x\n")
    assert f"faq.yaml:2: identifiant « {bad_id} » invalide" in only_problem(folder)


def test_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "faq.yaml").write_bytes(
        "intents:\n  - id: a\n    questions: [q]\n    answer: réponse\n".encode("latin-1")
    )
    assert only_problem(folder).endswith(
        "faq.yaml:4: le fichier n'est pas encodé en UTF-8 (enregistrez-le en UTF-8)"
    )


def test_empty_file(write_kb: WriteKB) -> None:
    folder = write_kb(a=MINIMAL, vide="")
    assert "vide.yaml:1: fichier vide" in only_problem(folder)


def test_file_that_is_a_list(write_kb: WriteKB) -> None:
    folder = write_kb(faq="- id: a\n  questions: [q]\n  answer: x\n")
    assert "faq.yaml:1: le fichier doit être un dictionnaire avec une clé « intents: »" in (
        only_problem(folder)
    )


CITING = "intents:\n  - id: b\n    questions: [q2]\n    answer: y\n    related: [a]\nmenu: [a]\n"


def test_a_file_not_read_is_the_one_problem_not_every_mention_of_its_intents(
    write_kb: WriteKB,
) -> None:
    """A file in another encoding, or a list, once added one 'unknown intent' problem per
    mention of its intents in the other files (38 for our mandat.yaml)."""
    folder = write_kb(a="- id: a\n  questions: [q]\n  answer: x\n", b=CITING)
    assert "a.yaml:1: le fichier doit être un dictionnaire" in only_problem(folder)
    latin = "intents:\n  - id: a\n    questions: [q]\n    answer: réponse\n".encode("latin-1")
    (folder / "a.yaml").write_bytes(latin)
    assert "a.yaml:4: le fichier n'est pas encodé en UTF-8" in only_problem(folder)


def test_an_emptied_file_comes_before_the_mentions_of_its_intents(write_kb: WriteKB) -> None:
    folder = write_kb(b=CITING.replace("[a]", "[z]"), z="")
    found = problems(folder)
    assert found[0].endswith("z.yaml:1: fichier vide : il doit contenir une clé « intents: » "
                             "suivie d'une liste")  # fmt: skip
    assert len(found) == 3
    assert all(f.endswith("intention inconnue : « z »") for f in found[1:])


def test_duplicate_key_in_an_intent(write_kb: WriteKB) -> None:
    folder = write_kb(faq="intents:\n  - id: a\n    questions: [q]\n    answer: x\n    answer: y\n")
    assert only_problem(folder).endswith(
        "faq.yaml:5: clé « answer » en double dans la même intention"
    )


def test_menu_naming_unknown_intent(write_kb: WriteKB) -> None:
    folder = write_kb(faq=MINIMAL, menu="menu: [horaires, tarifs]\n")
    assert only_problem(folder).endswith(
        "menu.yaml:1: « menu » cite une intention inconnue : « tarifs »"
    )


def test_every_problem_is_reported_at_once(write_kb: WriteKB) -> None:
    folder = write_kb(
        a="intents:\n  - id: A\n    questions: [q]\n    answer: x\n",
        b="intents:\n  - id: b\n    questions: [q2]\n",
    )
    assert len(problems(folder)) == 2


def test_missing_folder(tmp_path: Path) -> None:
    problem = only_problem(tmp_path / "absent")
    assert problem == f"{tmp_path / 'absent'} : dossier de la base de connaissances introuvable"


def test_a_file_given_for_the_folder(write_kb: WriteKB) -> None:
    faq = write_kb(faq="intents: []\n") / "faq.yaml"
    assert (
        only_problem(faq)
        == f"{faq} : un fichier, pas un dossier ; indiquez le dossier qui le contient"
    )


def test_an_intent_without_its_dash_is_named(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq=(
            "intents:\n  - id: a\n    questions: [bonjour]\n    answer: A\n"
            "    id: b\n    questions: [salut]\n    answer: B\n"
        )
    )
    first = problems(folder)[0]
    assert ":5: clé « id » en double" in first
    assert "chaque intention commence par « - id: »" in first


def test_folder_without_intents(write_kb: WriteKB) -> None:
    folder = write_kb(syn="synonyms:\n  rss: [reforme du secteur de la securite]\n")
    assert "aucune intention trouvée" in only_problem(folder)


# --- The project's knowledge base is faithful to the fact sheet ----------------------


def test_every_intent_is_complete(kb: KnowledgeBase) -> None:
    for intent in kb.intents:
        assert len(intent.questions) >= 6, intent.id
        assert intent.title, intent.id
        assert len(intent.title) <= 40, intent.id
        assert intent.related, intent.id
        assert intent.source, intent.id
        assert len(intent.answer) <= 700, intent.id


CONTEXT_FILE = "contexte.yaml"  # the one file for public facts after 2017, each with a source


def test_every_figure_in_an_answer_is_in_the_fact_sheet(kb: KnowledgeBase) -> None:
    """Figures come from the sheet; small counts of what it lists ("3 camps") are allowed.
    Only contexte.yaml may add facts, and each of its intents names its public source."""
    sheet = SOURCE.read_text(encoding="utf-8")
    sheet_numbers = set(re.findall(r"\d+", sheet)) | {str(n) for n in range(1, 10)}
    for intent in kb.intents:
        if Path(intent.file).name == CONTEXT_FILE:
            assert intent.source, f"{intent.id}: contexte.yaml demande une « source: »"
            continue
        for number in re.findall(r"\d+", intent.answer):
            assert number in sheet_numbers, f"{intent.id}: {number} n'est pas dans la fiche"


def test_the_context_file_says_when_minusma_left(kb: KnowledgeBase) -> None:
    departure = kb.get("minusma-depart")
    assert departure is not None
    assert Path(departure.file).name == CONTEXT_FILE
    assert all(fact in departure.answer for fact in ("2690", "30 juin 2023", "31 décembre 2023"))
    assert "résolution 2690" in (departure.source or "")


@pytest.mark.parametrize(
    "fact",
    [
        "2364",
        "2017",
        "175",
        "35",
        "75",
        "Gao",
        "Kidal",
        "Tombouctou",
        "Bamako",
        "Mopti",
        "Gourma",
        "Burkina Faso",
        "Think Peace",
        "RENADJEF",
        "CONASCIPAL",
        "Alioune Blondin Bèye",
        "ONU Femmes",
        "ARGA-Mali",
        "Commissariat à la RSS",
        "Conseil National de la Jeunesse",
        "Commission Nationale de DDR",
        "Commission d'intégration",
        "Politique Nationale des Frontières",
        "loi de programmation de la sécurité intérieure",
        "éléphants",
        "braconnage",
        "gardes forestiers",
        "extrémisme violent",
        "inspections",
        "cérémonie de lancement",
        "Assistants parlementaires",
        "Administration Territoriale",
    ],
)
def test_every_fact_of_the_sheet_is_reachable(kb: KnowledgeBase, fact: str) -> None:
    assert any(fact.lower() in i.answer.lower() for i in kb.intents), fact


def test_sheet_is_where_the_tests_expect_it() -> None:
    assert SOURCE.is_file()
    assert KNOWLEDGE.is_dir()


def test_unknown_kind_is_refused(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq=MINIMAL.replace("    answer: De 8", "    kind: definition\n    answer: De 8")
    )
    assert only_problem(folder).endswith(
        "faq.yaml:6: « kind » de l'intention « horaires » inconnu : « definition » "
        "(valeurs permises : glossaire, resultat, apercu, liste, conversation)"
    )


PRESENT_TENSE = re.compile(
    r"\b(?:la MINUSMA|la section|elle)\s+(?:soutient|appuie|agit|travaille|forme|finance|"
    r"accompagne|contribue|aide|met en œuvre)\b",
    re.IGNORECASE,
)


def test_no_answer_states_how_long_questions_are_kept(kb: KnowledgeBase) -> None:
    """The retention period is configured (RSS_BOT_RETENTION_DAYS) and /apropos states it;
    an answer saying "90 days" would contradict it wherever it is set otherwise."""
    kept = re.compile(r"(?:gard|conserv|effac)\w*[^.\n]*\b(?:jours?|semaines?|mois|ans?)\b")
    for intent in kb.intents:
        assert not kept.search(intent.answer), intent.id


def test_what_minusma_did_is_told_in_the_past(kb: KnowledgeBase) -> None:
    """It is 2026: MINUSMA left Mali in 2023; answers say what it did, not what it does."""
    for intent in kb.intents:
        found = PRESENT_TENSE.search(intent.answer)
        assert found is None, f"{intent.id}: « {found.group(0)} »"


def test_one_syntax_error_is_one_problem_not_a_cascade(tmp_path: Path) -> None:
    """A bad indentation in one file of the real knowledge base: one message, at its line,
    and no "unknown intent" for the intents that file defines (other files cite them)."""
    import shutil

    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    mandat = folder / "mandat.yaml"
    lines = mandat.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith("    questions:"))
    lines[number] = lines[number][1:]  # one space too few
    mandat.write_text("".join(lines), encoding="utf-8")
    (found,) = problems(folder)
    assert found.startswith(f"{mandat}:{number + 1}: erreur de syntaxe YAML : indentation")
    assert "astuce" in found


def test_problems_are_sorted_by_file_and_line(write_kb: WriteKB) -> None:
    folder = write_kb(
        a="intents:\n  - id: x\n    questions: [q]\n    answer: r\n    related: [nulle-part]\n"
        "  - id: y\n    questions: [q2]\n    answr: r\n",
        b="intents:\n  - id: z\n    questions: [q3]\n    answer: r\n    reponse: r\n",
    )
    found = [p.rsplit(": ", 1)[0] for p in problems(folder)]
    located = [(p.split(":")[0], int(p.split(":")[1])) for p in problems(folder)]
    assert located == sorted(located), found


def test_an_invalid_intent_cited_elsewhere_is_one_problem(write_kb: WriteKB) -> None:
    folder = write_kb(
        a="intents:\n  - id: x\n    questions: [q]\n    answer: r\n    related: [y]\n",
        b="intents:\n  - id: y\n    questions: [q2]\n",  # no answer
        menu="menu: [x, y]\n",
    )
    assert only_problem(folder).endswith(
        "champ obligatoire « answer » manquant dans l'intention « y »"
    )


@pytest.mark.parametrize(
    ("text", "line", "explanation", "hint"),
    [
        ("intents:\n  - id: a\n\tquestions: [q]\n", 3, "tabulation", "remplacez la tabulation"),
        (
            "intents:\n  - id: a\n    questions:\n      - q\n   answer: x\n",
            5,
            "indentation incorrecte",
            "même nombre d'espaces",
        ),
        (
            "intents:\n  - id: a\n    questions:\n      - q\n      r\n    answer: x\n",
            5,
            "« - » manquant",
            "commence par « - »",
        ),
        (
            "intents:\n  - id: a\n    questions: [q]\n    answer: Remarque: voici\n",
            4,
            "« : » inattendu",
            "entre guillemets",
        ),
        (
            "intents:\n  - id: a\n    questions:\n      - *important q\n    answer: x\n",
            4,
            "« * »",
            "entre guillemets",
        ),
        (
            "intents:\n  - id: a\n    questions:\n      - !important q\n    answer: x\n",
            4,
            "« !important »",
            "entre guillemets",
        ),
    ],
    ids=["tab", "indentation", "missing-dash", "colon", "star", "bang"],
)
def test_common_mistakes_get_a_french_hint(
    write_kb: WriteKB, text: str, line: int, explanation: str, hint: str
) -> None:
    message = only_problem(write_kb(faq=text))
    assert f"faq.yaml:{line}: " in message
    assert explanation in message
    assert "astuce : " in message
    assert hint in message
    english = re.compile(r"\b(expected|found|while|scanning|could|not|but|token)\b")
    assert not english.search(message), message


def test_a_key_indented_under_another_gets_the_indentation_hint(write_kb: WriteKB) -> None:
    folder = write_kb(
        faq=(
            "intents:\n  - id: a\n    kind: glossaire\n      title: Le titre\n"
            "    questions: [bonjour]\n    answer: A\n"
        )
    )
    problem = only_problem(folder)
    assert ":4: erreur de syntaxe YAML : « : » inattendu" in problem
    assert "plus indentée que la clé au-dessus" in problem
    # A colon inside a value keeps the quoting hint.
    folder = write_kb(
        faq="intents:\n  - id: a\n    questions: [b]\n    answer: Note : ceci: cela\n"
    )
    assert "doit être entre guillemets" in only_problem(folder)
    folder = write_kb(
        faq="intents:\n  - id: a\n    questions: [b]\n    answer: Le MOC\n      a 3 camps : Gao\n"
    )
    assert "doit être entre guillemets" in only_problem(folder)


def _read(folder: Path) -> object:
    """What loading a folder gives: the knowledge base, or its problems as staff see them."""
    try:
        kb = load(folder)
    except KnowledgeError as exc:
        return [str(p) for p in exc.problems]
    return (kb.intents, dict(kb.synonyms), kb.menu, kb.out_of_scope, kb.files, kb.version)


def test_libyaml_reads_every_base_as_pyyaml_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's parser only makes loading faster: the shipped base, the evaluation bases
    and every broken base give the same knowledge base, or the same problems, without it."""
    import yaml

    folders = [KNOWLEDGE, *sorted(DATA.glob("faq_*/")), *sorted((DATA / "broken_kb").iterdir())]
    folders = [f for f in folders if f.is_dir()]
    assert len(folders) > 40
    fast = [_read(f) for f in folders]
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert [_read(f) for f in folders] == fast
