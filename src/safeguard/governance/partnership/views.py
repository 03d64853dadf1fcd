"""The partnership's pages: the overview for its chair and partners, an agency with its members,
attendance, money, audits and escalations, and the pages that keep each record.

Every change is recorded once in the access log (``recorded_change``) and goes through
``services``; an agency's own records are opened only by those ``access`` lets see them, and a
refusal is recorded too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from safeguard.governance.partnership import access, services
from safeguard.governance.partnership.forms import (
    AgencyForm,
    AuditRequestForm,
    ContributionForm,
    EscalationForm,
    MeetingForm,
    MemberForm,
    StepForm,
    SubGroupForm,
    WorkForm,
)
from safeguard.governance.partnership.models import (
    Agency,
    AgencyKind,
    Contribution,
    Escalation,
    Meeting,
    Member,
    Presence,
    Rating,
    Section11Audit,
    SubGroup,
    WorkItem,
)
from safeguard.governance.reporting_year import ReportingYear, parse_year
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit
from safeguard.governance.workflow.views import history_of, posted_version, steps_for, take_step, today
from safeguard.roles import Permission
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, Outcome, record_id
from safeguard.web.audit.recording import record, recorded_change
from safeguard.web.errors import refused

NOT_YOURS = "This is another agency's record: partners see their own agency's audits and escalations, and the partnership's chair sees all."
FIELD_LABELS = {
    "name": "the name", "job_title": "the job title", "position": "the place", "account": "the account", "joined_on": "the day they joined",
    "left_on": "the day they left", "terms_of_reference": "the terms of reference", "chair": "the chair", "terms_review_due": "the review date",
    "objective": "the objective", "owner": "the owner", "due": "the due date", "budget": "the budget", "spent": "the money spent",
    "presence": "who came", "attendee": "the attendee", "senior_enough": "whether they could commit the agency", "amount": "the amount",
    "in_kind": "what it gives in kind", "rating": "the rating", "evidence": "the evidence",
}


def _year(request: SignedInRequest) -> ReportingYear:
    return parse_year(request.GET.get("year", ""), today())


def _apply_validation(form: Any, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _saved(
    request: SignedInRequest, form: Any, save: Callable[[], Any], *, action: str, object_id: str = "", done: str,
    where: Callable[[Any], str], template: str, context: dict[str, Any],
) -> HttpResponse:
    """Save a posted form through ``save`` with one access record: on to ``where(saved)`` when it
    worked, the page again with the problem otherwise (400 bad input, 403 refused, 409 stale)."""
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action=action, object_type=ObjectType.RECORD, object_id=object_id):
                saved = save()
        except StaleEdit as stale:
            status, conflict = 409, str(stale)
        except NotAllowed as refusal:
            status, conflict = 403, str(refusal)
        except ValidationError as error:
            _apply_validation(form, error)
        except GovernanceError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, done)
            return redirect(where(saved))
    if form.errors and status == 200:
        status = 400
    return render(request, template, {"form": form, "conflict": conflict, **context}, status=status)


def _refusal(request: SignedInRequest, action: str, found: Any) -> HttpResponse:
    record(request, action=action, object_type=ObjectType.RECORD, object_id=record_id(found), outcome=Outcome.REFUSED)
    return refused(request, NOT_YOURS)


def overview(request: SignedInRequest) -> HttpResponse:
    year = _year(request)
    person = request.user
    seen = access.agencies_seen_by(person)
    now = today()
    audits = Section11Audit.objects.filter(agency__in=seen, year=year.first).select_related("agency").prefetch_related("ratings")
    return render(request, "partnership/overview.html", {
        "year": year,
        "runs": access.runs_partnership(person),
        "seat": access.membership_of(person),
        "agencies": Agency.objects.prefetch_related("members"),
        "seen": set(seen.values_list("pk", flat=True)),
        "attendance": services.attendance_by_agency(year),
        "meetings": Meeting.objects.filter(held_on__gte=year.start, held_on__lte=year.end).select_related("sub_group").order_by("held_on"),
        "sub_groups": SubGroup.objects.select_related("chair", "chair__agency"),
        "work": [(item, services.is_work_overdue(item, now)) for item in services.work_programme(year)],
        "budget": services.budget(year),
        "audits": [(audit, services.audit_tally(audit), services.is_audit_overdue(audit, now), services.is_follow_up_overdue(audit, now))
                   for audit in audits],
        "escalations": Escalation.objects.filter(agency__in=seen).exclude(state="resolved").select_related("agency"),
        "now": now,
    })


def agency(request: SignedInRequest, agency_id: int) -> HttpResponse:
    found = get_object_or_404(Agency, pk=agency_id)
    if not access.may_see_agency(request.user, found):
        return _refusal(request, "view_partner_agency", found)
    year = _year(request)
    return render(request, "partnership/agency.html", {
        "agency": found, "year": year, "runs": access.runs_partnership(request.user),
        "members": found.members.select_related("account"),
        "attendance": next((row for row in services.attendance_by_agency(year) if row.agency.pk == found.pk), None),
        "lines": found.attendance.select_related("meeting", "meeting__sub_group").order_by("-meeting__held_on"),
        "contributions": found.contributions.all(),
        "audits": found.section_11_audits.prefetch_related("ratings"),
        "escalations": found.escalations.all(),
    })


def agency_add(request: SignedInRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None)
    return _saved(request, form, lambda: services.add_agency(by=request.user, **form.details()),
                  action="add_partner_agency", done="The agency is added.", where=lambda made: reverse("partnership:agency", args=[made.pk]),
                  template="partnership/form.html", context={"title": "Add an agency", "back": reverse("partnership:overview")})


def member_add(request: SignedInRequest, agency_id: int) -> HttpResponse:
    found = get_object_or_404(Agency, pk=agency_id)
    form = MemberForm(request.POST or None)
    return _saved(request, form, lambda: services.add_member(found, by=request.user, **form.details()),
                  action="add_partnership_member", object_id=record_id(found), done="The member is added.",
                  where=lambda made: reverse("partnership:member", args=[made.pk]), template="partnership/form.html",
                  context={"title": f"Add a member for {found.name}", "back": reverse("partnership:overview")})


def member(request: SignedInRequest, member_id: int) -> HttpResponse:
    found = get_object_or_404(Member.objects.select_related("agency", "account"), pk=member_id)
    initial = {name: getattr(found, name) for name in services.MEMBER_FIELDS} | {"version": found.version}
    form = MemberForm(request.POST or None, initial=initial)
    return _saved(
        request, form, lambda: services.edit_member(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        action="change_partnership_member", object_id=record_id(found), done="Your changes are saved.",
        where=lambda saved: reverse("partnership:member", args=[saved.pk]), template="partnership/form.html",
        context={"title": f"{found.name}, {found.agency.name}", "record": found, "history": history_of(found, FIELD_LABELS),
                 "editable": access.runs_partnership(request.user), "back": reverse("partnership:overview")},
    )


def sub_group_add(request: SignedInRequest) -> HttpResponse:
    form = SubGroupForm(request.POST or None)
    return _saved(request, form, lambda: services.add_sub_group(by=request.user, **form.details()),
                  action="add_sub_group", done="The sub-group is added.", where=lambda made: reverse("partnership:sub_group", args=[made.pk]),
                  template="partnership/form.html", context={"title": "Add a sub-group", "back": reverse("partnership:overview")})


def sub_group(request: SignedInRequest, sub_group_id: int) -> HttpResponse:
    found = get_object_or_404(SubGroup.objects.select_related("chair"), pk=sub_group_id)
    initial = {name: getattr(found, name) for name in services.SUB_GROUP_FIELDS} | {"version": found.version}
    form = SubGroupForm(request.POST or None, initial=initial)
    return _saved(
        request, form, lambda: services.edit_sub_group(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        action="change_sub_group", object_id=record_id(found), done="Your changes are saved.",
        where=lambda saved: reverse("partnership:sub_group", args=[saved.pk]), template="partnership/form.html",
        context={"title": found.name, "record": found, "history": history_of(found, FIELD_LABELS), "sub_group": found,
                 "meetings": found.meetings.order_by("-held_on"), "work_items": found.work.all(),
                 "editable": access.runs_partnership(request.user), "back": reverse("partnership:overview")},
    )


def meeting_add(request: SignedInRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    return _saved(request, form, lambda: services.plan_meeting(by=request.user, **form.cleaned_data),
                  action="plan_partnership_meeting", done="The meeting is in the calendar.",
                  where=lambda made: reverse("partnership:meeting", args=[made.pk]), template="partnership/form.html",
                  context={"title": "Plan a meeting", "back": reverse("partnership:overview")})


def _attendance_entries(request: SignedInRequest, meeting: Meeting) -> list[services.PresenceEntry]:
    """The attendance posted for each active agency (agencies left blank are not recorded)."""
    current = {line.agency_id: line for line in meeting.attendance.all()}
    entries = []
    for found in Agency.objects.filter(active=True).exclude(kind=AgencyKind.PARTNERSHIP):
        presence = request.POST.get(f"presence-{found.pk}", "")
        if not presence:
            continue
        if presence not in Presence.values:
            raise GovernanceError(f"{found.name}: choose who came.")
        senior = {"yes": True, "no": False}.get(request.POST.get(f"senior-{found.pk}", ""))
        line = current.get(found.pk)
        entries.append(services.PresenceEntry(found, presence, request.POST.get(f"attendee-{found.pk}", "")[:200], senior,
                                              line.version if line else 0))
    return entries


def _meeting_context(request: SignedInRequest, found: Meeting, **extra: Any) -> dict[str, Any]:
    lines = {line.agency_id: line for line in found.attendance.all()}
    agencies = Agency.objects.filter(active=True).exclude(kind=AgencyKind.PARTNERSHIP)
    return {"meeting": found, "rows": [(item, lines.get(item.pk)) for item in agencies], "presences": Presence.choices,
            "steps": steps_for(request, found), "runs": access.runs_partnership(request.user),
            "history": history_of(found, FIELD_LABELS), **extra}


def meeting(request: SignedInRequest, meeting_id: int) -> HttpResponse:
    """A meeting with each agency's attendance; its chair and business unit record who came."""
    found = get_object_or_404(Meeting.objects.select_related("sub_group"), pk=meeting_id)
    if request.method != "POST":
        return render(request, "partnership/meeting.html", _meeting_context(request, found))
    try:
        entries = _attendance_entries(request, found)
        if not entries:
            raise GovernanceError("Choose who came from at least one agency.")
        with recorded_change(request, action="record_attendance", object_type=ObjectType.RECORD, object_id=record_id(found)):
            services.record_attendance(found, entries, by=request.user)
    except StaleEdit as stale:
        return render(request, "partnership/meeting.html", _meeting_context(request, found, conflict=str(stale)), status=409)
    except NotAllowed as refusal:
        return render(request, "partnership/meeting.html", _meeting_context(request, found, problem=str(refusal)), status=403)
    except ValidationError as error:
        return render(request, "partnership/meeting.html", _meeting_context(request, found, problem="; ".join(error.messages)), status=400)
    except GovernanceError as problem:
        return render(request, "partnership/meeting.html", _meeting_context(request, found, problem=str(problem)), status=400)
    messages.success(request, "The attendance is recorded.")
    return redirect("partnership:meeting", meeting_id=found.pk)


