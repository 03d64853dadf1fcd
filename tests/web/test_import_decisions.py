"""Accepting or rejecting an upload is one locked transition of the upload's workflow, logged in
the transition table; a second decision on the same upload is refused with a 409 that says who
decided first (issue 12, point 6). The same race between real processes, on SQLite and
PostgreSQL, is ``test_concurrent_decisions.py``."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from test_data_pages import upload
from web_support import sign_in

from safeguard.governance.workflow.transitions import transitions_of
from safeguard.snapshots import Store
from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.data.models import Upload, UploadStatus


def _uploaded(make_person, workbook) -> tuple[Upload, Client, Client]:
    """An upload waiting for a decision, and two analysts signed in who can both see it."""
    first = sign_in(Client(), make_person(Role.ANALYST, username="ayesha"))
    first.raise_request_exception = False
    second_person = make_person(Role.ANALYST, username="ben")
    second_person.first_name, second_person.last_name = "Ben", "Okafor"
    second_person.save()
    second = sign_in(Client(), second_person)
    upload(first, workbook)
    return Upload.objects.get(), first, second


def test_a_decision_moves_the_upload_once_and_logs_the_transition(make_person, workbook, store_home):
    item, client, _ = _uploaded(make_person, workbook)
    response = client.post(reverse("data:import_decision", args=[item.id]), {"decision": "accept", "version": 1})
    assert response["Location"] == reverse("data:snapshots")
    item.refresh_from_db()
    assert (item.status, item.version, item.decided_by.username) == (UploadStatus.ACCEPTED, 2, "ayesha")
    [move] = transitions_of(item)
    assert (move.transition, move.from_state, move.to_state, move.by.username, move.role) == (
        "accept", "checked", "accepted", "ayesha", "analyst",
    )
    assert move.at == item.decided_at
    with Store(store_home) as store:
        assert [snapshot.id for snapshot in store.list()] == [item.snapshot_id]


def test_a_decision_made_from_an_old_page_is_refused_with_409_and_changes_nothing(make_person, workbook, store_home):
    item, ayesha, ben = _uploaded(make_person, workbook)
    assert "version" in ayesha.get(reverse("data:import_detail", args=[item.id])).content.decode()
    rejected = ben.post(reverse("data:import_decision", args=[item.id]), {"decision": "reject", "version": 1})
    assert rejected["Location"] == reverse("data:imports")
    since = AccessRecord.objects.order_by("-id").first().id
    late = ayesha.post(reverse("data:import_decision", args=[item.id]), {"decision": "accept", "version": 1})
    assert late.status_code == 409
    text = late.content.decode()
    assert "already been rejected by Ben Okafor" in text and "Nothing was changed" in text
    item.refresh_from_db()
    assert (item.status, item.version, item.snapshot_id) == (UploadStatus.REJECTED, 2, "")
    assert [move.transition for move in transitions_of(item)] == ["reject"]
    with Store(store_home) as store:
        assert store.list() == []
    late_records = AccessRecord.objects.filter(id__gt=since)
    assert [(entry.action, entry.outcome, entry.username) for entry in late_records] == [
        ("accept_import", Outcome.FAILED, "ayesha")
    ]


def test_a_second_decision_without_a_version_is_refused_too(make_person, workbook):
    item, ayesha, ben = _uploaded(make_person, workbook)
    ben.post(reverse("data:import_decision", args=[item.id]), {"decision": "accept"})
    again = ayesha.post(reverse("data:import_decision", args=[item.id]), {"decision": "reject"})
    assert again.status_code == 409
    item.refresh_from_db()
    assert item.status == UploadStatus.ACCEPTED
    assert [move.transition for move in transitions_of(item)] == ["accept"]
