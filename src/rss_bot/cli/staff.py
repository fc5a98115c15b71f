"""Staff commands over the query log: stats, unanswered, export, report, suggestions, purge,
forget.

Each opens the log read-only through rss_bot.querylog, except purge and forget, which write.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TextIO, TypeVar

from rss_bot import export, report_html, reports, review, texts
from rss_bot.cli.common import CommandError, load_kb, optional_kb, parse_period
from rss_bot.config import Settings
from rss_bot.querylog import (
    LogReader,
    QueryLogError,
    forget_file,
    purge_file,
    purge_plan,
    read_log,
    utc_now,
)
from rss_bot.records import UserId, chat_user_id

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


def _period(args: argparse.Namespace) -> timedelta:
    return parse_period(args.since)


def cmd_stats(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Totals, shares, top intents, feedback, campaigns and knowledge-base versions."""
    period = _period(args)
    result = _read_log(args, settings, lambda reader: reports.stats(reader, period))
    out.write(reports.describe_period(period) + "\n")
    out.write(reports.format_stats(result, optional_kb(args, settings)) + "\n")
    return 0


def cmd_unanswered(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Unanswered questions grouped by close wording; messages without text set apart."""
    period = _period(args)
    result = _read_log(args, settings, lambda reader: review.unanswered(reader, period))
    out.write(reports.describe_period(period) + "\n")
    out.write(review.format_unanswered(result, args.limit) + "\n")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Questions as an Excel workbook, CSV or JSON Lines."""
    period = _period(args)
    form = export.format_for(args.output, args.format)
    if form == "xlsx" and not args.output:
        raise CommandError(texts.EXPORT_NEEDS_FILE)
    since = utc_now() - period
    rows = review.clipped(_read_log(args, settings, lambda reader: reader.export(since)))
    if not args.output:
        print(reports.describe_period(period), file=sys.stderr)  # stdout is the export
        export.write_text(rows, form, out)
        return 0
    try:
        if form == "xlsx":
            export.write_xlsx(rows, Path(args.output))
        else:
            with open(args.output, "w", encoding="utf-8", newline="") as target:
                export.write_text(rows, form, target)
    except OSError as exc:
        raise CommandError(
            texts.EXPORT_NOT_WRITTEN.format(path=args.output, reason=texts.os_reason(exc))
        ) from None
    print(reports.describe_period(period), file=sys.stderr)
    print(texts.EXPORT_WRITTEN.format(count=len(rows), path=args.output), file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """The HTML report with charts and their tables."""
    period = _period(args)

    async def gather(reader: LogReader) -> tuple[reports.Stats, review.Unanswered]:
        return await reports.stats(reader, period), await review.unanswered(reader, period)

    result, unanswered = _read_log(args, settings, gather)
    page = report_html.render(
        result,
        list(unanswered.clusters),
        optional_kb(args, settings),
        utc_now(),
        reports.describe_period(period),
        unanswered.sayings,
    )
    path = Path(args.html)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            texts.REPORT_NOT_WRITTEN.format(path=path, reason=texts.os_reason(exc))
        ) from None
    out.write(reports.describe_period(period) + "\n")
    out.write(texts.REPORT_WRITTEN.format(path=path) + "\n")
    return 0


def cmd_suggest_examples(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """New example questions per intent, with their evidence, as YAML to paste."""
    kb = load_kb(args, settings)
    period = _period(args)
    evidence = review.Evidence(min_people=args.min_people, min_thumbs=args.min_thumbs)
    proposals = _read_log(
        args, settings, lambda reader: review.proposed_examples(reader, kb, period, evidence)
    )
    out.write(f"# {reports.describe_period(period)}\n")
    out.write(review.format_proposals(proposals, kb, evidence) + "\n")
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Delete logged rows older than a duration: shown first, confirmed on a terminal."""
    period = parse_period(args.older_than or f"{settings.retention_days}d")
    path = _db_path(args, settings)
    cutoff = utc_now() - period
    try:
        questions, events, oldest = asyncio.run(purge_plan(path, period))
    except QueryLogError as exc:
        raise CommandError(str(exc)) from None
    out.write(
        texts.PURGE_PLAN.format(
            questions=texts.counted(questions, "question", "questions"),
            events=events,
            duration=reports.format_duration(period),
            cutoff=f"{cutoff:%Y-%m-%d %H:%M}",
            oldest=texts.PURGE_OLDEST.format(oldest=oldest) if oldest else "",
        )
        + "\n"
    )
    if args.dry_run:
        out.write(texts.PURGE_DRY_RUN + "\n")
        return 0
    if (questions or events) and not args.yes and sys.stdin.isatty():
        out.write(texts.PURGE_CONFIRM)
        out.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in texts.YES_WORDS:
            out.write(texts.PURGE_CANCELLED + "\n")
            return 1
    try:  # the one staff command that writes: it migrates an older log, never another file
        removed = asyncio.run(purge_file(path, period))
    except QueryLogError as exc:
        raise CommandError(str(exc)) from None
    out.write(
        texts.PURGED.format(
            count=texts.counted(removed, "ligne", "lignes"),
            duration=reports.format_duration(period),
            erased=texts.erased(removed),
        )
        + "\n"
    )
    return 0


def cmd_forget(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Delete every question and event of one Telegram or WhatsApp user who asked in
    writing; print only how many rows were deleted (never a question, never the pseudonym)."""
    path = _db_path(args, settings)
    user: UserId = args.telegram_id
    if args.telegram_chat is not None:
        user = chat_user_id(args.telegram_chat)
    if args.whatsapp is not None:
        from rss_bot.redaction import MALI_COUNTRY_CODE, MALI_PHONE_DIGITS
        from rss_bot.whatsapp.door import asker_key
        from rss_bot.whatsapp.links import business_number

        number = business_number(args.whatsapp)
        if number is None:
            raise CommandError(texts.FORGET_BAD_WHATSAPP_NUMBER.format(number=args.whatsapp))
        if len(number) == MALI_PHONE_DIGITS:  # "76 12 34 56" as written in Mali: +223
            number = MALI_COUNTRY_CODE + number
        user = asker_key(number)
    try:
        erased = asyncio.run(forget_file(path, user, settings.log_key.get()))
    except QueryLogError as exc:
        raise CommandError(str(exc)) from None
    out.write(
        texts.FORGET_DONE.format(**texts.erased_counts(erased.questions, erased.events)) + "\n"
    )
    return 0
