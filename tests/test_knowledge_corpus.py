"""A corpus of broken knowledge bases: each is refused with French `file:line: message`s.

Every folder of tests/data/broken_kb is a whole knowledge base with one defect (its files
were written byte for byte: tabs, latin-1, UTF-16, a NUL byte). Loading it must raise
KnowledgeError, never another exception, and the command must refuse to start.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rss_bot.knowledge import KnowledgeError, Problem, load

from .conftest import DATA
from .test_cli import rss_bot

BROKEN = DATA / "broken_kb"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir())
SYNTAX = "erreur de syntaxe YAML : "

# The problem each case must report: "file:line: beginning of the French message".
EXPECTED = {
    "01-yaml-unclosed-quote": "faq.yaml:7: erreur de syntaxe YAML : guillemet non fermé (",
    "02-yaml-bad-indentation": "faq.yaml:7: erreur de syntaxe YAML : indentation incorrecte (",
    "03-yaml-tab-indentation": (
        "faq.yaml:4: erreur de syntaxe YAML : tabulation interdite dans l'indentation"
    ),
    "04-yaml-unclosed-flow-list": (
        "faq.yaml:4: erreur de syntaxe YAML : liste non fermée : « ] » ou « , » manquant ("
    ),
    "05-yaml-question-mark-in-flow-list": (
        "faq.yaml:4: erreur de syntaxe YAML : « ? » inattendu entre crochets"
    ),
    "06-yaml-stray-colon": "faq.yaml:7: erreur de syntaxe YAML : « : » inattendu",
    "07-yaml-missing-colon": "faq.yaml:4: erreur de syntaxe YAML : « : » manquant après la clé",
    "08-yaml-duplicate-key-in-intent": (
        "faq.yaml:8: clé « answer » en double dans la même intention"
    ),
    "09-yaml-duplicate-top-level-key": "faq.yaml:13: clé « intents » en double en tête de fichier",
    "10-yaml-two-documents": "faq.yaml:13: erreur de syntaxe YAML : un seul document par fichier",
    "11-type-questions-string": (
        "faq.yaml:4: « questions » de l'intention « horaires » doit être une liste, pas un texte"
    ),
    "12-type-questions-mapping": (
        "faq.yaml:5: « questions » de l'intention « horaires » doit être une liste, "
        "pas un dictionnaire"
    ),
    "13-type-questions-invalid-date": (
        "faq.yaml:4: « questions » de l'intention « horaires » doit être une liste, pas un texte"
    ),
    "14-type-questions-bad-int-tag": (
        "faq.yaml:4: « questions » de l'intention « horaires » doit être une liste, pas un texte"
    ),
    "15-type-answer-list": (
        "faq.yaml:8: « answer » de l'intention « horaires » doit être un texte, pas une liste"
    ),
    "16-type-id-list": "faq.yaml:3: « id » doit être un texte, pas une liste",
    "17-type-intents-mapping": ("faq.yaml:3: « intents » doit être une liste, pas un dictionnaire"),
    "18-type-top-level-list": (
        "faq.yaml:2: le fichier doit être un dictionnaire avec une clé « intents: »"
    ),
    "19-type-keywords-string": (
        "faq.yaml:7: « keywords » de l'intention « horaires » doit être une liste, pas un texte"
    ),
    "20-type-related-mapping": (
        "faq.yaml:8: « related » de l'intention « horaires » doit être une liste, "
        "pas un dictionnaire"
    ),
    "21-type-top-level-key-invalid-date": (
        "faq.yaml:13: clé inconnue « 2024-13-01 » en tête de fichier"
    ),
    "22-missing-id": "faq.yaml:3: champ obligatoire « id » manquant dans l'intention n°1",
    "23-missing-questions": (
        "faq.yaml:3: champ obligatoire « questions » manquant dans l'intention « horaires »"
    ),
    "24-missing-answer": (
        "faq.yaml:3: champ obligatoire « answer » manquant dans l'intention « horaires »"
    ),
    "25-empty-answer": "faq.yaml:7: « answer » de l'intention « horaires » est vide",
    "26-empty-question-list": "faq.yaml:4: « questions » de l'intention « horaires » est vide",
    "27-null-question": (
        "faq.yaml:6: l'élément n°2 de « questions » de l'intention « horaires » est vide"
    ),
    "28-blank-id": "faq.yaml:3: « id » est vide",
    "29-id-uppercase": "faq.yaml:3: identifiant « Horaires » invalide",
    "30-id-accent": "faq.yaml:3: identifiant « horaires-été » invalide",
    "31-id-space": "faq.yaml:3: identifiant « horaires ouverture » invalide",
    "32-id-underscore": "faq.yaml:3: identifiant « horaires_ouverture » invalide",
    "33-id-33-characters": "faq.yaml:3: identifiant « horaires-d-ouverture-de-la-mairie » invalide",
    "34-duplicate-id-same-file": "faq.yaml:8: identifiant « horaires » déjà utilisé (",
    "35-duplicate-id-two-files": "plus.yaml:3: identifiant « horaires » déjà utilisé (",
    "36-duplicate-question-folded": (
        "faq.yaml:11: la question « HORAIRES D’OUVERTURE ! » figure déjà dans l'intention "
        "« horaires »"
    ),
    "37-related-unknown-id": (
        "faq.yaml:7: « related » de l'intention « horaires » cite une intention inconnue : "
        "« tarifs »"
    ),
    "38-menu-unknown-id": "menu.yaml:4: « menu » cite une intention inconnue : « tarifs »",
    "39-answer-too-long": (
        "faq.yaml:7: réponse de l'intention « horaires » trop longue : 4139 caractères"
    ),
    "40-title-too-long": (
        "faq.yaml:7: titre de l'intention « horaires » trop long pour un bouton : 67 caractères"
    ),
    "41-unknown-top-level-key": "faq.yaml:2: clé inconnue « intent » en tête de fichier",
    "42-unknown-intent-key": ("faq.yaml:7: clé inconnue « reponse » dans l'intention « horaires »"),
    "43-encoding-latin-1": "faq.yaml:7: le fichier n'est pas encodé en UTF-8",
    "44-encoding-utf-16-bom": "faq.yaml:1: le fichier n'est pas encodé en UTF-8",
    "45-nul-byte": "faq.yaml:7: erreur de syntaxe YAML : caractère invisible U+0000 interdit",
    "46-empty-file": "faq.yaml:1: fichier vide",
    "47-only-comment": "faq.yaml:1: fichier vide",
    "48-synonyms-not-list": (
        "faq.yaml:15: l'entrée « horaires » de « synonyms » doit être une liste, pas un texte"
    ),
}

# Words of PyYAML's English messages; they may only appear in the technical detail that
# follows the French explanation of a syntax error, in parentheses.
ENGLISH = re.compile(
    r"\b(expected|found|while|scanning|parsing|mapping|sequence|allowed|could|not|but|got|"
    r"stream|token|character|special|scalar|block|flow|end)\b",
    re.IGNORECASE,
)

# Cases run through the real command: a syntax error, a former crash (ValueError), two
# files, UTF-16 and a NUL byte.
CLI_SAMPLE = [
    "01-yaml-unclosed-quote",
    "13-type-questions-invalid-date",
    "35-duplicate-id-two-files",
    "44-encoding-utf-16-bom",
    "45-nul-byte",
]


def load_problems(folder: Path) -> list[Problem]:
    """The problems of a broken folder; any exception but KnowledgeError fails the test."""
    with pytest.raises(KnowledgeError) as info:
        load(folder)
    assert info.value.problems, folder.name
    return info.value.problems


def french_part(message: str) -> str:
    """The message without the original PyYAML text that closes a syntax error."""
    if message.startswith(SYNTAX):
        french, _, original = message.rpartition(" (")
        assert len(french) > len(SYNTAX), message
        assert original.endswith(")"), message
        return french
    return message


def test_corpus_covers_every_expected_case() -> None:
    assert len(CASES) >= 32
    assert sorted(p.name for p in CASES) == sorted(EXPECTED)
    for folder in CASES:
        assert any(p.suffix == ".yaml" for p in folder.iterdir()), folder.name


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_broken_base_is_refused_with_french_file_line_problems(folder: Path) -> None:
    problems = load_problems(folder)
    for problem in problems:
        path = Path(problem.file)
        assert path.parent == folder, problem
        assert path.is_file(), problem
        lines = max(1, len(path.read_bytes().splitlines()))
        assert 1 <= problem.line <= lines, problem
        assert str(problem) == f"{problem.file}:{problem.line}: {problem.message}"
        french = french_part(problem.message)
        assert not ENGLISH.search(french), problem
        assert "\n" not in problem.message, problem
    shown = [f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems]
    assert any(line.startswith(EXPECTED[folder.name]) for line in shown), shown


@pytest.mark.parametrize("name", CLI_SAMPLE)
def test_command_refuses_a_broken_base(name: str) -> None:
    folder = BROKEN / name
    expected = [str(p) for p in load_problems(folder)]

    check = rss_bot("kb", "check", "--knowledge", str(folder))
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stderr
    assert check.stdout == ""
    assert set(expected) <= set(check.stderr.splitlines()), check.stderr

    ask = rss_bot("ask", "--knowledge", str(folder), "bonjour")
    assert ask.returncode == 1, ask.stdout + ask.stderr
    assert "Traceback" not in ask.stderr
    assert ask.stdout == ""
    assert set(expected) <= set(ask.stderr.splitlines()), ask.stderr
