"""Knowledge base: YAML files -> validated, immutable objects, with file:line errors."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from rss_bot import texts
from rss_bot.normalize import HTML_TAG, fold

ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
_ID_LINE = re.compile(r"^[ \t-]*id[ \t]*:[ \t]*[\"']?([^\s\"'#]+)", re.MULTILINE)
MAX_ID_LENGTH = 32
MAX_ANSWER_LENGTH = 4096  # Telegram's limit for one message
MAX_TITLE_LENGTH = 64
INTENT_KEYS = ("id", "questions", "answer", "title", "keywords", "related", "source", "kind")
# What an intent answers, so that "c'est quoi X" reaches the glossary entry and "qu'a fait
# la MINUSMA pour X" the result, and greetings or thanks are never taken for a question
# (optional; a knowledge base without kinds works the same).
KINDS = ("glossaire", "resultat", "apercu", "liste", "conversation")
SMALL_TALK = "conversation"  # greetings, thanks, goodbyes: never a topic asked about
GLOSSARY = "glossaire"  # what a name or an acronym is
LIST = "liste"  # partners, places, key figures: about the whole, not one action
REQUIRED_KEYS = ("id", "questions", "answer")
TOP_LEVEL_KEYS = ("intents", "synonyms", "menu", "out_of_scope")
MENU_FALLBACK_SIZE = 8


@dataclass(frozen=True)
class Problem:
    """One defect of the knowledge base, located in a file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        if not self.line:  # the folder itself, not a line of a file
            return f"{self.file} : {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """Raised when the knowledge base cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Intent:
    """One question topic: example questions, the answer and navigation hints."""

    id: str
    questions: tuple[str, ...]
    answer: str
    title: str | None = None
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    source: str | None = None
    kind: str | None = None  # one of KINDS
    file: str = ""
    line: int = 0

    @property
    def topic(self) -> bool:
        """Whether this intent is a declared topic (a kind other than small talk)."""
        return self.kind is not None and self.kind != SMALL_TALK

    @property
    def label(self) -> str:
        """A short label for buttons and menus: the title, else the first question."""
        if self.title:
            return self.title
        first = self.questions[0].strip()
        return first if len(first) <= 40 else first[:39].rstrip() + "…"


@dataclass(frozen=True)
class KnowledgeBase:
    """The whole validated knowledge base."""

    intents: tuple[Intent, ...]
    synonyms: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    menu: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    version: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({i.id: i for i in self.intents}))

    def get(self, intent_id: str) -> Intent | None:
        """The intent with this id, or None."""
        return self._by_id.get(intent_id)  # type: ignore[attr-defined]

    def __contains__(self, intent_id: object) -> bool:
        return intent_id in self._by_id  # type: ignore[attr-defined]

    @property
    def menu_ids(self) -> tuple[str, ...]:
        """Intents of the main menu: the `menu:` list, else the first intents."""
        if self.menu:
            return self.menu
        return tuple(i.id for i in self.intents[:MENU_FALLBACK_SIZE])

    @property
    def question_count(self) -> int:
        """Number of example questions over all intents."""
        return sum(len(i.questions) for i in self.intents)


