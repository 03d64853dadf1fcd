"""The case audits in the browser's terms: auditors see only their own children and every look
is logged by child; leaders never receive a child's id; results with hand-computed counts,
suppressed for leaders; bad input named and nothing changed; plan actions in one step."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.governance.audits import services
from safeguard.governance.audits.judgements import DOMAIN_KEYS
from safeguard.governance.audits.models import AuditCase, AuditProgramme
from safeguard.governance.audits.tests.council_rows import DRAWABLE, commit_council
from safeguard.governance.audits.urls import urlpatterns
from safeguard.governance.plan.models import PlanAction
from safeguard.roles import ROLES, Role, permissions_of

pytestmark = pytest.mark.django_db

GOOD = {key: "good" for key in DOMAIN_KEYS}


def _access_log():
    """The access log's model, found through the app registry (the web application sits above the
    governance records, so its modules are not imported here)."""
    return apps.get_model("audit", "AccessRecord")


@pytest.fixture
def council(store_home) -> str:
    return commit_council(store_home)


def _round(lead, council, *, count: int, kind: str = "single_agency", title: str = "Spring round") -> AuditProgramme:
    return services.set_up_round(
        by=lead, title=title, theme="Long plans", kind=kind, snapshot_id=council, case_count=count, method="risk_weighted", seed=2026,
    )


def _audit(case: AuditCase, *, lead, auditor, overall: str = "good", grades: dict | None = None, voice: str = "yes",
           themes: Sequence[str] = ("recording",), moderate: bool = True) -> AuditCase:
    case = services.assign_auditors(case, by=lead, seen_version=case.version, auditors=[services.Assignment(auditor, "social_care")])
    changes = {"grades": grades or GOOD, "overall_grade": overall, "child_voice_evident": voice, "findings": "Seen and heard.",
               "themes": list(themes)}
    case = services.record_audit(case, by=auditor, seen_version=case.version, changes=changes)
    case = services.move_case(case, "submit", by=auditor, seen_version=case.version)
    if moderate:
        case = services.moderate(case, by=lead, seen_version=case.version, grades=case.grades, overall=case.overall_grade)
    return case


def test_an_auditor_opens_only_the_children_they_are_assigned_and_every_look_is_logged_by_child(make_person, council):
    """Partners audit as safeguarding partnership members, who may audit cases but not run audits
    (the people running audits, and the Director, may open every case)."""
    log = _access_log()
    lead, mine, theirs = make_person(Role.PRACTICE_LEAD), make_person(Role.BOARD_MEMBER), make_person(Role.BOARD_MEMBER)
    programme = _round(lead, council, count=2)
    own, other = programme.cases.order_by("number")
    services.assign_auditors(own, by=lead, seen_version=own.version, auditors=[services.Assignment(mine, "health")])
    services.assign_auditors(other, by=lead, seen_version=other.version, auditors=[services.Assignment(theirs, "police")])
    client = sign_in(Client(), mine)
    purpose = f"case audit {programme.reference}: Spring round"

    page = client.get(reverse("audits:case_child", args=[own.pk]))
    assert page.status_code == 200
    assert own.child_id in page.content.decode() and "no-store" in page["Cache-Control"]
    seen = log.objects.filter(username=mine.username, object_type="child").get()
    assert (seen.object_id, seen.purpose, seen.outcome, seen.action) == (own.child_id, purpose, "allowed", "view_audited_child")
    assert client.get(reverse("audits:case", args=[own.pk])).status_code == 200

    refused = client.get(reverse("audits:case_child", args=[other.pk]))
    assert refused.status_code == 403 and other.child_id not in refused.content.decode()
    denial = log.objects.filter(username=mine.username, object_type="child", outcome="refused").get()
    assert (denial.object_id, denial.purpose) == (other.child_id, purpose)

    assert client.get(reverse("audits:case", args=[other.pk])).status_code == 403
    assert client.post(reverse("audits:case_record", args=[other.pk]), {"findings": "Not mine", "version": other.version}).status_code == 403
    assert client.post(reverse("audits:case_step", args=[other.pk]), {"step": "start", "version": other.version}).status_code == 403
    assert log.objects.filter(username=mine.username, object_id=f"audits.auditcase:{other.pk}", outcome="refused").count() == 3
    unchanged = AuditCase.objects.get(pk=other.pk)
    assert (unchanged.findings, unchanged.state, unchanged.version) == ("", "assigned", other.version + 1)

    listing = client.get(reverse("audits:programme", args=[programme.pk])).content.decode()
    assert f"{programme.reference}-01" in listing and f"{programme.reference}-02" not in listing, "an auditor lists only their own cases"


def test_the_director_and_the_people_running_audits_open_any_case(make_person, council):
    lead = make_person(Role.PRACTICE_LEAD)
    case = _round(lead, council, count=1).cases.get()
    for role in (Role.DCS, Role.PRACTICE_LEAD):
        client = sign_in(Client(), make_person(role))
        assert client.get(reverse("audits:case", args=[case.pk])).status_code == 200
        assert client.get(reverse("audits:case_child", args=[case.pk])).status_code == 200


def _audit_pages(programmes: Sequence[AuditProgramme]) -> list[str]:
    """Every page of the app (each route of its ``urls``), for every round and every case."""
    pages = []
    for pattern in urlpatterns:
        parameters = set(pattern.pattern.converters)
        if parameters == {"programme_id"}:
            pages += [reverse(f"audits:{pattern.name}", args=[programme.pk]) for programme in programmes]
        elif parameters == {"case_id"}:
            pages += [reverse(f"audits:{pattern.name}", args=[case.pk]) for programme in programmes for case in programme.cases.all()]
        else:
            assert not parameters, parameters
            pages.append(reverse(f"audits:{pattern.name}"))
    return pages


def test_leaders_see_no_childs_id_on_any_audit_page_they_can_open(make_person, council):
    lead, auditor = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    completed = _round(lead, council, count=8)
    for case in completed.cases.all():
        _audit(case, lead=lead, auditor=auditor, overall="good" if case.number % 3 else "requires_improvement")
    services.raise_plan_action(completed, by=lead, title="Re-audit in the autumn", factor="performance_and_quality", owner=lead, due=completed.period_end.replace(year=2027))
    under_way = _round(lead, council, count=4, kind="multi_agency", title="Autumn round")
    drawn = {case.child_id for case in AuditCase.objects.all()}
    assert drawn <= set(DRAWABLE) and len(drawn) >= 8

    pages = _audit_pages([completed, under_way])
    for role in [Role.LEAD_MEMBER, Role.LEADER, Role.CHIEF_EXECUTIVE, Role.SCRUTINY_MEMBER]:
        assert permissions_of([role]) >= {"see_assurance_records"}
        client = sign_in(Client(), make_person(role))
        opened = 0
        for url in pages:
            response = client.get(url)
            assert response.status_code in {200, 403, 405}, (role, url, response.status_code)
            body = response.content.decode()
            opened += response.status_code == 200
            for child in drawn:
                assert child not in body, (role, url, child)
        assert opened == 3 + 2, "the rounds, the results and their download, and each round's page"

    # The same pages hold the children's ids for those allowed to see them (so the scan above can find them).
    director = sign_in(Client(), make_person(Role.DCS))
    shown = "".join(director.get(url).content.decode() for url in pages)
    assert all(child in shown for child in drawn)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_results_by_theme_domain_and_team_with_counts_worked_out_by_hand(make_person, council):
    """Eight moderated cases: overall six good and two requiring improvement (75% good or better);
    the child's voice evident in six; 'voice of the child' raised in seven, 'recording' in two."""
    lead, auditor = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    programme = _round(lead, council, count=8)
    for case in programme.cases.order_by("number"):
        number = case.number
        _audit(
            case, lead=lead, auditor=auditor,
            overall="good" if number <= 6 else "requires_improvement",
            grades=GOOD | ({"child_voice": "inadequate"} if number == 8 else {}),
            voice="yes" if number <= 6 else "no",
            themes=(["voice_of_child"] if number <= 7 else []) + (["recording"] if number <= 2 else []) or ["drift_and_delay"],
        )
    exact = _rows(sign_in(Client(), make_person(Role.DCS)).get(reverse("audits:results_csv")))
    leader = _rows(sign_in(Client(), make_person(Role.LEAD_MEMBER)).get(reverse("audits:results_csv")))
    assert exact[0] == ["round", "title", "data_to", "table", "category", "cases", "outstanding", "good", "requires_improvement",
                        "inadequate", "good_or_better", "good_or_better_percent"]

    def line(rows, table, category):
        return next(row[5:] for row in rows if row[3] == table and row[4] == category)

    assert line(exact, "overall", "All cases (overall grade)") == ["8", "0", "6", "2", "0", "6", "75"]
    assert line(exact, "domain", "The child's voice") == ["8", "0", "7", "0", "1", "7", "88"]
    assert line(exact, "domain", "Planning") == ["8", "0", "8", "0", "0", "8", "100"]
    assert line(exact, "child_voice", "Evident")[0] == "6" and line(exact, "child_voice", "Not evident")[0] == "2"
    assert line(exact, "theme", "Hearing and acting on what the child says")[0] == "7"
    assert line(exact, "theme", "Quality of recording")[0] == "2"
    assert line(exact, "theme", "Drift and delay")[0] == "1"
    assert line(exact, "theme", "Identity, culture and diversity")[0] == "0"
    teams = [row for row in exact if row[3] == "team"]
    assert sum(int(row[5]) for row in teams) == 8

    # Leaders: counts of 1 to 5 are [c], and with them at least one more count of the same line,
    # since the line's total (the round's 8 cases) is shown and one hidden count alone could be
    # worked out by subtraction. Voice: 2 not evident is hidden, so 6 evident (8 - 2) must be too.
    overall = line(leader, "overall", "All cases (overall grade)")
    assert overall[0] == "8" and overall[3] == "[c]"
    assert sum(cell == "[c]" for cell in overall[1:5]) >= 2
    voice = line(leader, "domain", "The child's voice")
    assert voice[4] == "[c]" and sum(cell == "[c]" for cell in voice[1:5]) >= 2
    assert line(leader, "domain", "Planning")[:5] == ["8", "0", "8", "0", "0"]
    assert line(leader, "child_voice", "Not evident")[0] == "[c]" and line(leader, "child_voice", "Evident")[0] == "[c]"
    assert line(leader, "theme", "Hearing and acting on what the child says")[0] == "7"
    assert line(leader, "theme", "Quality of recording")[0] == "[c]"
    assert line(leader, "theme", "Identity, culture and diversity")[0] == "0"
    for row in leader:
        if row[3] == "team":
            assert row[5] == "[c]" or int(row[5]) > 5

    page = sign_in(Client(), make_person(Role.DCS)).get(reverse("audits:results")).content.decode()
    assert "6 (75%)" in page


