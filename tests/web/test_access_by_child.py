"""The access log by child (issue 12, point 4): each view or download of children's rows is one
access record plus the children it actually showed, kept append-only; the Director's team can
ask who saw a child and what a person saw, over a period, on a page, as CSV and at the command
line, and every such lookup is itself recorded."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from web_support import sign_in
from workbooks import CHILD_IDS

from safeguard.cli import run
from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessedChild, AccessRecord, ObjectType, Outcome
from safeguard.web.data import views as data_views

FIRST, SECOND, THIRD = CHILD_IDS


def _children(entry: AccessRecord) -> list[str]:
    return list(entry.children.order_by("child_id").values_list("child_id", flat=True))


@pytest.fixture
def analyst(make_person, snapshot_id, monkeypatch) -> Client:
    """An analyst who has stated a purpose for the referrals list, whose pages hold two rows."""
    monkeypatch.setattr(data_views, "ROWS_PER_PAGE", 2)
    client = sign_in(Client(), make_person(Role.ANALYST, username="analyst"))
    client.post(reverse("data:list_rows", args=[snapshot_id, "referrals"]), {"purpose": "data_quality"})
    return client


def test_each_page_of_rows_records_exactly_the_children_it_shows(analyst, snapshot_id):
    url = reverse("data:list_rows", args=[snapshot_id, "referrals"])
    first_page = analyst.get(url).content.decode()
    second_page = analyst.get(url + "?page=2").content.decode()
    assert FIRST in first_page and SECOND in first_page and THIRD not in first_page
    assert THIRD in second_page and FIRST not in second_page
    views = list(AccessRecord.objects.filter(action="view_list_rows").order_by("id"))
    assert len(views) == 2, "still one record per request"
    assert [_children(entry) for entry in views] == [[FIRST, SECOND], [THIRD]]
    assert AccessRecord.objects.count() == 2


def test_a_download_records_every_child_in_it_once(analyst, snapshot_id):
    response = analyst.get(reverse("data:list_rows_csv", args=[snapshot_id, "referrals"]))
    assert response.status_code == 200
    [export] = AccessRecord.objects.filter(action="export_list_rows")
    assert _children(export) == sorted(CHILD_IDS)
    assert AccessedChild.objects.count() == 3


def test_the_children_table_refuses_update_and_delete_in_the_database(analyst, snapshot_id):
    analyst.get(reverse("data:list_rows", args=[snapshot_id, "referrals"]))
    table = AccessedChild._meta.db_table
    for statement in (f"UPDATE {table} SET child_id = 'someone else'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert sorted(AccessedChild.objects.values_list("child_id", flat=True)) == [FIRST, SECOND]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is a PostgreSQL statement")
def test_the_children_table_refuses_truncate_on_postgresql(db):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {AccessedChild._meta.db_table}")


@pytest.fixture
def history(analyst, snapshot_id) -> None:
    """The analyst saw the first page on 1 April 2026 and the second page on 3 May 2026."""
    url = reverse("data:list_rows", args=[snapshot_id, "referrals"])
    with time_machine.travel("2026-04-01 09:00:00+00:00", tick=False):
        analyst.get(url)
    with time_machine.travel("2026-05-03 09:00:00+00:00", tick=False):
        analyst.post(url, {"purpose": "case_audit"})
        analyst.get(url + "?page=2")


def _rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_who_saw_a_child_over_a_period_and_the_lookup_is_recorded(history, make_person):
    director = sign_in(Client(), make_person(Role.DCS, username="director"))
    with time_machine.travel("2026-06-01 12:00:00+00:00", tick=False):
        page = director.get(reverse("audit:child_trail"), {"child": THIRD, "from_date": "01/05/2026", "to_date": "2026-05-31"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 record for CH100233, from 01 May 2026 to 31 May 2026" in text
    assert "analyst" in text and "Preparing a case audit" in text
    [lookup] = AccessRecord.objects.filter(action="look_up_child_in_log")
    assert (lookup.username, lookup.object_type, lookup.object_id, lookup.outcome) == (
        "director", ObjectType.CHILD, THIRD, Outcome.ALLOWED,
    )
    assert _children(lookup) == [THIRD], "looking a child up is itself an access to their record"
    everything = director.get(reverse("audit:child_trail_csv"), {"child": THIRD})
    assert [(row["username"], row["action"]) for row in _rows(everything)] == [
        ("director", "export_child_trail"), ("director", "look_up_child_in_log"), ("analyst", "view_list_rows"),
    ]
    april = director.get(reverse("audit:child_trail_csv"), {"child": FIRST, "to_date": "2026-04-30"})
    assert [(row["username"], row["when (UTC)"]) for row in _rows(april)] == [("analyst", "2026-04-01T09:00:00+00:00")]


def test_what_a_person_saw_over_a_period(history, make_person):
    director = sign_in(Client(), make_person(Role.DCS))
    page = director.get(reverse("audit:person_trail"), {"username": "analyst", "from_date": "2026-04-01", "to_date": "2026-04-30"})
    text = page.content.decode()
    assert "1 record of analyst, from 01 April 2026 to 30 April 2026" in text
    assert f"2: {FIRST}, {SECOND}" in text and THIRD not in text
    download = _rows(director.get(reverse("audit:person_trail_csv"), {"username": "analyst"}))
    assert [(row["action"], row["child"]) for row in download] == [
        ("view_list_rows", THIRD), ("view_list_rows", FIRST), ("view_list_rows", SECOND),
    ]
    assert [entry.object_id for entry in AccessRecord.objects.filter(action__in=["look_up_person_in_log", "export_person_trail"])] == [
        "analyst", "analyst",
    ]


def test_roles_without_child_level_access_see_how_many_children_not_who(history, make_person):
    administrator = sign_in(Client(), make_person(Role.ADMINISTRATOR))
    text = administrator.get(reverse("audit:person_trail"), {"username": "analyst"}).content.decode()
    assert "(ids withheld from your role)" in text
    assert not any(child in text for child in CHILD_IDS)
    download = administrator.get(reverse("audit:person_trail_csv"), {"username": "analyst"}).content.decode()
    assert not any(child in download for child in CHILD_IDS)


def test_a_period_that_is_not_a_date_is_explained(make_person):
    director = sign_in(Client(), make_person(Role.DCS))
    page = director.get(reverse("audit:child_trail"), {"child": FIRST, "from_date": "last tuesday"})
    assert "The first day must be a date such as 31/03/2026" in page.content.decode()
    backwards = director.get(reverse("audit:person_trail"), {"username": "x", "from_date": "2026-05-01", "to_date": "2026-04-01"})
    assert "first day is after its last day" in backwards.content.decode()
    assert not AccessRecord.objects.filter(action__startswith="look_up").exists()


def test_the_command_answers_who_saw_a_child_and_what_a_person_saw(history, capsys):
    assert run(["access-log", "child", THIRD, "--from", "2026-05-01", "--to", "31/05/2026", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["username"], row["action"], row["purpose"]) for row in rows] == [
        ("analyst", "view_list_rows", "Preparing a case audit"),
    ]
    [lookup] = AccessRecord.objects.filter(action="look_up_child_in_log")
    assert lookup.username.startswith("(server command line)") and lookup.route == "command:safeguard access-log child"
    assert _children(lookup) == [THIRD]
    assert run(["access-log", "person", "analyst", "--to", "2026-04-30", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["child"] for row in rows] == [FIRST, SECOND]
    assert run(["access-log", "person", "analyst"]) == 0
    assert "2 record(s) of analyst, at any time" in capsys.readouterr().out
