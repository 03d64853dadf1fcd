"""Each leaders' pack printed for a council built by hand, whose figures are worked out here by
hand: a year of referrals, twenty a month, six of each month's closed with no further action, for
8,000 children (no count from 1 to 5 in any month, so nothing is withheld but the enquiries).
The PDF's text must hold every section heading of its pack and those figures."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from hand_made_snapshot import commit_snapshot
from indicator_returns import referral, s47
from safeguard.council import Council, save_council
from safeguard.packs.issuing import produce
from safeguard.packs.registry import pack

pytestmark = pytest.mark.django_db

CHILDREN = 8_000
MONTHS = [date(2024 + (month < 4), month, 1) for month in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
PER_MONTH, NFA_PER_MONTH = 20, 6
REFERRALS_PER_10K = "300.0 per 10,000"
"""240 referrals in the year for 8,000 children: 240 / 8,000 x 10,000 = 300.0."""
NFA_SHARE = "30.0%"
"""72 of the 240 referrals closed with no further action: 72 / 240 = 30.0%."""
S47_STARTED = (date(2024, 6, 3), date(2024, 9, 2), date(2024, 12, 2), date(2025, 2, 3))
S47_PER_10K = "5.0 per 10,000"
"""Four enquiries in the year: 4 / 8,000 x 10,000 = 5.0, a figure resting on a count from 1 to 5."""


@pytest.fixture
def hand_built_council(store_home):
    referrals = [
        referral(f"C{first:%y%m}{number:02d}", date(first.year, first.month, number + 1), nfa=number < NFA_PER_MONTH)
        for first in MONTHS
        for number in range(PER_MONTH)
    ]
    enquiries = [s47(f"C{day:%y%m}00", day) for day in S47_STARTED]
    commit_snapshot(store_home, {"referrals": referrals, "s47_enquiries": enquiries}, period_start=date(2024, 4, 1), period_end=date(2025, 3, 31))
    save_council(Council(name="Handbury", population={year: CHILDREN for year in range(2022, 2026)}), store_home)
    return store_home


def _words(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("name", ["lead-member-briefing", "scrutiny", "chief-executive-assurance"])
def test_each_pack_s_pdf_holds_its_headings_and_the_hand_worked_figures(hand_built_council, name):
    text = _words(produce(name, period=None, output_format="pdf", by_name="test").data)
    for section in pack(name).sections:
        assert section.heading in text, section.heading
    assert "Handbury · March 2025" in text
    assert f"Referrals per 10,000 children {REFERRALS_PER_10K}" in text
    assert not re.search(r"C2[45][01]\d{3}", text), "no leaders' pack names a child"


def test_the_scrutiny_pack_shows_the_share_with_no_further_action_and_hides_a_figure_on_four_enquiries(hand_built_council):
    text = _words(produce("scrutiny", period=None, output_format="pdf", by_name="test").data)
    assert f"Referrals with no further action (%) {NFA_SHARE}" in text
    assert "Section 47 enquiries per 10,000 children [c]" in text
    assert not re.search(rf"(?<![\d.]){re.escape(S47_PER_10K)}", text), "the referrals' 25.0 per 10,000 a month may show; the enquiries' rate may not"
