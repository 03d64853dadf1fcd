"""The council's own limits on its indicators, such as "no unallocated cases".

Councils set local standards beside the statistical ones (DOMAIN §2.C, workforce: "no
unallocated child protection, in-care or in-need cases"). They live in the council's settings
(``council.json``) under ``thresholds``, one entry per indicator id::

    "thresholds": {
        "unallocated_cases": {"above": 0},
        "assessments_within_45wd": {"below": 80}
    }

A month is a concern when its value is above ``above`` or below ``below``. Indicators whose
target is zero (polarity ``zero``) get ``{"above": 0}`` unless the council says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from safeguard.errors import SafeguardError
from safeguard.warnings.records import format_value


@dataclass(frozen=True)
class LocalThreshold:
    indicator_id: str
    above: float | None = None
    below: float | None = None

    def __post_init__(self) -> None:
        if self.above is None and self.below is None:
            raise ValueError("a local threshold needs 'above' or 'below'")

    def breached_by(self, value: float) -> bool:
        return (self.above is not None and value > self.above) or (self.below is not None and value < self.below)

    def limit_breached_by(self, value: float) -> float:
        """The limit a breaching value is beyond (the upper one if it is above it)."""
        if self.above is not None and value > self.above:
            return self.above
        assert self.below is not None
        return self.below

    def rule_name(self, value: float) -> str:
        return "above_local_limit" if self.above is not None and value > self.above else "below_local_limit"

    def describe_breach(self, value: float, unit: str) -> str:
        side = "Above" if self.rule_name(value) == "above_local_limit" else "Below"
        return f"{side} the council's limit of {format_value(self.limit_breached_by(value), unit)}"

    def describe(self, unit: str) -> str:
        parts = []
        if self.above is not None:
            parts.append(f"no more than {format_value(self.above, unit)}")
        if self.below is not None:
            parts.append(f"at least {format_value(self.below, unit)}")
        return "local limit: " + " and ".join(parts)


class ThresholdedIndicator(Protocol):
    id: str
    polarity: str


def local_thresholds(
    configured: Mapping[str, object] | None,
    indicators: Iterable[ThresholdedIndicator],
    source: str = "council.json",
) -> dict[str, LocalThreshold]:
    """The thresholds in force: the council's, plus zero for zero-target indicators it left out.

    ``source`` names the settings file in errors, which name the indicator and the field.
    """
    known = {indicator.id: indicator for indicator in indicators}
    thresholds = {
        indicator.id: LocalThreshold(indicator.id, above=0.0)
        for indicator in known.values()
        if indicator.polarity == "zero"
    }
    for indicator_id, entry in (configured or {}).items():
        if indicator_id not in known:
            raise SafeguardError(f"{source}: thresholds: {indicator_id!r} is not an indicator id.")
        if not isinstance(entry, Mapping) or not entry or set(entry) - {"above", "below"}:
            raise SafeguardError(
                f"{source}: thresholds.{indicator_id}: write {{\"above\": N}} and/or {{\"below\": N}}, got {entry!r}."
            )
        limits: dict[str, float] = {}
        for field, value in entry.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SafeguardError(f"{source}: thresholds.{indicator_id}.{field}: {value!r} is not a number.")
            limits[field] = float(value)
        thresholds[indicator_id] = LocalThreshold(indicator_id, limits.get("above"), limits.get("below"))
    return thresholds

