"""The council's own limits on its indicators, such as "no unallocated cases".

Councils set local standards beside the statistical ones (DOMAIN §2.C, workforce: "no
unallocated child protection, in-care or in-need cases"). They are kept in the council's
settings (``council.json``, read by ``safeguard.council``) as a ``low`` and/or ``high`` limit
per indicator; a month below ``low`` or above ``high`` is a concern. Indicators whose target is
zero (polarity ``zero``) have a ``high`` of 0 unless the council sets its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from safeguard.council import Threshold
from safeguard.warnings.records import format_value

FILE_FORMAT = "\n\n".join(
    (
        "The council's own limits live in its settings file, council.json in the store's folder "
        '(SAFEGUARD_HOME), under "thresholds": one entry per indicator id holding "low" (a month below '
        'it is a concern), "high" (a month above it is a concern), or both, as numbers in the '
        "indicator's own unit: percentages from 0 to 100, rates per 10,000 children, or numbers of "
        "children. For example:",
        '"thresholds": {"re_referral_rate": {"high": 25}, "assessments_within_45wd": {"low": 80}}',
        'Indicators whose target is zero (unallocated_cases) have a "high" of 0 unless the file sets '
        "another. A file naming an unknown indicator, giving a limit that is not a number, or a "
        '"low" above its "high" is refused with the file and field named, and nothing runs.',
    )
)
"""How to write local thresholds: shown by ``safeguard warnings --help`` and in ``docs/indicators.md``."""


class ThresholdedIndicator(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def polarity(self) -> str: ...


@dataclass(frozen=True)
class Breach:
    """A value beyond a limit: which side, and the limit it passed."""

    side: Literal["above", "below"]
    limit: float

    @property
    def rule(self) -> str:
        return f"{self.side}_local_limit"


def thresholds_in_force(configured: Mapping[str, Threshold], indicators: Iterable[ThresholdedIndicator]) -> dict[str, Threshold]:
    """The council's thresholds, plus a limit of zero for zero-target indicators it left out."""
    defaults = {indicator.id: Threshold(high=0.0) for indicator in indicators if indicator.polarity == "zero"}
    return {**defaults, **configured}


def breach_of(threshold: Threshold, value: float) -> Breach | None:
    if threshold.high is not None and value > threshold.high:
        return Breach("above", threshold.high)
    if threshold.low is not None and value < threshold.low:
        return Breach("below", threshold.low)
    return None


def describe_threshold(threshold: Threshold, unit: str) -> str:
    """'local limit: no more than 0', 'local limit: at least 80.0%'."""
    parts = []
    if threshold.high is not None:
        parts.append(f"no more than {format_value(threshold.high, unit)}")
    if threshold.low is not None:
        parts.append(f"at least {format_value(threshold.low, unit)}")
    return "local limit: " + " and ".join(parts)
