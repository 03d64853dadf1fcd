"""Imports and snapshots through the web pages: upload checks, row-level findings, accept or
reject, and the child-level rows with their stated purpose."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from workbooks import CHILD_IDS, annex_a_workbook

from safeguard.snapshots import Store
from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.data.models import Upload, UploadStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, path: Path, name: str | None = None, content_type: str = XLSX_TYPE):
    document = SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=content_type)
    return client.post(reverse("data:imports"), {"return_file": document})


def test_a_clean_return_is_checked_shown_and_accepted_as_a_snapshot(client_as, workbook, store_home):
    client = client_as(Role.ANALYST, username="analyst")
    response = upload(client, workbook)
    item = Upload.objects.get()
    assert response["Location"] == reverse("data:import_detail", args=[item.id])
    assert (item.errors, item.queries, item.original_name) == (0, 3, "Annex A return.xlsx")
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "List 7, cell G2" in text and "Accept as a new snapshot" in text
    assert page["Cache-Control"] == "no-store, private"
    decided = client.post(reverse("data:import_decision", args=[item.id]), {"decision": "accept"})
    assert decided["Location"] == reverse("data:snapshots")
    item.refresh_from_db()
    assert item.status == UploadStatus.ACCEPTED and item.decided_by.username == "analyst"
    with Store(store_home) as store:
        snapshots = store.list()
    assert [snapshot.id for snapshot in snapshots] == [item.snapshot_id]
    assert snapshots[0].loaded_by == "analyst"
    assert not item.path.exists(), "the uploaded copy goes once it is in the store"
    actions = list(AccessRecord.objects.order_by("id").values_list("action", "outcome"))
    assert actions == [
        ("upload_return", "succeeded"), ("view_import_findings", "allowed"), ("accept_import", "succeeded"),
    ]


def test_a_return_with_errors_shows_them_row_by_row_and_cannot_be_accepted(client_as, tmp_path, store_home):
    broken = annex_a_workbook(tmp_path / "broken.xlsx", blank_required=("referrals", "referral_date"))
    client = client_as(Role.ANALYST)
    upload(client, broken)
    item = Upload.objects.get()
    assert item.errors == 3
    text = client.get(reverse("data:import_detail", args=[item.id])).content.decode()
    for row in (2, 3, 4):
        assert f"List 3, cell F{row}" in text
    assert "Accept as a new snapshot" not in text
    client.post(reverse("data:import_decision", args=[item.id]), {"decision": "accept"})
    item.refresh_from_db()
    assert item.status == UploadStatus.CHECKED
    with Store(store_home) as store:
        assert store.list() == []
    client.post(reverse("data:import_decision", args=[item.id]), {"decision": "reject"})
    item.refresh_from_db()
    assert item.status == UploadStatus.REJECTED and not item.path.exists()


def test_the_name_the_browser_gives_is_never_used_as_a_path(client_as, workbook, store_home):
    client = client_as(Role.ANALYST)
    upload(client, workbook, name="../../../etc/cron.d/evil.xlsx")
    item = Upload.objects.get()
    assert item.original_name == "evil.xlsx", "kept only as text to show back"
    stored = list((store_home / "uploads").iterdir())
    assert {path.name for path in stored} == {f"{item.id}.xlsx", f"{item.id}.findings.json"}
    assert not (store_home.parent / "etc").exists()


def _zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("return.csv", b"Child Unique ID\nCH1\n", "text/csv", "must be an Excel workbook"),
        ("return.xlsx", b"Child Unique ID,Gender\nCH1,a\n", XLSX_TYPE, "not an Excel workbook"),
        ("return.xlsx", _zip_bytes({"word/document.xml": b"<w/>"}), XLSX_TYPE, "not an Excel workbook"),
        ("return.xlsx", _zip_bytes({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>",
                                    "xl/worksheets/sheet1.xml": b"0" * 5_000_000}), XLSX_TYPE, "unpack"),
        ("return.xlsx", b"PK\x03\x04 not really", "image/png", "says it is image/png"),
        ("return.xlsx", b"", XLSX_TYPE, "The file is empty"),
    ],
    ids=["csv", "text-named-xlsx", "word-document", "zip-bomb", "claimed-type", "empty"],
)
def test_uploads_that_are_not_workbooks_are_refused_and_leave_nothing(client_as, store_home, name, content, content_type, message):
    client = client_as(Role.ANALYST)
    response = client.post(reverse("data:imports"), {"return_file": SimpleUploadedFile(name, content, content_type)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Upload.objects.exists()
    assert not any((store_home / "uploads").glob("*")) if (store_home / "uploads").exists() else True


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_an_upload_over_the_size_limit_is_refused(client_as, workbook):
    response = upload(client_as(Role.ANALYST), workbook)
    assert "larger than the 0 MB limit" in response.content.decode() or "larger than" in response.content.decode()
    assert not Upload.objects.exists()
    assert AccessRecord.objects.filter(action="upload_return", outcome=Outcome.FAILED).count() == 1


def test_child_rows_ask_for_a_purpose_first_and_show_nothing_until_given(client_as, snapshot_id):
    client = client_as(Role.DCS)
    url = reverse("data:list_rows", args=[snapshot_id, "referrals"])
    first = client.get(url)
    assert first.status_code == 200 and "Why do you need to see" in first.content.decode()
    assert not any(child in first.content.decode() for child in CHILD_IDS)
    missing_detail = client.post(url, {"purpose": "other", "detail": ""})
    assert "Describe the purpose" in missing_detail.content.decode()
    client.post(url, {"purpose": "other", "detail": "Checking a board question on re-referrals"})
    page = client.get(url)
    text = page.content.decode()
    assert all(child in text for child in CHILD_IDS)
    assert page["Cache-Control"] == "no-store, private"
    assert AccessRecord.objects.get(action="view_list_rows").purpose == (
        "Another purpose: Checking a board question on re-referrals"
    )


def test_a_purpose_expires_after_thirty_minutes(client_as, snapshot_id):
    import time_machine

    with time_machine.travel("2026-04-01 10:00:00+00:00", tick=False) as traveller:
        client = client_as(Role.ANALYST)
        url = reverse("data:list_rows", args=[snapshot_id, "contacts"])
        client.post(url, {"purpose": "data_quality"})
        traveller.shift(29 * 60)
        assert CHILD_IDS[0] in client.get(url).content.decode()
        traveller.shift(2 * 60)
        assert CHILD_IDS[0] not in client.get(url).content.decode()


def test_unknown_snapshot_or_list_is_not_found(client_as, snapshot_id):
    client = client_as(Role.ANALYST)
    assert client.get(reverse("data:list_rows", args=["20990101-deadbeef", "referrals"])).status_code == 404
    assert client.get(reverse("data:list_rows", args=[snapshot_id, "no_such_list"])).status_code == 404


def list_rows_of(page: str) -> dict[int, tuple[str, str]]:
    """Each list's (rows, queries) cells from a data-confidence table, by list number."""
    found = re.findall(
        r'(\d+)\. [^<]+(?:</a>)?\s*</th>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>', page
    )
    return {int(number): (rows.strip(), queries.strip()) for number, rows, queries in found}


