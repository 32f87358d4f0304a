"""Tables (flows.records.Table) as files people open in Excel: a CSV that Dutch Excel splits
correctly and an .xlsx workbook.

Dutch Excel reads a CSV with `;` between columns and `,` in decimals, and needs the UTF-8 BOM
to show accents. Any text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is prefixed with `'`, so a name or text typed by someone can never run as a formula
(CSV injection).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from flows.records import Cell, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _csv_cell(cell: Cell, language: str) -> str:
    if isinstance(cell, float):
        text = f"{cell:g}"
        return text.replace(".", ",") if language == "nl" else text
    return str(neutralise(cell))


def csv_bytes(table: Table, language: str) -> bytes:
    """Semicolon-separated, quoted where needed, with a BOM (Excel's way to know UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(c, language) for c in table.header])
    for row in table.rows:
        writer.writerow([_csv_cell(c, language) for c in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: Table, now: datetime) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]  # Excel's limit for a sheet's name
    sheet.append([neutralise(c) for c in table.header])
    for row in table.rows:
        sheet.append([neutralise(c) for c in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even if it looks like a formula
    for index, name in enumerate(table.header, start=1):
        widest = max([len(str(name))] + [len(str(row[index - 1])) for row in table.rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(widest + 2, 60)
    sheet.freeze_panes = "A2"
    naive = now.replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = naive
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