def test_an_unknown_grade_is_refused_with_a_message_and_changes_nothing(make_person, council):
    lead, auditor = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    case = _round(lead, council, count=1).cases.get()
    case = services.assign_auditors(case, by=lead, seen_version=case.version, auditors=[services.Assignment(auditor, "social_care")])
    response = sign_in(Client(), auditor).post(
        reverse("audits:case_record", args=[case.pk]), {"grade_planning": "brilliant", "findings": "Good work", "version": case.version}
    )
    assert response.status_code == 400
    assert "Choose a grade for planning: outstanding, good, requires improvement or inadequate" in response.content.decode()
    assert "Good work" in response.content.decode(), "what the auditor wrote is kept in the form"
    unchanged = AuditCase.objects.get(pk=case.pk)
    assert (unchanged.version, unchanged.state, unchanged.grades, unchanged.findings) == (case.version, "assigned", {}, "")


def test_a_round_asking_for_more_cases_than_children_is_refused_and_nothing_is_made(client_as, council):
    data = {"title": "Too big", "theme": "Everything", "kind": "single_agency", "snapshot_id": council, "case_count": "19",
            "method": "random", "seed": "3"}
    response = client_as(Role.PRACTICE_LEAD).post(reverse("audits:programme_add"), data)
    assert response.status_code == 400
    assert "The snapshot has 18 children who can be audited; choose 18 cases or fewer" in response.content.decode()
    assert AuditProgramme.objects.count() == 0 and AuditCase.objects.count() == 0


