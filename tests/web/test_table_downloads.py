"""Every table page offers its table as CSV (issue 4, point 3): snapshots, imports, an import's
findings, a list's rows, the access log and the users. Child-level downloads ask for the same
purpose as their page and are recorded once each; the rest carry the same cells as the page.
Also the upload form's JSON answers, which let the page show the upload's progress."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from test_data_pages import XLSX_TYPE, list_rows_of, upload
from workbooks import BIRTH_DATES, CHILD_IDS, annex_a_workbook

from safeguard.web.access.policy import ROUTES, Role
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.data.models import Upload


def table_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_every_table_page_links_its_download(client_as, snapshot_id, workbook):
    analyst = client_as(Role.DCS, Role.ANALYST, Role.ADMINISTRATOR)
    upload(analyst, workbook)
    item = Upload.objects.get()
    analyst.post(reverse("data:list_rows", args=[snapshot_id, "referrals"]), {"purpose": "data_quality"})
    pages = {
        reverse("data:snapshots"): reverse("data:snapshots_csv"),
        reverse("data:imports"): reverse("data:imports_csv"),
        reverse("data:import_detail", args=[item.id]): reverse("data:import_findings_csv", args=[item.id]),
        reverse("data:list_rows", args=[snapshot_id, "referrals"]): reverse("data:list_rows_csv", args=[snapshot_id, "referrals"]),
        reverse("audit:log"): reverse("audit:log_csv"),
        reverse("accounts:users"): reverse("accounts:users_csv"),
    }
    for page, download in pages.items():
        assert f'href="{download}"' in analyst.get(page).content.decode(), page


def test_the_snapshots_download_holds_the_page_s_cells(client_as, snapshot_id):
    client = client_as(Role.ANALYST)
    page = list_rows_of(client.get(reverse("data:snapshots")).content.decode())
    header, *rows = table_of(client.get(reverse("data:snapshots_csv")))
    assert header == ["snapshot", "period start", "period end", "loaded at", "list", "title", "rows", "queries",
                      "rows without a query", "file", "sha256", "loaded by", "confirmed by", "confirmation reason"]
    assert {row[9] for row in rows} == {"return.xlsx"} and {row[11] for row in rows} == {"fixture"}
    assert len(rows) == 11 and {row[0] for row in rows} == {snapshot_id}
    assert {int(row[4]): (row[6], row[7]) for row in rows} == page
    assert rows[6][8] == "0.0%" and rows[2][8] == "100.0%"


def test_an_import_s_findings_download_holds_every_finding_and_is_recorded(client_as, workbook):
    client = client_as(Role.ANALYST)
    upload(client, workbook)
    item = Upload.objects.get()
    header, *rows = table_of(client.get(reverse("data:import_findings_csv", args=[item.id])))
    assert header[:3] == ["severity", "rule", "file"]
    assert len(rows) == item.queries == 3 and {row[0] for row in rows} == {"query"}
    assert AccessRecord.objects.filter(action="export_import_findings", object_id=str(item.id)).count() == 1
    assert ROUTES["data:import_findings_csv"].child_level
    uploads = table_of(client.get(reverse("data:imports_csv")))
    assert uploads[1][1:3] == ["Annex A return.xlsx", item.uploaded_at.isoformat()]


def test_a_list_s_rows_download_needs_the_purpose_and_records_it_once(client_as, snapshot_id):
    client = client_as(Role.DCS)
    download = reverse("data:list_rows_csv", args=[snapshot_id, "referrals"])
    first = client.get(download)
    assert first.status_code == 302 and first["Location"] == reverse("data:list_rows", args=[snapshot_id, "referrals"])
    assert not AccessRecord.objects.filter(action="export_list_rows").exists()
    client.post(first["Location"], {"purpose": "case_audit"})
    response = client.get(download)
    header, *rows = table_of(response)
    assert response["Cache-Control"] == "no-store, private"
    assert header[0] == "Child Unique ID" and sorted(row[0] for row in rows) == sorted(CHILD_IDS)
    assert BIRTH_DATES[0].isoformat() in response.content.decode()
    [entry] = AccessRecord.objects.filter(action="export_list_rows")
    assert (entry.object_id, entry.purpose, entry.outcome) == (f"{snapshot_id}/referrals", "Preparing a case audit", "allowed")


def test_the_access_log_download_follows_the_filters_and_is_recorded(client_as):
    client_as(Role.LEAD_MEMBER).get(reverse("audit:log"))  # one refusal
    director = client_as(Role.DCS, username="director")
    header, *rows = table_of(director.get(reverse("audit:log_csv") + "?outcome=refused"))
    assert header[:4] == ["when (UTC)", "username", "role", "action"]
    assert [row[7] for row in rows] == ["Refused"]
    page = director.get(reverse("audit:log") + "?outcome=refused").content.decode()
    assert page.count('<tr class="govuk-table__row">') == 1 + len(rows)
    exports = AccessRecord.objects.filter(action="export_audit_log", username="director")
    assert [(entry.object_id, entry.outcome) for entry in exports] == [("outcome=refused", Outcome.ALLOWED)]


def test_the_users_download_lists_everyone_with_their_roles(client_as, make_person):
    make_person(Role.DCS, Role.ADMINISTRATOR, username="dual.role")
    header, *rows = table_of(client_as(Role.ADMINISTRATOR, username="admin").get(reverse("accounts:users_csv")))
    assert header == ["username", "name", "roles", "status", "last signed in"]
    by_name = {row[0]: row for row in rows}
    assert by_name["dual.role"][2:4] == ["Director of Children's Services; Administrator", "Active"]
    assert set(by_name) == {"admin", "dual.role"}


def test_the_upload_form_answers_the_page_s_script_in_json(client_as, tmp_path):
    client = client_as(Role.ANALYST)
    document = SimpleUploadedFile("return.xlsx", annex_a_workbook(tmp_path / "r.xlsx").read_bytes(), XLSX_TYPE)
    answer = client.post(reverse("data:imports"), {"return_file": document}, HTTP_ACCEPT="application/json")
    item = Upload.objects.get()
    assert answer.status_code == 200 and answer.json() == {"next": reverse("data:import_detail", args=[item.id])}
    refused = client.post(
        reverse("data:imports"),
        {"return_file": SimpleUploadedFile("return.csv", b"Child Unique ID\n", "text/csv")},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 400 and "must be an Excel workbook" in refused.json()["problem"]
    empty = client.post(reverse("data:imports"), {}, HTTP_ACCEPT="application/json")
    assert empty.status_code == 400 and empty.json() == {"problem": "Choose an Annex A file to upload"}
    assert Upload.objects.count() == 1
    outcomes = AccessRecord.objects.filter(action="upload_return").order_by("id").values_list("outcome", flat=True)
    assert list(outcomes) == [Outcome.SUCCEEDED, Outcome.FAILED]
