"""The framework as JSON, CSV and Markdown, for ``safeguard framework export`` and the web page's
download; ``docs/framework.md`` is the Markdown of the product's own framework.

JSON has the shape other tools read::

    {"version": "1.0", "factors": [{"id", "title", "good": [text, ...],
      "questions": [{"id", "text", "source", "indicators": [...], "audience"}]}]}

CSV has one row per statement or question, with its kind (``good`` or ``question``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from safeguard.framework.statements import Framework, Question
from safeguard.indicators.catalogue import indicator
from safeguard.spreadsheets import spreadsheet_safe

CSV_COLUMNS = ("factor", "kind", "id", "text", "source", "audience", "indicators")
MARKDOWN_COMMAND = "safeguard framework export --format markdown --product-only > docs/framework.md"


def as_document(framework: Framework) -> dict[str, Any]:
    return {
        "version": framework.version,
        "factors": [
            {
                "id": part.id,
                "title": part.title,
                "good": [statement.text for statement in part.good],
                "questions": [
                    {
                        "id": question.id,
                        "text": question.text,
                        "source": question.source,
                        "indicators": list(question.indicators),
                        "audience": question.audience,
                    }
                    for question in part.questions
                ],
            }
            for part in framework.factors
        ],
    }


def as_json(framework: Framework) -> str:
    return json.dumps(as_document(framework), indent=2, ensure_ascii=False) + "\n"


def csv_rows(framework: Framework) -> Iterator[tuple[str, ...]]:
    """One row per statement and question, in ``CSV_COLUMNS`` order."""
    for part in framework.factors:
        for statement in part.good:
            yield (part.id, "good", "", statement.text, statement.source, "", "")
        for question in part.questions:
            yield (part.id, "question", question.id, question.text, question.source, question.audience or "", " ".join(question.indicators))


def as_csv(framework: Framework) -> str:
    """The CSV document; a cell that a spreadsheet would run as a formula is kept as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(framework):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


def as_markdown(framework: Framework) -> str:
    lines = [
        "# The assurance framework",
        "",
        f"Version {framework.version}. This page is generated from the data files in `src/safeguard/framework/` by",
        f"`{MARKDOWN_COMMAND}`. Do not edit it by hand: change the",
        "data files, raise the version in `framework.toml` and generate it again (a test fails when the two disagree).",
        "",
        "For each of the seven factors of effective safeguarding, what good looks like and the questions leaders",
        "should ask, in our own words. Each cites the section of the guidance it rests on; each question lists the",
        "indicators whose figures inform it (see `docs/indicators.md`) and, where the guidance meant it for one",
        "leader, who that is. Questions keep their ids for ever, so self-assessments, challenges and packs can cite",
        "them. A council adds its own questions on the Assurance framework page or with `safeguard framework import",
        "FILE`; `safeguard framework export` then includes them after the framework's own.",
        "",
        "The guidance cited:",
        "",
    ]
    lines += [f"- **{key}**: {title}" for key, title in framework.sources.items()]
    lines += ["", "| factor | statements of what good looks like | questions |", "|---|---:|---:|"]
    for part in framework.factors:
        lines.append(f"| [{part.title}](#{_anchor(part.factor.number, part.title)}) | {len(part.good)} | {len(part.questions)} |")
    for part in framework.factors:
        lines += ["", f"## {part.factor.number}. {part.title}", "", part.factor.summary, "", "### What good looks like", ""]
        lines += [f"- {statement.text} ({statement.source})" for statement in part.good]
        lines += ["", "### Questions to ask", ""]
        lines += [_question_line(question, framework) for question in part.questions]
    return "\n".join(lines) + "\n"


def _question_line(question: Question, framework: Framework) -> str:
    details = [question.source]
    if question.audience:
        details.append(f"for the {framework.audiences.get(question.audience, question.audience)}")
    if question.indicators:
        details.append("informed by " + ", ".join(f"{indicator(identifier).title} (`{identifier}`)" for identifier in question.indicators))
    return f"- **{question.id}** {question.text} _({'; '.join(details)})_"


def _anchor(number: int, title: str) -> str:
    """GitHub's anchor for the heading "N. Title"."""
    return f"{number}-" + "-".join(title.lower().split())