def test_a_round_with_no_snapshot_to_draw_from_is_refused_and_nothing_is_made(client_as, store_home):
    client = client_as(Role.DCS)
    assert "There are no snapshots to draw from yet" in client.get(reverse("audits:programme_add")).content.decode()
    data = {"title": "Spring", "theme": "Plans", "kind": "single_agency", "snapshot_id": "", "case_count": "3", "method": "random", "seed": "3"}
    response = client.post(reverse("audits:programme_add"), data)
    assert response.status_code == 400
    assert "There are no snapshots to draw from yet: import a return first" in response.content.decode()
    assert AuditProgramme.objects.count() == 0


def test_setting_up_a_round_on_the_page_draws_it(client_as, council):
    data = {"title": "Spring", "theme": "Plans", "kind": "single_agency", "snapshot_id": council, "case_count": "5",
            "method": "risk_weighted", "seed": "2026"}
    response = client_as(Role.PRACTICE_LEAD).post(reverse("audits:programme_add"), data)
    programme = AuditProgramme.objects.get()
    assert response["Location"] == reverse("audits:programme", args=[programme.pk])
    assert [case.child_id for case in programme.cases.order_by("number")] == ["CH0003", "CH0004", "CH0001", "CH0020", "CH0011"]


def test_a_moderated_case_raises_a_plan_action_in_one_step(make_person, council):
    lead, auditor = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    programme = _round(lead, council, count=1)
    case = _audit(programme.cases.get(), lead=lead, auditor=auditor)
    client = sign_in(Client(), lead)
    assert "Raise an action on the improvement plan from this case" in client.get(reverse("audits:case", args=[case.pk])).content.decode()
    data = {"title": "Supervision notes on every file", "factor": "workforce_development", "owner": auditor.pk,
            "due_day": "31", "due_month": "1", "due_year": "2027", "case": case.pk}
    response = client.post(reverse("audits:raise_action", args=[programme.pk]), data)
    action = PlanAction.objects.get()
    assert response["Location"] == reverse("plan:action", args=[action.pk])
    assert (action.source, action.owner, action.factor) == ("audit", auditor, "workforce_development")
    assert action.source_reference.startswith(f"Case audit {programme.reference} case {case.reference}")
    assert action.title in client.get(reverse("audits:programme", args=[programme.pk])).content.decode()
    refused = client.post(reverse("audits:raise_action", args=[programme.pk]), {**data, "due_month": "13"})
    assert refused.status_code == 400 and PlanAction.objects.count() == 1


