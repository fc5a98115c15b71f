"""The `rss-bot` command: one small function per subcommand over the library."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import dataclasses
import json
import logging
import secrets
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TextIO, TypeVar

import yaml

from rss_bot import health, report_html, reports, texts
from rss_bot.argparse_fr import FrenchArgumentParser
from rss_bot.config import ConfigError, Settings, load_environment
from rss_bot.console import run_chat_async
from rss_bot.engine import Engine, Reply, visible_text
from rss_bot.evaluation import evaluate, load_questions
from rss_bot.knowledge import KnowledgeBase, KnowledgeError, load
from rss_bot.querylog import (
    EXPORT_COLUMNS,
    LogReader,
    QueryLog,
    QueryLogError,
    load_or_create_key,
    purge_file,
    read_log,
    utc_now,
)
from rss_bot.reports import parse_duration
from rss_bot.verdict import Outcome, Verdict


class CommandError(Exception):
    """A problem the user can fix; its message is printed in French, without traceback."""


def _load_kb(args: argparse.Namespace, settings: Settings) -> KnowledgeBase:
    folder = Path(args.knowledge) if getattr(args, "knowledge", None) else settings.knowledge_dir
    try:
        return load(folder)
    except KnowledgeError as exc:
        lines = [texts.KB_INVALID.format(count=len(exc.problems))]
        lines += [str(p) for p in exc.problems]
        raise CommandError("\n".join(lines)) from None


def _json_line(question: str, reply: Reply) -> str:
    verdict = reply.verdict or Verdict(Outcome.FALLBACK)  # every answer to a question has one
    return json.dumps(
        {
            "question": question,
            "intent": verdict.intent,
            "score": round(verdict.score, 1),
            "outcome": verdict.outcome.value,
            "answer": visible_text(reply),
            "suggestions": list(verdict.suggestions),
        },
        ensure_ascii=False,
    )


def _tsv_line(reply: Reply) -> str:
    verdict = reply.verdict or Verdict(Outcome.FALLBACK)
    one_line = " / ".join(line.strip() for line in visible_text(reply).splitlines() if line.strip())
    return f"{verdict.outcome.value}\t{verdict.intent or '-'}\t{verdict.score:.1f}\t{one_line}"


def cmd_ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Answer one question, or one question per line of standard input."""
    engine = Engine(_load_kb(args, settings))
    if args.question:
        question = " ".join(args.question)
        reply = engine.reply(question)
        out.write((_json_line(question, reply) if args.json else visible_text(reply)) + "\n")
        return 0
    for line in sys.stdin:
        question = line.rstrip("\r\n")
        reply = engine.reply(question)
        out.write((_json_line(question, reply) if args.json else _tsv_line(reply)) + "\n")
        out.flush()
    return 0


def open_query_log(settings: Settings, kb_version: str) -> QueryLog:
    """The query log the bot writes to (not yet opened)."""
    try:
        key = load_or_create_key(settings.db_path, settings.log_key.get())
    except OSError as exc:
        # Without a lasting key the pseudonyms change at each start; logging still works.
        logging.getLogger(__name__).warning(texts.LOG_KEY_UNAVAILABLE.format(error=exc))
        key = secrets.token_hex(32).encode()
    return QueryLog(settings.db_path, key, kb_version, retention_days=settings.retention_days)


