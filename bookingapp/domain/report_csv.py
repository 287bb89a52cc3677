"""A report's CSV: exactly the cells of the table the page shows, under its headings.

A spreadsheet runs a cell starting with = + - @ (or a tab or return) as a formula, so such
a cell gets a leading apostrophe: names, reasons and notes stay text. A negative amount or
number ('-€40.71', '-3') is a figure to read and is left alone: after its minus it holds
digits and money marks only, never an operator a formula needs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_FIGURE = re.compile(r"-[^=+\-@|!'\"()/*^&;:<>\\]*\d[^=+\-@|!'\"()/*^&;:<>\\]*")


def csv_cell(cell: str) -> str:
    if cell[:1] not in _FORMULA_START or _NEGATIVE_FIGURE.fullmatch(cell):
        return cell
    return "'" + cell


def table_csv(header: Sequence[str], rows: Iterable[Sequence[str]], translate: Callable[[str], str] = lambda text: text) -> str:
    """The headings (catalog texts, translated here) and then every row, cell by cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([translate(h) for h in header])
    for cells in rows:
        writer.writerow([csv_cell(c) for c in cells])
    return out.getvalue()