def meeting_step(request: SignedInRequest, meeting_id: int) -> HttpResponse:
    found = get_object_or_404(Meeting, pk=meeting_id)
    return take_step(request, found, services.move_meeting, back_to=reverse("partnership:meeting", args=[found.pk]),
                     conflict_template="partnership/meeting.html", conflict_context=_meeting_context(request, found))


def work_add(request: SignedInRequest) -> HttpResponse:
    form = WorkForm(request.POST or None, initial={"budget": 0, "spent": 0})
    return _saved(request, form, lambda: services.add_work(by=request.user, **form.details()),
                  action="add_work_item", done="The work is on the programme.", where=lambda made: reverse("partnership:work", args=[made.pk]),
                  template="partnership/form.html", context={"title": "Add to the work programme", "back": reverse("partnership:overview")})


def _work_context(request: SignedInRequest, found: WorkItem) -> dict[str, Any]:
    return {"title": f"{found.reference}: {found.title}", "record": found, "work": found, "history": history_of(found, FIELD_LABELS),
            "steps": steps_for(request, found), "overdue": services.is_work_overdue(found, today()),
            "editable": access.runs_partnership(request.user), "back": reverse("partnership:overview")}


def work(request: SignedInRequest, work_id: int) -> HttpResponse:
    found = get_object_or_404(WorkItem.objects.select_related("owner", "sub_group"), pk=work_id)
    initial = {name: getattr(found, name) for name in services.WORK_FIELDS} | {"version": found.version}
    form = WorkForm(request.POST or None, initial=initial)
    return _saved(
        request, form, lambda: services.edit_work(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        action="change_work_item", object_id=record_id(found), done="Your changes are saved.",
        where=lambda saved: reverse("partnership:work", args=[saved.pk]), template="partnership/form.html", context=_work_context(request, found),
    )


def work_step(request: SignedInRequest, work_id: int) -> HttpResponse:
    found = get_object_or_404(WorkItem, pk=work_id)
    return take_step(request, found, services.move_work, back_to=reverse("partnership:work", args=[found.pk]),
                     conflict_template="partnership/form.html", conflict_context={"form": WorkForm(), **_work_context(request, found)})


def contribution(request: SignedInRequest, agency_id: int) -> HttpResponse:
    """Record or change an agency's contribution for a year."""
    found = get_object_or_404(Agency, pk=agency_id)
    year = _year(request)
    current = Contribution.objects.filter(agency=found, year=year.first).first()
    initial = {"year": year.first} | ({"amount": current.amount, "in_kind": current.in_kind, "version": current.version} if current else {})
    form = ContributionForm(request.POST or None, initial=initial)

    def save() -> Contribution:
        details = form.details()
        return services.set_contribution(found, by=request.user, seen_version=posted_version(request), **details)

    return _saved(request, form, save, action="set_contribution", object_id=record_id(found), done="The contribution is recorded.",
                  where=lambda saved: reverse("partnership:agency", args=[found.pk]) + f"?year={saved.year}", template="partnership/form.html",
                  context={"title": f"{found.name}: its contribution", "record": current,
                           "history": history_of(current, FIELD_LABELS) if current else [], "back": reverse("partnership:agency", args=[found.pk])})


def audit_add(request: SignedInRequest) -> HttpResponse:
    form = AuditRequestForm(request.POST or None, initial={"year": ReportingYear.containing(today()).first})
    return _saved(request, form, lambda: services.request_audit(by=request.user, **form.cleaned_data),
                  action="request_section_11_audit", done="The agency is asked for its section 11 self-assessment.",
                  where=lambda made: reverse("partnership:audit", args=[made.pk]), template="partnership/form.html",
                  context={"title": "Ask an agency for its section 11 audit", "back": reverse("partnership:overview")})


def _audit(request: SignedInRequest, audit_id: int, action: str) -> Section11Audit | HttpResponse:
    found = get_object_or_404(Section11Audit.objects.select_related("agency").prefetch_related("ratings"), pk=audit_id)
    if access.may_see_agency(request.user, found.agency):
        return found
    return _refusal(request, action, found)


def _audit_context(request: SignedInRequest, found: Section11Audit, **extra: Any) -> dict[str, Any]:
    person = request.user
    works = access.may_work_for(person, found.agency)
    runs = access.runs_partnership(person)
    steps = [step for step in steps_for(request, found) if (runs if step.permission is Permission.RUN_PARTNERSHIP else works)]
    return {"audit": found, "ratings": list(found.ratings.all()), "choices": Rating.choices, "tally": services.audit_tally(found),
            "steps": steps, "may_rate": works and found.state in {"requested", "challenged"},
            "overdue": services.is_audit_overdue(found, today()), "follow_up_overdue": services.is_follow_up_overdue(found, today()),
            "history": [line for rating in found.ratings.all() for line in history_of(rating, FIELD_LABELS)[:-1]]
            + history_of(found, FIELD_LABELS), **extra}


def audit(request: SignedInRequest, audit_id: int) -> HttpResponse:
    """A section 11 audit: the agency's ratings and evidence standard by standard, the
    partnership's challenge, the answer and the follow-up agreed."""
    found = _audit(request, audit_id, "view_section_11_audit" if request.method != "POST" else "rate_section_11_standards")
    if isinstance(found, HttpResponse):
        return found
    if request.method != "POST":
        return render(request, "partnership/audit.html", _audit_context(request, found))
    entries = [services.RatingEntry(line.standard, request.POST.get(f"rating-{line.standard}", ""),
                                    request.POST.get(f"evidence-{line.standard}", "")[:4000], _int(request.POST.get(f"version-{line.standard}")))
               for line in found.ratings.all()]
    try:
        with recorded_change(request, action="rate_section_11_standards", object_type=ObjectType.RECORD, object_id=record_id(found)):
            services.rate_standards(found, entries, by=request.user)
    except StaleEdit as stale:
        return render(request, "partnership/audit.html", _audit_context(request, found, conflict=str(stale)), status=409)
    except NotAllowed as refusal:
        return render(request, "partnership/audit.html", _audit_context(request, found, problem=str(refusal)), status=403)
    except (GovernanceError, ValidationError) as problem:
        text = "; ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
        return render(request, "partnership/audit.html", _audit_context(request, found, problem=text), status=400)
    messages.success(request, "The self-assessment is saved.")
    return redirect("partnership:audit", audit_id=found.pk)


def _int(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        return -1


def audit_step(request: SignedInRequest, audit_id: int) -> HttpResponse:
    found = _audit(request, audit_id, "section_11_audit_step")
    if isinstance(found, HttpResponse):
        return found
    form = StepForm(request.POST)
    if not form.is_valid():
        return render(request, "partnership/audit.html", _audit_context(request, found, problem="Check the dates."), status=400)
    move = partial(services.move_audit, on=form.cleaned_data["on"] or today(), follow_up_due=form.cleaned_data["follow_up_due"])
    return take_step(request, found, move, back_to=reverse("partnership:audit", args=[found.pk]),
                     conflict_template="partnership/audit.html", conflict_context=_audit_context(request, found))


def escalation_add(request: SignedInRequest) -> HttpResponse:
    form = EscalationForm(request.POST or None, initial={"raised_on": today()})
    return _saved(request, form, lambda: services.raise_escalation(by=request.user, **form.cleaned_data),
                  action="raise_escalation", done="The escalation is recorded.",
                  where=lambda made: reverse("partnership:escalation", args=[made.pk]), template="partnership/form.html",
                  context={"title": "Escalate an agency that is not performing", "back": reverse("partnership:overview")})


def _escalation(request: SignedInRequest, escalation_id: int, action: str) -> Escalation | HttpResponse:
    found = get_object_or_404(Escalation.objects.select_related("agency", "audit"), pk=escalation_id)
    if access.may_see_agency(request.user, found.agency):
        return found
    return _refusal(request, action, found)


def _escalation_context(request: SignedInRequest, found: Escalation) -> dict[str, Any]:
    return {"escalation": found, "steps": steps_for(request, found) if access.runs_partnership(request.user) else [],
            "history": history_of(found, FIELD_LABELS)}


def escalation(request: SignedInRequest, escalation_id: int) -> HttpResponse:
    found = _escalation(request, escalation_id, "view_escalation")
    if isinstance(found, HttpResponse):
        return found
    return render(request, "partnership/escalation.html", _escalation_context(request, found))


def escalation_step(request: SignedInRequest, escalation_id: int) -> HttpResponse:
    found = _escalation(request, escalation_id, "escalation_step")
    if isinstance(found, HttpResponse):
        return found
    return take_step(request, found, services.move_escalation, back_to=reverse("partnership:escalation", args=[found.pk]),
                     conflict_template="partnership/escalation.html", conflict_context=_escalation_context(request, found))
