"""Packs: produced from the records for one month, rendered to HTML and a tagged PDF whose text
holds every section, kept exactly as issued, and refused with a clear message when asked wrongly."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safeguard.aggregates import Viewer, measure_to, published
from safeguard.errors import SafeguardError
from safeguard.governance.challenge import services as challenges
from safeguard.home import safeguard_home
from safeguard.packs.issuing import issue, kept_copy, prepare, produce
from safeguard.packs.models import IssuedPack
from safeguard.packs.registry import pack
from safeguard.packs.tests.entered import entered_in
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_lead_member_briefing_pdf_holds_every_section_and_the_year_s_figures(synthetic_council, make_person):
    member = make_person(Role.LEAD_MEMBER)
    challenges.raise_challenge(by=member, question="Why are re-referrals rising?", indicator_id="re_referral_rate")
    last_month = published().figures.last_month
    assert last_month is not None
    entered_in(last_month)
    issued = produce("lead-member-briefing", period=None, output_format="pdf", by=member, by_name=member.display_name)
    reader = PdfReader(io.BytesIO(issued.data))
    assert reader.metadata is not None and (reader.metadata.title or "").startswith("Lead Member's briefing")
    text = " ".join(_pdf_text(issued.data).split())
    for section in pack("lead-member-briefing").sections:
        assert section.heading in text
    month = published().figures.last_month
    measure = measure_to("re_referral_rate", month)
    assert measure is not None
    expected = measure.shown_to(Viewer(exact=False, teams=False))
    assert f"12 months to {month:%B %Y}" in text and expected in text
    assert "Why are re-referrals rising?" in text or "1 raised" in text


def test_an_issued_pack_is_kept_and_given_back_byte_for_byte_or_refused_if_changed(synthetic_council, make_person):
    member = make_person(Role.LEAD_MEMBER)
    issued = produce("lead-member-briefing", period=None, output_format="html", by=member, by_name="Member")
    record = IssuedPack.objects.get()
    assert (record.sha256, record.size, record.format) == (issued.record.sha256, len(issued.data), "html")
    assert record.snapshots and record.fingerprint == published().figures.fingerprint
    assert kept_copy(record).data == issued.data
    path = safeguard_home() / "packs" / record.file_name
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    path.write_bytes(issued.data + b"tampered")
    with pytest.raises(SafeguardError, match="no longer matches"):
        kept_copy(record)


@pytest.mark.parametrize(
    ("name", "period", "output_format", "message"),
    [
        ("no-such-pack", None, "pdf", "There is no pack called 'no-such-pack'"),
        ("lead-member-briefing", "2001-01", "pdf", "No snapshot covers January 2001"),
        ("lead-member-briefing", "January", "pdf", "is not a month"),
        ("lead-member-briefing", None, "docx", "comes as pdf or html"),
    ],
)
def test_bad_requests_say_what_is_wrong_and_write_nothing(synthetic_council, name, period, output_format, message):
    with pytest.raises(SafeguardError, match=message):
        produce(name, period=period, output_format=output_format, by_name="test")
    assert not IssuedPack.objects.exists()
    assert not (safeguard_home() / "packs").exists() or not any((safeguard_home() / "packs").iterdir())


def test_preparing_a_pack_writes_nothing_and_issuing_it_keeps_and_records_it(synthetic_council):
    """The page renders before it takes the database's write lock: on SQLite a PDF taking seconds
    to print inside the lock held up every other person's request that writes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        prepared = prepare("scrutiny", period=None, output_format="html")
    writes = [query["sql"] for query in queries if query["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}]
    assert writes == [] and not IssuedPack.objects.exists()
    kept = safeguard_home() / "packs"
    assert not kept.exists() or not any(kept.iterdir())
    issued = issue(prepared, by_name="test")
    assert IssuedPack.objects.get() == issued.record and issued.data == prepared.data and kept_copy(issued.record).data == prepared.data


def test_the_packs_page_produces_and_downloads_and_logs_it(synthetic_council, client_as):
    from safeguard.web.audit.models import AccessRecord

    client = client_as(Role.CHIEF_EXECUTIVE)
    response = client.post(reverse("packs:packs"), {"pack": "lead-member-briefing", "format": "html"})
    assert response.status_code == 302
    download = client.get(response["Location"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith('attachment; filename="lead-member-briefing-')
    assert AccessRecord.objects.filter(action="download_pack").count() == 1
    # The packs issued are listed by their titles, as the form names them, not by their code names.
    listed = client.get(reverse("packs:packs")).content.decode()
    assert f'href="{response["Location"]}">Lead Member&#39;s briefing (HTML)</a>' in listed and "lead-member-briefing (html)" not in listed
    bad = client.post(reverse("packs:packs"), {"pack": "lead-member-briefing", "format": "pdf", "period": "1999-01"})
    assert bad.status_code == 400 and "No snapshot covers January 1999" in bad.content.decode()


def test_the_scrutiny_pack_carries_no_child_id_and_no_figure_resting_on_a_small_count(synthetic_council, make_person):
    from markupsafe import escape

    from safeguard.aggregates import Viewer, figure_text
    from safeguard.indicators.catalogue import INDICATORS

    issued = produce("scrutiny", period=None, output_format="html", by_name="test")
    html = issued.data.decode("utf-8")
    assert not [child for child in synthetic_council.child_ids if f">{child}<" in html or f" {child} " in html]
    month = published().figures.last_month
    leader = Viewer(exact=False, teams=False)
    withheld = [item.id for item in INDICATORS if (measure := measure_to(item.id, month)) and measure.withheld_from(leader)]
    assert withheld, "the synthetic council should have a figure resting on a small count"
    for identifier in withheld:
        measure = measure_to(identifier, month)
        assert measure is not None
        row = re.search(rf'<th scope="row">{re.escape(str(escape(measure.title)))}</th>\s*<td class="number">([^<]*)</td>', html)
        assert row is not None and row.group(1) == "[c]" != figure_text(measure.value, measure.unit), identifier
    for section in pack("scrutiny").sections:
        assert section.heading in html
