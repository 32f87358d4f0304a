"""The register's files: every formula-like cell neutralised, numbers as Dutch Excel reads
them, and the workbook holding exactly what the CSV holds."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from bot.render.files import csv_bytes, neutralise, xlsx_bytes
from flows.records import Table

DANGEROUS = ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\tcmd", "\rcmd"]
TABLE = Table("Presentielijst", ("Lid", "Uren"),
              (*((name, 1.5) for name in DANGEROUS), ("Anna; de Vries", 2)))


def test_formula_like_cells_become_text():
    assert [neutralise(c) for c in DANGEROUS] == ["'" + c for c in DANGEROUS]
    assert neutralise("Anna") == "Anna" and neutralise(-2) == -2


def test_the_csv_is_semicolon_separated_with_a_bom_and_decimal_commas():
    raw = csv_bytes(TABLE, "nl")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Lid", "Uren"]
    assert [row[0] for row in rows[1:-1]] == ["'" + c for c in DANGEROUS]
    assert rows[1][1] == "1,5" and rows[-1] == ["Anna; de Vries", "2"]
    assert csv_bytes(TABLE, "en").decode("utf-8-sig").splitlines()[1].endswith(";1.5")


def test_the_workbook_has_no_formulas():
    content = xlsx_bytes(TABLE, datetime(2027, 1, 7, tzinfo=UTC))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Presentielijst"
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    # XML keeps a carriage return as a line feed; still text behind the quote.
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)][:-1] == [
        "'" + c.replace("\r", "\n") for c in DANGEROUS]
    assert sheet["B2"].value == 1.5