# --- YAML reading with line numbers ------------------------------------------------


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node) -> Any:
    """Python value of a node (scalars typed as YAML 1.1 safe loading does)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except Exception:  # YAMLError, or ValueError for "2024-13-45", "!!int douze"...
        return node.value if isinstance(node, yaml.ScalarNode) else None
    finally:
        loader.dispose()


def _indented_under_a_value(text: str, line: int) -> bool:
    """Whether line `line` (from 1) is more indented than the key line before it, a key that
    already has its value ("    kind: glossaire" then "      title: …")."""
    lines = text.splitlines()
    if not 1 < line <= len(lines):
        return False
    here = lines[line - 1]
    before = next((b for b in reversed(lines[: line - 1]) if b.strip()), "")
    indent = len(here) - len(here.lstrip(" "))
    key = r"\s*(?:- )?[a-z_]+: "  # a key of the schema, not a text with a colon in it
    return (
        indent > len(before) - len(before.lstrip(" "))
        and bool(re.match(key + r"\S", before))
        and bool(re.match(key, here))
    )


def _swallowed_items(node: yaml.Node, text: str) -> bool:
    """Whether a list item is a plain text over several lines that reads like more items:
    a dash indented one space less than the next ones makes YAML join them all into one."""
    # Plain style is None from PyYAML's parser and "" from libyaml's.
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return False
    start, end = node.start_mark, node.end_mark
    if end.line == start.line:
        return False
    continued = text[start.index : end.index].splitlines()[1:]
    return any(line.lstrip().startswith("- ") for line in continued)


def _question_mark_in_flow(node: yaml.Node, text: str) -> bool:
    """Whether a list or dictionary written between brackets holds a "?": libyaml reads
    "[Où ?, quand]" as two texts where PyYAML refuses it, and PyYAML's verdict is kept."""
    if isinstance(node, yaml.ScalarNode):
        return False
    if node.flow_style and "?" in text[node.start_mark.index : node.end_mark.index]:
        return True
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    else:  # a mapping: (key, value) pairs
        children = [child for pair in node.value for child in pair]
    return any(_question_mark_in_flow(child, text) for child in children)


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree of a file's text. libyaml's parser, when installed, is about twenty
    times faster than PyYAML's own; the file is read again by PyYAML's when libyaml refuses
    it, when it holds a character PyYAML refuses, or when the two may disagree, so problems
    are always PyYAML's, with the messages and lines staff are shown."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            node = yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
        else:
            if node is None or not _question_mark_in_flow(node, text):
                return node
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _type_name(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "un dictionnaire"
    if isinstance(node, yaml.SequenceNode):
        return "une liste"
    value = _scalar(node)
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return "un nombre"
    return "un texte"


def _pairs(node: yaml.MappingNode) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    for key_node, value_node in node.value:
        yield str(_scalar(key_node)), key_node, value_node


# How to fix the common syntax errors, shown after the French explanation.
HINT_INDENT = (
    "astuce : alignez la ligne sur les autres clés de la même intention, avec le même nombre "
    "d'espaces ; si c'est une question de la liste, commencez-la par « - »"
)
HINT_DASH = (
    "astuce : chaque élément d'une liste commence par « - » suivi d'un espace ; "
    "une clé est suivie de « : »"
)
HINT_TAB = "astuce : remplacez la tabulation par des espaces (2 par niveau)"
HINT_INDENT_MORE = (
    "astuce : cette ligne est plus indentée que la clé au-dessus, qui a déjà sa valeur ; "
    "alignez-la sur les autres clés de l'intention"
)
HINT_NEW_INTENT = "astuce : chaque intention commence par « - id: », avec son tiret"
HINT_LIST_INDENT = (
    "astuce : alignez tous les « - » de la liste sur la même colonne, avec le même nombre d'espaces"
)
HINT_COLON = (
    "astuce : un texte qui contient « : » suivi d'un espace doit être entre guillemets, "
    'par exemple « - "Remarque : ..." »'
)
HINT_QUOTE_START = (
    "astuce : un texte qui commence par « ! », « * », « & », « @ » ou « ` » doit être entre "
    'guillemets, par exemple « - "*important* ..." »'
)
HINT_QUOTE = "astuce : fermez le guillemet sur la même valeur, ou retirez-le"
HINT_FLOW = "astuce : fermez la liste par « ] » et séparez les éléments par « , »"
HINT_QUESTION_MARK = "astuce : mettez la question entre guillemets"
HINT_DOCUMENT = (
    "astuce : retirez la ligne « --- » ; un fichier contient une seule liste « intents: »"
)
HINT_ESCAPE = "astuce : doublez la barre « \\\\ », ou utilisez des guillemets simples"


def _yaml_problem(exc: yaml.MarkedYAMLError) -> tuple[str, str, bool]:
    """PyYAML's English problem as a short French explanation and a hint to fix it, and
    whether the error is best shown where the unclosed quote, list or key opened rather than
    where parsing gave up. Unknown problems keep PyYAML's words as a technical detail."""
    problem = exc.problem or ""
    context = exc.context or ""
    if "escape character" in problem:
        return (
            "caractère d'échappement inconnu après « \\ » entre guillemets doubles",
            HINT_ESCAPE,
            False,
        )
    if "quoted scalar" in context:
        return "guillemet non fermé", HINT_QUOTE, True
    if "'\\t'" in problem or "tab character" in problem:
        return "tabulation interdite dans l'indentation", HINT_TAB, False
    if "alias" in problem or "alias" in context or "anchor" in context:
        return "« * » ou « & » en début de valeur", HINT_QUOTE_START, False
    if "cannot start any token" in problem:
        return "caractère interdit en début de valeur", HINT_QUOTE_START, False
    if "mapping values are not allowed" in problem:
        return "« : » inattendu", HINT_COLON, False
    if "flow" in context and problem.endswith("'?'"):
        return "« ? » inattendu entre crochets", HINT_QUESTION_MARK, False
    if "flow sequence" in context:
        return "liste non fermée : « ] » ou « , » manquant", HINT_FLOW, True
    if "flow mapping" in context:
        return "dictionnaire non fermé : « } » ou « , » manquant", HINT_FLOW, True
    if "expected ':'" in problem:
        return "« : » manquant après la clé, ou « - » manquant devant un élément", HINT_DASH, True
    if "single document" in context:
        return "un seul document par fichier", HINT_DOCUMENT, False
    if any(
        words in problem
        for words in ("<block end>", "expected key", "'-' indicator", "sequence entries")
    ):
        return "indentation incorrecte", HINT_INDENT, False
    original = ", ".join(filter(None, (context, problem)))
    return "structure invalide", f"détail technique : {original}", False


class _FileReader:
    """Reads one YAML file into plain values, collecting problems with line numbers."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.problems: list[Problem] = []
        # Ids written in a file that could not be read: other files may cite them, and
        # saying those are unknown would bury the one real problem under false ones.
        self.unread_ids: frozenset[str] = frozenset()
        self.unreadable = False  # not read at all: empty, not YAML, not a dictionary
        self.source = ""  # the file's text, once read

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, message))

    def root(self) -> yaml.Node | None:
        raw = self.path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problem(line, texts.NOT_UTF8)
            self.unread_ids = frozenset(_ID_LINE.findall(raw.decode("utf-8", "replace")))
            return None
        if text.startswith("\ufeff"):
            text = text[1:]
        self.source = text
        last_line = max(1, len(text.splitlines()))
        try:
            node = _compose(text)
        except yaml.MarkedYAMLError as exc:
            explanation, hint, at_opening = _yaml_problem(exc)
            mark = (exc.context_mark if at_opening else None) or exc.problem_mark
            mark = mark or exc.context_mark
            line = min(mark.line + 1, last_line) if mark else 1
            if hint is HINT_COLON and _indented_under_a_value(text, line):
                hint = HINT_INDENT_MORE
            self.problem(line, f"erreur de syntaxe YAML : {explanation} ({hint})")
            self.unread_ids = frozenset(_ID_LINE.findall(text))
            return None
        except yaml.reader.ReaderError as exc:
            line = min(text[: exc.position].count("\n") + 1, last_line)
            self.problem(
                line,
                f"erreur de syntaxe YAML : caractère invisible U+{exc.character:04X} interdit "
                "(astuce : supprimez-le ; il vient souvent d'un copier-coller)",
            )
            self.unread_ids = frozenset(_ID_LINE.findall(text))
            return None
        except yaml.YAMLError as exc:
            original = " ".join(str(exc).split())
            self.problem(
                1, f"erreur de syntaxe YAML : structure invalide (détail technique : {original})"
            )
            self.unread_ids = frozenset(_ID_LINE.findall(text))
            return None
        if node is None:
            self.problem(
                1, "fichier vide : il doit contenir une clé « intents: » suivie d'une liste"
            )
            return None
        if not isinstance(node, yaml.MappingNode):  # refused by the caller: ids unread
            self.unread_ids = frozenset(_ID_LINE.findall(text))
        return node

    def text(self, node: yaml.Node, what: str) -> str | None:
        """A non-empty string, or None after recording a problem."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(_line(node), f"{what} doit être un texte, pas {_type_name(node)}")
            return None
        if node.tag == "tag:yaml.org,2002:null" or not node.value.strip():
            self.problem(_line(node), f"{what} est vide")
            return None
        if node.tag.startswith("!"):  # `- !important ...`: YAML took "!important" as a tag
            self.problem(
                _line(node),
                f"{what} commence par « {node.tag} », que YAML ne garde pas ({HINT_QUOTE_START})",
            )
            return None
        # The raw scalar: "2364" or "oui" stay text whatever YAML would type them as.
        return node.value.strip()

    def texts(self, node: yaml.Node, what: str) -> list[tuple[str, int]]:
        """A list of non-empty strings with their lines."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem(_line(node), f"{what} doit être une liste, pas {_type_name(node)}")
            return []
        out = []
        for n, item in enumerate(node.value, 1):
            value = self.text(item, f"l'élément n°{n} de {what}")
            if value is not None and _swallowed_items(item, self.source):
                self.problem(
                    _line(item),
                    f"l'élément n°{n} de {what} s'étend sur plusieurs lignes et contient « - » : "
                    f"les éléments suivants y ont été collés ({HINT_LIST_INDENT})",
                )
            elif value is not None:
                out.append((value, _line(item)))
        return out


@dataclass
class _Draft:
    """Values read from files before cross-file checks."""

    # (intent, line of each question, line of each related id)
    intents: list[tuple[Intent, list[int], list[tuple[str, int]]]] = field(default_factory=list)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    menu: list[tuple[str, str, int]] = field(default_factory=list)
    out_of_scope: list[str] = field(default_factory=list)
    # Ids of intents that are written but could not be used (a file that does not parse,
    # an intent with a problem): citing them is not a second problem.
    unusable_ids: set[str] = field(default_factory=set)


def _read_intent(reader: _FileReader, node: yaml.Node, index: int, draft: _Draft) -> None:
    if not isinstance(node, yaml.MappingNode):
        reader.problem(
            _line(node), f"l'intention n°{index} doit être un dictionnaire, pas {_type_name(node)}"
        )
        return
    fields: dict[str, yaml.Node] = {}
    lines: dict[str, int] = {}
    for key, key_node, value_node in _pairs(node):
        if key in fields:
            reader.problem(
                _line(key_node),
                f"clé « {key} » en double dans la même intention"
                + (f" ({HINT_NEW_INTENT})" if key == "id" else ""),
            )
            continue
        fields[key] = value_node
        lines[key] = _line(key_node)
    name = f"n°{index}"
    id_node = fields.get("id")
    intent_id = reader.text(id_node, "« id »") if id_node is not None else None
    if intent_id is not None:
        draft.unusable_ids.add(intent_id)  # until the intent is known to be usable
        name = f"« {intent_id} »"
        if len(intent_id) > MAX_ID_LENGTH or not ID_PATTERN.match(intent_id):
            reader.problem(
                _line(id_node),
                f"identifiant « {intent_id} » invalide : seulement des minuscules sans accent, "
                f"des chiffres et « - », {MAX_ID_LENGTH} caractères au plus "
                "(il doit tenir dans les données d'un bouton Telegram)",
            )
            intent_id = None
    for key in fields:
        if key not in INTENT_KEYS:
            reader.problem(
                lines[key],
                f"clé inconnue « {key} » dans l'intention {name} "
                f"(clés permises : {', '.join(INTENT_KEYS)})",
            )
    ok = intent_id is not None
    for key in REQUIRED_KEYS:
        if key not in fields:
            reader.problem(
                _line(node), f"champ obligatoire « {key} » manquant dans l'intention {name}"
            )
            ok = False
    questions: list[tuple[str, int]] = []
    if "questions" in fields:
        questions = reader.texts(fields["questions"], f"« questions » de l'intention {name}")
        node_questions = fields["questions"]
        if isinstance(node_questions, yaml.SequenceNode) and not node_questions.value:
            reader.problem(lines["questions"], f"« questions » de l'intention {name} est vide")
        ok = ok and bool(questions)
    answer = None
    if "answer" in fields:
        answer = reader.text(fields["answer"], f"« answer » de l'intention {name}")
        if answer is not None and len(answer) > MAX_ANSWER_LENGTH:
            reader.problem(
                lines["answer"],
                f"réponse de l'intention {name} trop longue : {len(answer)} caractères "
                f"(Telegram en accepte {MAX_ANSWER_LENGTH} au plus)",
            )
        if answer is not None and (tag := HTML_TAG.search(answer)):
            reader.problem(
                lines["answer"],
                texts.MARKUP_IN_TEXT.format(what=f"réponse de l'intention {name}", tag=tag.group()),
            )
        ok = ok and answer is not None
    title = None
    if "title" in fields:
        title = reader.text(fields["title"], f"« title » de l'intention {name}")
        if title is not None and len(title) > MAX_TITLE_LENGTH:
            reader.problem(
                lines["title"],
                f"titre de l'intention {name} trop long pour un bouton : {len(title)} caractères "
                f"({MAX_TITLE_LENGTH} au plus)",
            )
        if title is not None and (tag := HTML_TAG.search(title)):
            reader.problem(
                lines["title"],
                texts.MARKUP_IN_TEXT.format(what=f"titre de l'intention {name}", tag=tag.group()),
            )
    source = None
    if "source" in fields:
        source = reader.text(fields["source"], f"« source » de l'intention {name}")
    keywords: list[tuple[str, int]] = []
    if "keywords" in fields:
        keywords = reader.texts(fields["keywords"], f"« keywords » de l'intention {name}")
    kind = None
    if "kind" in fields:
        kind = reader.text(fields["kind"], f"« kind » de l'intention {name}")
        if kind is not None and kind not in KINDS:
            reader.problem(
                lines["kind"],
                f"« kind » de l'intention {name} inconnu : « {kind} » "
                f"(valeurs permises : {', '.join(KINDS)})",
            )
            kind = None
    related: list[tuple[str, int]] = []
    if "related" in fields:
        related = reader.texts(fields["related"], f"« related » de l'intention {name}")
    if not ok:
        return
    assert intent_id is not None
    assert answer is not None
    intent = Intent(
        id=intent_id,
        questions=tuple(q for q, _ in questions),
        answer=answer,
        title=title,
        keywords=tuple(k for k, _ in keywords),
        related=tuple(r for r, _ in related),
        source=source,
        kind=kind,
        file=reader.display,
        line=_line(node),
    )
    draft.intents.append((intent, [ln for _, ln in questions], related))
    draft.unusable_ids.discard(intent_id)


def _read_file(reader: _FileReader, draft: _Draft) -> None:
    root = reader.root()
    reader.unreadable = not isinstance(root, yaml.MappingNode)
    if root is None:
        return
    if not isinstance(root, yaml.MappingNode):
        reader.problem(
            _line(root),
            "le fichier doit être un dictionnaire avec une clé « intents: » suivie d'une liste, "
            f"pas {_type_name(root)}",
        )
        return
    seen: set[str] = set()
    for key, key_node, value in _pairs(root):
        if key in seen:
            reader.problem(_line(key_node), f"clé « {key} » en double en tête de fichier")
            continue
        seen.add(key)
        if key == "intents":
            if not isinstance(value, yaml.SequenceNode):
                reader.problem(
                    _line(value), f"« intents » doit être une liste, pas {_type_name(value)}"
                )
                continue
            for index, item in enumerate(value.value, 1):
                _read_intent(reader, item, index, draft)
        elif key == "synonyms":
            if not isinstance(value, yaml.MappingNode):
                reader.problem(
                    _line(value),
                    "« synonyms » doit être un dictionnaire terme: [variantes], "
                    f"pas {_type_name(value)}",
                )
                continue
            for term, term_node, variants in _pairs(value):
                items = reader.texts(variants, f"l'entrée « {term} » de « synonyms »")
                if not fold(term):
                    reader.problem(_line(term_node), f"terme de synonyme vide : « {term} »")
                    continue
                draft.synonyms.setdefault(term, []).extend(v for v, _ in items)
        elif key == "menu":
            for intent_id, line in reader.texts(value, "« menu »"):
                draft.menu.append((intent_id, reader.display, line))
        elif key == "out_of_scope":
            draft.out_of_scope.extend(q for q, _ in reader.texts(value, "« out_of_scope »"))
        else:
            reader.problem(
                _line(key_node),
                f"clé inconnue « {key} » en tête de fichier "
                f"(clés permises : {', '.join(TOP_LEVEL_KEYS)})",
            )


def _cross_checks(draft: _Draft, problems: list[Problem]) -> None:
    seen_ids: dict[str, Intent] = {}
    seen_questions: dict[str, tuple[Intent, int]] = {}
    for intent, question_lines, _related in draft.intents:
        if intent.id in seen_ids:
            first = seen_ids[intent.id]
            problems.append(
                Problem(
                    intent.file,
                    intent.line,
                    f"identifiant « {intent.id} » déjà utilisé ({first.file}:{first.line})",
                )
            )
            continue
        seen_ids[intent.id] = intent
        for question, line in zip(intent.questions, question_lines, strict=True):
            key = fold(question)
            if not key:
                continue
            if key in seen_questions:
                other, other_line = seen_questions[key]
                where = (
                    "dans la même intention"
                    if other.id == intent.id
                    else f"dans l'intention « {other.id} »"
                )
                problems.append(
                    Problem(
                        intent.file,
                        line,
                        f"la question « {question} » figure déjà {where} "
                        f"({other.file}:{other_line})",
                    )
                )
            else:
                seen_questions[key] = (intent, line)
    for intent, _question_lines, related in draft.intents:
        for related_id, line in related:
            if related_id not in seen_ids and related_id not in draft.unusable_ids:
                problems.append(
                    Problem(
                        intent.file,
                        line,
                        f"« related » de l'intention « {intent.id} » cite une intention "
                        f"inconnue : « {related_id} »",
                    )
                )
    for intent_id, file, line in draft.menu:
        if intent_id not in seen_ids and intent_id not in draft.unusable_ids:
            problems.append(
                Problem(file, line, f"« menu » cite une intention inconnue : « {intent_id} »")
            )


# An answer opening with a bare yes or no reads right to one way of asking only: the same
# answer serves "est-elle encore là ?" and "est-elle partie ?", which want opposite words.
BARE_YES_NO = re.compile(r"\s*(oui|non)\s*[.,;:!]", re.IGNORECASE)


def advice(kb: KnowledgeBase) -> list[Problem]:
    """What is valid but likely to mislead users, located like the errors."""
    return [
        Problem(intent.file, intent.line, texts.KB_YES_NO.format(id=intent.id, word=m[1]))
        for intent in kb.intents
        if (m := BARE_YES_NO.match(intent.answer))
    ]


def knowledge_files(folder: Path) -> list[Path]:
    """The YAML files of a knowledge-base folder, sorted (README and hidden files excluded)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix in (".yaml", ".yml") and not p.name.startswith((".", "_"))
    )


