"""The inspection data bank: Annex A from the latest snapshot that ``safeguard import`` reads back
to the same records, the self-evaluation, plan and audit results beside it, a manifest whose
hashes match, and only for roles with child-level access, every issue logged with its children."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from safeguard.annex_a.spec import LISTS
from safeguard.cli import run
from safeguard.errors import SafeguardError
from safeguard.governance.plan import services as plan
from safeguard.governance.self_evaluation import services as self_evaluation
from safeguard.packs.issuing import produce
from safeguard.packs.models import IssuedPack
from safeguard.roles import Role
from safeguard.snapshots import Store

pytestmark = pytest.mark.django_db

DUE = date(2025, 3, 20)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _children_of(home: Path, snapshot_id: str) -> set[str]:
    with Store(home) as store:
        return {
            child for annex_list in LISTS if annex_list.entity_id == "child_id"
            for child in store.table(snapshot_id, annex_list.key).column("child_id").to_pylist() if child
        }


def test_annex_a_in_the_data_bank_imports_back_to_the_same_records(synthetic_council, tmp_path, monkeypatch, capsys):
    issued = produce("inspection-data-bank", period=None, output_format="zip", by_name="test")
    members = _members(issued.data)
    [workbook_name] = [name for name in members if name.startswith("annex-a/")]
    with Store(synthetic_council.home) as store:
        latest = store.get("latest")
    assert workbook_name == f"annex-a/Annex_A_{latest.period_start:%Y-%m-%d}_to_{latest.period_end:%Y-%m-%d}.xlsx"
    workbook = tmp_path / Path(workbook_name).name
    workbook.write_bytes(members[workbook_name])

    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("SAFEGUARD_HOME", str(elsewhere))
    assert run(["import", str(workbook)]) == 0, capsys.readouterr().err
    with Store(elsewhere) as copy, Store(synthetic_council.home) as original:
        [again] = copy.list()
        assert (again.period_start, again.period_end, again.row_counts) == (latest.period_start, latest.period_end, latest.row_counts)
        for annex_list in LISTS:
            before = original.table(latest.id, annex_list.key).sort_by("source_row")
            after = copy.table(again.id, annex_list.key).sort_by("source_row")
            assert after.drop(["source_row"]).equals(before.drop(["source_row"])), annex_list.key


def test_the_manifest_holds_every_file_s_hash_and_the_records_are_beside_annex_a(synthetic_council, make_person):
    director, analyst = make_person(Role.DCS), make_person(Role.ANALYST)
    plan.raise_action(by=analyst, title="Cut re-referrals back to England's level", source="data", factor="outcomes",
                      owner=director, due=DUE, raised_on=date(2025, 3, 1))
    evaluation = self_evaluation.start_evaluation(by=analyst, title="Self-evaluation, spring", today=DUE)
    issued = produce("inspection-data-bank", period=None, output_format="zip", by=director, by_name=director.display_name)
    members = _members(issued.data)
    manifest = json.loads(members.pop("manifest.json"))
    assert {entry["name"]: (entry["bytes"], entry["sha256"]) for entry in manifest["members"]} == {
        name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in members.items()
    }
    assert {"improvement-plan.csv", "case-audit-results.csv", "self-evaluation.docx", "inspection-data-bank.html"} <= set(members)
    [action] = list(csv.DictReader(io.StringIO(members["improvement-plan.csv"].decode("utf-8-sig"))))
    assert action["title"] == "Cut re-referrals back to England's level" and action["source"] == "data"
    cover = members["inspection-data-bank.html"].decode()
    assert evaluation.title in cover and "OFFICIAL-SENSITIVE" in cover
    with Store(synthetic_council.home) as store:
        latest = store.get("latest")
    for label, count in ((f"List {item.number}: {item.title}", latest.row_counts[item.key]) for item in LISTS):
        assert f'<th scope="row">{label}</th><td class="number">{count:,}</td>' in cover
    assert IssuedPack.objects.get().children == sorted(_children_of(synthetic_council.home, latest.id))


def test_only_roles_with_child_level_access_have_it_and_each_issue_names_its_children(synthetic_council, client_as):
    from safeguard.web.audit.models import AccessRecord, Outcome

    refused = client_as(Role.LEAD_MEMBER).post(reverse("packs:packs"), {"pack": "inspection-data-bank", "format": "zip"})
    assert refused.status_code == 403 and "Your roles do not allow you to have the Inspection data bank" in refused.content.decode()
    [refusal] = AccessRecord.objects.filter(action="produce_pack")
    assert (refusal.outcome, refusal.object_id) == (Outcome.REFUSED, "pack:inspection-data-bank")
    assert not IssuedPack.objects.exists()

    analyst = client_as(Role.ANALYST)
    response = analyst.post(reverse("packs:packs"), {"pack": "inspection-data-bank", "format": "zip"})
    assert response.status_code == 302
    issued = IssuedPack.objects.get()
    produced = AccessRecord.objects.get(action="produce_pack", outcome=Outcome.SUCCEEDED)
    assert sorted(produced.children.values_list("child_id", flat=True)) == issued.children and issued.children
    download = analyst.get(response["Location"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    fetched = AccessRecord.objects.get(action="download_pack")
    assert fetched.purpose and fetched.children.count() == len(issued.children)


def test_the_command_line_writes_it_and_logs_the_children(synthetic_council, make_person, tmp_path, capsys):
    from safeguard.web.audit.models import AccessRecord

    director = make_person(Role.DCS, username="director")
    out = tmp_path / "bank.zip"
    assert run(["pack", "inspection-data-bank", "--as", "director", "--format", "zip", "--out", str(out)]) == 0, capsys.readouterr().err
    issued = IssuedPack.objects.get()
    assert issued.issued_by == director and issued.issued_by_name.startswith("Test Person (director, command line: ")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == issued.sha256
    entry = AccessRecord.objects.get(action="produce_pack")
    assert entry.route == "command:safeguard pack" and entry.children.count() == len(issued.children) > 0


def test_it_comes_only_as_a_zip_and_writes_nothing_otherwise(synthetic_council, make_person, tmp_path, capsys):
    with pytest.raises(SafeguardError, match="comes as zip, not 'pdf'"):
        produce("inspection-data-bank", period=None, output_format="pdf", by_name="test")
    make_person(Role.ANALYST, username="analyst")
    out = tmp_path / "bank.pdf"
    assert run(["pack", "inspection-data-bank", "--as", "analyst", "--format", "pdf", "--out", str(out)]) == 1
    assert "comes as zip" in capsys.readouterr().err
    assert not out.exists() and not IssuedPack.objects.exists()


def test_produced_again_on_the_same_day_it_is_the_same_zip_byte_for_byte(synthetic_council, make_person, tmp_path, capsys):
    from datetime import UTC, datetime

    analyst = make_person(Role.ANALYST, username="analyst")
    self_evaluation.start_evaluation(by=analyst, title="Self-evaluation, spring", today=DUE)
    morning = produce("inspection-data-bank", period=None, output_format="zip", by_name="test", at=datetime.now(UTC))
    evening = produce("inspection-data-bank", period=None, output_format="zip", by_name="test",
                      at=morning.record.issued_at.replace(hour=23, minute=59, second=59))
    assert morning.data == evening.data and morning.record.sha256 == evening.record.sha256
    with zipfile.ZipFile(io.BytesIO(morning.data)) as archive:
        assert {member.date_time for member in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        with zipfile.ZipFile(io.BytesIO(archive.read("self-evaluation.docx"))) as document:
            assert {part.date_time for part in document.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        cover = archive.read("inspection-data-bank.html").decode()
    assert f"Produced by Safeguard on {morning.record.issued_at:%-d %B %Y}," in cover and "23:59" not in cover

    out = tmp_path / "bank.zip"
    out.write_bytes(evening.data)
    assert run(["packs", "verify", str(out), "--reproduce"]) == 0, capsys.readouterr().err
    said = " ".join(capsys.readouterr().out.split())
    assert f"is issue number {morning.record.pk}, exactly as issued" in said
    assert f"It was produced again, byte for byte, as issue {evening.record.pk}." in said
    assert "Made again from the store, " in said and "comes out byte for byte the same" in said


def test_made_again_after_the_plan_changed_it_is_the_same_zip_with_the_plan_as_it_stood(synthetic_council, make_person, tmp_path, capsys):
    director, analyst = make_person(Role.DCS), make_person(Role.ANALYST)
    issued = produce("inspection-data-bank", period=None, output_format="zip", by_name="test")
    plan.raise_action(by=analyst, title="Cut re-referrals back to England's level", source="data", factor="outcomes",
                      owner=director, due=DUE, raised_on=date(2025, 3, 1))
    out = tmp_path / "bank.zip"
    out.write_bytes(issued.data)
    assert run(["packs", "verify", str(out), "--reproduce"]) == 0, capsys.readouterr().err
    assert "comes out byte for byte the same" in " ".join(capsys.readouterr().out.split())
    with zipfile.ZipFile(io.BytesIO(issued.data)) as archive:
        assert b"Cut re-referrals" not in archive.read("improvement-plan.csv")
    remade = produce("inspection-data-bank", period=None, output_format="zip", by_name="test")
    with zipfile.ZipFile(io.BytesIO(remade.data)) as archive:
        assert b"Cut re-referrals back to England's level" in archive.read("improvement-plan.csv")
