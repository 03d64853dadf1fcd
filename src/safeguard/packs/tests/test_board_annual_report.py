"""The partnership's annual report (seed 003 §18.2.20): for a hand-built partnership year, the
PDF's text carries every section's heading and the figures worked out by hand below."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from safeguard.aggregates import published
from safeguard.governance.child_deaths import services as child_deaths
from safeguard.governance.partnership import services
from safeguard.governance.partnership.services import PresenceEntry, RatingEntry
from safeguard.governance.partnership.tests.members import small_partnership
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.reviews.models import Recommendation, SeriousIncident
from safeguard.packs.issuing import produce
from safeguard.packs.registry import pack
from safeguard.packs.tests.entered import entered_in
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def _audit(small, agency, person, ratings, steps, year, on):
    audit = services.request_audit(agency, by=small.chair, year=year.first, due=on + timedelta(days=30))
    services.rate_standards(audit, [RatingEntry(line.standard, ratings.get(line.standard, "met"), "Evidence.", 1)
                                    for line in audit.ratings.all()], by=person)
    audit = services.move_audit(audit, "submit", by=person, seen_version=1, on=on)
    for step in steps:
        audit = services.move_audit(audit, step, by=small.chair, seen_version=audit.version, reason=f"The partnership's {step}.",
                                    follow_up_due=on + timedelta(days=200))
    return audit


def _review(owner, start):
    incident = SeriousIncident.objects.create(
        title="Death of an infant at home", summary="An infant died; neglect suspected.", harm="death", child_reference="CH-X",
        aware_on=start + timedelta(days=5), notified_on=start + timedelta(days=6), rapid_review_on=start + timedelta(days=20),
        decided_on=start + timedelta(days=20), decision_reasons="Agencies did not share what they knew.",
        published_on=start + timedelta(days=150), publication="The partnership's website", owner=owner, state="published", created_by=owner)
    for number, state in ((1, "completed"), (2, "open")):
        action = PlanAction.objects.create(title=f"Action {number}", source="practice_review", source_reference="SI001", factor="partnership",
                                           owner=owner, raised_on=start + timedelta(days=151), due=start + timedelta(days=300), state=state,
                                           created_by=owner)
        Recommendation.objects.create(incident=incident, number=number, text=f"Recommendation {number}.", action=action, created_by=owner)


def _child_death(chair, director, start):
    """One death told in the year and reviewed by the panel, its learning on the plan."""
    found = child_deaths.record_review(by=chair, notified_on=start + timedelta(days=10), expected=False, summary="An infant died at home.")
    found = child_deaths.edit_review(found, by=chair, seen_version=1, changes={
        "panel_on": start + timedelta(days=70), "category": "sudden", "modifiable": True, "themes": ["safer_sleep"],
        "learning": "Safer sleep advice was given once and not repeated."})
    found = child_deaths.move_review(found, "review", by=chair, seen_version=found.version)
    child_deaths.raise_review_action(found, by=director, title="Repeat the safer sleep advice at every contact", factor="partnership",
                                     owner=chair, due=start + timedelta(days=200), raised_on=start + timedelta(days=75))


def test_the_annual_report_pdf_has_every_section_and_the_year_s_figures(synthetic_council, make_person):
    month = published().figures.last_month
    assert month is not None
    year = ReportingYear.containing(month)
    start = year.start
    small = small_partnership(make_person)
    chair = small.chair
    for offset, police, health in ((30, ("member", "DCI Carter", True), ("deputy", "A nurse", False)),
                                   (90, ("member", "DCI Carter", True), ("apologies", "", None))):
        meeting = services.plan_meeting(by=chair, held_on=start + timedelta(days=offset))
        meeting = services.move_meeting(meeting, "hold", by=chair, seen_version=1, reason="Met.")
        services.record_attendance(meeting, [PresenceEntry(small.police, *police), PresenceEntry(small.health, *health)], by=chair)
    _audit(small, small.police, small.police_person, {"training": "partly"}, ["accept"], year, start + timedelta(days=40))
    _audit(small, small.health, small.health_person, {"training": "not_met"}, ["challenge"], year, start + timedelta(days=45))
    owner = chair.partnership_member
    done = services.add_work(by=chair, title="Exploitation toolkit", objective="Used everywhere.", priority="exploitation", owner=owner,
                             starts_on=start, due=start + timedelta(days=100), budget=10_000, spent=4_000)
    done = services.move_work(done, "start", by=chair, seen_version=1)
    services.move_work(done, "finish", by=chair, seen_version=2, reason="Used in forty schools.")
    late = services.add_work(by=chair, title="Neglect strategy", objective="One picture of neglect.", priority="neglect", owner=owner,
                             starts_on=start, due=start + timedelta(days=60), budget=5_000, spent=500)
    services.move_work(late, "start", by=chair, seen_version=1)
    services.set_contribution(small.police, by=chair, year=year.first, amount=20_000)
    services.set_contribution(small.health, by=chair, year=year.first, amount=30_000, in_kind="The designated nurse's time")
    services.raise_escalation(by=chair, agency=small.health, raised_on=start + timedelta(days=100), concern="Training not done.",
                              why_plan_falls_short="No dates.")
    _review(chair, start)
    _child_death(chair, make_person(Role.DCS), start)
    entered_in(month)

    issued = produce("board-annual-report", period=None, output_format="pdf", by=chair, by_name="Ruth Chair")
    reader = PdfReader(io.BytesIO(issued.data))
    assert reader.metadata is not None
    assert reader.metadata.title == f"Safeguarding partnership annual report, {year.label}"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for section in pack("board-annual-report").sections:
        assert section.heading in text, section.heading
    # Audits: Police met 7 and partly 1; Health met 7 and not met 1; only Police's was accepted.
    assert "2 agencies were audited and 1 of 2 audits were accepted" in text
    assert "14 standards were rated met, 1 partly met and 1 not met" in text
    # Attendance: Police 2 of 2, Health 1 of 2 (its deputy could not commit it): 3 of 4 overall.
    assert "came to 75% of the partnership meetings" in text
    assert "Health 1 of 2 50% 0%" in text and "Police 2 of 2 100% 100%" in text
    assert "Health came to 1 of 2 meetings (50%)" in text
    assert "Neglect strategy was due by" in text and "Exploitation toolkit" in text and "Used in forty schools." in text
    assert "Health (concern recorded" in text.replace("Health (Concern", "Health (concern")
    # The review published in the year: one action of two complete.
    assert "1 of 2 recommendations' actions complete; 1 outstanding" in text
    # One death told and reviewed: too few to publish, so the counts are [c]; the learning and its action are given.
    assert "This year the partnership was told of [c] deaths" in text and "The panel finished [c] reviews" in text
    assert "Safer sleep advice was given once and not repeated." in text
    assert "Repeat the safer sleep advice at every contact (owned by" in text
    # Budget: 20,000 + 30,000 in; 10,000 + 5,000 set aside; 4,000 + 500 spent.
    assert "Agencies committed £50,000" in text and "set aside £15,000 and spent £4,500, leaving £35,000" in text


def test_a_partner_downloads_it_from_the_packs_page_and_scrutiny_is_refused_and_logged(synthetic_council, client_as):
    from django.urls import reverse

    from safeguard.web.audit.models import AccessRecord, Outcome

    partner = client_as(Role.BOARD_MEMBER)
    made = partner.post(reverse("packs:packs"), {"pack": "board-annual-report", "format": "html"})
    assert made.status_code == 302
    download = partner.get(made["Location"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith('attachment; filename="board-annual-report-')
    assert b"How the partnership carried out its functions" in download.content
    refused = client_as(Role.SCRUTINY_MEMBER).post(reverse("packs:packs"), {"pack": "board-annual-report", "format": "pdf"})
    assert refused.status_code == 403
    assert AccessRecord.objects.filter(action="produce_pack", outcome=Outcome.REFUSED, object_id="pack:board-annual-report").count() == 1
