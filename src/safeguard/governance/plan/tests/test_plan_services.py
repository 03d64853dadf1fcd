"""The improvement plan's services: raising, editing, moving and measuring actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from safeguard.governance.plan import services
from safeguard.governance.plan.models import ActionUpdate, PlanAction
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, NotAvailable, StaleEdit, transitions_of
from safeguard.governance.workflow.views import history_of
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def _action(by, owner=None, **fields):
    details = {
        "title": "Refresh the front door's threshold guidance",
        "source": "audit",
        "factor": "performance_and_quality",
        "owner": owner or by,
        "due": date(2026, 3, 31),
    }
    return services.raise_action(by=by, raised_on=date(2026, 1, 5), **{**details, **fields})


def test_an_action_is_raised_open_with_its_details_and_one_history_row(make_person):
    director = make_person(Role.DCS)
    action = _action(director)
    assert action.state == "open" and action.version == 1
    assert action.reference == f"A{action.pk:03d}"
    assert action.history.count() == 1
    assert action.baseline is None  # no indicator linked


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"due": date(2026, 1, 4)}, "due", "on or after the day the action was raised"),
        ({"indicator_id": "no_such_indicator", "direction": "down"}, "indicator_id", "There is no indicator"),
        ({"indicator_id": "re_referral_rate"}, "direction", "which way"),
        ({"factor": "leadershp"}, "factor", "not a valid choice"),
        ({"source": "rumour"}, "source", "not a valid choice"),
    ],
)
def test_bad_details_are_refused_naming_the_field_and_nothing_is_saved(make_person, fields, field, message):
    director = make_person(Role.DCS)
    with pytest.raises(ValidationError) as refused:
        _action(director, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert PlanAction.objects.count() == 0


def test_only_the_plan_s_keepers_may_raise_or_move_actions(make_person):
    member = make_person(Role.LEAD_MEMBER)
    with pytest.raises(NotAllowed):
        _action(member)
    action = _action(make_person(Role.DCS))
    with pytest.raises(NotAllowed):
        services.move_action(action, "start", by=member, seen_version=1)
    assert PlanAction.objects.get().state == "open"


def test_an_action_moves_through_its_states_and_each_move_is_logged_with_who_and_why(make_person):
    director = make_person(Role.DCS)
    analyst = make_person(Role.ANALYST)
    action = _action(director, owner=analyst)
    action = services.move_action(action, "start", by=analyst, seen_version=1)
    with pytest.raises(GovernanceError, match="Say why"):
        services.move_action(action, "complete", by=analyst, seen_version=2)
    action = services.move_action(action, "complete", by=analyst, seen_version=2, reason="Guidance reissued; audit re-run in May")
    assert action.state == "completed" and action.evidence_of_impact == "Guidance reissued; audit re-run in May"
    with pytest.raises(NotAvailable, match="completed"):
        services.move_action(action, "start", by=director, seen_version=3)
    steps = transitions_of(action)
    assert [(step.from_state, step.to_state, step.by_name) for step in steps] == [
        ("open", "in_progress", analyst.display_name),
        ("in_progress", "completed", analyst.display_name),
    ]
    assert steps[1].reason == "Guidance reissued; audit re-run in May" and steps[1].role == "analyst"


def test_a_stale_edit_is_refused_and_the_first_change_is_kept(make_person):
    director = make_person(Role.DCS)
    analyst = make_person(Role.ANALYST)
    action = _action(director)
    opened_by_both = PlanAction.objects.get(pk=action.pk)
    services.edit_action(opened_by_both, by=director, seen_version=1, changes={"due": date(2026, 4, 30)})
    with pytest.raises(StaleEdit) as stale:
        services.edit_action(opened_by_both, by=analyst, seen_version=1, changes={"title": "Something else"})
    assert isinstance(stale.value.current, PlanAction) and stale.value.current.due == date(2026, 4, 30)
    kept = PlanAction.objects.get(pk=action.pk)
    assert (kept.title, kept.due, kept.version) == ("Refresh the front door's threshold guidance", date(2026, 4, 30), 2)
    assert kept.history.count() == 2


def test_history_says_who_changed_what(make_person):
    director = make_person(Role.DCS, username="director")
    action = _action(director)
    services.edit_action(action, by=director, seen_version=1, changes={"due": date(2026, 5, 1)})
    lines = history_of(PlanAction.objects.get(pk=action.pk), {"due": "the due date"})
    assert lines[0].what == "changed the due date from 31 March 2026 to 1 May 2026"
    assert lines[-1].what == "created the record"


def test_progress_notes_come_from_the_owner_or_the_plan_s_keepers_only(make_person):
    director = make_person(Role.DCS)
    owner = make_person(Role.SCRUTINY_MEMBER)
    stranger = make_person(Role.LEAD_MEMBER)
    action = _action(director, owner=owner)
    services.note_progress(action, by=owner, text="Briefing held with the front door team")
    with pytest.raises(NotAllowed):
        services.note_progress(action, by=stranger, text="Not mine to say")
    assert list(ActionUpdate.objects.values_list("text", flat=True)) == ["Briefing held with the front door team"]
    with pytest.raises(Exception, match="never changed"):
        note = ActionUpdate.objects.get()
        note.text = "rewritten"
        note.save()


def test_overdue_means_live_and_past_its_due_date(make_person):
    director = make_person(Role.DCS)
    today = date(2026, 4, 1)
    late = _action(director, due=date(2026, 3, 31))
    on_the_day = _action(director, due=date(2026, 4, 1))
    done = _action(director, due=date(2026, 2, 1))
    services.move_action(done, "complete", by=director, seen_version=1, reason="done")
    assert list(services.overdue_actions(today)) == [late]
    assert services.is_overdue(late, today) and not services.is_overdue(on_the_day, today)
    assert not services.is_overdue(PlanAction.objects.get(pk=done.pk), today + timedelta(days=400))


def test_actions_are_never_deleted(make_person):
    action = _action(make_person(Role.DCS))
    with pytest.raises(Exception, match="never deleted"):
        action.delete()
    assert PlanAction.objects.count() == 1