def test_snapshots_page_shows_exact_rows_and_queries_per_list(client_as, snapshot_id):
    text = client_as(Role.ANALYST).get(reverse("data:snapshots")).content.decode()
    assert snapshot_id in text
    cells = list_rows_of(text)
    assert set(cells) == set(range(1, 12))
    assert cells[3] == ("3", "0")
    assert cells[7] == ("3", "3"), "the three plans without a conference on list 5"
    assert reverse("data:list_rows", args=[snapshot_id, "referrals"]) in text


# Findings an analyst can work through: by sheet and kind, filtered, downloaded as a workbook


def findings_page(client, item, **query) -> str:
    response = client.get(reverse("data:import_detail", args=[item.id]), query)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    return response.content.decode()


def group_headings(text: str) -> list[str]:
    """The summary line of each collapsible group of findings, in page order."""
    return [" ".join(found.split()) for found in re.findall(r'<span class="govuk-details__summary-text">([^<]+)</span>', text)]


def test_findings_come_by_sheet_and_kind_in_plain_words_and_filter_by_get_parameters(client_as, tmp_path, store_home):
    broken = annex_a_workbook(tmp_path / "broken.xlsx", blank_required=("referrals", "referral_date"))
    client = client_as(Role.ANALYST)
    upload(client, broken)
    item = Upload.objects.get()
    text = findings_page(client, item)
    assert group_headings(text) == [
        "List 3: Referrals: 3 errors, 0 queries",
        "List 7: Children subject to a child protection plan: 0 errors, 3 queries",
    ]
    assert "A required field is blank (3)" in text and "error, rule required" in text
    assert text.index("A required field is blank") < text.index("rule required"), "the words first, the id after"
    assert '<details class="govuk-details app-findings-group" open>' in text, "six findings: every group starts open"
    only_queries = findings_page(client, item, severity="query")
    assert group_headings(only_queries) == ["List 7: Children subject to a child protection plan: 0 errors, 3 queries"]
    assert "3 findings match the filter, of 6." in only_queries
    only_referrals = findings_page(client, item, sheet="referrals", rule="required")
    assert group_headings(only_referrals) == ["List 3: Referrals: 3 errors, 0 queries"]
    for row in (2, 3, 4):
        assert f"List 3, cell F{row}" in only_referrals
    assert "List 7, cell G2" not in only_referrals
    assert f'href="{reverse("data:import_findings_xlsx", args=[item.id])}?sheet=referrals&amp;rule=required"' in only_referrals
    assert group_headings(findings_page(client, item, severity="nonsense")) == group_headings(text), "ignored, not refused"


