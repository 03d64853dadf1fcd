"""The demo council's early warnings with owners: a warning from last spring, long gone, that the
Director and the Lead Member each acknowledged with their reasons and that led to a challenge
and a plan action; and, on the warnings the demo's figures show now, the Director's
acknowledgement of the first two concerns, the Chief Executive's of the first, and one still
waiting for everyone; and the older warnings each leader read at an earlier month's briefing,
acknowledged then. So each leader's home shows their own short list, the newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from safeguard import aggregates
from safeguard.aggregates import Viewer, WarningView
from safeguard.calendar import month_end, months_later
from safeguard.governance.warning_owners import services
from safeguard.governance.warning_owners.models import Acknowledgement, TrackedWarning, WarningName
from safeguard.governance.workflow.demo_cast import DemoCast

EARLIER_NAME = "cpp_visit_in_timescale--control_chart--{month}--concern"


def _earlier_warning(cast: DemoCast) -> TrackedWarning:
    """Child protection visits on time fell last spring, and recovered by the summer."""
    since = cast.day(330).replace(day=1)
    tracked = TrackedWarning.objects.create(
        indicator_id="cpp_visit_in_timescale", source="control_chart", direction="down", reading="concern",
        title="Child protection visits within timescale (%)", since=since, until=months_later(since, 4),
    )
    WarningName.objects.create(key=EARLIER_NAME.format(month=f"{since:%Y-%m}"), warning=tracked)
    return tracked


KEPT_UP = {
    "lead_member": "Read at the monthly briefing; I asked the Director to bring the reasons and what is being done to the next one.",
    "dcs": "Discussed with the heads of service when the month's figures came in; the actions are on the improvement plan.",
    "chief_executive": "Noted at my monthly meeting with the Director; I will look for it again in the next quarter's report.",
}
"""What each leader said of the warnings they read at an earlier month's briefing."""


def _kept_up(cast: DemoCast, views: Sequence[WarningView], current: dict[str, TrackedWarning]) -> int:
    """Warnings first shown two or more months before the latest figures: each leader read them
    at that month's briefing and acknowledged them then, so their home shows only the newest."""
    if not views:
        return 0
    newest = months_later(max(view.detected for view in views), -1)
    made = 0
    for key, response in KEPT_UP.items():
        person = cast.person(key)
        done = services.acknowledged_by(person, list(current.values()))
        for view in views:
            tracked = current[view.key]
            if view.detected >= newest or tracked.pk in done:
                continue
            read_on = min(month_end(view.detected) + timedelta(days=12), cast.day(1))
            services.acknowledge(tracked, by=person, seen_version=0, at=cast.at((cast.today - read_on).days), response=response)
            made += 1
    return made


def seed(cast: DemoCast) -> str:
    if Acknowledgement.objects.exists():
        return ""
    director, member, chief = cast.person("dcs"), cast.person("lead_member"), cast.person("chief_executive")
    earlier = _earlier_warning(cast)
    services.acknowledge(earlier, by=director, seen_version=0, at=cast.at(300),
                         response="Two team managers left in March; agency cover starts next week and I am checking visits weekly.")
    services.acknowledge(earlier, by=member, seen_version=0, at=cast.at(296),
                         response="Asked the Director for the weekly visit figures until they are back above 90%.")
    services.challenge_from(earlier, by=member, at=cast.at(296),
                            question="Which children waited longest for a visit, and were any of them seen by another agency meanwhile?")
    services.action_from(earlier, by=director, at=cast.at(292), title="Weekly visit tracker for every child on a plan, checked by team managers",
                         owner=cast.person("head_of_child_protection"), due=cast.day(-30))
    views = aggregates.current_warnings(Viewer(exact=True, teams=True))
    current = services.track(views)
    concerns = [tracked for tracked in current.values() if tracked.reading == "concern"]
    for tracked in concerns[:2]:
        services.acknowledge(tracked, by=director, seen_version=0, at=cast.at(20),
                             response="The service manager is reviewing the cases behind this; I will report at the next briefing.")
    for tracked in concerns[:1]:
        services.acknowledge(tracked, by=chief, seen_version=0, at=cast.at(12),
                             response="Discussed with the Director at our one-to-one; I want to see the review's findings.")
    acknowledged = 2 + min(len(concerns), 2) + min(len(concerns), 1) + _kept_up(cast, views, current)
    return (
        f"Early warnings: {acknowledged} acknowledgements by the Director, Lead Member and Chief Executive, "
        f"one challenge and one plan action raised from a warning ({len(current)} warnings showing now)."
    )
