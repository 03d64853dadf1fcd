"""The one PDF renderer: tagged PDF/UA with its title and language, and a fetcher that reads only
the project's own files (governance records and packs hold sensitive data)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from safeguard.documents import LocalFilesOnly, render_pdf


@pytest.fixture
def static(tmp_path: Path) -> Path:
    folder = tmp_path / "static"
    (folder / "css").mkdir(parents=True)
    (folder / "css" / "record.css").write_text("h1 { color: #000; }", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the PDF", encoding="utf-8")
    return folder


def test_the_fetcher_serves_only_files_inside_the_allowed_folders(static: Path):
    fetcher = LocalFilesOnly([static])
    assert fetcher.allows((static / "css" / "record.css").as_uri())
    assert fetcher.allows("data:text/css,h1{}")
    assert not fetcher.allows((static.parent / "secret.txt").as_uri())
    assert not fetcher.allows(static.as_uri() + "/../secret.txt")
    assert not fetcher.allows("https://example.com/tracker.png")
    assert not fetcher.allows("file://otherhost/etc/passwd")
    assert not fetcher.allows((static / "css" / "missing.css").as_uri())
    with pytest.raises(ValueError, match="not one of the project's own files"):
        fetcher.fetch("http://127.0.0.1:9/leak")
    assert fetcher.fetch((static / "css" / "record.css").as_uri()).read() == b"h1 { color: #000; }"


def test_a_page_becomes_a_tagged_pdf_with_its_title_language_and_author_and_no_outside_resource(static: Path, monkeypatch):
    opened: list[str] = []
    real_fetch = LocalFilesOnly.fetch

    def watched(self, url, headers=None):
        opened.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(LocalFilesOnly, "fetch", watched)
    html = (
        '<html lang="en-GB"><head><title>ignored</title><link rel="stylesheet" href="css/record.css"></head>'
        '<body><h1>What do we know?</h1><img src="https://example.com/a.png" alt=""><img src="../secret.txt" alt=""></body></html>'
    )
    pdf = render_pdf(html, title="Self-evaluation", author="Dana Director", static_folders=[static])
    reader = PdfReader(io.BytesIO(pdf))
    assert "What do we know?" in reader.pages[0].extract_text()
    assert (reader.metadata.title, reader.metadata.author) == ("Self-evaluation", "Dana Director")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers (PDF/UA)
    assert (static / "css" / "record.css").as_uri() in opened
    assert "not for the PDF" not in "".join(page.extract_text() for page in reader.pages)


def test_printing_a_pdf_leaves_the_pages_charts_drawable(static: Path):
    """WeasyPrint registers XML prefixes of its own when it loads; the charts' SVG must still come
    out as plain <svg> elements a browser draws, whatever was printed before."""
    import importlib

    import weasyprint.pdf.metadata

    from safeguard.charts import _svg

    importlib.reload(weasyprint.pdf.metadata)  # its prefixes registered again, after the charts' own
    render_pdf("<p>Printed first</p>", title="First", static_folders=[static])
    spec = {"data": {"values": [{"a": 1, "b": 2}]}, "mark": "point",
            "encoding": {"x": {"field": "a", "type": "quantitative"}, "y": {"field": "b", "type": "quantitative"}}}
    markup = str(_svg(spec, "chart-test"))
    assert markup.startswith("<svg ") and 'xmlns="http://www.w3.org/2000/svg"' in markup
    assert "ns0:" not in markup and "<rect" in markup
