"""The one PDF renderer: a page of HTML made into an accessible PDF (PDF/UA-1) with WeasyPrint.

Every printable record (the Local Test of Assurance, the Ofsted self-evaluation, and later the
packs) goes through ``render_pdf``, so each PDF is tagged for screen readers, carries its title
and language, and fetches nothing from the network: governance records and packs hold sensitive
data, and a renderer that follows any URL in the page could be made to send it elsewhere or to
read files it should not. The fetcher below serves only files inside the folders it is given
(the project's own static files) and ``data:`` URLs, and refuses everything else.

It stands free of Django and of the rest of Safeguard (a foundation in ``.importlinter``), so
every layer can print: callers pass the folders of static files they allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

PDF_VARIANT = "pdf/ua-1"


class LocalFilesOnly(URLFetcher):
    """Serves ``file:`` URLs inside the allowed folders and ``data:`` URLs; refuses the rest.

    A refusal raises ``ValueError``, which WeasyPrint reports as a warning and skips the
    resource, so a stray link costs a missing image, never a request leaving the machine.
    """

    def __init__(self, folders: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.folders = tuple(folder.resolve() for folder in folders)

    def allows(self, url: str) -> bool:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return True
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parsed.path)).resolve()
        return path.is_file() and any(path.is_relative_to(folder) for folder in self.folders)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not self.allows(url):
            raise ValueError(f"not one of the project's own files: {url}")
        return super().fetch(url, headers)


def render_pdf(
    html: str,
    *,
    title: str,
    language: str = "en-GB",
    author: str = "",
    static_folders: Sequence[Path] = (),
) -> bytes:
    """The page as a tagged PDF/UA-1 document with its title, language and author set.

    Relative URLs in the page resolve inside the first of ``static_folders``; nothing outside
    those folders is ever read.
    """
    base_url = static_folders[0].resolve().as_uri() + "/" if static_folders else None
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalFilesOnly(static_folders)).render(
        pdf_variant=PDF_VARIANT
    )
    document.metadata.title = title
    document.metadata.lang = language
    if author:
        document.metadata.authors = [author]
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    if pdf is None:  # only when a target is given; kept for the type checker
        raise RuntimeError("WeasyPrint wrote no PDF")
    return pdf
