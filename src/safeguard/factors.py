"""The seven factors of effective safeguarding that the assurance framework is built around.

The London Councils guide for lead members (LMCS guide §3.1) names seven factors that a
council with safe and effective services shows, and §4.1 sets out, for each, what good looks
like and what a lead member should ask. Indicators, self-assessments, audits and plan actions
all point at these factors by id, so the ids below are stable; the wording is ours.
"""

from __future__ import annotations

from dataclasses import dataclass

CITATION = "LMCS guide §3.1"


@dataclass(frozen=True)
class Factor:
    id: str
    number: int
    """The factor's place in the guide's list (LMCS guide §3.1)."""
    title: str
    summary: str
    """What the factor is about, in a sentence of our own."""
    citation: str = CITATION


FACTORS: tuple[Factor, ...] = (
    Factor(
        "leadership",
        1,
        "Leadership",
        "Senior leaders share one view of what must improve, hold stable and clear roles, "
        "and challenge and act quickly when children are at risk.",
    ),
    Factor(
        "culture",
        2,
        "Culture",
        "The service learns from its own practice: managers show the way, staff know the "
        "aims, and reflection leads to change.",
    ),
    Factor(
        "resourcing",
        3,
        "Resourcing",
        "The service has the money and people its demand needs, sees demand coming, and "
        "keeps workloads manageable.",
    ),
    Factor(
        "workforce_development",
        4,
        "Workforce development",
        "Staff get training fit for their role and regular, reflective supervision, and "
        "weak practice is dealt with.",
    ),
    Factor(
        "performance_and_quality",
        5,
        "Performance management and quality assurance",
        "Reliable data reaches members and managers often and drives improvement; audit and "
        "outside scrutiny are welcomed.",
    ),
    Factor(
        "partnership",
        6,
        "Partnership working",
        "Agencies work together from strategy to the front line, share information safely, "
        "put early help first and improve together.",
    ),
    Factor(
        "outcomes",
        7,
        "Improved outcomes for children",
        "Children are heard and shape services, get help early, feel safe, and the "
        "measures of how they fare are improving.",
    ),
)


def factor(factor_id: str) -> Factor:
    """The factor with this id; ``KeyError`` naming the known ids otherwise."""
    for candidate in FACTORS:
        if candidate.id == factor_id:
            return candidate
    known = ", ".join(candidate.id for candidate in FACTORS)
    raise KeyError(f"no factor {factor_id!r} (the factors are: {known})")
