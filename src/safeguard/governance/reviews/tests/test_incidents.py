"""Serious incidents from awareness to the partnership's follow-up of every action: each step
with its date, refusals that name the field and change nothing, stale edits, history, the
recommendations' plan actions, overdue steps reaching owners and leaders, and the child's
reference kept from leaders."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeguard.governance.plan import services as plan_services
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.reviews import casework, services
from safeguard.governance.reviews.models import SeriousIncident
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit, transitions_of
from safeguard.governance.workflow.views import history_of
from safeguard.roles import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome

pytestmark = pytest.mark.django_db

CHILD = "CHX-40917"


def _incident(by, **fields):
    details = {"title": "Serious injury to a baby, neglect suspected", "summary": "Admitted to hospital with a head injury.",
               "harm": "serious_harm", "child_reference": CHILD, "aware_on": date(2025, 4, 17), "owner": by}
    return services.record_incident(by=by, **{**details, **fields})


def _to_published(incident, by):
    incident = services.move_incident(incident, "notify", by=by, seen_version=incident.version, on=date(2025, 4, 24))
    incident = services.move_incident(incident, "complete_rapid_review", by=by, seen_version=incident.version, on=date(2025, 5, 14))
    incident = services.move_incident(incident, "decide_review", by=by, seen_version=incident.version, on=date(2025, 5, 14),
                                      reason="Agencies did not share what they knew about the father.")
    return services.move_incident(incident, "publish", by=by, seen_version=incident.version, on=date(2025, 11, 3),
                                  reason="The partnership's website, 3 November 2025")


def test_an_incident_goes_from_awareness_to_actions_complete(make_person):
    partner = make_person(Role.BOARD_MEMBER)
    director = make_person(Role.DCS)
    incident = _incident(partner)
    assert incident.state == "aware"
    assert incident.next_step().due == date(2025, 4, 28)  # 5 working days over Easter
    incident = _to_published(incident, partner)
    assert incident.review_due == date(2025, 11, 14)  # six months from the decision
    assert [timing.in_time for timing in services.timings(incident)] == [True, True, True, True]

    first = services.add_recommendation(incident, by=partner, text="Health visitors tell the GP when a father is new to the home.")
    second = services.add_recommendation(incident, by=partner, text="Train A&E staff on head injuries in babies.")
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(NotAllowed):  # a partner does not keep the council's plan
        services.raise_recommendation_action(first, by=partner, seen_version=1, title="Tell the GP", factor="partnership",
                                             owner=partner, due=date(2026, 3, 31))
    for item in (first, second):
        services.raise_recommendation_action(item, by=director, seen_version=item.version, title=item.text[:60], factor="partnership",
                                             owner=partner, due=date(2026, 3, 31), raised_on=date(2025, 11, 10))
    actions = list(PlanAction.objects.order_by("pk"))
    assert [(action.source, action.source_reference) for action in actions] == [
        ("practice_review", f"Practice review {incident.reference}, recommendation 1"),
        ("practice_review", f"Practice review {incident.reference}, recommendation 2"),
    ]
    incident.refresh_from_db()
    with pytest.raises(GovernanceError, match="recommendations 1, 2 are not complete"):
        services.move_incident(incident, "complete_actions", by=partner, seen_version=incident.version, reason="Checked")
    plan_services.move_action(actions[0], "complete", by=director, seen_version=1, reason="Protocol in place")
    with pytest.raises(GovernanceError, match="recommendation 2 is not complete"):
        services.move_incident(incident, "complete_actions", by=partner, seen_version=incident.version, reason="Checked")
    plan_services.move_action(actions[1], "complete", by=director, seen_version=1, reason="Training delivered to 80 staff")
    incident = services.move_incident(incident, "complete_actions", by=partner, seen_version=incident.version,
                                      reason="Audit of 20 cases found the protocol used in every one.")
    assert incident.state == "actions_complete" and incident.next_step() is None
    assert [step.to_state for step in transitions_of(incident)] == [
        "notified", "rapid_review_done", "review_in_progress", "published", "actions_complete",
    ]


@pytest.mark.parametrize(
    ("step", "on", "field", "message"),
    [
        ("notify", date(2025, 4, 16), "notified_on", "cannot be before the day the council became aware"),
        ("notify", date(2099, 1, 5), "notified_on", "cannot be in the future"),
    ],
)
def test_a_step_dated_impossibly_is_refused_naming_the_field_and_nothing_moves(make_person, step, on, field, message):
    partner = make_person(Role.BOARD_MEMBER)
    incident = _incident(partner)
    with pytest.raises(ValidationError) as refused:
        services.move_incident(incident, step, by=partner, seen_version=1, on=on)
    assert message in " ".join(refused.value.message_dict[field])
    kept = SeriousIncident.objects.get(pk=incident.pk)
    assert (kept.state, kept.notified_on, kept.version) == ("aware", None, 1)
    assert transitions_of(kept) == []


def test_a_step_needing_a_date_or_reasons_says_so(make_person):
    partner = make_person(Role.BOARD_MEMBER)
    incident = _incident(partner)
    with pytest.raises(GovernanceError, match="Enter the date the national panel was notified"):
        services.move_incident(incident, "notify", by=partner, seen_version=1)
    incident = services.move_incident(incident, "notify", by=partner, seen_version=1, on=date(2025, 4, 22))
    incident = services.move_incident(incident, "complete_rapid_review", by=partner, seen_version=2, on=date(2025, 5, 1))
    with pytest.raises(GovernanceError, match="Say why"):
        services.move_incident(incident, "decide_no_review", by=partner, seen_version=3, on=date(2025, 5, 1))


def test_only_those_who_run_reviews_record_or_move_incidents(make_person):
    member = make_person(Role.LEAD_MEMBER)
    with pytest.raises(NotAllowed):
        _incident(member)
    incident = _incident(make_person(Role.DCS))
    with pytest.raises(NotAllowed):
        services.move_incident(incident, "notify", by=member, seen_version=1, on=date(2025, 4, 22))


def test_overdue_steps_reach_the_owner_the_partnership_and_the_quartet_but_not_scrutiny(make_person):
    owner = make_person(Role.BOARD_MEMBER)
    other_partner = make_person(Role.BOARD_MEMBER)
    chief = make_person(Role.CHIEF_EXECUTIVE)
    scrutiny = make_person(Role.SCRUTINY_MEMBER)
    incident = _incident(owner)
    on_time, late = date(2025, 4, 28), date(2025, 4, 29)
    assert not services.is_overdue(incident, on_time) and services.is_overdue(incident, late)
    assert services.overdue_incidents(late) == [incident] and services.overdue_incidents(on_time) == []
    for person, expected in ((owner, True), (other_partner, True), (chief, True), (scrutiny, False)):
        texts = [item.text for item in casework.waiting_for(person, late) if item.view_name == "reviews:incident"]
        assert bool(texts) is expected, person.roles
    [item] = [item for item in casework.waiting_for(owner, on_time) if item.view_name == "reviews:incident"]
    assert not item.overdue and "Notify the national panel" in item.text and "28 April 2025" in item.text
    assert [item for item in casework.waiting_for(chief, on_time) if item.view_name == "reviews:incident"] == []


def test_a_published_review_is_overdue_when_an_action_on_it_is(make_person):
    director = make_person(Role.DCS)
    incident = _to_published(_incident(director), director)
    recommendation = services.add_recommendation(incident, by=director, text="Share concerns with the GP.")
    services.raise_recommendation_action(recommendation, by=director, seen_version=1, title="GP protocol", factor="partnership",
                                         owner=director, due=date(2026, 1, 31), raised_on=date(2025, 11, 10))
    incident.refresh_from_db()
    assert not services.is_overdue(incident, date(2026, 1, 31))
    assert services.is_overdue(incident, date(2026, 2, 1))


def test_a_stale_edit_is_refused_and_history_says_who_changed_what(make_person):
    director = make_person(Role.DCS, username="director")
    partner = make_person(Role.BOARD_MEMBER)
    incident = _incident(director)
    both = SeriousIncident.objects.get(pk=incident.pk)
    services.edit_incident(both, by=director, seen_version=1, changes={"aware_on": date(2025, 4, 16)})
    with pytest.raises(StaleEdit):
        services.edit_incident(both, by=partner, seen_version=1, changes={"title": "Something else"})
    kept = SeriousIncident.objects.get(pk=incident.pk)
    assert (kept.aware_on, kept.title, kept.version) == (date(2025, 4, 16), incident.title, 2)
    lines = history_of(kept, {"aware_on": "the day the council became aware"})
    assert lines[0].what == "changed the day the council became aware from 17 April 2025 to 16 April 2025"
    with pytest.raises(ValueError, match="cannot be changed now"):
        services.edit_incident(kept, by=director, seen_version=2, changes={"notified_on": date(2025, 4, 20)})


def test_the_pages_take_an_incident_through_its_steps_with_bad_input_named(client_as, make_person):
    director = client_as(Role.DCS)
    owner = make_person(Role.BOARD_MEMBER)
    details = {"title": "Death of a toddler", "summary": "Known to health.", "harm": "death", "child_reference": CHILD,
               "aware_on_day": "17", "aware_on_month": "4", "aware_on_year": "2025", "owner": owner.pk}
    bad = director.post(reverse("reviews:incident_add"), {**details, "aware_on_month": "13"})
    assert bad.status_code == 400 and "The day the council became aware must be a real date" in bad.content.decode()
    assert SeriousIncident.objects.count() == 0
    created = director.post(reverse("reviews:incident_add"), details)
    assert created.status_code == 302
    incident = SeriousIncident.objects.get()
    page = director.get(reverse("reviews:incident", args=[incident.pk])).content.decode()
    assert "Monday 28 April 2025" in page and "Record the notification to the national panel" in page
    step = reverse("reviews:incident_step", args=[incident.pk])
    missing = director.post(step, {"step": "notify", "version": "1"})
    assert missing.status_code == 400 and 'href="#notify-on"' in missing.content.decode()
    early = director.post(step, {"step": "notify", "version": "1", "on_day": "1", "on_month": "4", "on_year": "2025"})
    assert early.status_code == 400 and "cannot be before the day the council became aware" in early.content.decode()
    assert SeriousIncident.objects.get().state == "aware"
    done = director.post(step, {"step": "notify", "version": "1", "on_day": "24", "on_month": "4", "on_year": "2025"})
    assert done.status_code == 302
    stale = director.post(step, {"step": "complete_rapid_review", "version": "1", "on_day": "2", "on_month": "5", "on_year": "2025"})
    assert stale.status_code == 409 and "Someone else changed this record" in stale.content.decode()
    incident = SeriousIncident.objects.get()
    assert (incident.state, incident.notified_on, incident.deadlines.rapid_review_due) == ("notified", date(2025, 4, 24), date(2025, 5, 16))


def test_a_lead_member_never_receives_the_child_s_reference(client_as, make_person):
    director = make_person(Role.DCS)
    incident = _to_published(_incident(director), director)
    services.add_recommendation(incident, by=director, text="Share concerns with the GP.")
    member = client_as(Role.LEAD_MEMBER)
    pages = [reverse("reviews:casework"), reverse("reviews:incidents"), reverse("reviews:incidents_csv"),
             reverse("reviews:incident", args=[incident.pk])]
    for url in pages:
        response = member.get(url)
        assert response.status_code == 200, url
        assert CHILD not in response.content.decode("utf-8-sig"), url
    assert "See the child's reference" not in member.get(pages[-1]).content.decode()
    assert member.get(reverse("reviews:incident_child", args=[incident.pk])).status_code == 403


def test_the_director_sees_the_child_s_reference_and_the_look_is_recorded(client_as, make_person):
    director = make_person(Role.DCS)
    incident = _incident(director)
    from django.test import Client
    from web_support import sign_in

    client = sign_in(Client(), director)
    assert "See the child's reference" in client.get(reverse("reviews:incident", args=[incident.pk])).content.decode()
    response = client.get(reverse("reviews:incident_child", args=[incident.pk]))
    assert response.status_code == 200 and CHILD in response.content.decode()
    [entry] = AccessRecord.objects.filter(object_type=ObjectType.CHILD)
    assert (entry.object_id, entry.outcome, entry.username) == (CHILD, Outcome.ALLOWED, director.username)
    assert entry.purpose == f"serious incident {incident.reference}: practice review"


def test_the_csv_has_the_steps_and_never_the_child(client_as, make_person):
    director = make_person(Role.DCS)
    _incident(director, title="=HYPERLINK(\"http://example.invalid\")")
    rows = list(csv.reader(io.StringIO(client_as(Role.SCRUTINY_MEMBER).get(reverse("reviews:incidents_csv")).content.decode("utf-8-sig"))))
    assert rows[0][:8] == ["id", "title", "harm", "aware", "panel_notification_due", "notified", "rapid_review_due", "rapid_review_sent"]
    assert rows[1][2:7] == ["serious_harm", "2025-04-17", "2025-04-28", "", "2025-05-20"]
    assert rows[1][1].startswith("'=")
    assert CHILD not in "".join(",".join(row) for row in rows)


def test_every_form_on_the_casework_pages_carries_its_csrf_token(make_person):
    """The step forms are drawn by macros from another template: imported without the page's
    context they would lose the token, and every step would fail in a real browser."""
    import re

    from safeguard.governance.briefings.tests.samples import _briefing_id
    from safeguard.governance.complaints.tests.samples import _complaint_id
    from safeguard.governance.disagreements.tests.samples import _disagreement_id

    director = make_person(Role.DCS)
    client = Client(enforce_csrf_checks=True)
    from web_support import sign_in

    sign_in(client, director)
    pages = [reverse("reviews:incident", args=[_incident(director).pk]), reverse("briefings:briefing", args=[_briefing_id(director)]),
             reverse("disagreements:disagreement", args=[_disagreement_id(director)]),
             reverse("complaints:complaint", args=[_complaint_id(director)])]
    for url in pages:
        forms = re.findall(r'<form method="post".*?</form>', client.get(url).content.decode(), flags=re.DOTALL)
        assert forms, url
        assert all("csrfmiddlewaretoken" in form for form in forms), url


def test_partners_see_the_child_s_reference_only_while_the_review_is_live(make_person):
    from web_support import sign_in

    partner = make_person(Role.BOARD_MEMBER)
    director = make_person(Role.DCS)
    incident = _incident(partner)
    assert services.may_see_child_reference(partner, incident) and services.may_see_child_reference(director, incident)
    assert not services.may_see_child_reference(make_person(Role.LEAD_MEMBER), incident)
    incident = services.move_incident(incident, "notify", by=partner, seen_version=1, on=date(2025, 4, 22))
    incident = services.move_incident(incident, "complete_rapid_review", by=partner, seen_version=2, on=date(2025, 5, 1))
    incident = services.move_incident(incident, "decide_no_review", by=partner, seen_version=3, on=date(2025, 5, 1),
                                      reason="Agencies worked well together; single-agency learning only.")
    assert not services.may_see_child_reference(partner, incident) and services.may_see_child_reference(director, incident)
    client = sign_in(Client(), partner)
    assert client.get(reverse("reviews:incident_child", args=[incident.pk])).status_code == 403
    [entry] = AccessRecord.objects.filter(object_type=ObjectType.CHILD)
    assert (entry.object_id, entry.outcome, entry.username) == (CHILD, Outcome.REFUSED, partner.username)


def test_incidents_as_at_a_moment_have_the_recommendations_and_actions_they_had_then(make_person):
    """At the moment: published, one recommendation, its action live and due 31 January 2026 (so
    overdue on 1 February). Since: the action completed, a second recommendation added and a new
    incident recorded. As at the moment the review is overdue on 1 February 2026; now it is not."""
    director = make_person(Role.DCS)
    incident = _to_published(_incident(director), director)
    recommendation = services.add_recommendation(incident, by=director, text="Share concerns with the GP.")
    recommendation = services.raise_recommendation_action(recommendation, by=director, seen_version=1, title="GP protocol",
                                                          factor="partnership", owner=director, due=date(2026, 1, 31),
                                                          raised_on=date(2025, 11, 10))
    moment = timezone.now()
    assert recommendation.action is not None
    plan_services.move_action(recommendation.action, "complete", by=director, seen_version=1, reason="Protocol in place")
    services.add_recommendation(incident, by=director, text="Train A&E staff on head injuries in babies.")
    _incident(director, title="A second incident")
    [then] = services.with_recommendations(services.incidents(as_at=moment), moment)
    assert [(item.number, item.action.state if item.action else None, item.finished) for item in then.recommendations.all()] == [
        (1, "open", False)]
    assert services.overdue_incidents(date(2026, 2, 1), as_at=moment) == [then]
    assert services.incidents().count() == 2
    now = services.incidents().get(pk=incident.pk)
    assert [(item.number, item.finished) for item in now.recommendations.all()] == [(1, True), (2, False)]
    # Now only the second incident is late (aware on 17 April 2025 and never notified).
    assert [item.title for item in services.overdue_incidents(date(2026, 2, 1))] == ["A second incident"]
