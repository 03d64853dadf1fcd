"""Deciding on an uploaded return: accept it as a new snapshot, or reject it.

An upload gets one decision, whoever asks first. Reading its state and then writing the decision
as two steps would let two people who press the button at the same moment both succeed (two
acceptances, or an acceptance and a rejection of the same return). So the decision is one
transition of ``UPLOAD_WORKFLOW``: the upload's row is locked (``select_for_update`` on
PostgreSQL; on SQLite the transaction begins ``IMMEDIATE`` and holds the database's write lock),
its state and the version the person saw are checked under that lock, the snapshot is committed
to the store, and the move is saved and logged in ``TransitionRecord`` by ``apply_transition``,
all in the transaction that also writes the request's one access record. Whoever comes second
waits for the lock, then finds the upload already decided and is told so (``AlreadyDecided``),
with nothing changed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from safeguard.annex_a.validation import validate
from safeguard.council import load_council
from safeguard.errors import SafeguardError
from safeguard.governance.workflow.transitions import GovernanceError, apply_transition
from safeguard.snapshots import ImportStatus, Store
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType
from safeguard.web.audit.recording import recorded_change
from safeguard.web.data.checked_uploads import read_plausibility, save_findings
from safeguard.web.data.models import Upload, UploadStatus


class AlreadyDecided(GovernanceError):
    """Someone decided on the upload after this person opened it; their decision stands."""

    def __init__(self, upload: Upload) -> None:
        who = upload.decided_by.display_name if upload.decided_by else "someone else"
        when = f" at {upload.decided_at:%H:%M on %d %B %Y} (UTC)" if upload.decided_at else ""
        super().__init__(
            f"This return has already been {upload.state_label.lower()} by {who}{when}, "
            "so your decision was not made. Nothing was changed."
        )
        self.upload = upload


def _locked(upload_id: uuid.UUID, seen_version: int | None) -> Upload:
    """The upload, locked until the transaction ends, if it still waits for the decision the
    person saw (``seen_version``; ``None`` takes the version as it is now)."""
    upload = Upload.objects.select_for_update().get(pk=upload_id)
    if upload.status != UploadStatus.CHECKED or (seen_version is not None and upload.version != seen_version):
        raise AlreadyDecided(upload)
    return upload


def decide(
    request: SignedInRequest, upload_id: uuid.UUID, *, decision: str, seen_version: int | None, reason: str = ""
) -> Upload:
    """Accept (``"accept"``) or reject (``"reject"``) an upload as the signed-in person, with
    one access record; raises ``AlreadyDecided`` if someone decided first, ``GovernanceError``
    if the decision cannot be made, ``SafeguardError`` if the store refuses the return (or the
    return differs from the last snapshot and ``reason`` does not say why it is right)."""
    step = Upload.WORKFLOW.get(decision)
    with recorded_change(request, action=f"{step.name}_import", object_type=ObjectType.UPLOAD, object_id=str(upload_id)):
        upload = _locked(upload_id, seen_version)
        at = datetime.now(UTC)
        changes: dict[str, object] = {"decided_by": request.user, "decided_at": at}
        if step.name == "accept":
            if not upload.can_be_accepted:
                raise GovernanceError("This return has errors, so it cannot be accepted. Correct it and upload it again.")
            changes["snapshot_id"] = _commit_snapshot(upload, request.user.get_username(), reason)
        return apply_transition(upload, step.name, by=request.user, seen_version=upload.version, changes=changes, at=at)


class ChangedSinceChecked(SafeguardError):
    """Another return was kept after this one was checked, and the differences the person read
    are no longer the ones it has: they must read them again (answered 409)."""


NEEDS_A_REASON = "Say why this return is right, although it differs from the last snapshot"
CHANGED_SINCE = (
    "The store has changed since this return was checked, and it now differs from the last snapshot in other ways: "
    "read them again, then accept it with your reason"
)


def _commit_snapshot(upload: Upload, username: str, reason: str) -> str:
    """Keep the upload as a snapshot, with the reason when it differs from the last one. Refused
    when the differences are no longer the ones the person read (another return came in since)."""
    checks = load_council().import_checks
    _, shown = read_plausibility(upload)
    with Store() as store:
        validated = validate(upload.path, name=upload.original_name or None)
        report = store.check_plausibility(validated, checks)
        if [item.message for item in report.findings] != [item.message for item in shown]:
            save_findings(upload, list(validated.findings), report)
            raise ChangedSinceChecked(CHANGED_SINCE)
        outcome = store.commit(validated, loaded_by=username, checks=checks, confirmation=reason)
    if outcome.status is ImportStatus.NEEDS_CONFIRMATION:
        raise SafeguardError(NEEDS_A_REASON)
    if outcome.status is ImportStatus.REFUSED or outcome.snapshot is None:
        raise SafeguardError("The store refused this return: it has errors. Nothing was imported.")
    return outcome.snapshot.id
