"""Cycles built through the services, for the self-assessment's tests."""

from __future__ import annotations

from datetime import date

from safeguard.governance.assessments import services
from safeguard.governance.assessments.models import AssessmentCycle


def graded_cycle(by, grades: dict[str, str] | None = None, start: date = date(2026, 4, 1)) -> AssessmentCycle:
    """A draft cycle with every factor graded (``good`` unless ``grades`` says otherwise) and narrated."""
    cycle = services.start_cycle(by=by, period_start=start)
    for assessment in cycle.factors.all():
        grade = (grades or {}).get(assessment.factor, "good")
        services.edit_factor(assessment, by=by, seen_version=1, changes={"grade": grade, "narrative": f"Why {grade}."})
    return AssessmentCycle.objects.get(pk=cycle.pk)


def agreed(cycle: AssessmentCycle, drafter, director) -> AssessmentCycle:
    cycle = services.move_cycle(cycle, "submit", by=drafter, seen_version=cycle.version, measure=lambda _id: None)
    return services.move_cycle(cycle, "agree", by=director, seen_version=cycle.version)
