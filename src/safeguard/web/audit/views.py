"""The access log page, for the Director and administrators: who saw or changed what, when,
from where and why. Reading the log is itself recorded.

A record about a child names the child by their id; people whose roles give no child-level
access (an administrator) see that a child's record was opened, not whose.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeguard.web.access.policy import Permission, permissions_of
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome
from safeguard.web.audit.recording import record
from safeguard.web.leadership.downloads import csv_response

RECORDS_PER_PAGE = 100
WITHHELD = "withheld from your role"


def shown_object_id(entry: AccessRecord, sees_children: bool) -> str:
    if entry.object_type == ObjectType.CHILD and not sees_children:
        return WITHHELD
    return entry.object_id


LOG_COLUMNS = ("when (UTC)", "username", "role", "action", "object type", "object", "purpose", "outcome", "from", "request")


def _filtered(request: HttpRequest) -> tuple[QuerySet[AccessRecord], dict[str, str]]:
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


def log(request: HttpRequest) -> HttpResponse:
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


def log_csv(request: HttpRequest) -> HttpResponse:
    """The records the page's filters choose, every page of them; the export is itself recorded."""
    entries, filters = _filtered(request)
    record(request, action="export_audit_log", object_type=ObjectType.AUDIT_LOG, object_id=_filter_note(filters),
           outcome=Outcome.ALLOWED)
    sees_children = Permission.SEE_CHILD_LEVEL in permissions_of(request.user.roles)
    rows = (
        (
            entry.at.isoformat(), entry.username, entry.role, entry.action, entry.get_object_type_display(),
            shown_object_id(entry, sees_children), entry.purpose, entry.get_outcome_display(), entry.address or "",
            entry.request_id,
        )
        for entry in entries.iterator()
    )
    return csv_response("access-log.csv", LOG_COLUMNS, rows)
