"""Sample values for the partnership's routes, for the permission matrix and audit tests. Each
sample record belongs to an agency the person sits for, so the person may open it."""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.governance.partnership.models import (
    Agency,
    Escalation,
    Meeting,
    Member,
    Section11Audit,
    Standard,
    StandardRating,
    SubGroup,
    WorkItem,
)
from safeguard.roles import Role


def _seat(person: Any, kind: str = "statutory") -> Member:
    """The person's seat (made, for the sample agency of this kind, when they have none)."""
    seat = Member.objects.filter(account=person).select_related("agency").first()
    if seat is not None:
        return seat
    agency, _ = Agency.objects.get_or_create(name=f"Sample {kind} agency", defaults={"kind": kind, "created_by": person})
    return Member.objects.create(agency=agency, name="Sample Member", job_title="Superintendent", account=person,
                                 joined_on=date(2025, 4, 1), created_by=person)


def _agency_id(person: Any) -> int:
    return _seat(person).agency_id


def _member_id(person: Any) -> int:
    return _seat(person).pk


def _sub_group(person: Any) -> SubGroup:
    seat = _seat(person)
    group, _ = SubGroup.objects.get_or_create(name="Sample sub-group", defaults={
        "terms_of_reference": "Sample terms.", "chair": seat, "established_on": date(2025, 4, 1),
        "terms_review_due": date(2026, 4, 1), "created_by": person})
    return group


def _sub_group_id(person: Any) -> int:
    return _sub_group(person).pk


def _meeting_id(person: Any) -> int:
    _seat(person)
    return Meeting.objects.create(held_on=date(2025, 6, 4), state="held", decisions="Agreed.", created_by=person).pk


def _work_id(person: Any) -> int:
    return WorkItem.objects.create(title="Sample work", objective="Better.", priority="neglect", owner=_seat(person),
                                   starts_on=date(2025, 4, 1), due=date(2025, 12, 1), state="planned", created_by=person).pk


def _audit(person: Any) -> Section11Audit:
    seat = _seat(person)
    audit = Section11Audit.objects.create(agency=seat.agency, year=2025 + Section11Audit.objects.filter(agency=seat.agency).count(),
                                          due=date(2025, 9, 30), state="requested", created_by=person)
    for standard in Standard.values:
        StandardRating.objects.create(audit=audit, standard=standard, created_by=person)
    return audit


def _audit_id(person: Any) -> int:
    return _audit(person).pk


def _escalation_id(person: Any) -> int:
    return Escalation.objects.create(agency=_seat(person).agency, raised_on=date(2025, 10, 1), concern="Missed core groups.",
                                     why_plan_falls_short="No staff.", state="raised", created_by=person).pk


ROUTE_SAMPLES = {
    "agency_id": _agency_id, "member_id": _member_id, "sub_group_id": _sub_group_id, "meeting_id": _meeting_id,
    "work_id": _work_id, "audit_id": _audit_id, "escalation_id": _escalation_id,
}


def _signed_in(person: Any) -> Any:
    from django.test import Client
    from web_support import sign_in

    return sign_in(Client(), person)


def _chair(make_person: Any) -> Any:
    person = make_person(Role.BOARD_MEMBER)
    _seat(person, "partnership")
    return person


