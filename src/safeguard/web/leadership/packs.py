"""The packs page: the packs this person may have, a form to produce one for a month and
format, and the packs issued (each downloadable again exactly as it was first given out).

Producing a pack records its issue, so it is a POST; the download that follows is a GET of the
kept copy. Asking for a pack the person's roles do not allow is refused (403) and written to the
access log, like every refusal; every download is recorded too.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from safeguard.errors import SafeguardError
from safeguard.packs.issuing import CONTENT_TYPES, issue, kept_copy, may_have, prepare
from safeguard.packs.models import IssuedPack
from safeguard.packs.registry import packs
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, Outcome
from safeguard.web.audit.recording import add_children, record, recorded_change

CHILD_LEVEL_PURPOSE = "Inspection: the data bank an inspection asks for (LMCS guide §7.1)"
"""Why a child-level pack is produced or downloaded, as the access log records it."""


def _allowed(request: SignedInRequest) -> list:
    return [definition for definition in packs().values() if may_have(request.user.roles, definition)]


def packs_page(request: SignedInRequest, problem: str | None = None, status: int = 200) -> HttpResponse:
    allowed = _allowed(request)
    names = [definition.name for definition in allowed]
    return render(
        request,
        "leadership/packs.html",
        {
            "packs": allowed, "titles": {definition.name: definition.title for definition in allowed},
            "issued": IssuedPack.objects.filter(pack__in=names)[:30], "problem": problem, "posted": request.POST,
        },
        status=status,
    )


def produce_pack(request: SignedInRequest) -> HttpResponse:
    name = request.POST.get("pack", "")
    definition = packs().get(name)
    if definition is None:
        return packs_page(request, f"There is no pack called {name!r}.", 400)
    if not may_have(request.user.roles, definition):
        record(request, action="produce_pack", object_type=ObjectType.RECORD, object_id=f"pack:{name}", outcome=Outcome.REFUSED)
        return packs_page(request, f"Your roles do not allow you to have the {definition.title}.", 403)
    try:
        prepared = prepare(name, period=request.POST.get("period") or None, output_format=request.POST.get("format", ""))
    except SafeguardError as problem:
        record(request, action="produce_pack", object_type=ObjectType.RECORD, object_id=f"pack:{name}", outcome=Outcome.FAILED)
        return packs_page(request, str(problem), 400)
    with recorded_change(request, action="produce_pack", object_type=ObjectType.RECORD, object_id=f"pack:{name}") as entry:
        issued = issue(prepared, by=request.user, by_name=request.user.display_name)
        add_children(entry, issued.record.children)
    messages.success(request, f"The {definition.title} for {issued.record.period:%B %Y} is ready.")
    return redirect("packs:issued", issued_id=issued.record.pk)


def packs_view(request: SignedInRequest) -> HttpResponse:
    if request.method == "POST":
        return produce_pack(request)
    return packs_page(request)


def issued(request: SignedInRequest, issued_id: int) -> HttpResponse:
    found = get_object_or_404(IssuedPack, pk=issued_id)
    definition = packs().get(found.pack)
    if definition is None:
        raise Http404("no such pack")
    if not may_have(request.user.roles, definition):
        record(request, action="download_pack", object_type=ObjectType.RECORD, object_id=f"pack:{found.pk}", outcome=Outcome.REFUSED)
        return packs_page(request, f"Your roles do not allow you to have the {definition.title}.", 403)
    copy = kept_copy(found)
    record(
        request, action="download_pack", object_type=ObjectType.RECORD, object_id=f"pack:{found.pk}", outcome=Outcome.ALLOWED,
        purpose=CHILD_LEVEL_PURPOSE if found.children else "", children=found.children,
    )
    response = HttpResponse(copy.data, content_type=CONTENT_TYPES[found.format])
    response["Content-Disposition"] = f'attachment; filename="{copy.file_name}"'
    return response
