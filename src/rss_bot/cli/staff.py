"""Staff commands over the query log: stats, unanswered, export, report, suggestions, purge,
forget.

Each opens the log read-only through rss_bot.querylog, except purge and forget, which write.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO, TypeVar

from rss_bot import report_html, reports, texts
from rss_bot.cli.common import CommandError, load_kb, optional_kb, parse_period
from rss_bot.config import Settings
from rss_bot.querylog import (
    EXPORT_COLUMNS,
    LogReader,
    QueryLogError,
    forget_file,
    purge_file,
    read_log,
    utc_now,
)

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


def cmd_stats(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Totals, shares, top intents, feedback and campaigns."""
    period = parse_period(args.since)
    result = _read_log(args, settings, lambda reader: reports.stats(reader, period))
    out.write(reports.format_stats(result, optional_kb(args, settings)) + "\n")
    return 0


def cmd_unanswered(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Unanswered questions grouped by similar wording."""
    period = parse_period(args.since)
    clusters = _read_log(args, settings, lambda reader: reports.unanswered(reader, period))
    out.write(reports.format_clusters(clusters, args.limit) + "\n")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Questions as CSV or JSON lines."""
    since = utc_now() - parse_period(args.since)
    rows = reports.clipped(_read_log(args, settings, lambda reader: reader.export(since)))
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
    period = parse_period(args.since)

    async def gather(reader: LogReader) -> tuple[reports.Stats, list[reports.Cluster]]:
        return await reports.stats(reader, period), await reports.unanswered(reader, period)

    result, clusters = _read_log(args, settings, gather)
    page = report_html.render(result, clusters, optional_kb(args, settings), utc_now())
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
    kb = load_kb(args, settings)
    proposals = _read_log(args, settings, lambda reader: reports.proposed_examples(reader, kb))
    out.write(reports.format_proposals(proposals, kb) + "\n")
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Delete logged rows older than the retention period."""
    period = parse_period(args.older_than or f"{settings.retention_days}d")
    try:  # the one staff command that writes: it migrates an older log, never another file
        removed = asyncio.run(purge_file(_db_path(args, settings), period))
    except QueryLogError as exc:
        raise CommandError(str(exc)) from None
    out.write(texts.PURGED.format(count=removed, days=period.days) + "\n")
    return 0


def cmd_forget(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Delete every question and event of one Telegram user who asked in writing; print only
    how many rows were deleted (never a question, never the pseudonym)."""
    path = _db_path(args, settings)
    try:
        erased = asyncio.run(forget_file(path, args.telegram_id, settings.log_key.get()))
    except QueryLogError as exc:
        raise CommandError(str(exc)) from None
    out.write(
        texts.FORGET_DONE.format(
            total=erased.total, questions=erased.questions, events=erased.events
        )
        + "\n"
    )
    return 0
