"""The `rss-bot` command: one command group, one small function per command over the
library (the commands are in `bot`, `kb`, `check` and `staff`, what they share in `common`)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from rss_bot import __version__, config, posters, texts
from rss_bot.argparse_fr import FrenchArgumentParser
from rss_bot.cli.common import CommandError
from rss_bot.config import (
    DEFAULT_EXPORT_FORMAT,
    DEFAULT_PERIOD,
    EXPORT_FORMATS,
    ConfigError,
    Settings,
    load_environment,
)

Handler = Callable[[argparse.Namespace, Settings, TextIO], int]


def _later(module: str, name: str) -> Handler:
    """A command's handler, imported when that command runs: staff reads, exports and
    `--help` start without loading the model, the bot and their libraries."""

    def handler(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
        command: Handler = getattr(importlib.import_module(module), name)
        return command(args, settings, out)

    return handler


cmd_start = _later("rss_bot.cli.bot", "cmd_start")
cmd_run = _later("rss_bot.cli.bot", "cmd_run")
cmd_config = _later("rss_bot.cli.bot", "cmd_config")
cmd_health = _later("rss_bot.cli.bot", "cmd_health")
cmd_links = _later("rss_bot.cli.bot", "cmd_links")
cmd_chat = _later("rss_bot.cli.bot", "cmd_chat")
cmd_ask = _later("rss_bot.cli.kb", "cmd_ask")
cmd_kb_check = _later("rss_bot.cli.check", "cmd_kb_check")
cmd_kb_eval = _later("rss_bot.cli.kb", "cmd_kb_eval")
cmd_stats = _later("rss_bot.cli.staff", "cmd_stats")
cmd_unanswered = _later("rss_bot.cli.staff", "cmd_unanswered")
cmd_export = _later("rss_bot.cli.staff", "cmd_export")
cmd_report = _later("rss_bot.cli.staff", "cmd_report")
cmd_suggest_examples = _later("rss_bot.cli.staff", "cmd_suggest_examples")
cmd_purge = _later("rss_bot.cli.staff", "cmd_purge")
cmd_forget = _later("rss_bot.cli.staff", "cmd_forget")


def _add_knowledge(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge",
        metavar="DOSSIER",
        help="dossier de la base de connaissances (défaut : $RSS_BOT_KNOWLEDGE ou ./knowledge)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, every command with help and an example."""
    parser = FrenchArgumentParser(
        prog="rss-bot",
        description="Assistant RSS-DDR : répond aux questions sur la fiche MINUSMA (2017).",
        epilog="Exemple :\n  rss-bot            démarre le bot (Telegram et WhatsApp s'ils sont "
        "configurés, sinon la conversation dans le terminal)",
    )
    parser.set_defaults(handler=cmd_start, knowledge=None)
    parser.add_argument(
        "--version", action="version", version=f"rss-bot {__version__}", help="afficher la version"
    )
    commands = parser.add_subparsers(title="commandes", metavar="COMMANDE")

    def command(name: str, handler: Handler, help_: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=f"Exemple :\n  {example}",
        )
        sub.set_defaults(handler=handler)
        return sub

    start = command(
        "start",
        cmd_start,
        "démarrer le bot : Telegram et WhatsApp s'ils sont configurés, sinon le terminal",
        "rss-bot start",
    )
    _add_knowledge(start)

    run = command(
        "run",
        cmd_run,
        "lancer le bot : Telegram (TELEGRAM_BOT_TOKEN), WhatsApp (WHATSAPP_ACCESS_TOKEN et "
        "WHATSAPP_PHONE_NUMBER_ID), ou les deux dans un seul processus",
        "TELEGRAM_BOT_TOKEN=123:abc rss-bot run\n"
        "  RSS_BOT_WEBHOOK_SECRET=s3cret rss-bot run --webhook https://exemple.org/rss-bot "
        "--port 8443",
    )
    run.add_argument("--webhook", metavar="URL", help="URL publique du webhook (sinon : polling)")
    run.add_argument("--listen", metavar="ADRESSE", help="adresse d'écoute du webhook")
    run.add_argument("--port", type=int, metavar="PORT", help="port d'écoute du webhook")
    _add_knowledge(run)

    command(
        "config",
        cmd_config,
        "afficher la configuration effective (secrets masqués) et ses problèmes",
        "rss-bot config",
    )
    command(
        "health",
        cmd_health,
        "vérifier que le bot en marche a joint Telegram récemment (code 0 si oui)",
        "rss-bot health",
    )

    links = command(
        "links",
        cmd_links,
        "afficher le titre et le lien t.me (ou wa.me) de chaque sujet (pas les salutations ni "
        "les remerciements), écrire des QR codes et une affiche A4 pour la campagne",
        "rss-bot links --bot rss_ddr_mali_bot --campaign mopti --qr affiches/ "
        "--poster affiches/mopti.html\n"
        "  rss-bot links --whatsapp 22370000000 --campaign mopti --poster affiche.html",
    )
    links.add_argument("--campaign", metavar="NOM", help="étiquette de campagne (ex. mopti)")
    links.add_argument("--qr", metavar="DOSSIER", help="écrire un QR code PNG par lien")
    links.add_argument(
        "--qr-size",
        type=int,
        default=posters.DEFAULT_QR_SIZE,
        metavar="PIXELS",
        help=f"taille des images QR, en pixels de côté (défaut : {posters.DEFAULT_QR_SIZE}, "
        "environ 5 cm imprimés à 300 dpi)",
    )
    links.add_argument(
        "--poster",
        metavar="FICHIER.html",
        help="écrire une page A4 prête à imprimer : une carte par sujet (titre, campagne, "
        "QR code, lien)",
    )
    links.add_argument(
        "--bot",
        metavar="NOM",
        help="nom du bot, sans @ (défaut : $RSS_BOT_USERNAME ; obligatoire si elle est vide)",
    )
    links.add_argument(
        "--whatsapp",
        metavar="NUMÉRO",
        help="liens wa.me vers ce numéro WhatsApp du bot (format international, ex. 22370000000)"
        " au lieu des liens t.me",
    )
    _add_knowledge(links)

    def add_since(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--since",
            default=DEFAULT_PERIOD,
            metavar="DURÉE",
            help=f"période lue, jusqu'à maintenant (défaut : {DEFAULT_PERIOD}, la même pour "
            "stats, report, unanswered, export et suggest-examples ; unités : h, d ou j, w)",
        )

    def add_db(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--db",
            metavar="FICHIER",
            help="base des questions (défaut : $RSS_BOT_DB ou data/rss_bot.sqlite3)",
        )

    stats_ = command(
        "stats",
        cmd_stats,
        "statistiques : questions par jour, réponses, sujets, avis, campagnes, versions de la base",
        "rss-bot stats --since 7d",
    )
    add_since(stats_)
    add_db(stats_)
    _add_knowledge(stats_)

    unanswered = command(
        "unanswered",
        cmd_unanswered,
        "questions sans réponse, regroupées par formulation proche (messages sans texte à part)",
        "rss-bot unanswered --since 30d",
    )
    add_since(unanswered)
    unanswered.add_argument(
        "--limit",
        type=int,
        default=20,
        metavar="N",
        help="nombre de groupes affichés (défaut : 20)",
    )
    add_db(unanswered)

    export = command(
        "export",
        cmd_export,
        "exporter les questions : classeur Excel pour l'équipe, CSV ou JSON Lines pour des outils",
        "rss-bot export --output questions.xlsx\n"
        "  rss-bot export --format csv --since 7d --output questions.csv",
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        metavar="FORMAT",
        help="xlsx (Excel : en-têtes en français, vraies dates, ligne d'en-tête figée), csv ou "
        "jsonl (noms de colonnes de la base, pour des outils) ; défaut : d'après l'extension "
        f"de --output, sinon {DEFAULT_EXPORT_FORMAT}",
    )
    add_since(export)
    export.add_argument("--output", metavar="FICHIER", help="fichier (défaut : la sortie)")
    add_db(export)

    report = command(
        "report",
        cmd_report,
        "rapport HTML autonome avec graphiques (lisible hors ligne)",
        "rss-bot report --html rapport.html --since 30d",
    )
    report.add_argument("--html", required=True, metavar="FICHIER", help="page à écrire")
    add_since(report)
    add_db(report)
    _add_knowledge(report)

    suggest = command(
        "suggest-examples",
        cmd_suggest_examples,
        "proposer de nouveaux exemples de questions d'après les choix des utilisateurs (YAML)",
        "rss-bot suggest-examples > propositions.yaml",
    )
    add_since(suggest)
    suggest.add_argument(
        "--min-people",
        type=int,
        default=config.MIN_PEOPLE,
        metavar="N",
        help="personnes différentes qui doivent avoir choisi le même sujet pour des "
        f"formulations proches (défaut : {config.MIN_PEOPLE})",
    )
    suggest.add_argument(
        "--min-thumbs",
        type=int,
        default=config.MIN_THUMBS,
        metavar="N",
        help="👍 après ce choix qui suffisent à eux seuls (défaut : "
        f"{config.MIN_THUMBS} ; 0 : les 👍 seuls ne suffisent pas)",
    )
    add_db(suggest)
    _add_knowledge(suggest)

    purge = command(
        "purge",
        cmd_purge,
        "effacer les questions enregistrées plus anciennes qu'une durée (montrées d'abord)",
        "rss-bot purge --older-than 30d --dry-run\n  rss-bot purge --older-than 12h --yes",
    )
    purge.add_argument(
        "--older-than",
        metavar="DURÉE",
        help="âge des lignes à effacer : 12h (heures), 30d ou 30j (jours), 2w (semaines) ; "
        "défaut : $RSS_BOT_RETENTION_DAYS jours",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="montrer ce qui serait effacé, sans rien effacer"
    )
    purge.add_argument(
        "--yes", action="store_true", help="ne pas demander de confirmation dans un terminal"
    )
    add_db(purge)

    forget = command(
        "forget",
        cmd_forget,
        "effacer toutes les questions d'une personne qui le demande par écrit (affiche "
        "seulement le nombre de lignes effacées)",
        "rss-bot forget --telegram-id 123456789 ; rss-bot forget --whatsapp 22370000001",
    )
    who = forget.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--telegram-id",
        type=int,
        metavar="N",
        help="identifiant Telegram (numérique) de la personne",
    )
    who.add_argument(
        "--whatsapp",
        metavar="NUMÉRO",
        help="numéro WhatsApp de la personne, au format international (+223 70 00 00 01) ; "
        "8 chiffres sans indicatif : un numéro malien (+223)",
    )
    who.add_argument(
        "--telegram-chat",
        type=int,
        metavar="N",
        help="identifiant Telegram (numérique, négatif) d'un groupe : les questions posées au "
        "nom du groupe par ses administrateurs anonymes",
    )
    add_db(forget)

    chat = command("chat", cmd_chat, "converser avec le bot dans le terminal", "rss-bot chat")
    _add_knowledge(chat)

    ask = command(
        "ask",
        cmd_ask,
        "répondre à une question, ou à une question par ligne de l'entrée standard",
        "printf 'c koi le MOC\\nou sont les camps moc\\n' | rss-bot ask --json",
    )
    ask.add_argument("--json", action="store_true", help="une ligne JSON par question")
    ask.add_argument(
        "--explain",
        action="store_true",
        help="expliquer la décision : corrections, sujets candidats et leurs signaux, seuils",
    )
    _add_knowledge(ask)
    ask.add_argument("question", nargs="*", metavar="QUESTION", help="la question (sinon : stdin)")

    kb = command(
        "kb",
        lambda a, s, o: _help(kb, o),
        "vérifier et mesurer la base de connaissances",
        "rss-bot kb check",
    )
    kb_commands = kb.add_subparsers(title="commandes", metavar="COMMANDE")
    check = kb_commands.add_parser(
        "check",
        help="valider la base de connaissances (erreurs fichier:ligne)",
        description="Valide la base : affiche chaque problème « fichier:ligne: message » et "
        "sort avec le code 1, ou un résumé et le code 0.",
        epilog="Exemple :\n  rss-bot kb check --knowledge knowledge/",
    )
    check.set_defaults(handler=cmd_kb_check)
    _add_knowledge(check)
    ev = kb_commands.add_parser(
        "eval",
        help="mesurer la précision sur un fichier de questions étiquetées",
        description="Passe chaque question d'un fichier (in_scope: [{q, intent}], "
        "out_of_scope: [...]) dans le moteur et affiche la précision.",
        epilog="Exemple :\n  rss-bot kb eval tests/data/questions.yaml --verbose\n"
        "  rss-bot kb eval tests/data/faq_sante_questions.yaml --knowledge tests/data/faq_sante "
        "--baselines --noisy",
    )
    ev.set_defaults(handler=cmd_kb_eval)
    ev.add_argument("file", metavar="FICHIER", help="fichier YAML de questions étiquetées")
    ev.add_argument(
        "--verbose", "-v", action="store_true", help="lister les erreurs, chacune expliquée"
    )
    ev.add_argument(
        "--baselines",
        action="store_true",
        help="comparer, dans la même exécution, à deux références : tfidf et logreg "
        "(demande scikit-learn : pip install 'rss-bot[eval]')",
    )
    ev.add_argument(
        "--noisy",
        action="store_true",
        help="ajouter une copie bruitée de chaque question (sans accents, SMS, fautes), "
        "mesurée à part",
    )
    _add_knowledge(ev)
    return parser


def _help(parser: argparse.ArgumentParser, out: TextIO) -> int:
    out.write(parser.format_help())
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rss-bot` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(load_environment())
        return args.handler(args, settings, sys.stdout)
    except ConfigError as exc:
        lines = [texts.CONFIG_INVALID.format(count=len(exc.problems))]
        print("\n".join(lines + [f"  - {p}" for p in exc.problems]), file=sys.stderr)
        return 1
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file or folder the user named: one French line, no traceback
        path = exc.filename or "?"
        print(texts.OS_ERROR.format(path=path, reason=texts.os_reason(exc)), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
