"""The figures for the store as it is now, worked out once per state of the store.

A state is its snapshots, the council's settings, the loaded benchmarks, the stored baselines
and the version of the code that works figures out (the fingerprint). Its figures are kept as
JSON beside the snapshots and in memory, so a page costs a few ``stat`` calls and a dictionary
lookup, not a DuckDB run; ``Published`` then says which cells each kind of viewer may see, and
keeps what the pages make of the figures for each kind of viewer.

Whether the state has changed is first asked cheaply (`_state_key`: the names in the snapshots
folder and the identity of each settings file); only when that answer changes is the store
opened and the fingerprint worked out again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import date, datetime
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeVar

from safeguard.aggregates.figures import ComputedIndicator, Figures, SignalMonth, compute_figures
from safeguard.aggregates.hidden_cells import Unit_, hidden_cells_of_all
from safeguard.aggregates.viewer import Viewer
from safeguard.benchmarks.comparison import Benchmark
from safeguard.benchmarks.loader import FOLDER_NAME, POINTER_NAME, current_load
from safeguard.council import council_path
from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home
from safeguard.indicators.engine import IndicatorValue
from safeguard.snapshots import Store, WorkforceStore
from safeguard.warnings.baselines import Baseline, BaselineStore
from safeguard.warnings.records import EarlyWarning

FIGURES_FORMAT = 1
"""Raised whenever the stored figures' layout changes, so older files are recomputed."""
FIGURES_FOLDER = "figures"
CODE_THE_FIGURES_COME_FROM = (
    "safeguard.indicators",
    "safeguard.warnings",
    "safeguard.benchmarks",
    "safeguard.aggregates.figures",
    "safeguard.council",
    "safeguard.calendar",
    "safeguard.timescales",
)
"""The packages and modules whose code decides a figure: the indicators' definitions and engine,
the control charts, the comparisons, and the settings, calendar and timescales they read."""
CODE_SUFFIXES = (".py", ".sql", ".toml")


def _value_json(value: IndicatorValue) -> dict[str, Any]:
    return value.to_json()


def _value_from(data: dict[str, Any]) -> IndicatorValue:
    return IndicatorValue(
        **{**data, "period_start": date.fromisoformat(data["period_start"]), "period_end": date.fromisoformat(data["period_end"])}
    )


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, so a dataclass's fields can be written as JSON."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()}


def _figures_json(figures: Figures) -> dict[str, Any]:
    return {
        "format": FIGURES_FORMAT,
        "fingerprint": figures.fingerprint,
        "computed_at": figures.computed_at.isoformat(),
        "council": figures.council,
        "first_month": figures.first_month.isoformat() if figures.first_month else None,
        "last_month": figures.last_month.isoformat() if figures.last_month else None,
        "indicators": {
            key: {
                "months": [_value_json(value) for value in item.months],
                "years": [_value_json(value) for value in item.years],
                "teams_month": [_value_json(value) for value in item.teams_month],
                "teams_year": [_value_json(value) for value in item.teams_year],
                "council_year": _value_json(item.council_year) if item.council_year else None,
                "baseline": _plain(asdict(item.baseline)) if item.baseline else None,
                "signals": [{**_plain(asdict(signal)), "rules": list(signal.rules)} for signal in item.signals],
                "comparison": asdict(item.comparison) if item.comparison else None,
                "confidence": item.confidence,
            }
            for key, item in figures.indicators.items()
        },
        "warnings": [_warning_json(warning) for warning in figures.warnings],
        "notes": list(figures.notes),
    }


def _warning_json(warning: EarlyWarning) -> dict[str, Any]:
    return {
        **_plain(asdict(warning)),
        "rules": list(warning.rules),
        "signals": [[rule, month.isoformat()] for rule, month in warning.signals],
    }


def _warning_from(data: dict[str, Any]) -> EarlyWarning:
    return EarlyWarning(
        **{
            **data,
            "rules": tuple(data["rules"]),
            "since": date.fromisoformat(data["since"]),
            "detected": date.fromisoformat(data["detected"]),
            "until": date.fromisoformat(data["until"]),
            "signals": tuple((rule, date.fromisoformat(month)) for rule, month in data["signals"]),
        }
    )


