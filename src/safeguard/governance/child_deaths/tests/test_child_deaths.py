"""Child death reviews from the partnership being told to the panel's learning on the plan: the
panel's findings required before a review is marked reviewed, plan actions raised by the plan's
keepers only, history on every edit, stale edits refused, bad input naming the field and
changing nothing, the child's reference kept from leaders, the year's learning counted with
small numbers hidden, and the demo's believable year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safeguard.aggregates import Viewer
from safeguard.governance.child_deaths import services
from safeguard.governance.child_deaths.models import ChildDeathReview
from safeguard.governance.child_deaths.tests.samples import CHILD, DETAILS, review, reviewed_by_panel
from safeguard.governance.plan import services as plan_services
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.transitions import NotAllowed, StaleEdit, transitions_of
from safeguard.governance.workflow.views import history_of
from safeguard.roles import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome

pytestmark = pytest.mark.django_db

FINDINGS = {"panel_on": date(2026, 6, 10), "category": "sudden", "modifiable": True, "themes": ["safer_sleep", "smoking"],
            "learning": "Safer sleep advice was given once, at birth, and not repeated."}


def test_a_review_goes_from_notification_to_the_panel_to_closed_with_its_action_on_the_plan(make_person):
    partner = make_person(Role.BOARD_MEMBER)
    director = make_person(Role.DCS)
    found = services.record_review(by=partner, notified_on=date(2026, 3, 2), expected=False, summary="An infant died at home.",
                                   child_reference=CHILD)
    assert (found.state, found.reference) == ("notified", f"CD{found.pk:03d}")
    with pytest.raises(ValidationError) as refused:
        services.move_review(found, "review", by=partner, seen_version=found.version)
    assert set(refused.value.message_dict) == {"panel_on", "category", "modifiable", "learning"}
    found.refresh_from_db()
    assert (found.state, found.version) == ("notified", 1)

    found = services.edit_review(found, by=partner, seen_version=1, changes=FINDINGS)
    found = services.move_review(found, "review", by=partner, seen_version=found.version)
    assert found.state == "reviewed" and found.theme_labels == ["Safer sleeping for babies", "Smoking in pregnancy and around babies"]
    with pytest.raises(NotAllowed):  # a partner does not keep the council's plan
        services.raise_review_action(found, by=partner, title="Repeat the advice", factor="partnership", owner=partner,
                                     due=date(2027, 3, 31))
    action = services.raise_review_action(found, by=director, title="Repeat the advice at every contact", factor="partnership",
                                          owner=partner, due=date(2027, 3, 31), raised_on=date(2026, 6, 17))
    assert (action.source, action.source_reference) == ("partnership", f"Child death review {found.reference}")
    assert [link.action for link in found.actions.all()] == [action]
    found = services.move_review(found, "close", by=partner, seen_version=found.version, reason="The learning went to every agency.")
    found = services.move_review(found, "reopen", by=partner, seen_version=found.version, reason="The inquest found more.")
    assert [(step.transition, step.to_state) for step in transitions_of(found)] == [
        ("review", "reviewed"), ("close", "closed"), ("reopen", "reviewed")]


def test_an_edit_keeps_the_version_before_it_and_a_stale_one_is_refused(make_person):
    partner = make_person(Role.BOARD_MEMBER)
    found = review(partner)
    services.edit_review(found, by=partner, seen_version=1, changes={"category": "infection", "panel_on": date(2026, 5, 1)})
    with pytest.raises(StaleEdit):
        services.edit_review(found, by=partner, seen_version=1, changes={"category": "sudden"})
    found.refresh_from_db()
    assert (found.category, found.version) == ("infection", 2)
    lines = [line.what for line in history_of(found, {"category": "the category", "panel_on": "the panel's meeting"})]
    assert "changed the category from nothing to infection; the panel's meeting from nothing to 1 May 2026" in lines


def test_leaders_read_the_reviews_without_the_childs_reference(make_person, client_as):
    found = reviewed_by_panel(make_person(Role.BOARD_MEMBER))
    for role in (Role.LEADER, Role.LEAD_MEMBER, Role.SCRUTINY_MEMBER):
        client = client_as(role)
        for page in (reverse("child_deaths:reviews"), reverse("child_deaths:review", args=[found.pk])):
            response = client.get(page)
            assert response.status_code == 200 and CHILD.encode() not in response.content
            assert reverse("child_deaths:review_child", args=[found.pk]).encode() not in response.content
        assert client.get(reverse("child_deaths:review_child", args=[found.pk])).status_code == 403
        assert client.get(reverse("child_deaths:review_add")).status_code == 403
    director = client_as(Role.DCS)
    shown = director.get(reverse("child_deaths:review_child", args=[found.pk]))
    assert shown.status_code == 200 and CHILD.encode() in shown.content
    assert AccessRecord.objects.filter(action="view_child_death_child", object_type=ObjectType.CHILD, object_id=CHILD,
                                       outcome=Outcome.ALLOWED).count() == 1


def test_an_analyst_who_sees_children_but_runs_no_reviews_is_refused_the_reference(make_person, client_as):
    found = review(make_person(Role.BOARD_MEMBER))
    assert client_as(Role.ANALYST).get(reverse("child_deaths:review_child", args=[found.pk])).status_code == 403


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"expected": ""}, "expected", "Say whether the death was expected"),
        ({"summary": ""}, "summary", "Describe the circumstances"),
        ({"notified_on_year": "2999"}, "notified_on", "cannot be in the future"),
        ({"notified_on_month": "13"}, "notified_on", "must be a real date"),
    ],
)
def test_bad_input_is_named_and_records_nothing(client_as, changes, field, message):
    response = client_as(Role.BOARD_MEMBER).post(reverse("child_deaths:review_add"), {**DETAILS, **changes})
    assert response.status_code == 400
    page = " ".join(response.content.decode().split())
    assert f'href="#{field}' in page and message in page
    assert not ChildDeathReview.objects.exists()


def test_a_panel_before_the_notification_is_refused_and_changes_nothing(make_person, client_as):
    found = review(make_person(Role.BOARD_MEMBER))
    data = {**DETAILS, "version": "1", "panel_on_day": "1", "panel_on_month": "2", "panel_on_year": "2026", "category": "sudden"}
    response = client_as(Role.DCS).post(reverse("child_deaths:review_edit", args=[found.pk]), data)
    assert response.status_code == 400 and b"The panel cannot review a death before the partnership was told of it" in response.content
    found.refresh_from_db()
    assert (found.version, found.panel_on, found.category) == (1, None, "")


def test_a_stale_edit_page_is_answered_409_with_the_other_change_kept(make_person, client_as):
    partner = make_person(Role.BOARD_MEMBER)
    found = review(partner)
    services.edit_review(found, by=partner, seen_version=1, changes={"summary": "A baby died at home; the coroner is investigating."})
    response = client_as(Role.DCS).post(reverse("child_deaths:review_edit", args=[found.pk]), {**DETAILS, "version": "1"})
    assert response.status_code == 409
    found.refresh_from_db()
    assert (found.version, found.summary) == (2, "A baby died at home; the coroner is investigating.")


def test_a_step_without_the_panels_findings_is_refused_on_the_page(make_person, client_as):
    found = review(make_person(Role.BOARD_MEMBER))
    response = client_as(Role.BOARD_MEMBER).post(reverse("child_deaths:review_step", args=[found.pk]), {"step": "review", "version": "1"})
    assert response.status_code == 400 and b"Enter the date of the panel" in response.content
    found.refresh_from_db()
    assert found.state == "notified"


def test_the_years_learning_hides_small_numbers_from_those_who_see_no_children(make_person):
    partner = make_person(Role.BOARD_MEMBER)
    year = ReportingYear.containing(timezone.localdate())
    start = year.start
    for day in range(7):  # seven deaths: six expected, one unexpected; four reviewed, three with modifiable factors
        review(partner, notified_on=start + timedelta(days=day), expected=day != 0)
    for item in ChildDeathReview.objects.order_by("id")[:4]:
        item.panel_on, item.category, item.modifiable = start + timedelta(days=10), "perinatal", item.pk % 4 != 0
        item.themes, item.learning, item.state = ["bereavement"], f"Lesson {item.pk}.", "reviewed"
        item.save()
    review(partner, notified_on=start - timedelta(days=1))  # the year before: not counted
    exact = services.year_learning(year, Viewer(exact=True, teams=True))
    assert [exact.counts.count(key) for key in ("notified", "expected", "unexpected", "reviewed", "category:perinatal")] == [7, 6, 1, 4, 4]
    assert exact.counts.counts["modifiable"] + exact.counts.counts["not_modifiable"] == 4
    assert len(exact.lessons) == 4 and exact.themes == [("bereavement", "Support for bereaved families")]
    hidden = services.year_learning(year, Viewer(exact=False, teams=False))
    assert hidden.counts.count("notified") == 7
    assert hidden.counts.count("unexpected") == "[c]" and hidden.counts.count("expected") == "[c]"
    assert hidden.counts.count("reviewed") == "[c]" or hidden.counts.count("category:perinatal") == "[c]"


def test_the_demo_council_has_a_believable_year_once(db):
    from safeguard.governance.child_deaths.demo import DEATHS, seed
    from safeguard.governance.workflow.demo_cast import DemoCast
    from safeguard.web.demo_users import create_demo_users, demo_people

    create_demo_users()
    cast = DemoCast(today=timezone.localdate(), data_month=None, people=demo_people())
    said = seed(cast)
    assert said == f"Child death reviews: {len(DEATHS)} over the past year (3 waiting for the panel); plan actions raised: 3."
    assert seed(cast) == ""
    states = sorted(ChildDeathReview.objects.values_list("state", flat=True))
    assert states.count("notified") == 3 and states.count("closed") == 4 and states.count("reviewed") == 7
    assert PlanAction.objects.filter(source="partnership", source_reference__startswith="Child death review").count() == 3
    assert ChildDeathReview.objects.filter(expected=False).count() == 7


def test_the_casework_hub_leads_to_child_deaths_and_the_partnership_with_what_waits(make_person, client_as):
    from html import unescape

    from django.test import Client
    from web_support import sign_in

    from safeguard.governance.partnership import services as partnership
    from safeguard.governance.partnership.tests.members import small_partnership

    leader = client_as(Role.LEADER).get(reverse("reviews:casework")).content.decode()
    assert reverse("child_deaths:reviews") in leader and reverse("partnership:overview") not in leader
    small = small_partnership(make_person)
    audit = partnership.request_audit(small.police, by=small.chair, year=2025, due=date(2025, 9, 30))
    hub = unescape(sign_in(Client(), small.police_person).get(reverse("reviews:casework")).content.decode())
    assert reverse("child_deaths:reviews") in hub and reverse("partnership:overview") in hub
    assert "Police's section 11 self-assessment was due by 30 September 2025" in hub
    assert reverse("partnership:audit", args=[audit.pk]) in hub


def _learning_rows(page: str) -> dict[str, str]:
    """The learning page's table rows as {row heading: count shown}."""
    import re

    flat = " ".join(page.split())
    found = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th> <td class="govuk-table__cell govuk-table__cell--numeric">'
                       r"(?:<strong>)?([^<]+)", flat)
    return dict(found)


