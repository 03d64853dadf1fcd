"""What needs attention now, at the top of each person's home page, in plain sentences.

What is shown follows what the person's roles let them do (the policy table), so each role's
home answers its own question: leaders see the early warnings nobody has answered yet, the
ones left waiting through a later month's data marked overdue, and whether the data itself is
late; the analyst sees the returns waiting for a decision; the administrator sees accounts not
yet ready and sign-ins paused; whoever reads the access log sees how many refusals it recorded
this week; and each person sees how many casework records (briefings to acknowledge, incidents,
disagreements and complaints with a step due) wait for them. Everything here is a count, a date
or a sentence about them: no child is named.

Leader-facing: figures come only through ``safeguard.aggregates``. The one import from
``safeguard.web.data`` is its upload queue's model (file names, dates and counts of findings,
no rows), allowed by name in ``.importlinter``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.urls import reverse

from safeguard.aggregates import SnapshotSummary, Viewer, WarningView, dashboard
from safeguard.governance.reviews.casework import waiting_for
from safeguard.web.access.policy import Permission, Role, needs_second_factor
from safeguard.web.accounts.models import SignInFailure, User
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.data.models import Upload, UploadStatus
from safeguard.web.leadership.warnings import new_warnings

RETURN_OVERDUE_DAYS = 45
"""A month's data is expected within a fortnight of the end of the month after it (the extract
is taken once the month has closed and its recording caught up), so data whose period ended
longer ago than this means the next monthly return is late."""
REFUSALS_LOOKED_BACK = timedelta(days=7)


@dataclass(frozen=True)
class Item:
    """One thing waiting, said in a sentence, with where to deal with it."""

    text: str
    link: str
    link_text: str
    overdue: bool = False


@dataclass(frozen=True)
class WaitingWarning:
    view: WarningView
    overdue: bool
    number: int
    """The warning's lasting number: its page is ``/warnings/<number>``."""
    """Raised by an earlier month's data, and still unanswered after a later month's arrived."""


@dataclass(frozen=True)
class Attention:
    warnings: tuple[WaitingWarning, ...]
    items: tuple[Item, ...]

    @property
    def overdue_warnings(self) -> int:
        return sum(1 for warning in self.warnings if warning.overdue)

    @property
    def empty(self) -> bool:
        return not self.warnings and not self.items

    def with_items(self, more: list[Item]) -> Attention:
        """The same, with what other records ask of the person first (overdue first)."""
        ordered = sorted(more, key=lambda item: not item.overdue)
        return Attention(self.warnings, (*ordered, *self.items))


def needs_attention(
    roles: frozenset[Role], permissions: frozenset[Permission], latest: SnapshotSummary | None, today: date, person: object = None
) -> Attention:
    """Everything waiting for someone with these roles (and, when ``person`` is given, for that
    person in the casework records), most pressing first within each kind."""
    warnings: tuple[WaitingWarning, ...] = ()
    items: list[Item] = []
    if person is not None and Permission.SEE_ASSURANCE_RECORDS in permissions:
        items.extend(casework_waiting(person, today))
    if Permission.SEE_AGGREGATES in permissions:
        warnings = waiting_warnings(Viewer.of(roles), person)
        items.extend(late_data(latest, today))
    if Permission.IMPORT_RETURNS in permissions:
        items.extend(uploads_waiting())
    if Permission.MANAGE_USERS in permissions:
        items.extend(accounts_not_ready())
        items.extend(sign_ins_paused())
    if Permission.SEE_AUDIT_LOG in permissions:
        items.extend(recent_refusals())
    return Attention(warnings, tuple(items))


def waiting_warnings(viewer: Viewer, person: object = None) -> tuple[WaitingWarning, ...]:
    """Warnings this person has not acknowledged (each person answers for their own), concerns
    first; overdue when a later month's data has arrived since the month that first showed the
    signal."""
    waiting = new_warnings(viewer, person)
    if not waiting:
        return ()
    latest_month = dashboard(viewer).latest_month
    return tuple(
        WaitingWarning(line.view, overdue=latest_month is not None and line.view.detected < latest_month, number=line.tracked.pk)
        for line in waiting
    )