def _figures_from(data: dict[str, Any]) -> Figures:
    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    indicators = {}
    for key, item in data["indicators"].items():
        baseline = item["baseline"]
        indicators[key] = ComputedIndicator(
            id=key,
            months=tuple(_value_from(value) for value in item["months"]),
            years=tuple(_value_from(value) for value in item["years"]),
            teams_month=tuple(_value_from(value) for value in item["teams_month"]),
            teams_year=tuple(_value_from(value) for value in item["teams_year"]),
            council_year=_value_from(item["council_year"]) if item["council_year"] else None,
            baseline=Baseline(**{**baseline, "start": day(baseline["start"]), "end": day(baseline["end"])}) if baseline else None,
            signals=tuple(
                SignalMonth(date.fromisoformat(signal["month"]), tuple(signal["rules"]), signal["direction"])
                for signal in item["signals"]
            ),
            comparison=Benchmark(**item["comparison"]) if item["comparison"] else None,
            confidence=item["confidence"],
        )
    warnings = tuple(_warning_from(warning) for warning in data["warnings"])
    return Figures(
        fingerprint=data["fingerprint"],
        computed_at=datetime.fromisoformat(data["computed_at"]),
        council=data["council"],
        first_month=day(data["first_month"]),
        last_month=day(data["last_month"]),
        indicators=indicators,
        warnings=warnings,
        notes=tuple(data["notes"]),
    )


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


@cache
def code_version() -> str:
    """A digest of the code the figures come from (`CODE_THE_FIGURES_COME_FROM`): a changed
    definition, rule or calendar gives another fingerprint, so figures are never served from a
    file worked out by older code."""
    return source_digest(CODE_THE_FIGURES_COME_FROM)


