"""The access log: exactly one record per child-level view and per change, refusals recorded,
append-only in the database itself, and a log that cannot be written fails the request."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from web_support import sign_in
from workbooks import CHILD_IDS

from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome

pytestmark = pytest.mark.django_db


def state_purpose(client: Client, snapshot_id: str, list_key: str = "referrals"):
    url = reverse("data:list_rows", args=[snapshot_id, list_key])
    return client.post(url, {"purpose": "data_quality"}), url


def test_each_view_of_child_rows_writes_exactly_one_record(make_person, snapshot_id):
    person = make_person(Role.ANALYST, username="analyst")
    client = sign_in(Client(), person)
    before = AccessRecord.objects.count()
    response, url = state_purpose(client, snapshot_id)
    assert response["Location"] == url
    assert AccessRecord.objects.count() == before, "stating a purpose shows nothing"
    for _ in range(2):
        page = client.get(url)
        assert CHILD_IDS[0] in page.content.decode()
    records = AccessRecord.objects.filter(action="view_list_rows")
    assert records.count() == 2
    entry = records.first()
    assert (entry.username, entry.role, entry.object_type, entry.object_id, entry.outcome) == (
        "analyst", "analyst", ObjectType.SNAPSHOT_LIST, f"{snapshot_id}/referrals", Outcome.ALLOWED,
    )
    assert entry.purpose == "Checking and correcting data quality"
    assert entry.request_id == page["X-Request-Id"]
    assert entry.address == "127.0.0.1" and entry.at.tzinfo is not None


def test_records_hold_no_field_values(make_person, snapshot_id):
    client = sign_in(Client(), make_person(Role.DCS))
    _, url = state_purpose(client, snapshot_id)
    client.get(url)
    for entry in AccessRecord.objects.values():
        text = " ".join(str(value) for value in entry.values())
        assert not any(child in text for child in CHILD_IDS)


def test_a_refusal_is_recorded_once(make_person, snapshot_id):
    person = make_person(Role.LEAD_MEMBER, username="councillor")
    client = sign_in(Client(), person)
    response = client.get(reverse("data:list_rows", args=[snapshot_id, "referrals"]))
    assert response.status_code == 403
    refused = AccessRecord.objects.get(username="councillor")
    assert (refused.outcome, refused.object_id, refused.route) == (Outcome.REFUSED, "data:list_rows", "data:list_rows")


def test_an_anonymous_attempt_at_child_rows_is_recorded(snapshot_id, db):
    response = Client().get(reverse("data:list_rows", args=[snapshot_id, "referrals"]))
    assert response.status_code == 302
    assert AccessRecord.objects.filter(username="", outcome=Outcome.REFUSED).count() == 1


def test_the_log_refuses_update_and_delete_in_the_database(make_person):
    make_person(Role.DCS)
    entry = AccessRecord.objects.create(
        at="2026-01-01T00:00:00Z", request_id="r", action="test", object_type=ObjectType.ROUTE, outcome=Outcome.ALLOWED,
    )
    table = AccessRecord._meta.db_table
    for statement in (f"UPDATE {table} SET outcome = 'refused'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessRecord.objects.filter(pk=entry.pk).update(purpose="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.delete()
    assert AccessRecord.objects.get(pk=entry.pk).outcome == Outcome.ALLOWED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is a PostgreSQL statement")
def test_the_log_refuses_truncate_on_postgresql(db):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {AccessRecord._meta.db_table} CASCADE")  # with the children table that refers to it


BREAK_THE_LOG = {
    "sqlite": [
        "CREATE TEMP TRIGGER break_audit BEFORE INSERT ON audit_accessrecord BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION pg_temp.break_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END; $$",
        "CREATE TRIGGER break_audit BEFORE INSERT ON audit_accessrecord FOR EACH ROW EXECUTE FUNCTION pg_temp.break_audit()",
    ],
}


@pytest.fixture
def broken_log(db):
    """The access log's table refuses every new row (a real database failure, undone with the
    test's transaction)."""
    with connection.cursor() as cursor:
        for statement in BREAK_THE_LOG[connection.vendor]:
            cursor.execute(statement)
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS temp.break_audit")


def test_child_rows_are_not_shown_when_the_log_cannot_be_written(make_person, snapshot_id, broken_log):
    client = sign_in(Client(), make_person(Role.ANALYST))
    _, url = state_purpose(client, snapshot_id)
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 500
    assert not any(child in response.content.decode() for child in CHILD_IDS)


def _add_new_person(client: Client):
    """An administrator adds "new.person"; a server error comes back as a 500, not an exception."""
    client.raise_request_exception = False
    return client.post(
        reverse("accounts:user_add"),
        {"username": "new.person", "full_name": "New Person", "email": "n@example.invalid",
         "password": "a first password, long enough", "roles": ["administrator"]},
    )


def test_a_change_is_undone_when_the_log_cannot_be_written(make_person, broken_log):
    from safeguard.web.accounts.models import User

    client = sign_in(Client(), make_person(Role.ADMINISTRATOR))
    response = _add_new_person(client)
    assert response.status_code == 500
    assert not User.objects.filter(username="new.person").exists()


def test_a_failed_change_leaves_one_failed_record_and_no_success(make_person, monkeypatch):
    from safeguard.web.accounts import users

    def refuse(*args, **kwargs):
        raise DatabaseError("the grant table is locked")

    monkeypatch.setattr(users, "_grant", refuse)
    client = sign_in(Client(), make_person(Role.ADMINISTRATOR))
    response = _add_new_person(client)
    assert response.status_code == 500
    outcomes = list(AccessRecord.objects.filter(action="add_user").values_list("outcome", flat=True))
    assert outcomes == [Outcome.FAILED]


def test_the_log_page_withholds_child_ids_from_roles_without_child_access(make_person):
    AccessRecord.objects.create(
        at="2026-01-01T00:00:00Z", request_id="r", username="dcs", action="view_child", object_type=ObjectType.CHILD,
        object_id=CHILD_IDS[1], outcome=Outcome.ALLOWED,
    )
    administrator_page = sign_in(Client(), make_person(Role.ADMINISTRATOR)).get(reverse("audit:log")).content.decode()
    director_page = sign_in(Client(), make_person(Role.DCS)).get(reverse("audit:log")).content.decode()
    assert CHILD_IDS[1] not in administrator_page and "withheld from your role" in administrator_page
    assert CHILD_IDS[1] in director_page
    assert AccessRecord.objects.filter(action="view_audit_log").count() == 2