def cmd_chat(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Converse in the terminal; questions go to the query log."""
    kb = _load_kb(args, settings)
    engine = Engine(kb)

    async def converse() -> None:
        log = open_query_log(settings, kb.version)
        await log.open()
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        assert task is not None
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, task.cancel)
        try:
            await run_chat_async(
                engine, sys.stdin, out, interactive=sys.stdin.isatty(), recorder=log
            )
        except asyncio.CancelledError:
            out.write("\n" + texts.CHAT_BYE + "\n")
        finally:
            await log.close()

    asyncio.run(converse())
    return 0


def cmd_start(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Start the bot: in Telegram when a token is set, else the terminal chat."""
    if not settings.telegram_token:
        print(texts.NO_TOKEN_CHAT, file=sys.stderr)
        return cmd_chat(args, settings, out)
    return cmd_run(args, settings, out)


def cmd_run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Run the Telegram bot until stopped."""
    from telegram.error import InvalidToken, NetworkError

    from rss_bot.telegram.app import configure_logging, run

    overrides: dict[str, object] = {
        key: value
        for key, value in (
            ("webhook_url", getattr(args, "webhook", None)),
            ("listen", getattr(args, "listen", None)),
            ("port", getattr(args, "port", None)),
        )
        if value is not None
    }
    if overrides.get("webhook_url"):
        overrides["mode"] = "webhook"
    settings = dataclasses.replace(settings, **overrides)
    if not settings.telegram_token:
        raise CommandError(texts.NO_TOKEN_RUN)
    problems = settings.webhook_problems() if settings.mode == "webhook" else []
    problems += settings.path_problems()
    if problems:
        raise ConfigError(problems)
    kb = _load_kb(args, settings)
    configure_logging(settings)
    try:
        run(settings, Engine(kb), open_query_log(settings, kb.version))
    except (InvalidToken, NetworkError) as exc:
        raise CommandError(texts.TELEGRAM_START_FAILED.format(error=exc)) from None
    return 0


def cmd_config(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print the effective configuration, secrets masked."""
    rows = settings.describe()
    width = max(len(name) for name, _, _ in rows)
    value_width = max(len(value) for _, _, value in rows)
    out.write(texts.CONFIG_TITLE + "\n")
    for name, label, value in rows:
        out.write(f"  {name:<{width}}  {value:<{value_width}}  # {label}\n")
    problems = settings.path_problems()
    for problem in problems:
        out.write(f"  ! {problem}\n")
    return 1 if problems else 0


def cmd_health(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Exit 0 when the running bot reached Telegram recently (container HEALTHCHECK)."""
    seconds = health.age(settings.heartbeat)
    if seconds is None:
        out.write(texts.HEALTH_NEVER.format(path=settings.heartbeat) + "\n")
        return 1
    if seconds > health.MAX_AGE_S:
        out.write(texts.HEALTH_STALE.format(seconds=seconds) + "\n")
        return 1
    out.write(texts.HEALTH_OK.format(seconds=seconds) + "\n")
    return 0


def cmd_links(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print the deep link of every topic; with --qr, write one QR image per link."""
    from rss_bot.telegram.deeplinks import CAMPAIGN_PATTERN, build_payload, link

    username = (args.bot or settings.bot_username).lstrip("@")
    if not username:
        raise CommandError(texts.LINKS_NO_USERNAME)
    campaign = args.campaign.lower() if args.campaign else None
    if campaign and not CAMPAIGN_PATTERN.match(campaign):
        raise CommandError(texts.LINKS_BAD_CAMPAIGN.format(campaign=args.campaign))
    kb = _load_kb(args, settings)
    entries = [("accueil", link(username, build_payload(campaign=campaign)))]
    entries += [(i.id, link(username, build_payload(i.id, campaign))) for i in kb.intents]
    for name, url in entries:
        out.write(f"{name}\t{url}\n")
    if args.qr:
        import segno

        folder = Path(args.qr)
        prefix = f"{campaign}-" if campaign else ""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, url in entries:
                segno.make(url, error="m").save(folder / f"{prefix}{name}.png", scale=8, border=4)
        except OSError as exc:
            raise CommandError(
                texts.QR_NOT_WRITTEN.format(folder=folder, reason=texts.os_reason(exc))
            ) from None
        print(texts.LINKS_QR_WRITTEN.format(count=len(entries), folder=folder), file=sys.stderr)
    return 0


def cmd_kb_check(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Validate the knowledge base."""
    kb = _load_kb(args, settings)
    out.write(
        texts.KB_OK.format(
            intents=len(kb.intents), questions=kb.question_count, files=len(kb.files)
        )
        + "\n"
    )
    return 0


def cmd_kb_eval(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Measure the matcher on a labelled question file."""
    kb = _load_kb(args, settings)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(texts.FILE_NOT_FOUND.format(path=path))
    try:  # the labelled file is read before any matching: its errors are the user's
        load_questions(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        raise CommandError(texts.EVAL_FILE_INVALID.format(path=path)) from None
    result = evaluate(Engine(kb).matcher, path)
    out.write(
        texts.EVAL_SUMMARY.format(
            in_scope=result.in_scope,
            right=100 * result.in_scope_accuracy,
            reached=100 * result.in_scope_reached,
            top1=100 * result.top1_accuracy,
            wrong=result.answered_wrong,
            out_of_scope=result.out_of_scope,
            rejected=100 * result.rejection_rate,
        )
        + "\n"
    )
    if args.verbose:
        for miss in result.misses:
            got = ", ".join(miss.got) or "-"
            expected = miss.expected or texts.EVAL_NOT_ANSWERED
            out.write(
                f"  {miss.outcome.value:8} {miss.score:5.1f}  attendu={expected}  obtenu={got}"
                f"  | {miss.question}\n"
            )
    return 0


T = TypeVar("T")


def _db_path(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.db) if getattr(args, "db", None) else settings.db_path


def _read_log(
    args: argparse.Namespace, settings: Settings, work: Callable[[LogReader], Awaitable[T]]
) -> T:
    """Run `work` on a read-only reader of the log named by --db or RSS_BOT_DB: staff reads
    never migrate or write; a file that is not a usable log is a French error."""

    async def main() -> T:
        async with read_log(_db_path(args, settings)) as reader:
            return await work(reader)

    try:
        return asyncio.run(main())
    except QueryLogError as exc:
        raise CommandError(str(exc)) from None


def _period(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def _optional_kb(args: argparse.Namespace, settings: Settings) -> KnowledgeBase | None:
    try:
        return _load_kb(args, settings)
    except CommandError:
        return None  # the figures do not need it: intent ids are shown instead of titles


def cmd_stats(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Totals, shares, top intents, feedback and campaigns."""
    period = _period(args.since)
    result = _read_log(args, settings, lambda reader: reports.stats(reader, period))
    out.write(reports.format_stats(result, _optional_kb(args, settings)) + "\n")
    return 0


def cmd_unanswered(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Unanswered questions grouped by similar wording."""
    period = _period(args.since)
    clusters = _read_log(args, settings, lambda reader: reports.unanswered(reader, period))
    out.write(reports.format_clusters(clusters, args.limit) + "\n")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Questions as CSV or JSON lines."""
    since = utc_now() - _period(args.since)
    rows = _read_log(args, settings, lambda reader: reader.export(since))
    if not args.output:
        _write_rows(rows, args.format, out)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as target:
            _write_rows(rows, args.format, target)
    except OSError as exc:
        raise CommandError(
            texts.EXPORT_NOT_WRITTEN.format(path=args.output, reason=texts.os_reason(exc))
        ) from None
    print(texts.EXPORT_WRITTEN.format(count=len(rows), path=args.output), file=sys.stderr)
    return 0


def _write_rows(rows: list[dict[str, object]], form: str, target: TextIO) -> None:
    if form == "csv":
        writer = csv.DictWriter(target, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            target.write(json.dumps(row, ensure_ascii=False) + "\n")


def cmd_report(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """The HTML report with charts."""
    period = _period(args.since)

    async def gather(reader: LogReader) -> tuple[reports.Stats, list[reports.Cluster]]:
        return await reports.stats(reader, period), await reports.unanswered(reader, period)

    result, clusters = _read_log(args, settings, gather)
    page = report_html.render(result, clusters, _optional_kb(args, settings), utc_now())
    path = Path(args.html)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            texts.REPORT_NOT_WRITTEN.format(path=path, reason=texts.os_reason(exc))
        ) from None
    out.write(texts.REPORT_WRITTEN.format(path=path) + "\n")
    return 0


def cmd_suggest_examples(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """New example questions per intent, as YAML to paste into the knowledge base."""
    kb = _load_kb(args, settings)
    proposals = _read_log(args, settings, lambda reader: reports.proposed_examples(reader, kb))
    out.write(reports.format_proposals(proposals, kb) + "\n")
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Delete logged rows older than the retention period."""
    period = _period(args.older_than or f"{settings.retention_days}d")
    try:  # the one staff command that writes: it migrates an older log, never another file
        removed = asyncio.run(purge_file(_db_path(args, settings), period))
    except QueryLogError as exc:
        raise CommandError(str(exc)) from None
    out.write(texts.PURGED.format(count=removed, days=period.days) + "\n")
    return 0


Handler = Callable[[argparse.Namespace, Settings, TextIO], int]


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
        epilog="Exemple :\n  rss-bot            démarre le bot (Telegram si TELEGRAM_BOT_TOKEN est "
        "défini, sinon la conversation dans le terminal)",
    )
    parser.set_defaults(handler=cmd_start, knowledge=None)
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
        "démarrer le bot : Telegram si un jeton est configuré, sinon le terminal",
        "rss-bot start",
    )
    _add_knowledge(start)

    run = command(
        "run",
        cmd_run,
        "lancer le bot Telegram (TELEGRAM_BOT_TOKEN requis) : long polling, ou webhook",
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
        "afficher le lien t.me de chaque sujet (et écrire des QR codes pour les affiches)",
        "rss-bot links --campaign mopti --qr affiches/",
    )
    links.add_argument("--campaign", metavar="NOM", help="étiquette de campagne (ex. mopti)")
    links.add_argument("--qr", metavar="DOSSIER", help="écrire un QR code PNG par lien")
    links.add_argument("--bot", metavar="NOM", help="nom du bot (défaut : $RSS_BOT_USERNAME)")
    _add_knowledge(links)

    def add_since(parser: argparse.ArgumentParser, default: str) -> None:
        parser.add_argument(
            "--since", default=default, metavar="DURÉE", help=f"période (défaut : {default})"
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
        "statistiques : questions par jour, réponses, sujets, avis, campagnes",
        "rss-bot stats --since 7d",
    )
    add_since(stats_, "7d")
    add_db(stats_)
    _add_knowledge(stats_)

    unanswered = command(
        "unanswered",
        cmd_unanswered,
        "questions sans réponse, regroupées par formulation proche",
        "rss-bot unanswered --since 30d",
    )
    add_since(unanswered, "30d")
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
        "exporter les questions (CSV ou JSON lines) pour un tableur",
        "rss-bot export --format csv --since 30d --output questions.csv",
    )
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    add_since(export, "30d")
    export.add_argument("--output", metavar="FICHIER", help="fichier (défaut : la sortie)")
    add_db(export)

    report = command(
        "report",
        cmd_report,
        "rapport HTML autonome avec graphiques (lisible hors ligne)",
        "rss-bot report --html rapport.html --since 30d",
    )
    report.add_argument("--html", required=True, metavar="FICHIER", help="page à écrire")
    add_since(report, "30d")
    add_db(report)
    _add_knowledge(report)

    suggest = command(
        "suggest-examples",
        cmd_suggest_examples,
        "proposer de nouveaux exemples de questions d'après les choix des utilisateurs (YAML)",
        "rss-bot suggest-examples > propositions.yaml",
    )
    add_db(suggest)
    _add_knowledge(suggest)

    purge = command(
        "purge",
        cmd_purge,
        "effacer les questions enregistrées plus anciennes qu'une durée",
        "rss-bot purge --older-than 30d",
    )
    purge.add_argument(
        "--older-than", metavar="DURÉE", help="durée (défaut : $RSS_BOT_RETENTION_DAYS jours)"
    )
    add_db(purge)

    chat = command("chat", cmd_chat, "converser avec le bot dans le terminal", "rss-bot chat")
    _add_knowledge(chat)

    ask = command(
        "ask",
        cmd_ask,
        "répondre à une question, ou à une question par ligne de l'entrée standard",
        "printf 'c koi le MOC\\nou sont les camps moc\\n' | rss-bot ask --json",
    )
    ask.add_argument("--json", action="store_true", help="une ligne JSON par question")
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
        epilog="Exemple :\n  rss-bot kb eval tests/data/questions.yaml --verbose",
    )
    ev.set_defaults(handler=cmd_kb_eval)
    ev.add_argument("file", metavar="FICHIER", help="fichier YAML de questions étiquetées")
    ev.add_argument("--verbose", "-v", action="store_true", help="lister les erreurs")
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