def source_digest(names: Sequence[str]) -> str:
    """A digest of the source files (Python, SQL, TOML) of these packages and modules."""
    digest = hashlib.sha256()
    for name in names:
        spec = find_spec(name)
        if spec is None or spec.origin is None:
            raise SafeguardError(f"{name} cannot be found to version the figures.")
        origin = Path(spec.origin)
        if spec.submodule_search_locations:
            paths = sorted(path for path in origin.parent.rglob("*") if path.suffix in CODE_SUFFIXES and path.is_file())
        else:
            paths = [origin, *sorted(origin.parent.glob(f"{origin.stem}.toml"))]
        for path in paths:
            digest.update(f"{name}:{path.relative_to(origin.parent)}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _fingerprint(store: Store) -> str:
    """What the figures depend on: the snapshots, the council's settings, the benchmarks loaded,
    the stored baselines and the code that works them out, and the layout of the figures file
    itself (including the fields of the engine's records it holds, so a change there recomputes
    rather than misreads)."""
    try:
        load = current_load(store.home).load_id
    except SafeguardError:
        load = None
    parts = {
        "format": FIGURES_FORMAT,
        "code": code_version(),
        "layout": [field.name for kind in (IndicatorValue, Baseline, Benchmark, EarlyWarning) for field in fields(kind)],
        "snapshots": [snapshot.id for snapshot in store.list()],
        "workforce": [snapshot.id for snapshot in WorkforceStore(store.home).list()],
        "council": _file_digest(council_path(store.home)),
        "baselines": _file_digest(BaselineStore(store.home).path),
        "benchmarks": load,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()[:32]


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """One process at a time works the figures out (the others wait, then read its file)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w", encoding="ascii") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_atomically(path: Path, document: dict[str, Any]) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=".figures-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as sink:
            json.dump(document, sink)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


MEMORY_STATES = 4
"""States of the store whose figures a process keeps in memory (one, bar imports in progress)."""
_memory: OrderedDict[str, Published] = OrderedDict()
_fingerprints: OrderedDict[Hashable, str] = OrderedDict()
"""The fingerprint last worked out for each state key (`_state_key`)."""
_memory_lock = threading.Lock()


def _file_identity(path: Path) -> tuple[int, int, int] | None:
    """Which version of a file this is: its inode, size and time of change (each of the
    settings files is replaced whole, by a rename, so a new version has another identity)."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def _state_key(home: Path) -> Hashable:
    """A cheap stand-in for the fingerprint, read with a few system calls: it changes whenever
    any input of the figures may have changed. Snapshots are folders that never change once
    committed, so their names say which are there; the settings, baselines and the pointer to
    the benchmarks loaded are files replaced whole."""
    try:
        snapshots = tuple(sorted(os.listdir(home / "snapshots")))
    except FileNotFoundError:
        snapshots = ()
    return (
        str(home),
        snapshots,
        _file_identity(council_path(home)),
        _file_identity(BaselineStore(home).path),
        _file_identity(home / FOLDER_NAME / POINTER_NAME),
    )


def published() -> Published:
    """The figures for the store as it is now: from memory, else from their file, else worked
    out (and kept) now. The store is opened only when its state key has changed."""
    home = safeguard_home()
    key = _state_key(home)
    with _memory_lock:
        fingerprint = _fingerprints.get(key)
        found = _memory.get(fingerprint) if fingerprint is not None else None
    if found is not None:
        return found
    result = _published_opening_the_store(home)
    if _state_key(home) == key:
        with _memory_lock:
            _fingerprints[key] = result.figures.fingerprint
            while len(_fingerprints) > MEMORY_STATES:
                _fingerprints.popitem(last=False)
    return result


def _published_opening_the_store(home: Path) -> Published:
    with Store(home) as store:
        fingerprint = _fingerprint(store)
        with _memory_lock:
            found = _memory.get(fingerprint)
        if found is not None:
            return found
        folder = store.home / FIGURES_FOLDER
        path = folder / f"{fingerprint}.json"
        with _exclusive(folder):
            figures = _read_figures(path)
            if figures is None:
                figures = compute_figures(store, fingerprint)
                _write_atomically(path, _figures_json(figures))
                for stale in folder.glob("*.json"):
                    if stale != path:
                        stale.unlink(missing_ok=True)
    result = Published(figures)
    with _memory_lock:
        _memory[fingerprint] = result
        while len(_memory) > MEMORY_STATES:
            _memory.popitem(last=False)
    return result


def _read_figures(path: Path) -> Figures | None:
    """The figures in ``path``, or None when there is no such file or it is of another layout."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise SafeguardError(f"{path}: the stored figures cannot be read ({error}); delete the file to work them out again.") from error
    return _figures_from(data) if data.get("format") == FIGURES_FORMAT else None


Kept = TypeVar("Kept")


class Published:
    """One state of the store's figures, and what each kind of viewer may see of them."""

    def __init__(self, figures: Figures) -> None:
        self.figures = figures
        self._hidden: dict[bool, dict[str, frozenset[Unit_]]] = {}
        self._kept: dict[Hashable, object] = {}
        self._lock = threading.Lock()

    def kept(self, key: Hashable, make: Callable[[], Kept]) -> Kept:
        """What ``make`` gives, made once for this state of the figures and kept: a page's
        content for one kind of viewer is the same until the figures change. ``key`` names the
        content and everything it depends on besides the figures (the viewer, the indicator)."""
        with self._lock:
            if key in self._kept:
                return self._kept[key]  # type: ignore[return-value]
        made = make()
        with self._lock:
            return self._kept.setdefault(key, made)  # type: ignore[return-value]

    def hidden(self, indicator_id: str, viewer: Viewer) -> frozenset[Unit_]:
        """The cells of one indicator this viewer may not see (none for exact viewers), chosen
        with every other indicator's cells in view (``hidden_cells``)."""
        if viewer.exact:
            return frozenset()
        with self._lock:
            found = self._hidden.get(viewer.teams)
            if found is None:
                found = hidden_cells_of_all(self.figures.indicators, viewer.teams)
                self._hidden[viewer.teams] = found
        return found.get(indicator_id, frozenset())