def _date(name: str, day: date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(f"partnership:{name}", args=args)


def _agency_add(make_person, **_):
    return _signed_in(_chair(make_person)), _url("agency_add"), {"name": "Probation", "kind": "statutory"}, "add_partner_agency"


def _member_add(make_person, **_):
    chair = _chair(make_person)
    data = {"name": "Helen Ward", "job_title": "Designated nurse", "position": "adviser", **_date("joined_on", date(2025, 4, 1))}
    return _signed_in(chair), _url("member_add", _agency_id(chair)), data, "add_partnership_member"


def _member_change(make_person, **_):
    chair = _chair(make_person)
    data = {"version": "1", "name": "Ruth Chair", "job_title": "Independent chair", "position": "chair", "account": chair.pk,
            **_date("joined_on", date(2024, 4, 1))}
    return _signed_in(chair), _url("member", _member_id(chair)), data, "change_partnership_member"


SUB_GROUP = {"name": "Learning and improvement", "terms_of_reference": "Runs the partnership's reviews.",
             **_date("established_on", date(2025, 4, 1)), **_date("terms_review_due", date(2026, 4, 1))}


def _sub_group_add(make_person, **_):
    chair = _chair(make_person)
    return _signed_in(chair), _url("sub_group_add"), {**SUB_GROUP, "chair": _member_id(chair)}, "add_sub_group"


def _sub_group_change(make_person, **_):
    chair = _chair(make_person)
    data = {**SUB_GROUP, "chair": _member_id(chair), "version": "1"}
    return _signed_in(chair), _url("sub_group", _sub_group_id(chair)), data, "change_sub_group"


def _meeting_add(make_person, **_):
    return _signed_in(_chair(make_person)), _url("meeting_add"), _date("held_on", date(2025, 7, 2)), "plan_partnership_meeting"


def _meeting_attendance(make_person, **_):
    chair = _chair(make_person)
    police = Agency.objects.create(name="Police", kind="statutory", created_by=chair)
    data = {f"presence-{police.pk}": "member", f"attendee-{police.pk}": "DCI Carter", f"senior-{police.pk}": "yes"}
    return _signed_in(chair), _url("meeting", _meeting_id(chair)), data, "record_attendance"


def _meeting_step(make_person, **_):
    chair = _chair(make_person)
    meeting = Meeting.objects.create(held_on=date(2025, 6, 4), state="planned", created_by=chair)
    data = {"step": "hold", "version": "1", "reason": "Agreed the budget."}
    return _signed_in(chair), _url("meeting_step", meeting.pk), data, "meeting_hold"


WORK = {"title": "Neglect toolkit", "objective": "Every practitioner uses it.", "priority": "neglect", "budget": "2000", "spent": "0",
        **_date("starts_on", date(2025, 4, 1)), **_date("due", date(2026, 3, 31))}


def _work_add(make_person, **_):
    chair = _chair(make_person)
    return _signed_in(chair), _url("work_add"), {**WORK, "owner": _member_id(chair)}, "add_work_item"


def _work_change(make_person, **_):
    chair = _chair(make_person)
    return _signed_in(chair), _url("work", _work_id(chair)), {**WORK, "owner": _member_id(chair), "version": "1"}, "change_work_item"


def _work_step(make_person, **_):
    chair = _chair(make_person)
    return _signed_in(chair), _url("work_step", _work_id(chair)), {"step": "start", "version": "1"}, "workitem_start"


def _contribution(make_person, **_):
    chair = _chair(make_person)
    data = {"year": "2025", "amount": "25000", "in_kind": "Rooms"}
    return _signed_in(chair), _url("contribution", _agency_id(chair)), data, "set_contribution"


def _audit_add(make_person, **_):
    chair = _chair(make_person)
    police = Agency.objects.create(name="Police", kind="statutory", created_by=chair)
    data = {"agency": police.pk, "year": "2025", **_date("due", date(2025, 9, 30))}
    return _signed_in(chair), _url("audit_add"), data, "request_section_11_audit"


def _audit_rating(make_person, **_):
    partner = make_person(Role.BOARD_MEMBER)
    data = {"rating-training": "partly", "evidence-training": "Three quarters trained.", "version-training": "1"}
    return _signed_in(partner), _url("audit", _audit_id(partner)), data, "rate_section_11_standards"


def _audit_step(make_person, **_):
    partner = make_person(Role.BOARD_MEMBER)
    audit = _audit(partner)
    audit.ratings.update(rating="met")
    return _signed_in(partner), _url("audit_step", audit.pk), {"step": "submit", "version": "1"}, "section11audit_submit"


def _escalation_add(make_person, **_):
    chair = _chair(make_person)
    health = Agency.objects.create(name="Health", kind="statutory", created_by=chair)
    data = {"agency": health.pk, "concern": "Missed core groups.", "why_plan_falls_short": "No staff.", **_date("raised_on", date(2025, 10, 1))}
    return _signed_in(chair), _url("escalation_add"), data, "raise_escalation"


def _escalation_step(make_person, **_):
    chair = _chair(make_person)
    data = {"step": "tell_senior", "version": "1", "reason": "Wrote to the chief executive."}
    return _signed_in(chair), _url("escalation_step", _escalation_id(chair)), data, "escalation_tell_senior"


POST_CHANGES = {
    "partnership:agency_add": _agency_add,
    "partnership:member_add": _member_add,
    "partnership:member": _member_change,
    "partnership:sub_group_add": _sub_group_add,
    "partnership:sub_group": _sub_group_change,
    "partnership:meeting_add": _meeting_add,
    "partnership:meeting": _meeting_attendance,
    "partnership:meeting_step": _meeting_step,
    "partnership:work_add": _work_add,
    "partnership:work": _work_change,
    "partnership:work_step": _work_step,
    "partnership:contribution": _contribution,
    "partnership:audit_add": _audit_add,
    "partnership:audit": _audit_rating,
    "partnership:audit_step": _audit_step,
    "partnership:escalation_add": _escalation_add,
    "partnership:escalation_step": _escalation_step,
}
