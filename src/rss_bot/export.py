"""`rss-bot export`: question rows as an Excel workbook for staff, or CSV / JSON Lines for
tools. The rows come from the query log's reader (its EXPORT_COLUMNS, oldest first)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from rss_bot import texts
from rss_bot.config import DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS
from rss_bot.querylog import EXPORT_COLUMNS, TIME_FORMAT

# Widths (in characters) of the spreadsheet columns worth widening; others keep Excel's.
_WIDTHS = {"asked_at": 19, "question": 60, "normalized": 40, "intent": 28, "suggestions": 40}


def format_for(output: str | None, chosen: str | None) -> str:
    """The format asked for, else the one the output file's extension names, else CSV."""
    if chosen:
        return chosen
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in EXPORT_FORMATS else DEFAULT_EXPORT_FORMAT


def write_text(rows: Sequence[dict[str, object]], form: str, target: IO[str]) -> None:
    """CSV (the log's own column names, for tools) or JSON Lines, to a text stream."""
    if form == "csv":
        writer = csv.DictWriter(target, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            target.write(json.dumps(row, ensure_ascii=False) + "\n")


def _cell(column: str, value: object) -> object:
    """A value as a spreadsheet shows it: a real date, French words, a readable list."""
    if value is None:
        return None
    if column == "asked_at":  # Excel has no time zones: the header says UTC
        return datetime.strptime(str(value), TIME_FORMAT).replace(tzinfo=UTC).replace(tzinfo=None)
    if column == "outcome":
        return texts.EXPORT_OUTCOMES.get(str(value), value)
    if column == "channel":
        return texts.EXPORT_CHANNELS.get(str(value), value)
    if column == "chat_type":
        return texts.EXPORT_CHAT_TYPES.get(str(value), value)
    if column == "suggestions":
        return ", ".join(json.loads(str(value)))
    if isinstance(value, str):  # what people typed: control characters are kept in the log
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def write_xlsx(rows: Sequence[dict[str, object]], path: Path) -> None:
    """An Excel workbook: French headers, real date cells, the header row frozen."""
    from openpyxl import Workbook  # only this format needs it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(texts.EXPORT_SHEET)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(EXPORT_COLUMNS, 1):
        if column in _WIDTHS:
            sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS[column]
    from openpyxl.cell import WriteOnlyCell

    header = []
    for column in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, texts.EXPORT_HEADERS[column])
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in EXPORT_COLUMNS:
            cell = WriteOnlyCell(sheet, _cell(column, row[column]))
            if column == "asked_at":
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
            elif cell.data_type == "f":  # a question typed as '=…' is text, never a formula
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_COLUMNS))}{len(rows) + 1}"
    # Built in memory, then written: a folder that does not exist fails here with an
    # OSError, not inside openpyxl's half-written file.
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