def test_leaders_and_the_chair_read_the_years_learning_in_figures_with_small_numbers_hidden(make_person, client_as):
    partner = make_person(Role.BOARD_MEMBER)
    director = make_person(Role.DCS)
    start = ReportingYear.containing(timezone.localdate()).start
    for day in range(8):  # eight deaths: six expected, two unexpected; six reviewed (perinatal), two of them with modifiable factors
        found = review(partner, notified_on=start + timedelta(days=day), expected=day >= 2)
        if day < 6:
            found.panel_on, found.category, found.modifiable, found.state = start + timedelta(days=20), "perinatal", day < 2, "reviewed"
            found.themes, found.learning = ["safer_sleep"], f"Lesson {day}."
            found.save()
            learnt_from = found
    action = services.raise_review_action(learnt_from, by=director, title="Repeat the safer sleep advice", factor="partnership",
                                          owner=director, due=start + timedelta(days=200), raised_on=start + timedelta(days=30))
    exact = _learning_rows(client_as(Role.DCS).get(reverse("child_deaths:learning")).content.decode())
    assert exact == {"Expected": "6", "Unexpected: a rapid response by key professionals": "2", "All deaths told of": "8",
                     "Factors found that could be changed": "2", "No such factors found": "4", "All reviews finished": "6",
                     "Perinatal or neonatal event": "6", "Safer sleeping for babies": "6"}
    for role in (Role.LEAD_MEMBER, Role.LEADER, Role.CHIEF_EXECUTIVE, Role.SCRUTINY_MEMBER, Role.BOARD_MEMBER):
        response = client_as(role).get(reverse("child_deaths:learning"))
        assert response.status_code == 200, role
        page = response.content.decode()
        shown = _learning_rows(page)
        assert shown["Unexpected: a rapid response by key professionals"] == "[c]"  # 2: from 1 to 5
        assert "[c]" in (shown["Expected"], shown["All deaths told of"])  # else 8 - 6 gives the 2 away
        assert (shown["Factors found that could be changed"], shown["No such factors found"]) == ("[c]", "[c]")
        assert (shown["All reviews finished"], shown["Perinatal or neonatal event"], shown["Safer sleeping for babies"]) == ("6", "6", "6")
        assert "Lesson 3." in page and f"{action.reference}: Repeat the safer sleep advice" in page
        assert CHILD not in page and learnt_from.reference not in page
        assert reverse("child_deaths:review", args=[learnt_from.pk]) not in page
    assert client_as(Role.ADMINISTRATOR).get(reverse("child_deaths:learning")).status_code == 403


