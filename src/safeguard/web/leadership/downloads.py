"""CSV downloads of the leaders' tables: the same figures as the page, as a file.

The cells come from ``safeguard.aggregates`` already through disclosure control, and
``aggregates.csv_text`` keeps any text cell from running as a spreadsheet formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from safeguard.aggregates import csv_text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    """A CSV file to download, named by us (never from anything a user typed)."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def rounded(figure: object) -> object:
    """Rates and percentages to two decimal places in files; counts and symbols as they are."""
    return round(figure, 2) if isinstance(figure, float) else figure