def test_many_findings_start_collapsed(client_as, tmp_path, store_home):
    """40 findings (20 blank dates of referral, 20 plans without a conference): over the 30 that open every group."""
    many = annex_a_workbook(tmp_path / "many.xlsx", rows=20, blank_required=("referrals", "referral_date"))
    client = client_as(Role.ANALYST)
    upload(client, many)
    text = findings_page(client, Upload.objects.get())
    assert '<details class="govuk-details app-findings-group">' in text and " open>" not in text.split("findings-groups")[1]


def read_workbook(content: bytes) -> dict[str, list[list[object]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_the_findings_download_is_a_workbook_with_cell_references_and_the_page_s_filter(client_as, tmp_path, store_home):
    broken = annex_a_workbook(tmp_path / "broken.xlsx", blank_required=("referrals", "referral_date"))
    client = client_as(Role.ANALYST)
    upload(client, broken)
    item = Upload.objects.get()
    response = client.get(reverse("data:import_findings_xlsx", args=[item.id]), {"sheet": "referrals"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="findings-{item.id}.xlsx"'
    sheets = read_workbook(response.content)
    header, *rows = sheets["Findings"]
    assert header[:4] == ["Severity", "Sheet", "Cell", "Row"]
    assert [(row[0], row[1], row[2], row[3], row[7], row[8]) for row in rows] == [
        ("error", "List 3", f"F{number}", float(number), "A required field is blank", "required") for number in (2, 3, 4)
    ]
    assert ["List 3: Referrals", "", 3.0, 0.0, 3.0, ""] in sheets["Summary"]
    assert AccessRecord.objects.filter(action="export_import_findings", object_id=str(item.id)).count() == 1


def test_values_from_the_file_cannot_run_as_formulas_in_the_download(client_as, workbook, store_home):
    client = client_as(Role.ANALYST)
    upload(client, workbook)
    item = Upload.objects.get()
    document = json.loads(item.path.with_suffix(".findings.json").read_text(encoding="utf-8"))
    for finding, value in zip(document["findings"], ['=HYPERLINK("http://evil.example")', "+1", "@SUM(A1)"], strict=False):
        finding["value"] = value
    item.path.with_suffix(".findings.json").write_text(json.dumps(document), encoding="utf-8")
    _, *rows = read_workbook(client.get(reverse("data:import_findings_xlsx", args=[item.id])).content)["Findings"]
    assert sorted(row[5] for row in rows) == sorted(["'=HYPERLINK(\"http://evil.example\")", "'+1", "'@SUM(A1)"])


# Plausibility: a return that does not look like the last one waits for a reason


def previous_snapshot(home: Path, rows: int = 40) -> str:
    """A hand-built snapshot of a year to the end of 2024 with ``rows`` plus the list's number
    rows a list: 41 contacts, 43 referrals... (snapshot_support.annex_a_tables)."""
    from datetime import date

    from snapshot_support import CheckedReturn, annex_a_tables

    with Store(home) as store:
        return store.commit(
            CheckedReturn(
                tables=annex_a_tables(rows, seed=5),
                period_start=date(2024, 1, 1),
                period_end=date(2024, 12, 31),
                source_name="Annex A December 2024.xlsx",
                sha256="dec2024a" + "0" * 56,
            ),
            loaded_by="Priya Shah",
        ).snapshot.id


def test_a_collapsed_return_is_stopped_until_a_reason_is_given_and_the_snapshot_keeps_it(client_as, workbook, store_home):
    previous = previous_snapshot(store_home)
    client = client_as(Role.ANALYST, username="analyst")
    upload(client, workbook)
    item = Upload.objects.get()
    text = findings_page(client, item)
    # 3 contacts against 41: (3 - 41) / 41 = -92.7%; 3 referrals against 43: -93.0%.
    assert "List 1 (Contacts) has 3 rows, 93% fewer than the 41 in snapshot " + previous in text
    assert "List 3 (Referrals) has 3 rows, 93% fewer than the 43 in snapshot " + previous in text
    assert "Confirm and accept as a new snapshot" in text and "Why is this return right?" in text
    decision = reverse("data:import_decision", args=[item.id])

    refused = client.post(decision, {"decision": "accept", "reason": "   "})
    assert refused.status_code == 400
    assert "Say why this return is right, although it differs from the last snapshot" in refused.content.decode()
    item.refresh_from_db()
    assert item.status == UploadStatus.CHECKED and item.path.exists()
    with Store(store_home) as store:
        assert [snapshot.id for snapshot in store.list()] == [previous]
    assert AccessRecord.objects.filter(action="accept_import").values_list("outcome", flat=True)[0] == Outcome.FAILED

    reason = "The new case system went live in January: most contacts are still in the old one."
    accepted = client.post(decision, {"decision": "accept", "reason": reason})
    assert accepted["Location"] == reverse("data:snapshots")
    item.refresh_from_db()
    with Store(store_home) as store:
        snapshot = store.get(item.snapshot_id)
        metadata = json.loads((store.snapshots_folder / snapshot.id / "snapshot.json").read_text(encoding="utf-8"))
    assert snapshot.source_name == "Annex A return.xlsx", "the person's name for the file, not the upload's"
    assert snapshot.sha256 == item.sha256
    assert metadata["source_name"] == "Annex A return.xlsx" and metadata["sha256"] == item.sha256
    given = metadata["confirmation"]
    assert (given["reason"], given["confirmed_by"], given["compared_with"]) == (reason, "analyst", previous)
    assert given["confirmed_at"] == metadata["loaded_at"]
    assert "List 1 (Contacts) has 3 rows, 93% fewer than the 41 in snapshot " + previous + "." in given["findings"]
    assert snapshot.confirmation is not None and snapshot.confirmation.reason == reason, "the catalogue holds it too"
    page = client.get(reverse("data:snapshots")).content.decode()
    assert "Annex A return.xlsx" in page and item.sha256 in page
    assert "By analyst on " in page and reason in page


def test_a_return_like_the_last_one_needs_no_reason(client_as, workbook, store_home, tmp_path):
    previous_snapshot(store_home, rows=1)
    client = client_as(Role.ANALYST)
    upload(client, workbook)
    item = Upload.objects.get()
    text = findings_page(client, item)
    assert "Nothing differs beyond the council's limits." in text and "Why is this return right?" not in text
    client.post(reverse("data:import_decision", args=[item.id]), {"decision": "accept"})
    item.refresh_from_db()
    assert item.status == UploadStatus.ACCEPTED
    with Store(store_home) as store:
        assert store.get(item.snapshot_id).confirmation is None


def test_differences_that_appear_after_the_check_are_shown_before_anything_is_kept(client_as, workbook, store_home):
    """Another return accepted between the check and the decision changes what this one is
    compared with: the decision is refused, the new differences shown, and nothing kept."""
    client = client_as(Role.ANALYST)
    upload(client, workbook)
    item = Upload.objects.get()
    assert "Accept as a new snapshot" in findings_page(client, item), "nothing to compare with yet"
    previous = previous_snapshot(store_home)
    refused = client.post(reverse("data:import_decision", args=[item.id]), {"decision": "accept"})
    text = refused.content.decode()
    assert refused.status_code == 409 and "The store has changed since this return was checked" in text
    assert f"List 1 (Contacts) has 3 rows, 93% fewer than the 41 in snapshot {previous}." in text
    with Store(store_home) as store:
        assert [snapshot.id for snapshot in store.list()] == [previous]
    client.post(reverse("data:import_decision", args=[item.id]), {"decision": "accept", "reason": "A new case system."})
    item.refresh_from_db()
    assert item.status == UploadStatus.ACCEPTED
