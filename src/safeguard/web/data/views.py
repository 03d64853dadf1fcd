"""Data pages: upload and check a return, accept or reject it, list the snapshots, and see the
child-level rows behind one list of a snapshot.

Uploads are checked by the Annex A validator as soon as they arrive, and compared with the last
snapshot (``safeguard.snapshots.plausibility``); both are kept beside the upload, so the analyst
can work through the findings by sheet and kind, filter them, download them as a workbook, and
read what does not look like last time before deciding. Accepting hands the same file to the
snapshot store, which checks it again and commits it all or nothing; a return that differs from
the last snapshot is accepted only with the reason it is right, which the snapshot records.

Child-level pages (an upload's findings quote cell values; a list's rows are children's records)
are never cached, write one access record per view, and the rows ask first why they are wanted
(DfE's golden rules: necessary, proportionate, recorded). The record of a view or download of a
list's rows names each child in the rows actually shown or downloaded, so the access log can
answer who saw a given child.
"""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Iterable
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from safeguard.aggregates import all_snapshots
from safeguard.annex_a.finding_groups import FindingFilter, overview
from safeguard.annex_a.findings import FIELDS as FINDING_FIELDS
from safeguard.annex_a.findings import Finding, Severity
from safeguard.annex_a.findings_workbook import write_findings_workbook
from safeguard.annex_a.spec import AnnexAList, list_by_key
from safeguard.council import load_council
from safeguard.errors import SafeguardError
from safeguard.governance.workflow.transitions import GovernanceError, NotAvailable, StaleEdit
from safeguard.home import safeguard_home
from safeguard.snapshots import Snapshot, Store
from safeguard.web.access.policy import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, Outcome
from safeguard.web.audit.recording import record, recorded_change
from safeguard.web.data.checked_uploads import findings_path, read_findings, read_plausibility, save_findings
from safeguard.web.data.decisions import AlreadyDecided, ChangedSinceChecked, decide
from safeguard.web.data.models import UPLOAD_FOLDER_NAME, Upload, UploadStatus
from safeguard.web.data.uploads import check_claims, check_content, refusal, save, too_large
from safeguard.web.leadership.downloads import csv_response

ROWS_PER_PAGE = 50
FINDINGS_PER_KIND = 100
"""Findings of one kind shown in one sheet's group; the workbook download has them all."""
OPEN_GROUPS_UP_TO = 30
"""With this many findings or fewer on the page, every group starts open."""
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PURPOSE_SECONDS = 30 * 60
PURPOSES_KEY = "safeguard_purposes"
PURPOSES = {
    "data_quality": "Checking and correcting data quality",
    "return_preparation": "Preparing a statutory return",
    "case_audit": "Preparing a case audit",
    "leader_question": "Answering a question from a leader or the safeguarding partnership",
    "other": "Another purpose",
}


class UploadForm(forms.Form):
    return_file = forms.FileField(
        error_messages={"required": "Choose an Annex A file to upload", "empty": "The file is empty"}
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")], error_messages={
        "required": "Choose whether to accept or reject the return", "invalid_choice": "Choose accept or reject",
    })
    reason = forms.CharField(required=False, max_length=500, error_messages={"max_length": "Keep the reason to 500 characters"})
    version = forms.IntegerField(required=False, min_value=1)
    """The upload's version the person saw (absent: the version as it is when the decision is made)."""


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        choices=list(PURPOSES.items()), widget=forms.RadioSelect, error_messages={"required": "Say why you need to see these rows"}
    )
    detail = forms.CharField(required=False, max_length=200)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("purpose") == "other" and not cleaned.get("detail", "").strip():
            self.add_error("detail", "Describe the purpose")
        return cleaned

    def statement(self) -> str:
        label = PURPOSES[self.cleaned_data["purpose"]]
        detail = self.cleaned_data.get("detail", "").strip()
        return f"{label}: {detail}" if detail else label


