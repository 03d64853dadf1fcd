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
- ``related_as_at(records, paths, as_at)`` points each record's relations (its owner, a
  sub-group's chair and the chair's agency) at the people, members and agencies as they stood
  at the same moment, from their own history, so a name changed since shows as it was;
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


def _latest_rows(history: Any, key: str, moment: datetime) -> Any:
    """Each object's latest historical row saved on or before ``moment``.

    Two saves of one record at the same instant (possible when a back-dated history gives two
    steps the same time) are told apart by the order they were saved in, so each record appears
    once."""
    later = history.filter(
        Q(**{key: OuterRef(key)}),
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id")),
    )
    return history.filter(history_date__lte=moment).filter(~Exists(later.filter(history_date__lte=moment)))


def _first_rows(history: Any, key: str, moment: datetime) -> Any:
    """Each object's first historical row saved after ``moment``: how it was when its history
    began, for an object whose history began after the moment."""
    earlier = history.filter(
        Q(**{key: OuterRef(key)}),
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
    )
    return history.filter(history_date__gt=moment).filter(~Exists(earlier.filter(history_date__gt=moment)))


def records_as_at(model: type[Record], moment: datetime) -> Any:
    """The records of ``model`` that existed at ``moment``, each as its latest save on or before
    it left it: a query of ``model`` instances (filter it by the fields the record had then)."""
    return _latest_rows(model.history, model._meta.pk.attname, moment).as_instances()


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


def _history_of(model: type[Any]) -> Any:
    """The history manager of ``model`` (django-simple-history), or None if it keeps none."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute) if attribute else None


def objects_as_at(model: type[Any], keys: Iterable[Any], moment: datetime) -> dict[Any, Any]:
    """The objects of ``model`` with ``keys``, each as it stood at ``moment``: as its latest save
    on or before the moment; for one whose history began after the moment (a person whose account,
    or whose history, was started later), as its history began; as it stands now for a model that
    keeps no history. Fields its history leaves out (a person's password) are as they stand now.
    Three queries, whatever the number of keys."""
    wanted = {key for key in keys if key is not None}
    if not wanted:
        return {}
    current = model._base_manager.in_bulk(wanted)
    history = _history_of(model)
    if history is None:
        return current
    key = model._meta.pk.attname
    rows = {getattr(row, key): row for row in _latest_rows(history.filter(**{f"{key}__in": wanted}), key, moment)}
    missing = wanted - rows.keys()
    if missing:
        rows.update((getattr(row, key), row) for row in _first_rows(history.filter(**{f"{key}__in": missing}), key, moment))
    kept = {field.attname for field in history.model._meta.concrete_fields}
    found = dict(current)
    for identifier, row in rows.items():
        now = current.get(identifier)
        values = {field.attname: getattr(row if field.attname in kept or now is None else now, field.attname, None)
                  for field in model._meta.concrete_fields}
        then = model(**values)
        then._state.adding = False
        then._state.db = row._state.db
        found[identifier] = then
    return found


def related_as_at(records: Iterable[Any], paths: Iterable[str], as_at: datetime | None) -> None:
    """Point each of ``records``' relations named in ``paths`` at the object as it stood at
    ``as_at`` (nothing changes when ``as_at`` is None: the relations are read as they stand).

    A path is a chain of forward keys, as in a query: ``"owner"``, ``"chair__agency"`` (the
    sub-group's chair, and the agency that chair was with at the moment, as it was named then).
    A path sets its shorter paths too. The objects come from ``objects_as_at``: a few queries per
    step, shared by every record, so a pack that names a hundred owners reads them at once."""
    if as_at is None:
        return
    steps = sorted({"__".join(path.split("__")[:depth]) for path in paths for depth in range(1, len(path.split("__")) + 1)},
                   key=lambda step: step.count("__"))
    reached: dict[str, list[Any]] = {"": list(records)}
    for step in steps:
        parent, _, name = step.rpartition("__")
        holders = reached.get(parent, [])
        pointed: dict[int, Any] = {}
        by_model: dict[type[Any], list[Any]] = {}
        for holder in holders:
            by_model.setdefault(type(holder), []).append(holder)
        for model, group in by_model.items():
            field = model._meta.get_field(name)
            found = objects_as_at(field.related_model, (getattr(holder, field.attname) for holder in group), as_at)
            for holder in group:
                target = found.get(getattr(holder, field.attname))
                if target is not None:
                    field.set_cached_value(holder, target)
                    pointed[id(target)] = target
        reached[step] = list(pointed.values())