def casework_waiting(person: object, today: date) -> list[Item]:
    """One line for what waits for this person in reviews and cases, the overdue counted."""
    waiting = waiting_for(person, today)  # type: ignore[arg-type]
    if not waiting:
        return []
    overdue = sum(1 for item in waiting if item.overdue)
    things = "thing waits" if len(waiting) == 1 else "things wait"
    late = f", {overdue} of them overdue" if overdue else ""
    return [
        Item(
            f"{len(waiting)} {things} for you in significant case briefings, serious incidents, disagreements and complaints{late}.",
            reverse("reviews:casework"),
            "Reviews and cases",
            overdue=overdue > 0,
        )
    ]


def late_data(latest: SnapshotSummary | None, today: date) -> list[Item]:
    """The next monthly return, when it is late (before the first, the data section says so)."""
    if latest is None:
        return []
    days = (today - latest.period_end).days
    if days <= RETURN_OVERDUE_DAYS:
        return []
    return [
        Item(
            f"The newest data runs only to {latest.period_end:%-d %B %Y}, {days} days ago: the next monthly return is "
            "overdue, so every figure here is out of date. Ask the performance team when it will be loaded.",
            reverse("home") + "#data",
            "How far the latest data can be trusted",
            overdue=True,
        )
    ]


def uploads_waiting() -> list[Item]:
    waiting = Upload.objects.filter(status=UploadStatus.CHECKED).aggregate(count=Count("id"), oldest=Min("uploaded_at"))
    count = waiting["count"]
    if not count:
        return []
    returns = "return is" if count == 1 else "returns are"
    return [
        Item(
            f"{count} uploaded {returns} waiting for a decision to accept or reject, the oldest since "
            f"{waiting['oldest']:%-d %B %Y}.",
            reverse("data:imports"),
            "Imports",
        )
    ]


def accounts_not_ready() -> list[Item]:
    """Active accounts whose person has still to choose their own password, or to set up the
    one-time codes their roles need before they can see anything."""
    people = User.objects.filter(is_active=True).prefetch_related("role_grants", "totpdevice_set")
    waiting = [
        person
        for person in people
        if person.must_change_password
        or (needs_second_factor(person.roles) and not any(device.confirmed for device in person.totpdevice_set.all()))
    ]
    if not waiting:
        return []
    accounts = "account is" if len(waiting) == 1 else "accounts are"
    return [
        Item(
            f"{len(waiting)} {accounts} not ready yet: the person has still to sign in for the first time, choose "
            "their own password or set up one-time codes.",
            reverse("accounts:users"),
            "Users",
        )
    ]


def sign_ins_paused() -> list[Item]:
    """Usernames whose sign-in is paused now after repeated failures from one address."""
    since = datetime.now(UTC) - timedelta(seconds=settings.SIGN_IN_PAUSE_SECONDS)
    paused = (
        SignInFailure.objects.filter(at__gte=since)
        .values("username", "address")
        .annotate(failures=Count("id"))
        .filter(failures__gte=settings.SIGN_IN_PAIR_LIMIT)
        .count()
    )
    if not paused:
        return []
    pairs = "username is" if paused == 1 else "usernames are"
    return [
        Item(
            f"Sign-in for {paused} {pairs} paused after repeated wrong passwords: someone may be guessing, or a "
            "colleague may need a new password.",
            reverse("audit:log") + "?outcome=failed",
            "Failed sign-ins in the access log",
        )
    ]


def recent_refusals() -> list[Item]:
    since = datetime.now(UTC) - REFUSALS_LOOKED_BACK
    refused = AccessRecord.objects.filter(outcome=Outcome.REFUSED, at__gte=since).count()
    if not refused:
        return []
    times = "time" if refused == 1 else "times"
    return [
        Item(
            f"Someone was refused a page or an action {refused} {times} in the last 7 days.",
            reverse("audit:log") + "?outcome=refused",
            "Refusals in the access log",
        )
    ]
