"""The workforce file: one row per social work post-holder (or vacant post), as a council's HR
system can export it. Its columns, the other spellings their headers take, and the codes.

The fields follow what DfE's children's social work workforce census asks of councils (staff
in post, agency workers, vacancies, leavers, sickness absence, all as full-time equivalents on
30 September), plus the two things a manager watches week to week: whether a worker is newly
qualified, and when they were last supervised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CODE = "code"
    YES_NO = "yes/no"


class Role(StrEnum):
    """Who holds what. Social workers and senior practitioners hold cases; managers supervise."""

    SOCIAL_WORKER = "social worker"
    SENIOR_PRACTITIONER = "senior practitioner"
    TEAM_MANAGER = "team manager"
    SERVICE_MANAGER = "service manager"
    PERSONAL_ADVISER = "personal adviser"
    """Care leavers' advisers: listed so their names match Annex A, but not social workers."""


CASE_HOLDING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER})
"""The roles whose full-time equivalents divide the caseload (DfE's "case holders")."""
SOCIAL_WORK_ROLES = frozenset({Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER})
"""The roles DfE's workforce census counts (registered children and family social workers)."""


class Employment(StrEnum):
    PERMANENT = "permanent"
    AGENCY = "agency"
    VACANT = "vacant"
    """A funded post nobody holds permanently (it may be covered by an agency worker)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind
    required: bool
    description: str
    spellings: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "worker_id",
        "Worker",
        Kind.TEXT,
        False,
        "The worker as the case system names them in Annex A's allocated worker fields. Blank only for a vacant post.",
        ("worker id", "worker name", "social worker", "name", "staff id", "employee"),
    ),
    Column("team", "Team", Kind.TEXT, True, "The team, written as in Annex A.", ("team name", "service team")),
    Column(
        "role",
        "Role",
        Kind.CODE,
        True,
        "social worker, senior practitioner, team manager, service manager or personal adviser.",
        ("job role", "post", "job title"),
        tuple(Role),
    ),
    Column(
        "fte",
        "FTE",
        Kind.NUMBER,
        True,
        "Full-time equivalent: more than 0, at most 1.",
        ("full time equivalent", "fte contracted", "hours fte"),
    ),
    Column(
        "start_date",
        "Start date",
        Kind.DATE,
        False,
        "When the worker started in the council (or the agency worker's placement began). Required except for a vacant post.",
        ("started", "date started", "start"),
    ),
    Column(
        "leaving_date",
        "Leaving date",
        Kind.DATE,
        False,
        "The last day worked, for a worker who has left; blank otherwise.",
        ("left", "end date", "date left", "leaving"),
    ),
    Column(
        "employment",
        "Employment",
        Kind.CODE,
        True,
        "permanent, agency, or vacant (a post nobody holds permanently).",
        ("agency or permanent", "contract", "contract type", "status"),
        tuple(Employment),
    ),
    Column(
        "newly_qualified",
        "Newly qualified",
        Kind.YES_NO,
        False,
        "yes when the worker is in their first year after qualifying (the assessed and supported year); blank means no.",
        ("nqsw", "asye", "newly qualified social worker"),
    ),
    Column(
        "absence_days",
        "Absence days",
        Kind.NUMBER,
        False,
        "Working days lost to sickness in the 12 months to the file's date; blank means none.",
        ("sickness days", "days lost", "sickness absence days", "working days lost"),
    ),
    Column(
        "last_supervision_date",
        "Last supervision date",
        Kind.DATE,
        False,
        "The date of the worker's last recorded supervision.",
        ("last supervision", "supervision date", "last supervised"),
    ),
)

COLUMN_KEYS = tuple(column.key for column in COLUMNS)

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def header_words(text: object) -> str:
    """A header reduced to lower-case words, so "Start_Date", "start date" and "START-DATE" match."""
    return _NOT_WORD.sub(" ", str(text).casefold()).strip()


HEADER_SPELLINGS: dict[str, str] = {
    header_words(spelling): column.key for column in COLUMNS for spelling in (column.key, column.header, *column.spellings)
}
"""Every accepted spelling of every header, reduced by `header_words`, to its column key."""
