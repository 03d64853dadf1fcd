"""Partner sharing and emergency access (issue 12 point 11; DOMAIN.md §7): a partner sees only
what an approved agreement grants its agency, within its dates; an emergency look at a child is
for named roles with a reason, is shown to the Director's team at once and is reviewed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.governance.sharing import services
from safeguard.governance.sharing.models import EMERGENCY_HOURS, EmergencyAccess, SharingAgreement
from safeguard.governance.sharing.tests.samples import a_child_id, agreement, emergency, partner_of
from safeguard.governance.workflow.transitions import NotAllowed, transitions_of
from safeguard.roles import ROLES, Permission, Role
from safeguard.web.audit.models import AccessedChild, AccessRecord, Outcome

pytestmark = pytest.mark.django_db

TODAY = date.today()


def _partner(make_person, agency: str = "police"):
    person = make_person(Role.BOARD_MEMBER)
    partner_of(person, agency)
    return person, sign_in(Client(), person)


def _look(client, found: SharingAgreement, list_key: str = "referrals"):
    return client.get(reverse("sharing:shared_list", args=[found.pk, list_key]))


def test_a_partner_sees_a_granted_list_while_the_agreement_runs_and_each_child_shown_is_recorded(make_person, snapshot_id):
    person, client = _partner(make_person)
    found = agreement(make_person(Role.DCS))
    response = _look(client, found)
    assert response.status_code == 200
    [entry] = AccessRecord.objects.filter(action="view_shared_list")
    assert (entry.outcome, entry.username) == (Outcome.ALLOWED, person.username)
    assert found.reference in entry.purpose
    shown = set(AccessedChild.objects.filter(access=entry).values_list("child_id", flat=True))
    assert shown and all(child in response.content.decode() for child in shown)
    assert a_child_id() in shown


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(TODAY + timedelta(days=1), TODAY + timedelta(days=90)), (TODAY - timedelta(days=90), TODAY - timedelta(days=1))],
    ids=["not yet begun", "already over"],
)
def test_outside_its_dates_an_agreement_shows_nothing_and_the_refusal_is_recorded(make_person, snapshot_id, starts, ends):
    person, client = _partner(make_person)
    found = agreement(make_person(Role.DCS), starts_on=starts, ends_on=ends)
    response = _look(client, found)
    assert response.status_code == 403
    assert "nothing is shared under it outside those dates" in response.content.decode()
    assert a_child_id() not in response.content.decode()
    [entry] = AccessRecord.objects.filter(action="view_shared_list")
    assert (entry.outcome, entry.username) == (Outcome.REFUSED, person.username)
    assert not AccessedChild.objects.filter(access=entry).exists()


def test_a_list_the_agreement_does_not_grant_is_refused(make_person, snapshot_id):
    _person, client = _partner(make_person)
    found = agreement(make_person(Role.DCS), lists=("referrals",))
    response = _look(client, found, "child_protection_plans")
    assert response.status_code == 403 and "does not share that list" in response.content.decode()
    assert AccessRecord.objects.get(action="view_shared_list").outcome == Outcome.REFUSED


def test_another_agencys_agreement_or_one_not_approved_is_refused(make_person, snapshot_id):
    _person, client = _partner(make_person, agency="health")
    director = make_person(Role.DCS)
    assert _look(client, agreement(director, partner="police")).status_code == 403
    assert _look(client, agreement(director, partner="health", state="proposed")).status_code == 403
    assert _look(client, agreement(director, partner="health", state="ended")).status_code == 403
    assert _look(client, agreement(director, partner="health")).status_code == 200
    assert list(AccessRecord.objects.filter(action="view_shared_list").order_by("id").values_list("outcome", flat=True)) == [
        Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.ALLOWED,
    ]


def test_the_partners_page_lists_only_what_is_in_force_for_their_agency(make_person, snapshot_id):
    _person, client = _partner(make_person)
    director = make_person(Role.DCS)
    running = agreement(director, lists=("referrals", "children_in_care"))
    agreement(director, partner="health")
    agreement(director, starts_on=TODAY - timedelta(days=60), ends_on=TODAY - timedelta(days=1))
    page = client.get(reverse("sharing:shared")).content.decode()
    links = [reverse("sharing:shared_list", args=[found.pk, key]) for found in SharingAgreement.objects.all() for key in found.lists]
    assert [link for link in links if link in page] == [reverse("sharing:shared_list", args=[running.pk, key]) for key in running.lists]


def test_the_director_proposes_approves_and_ends_an_agreement_with_its_history(make_person):
    director = make_person(Role.DCS)
    client = sign_in(Client(), director)
    response = client.post(reverse("sharing:agreement_add"), {
        "partner": "education", "purpose": "Designated safeguarding leads' checks on children on plans.", "lists": ["child_protection_plans"],
        "starts_on_day": str(TODAY.day), "starts_on_month": str(TODAY.month), "starts_on_year": str(TODAY.year),
        "ends_on_day": "31", "ends_on_month": "12", "ends_on_year": str(TODAY.year + 1),
    })
    assert response.status_code == 302
    found = SharingAgreement.objects.get()
    assert (found.state, found.lists, found.approved_by) == ("proposed", ["child_protection_plans"], None)
    services.move_agreement(found, "approve", by=director, seen_version=1, reason="Necessary and proportionate: one list, one purpose.")
    found.refresh_from_db()
    assert (found.state, found.approved_by_id) == ("approved", director.pk) and found.in_force_on(TODAY)
    services.move_agreement(found, "end", by=director, seen_version=2, reason="The project finished early.")
    found.refresh_from_db()
    assert (found.state, found.ends_on) == ("ended", TODAY) and not found.in_force_on(TODAY)
    assert [step.transition for step in transitions_of(found)] == ["approve", "end"]
    assert found.history.count() == 3
    page = client.get(reverse("sharing:agreement", args=[found.pk])).content.decode()
    assert f"{director.display_name}, " in page and "Ended: nothing shared any more" in page


def test_an_agreement_must_name_lists_about_children_and_end_after_it_starts(make_person):
    director = make_person(Role.DCS)
    with pytest.raises(ValidationError, match="not lists about children"):
        services.propose(by=director, partner="police", purpose="x", lists=["adopters"], starts_on=TODAY, ends_on=TODAY)
    with pytest.raises(ValidationError):
        services.propose(by=director, partner="police", purpose="x", lists=["referrals"], starts_on=TODAY, ends_on=TODAY - timedelta(days=1))
    with pytest.raises(NotAllowed):
        services.propose(by=make_person(Role.BOARD_MEMBER), partner="police", purpose="x", lists=["referrals"], starts_on=TODAY, ends_on=TODAY)
    assert not SharingAgreement.objects.exists()


def test_only_the_named_roles_may_break_glass():
    allowed = {role for role, definition in ROLES.items() if Permission.BREAK_GLASS in definition.permissions}
    assert allowed == {Role.DCS, Role.PRACTICE_LEAD, Role.BOARD_MEMBER}
    assert all(ROLES[role].second_factor for role in allowed)


def test_an_emergency_look_needs_a_reason_is_told_to_the_directors_team_at_once_and_is_reviewed(make_person, snapshot_id):
    lead = make_person(Role.PRACTICE_LEAD)
    client = sign_in(Client(), lead)
    child = a_child_id()
    short = client.post(reverse("sharing:emergency_open"), {"child_id": child, "reason": "urgent"})
    assert short.status_code == 400 and not EmergencyAccess.objects.exists()
    unknown = client.post(reverse("sharing:emergency_open"), {"child_id": "NOSUCHCHILD", "reason": "A child at the hospital out of hours, parent hostile."})
    assert unknown.status_code == 400 and not EmergencyAccess.objects.exists()

    opened = client.post(reverse("sharing:emergency_open"), {"child_id": child.lower(), "reason": "A child at the hospital out of hours, parent hostile."})
    look = EmergencyAccess.objects.get()
    assert opened["Location"] == reverse("sharing:emergency_child", args=[look.pk])
    assert (look.child_id, look.role, look.state) == (child.upper(), "practice_lead", "open")
    assert abs(look.expires_at - look.created_at - timedelta(hours=EMERGENCY_HOURS)) < timedelta(seconds=1)
    shown = client.get(opened["Location"])
    assert shown.status_code == 200 and child in shown.content.decode()
    entry = AccessRecord.objects.get(action="view_child_in_emergency")
    assert entry.outcome == Outcome.ALLOWED and "hospital" in entry.purpose
    assert list(AccessedChild.objects.filter(access=entry).values_list("child_id", flat=True)) == [child.upper()]

    director = make_person(Role.DCS)
    home = sign_in(Client(), director).get(reverse("home")).content.decode()
    assert "1 emergency look at a child&#39;s records waits for review" in home and lead.display_name in home
    assert child not in home
    services.review(look, by=director, seen_version=1, reason="Out of hours and justified.", outcome="justified")
    look.refresh_from_db()
    assert (look.state, look.outcome, look.reviewed_by_id) == ("reviewed", "justified", director.pk)
    assert "waits for review" not in sign_in(Client(), director).get(reverse("home")).content.decode()


def test_an_emergency_look_is_for_its_opener_only_and_ends(make_person, snapshot_id):
    opener = make_person(Role.BOARD_MEMBER)
    other = make_person(Role.BOARD_MEMBER)
    look = emergency(opener, a_child_id())
    assert sign_in(Client(), other).get(reverse("sharing:emergency_child", args=[look.pk])).status_code == 403
    ended = emergency(opener, a_child_id(), hours_ago=EMERGENCY_HOURS + 0.5)
    response = sign_in(Client(), opener).get(reverse("sharing:emergency_child", args=[ended.pk]))
    assert response.status_code == 403 and "open a new one" in response.content.decode()
    assert list(AccessRecord.objects.filter(action="view_child_in_emergency").order_by("id").values_list("outcome", flat=True)) == [Outcome.REFUSED, Outcome.REFUSED]


def test_a_review_overdue_shows_as_overdue_on_the_directors_home(make_person):
    opener = make_person(Role.PRACTICE_LEAD)
    emergency(opener, hours_ago=24 * 3)
    from safeguard.web.leadership.emergency_attention import emergency_items

    [item] = emergency_items(ROLES[Role.DCS].permissions, now=datetime.now(UTC))
    assert item.overdue and "1 of them for more than 2 days" in item.text
    assert emergency_items(ROLES[Role.LEAD_MEMBER].permissions) == []


def test_the_demo_seeds_a_year_of_agreements_and_emergency_looks_once(snapshot_id):
    from django.utils import timezone

    from safeguard.governance.disagreements import demo as disagreements_demo
    from safeguard.governance.sharing import demo
    from safeguard.governance.workflow.demo_cast import DemoCast
    from safeguard.web.demo_users import create_demo_users, demo_people

    create_demo_users()
    cast = DemoCast(today=timezone.localdate(), data_month=None, people=demo_people())
    disagreements_demo.seed(cast)
    assert demo.seed(cast) == "Sharing: 5 agreements with partner agencies, 4 emergency looks at children's records."
    assert demo.seed(cast) == ""
    states = sorted(SharingAgreement.objects.values_list("state", flat=True))
    assert states == ["approved", "approved", "ended", "proposed", "withdrawn"]
    police = SharingAgreement.objects.get(partner="police")
    assert police.in_force_on(TODAY) and police.approved_by == cast.person("dcs")
    assert sorted(EmergencyAccess.objects.values_list("state", "outcome")) == [
        ("open", ""), ("reviewed", "justified"), ("reviewed", "justified"), ("reviewed", "not_justified"),
    ]
    partner = sign_in(Client(), cast.person("police_partner"))
    assert partner.get(reverse("sharing:shared_list", args=[police.pk, "referrals"])).status_code == 200
    assert partner.get(reverse("sharing:shared_list", args=[police.pk, "children_in_care"])).status_code == 403
    home = sign_in(Client(), cast.person("dcs")).get(reverse("home")).content.decode()
    assert "1 emergency look at a child&#39;s records waits for review" in home
