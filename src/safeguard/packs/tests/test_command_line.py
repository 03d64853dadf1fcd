"""Packs on the command line: ``safeguard packs verify`` names the issue a file is an exact copy
of, refuses a changed file, and for a zip checks every member against the manifest; producing a
pack reports its progress to the command line's bar, in order, to the end; a bad request is
refused with a plain message and nothing written."""

from __future__ import annotations

import io
import zipfile

import pytest

from safeguard.cli import run
from safeguard.packs.issuing import produce
from safeguard.packs.models import IssuedPack
from safeguard.packs.rendering import manifest_problems, render_zip
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def test_an_issued_pack_is_recognised_and_a_changed_one_is_not(synthetic_council, make_person, tmp_path, capsys):
    make_person(Role.LEAD_MEMBER, username="member")
    out = tmp_path / "briefing.html"
    assert run(["pack", "lead-member-briefing", "--as", "member", "--format", "html", "--out", str(out)]) == 0
    capsys.readouterr()
    assert run(["packs", "verify", str(out)]) == 0
    said = " ".join(capsys.readouterr().out.split())
    issued = IssuedPack.objects.get()
    assert f"is issue number {issued.pk}, exactly as issued" in said and "lead-member-briefing" in said
    out.write_bytes(out.read_bytes().replace(b"</body>", b"<p>added later</p></body>"))
    assert run(["packs", "verify", str(out)]) == 1
    assert "is not a pack issued here" in capsys.readouterr().err


def _rezipped(data: bytes, name: str, replacement: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.namelist():
            target.writestr(member, replacement if member == name else source.read(member))
    return buffer.getvalue()


def test_a_zip_member_changed_after_issue_is_named():
    data = render_zip({"annex-a/list.xlsx": b"the lists", "plan.csv": b"id,title\r\n"})
    assert manifest_problems(data) == []
    changed = _rezipped(data, "plan.csv", b"id,title\r\n1,added\r\n")
    assert manifest_problems(changed) == ["plan.csv has changed: its SHA-256 is not the one in the manifest"]
    assert manifest_problems(b"not a zip") == ["it is not a zip file"]


def test_producing_a_pack_reports_each_step_in_order_to_the_end(synthetic_council):
    steps: list[tuple[str, float]] = []
    produce("scrutiny", period=None, output_format="pdf", by_name="test", progress=lambda step, done: steps.append((step, done)))
    fractions = [done for _, done in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert "Printing the PDF" in [step for step, _ in steps]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no-such-pack"], "There is no pack called 'no-such-pack'. The packs are: lead-member-briefing, scrutiny,"),
        (["scrutiny", "--period", "2001-01"], "No snapshot covers January 2001: the figures run from"),
        (["scrutiny", "--period", "13/2025"], "is not a month: write it as YYYY-MM"),
    ],
)
def test_a_bad_request_on_the_command_line_says_what_is_wrong_and_writes_nothing(
    synthetic_council, make_person, tmp_path, capsys, arguments, message
):
    make_person(Role.CHIEF_EXECUTIVE, username="chief")
    out = tmp_path / "pack.pdf"
    assert run(["pack", *arguments, "--as", "chief", "--out", str(out)]) == 1
    assert message in " ".join(capsys.readouterr().err.split())
    assert not out.exists() and not IssuedPack.objects.exists()


def test_the_same_pack_issued_twice_at_the_same_moment_is_kept_twice(synthetic_council, monkeypatch):
    from datetime import UTC, datetime

    from safeguard.packs import issuing

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 6, 23, 56, 36, tzinfo=UTC)

    monkeypatch.setattr(issuing, "datetime", Frozen)
    first = produce("scrutiny", period=None, output_format="html", by_name="test")
    second = produce("scrutiny", period=None, output_format="html", by_name="test")
    assert first.data == second.data and first.record.file_name != second.record.file_name
    assert issuing.kept_copy(first.record).data == issuing.kept_copy(second.record).data == first.data


def test_a_pdf_produced_again_the_same_day_is_the_same_file(synthetic_council):
    from datetime import UTC, datetime

    first = produce("board-annual-report", period=None, output_format="pdf", by_name="test", at=datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    second = produce("board-annual-report", period=None, output_format="pdf", by_name="test", at=datetime(2026, 12, 7, 20, 0, tzinfo=UTC))
    assert first.data == second.data and first.data.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("arguments", "roles", "message"),
    [
        ([], (), "Say who the pack is for: give --as USERNAME (or set SAFEGUARD_PACK_AS)"),
        (["--as", "nobody"], (), "No one is enrolled as 'nobody'"),
        (["--as", "member"], (Role.LEAD_MEMBER,), "member's roles (Lead Member for Children's Services) do not allow them to have the Inspection data bank"),
    ],
)
def test_the_command_line_produces_a_pack_only_for_an_enrolled_person_it_is_allowed_to(
    synthetic_council, make_person, tmp_path, capsys, arguments, roles, message
):
    make_person(*roles, username="member")
    out = tmp_path / "bank.zip"
    assert run(["pack", "inspection-data-bank", *arguments, "--format", "zip", "--out", str(out)]) == 1
    assert message in " ".join(capsys.readouterr().err.split())
    assert not out.exists() and not IssuedPack.objects.exists()


def test_the_person_may_be_named_in_the_environment_and_is_recorded_on_the_issue(synthetic_council, make_person, tmp_path, monkeypatch, capsys):
    chief = make_person(Role.CHIEF_EXECUTIVE, username="chief")
    monkeypatch.setenv("SAFEGUARD_PACK_AS", "chief")
    out = tmp_path / "scrutiny.html"
    assert run(["pack", "scrutiny", "--format", "html", "--out", str(out)]) == 0, capsys.readouterr().err
    assert "for Test Person, issue number" in " ".join(capsys.readouterr().err.split())
    record = IssuedPack.objects.get()
    assert record.issued_by == chief and record.sha256 and out.read_bytes().startswith(b"<!DOCTYPE html>")