def test_the_years_learning_as_at_a_moment_has_the_reviews_and_actions_as_they_stood_then(make_person):
    """At the moment: two deaths notified in 2025-26, one reviewed by the panel with a plan action
    still open. Since: that action completed, the second reviewed and a third death notified. As
    at the moment: 2 notified, 1 reviewed, its action open; now: 3, 2 and the action completed."""
    partner, director = make_person(Role.BOARD_MEMBER), make_person(Role.DCS)
    first = services.record_review(by=partner, notified_on=date(2025, 5, 2), expected=False, summary="An infant died at home.",
                                   child_reference=CHILD)
    second = services.record_review(by=partner, notified_on=date(2025, 6, 2), expected=True, summary="A child died in hospital.",
                                    child_reference=CHILD)
    findings = {**FINDINGS, "panel_on": date(2025, 7, 10)}
    first = services.edit_review(first, by=partner, seen_version=1, changes=findings)
    first = services.move_review(first, "review", by=partner, seen_version=first.version)
    action = services.raise_review_action(first, by=director, title="Repeat the safer sleep advice", factor="partnership",
                                          owner=director, due=date(2026, 3, 31), raised_on=date(2025, 7, 14))
    moment = timezone.now()
    plan_services.move_action(action, "complete", by=director, seen_version=1, reason="Advice repeated at every visit.")
    second = services.edit_review(second, by=partner, seen_version=1, changes={**findings, "modifiable": False})
    services.move_review(second, "review", by=partner, seen_version=second.version)
    services.record_review(by=partner, notified_on=date(2025, 8, 4), expected=True, summary="A child died.", child_reference=CHILD)
    year, viewer, keys = ReportingYear(2025), Viewer(exact=True, teams=True), ("notified", "unexpected", "reviewed", "modifiable")
    then = services.year_learning(year, viewer, as_at=moment)
    assert [then.counts.count(key) for key in keys] == [2, 1, 1, 1]
    assert [(item.title, item.state) for item in then.actions] == [("Repeat the safer sleep advice", "open")]
    now = services.year_learning(year, viewer)
    assert [now.counts.count(key) for key in keys] == [3, 1, 2, 1]
    assert [(item.title, item.state) for item in now.actions] == [("Repeat the safer sleep advice", "completed")]