def imports(request: SignedInRequest) -> HttpResponse:
    """The upload form and the recent uploads. The page's script sends the form asking for JSON
    (to show the upload's progress): it gets where to go next, or the problem, instead of a page."""
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problem = None
    wants_json = request.method == "POST" and request.headers.get("Accept") == "application/json"
    stopped = refusal(request) if request.method == "POST" else None
    if stopped:
        record(request, action="upload_return", object_type=ObjectType.UPLOAD, outcome=Outcome.FAILED)
        if wants_json:
            return JsonResponse({"problem": stopped}, status=413)
        problem = stopped
    elif request.method == "POST" and form.is_valid():
        try:
            upload = _receive(request, form.cleaned_data["return_file"])
        except SafeguardError as error:
            problem = str(error)
        else:
            if wants_json:
                return JsonResponse({"next": reverse("data:import_detail", args=[upload.id])})
            return redirect("data:import_detail", upload_id=upload.id)
    if wants_json:
        return JsonResponse({"problem": problem or form.errors["return_file"][0]}, status=400)
    uploads = Upload.objects.select_related("uploaded_by")[:50]
    return render(
        request,
        "data/imports.html",
        {"form": form, "problem": problem, "uploads": uploads, "max_bytes": settings.UPLOAD_MAX_BYTES, "too_large": too_large()},
    )


def _receive(request: SignedInRequest, uploaded) -> Upload:
    """Save, check and validate one upload, recorded as one change; nothing kept if it fails."""
    from safeguard.annex_a.validation import validate  # the validator loads only when a file arrives

    upload = Upload(id=uuid.uuid4(), original_name=(uploaded.name or "")[-255:], uploaded_by=request.user)
    folder = safeguard_home() / UPLOAD_FOLDER_NAME
    try:
        with recorded_change(request, action="upload_return", object_type=ObjectType.UPLOAD, object_id=str(upload.id)):
            upload.extension = check_claims(uploaded)
            upload.size, upload.sha256 = save(uploaded, folder, upload.stored_name)
            check_content(upload.path, upload.original_name or upload.stored_name)
            result = validate(upload.path, name=upload.original_name or None)
            findings = list(result.findings)
            report = None
            if not result.has_errors:
                with Store() as store:
                    report = store.check_plausibility(result, load_council().import_checks)
            save_findings(upload, findings, report)
            upload.errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
            upload.queries = len(findings) - upload.errors
            upload.save()
    except Exception:
        if upload.extension:
            _discard_files(upload)
        raise
    return upload


def _discard_files(upload: Upload) -> None:
    upload.path.unlink(missing_ok=True)
    findings_path(upload).unlink(missing_ok=True)


CHECKING_AN_UPLOAD = "Checking an uploaded return before deciding on it"
"""The purpose recorded when an analyst reads an upload's findings: the reading is the import
itself, so the page does not ask for one."""


def import_detail(request: SignedInRequest, upload_id: uuid.UUID) -> HttpResponse:
    """An upload's findings by sheet and kind (filtered by the GET parameters ``sheet``,
    ``severity`` and ``rule``), what differs from the last snapshot, and the decision."""
    upload = get_object_or_404(Upload.objects.select_related("uploaded_by", "decided_by"), pk=upload_id)
    findings = read_findings(upload) if upload.status == UploadStatus.CHECKED else []
    record(
        request,
        action="view_import_findings",
        object_type=ObjectType.UPLOAD,
        object_id=str(upload.id),
        purpose=CHECKING_AN_UPLOAD,
        outcome=Outcome.ALLOWED,
    )
    return render(request, "data/import_detail.html", _detail_context(request, upload, findings))


def _detail_context(
    request: SignedInRequest, upload: Upload, findings: list[Finding], *, form: DecisionForm | None = None, problem: str = ""
) -> dict:
    chosen = FindingFilter.from_query(request.GET)
    grouped, everything = overview(findings, chosen), overview(findings)
    comparison, differences = read_plausibility(upload)
    filter_query = urlencode(chosen.as_query())
    return {
        "upload": upload,
        "grouped": grouped,
        "everything": everything,
        "sheet_items": _choices("Every sheet", everything.sheet_choices, chosen.sheet),
        "severity_items": _choices(
            "Errors and queries", (("error", "Errors"), ("query", "Queries")), chosen.severity.value if chosen.severity else None
        ),
        "rule_items": _choices("Every kind", everything.rule_choices, chosen.rule),
        "per_kind": FINDINGS_PER_KIND,
        "open_groups": chosen.active or grouped.shown <= OPEN_GROUPS_UP_TO,
        "comparison": comparison,
        "differences": differences,
        "form": form,
        "problem": problem,
        "xlsx_url": reverse("data:import_findings_xlsx", args=[upload.id]) + (f"?{filter_query}" if filter_query else ""),
    }


