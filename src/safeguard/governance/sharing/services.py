"""What sharing agreements and emergency looks allow, and the steps that change them.

Every decision to show a partner or an emergency reader a child's records is made here, from the
records themselves, so that the pages and the tests ask the same question: ``shared_list`` (may
this person see this list under this agreement today?) and ``emergency_rows`` (may this person
still see this child under this emergency look?). A refusal says why in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from safeguard.annex_a.spec import LISTS, AnnexAList, Column
from safeguard.errors import SafeguardError
from safeguard.governance.audits import sampling
from safeguard.governance.disagreements.services import agency_of
from safeguard.governance.sharing.models import EMERGENCY_HOURS, EmergencyAccess, SharingAgreement
from safeguard.governance.workflow.transitions import Actor, GovernanceError, apply_transition, create_record
from safeguard.roles import Permission, granting_role
from safeguard.snapshots import LATEST, Store

SHAREABLE_LISTS = {annex_list.key: annex_list.title for annex_list in LISTS if annex_list.entity_id == "child_id"}
"""The Annex A lists an agreement may grant: those about children (list 11 is about adopters)."""
ROWS_SHOWN = 500
"""The most rows of a shared list one page shows (the partner's purpose rarely needs more)."""


class NotShared(GovernanceError):
    """The agreement or emergency look does not allow this, now, to this person."""


@dataclass(frozen=True)
class SharedRows:
    """One list's rows as an agreement lets a partner see them."""

    title: str
    snapshot_id: str
    period_end: date
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    child_ids: tuple[str, ...]
    total: int
    """Rows in the list, of which at most ``ROWS_SHOWN`` are shown."""


def propose(*, by: Actor, at: datetime | None = None, **fields: Any) -> SharingAgreement:
    """A proposed agreement: nothing is shared until the Director approves it."""
    unknown = [key for key in fields.get("lists", []) if key not in SHAREABLE_LISTS]
    if unknown:
        raise ValidationError({"lists": f"These are not lists about children: {', '.join(unknown)}"})
    return create_record(SharingAgreement, by=by, permission=Permission.MANAGE_SHARING, at=at, **fields)


def list_titles(agreement: SharingAgreement) -> list[str]:
    return [SHAREABLE_LISTS.get(key, key) for key in agreement.lists]


def move_agreement(
    agreement: SharingAgreement, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None
) -> SharingAgreement:
    """Approve, end or withdraw an agreement; approving records who approved it and when."""
    changes: dict[str, Any] = {}
    if name == "approve":
        changes = {"approved_by_id": by.pk, "approved_at": at or datetime.now(UTC)}
    elif name == "end":
        ended = (at or datetime.now(UTC)).date()
        changes = {"ends_on": max(min(agreement.ends_on, ended), agreement.starts_on)}
    return apply_transition(agreement, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


def agreements_for(person: Actor, day: date) -> list[SharingAgreement]:
    """The agreements in force today for the person's own agency (none if no agency is recorded)."""
    agency = agency_of(person)
    if agency is None:
        return []
    return [agreement for agreement in SharingAgreement.objects.filter(partner=agency, state="approved") if agreement.in_force_on(day)]


def check_shared(person: Actor, agreement: SharingAgreement, list_key: str, day: date) -> None:
    """Refuse, saying why, unless the agreement is for the person's agency, in force on ``day``
    and grants the list."""
    agency = agency_of(person)
    if agency is None or agency != agreement.partner:
        raise NotShared("This agreement is not with your agency.")
    if agreement.state != "approved":
        raise NotShared(f"Agreement {agreement.reference} is {agreement.state_label.split(':')[0].lower()}: nothing is shared under it.")
    if not agreement.in_force_on(day):
        raise NotShared(
            f"Agreement {agreement.reference} runs from {agreement.starts_on:%-d %B %Y} to {agreement.ends_on:%-d %B %Y}: "
            "nothing is shared under it outside those dates."
        )
    if not agreement.grants(list_key):
        raise NotShared(f"Agreement {agreement.reference} does not share that list.")


def shared_list(person: Actor, agreement: SharingAgreement, list_key: str, day: date) -> SharedRows:
    """The list's rows in the newest snapshot, if the agreement lets this person see them today."""
    check_shared(person, agreement, list_key, day)
    return list_rows(_list(list_key))


def _list(list_key: str) -> AnnexAList:
    found = next((annex_list for annex_list in LISTS if annex_list.key == list_key), None)
    if found is None:
        raise NotShared("There is no such list.")
    return found


def list_rows(annex_list: AnnexAList) -> SharedRows:
    """The first ``ROWS_SHOWN`` rows of a list in the newest snapshot, cells in words."""
    try:
        with Store() as store:
            snapshot = store.get(LATEST)
            path = str(store.parquet_path(snapshot.id, annex_list.key))
    except SafeguardError as error:
        raise NotShared(f"There is nothing to show yet: {error}") from None
    selected = ", ".join(f'"{column.key}"' for column in annex_list.columns)
    connection = duckdb.connect()
    try:
        total = connection.execute("SELECT count(*) FROM read_parquet($path)", {"path": path}).fetchone()[0]  # type: ignore[index]
        rows = connection.execute(f"SELECT {selected} FROM read_parquet($path) ORDER BY source_row LIMIT {ROWS_SHOWN}", {"path": path}).fetchall()
    finally:
        connection.close()
    child_column = [column.key for column in annex_list.columns].index(annex_list.entity_id)
    return SharedRows(
        title=annex_list.title,
        snapshot_id=snapshot.id,
        period_end=snapshot.period_end,
        headers=tuple(column.header for column in annex_list.columns),
        rows=tuple(tuple(_cell_text(column, value) for column, value in zip(annex_list.columns, row)) for row in rows),
        child_ids=tuple(sorted({str(row[child_column]) for row in rows if row[child_column] is not None})),
        total=int(total),
    )


def _cell_text(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.code_list is not None:
        return {code.value: code.label for code in column.code_list.codes}.get(value, str(value))
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    return str(value)


def open_emergency(*, by: Actor, child_id: str, reason: str, at: datetime | None = None) -> EmergencyAccess:
    """Open an emergency look at one child's records, for ``EMERGENCY_HOURS``; refused for a child
    the newest snapshot does not hold (a mistyped identifier must not open someone else's)."""
    child_id = child_id.strip().upper()
    role = granting_role(by.roles, Permission.BREAK_GLASS)
    if not child_rows(child_id):
        raise NotShared(f"The newest snapshot holds no child {child_id}: check the identifier.")
    now = at or datetime.now(UTC)
    return create_record(
        EmergencyAccess, by=by, permission=Permission.BREAK_GLASS, at=at, child_id=child_id, reason=reason.strip(),
        role=role.value if role else "", expires_at=now + timedelta(hours=EMERGENCY_HOURS),
    )


def child_rows(child_id: str) -> list[sampling.ChildRows]:
    """The child's rows in every list of the newest snapshot."""
    try:
        return sampling.child_rows(sampling.snapshot_choice(LATEST).id, child_id)
    except SafeguardError as error:
        raise NotShared(str(error)) from None


def emergency_rows(person: Actor, look: EmergencyAccess, moment: datetime) -> list[sampling.ChildRows]:
    """The child's rows, for the person who opened the look, until it ends."""
    if look.created_by_id != person.pk:
        raise NotShared("Only the person who opened an emergency look can use it.")
    if not look.open_at(moment):
        raise NotShared(f"Emergency look {look.reference} ended at {look.expires_at:%-d %B %Y %H:%M} UTC: open a new one, saying why.")
    return child_rows(look.child_id)


def review(look: EmergencyAccess, *, by: Actor, seen_version: int, reason: str, outcome: str, at: datetime | None = None) -> EmergencyAccess:
    changes = {"outcome": outcome, "reviewed_by_id": by.pk, "reviewed_at": at or datetime.now(UTC)}
    return apply_transition(look, "review", by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


def waiting_review() -> QuerySet[EmergencyAccess]:
    return EmergencyAccess.objects.filter(state="open").select_related("created_by").order_by("created_at")
