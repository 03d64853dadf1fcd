"""The self-evaluation as a Word document (python-docx), for the council to send or work on.

Real headings (Word's Title and Heading 1 and 2 styles, so the navigation pane and screen
readers find the structure), the three questions each with its answer, the headline figures as
a small table with a header row, and the document's properties (title, author, subject) set.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table

from safeguard.governance.self_evaluation.services import Version

FIGURE_COLUMNS = (
    ("indicator", "Indicator"),
    ("year", "Year"),
    ("council", "Us"),
    ("england", "England"),
    ("neighbours", "Statistical neighbours"),
    ("band", "Band"),
)


def _repeat_header(table: Table) -> None:
    """Mark the first row as the table's header (read out by screen readers, repeated on each page)."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _paragraphs(document: Document, text: str) -> None:  # type: ignore[valid-type]
    for block in text.split("\n"):
        line = block.strip()
        if not line:
            continue
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")  # type: ignore[attr-defined]
        else:
            document.add_paragraph(line)  # type: ignore[attr-defined]


def self_evaluation_docx(version: Version, *, council: str) -> bytes:
    """One version of a self-evaluation as the bytes of a .docx file."""
    document = Document()
    properties = document.core_properties
    properties.title = version.title
    properties.author = version.saved_by
    properties.subject = "Ofsted self-evaluation"
    properties.revision = version.number

    document.add_heading(version.title, level=0)
    document.add_paragraph(
        f"{council + ': ' if council else ''}Ofsted self-evaluation, version {version.number}, "
        f"saved by {version.saved_by} on {version.saved_at:%-d %B %Y}."
    )
    for question, answer in version.answers():
        document.add_heading(question, level=1)
        _paragraphs(document, answer)
    if version.audit_evidence.strip():
        document.add_heading("What case audits show", level=1)
        _paragraphs(document, version.audit_evidence)

    document.add_heading("Headline figures", level=1)
    if version.headline_figures:
        table = document.add_table(rows=1, cols=len(FIGURE_COLUMNS))
        table.style = "Table Grid"
        for cell, (_, label) in zip(table.rows[0].cells, FIGURE_COLUMNS):
            cell.text = label
        _repeat_header(table)
        for row in version.headline_figures:
            cells = table.add_row().cells
            for cell, (key, _) in zip(cells, FIGURE_COLUMNS):
                cell.text = str(row.get(key, ""))
        document.add_paragraph("Counts from 1 to 5 are shown as [c]; [x] means the figure is not available.")
    else:
        document.add_paragraph("No figures were available when this was drafted.")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
