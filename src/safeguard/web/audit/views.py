"""The access log page, for the Director and administrators: who saw or changed what, when,
from where and why. Reading the log is itself recorded.

A record about a child names the child by their id; people whose roles give no child-level
access (an administrator) see that a child's record was opened, not whose.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeguard.web.access.policy import Permission, permissions_of
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome
from safeguard.web.audit.recording import record

RECORDS_PER_PAGE = 100
WITHHELD = "withheld from your role"


def shown_object_id(entry: AccessRecord, sees_children: bool) -> str:
    if entry.object_type == ObjectType.CHILD and not sees_children:
        return WITHHELD
    return entry.object_id


def log(request: HttpRequest) -> HttpResponse:
    username = request.GET.get("username", "").strip()
    record(request, action="view_audit_log", object_type=ObjectType.AUDIT_LOG, object_id=username, outcome=Outcome.ALLOWED)
    entries = AccessRecord.objects.all()
    if username:
        entries = entries.filter(username=username)
    page = Paginator(entries, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    sees_children = Permission.SEE_CHILD_LEVEL in permissions_of(request.user.roles)
    rows = [(entry, shown_object_id(entry, sees_children)) for entry in page.object_list]
    return render(request, "audit/log.html", {"page": page, "rows": rows, "username": username})
