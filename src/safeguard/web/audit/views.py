"""The access log pages, for the Director and administrators: who saw or changed what, when,
from where and why; who saw one child; what one person saw. Reading the log is itself recorded,
and looking a child up is recorded as an access to that child's record.

A record about a child names the child by their id; people whose roles give no child-level
access (an administrator) see that a child's record was opened, not whose.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safeguard.errors import SafeguardError
from safeguard.web.access.policy import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome
from safeguard.web.audit.recording import record
from safeguard.web.audit.trails import Period, child_rows, children_of, parse_day, what_was_seen, who_saw
from safeguard.web.leadership.downloads import csv_response

RECORDS_PER_PAGE = 100
CHILDREN_SHOWN = 20
"""Children's ids shown per record on the person's page; the download has every one."""
WITHHELD = "withheld from your role"


def shown_object_id(entry: AccessRecord, sees_children: bool) -> str:
    if entry.object_type == ObjectType.CHILD and not sees_children:
        return WITHHELD
    return entry.object_id


LOG_COLUMNS = ("when (UTC)", "username", "role", "action", "object type", "object", "purpose", "outcome", "from", "request")


def _filtered(request: SignedInRequest) -> tuple[QuerySet[AccessRecord], dict[str, str]]:
    """The records the page's filters choose (a username, an outcome), and the filters as given."""
    username = request.GET.get("username", "").strip()
    outcome = request.GET.get("outcome", "")
    entries = AccessRecord.objects.all()
    if username:
        entries = entries.filter(username=username)
    if outcome in Outcome.values:
        entries = entries.filter(outcome=outcome)
    else:
        outcome = ""
    return entries, {"username": username, "outcome": outcome}


def _filter_note(filters: dict[str, str]) -> str:
    return " ".join(f"{name}={value}" for name, value in filters.items() if value)


def log(request: SignedInRequest) -> HttpResponse:
    entries, filters = _filtered(request)
    record(request, action="view_audit_log", object_type=ObjectType.AUDIT_LOG, object_id=_filter_note(filters),
           outcome=Outcome.ALLOWED)
    page = Paginator(entries, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    sees_children = Permission.SEE_CHILD_LEVEL in permissions_of(request.user.roles)
    rows = [(entry, shown_object_id(entry, sees_children)) for entry in page.object_list]
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "query": urlencode({name: value for name, value in filters.items() if value}),
            "outcomes": Outcome.choices,
        },
    )


def log_csv(request: SignedInRequest) -> HttpResponse:
    """The records the page's filters choose, every page of them; the export is itself recorded."""
    entries, filters = _filtered(request)
    record(request, action="export_audit_log", object_type=ObjectType.AUDIT_LOG, object_id=_filter_note(filters),
           outcome=Outcome.ALLOWED)
    sees_children = Permission.SEE_CHILD_LEVEL in permissions_of(request.user.roles)
    rows = (_log_row(entry, shown_object_id(entry, sees_children)) for entry in entries.iterator())
    return csv_response("access-log.csv", LOG_COLUMNS, rows)


class PeriodForm(forms.Form):
    """The period of a lookup: whole days, either end open."""

    from_date = forms.CharField(required=False, max_length=40)
    to_date = forms.CharField(required=False, max_length=40)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        days = {}
        for name, what in (("from_date", "The first day"), ("to_date", "The last day")):
            try:
                days[name] = parse_day(cleaned.get(name, ""), what)
            except SafeguardError as error:
                self.add_error(name, str(error))
        if not self.errors:
            try:
                self.period = Period(days["from_date"], days["to_date"])
            except SafeguardError as error:
                self.add_error("to_date", str(error))
        return cleaned


class ChildTrailForm(PeriodForm):
    child = forms.CharField(max_length=64, error_messages={"required": "Enter the child's id"})


class PersonTrailForm(PeriodForm):
    username = forms.CharField(max_length=150, error_messages={"required": "Enter the person's username"})


CHILD_TRAIL_COLUMNS = ("when (UTC)", "username", "role", "action", "object type", "object", "purpose", "outcome", "from", "request")
PERSON_TRAIL_COLUMNS = (*CHILD_TRAIL_COLUMNS, "child")


def _trail_query(form: forms.Form) -> str:
    return urlencode({name: value for name, value in form.cleaned_data.items() if value})


def child_trail(request: SignedInRequest) -> HttpResponse:
    """Who saw this child: every record that showed or exported the child's record, or named
    them, over a period. The lookup is recorded as an access to the child's record."""
    form = ChildTrailForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        child = form.cleaned_data["child"].strip()
        record(request, action="look_up_child_in_log", object_type=ObjectType.CHILD, object_id=child,
               outcome=Outcome.ALLOWED, children=[child])
        page = Paginator(who_saw(child, form.period), RECORDS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(child=child, period=form.period, page=page, query=_trail_query(form))
    return render(request, "audit/child_trail.html", context)


def child_trail_csv(request: SignedInRequest) -> HttpResponse:
    form = ChildTrailForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('audit:child_trail')}?{request.GET.urlencode()}")
    child = form.cleaned_data["child"].strip()
    record(request, action="export_child_trail", object_type=ObjectType.CHILD, object_id=child,
           outcome=Outcome.ALLOWED, children=[child])
    rows = (_log_row(entry, entry.object_id) for entry in who_saw(child, form.period).iterator())
    return csv_response("who-saw-this-child.csv", CHILD_TRAIL_COLUMNS, rows)


def person_trail(request: SignedInRequest) -> HttpResponse:
    """What this person saw: each of their records over a period, with the children it showed
    (their ids withheld from roles without child-level access)."""
    form = PersonTrailForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        username = form.cleaned_data["username"].strip()
        record(request, action="look_up_person_in_log", object_type=ObjectType.USER, object_id=username,
               outcome=Outcome.ALLOWED)
        sees_children = Permission.SEE_CHILD_LEVEL in permissions_of(request.user.roles)
        page = Paginator(what_was_seen(username, form.period), RECORDS_PER_PAGE).get_page(request.GET.get("page"))
        rows = [
            (entry, shown_object_id(entry, sees_children), children_of(entry))
            for entry in page.object_list
        ]
        context.update(username=username, period=form.period, page=page, rows=rows, sees_children=sees_children,
                       query=_trail_query(form), children_shown=CHILDREN_SHOWN)
    return render(request, "audit/person_trail.html", context)


def person_trail_csv(request: SignedInRequest) -> HttpResponse:
    """One row per child each of the person's records touched (one, with no child, for records
    that touched none)."""
    form = PersonTrailForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('audit:person_trail')}?{request.GET.urlencode()}")
    username = form.cleaned_data["username"].strip()
    record(request, action="export_person_trail", object_type=ObjectType.USER, object_id=username,
           outcome=Outcome.ALLOWED)
    sees_children = Permission.SEE_CHILD_LEVEL in permissions_of(request.user.roles)
    rows = (
        (*_log_row(entry, shown_object_id(entry, sees_children)), child if sees_children or not child else WITHHELD)
        for entry, child in child_rows(what_was_seen(username, form.period))
    )
    return csv_response("what-this-person-saw.csv", PERSON_TRAIL_COLUMNS, rows)


def _log_row(entry: AccessRecord, object_id: str) -> tuple[object, ...]:
    return (
        entry.at.isoformat(), entry.username, entry.role, entry.action, entry.get_object_type_display(), object_id,
        entry.purpose, entry.get_outcome_display(), entry.address or "", entry.request_id,
    )
