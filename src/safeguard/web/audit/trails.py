"""Two questions the access log answers for the Director's team: who saw this child, and whose
records did this person see, over a period.

A child or their family may ask who has looked at the child's records (a subject access request
under data protection law); a manager may need to know what someone saw before they left or
after a complaint. Both come from the same records: every view or download of children's rows
keeps the children it showed (``AccessedChild``), and every other record names its object. The
web pages (``safeguard.web.audit.views``) and the command (``safeguard access-log``) read only
the functions here, and each lookup is itself recorded by whoever asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet

from safeguard.errors import SafeguardError
from safeguard.web.audit.models import AccessedChild, AccessRecord, ObjectType

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
"""How a date may be written: 2026-03-31 or 31/03/2026."""


def parse_day(text: str, what: str) -> date | None:
    """A day typed by a person (blank for none); ``what`` names the field in the message."""
    text = text.strip()
    if not text:
        return None
    for layout in DATE_FORMATS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise SafeguardError(f"{what} must be a date such as 31/03/2026 (or 2026-03-31), not {text!r}.")


@dataclass(frozen=True)
class Period:
    """Whole days from ``first`` to ``last`` (UTC), either end open when absent."""

    first: date | None = None
    last: date | None = None

    def __post_init__(self) -> None:
        if self.first and self.last and self.first > self.last:
            raise SafeguardError("The period's first day is after its last day.")

    def within(self, records: QuerySet[AccessRecord]) -> QuerySet[AccessRecord]:
        if self.first:
            records = records.filter(at__gte=datetime.combine(self.first, time(), tzinfo=UTC))
        if self.last:
            records = records.filter(at__lt=datetime.combine(self.last + timedelta(days=1), time(), tzinfo=UTC))
        return records

    def describe(self) -> str:
        if self.first and self.last:
            return f"from {self.first:%d %B %Y} to {self.last:%d %B %Y}"
        if self.first:
            return f"from {self.first:%d %B %Y}"
        if self.last:
            return f"up to {self.last:%d %B %Y}"
        return "at any time"

    def note(self) -> str:
        """The period as recorded with a lookup (``from=2026-01-01 to=2026-03-31``)."""
        return " ".join(f"{name}={day.isoformat()}" for name, day in (("from", self.first), ("to", self.last)) if day)


def who_saw(child_id: str, period: Period) -> QuerySet[AccessRecord]:
    """Every record, newest first, whose response showed or exported this child's record, or
    that named the child as its object."""
    child_id = child_id.strip()
    return period.within(
        AccessRecord.objects.filter(children__child_id=child_id)
        | AccessRecord.objects.filter(object_type=ObjectType.CHILD, object_id=child_id)
    ).distinct()


def what_was_seen(username: str, period: Period) -> QuerySet[AccessRecord]:
    """Every record of this person, newest first, with the children each one touched
    (``record.children.all()``, fetched with the records)."""
    return period.within(AccessRecord.objects.filter(username=username.strip())).prefetch_related(
        Prefetch("children", queryset=AccessedChild.objects.order_by("child_id"))
    )


def children_of(entry: AccessRecord) -> list[str]:
    return [child.child_id for child in entry.children.all()]


def child_rows(entries: QuerySet[AccessRecord]) -> Iterator[tuple[AccessRecord, str]]:
    """One row per child each record touched (a record that touched none: one row, no child),
    for downloads, where a list of thousands of ids has no place in one cell."""
    for entry in entries.iterator(chunk_size=500):
        children = children_of(entry)
        if not children:
            yield entry, ""
        for child in children:
            yield entry, child
