"""The Chief Executive's assurance pack: every seed 004 question answered from the records (or
named as one for the Director), the figures to watch with their charts and data tables, the
service's grades and the Local Test of Assurance, as a tagged PDF whose text holds them all."""

from __future__ import annotations

import html as markup
import io
import tomllib
from importlib import resources

import pytest
from pypdf import PdfReader

from safeguard.aggregates import Viewer, measure_to, published
from safeguard.governance.assessments.tests.cycles import agreed, graded_cycle
from safeguard.governance.challenge import services as challenges
from safeguard.governance.local_test import services as local_tests
from safeguard.governance.local_test.considerations import considerations
from safeguard.packs.issuing import produce
from safeguard.packs.registry import pack
from safeguard.packs.tests.entered import entered_in
from safeguard.roles import Role

pytestmark = pytest.mark.django_db

LEADERS = Viewer(exact=False, teams=False)


def _words(data: bytes) -> str:
    """The PDF's text with every run of white space made one space (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _seed_004_questions() -> list[dict]:
    """The framework's seed 004 questions, read straight from its data files."""
    folder = resources.files("safeguard.framework")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml") and entry.name != "framework.toml":
            found += [item for item in tomllib.loads(entry.read_text()).get("questions", []) if item["source"].startswith("seed 004")]
    return found


def _records(make_person):
    """A Local Test with three considerations assessed, an agreed self-assessment with
    leadership requiring improvement, and a challenge raised against one seed 004 question."""
    director, analyst = make_person(Role.DCS), make_person(Role.ANALYST)
    test = local_tests.start_test(by=director, title="Local Test 2025", dcs_other_portfolios="Adult social care and housing")
    for consideration_id, status in zip(considerations().ids()[:3], ("met", "met", "partly_met"), strict=True):
        item = local_tests.item_of(test, consideration_id)
        local_tests.assess_item(item, by=director, seen_version=item.version, changes={"status": status, "evidence": "Seen at the annual review."})
    agreed(graded_cycle(analyst, {"leadership": "requires_improvement"}), analyst, director)
    chief = make_person(Role.CHIEF_EXECUTIVE)
    challenge = challenges.raise_challenge(by=chief, question="Show me the Director's line of report.", factor="leadership", framework_question="leadership.q26")
    return chief, challenge


def test_every_seed_004_question_is_answered_from_the_records_or_put_to_the_director(synthetic_council, make_person):
    chief, challenge = _records(make_person)
    last_month = published().figures.last_month
    assert last_month is not None
    entered_in(last_month)
    issued = produce("chief-executive-assurance", period=None, output_format="pdf", by=chief, by_name=chief.display_name)
    metadata = PdfReader(io.BytesIO(issued.data)).metadata
    assert metadata is not None and (metadata.title or "").startswith("Chief Executive's assurance pack")
    text = _words(issued.data)
    for section in pack("chief-executive-assurance").sections:
        assert section.heading in text
    questions = _seed_004_questions()
    assert len(questions) == 60
    assert f"Of the {len(questions)} questions" in text
    assert "Adult social care and housing" in text
    not_assessed = len(considerations().items) - 3
    assert text.count(f"2 considerations met, 1 partly met, 0 not met and {not_assessed} not yet assessed") == 4, (
        "said once for each part of the guide it answers: key messages, the Director's role, appointing one, conclusions"
    )
    assert "Requires improvement to be good" in text
    assert f"Challenged: {challenge.reference} by {chief.display_name}" in text
    month = published().figures.last_month
    for indicator_id in ("re_referral_rate", "cpp_repeat_rate"):
        measure = measure_to(indicator_id, month)
        assert measure is not None
        assert f"{measure.title}: {measure.shown_to(LEADERS)} over the 12 months to {month:%B %Y}" in text


def test_a_question_no_record_speaks_to_is_listed_for_the_director_and_not_shown_as_answered(synthetic_council, make_person):
    issued = produce("chief-executive-assurance", period=None, output_format="html", by_name="test")
    html = markup.unescape(issued.data.decode())
    to_ask = html.split('id="to-ask"')[1].split("</section>")[0]
    finance = [item for item in _seed_004_questions() if item["source"] == "seed 004, finance"]
    assert finance and all(item["text"] in to_ask for item in finance)
    with_figures = next(item for item in _seed_004_questions() if item["id"] == "performance_and_quality.q28")
    assert with_figures["text"] not in to_ask
    assert "The council has not recorded a Local Test of Assurance" in html
    assert "No self-assessment has been agreed yet." in html


def test_its_charts_come_with_the_figures_they_draw(synthetic_council):
    html = produce("chief-executive-assurance", period=None, output_format="html", by_name="test").data.decode()
    figures = html.split('id="figures"')[1].split("</section>")[0]
    assert figures.count("<svg") >= 1, "the planted rise in re-referrals should be charted"
    assert figures.count("<svg") == figures.count("The figures in the chart")
    detail_rows = figures.split("The figures in the chart")[1].count('<th scope="row">')
    assert detail_rows >= 12
