"""The server killed outright (SIGKILL to gunicorn's master and workers) in the middle of an
import, an acceptance and an edit, each time started again: nothing is left half done and
nothing that was finished is lost (issue 12, point 12). Where each kill lands is set from
outside the application by ``fault_points.py``; on SQLite and, in the PostgreSQL run, PostgreSQL.

One working day, interrupted three times: each restart checks what the last kill left, finishes
the interrupted work, and is itself killed in the middle of the next change (four starts of the
server rather than six)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from served_site import Server, Site, Visitor, prepared_site, sign_in, upload
from workbooks import annex_a_workbook

from safeguard.snapshots import Store

pytestmark = pytest.mark.slow


def _state(site: Site) -> dict:
    """The uploads, transitions, access records (sign-ins aside) and roles in the site's database."""
    grants = site.rows("SELECT u.username, g.role FROM accounts_user u JOIN accounts_rolegrant g ON g.user_id = u.id")
    return {
        "uploads": sorted([str(uuid.UUID(str(upload_id))), status, version]
                          for upload_id, status, version in site.rows("SELECT id, status, version FROM data_upload")),
        "moves": site.rows("SELECT count(*) FROM workflow_transitionrecord")[0][0],
        "records": sorted([action, outcome] for action, outcome in site.rows(
            "SELECT action, outcome FROM audit_accessrecord WHERE action NOT IN ('sign_in', 'verify_second_factor')"
        )),
        "roles": {username: sorted(role for name, role in grants if name == username)
                  for (username,) in site.rows("SELECT username FROM accounts_user")},
    }


def _left_behind(home: Path) -> dict[str, list[str]]:
    """What a change in progress keeps outside the database: staging folders, uploaded files."""
    return {folder: sorted(path.name for path in (home / folder).iterdir()) if (home / folder).is_dir() else []
            for folder in ("tmp", "uploads")}


def _kill_during(site: Site, server: Server, send: Callable[[], object]) -> None:
    """Send a request that will stop at the server's fault point, wait until a worker is there,
    then kill the whole server; the request never gets an answer."""
    answers: list = []

    def sending() -> None:
        try:
            answers.append(send())
        except OSError as error:  # the connection dies with the server
            answers.append(error)

    sender = threading.Thread(target=sending)
    sender.start()
    site.wait_for_fault()
    server.kill()
    sender.join(timeout=60)
    assert not any(getattr(answer, "status", None) in {200, 302} for answer in answers)


def _restart(site: Site, visitors: list[Visitor], fault: str | None = None) -> Server:
    """Start the server again; the people's sessions (kept in the database) carry on."""
    server = site.serve(fault=fault)
    for visitor in visitors:
        visitor.base = server.url
    return server


def _upload_id(answer) -> str:
    assert answer.status == 302, answer.text[-500:]
    return answer.location.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def site(store_home):
    with prepared_site(store_home) as prepared:
        yield prepared


def test_killed_mid_import_mid_acceptance_and_mid_edit_nothing_half_done_nothing_lost(site, tmp_path, store_home):
    analyst_person, administrator_person, colleague = site.people(
        "analyst", "administrator+lead_member", "lead_member", prefix="killed"
    )
    workbook = annex_a_workbook(tmp_path / "return.xlsx")

    # 1. Killed while a return is being received: its file was saved and checked, its row not yet written.
    server = site.serve(fault="import")
    analyst = sign_in(server.url, analyst_person)
    administrator = sign_in(server.url, administrator_person)
    _kill_during(site, server, lambda: upload(analyst, workbook))
    assert _left_behind(store_home)["uploads"], "the file was on disk when the server died"

    # 2. Started again: no upload, no record, no file; the same return goes in. Killed while accepting it.
    server = _restart(site, [analyst, administrator], fault="acceptance")
    state = _state(site)
    assert state["uploads"] == [] and state["records"] == [], "nothing half done by the import"
    assert _left_behind(store_home) == {"tmp": [], "uploads": []}
    upload_id = _upload_id(upload(analyst, workbook))
    assert analyst.get(f"/data/imports/{upload_id}").status == 200

    def accept():
        return analyst.post(f"/data/imports/{upload_id}/decision", {"decision": "accept", "version": 1})

    _kill_during(site, server, accept)
    assert _left_behind(store_home)["tmp"], "the snapshot was being written in the store's staging area"

    # 3. Started again: the upload still waits, with its file; no snapshot, no transition, no record of
    #    the acceptance, and everything done before it is there. It is accepted. Killed while an
    #    administrator changes a colleague's roles (the old role deleted, the new one not yet given).
    server = _restart(site, [analyst, administrator], fault="edit")
    state = _state(site)
    assert state["uploads"] == [[upload_id, "checked", 1]] and state["moves"] == 0
    assert state["records"] == [["upload_return", "succeeded"], ["view_import_findings", "allowed"]]
    with Store(store_home) as store:
        assert store.list() == []
    assert _left_behind(store_home) == {"tmp": [], "uploads": [f"{upload_id}.findings.json", f"{upload_id}.xlsx"]}
    assert accept().status == 302, "the return can be accepted after all"

    def change_roles():
        return administrator.post(f"/users/{colleague.user_id}", {"action": "roles", "roles": ["administrator"]})

    _kill_during(site, server, change_roles)

    # 4. Started again: the colleague keeps exactly the old role, with no record of the edit; the
    #    acceptance before it is all there. The edit is made.
    server = _restart(site, [analyst, administrator])
    state = _state(site)
    assert state["roles"][colleague.username] == ["lead_member"], "the old role not lost, the new one not half given"
    assert not any(action == "change_roles" for action, _ in state["records"])
    assert state["uploads"] == [[upload_id, "accepted", 2]] and state["moves"] == 1
    with Store(store_home) as store:
        assert len(store.list()) == 1
    assert change_roles().status == 302
    server.stop()
    state = _state(site)
    assert state["roles"][colleague.username] == ["administrator"]
    assert [record for record in state["records"] if record[0] == "change_roles"] == [["change_roles", "succeeded"]]
