"""Governance records as they stood at a moment: the one way a report reads the past.

A pack for January made in November must say what the records said in January: which
challenges had been raised by then and where each stood, which plan actions were live and which
were past their due date that day. Every save of a governance record keeps a historical row
dated when the change was made (``models.GovernanceRecord``; the demo's year of history is dated
back by ``transitions._stamp``), and every move between states is in the transition log. So:

- ``records_as_at(Model, moment)`` gives the records that existed at ``moment``, each with the
  fields it had then (a query that can be filtered and ordered like ``Model.objects``);
- ``moved_during(Model, to_states, start, end)`` gives the ids of the records that moved into one
  of ``to_states`` in a window (answered in May, completed in March), from the transition log;
- ``records_of(Model, as_at)`` is either: the records as at a moment, or as they stand now when
  no moment is given, for a service that pages (now) and packs (then) share;
- ``prefetch_as_at(records, relation, rows)`` fills a relation of records read as at a moment
  (a review's recommendations) from rows read as at the same moment;
- ``children_of(Model, parent=..., parents=..., as_at=...)`` gives each record's child rows (a
  complaint's stages, a meeting's attendance) as at the same moment: each child keeps its own
  history, and a prefetch would read today's;
- ``end_of_day`` is the last moment of a day, the moment a report "as at" that day reads.

A record changed since the moment is shown as it was, never as it is; a record made after it is
not there. A change is dated when it was saved, so something written later about an earlier day
(a progress note typed in June about May) counts from June.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects

from safeguard.governance.workflow.models import GovernanceRecord, TransitionRecord

Record = TypeVar("Record", bound=GovernanceRecord)


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` (UTC): records as at a day include everything saved that day."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def records_as_at(model: type[Record], moment: datetime) -> Any:
    """The records of ``model`` that existed at ``moment``, each as its latest save on or before
    it left it: a query of ``model`` instances (filter it by the fields the record had then).

    Two saves of one record at the same instant (possible when a back-dated history gives two
    steps the same time) are told apart by the order they were saved in, so each record appears
    once."""
    history: Any = model.history
    key = model._meta.pk.attname
    later = history.filter(
        Q(**{key: OuterRef(key)}),
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id")),
    )
    return history.filter(history_date__lte=moment).filter(~Exists(later.filter(history_date__lte=moment))).as_instances()


def records_of(model: type[Record], as_at: datetime | None) -> Any:
    """The records as they stood at ``as_at`` (``records_as_at``), or as they stand now (``None``)."""
    return model._default_manager.all() if as_at is None else records_as_at(model, as_at)


def children_of(model: type[Record], *, parent: str, parents: Iterable[Any], as_at: datetime | None) -> dict[Any, list[Record]]:
    """The rows of ``model`` that belong to each of ``parents`` (by the key field ``parent``,
    such as ``"complaint_id"``), as they stood at ``as_at`` or now: every parent's key is there,
    with no rows if it had none then. Rows come in the order they were first saved."""
    grouped: dict[Any, list[Record]] = {item.pk: [] for item in parents}
    rows = records_of(model, as_at).filter(**{f"{parent}__in": list(grouped)}).order_by(model._meta.pk.attname)
    for row in rows:
        grouped[getattr(row, parent)].append(row)
    return grouped


def prefetch_as_at(records: list[Any], relation: str, rows: Any) -> None:
    """Fill ``relation`` (a reverse or forward relation, such as ``"recommendations"``) of each of
    ``records`` from ``rows`` (``records_as_at`` of the related model, at the records' moment):
    ``prefetch_related`` cannot do it on the history query itself."""
    prefetch_related_objects(records, Prefetch(relation, queryset=rows))


def moved_during(model: type[GovernanceRecord], *, to_states: Iterable[str], start: datetime, end: datetime) -> set[Any]:
    """The ids (as the model's keys) of ``model``'s records that moved into one of ``to_states``
    between ``start`` and ``end``, both included, by the transition log."""
    moves = TransitionRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model), to_state__in=list(to_states), at__gte=start, at__lte=end
    )
    key = model._meta.pk
    return {key.to_python(object_id) for object_id in moves.values_list("object_id", flat=True)}
