"""The Assurance framework page for every leader, and the council's own questions: added and
retired by those who manage the framework, each change recorded once, a stale change refused."""

from __future__ import annotations

import csv
import html
import io
import re

from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.framework import load_framework
from safeguard.governance.framework.models import CouncilQuestion
from safeguard.governance.framework.services import add_question, retire_question
from safeguard.roles import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome


def _page(client: Client, **query: str) -> str:
    response = client.get(reverse("framework:framework"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_lead_member_reads_every_factor_with_its_questions_sources_and_indicators(client_as):
    text = _page(client_as(Role.LEAD_MEMBER))
    framework = load_framework()
    for part in framework.factors:
        assert f'id="factor-{part.id}">{part.factor.number}. {part.title}</h2>' in text
    assert text.count('<li id="') == sum(len(part.questions) for part in framework.factors) == 251
    assert "It is plain who answers for keeping children safe" in text
    assert "How sure are you that children come into care at the right time, neither too early nor too late?" in text
    assert "seed 000 §4.1, factor 2, what you should be asking" in text
    assert '<a class="govuk-link" href="/indicators/cla_starts_per_10k">Children starting to be looked after per 10,000 children</a>' in text
    assert 'href="/framework">Assurance framework</a>' in text or "Assurance framework" in text
    assert "Add a question of the council" not in text
    assert 'href="/framework.csv"' in text


def test_the_framework_is_in_the_navigation_of_those_who_see_the_figures(client_as):
    for role in (Role.LEAD_MEMBER, Role.CHIEF_EXECUTIVE, Role.SCRUTINY_MEMBER, Role.BOARD_MEMBER, Role.ANALYST):
        home = client_as(role).get(reverse("home")).content.decode()
        assert re.search(r'href="/framework"[^>]*>\s*(<strong[^>]*>)?\s*Assurance framework', home), role
    assert "Assurance framework" not in client_as(Role.ADMINISTRATOR).get(reverse("home")).content.decode()
    assert client_as(Role.ADMINISTRATOR).get(reverse("framework:framework")).status_code == 403


def test_each_leader_can_see_the_questions_meant_for_them(client_as):
    client = client_as(Role.CHIEF_EXECUTIVE)
    text = _page(client, **{"for": "chief_executive"})
    assert "Is the Chief Executive supervising, guiding and empowering the Director" in text
    assert "Does the partnership have two lay members" not in text
    assert text.count('<li id="') == sum(1 for _, q in load_framework().questions() if q.audience == "chief_executive") == 62
    assert _page(client, **{"for": "nobody"}).count('<li id="') == 251


def test_an_analyst_adds_a_question_which_is_marked_as_the_councils_and_recorded_once(make_person):
    analyst = make_person(Role.ANALYST)
    client = sign_in(Client(), analyst)
    assert "Add a question of the council" in _page(client)
    form = client.get(reverse("framework:question_add") + "?factor=partnership").content.decode()
    assert re.search(r'value="partnership" checked', form)
    response = client.post(reverse("framework:question_add"), {
        "factor": "partnership", "text": "Do schools know whom to call out of hours?",
        "indicators": ["contacts_per_10k", "referrals_per_10k"], "audience": "lead_member",
    })
    question = CouncilQuestion.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("framework:question", args=[question.pk])
    assert (question.created_by, question.indicators, question.audience) == (analyst, ["contacts_per_10k", "referrals_per_10k"], "lead_member")
    [record] = AccessRecord.objects.filter(object_type=ObjectType.RECORD)
    assert (record.action, record.outcome, record.object_id, record.username) == ("add_framework_question", Outcome.SUCCEEDED, "council.partnership", analyst.username)
    page = client.get(response["Location"]).content.decode()
    assert f"Your question has been added to the framework as {question.public_id}." in page
    lead_member_page = _page(sign_in(Client(), make_person(Role.LEAD_MEMBER)))
    mark = lead_member_page.index(f'<li id="{question.public_id}"')
    assert lead_member_page.index("partnership.q64") < mark < lead_member_page.index('id="factor-outcomes"')
    assert "Council's own</strong>" in lead_member_page[mark:mark + 300]


def test_a_question_with_mistakes_is_shown_back_with_each_field_named_and_nothing_added(client_as):
    client = client_as(Role.DCS)
    response = client.post(reverse("framework:question_add"), {"factor": "finance", "text": " ", "indicators": ["nope"], "audience": "mayor"})
    assert response.status_code == 200
    text = response.content.decode()
    for message in ("Choose one of the seven factors", "Write the question", "Choose indicators from the list", "Choose who the question is for"):
        assert message in text
    assert "There is a problem" in text
    assert not CouncilQuestion.objects.exists()


def test_leaders_without_the_permission_cannot_add_or_retire(client_as, make_person):
    question = add_question(by=make_person(Role.DCS), factor="culture", text="Do staff feel heard?")
    for role in (Role.LEAD_MEMBER, Role.CHIEF_EXECUTIVE, Role.SCRUTINY_MEMBER, Role.BOARD_MEMBER, Role.PRACTICE_LEAD):
        client = client_as(role)
        assert client.post(reverse("framework:question_add"), {"factor": "culture", "text": "Why?"}).status_code == 403
        page = client.get(reverse("framework:question", args=[question.pk]))
        assert page.status_code == 200 and "Retire the question" not in page.content.decode()
        assert client.post(reverse("framework:question", args=[question.pk]), {"step": "retire", "reason": "x", "version": 1}).status_code == 403
    assert CouncilQuestion.objects.get().state == "active" and CouncilQuestion.objects.count() == 1


def test_the_director_retires_a_question_with_a_reason_and_its_history_shows(make_person):
    director = make_person(Role.DCS)
    question = add_question(by=director, factor="culture", text="Do staff feel heard?")
    client = sign_in(Client(), director)
    url = reverse("framework:question", args=[question.pk])
    assert "Retire the question" in client.get(url).content.decode()
    missing = client.post(url, {"step": "retire", "reason": "", "version": 1})
    assert missing.status_code == 200 and "Say why" in missing.content.decode()
    response = client.post(url, {"step": "retire", "reason": "The staff survey asks it now.", "version": 1})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.state, question.version) == ("retired", 2)
    page = " ".join(html.unescape(client.get(url).content.decode()).split())
    assert "Retired by Test Person, as Director of Children's Services, at" in page and "Why: The staff survey asks it now." in page
    assert "Put this question back in use" in page
    listing = _page(client)
    assert f'<li id="{question.public_id}">' not in listing
    assert "Questions the council has retired" in listing and question.public_id in listing
    actions = list(AccessRecord.objects.filter(object_type=ObjectType.RECORD).values_list("action", "outcome", "object_id"))
    assert actions == [("retire_framework_question", Outcome.SUCCEEDED, question.public_id)]


def test_a_retirement_from_an_out_of_date_page_is_refused_with_409_and_changes_nothing(make_person):
    director, analyst = make_person(Role.DCS), make_person(Role.ANALYST)
    question = add_question(by=director, factor="culture", text="Do staff feel heard?")
    retire_question(question, by=analyst, seen_version=1, reason="Asked in the staff survey.")
    client = sign_in(Client(), director)
    response = client.post(reverse("framework:question", args=[question.pk]), {"step": "retire", "reason": "Duplicate.", "version": 1})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Someone else changed this question first" in text and "Duplicate." in text
    assert 'name="version" value="2"' in text and 'name="step" value="reinstate"' in text
    question.refresh_from_db()
    assert (question.state, question.version) == ("retired", 2)
    assert question.history.count() == 2


def test_the_download_holds_the_framework_and_the_councils_questions(client_as, make_person):
    question = add_question(by=make_person(Role.DCS), factor="outcomes", text="@SUM(A1) Do children feel safe at school?")
    response = client_as(Role.SCRUTINY_MEMBER).get(reverse("framework:framework_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["factor", "kind", "id", "text", "source", "audience", "indicators"]
    assert rows[-1] == ["outcomes", "question", question.public_id, "'@SUM(A1) Do children feel safe at school?", "council", "", ""]
    assert sum(1 for row in rows if row[1] == "question") == 252