def load(folder: str | Path) -> KnowledgeBase:
    """Load and validate a knowledge-base folder; raise KnowledgeError listing every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        problem = (
            "un fichier, pas un dossier ; indiquez le dossier qui le contient"
            if folder.is_file()
            else "dossier de la base de connaissances introuvable"
        )
        raise KnowledgeError([Problem(str(folder), 0, problem)])
    files = knowledge_files(folder)
    problems: list[Problem] = []
    unread: set[str] = set()  # files not read at all: their problems explain the others
    draft = _Draft()
    digest = hashlib.sha256()
    for path in files:
        display = str(path)
        reader = _FileReader(path, display)
        _read_file(reader, draft)
        problems.extend(reader.problems)
        if reader.unreadable:
            unread.add(display)
        draft.unusable_ids.update(reader.unread_ids)
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    if not problems and not draft.intents:
        problems.append(
            Problem(
                str(folder),
                0,
                "aucune intention trouvée : ajoutez un fichier .yaml avec une clé « intents: »",
            )
        )
    _cross_checks(draft, problems)
    if problems:
        # Files that could not be read first (an emptied file makes every mention of its
        # intents unknown), then in reading order (sorted() keeps ties in order).
        raise KnowledgeError(sorted(problems, key=lambda p: (p.file not in unread, p.file, p.line)))
    return KnowledgeBase(
        intents=tuple(intent for intent, _, _ in draft.intents),
        synonyms=MappingProxyType({k: tuple(v) for k, v in draft.synonyms.items()}),
        menu=tuple(intent_id for intent_id, _, _ in draft.menu),
        out_of_scope=tuple(draft.out_of_scope),
        files=tuple(str(p) for p in files),
        version=digest.hexdigest()[:12],
    )