def test_changing_grades_at_moderation_needs_a_reason(make_person, council):
    lead, auditor = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    case = _audit(_round(lead, council, count=1).cases.get(), lead=lead, auditor=auditor, moderate=False)
    client = sign_in(Client(), make_person(Role.DCS))
    data = {f"grade_{key}": "good" for key in DOMAIN_KEYS} | {"grade_planning": "inadequate", "overall": "good", "version": case.version}
    response = client.post(reverse("audits:case_moderate", args=[case.pk]), data)
    assert response.status_code == 400 and "Say why you changed the grades" in response.content.decode()
    assert AuditCase.objects.get(pk=case.pk).state == "submitted"
    response = client.post(reverse("audits:case_moderate", args=[case.pk]), data | {"reason": "No plan dates."})
    assert response.status_code == 302
    assert AuditCase.objects.get(pk=case.pk).final_grades["planning"] == "inadequate"


@pytest.mark.parametrize("role", list(ROLES), ids=lambda role: role.value)
def test_who_may_set_up_audit_and_moderate_follows_the_roles_table(role):
    held = permissions_of([role])
    runs, audits = "run_case_audits" in held, "audit_cases" in held
    assert runs == (role in {Role.DCS, Role.PRACTICE_LEAD})
    assert audits == (role in {Role.DCS, Role.PRACTICE_LEAD, Role.BOARD_MEMBER})


def test_two_auditors_saving_at_once_the_second_is_told_and_keeps_their_words(make_person, council):
    lead, nurse, detective = make_person(Role.PRACTICE_LEAD), make_person(Role.BOARD_MEMBER), make_person(Role.BOARD_MEMBER)
    case = _round(lead, council, count=1, kind="multi_agency").cases.get()
    case = services.assign_auditors(case, by=lead, seen_version=case.version, auditors=[services.Assignment(nurse, "health"), services.Assignment(detective, "police")])
    url = reverse("audits:case_record", args=[case.pk])
    assert sign_in(Client(), nurse).post(url, {"findings": "Health visitor not invited.", "version": case.version}).status_code == 302
    late = sign_in(Client(), detective).post(url, {"findings": "Police checks done late.", "version": case.version})
    assert late.status_code == 409
    body = late.content.decode()
    assert "Someone else changed this record" in body and "Police checks done late." in body
    assert AuditCase.objects.get(pk=case.pk).findings == "Health visitor not invited."
