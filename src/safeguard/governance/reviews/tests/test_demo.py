"""The demo council's casework records (issue 9, point 8): briefings acknowledged by the demo
Director, Chief Executive and Lead Member with one still waiting, two serious incidents at
different stages (one with a bank holiday inside its timescale), four disagreements at every
stage of the ladder, a year of complaints and compliments; seeded once, and every page shows them."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from web_support import sign_in

from safeguard.calendar import bank_holidays
from safeguard.governance.briefings.models import BriefingNotice, CaseBriefing
from safeguard.governance.complaints.models import Complaint, Compliment
from safeguard.governance.disagreements.models import Disagreement
from safeguard.governance.reviews.models import SeriousIncident
from safeguard.governance.workflow.demo_cast import DemoCast

pytestmark = pytest.mark.django_db

CASEWORK = ("briefings", "reviews", "disagreements", "complaints")


@pytest.fixture
def cast() -> DemoCast:
    from safeguard.web.demo_users import create_demo_users, demo_people

    create_demo_users()
    return DemoCast(today=timezone.localdate(), data_month=None, people=demo_people())


CASEWORK = ("briefings", "reviews", "disagreements", "complaints")
"""The apps whose year of history needs no snapshot (others draw theirs from the figures)."""


def _seed_everything(cast: DemoCast) -> dict[str, str]:
    said = {}
    for app in settings.GOVERNANCE_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue
        said[app.rsplit(".", 1)[-1]] = module.seed(cast)
    return said


def test_the_demo_seeds_the_casework_once_and_every_page_shows_it(cast):
    said = _seed_everything(cast)
    assert all(said[app] for app in CASEWORK), said
    again = _seed_everything(cast)
    assert all(line == "" or "no snapshot" in line for line in again.values()), again  # run again, it adds nothing

    acknowledged = {notice.person.username for notice in BriefingNotice.objects.exclude(acknowledged_at=None)}
    assert {"demo-dcs", "demo-chief-executive", "demo-lead-member"} <= acknowledged
    waiting = BriefingNotice.objects.filter(acknowledged_at=None, briefing__state="with_leaders")
    assert [notice.person.username for notice in waiting] == ["demo-lead-member"]
    assert CaseBriefing.objects.filter(state="with_director").count() == 1

    incidents = list(SeriousIncident.objects.order_by("pk"))
    assert [item.state for item in incidents] == ["published", "notified"]
    first = incidents[0]
    holidays = {day for year in (first.aware_on.year, first.aware_on.year + 1) for day in bank_holidays(year)}
    assert any(first.aware_on < day <= first.deadlines.panel_notification_due for day in holidays)
    assert first.notified_on is not None and first.notified_on <= first.deadlines.panel_notification_due
    assert [item.action.source if item.action else None for item in first.recommendations.all()] == ["practice_review"] * 3

    assert sorted(item.stage for item in Disagreement.objects.all()) == [1, 2, 3, 4]
    assert Complaint.objects.filter(stage=2).exists() and Complaint.objects.filter(stage=3).exists()
    year_ago = cast.today - timedelta(days=366)
    assert Complaint.objects.filter(received_on__gt=year_ago).count() == 24 and Compliment.objects.count() == 12

    director = sign_in(Client(), cast.person("dcs"))
    member = sign_in(Client(), cast.person("lead_member"))
    pages = [reverse("reviews:casework"), reverse("briefings:briefings"), reverse("reviews:incidents"),
             reverse("disagreements:disagreements"), reverse("disagreements:summary"), reverse("complaints:complaints"),
             reverse("complaints:summary"), *(reverse("reviews:incident", args=[item.pk]) for item in incidents),
             *(reverse("briefings:briefing", args=[item.pk]) for item in CaseBriefing.objects.all()),
             *(reverse("disagreements:disagreement", args=[item.pk]) for item in Disagreement.objects.all()),
             *(reverse("complaints:complaint", args=[item.pk]) for item in Complaint.objects.all()[:5])]
    for url in pages:
        assert director.get(url).status_code == 200, url
    casework = member.get(reverse("reviews:casework")).content.decode()
    assert "Overdue" in casework and "Acknowledge significant case briefing" in casework
    children = ("NB-208114", "NB-517203", "NB-640021")
    for url in pages:
        response = member.get(url)
        assert response.status_code in {200, 403} and not any(child in response.content.decode() for child in children), url