def _choices(everything: str, choices: Iterable[tuple[str, str]], chosen: str | None) -> list[dict[str, object]]:
    """The items of a filter's select: "everything" first, then each choice, the chosen one selected."""
    everything_item: dict[str, object] = {"value": "", "text": everything}
    return [everything_item] + [{"value": value, "text": text, "selected": value == chosen} for value, text in choices]


def import_decision(request: SignedInRequest, upload_id: uuid.UUID) -> HttpResponse:
    """Accept or reject an upload (``safeguard.web.data.decisions``): one decision per upload, so
    a second person deciding at the same moment gets a 409 saying who decided first."""
    upload = get_object_or_404(Upload, pk=upload_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return redirect("data:import_detail", upload_id=upload.id)
    decision = form.cleaned_data["decision"]
    try:
        upload = decide(
            request, upload.id, decision=decision, seen_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except (AlreadyDecided, ChangedSinceChecked, NotAvailable, StaleEdit) as conflict:
        upload.refresh_from_db()
        return _decision_problem(request, upload, form, str(conflict), status=409)
    except (GovernanceError, SafeguardError) as error:
        form.add_error("reason", str(error))
        return _decision_problem(request, upload, form, str(error), status=400)
    _discard_files(upload)
    return redirect("data:snapshots") if decision == "accept" else redirect("data:imports")


def _decision_problem(request: SignedInRequest, upload: Upload, form: DecisionForm, problem: str, *, status: int) -> HttpResponse:
    return render(request, "data/import_detail.html", _detail_context(request, upload, [], form=form, problem=problem), status=status)


IMPORT_COLUMNS = (
    "upload", "file", "uploaded at", "uploaded by", "bytes", "errors", "queries", "status", "decided by", "decided at",
    "snapshot",
)
SNAPSHOT_COLUMNS = (
    "snapshot", "period start", "period end", "loaded at", "list", "title", "rows", "queries", "rows without a query",
    "file", "sha256", "loaded by", "confirmed by", "confirmation reason",
)


def imports_csv(request: SignedInRequest) -> HttpResponse:
    uploads = Upload.objects.select_related("uploaded_by", "decided_by")
    rows = (
        (
            upload.id, upload.original_name, upload.uploaded_at.isoformat(), upload.uploaded_by.username, upload.size,
            upload.errors, upload.queries, upload.get_status_display(),
            upload.decided_by.username if upload.decided_by else "",
            upload.decided_at.isoformat() if upload.decided_at else "", upload.snapshot_id,
        )
        for upload in uploads
    )
    return csv_response("imports.csv", IMPORT_COLUMNS, rows)


def import_findings_csv(request: SignedInRequest, upload_id: uuid.UUID) -> HttpResponse:
    """Every finding of an upload still waiting for a decision (the page shows the first
    FINDINGS_SHOWN); findings quote cell values, so the download is recorded like the page."""
    upload = get_object_or_404(Upload, pk=upload_id)
    findings = read_findings(upload) if upload.status == UploadStatus.CHECKED else []
    record(
        request,
        action="export_import_findings",
        object_type=ObjectType.UPLOAD,
        object_id=str(upload.id),
        purpose=CHECKING_AN_UPLOAD,
        outcome=Outcome.ALLOWED,
    )
    rows = ([finding.to_json()[name] for name in FINDING_FIELDS] for finding in findings)
    return csv_response(f"findings-{upload.id}.csv", FINDING_FIELDS, rows)


def import_findings_xlsx(request: SignedInRequest, upload_id: uuid.UUID) -> HttpResponse:
    """An upload's findings as an Excel workbook (the page's filter applies), recorded like the page."""
    upload = get_object_or_404(Upload, pk=upload_id)
    findings = read_findings(upload) if upload.status == UploadStatus.CHECKED else []
    record(
        request,
        action="export_import_findings",
        object_type=ObjectType.UPLOAD,
        object_id=str(upload.id),
        purpose=CHECKING_AN_UPLOAD,
        outcome=Outcome.ALLOWED,
    )
    buffer = io.BytesIO()
    write_findings_workbook(findings, buffer, FindingFilter.from_query(request.GET))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="findings-{upload.id}.xlsx"'
    return response


def snapshots(request: SignedInRequest) -> HttpResponse:
    try:
        summaries = all_snapshots(exact=True)
        problem = None
    except SafeguardError as error:
        summaries, problem = [], str(error)
    can_see_rows = Permission.SEE_CHILD_LEVEL in permissions_of(request.user.roles)
    return render(
        request, "data/snapshots.html", {"summaries": summaries, "problem": problem, "can_see_rows": can_see_rows}
    )


def snapshots_csv(request: SignedInRequest) -> HttpResponse:
    rows = [
        (
            summary.id, summary.period_start.isoformat(), summary.period_end.isoformat(), summary.loaded_at.isoformat(),
            item.number, item.title, item.rows, item.queries, item.rows_without_query,
            summary.source_name, summary.sha256, summary.loaded_by,
            summary.confirmation.confirmed_by if summary.confirmation else "",
            summary.confirmation.reason if summary.confirmation else "",
        )
        for summary in all_snapshots(exact=True)
        for item in summary.lists
    ]
    return csv_response("snapshots.csv", SNAPSHOT_COLUMNS, rows)


def _purpose_scope(snapshot_id: str, list_key: str) -> str:
    return f"{snapshot_id}/{list_key}"


def current_purpose(request: SignedInRequest, scope: str) -> str | None:
    """The purpose stated for this list in this session, while it is fresh."""
    stated = request.session.get(PURPOSES_KEY, {}).get(scope)
    if not stated or time.time() - stated["at"] > PURPOSE_SECONDS:
        return None
    return stated["purpose"]


def _list_of(store: Store, snapshot_id: str, list_key: str) -> tuple[Snapshot, AnnexAList]:
    try:
        annex_list = list_by_key(list_key)
    except KeyError as error:
        raise Http404("No such list") from error
    try:
        return store.get(snapshot_id), annex_list
    except SafeguardError as error:
        raise Http404("No such snapshot") from error


def list_rows(request: SignedInRequest, snapshot_id: str, list_key: str) -> HttpResponse:
    with Store() as store:
        snapshot, annex_list = _list_of(store, snapshot_id, list_key)
        scope = _purpose_scope(snapshot.id, annex_list.key)
        form = PurposeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            purposes = request.session.get(PURPOSES_KEY, {})
            purposes[scope] = {"purpose": form.statement(), "at": time.time()}
            request.session[PURPOSES_KEY] = purposes
            return redirect("data:list_rows", snapshot_id=snapshot.id, list_key=annex_list.key)
        purpose = current_purpose(request, scope) if request.method == "GET" else None
        context = {"snapshot": snapshot, "annex_list": annex_list}
        if purpose is None:
            return render(request, "data/purpose.html", {**context, "form": form, "purposes": PURPOSES})
        table = store.table(snapshot.id, annex_list.key)
    page = Paginator(range(table.num_rows), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = table.slice(page.start_index() - 1, len(page.object_list)).to_pylist() if table.num_rows else []
    record(
        request,
        action="view_list_rows",
        object_type=ObjectType.SNAPSHOT_LIST,
        object_id=scope,
        purpose=purpose,
        outcome=Outcome.ALLOWED,
        children=(row[annex_list.entity_id] for row in rows),
    )
    columns = [(column.key, column.header) for column in annex_list.columns]
    return render(
        request,
        "data/rows.html",
        {**context, "purpose": purpose, "page": page, "rows": rows, "columns": columns, "total": table.num_rows},
    )


def list_rows_csv(request: SignedInRequest, snapshot_id: str, list_key: str) -> HttpResponse:
    """Every row of one list of a snapshot, for the purpose stated on its page (asked for first
    when none is fresh), recorded as an export with that purpose."""
    with Store() as store:
        snapshot, annex_list = _list_of(store, snapshot_id, list_key)
        scope = _purpose_scope(snapshot.id, annex_list.key)
        purpose = current_purpose(request, scope)
        if purpose is None:
            return redirect("data:list_rows", snapshot_id=snapshot.id, list_key=annex_list.key)
        table = store.table(snapshot.id, annex_list.key)
    record(
        request,
        action="export_list_rows",
        object_type=ObjectType.SNAPSHOT_LIST,
        object_id=scope,
        purpose=purpose,
        outcome=Outcome.ALLOWED,
        children=table.column(annex_list.entity_id).to_pylist(),
    )
    keys = [column.key for column in annex_list.columns]
    rows = ([row.get(key) for key in keys] for row in table.to_pylist())
    return csv_response(
        f"{snapshot.id}-{annex_list.key}.csv", [column.header for column in annex_list.columns], rows
    )
