"""Two people deciding on the same upload at the same moment, as two real requests handled by two
gunicorn workers at once, on SQLite and (in the PostgreSQL run) PostgreSQL: exactly one decision
is made, the other person gets a 409 that says so, and the store holds one snapshot (issue 12,
point 6)."""

from __future__ import annotations

import threading
import uuid

import pytest
from served_site import Site, Visitor, prepared_site, serving, sign_in, upload
from workbooks import annex_a_workbook

from safeguard.snapshots import Store

pytestmark = pytest.mark.slow

def _decisions(site: Site, upload_ids: list[str]) -> dict[str, dict]:
    """Each upload's state, version, snapshot, transitions and decision records."""
    uploads = {str(uuid.UUID(str(upload_id))): rest
               for upload_id, *rest in site.rows("SELECT id, status, version, snapshot_id FROM data_upload")}
    found = {}
    for upload_id in upload_ids:
        status, version, snapshot = uploads[upload_id]
        found[upload_id] = {
            "status": status, "version": version, "snapshot": snapshot,
            "moves": [name for (name,) in site.rows(
                "SELECT transition FROM workflow_transitionrecord WHERE object_id = %s", (upload_id,))],
            "records": sorted([action, outcome] for action, outcome in site.rows(
                "SELECT action, outcome FROM audit_accessrecord WHERE object_id = %s AND action LIKE %s",
                (upload_id, "%_import"))),
        }
    return found


def _at_once(requests: list[tuple[Visitor, str, dict]]) -> list:
    """Send the posts from threads released together; their answers, in the same order."""
    start = threading.Barrier(len(requests))
    answers: list = [None] * len(requests)

    def send(index: int) -> None:
        visitor, path, fields = requests[index]
        start.wait()
        answers[index] = visitor.post(path, fields)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_decisions_at_once_one_succeeds_the_other_gets_409(store_home, tmp_path):
    first_return = annex_a_workbook(tmp_path / "first.xlsx")
    second_return = annex_a_workbook(tmp_path / "second.xlsx", rows=4)
    with prepared_site(store_home) as site:
        ayesha, ben = site.people("analyst", "analyst", prefix="decide")
        with serving(site, workers=2) as server:
            first, second = sign_in(server.url, ayesha), sign_in(server.url, ben)
            uploads = []
            for workbook in (first_return, second_return):
                answer = upload(first, workbook)
                assert answer.status == 302, answer.text[-500:]
                uploads.append(answer.location.rstrip("/").rsplit("/", 1)[-1])
            both_accept = _at_once([
                (first, f"/data/imports/{uploads[0]}/decision", {"decision": "accept", "version": 1}),
                (second, f"/data/imports/{uploads[0]}/decision", {"decision": "accept", "version": 1}),
            ])
            accept_and_reject = _at_once([
                (first, f"/data/imports/{uploads[1]}/decision", {"decision": "accept", "version": 1}),
                (second, f"/data/imports/{uploads[1]}/decision", {"decision": "reject", "version": 1}),
            ])
        found = _decisions(site, uploads)

    tried = {uploads[0]: (both_accept, ("accept", "accept")), uploads[1]: (accept_and_reject, ("accept", "reject"))}
    for upload_id, (answers, decisions) in tried.items():
        assert sorted(answer.status for answer in answers) == [302, 409]
        lost = [answer.status for answer in answers].index(409)
        assert "has already been" in answers[lost].text and "Nothing was changed" in answers[lost].text
        won_decision, lost_decision = decisions[1 - lost], decisions[lost]
        state = found[upload_id]
        assert (state["status"], state["version"], state["moves"]) == (f"{won_decision}ed", 2, [won_decision])
        assert state["records"] == sorted([[f"{won_decision}_import", "succeeded"], [f"{lost_decision}_import", "failed"]])
    with Store(store_home) as store:
        snapshots = store.list()
    accepted = [found[upload_id]["snapshot"] for upload_id in uploads if found[upload_id]["status"] == "accepted"]
    assert sorted(snapshot.id for snapshot in snapshots) == sorted(accepted), "one snapshot per accepted upload, no more"
