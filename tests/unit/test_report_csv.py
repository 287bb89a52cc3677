"""A report's CSV keeps names and reasons as text and negative figures as numbers."""

import csv
import io

from bookingapp.domain.report_csv import csv_cell, table_csv


def test_a_formula_is_kept_as_text():
    for cell in ("=cmd()", "+49 30 1234", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0", "-foo", "\tx"):
        assert csv_cell(cell) == "'" + cell


def test_negative_figures_stay_figures():
    for cell in ("-€40.71", "-40,71 €", "-3", "-1 234,50 zł", "-12 %"):
        assert csv_cell(cell) == cell


def test_the_csv_is_the_heading_then_the_rows():
    text = table_csv(["Period", "Net"], [["May", "-€1.00"], ["=x", "2"]], translate=str.upper)
    assert list(csv.reader(io.StringIO(text))) == [["PERIOD", "NET"], ["May", "-€1.00"], ["'=x", "2"]]
