"""Governance records as documents: one template drawn as a print-friendly page and as a PDF.

The page (``workflow/_printed.html`` and the record's own template extending it) links one
stylesheet, the project's own ``safeguard/printed-record.css``: in the browser from the static
files' address, in the PDF from the static files' folder, the only folder the PDF renderer
(``safeguard.documents``) may read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static

from safeguard.documents import render_pdf

STYLESHEET = "safeguard/printed-record.css"


def static_folders() -> list[Path]:
    return [Path(folder) for folder in settings.STATICFILES_DIRS]


def printed_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The record as a page of its own for the browser to print."""
    html = render_to_string(template, {**context, "stylesheet": static(STYLESHEET)}, request=request)
    return HttpResponse(html)


def pdf_response(template: str, context: dict[str, Any], *, title: str, author: str, filename: str) -> HttpResponse:
    """The same record as an accessible PDF download."""
    html = render_to_string(template, {**context, "stylesheet": STYLESHEET, "back_href": None})
    pdf = render_pdf(html, title=title, author=author, static_folders=static_folders())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
