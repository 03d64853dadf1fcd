"""The Packs page in a real browser, on the real site (``safeguard serve``) over the synthetic
council: the Chief Executive produces and downloads the assurance pack as a PDF, the analyst the
inspection data bank as a zip, a bad month is refused on the page, and the Lead Member is not
offered the data bank; axe-core finds no serious or critical WCAG 2.2 AA problem on any page."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from test_browser import BROWSER_JOURNEY, browser, page, prepare_site, serving, sign_in, visit  # noqa: F401 (fixtures)

pytestmark = BROWSER_JOURNEY


@pytest.fixture(scope="module")
def pack_site(tmp_path_factory, synthetic_council_source):
    home = tmp_path_factory.mktemp("pack-site") / "home"
    shutil.copytree(synthetic_council_source.home, home)
    environment, sheet = prepare_site(home)
    with serving(home, environment, sheet) as running:
        yield running


def _open_packs(page, site, role: str) -> None:  # noqa: F811
    sign_in(page, site, site.accounts[role], f"packs-{role}")
    page.get_by_role("link", name="Packs").first.click()
    page.wait_for_url("**/packs/")
    visit(page, f"packs-{role}-01-packs")


def test_the_chief_executive_downloads_the_assurance_pack_as_a_pdf(page, pack_site):  # noqa: F811
    _open_packs(page, pack_site, "chief-executive")
    assert page.get_by_label("Inspection data bank").count() == 0
    page.get_by_label("Chief Executive's assurance pack").check()
    page.get_by_label("Month (optional)").fill("1999-01")
    page.get_by_role("button", name="Produce the pack").click()
    visit(page, "packs-chief-executive-02-no-snapshot")
    assert "No snapshot covers January 1999" in page.get_by_role("alert").inner_text()
    page.get_by_label("Month (optional)").fill("")
    page.get_by_label("Format", exact=True).select_option("pdf")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Produce the pack").click()
    download = waiting.value
    assert download.suggested_filename.startswith("chief-executive-assurance-") and download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.goto(f"{pack_site.url}/packs/")
    visit(page, "packs-chief-executive-03-issued")
    assert "Chief Executive's assurance pack (PDF)" in page.locator("main").inner_text()


def test_the_analyst_downloads_the_inspection_data_bank_as_a_zip(page, pack_site):  # noqa: F811
    _open_packs(page, pack_site, "analyst")
    page.get_by_label("Inspection data bank").check()
    page.get_by_label("Format", exact=True).select_option("zip")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Produce the pack").click()
    download = waiting.value
    assert download.suggested_filename.startswith("inspection-data-bank-") and download.suggested_filename.endswith(".zip")
    with open(download.path(), "rb") as data, zipfile.ZipFile(io.BytesIO(data.read())) as archive:
        names = archive.namelist()
    assert "manifest.json" in names and any(name.startswith("annex-a/Annex_A_") for name in names)
