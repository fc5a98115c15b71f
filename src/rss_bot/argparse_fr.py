"""An argparse parser that speaks French, for rss-bot's command line only.

argparse writes its messages through gettext in English. Rather than replacing argparse's
translation function for the whole process, this parser translates what it prints itself:
headings, the usage prefix, and its error messages (matched against argparse's English
templates). Other parsers in the same process keep speaking English.
"""

from __future__ import annotations

import argparse
import re
from typing import Any, NoReturn

# argparse's English templates (Python 3.11-3.13) and their French versions.
_MESSAGES = {
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "il faut l'un de ces arguments : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)s (choix possibles : %(choices)s)"
    ),
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "invalid %(type)s value: %(value)r": "%(value)s n'est pas %(type)s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "not allowed with argument %s": "interdit avec l'argument %s",
    "ignored explicit argument %r": "valeur ignorée : %s",
}
_ARGUMENT = re.compile(r"^argument (?P<name>\S+?): (?P<message>.*)$", re.S)
_TYPE_NAMES = {"int": "un entier", "float": "un nombre"}


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching what `template` gives once formatted."""
    parts = re.split(r"(%\(\w+\)[rs]|%[rs])", template)
    regex = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex += re.escape(part)
        else:
            name = re.fullmatch(r"%\((\w+)\)[rs]", part)
            regex += f"(?P<{name.group(1) if name else f'arg{index}'}>.+?)"
    return re.compile(f"^{regex}$", re.S)


_TRANSLATIONS = [(_pattern(english), french) for english, french in _MESSAGES.items()]


def translate(message: str) -> str:
    """argparse's English error message in French (unchanged if it is not a known one)."""
    found = _ARGUMENT.match(message)
    if found:
        return f"argument {found['name']} : {translate(found['message'])}"
    for pattern, french in _TRANSLATIONS:
        matched = pattern.match(message)
        if matched:
            values = {k: _TYPE_NAMES.get(v, v) for k, v in matched.groupdict().items()}
            positional = [v for k, v in values.items() if k.startswith("arg")]
            return french % (tuple(positional) if positional else values)
    return message


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help with a French usage line; descriptions and examples kept as written."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """The usage line, prefixed "utilisation : "."""
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in French; its subcommands are too.

    Errors are one line on stderr, with the command that shows the help, and exit code 2.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "afficher cette aide et quitter"

    def error(self, message: str) -> NoReturn:
        """Print the error in French on one line and exit with code 2."""
        self.exit(2, f"{self.prog} : erreur : {translate(message)} (aide : {self.prog} -h)\n")
