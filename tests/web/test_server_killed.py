"""The server killed outright (SIGKILL to gunicorn's master and workers) in the middle of an
import, an acceptance and an edit, then started again: nothing is left half done and nothing
that was finished is lost (issue 12, point 12). Where each kill lands is set from outside the
application by ``fault_points.py``; on SQLite and, in the PostgreSQL run, PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from served_site import Site, Visitor, prepared_site, serving, sign_in, upload
from workbooks import annex_a_workbook

from safeguard.snapshots import Store

pytestmark = pytest.mark.slow

def _state(site: Site) -> dict:
    """The uploads, transitions, access records (sign-ins aside) and roles in the site's database."""
    return {
        "uploads": sorted([str(uuid.UUID(str(upload_id))), status, version]
                          for upload_id, status, version in site.rows("SELECT id, status, version FROM data_upload")),
        "moves": site.rows("SELECT count(*) FROM workflow_transitionrecord")[0][0],
        "records": sorted([action, outcome] for action, outcome in site.rows(
            "SELECT action, outcome FROM audit_accessrecord WHERE action NOT IN ('sign_in', 'verify_second_factor')"
        )),
        "roles": {username: sorted(role for name, role in site.rows(
            "SELECT u.username, g.role FROM accounts_user u JOIN accounts_rolegrant g ON g.user_id = u.id"
        ) if name == username) for (username,) in site.rows("SELECT username FROM accounts_user")},
    }


def _left_behind(home: Path) -> dict[str, list[str]]:
    """What a change in progress keeps outside the database: staging folders, uploaded files."""
    return {folder: sorted(path.name for path in (home / folder).iterdir()) if (home / folder).is_dir() else []
            for folder in ("tmp", "uploads")}


def _killed_during(site: Site, fault: str, visitor_of, request) -> None:
    """Serve with the fault point set, send ``request`` (which never gets its answer), wait until
    a worker stops at the point, then kill the whole server."""
    with serving(site, fault=fault) as server:
        visitor = visitor_of(server)
        answers: list = []

        def send() -> None:
            try:
                answers.append(request(visitor))
            except OSError as error:  # the connection dies with the server
                answers.append(error)

        sender = threading.Thread(target=send)
        sender.start()
        assert site.wait_for_fault() == fault
        server.kill()
        sender.join(timeout=60)
        assert not any(getattr(answer, "status", None) in {200, 302} for answer in answers)


@pytest.fixture
def site(store_home):
    with prepared_site(store_home) as prepared:
        yield prepared


def test_killed_in_the_middle_of_an_import(site, tmp_path, store_home):
    [analyst] = site.people("analyst", prefix="import")
    workbook = annex_a_workbook(tmp_path / "return.xlsx")
    visitors: list[Visitor] = []

    def signed_in(server) -> Visitor:
        visitors.append(sign_in(server.url, analyst))
        return visitors[0]

    _killed_during(site, "import", signed_in, lambda visitor: upload(visitor, workbook))
    assert _left_behind(store_home)["uploads"], "the killed upload's file was on disk when the server died"
    with serving(site) as server:
        state = _state(site)
        assert state["uploads"] == [] and state["records"] == [], "no upload, no access record: nothing half done"
        assert _left_behind(store_home) == {"tmp": [], "uploads": []}
        visitors[0].base = server.url
        again = upload(visitors[0], workbook)
        assert again.status == 302, "the same session still works, and the same file goes in"
    assert [status for _, status, _ in _state(site)["uploads"]] == ["checked"]


def test_killed_in_the_middle_of_an_acceptance(site, tmp_path, store_home):
    [analyst] = site.people("analyst", prefix="accept")
    workbook = annex_a_workbook(tmp_path / "return.xlsx")
    visitors: list[Visitor] = []
    uploaded: list[str] = []

    def signed_in_with_an_upload(server) -> Visitor:
        visitor = sign_in(server.url, analyst)
        answer = upload(visitor, workbook)
        uploaded.append(answer.location.rstrip("/").rsplit("/", 1)[-1])
        assert visitor.get(answer.location).status == 200
        visitors.append(visitor)
        return visitor

    def accept(visitor: Visitor):
        return visitor.post(f"/data/imports/{uploaded[0]}/decision", {"decision": "accept", "version": 1})

    _killed_during(site, "acceptance", signed_in_with_an_upload, accept)
    assert _left_behind(store_home)["tmp"], "the snapshot was being written in the staging area"
    with serving(site) as server:
        state = _state(site)
        assert state["uploads"] == [[uploaded[0], "checked", 1]] and state["moves"] == 0
        assert state["records"] == [["upload_return", "succeeded"], ["view_import_findings", "allowed"]], (
            "what was done before the kill is all there; the acceptance left no record"
        )
        with Store(store_home) as store:
            assert store.list() == []
        assert _left_behind(store_home) == {"tmp": [], "uploads": [f"{uploaded[0]}.findings.json", f"{uploaded[0]}.xlsx"]}
        visitors[0].base = server.url
        assert accept(visitors[0]).status == 302, "the return can be accepted again"
    state = _state(site)
    assert state["uploads"] == [[uploaded[0], "accepted", 2]] and state["moves"] == 1
    with Store(store_home) as store:
        assert len(store.list()) == 1


def test_killed_in_the_middle_of_an_edit(site, store_home):
    administrator, colleague = site.people("administrator+lead_member", "lead_member", prefix="edit")
    visitors: list[Visitor] = []

    def signed_in(server) -> Visitor:
        visitors.append(sign_in(server.url, administrator))
        return visitors[0]

    def change_roles(visitor: Visitor):
        return visitor.post(f"/users/{colleague.user_id}", {"action": "roles", "roles": ["administrator"]})

    _killed_during(site, "edit", signed_in, change_roles)
    with serving(site) as server:
        state = _state(site)
        assert state["roles"][colleague.username] == ["lead_member"], "the old role was not lost, the new one not half given"
        assert state["records"] == []
        visitors[0].base = server.url
        assert change_roles(visitors[0]).status == 302
    state = _state(site)
    assert state["roles"][colleague.username] == ["administrator"]
    assert state["records"] == [["change_roles", "succeeded"]]
