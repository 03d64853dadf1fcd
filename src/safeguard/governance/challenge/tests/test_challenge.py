"""The challenge log: a question raised from where it arose, assigned, answered with evidence,
followed up, closed and reopened, with every word kept and only the asker closing it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date

import pytest
from django.urls import reverse

from safeguard.governance.challenge import services
from safeguard.governance.challenge.models import Challenge, Entry
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def test_a_challenge_goes_round_the_whole_cycle_and_keeps_every_word(make_person):
    member = make_person(Role.LEAD_MEMBER)
    director = make_person(Role.DCS)
    head = make_person(Role.PRACTICE_LEAD)
    item = services.raise_challenge(by=member, question="Why do so many families come back within a year?", indicator_id="re_referral_rate", raised_on=date(2026, 1, 5))
    assert (item.state, item.factor) == ("raised", "performance_and_quality")  # the indicator's first factor
    item = services.assign(item, by=director, seen_version=1, owner=head, due=date(2026, 2, 1))
    item = services.move_challenge(item, "answer", by=head, seen_version=2, reason="Audit of 40 cases: closures without a plan.")
    item = services.move_challenge(item, "follow_up", by=member, seen_version=3, reason="What will change, and by when?")
    assert item.state == "assigned"
    item = services.move_challenge(item, "answer", by=head, seen_version=4, reason="Step-down now needs a lead professional; action A001.")
    item = services.move_challenge(item, "close", by=member, seen_version=5, reason="Clear; I will watch the figure.")
    assert item.state == "closed" and item.answer == "Step-down now needs a lead professional; action A001."
    assert [entry.kind for entry in Entry.objects.filter(challenge=item)] == [
        "question", "assignment", "answer", "follow_up", "answer", "close",
    ]
    item = services.move_challenge(item, "reopen", by=make_person(Role.SCRUTINY_MEMBER), seen_version=6, reason="The figure rose again.")
    assert item.state == "assigned"


def test_only_the_asker_follows_up_or_closes(make_person):
    member, other = make_person(Role.LEAD_MEMBER), make_person(Role.CHIEF_EXECUTIVE)
    director = make_person(Role.DCS)
    item = services.raise_challenge(by=member, question="Are visits on time?", factor="outcomes", raised_on=date(2026, 1, 5))
    item = services.assign(item, by=director, seen_version=1, owner=director, due=date(2026, 2, 1))
    item = services.move_challenge(item, "answer", by=director, seen_version=2, reason="Yes: 96% this quarter.")
    with pytest.raises(NotAllowed, match="Only the person who asked"):
        services.move_challenge(item, "close", by=other, seen_version=3, reason="Fine")
    with pytest.raises(NotAllowed):
        services.move_challenge(item, "answer", by=member, seen_version=3, reason="Leaders cannot answer")
    assert Challenge.objects.get().state == "answered"


def test_answers_need_words_and_the_due_date_cannot_precede_the_question(make_person):
    member, director = make_person(Role.LEAD_MEMBER), make_person(Role.DCS)
    item = services.raise_challenge(by=member, question="How stable are placements?", factor="outcomes", raised_on=date(2026, 3, 1))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cannot be due before"):
        services.assign(item, by=director, seen_version=1, owner=director, due=date(2026, 2, 1))
    item = services.assign(item, by=director, seen_version=1, owner=director, due=date(2026, 4, 1))
    with pytest.raises(GovernanceError, match="Say why"):
        services.move_challenge(item, "answer", by=director, seen_version=2, reason="  ")
    with pytest.raises(StaleEdit):
        services.move_challenge(item, "answer", by=director, seen_version=1, reason="Stale")
    assert Challenge.objects.get().state == "assigned"


def test_overdue_is_waiting_on_the_service_past_its_date(make_person):
    member, director = make_person(Role.LEAD_MEMBER), make_person(Role.DCS)
    item = services.raise_challenge(by=member, question="Q", factor="leadership", raised_on=date(2026, 1, 1))
    item = services.assign(item, by=director, seen_version=1, owner=director, due=date(2026, 1, 31))
    assert list(services.overdue_challenges(date(2026, 2, 1))) == [item]
    assert list(services.overdue_challenges(date(2026, 2, 1), owner=member)) == []
    services.move_challenge(item, "answer", by=director, seen_version=2, reason="Answered")
    assert not services.overdue_challenges(date(2026, 2, 1)).exists()
    assert list(services.waiting_on(member)) == [Challenge.objects.get()]


def test_raised_from_a_warning_page_the_form_keeps_the_warning(client_as):
    member = client_as(Role.LEAD_MEMBER)
    page = member.get(reverse("challenge:raise") + "?indicator=re_referral_rate&warning=re_referral_rate--control_chart--2024-09--concern")
    assert page.status_code == 200 and "Raised from an early warning" in page.content.decode()
    posted = member.post(reverse("challenge:raise"), {
        "question": "What is behind this?", "indicator_id": "re_referral_rate", "warning_key": "re_referral_rate--control_chart--2024-09--concern",
    })
    assert posted.status_code == 302
    item = Challenge.objects.get()
    assert (item.warning_key, item.factor) == ("re_referral_rate--control_chart--2024-09--concern", "performance_and_quality")


@pytest.mark.parametrize(
    ("data", "message"),
    [({"question": ""}, "Write your question"), ({"question": "Q", "factor": "nope"}, "Choose one of the seven factors"),
     ({"question": "Q"}, "Choose the factor your question is about"), ({"question": "Q", "indicator_id": "nope"}, "Choose one of the indicators")],
)
def test_bad_input_is_named_and_changes_nothing(client_as, data, message):
    response = client_as(Role.SCRUTINY_MEMBER).post(reverse("challenge:raise"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Challenge.objects.exists()


def test_the_indicator_list_says_what_choosing_none_means(client_as):
    page = client_as(Role.SCRUTINY_MEMBER).get(reverse("challenge:raise")).content.decode()
    assert '<option value="" selected>None: the question is not about one indicator</option>' in page and '>None</option>' not in page


def test_the_log_filters_and_downloads(client_as, make_person):
    member, chief = make_person(Role.LEAD_MEMBER, username="member"), make_person(Role.CHIEF_EXECUTIVE, username="chief")
    services.raise_challenge(by=member, question="About culture", factor="culture")
    services.raise_challenge(by=chief, question="About resources", factor="resourcing")
    client = client_as(Role.BOARD_MEMBER)
    page = client.get(reverse("challenge:log") + "?person=chief").content.decode()
    assert "About resources" in page and "About culture" not in page
    rows = list(csv.reader(io.StringIO(client.get(reverse("challenge:log_csv")).content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "raised", "raised_by", "factor"] and len(rows) == 3


def test_an_answerer_who_is_not_the_asker_sees_no_close_button(client_as, make_person):
    member = make_person(Role.LEAD_MEMBER)
    director = make_person(Role.DCS)
    item = services.raise_challenge(by=member, question="Q", factor="leadership")
    item = services.assign(item, by=director, seen_version=1, owner=director, due=date(2027, 1, 1))
    services.move_challenge(item, "answer", by=director, seen_version=2, reason="A")
    page = client_as(Role.CHIEF_EXECUTIVE).get(reverse("challenge:challenge", args=[item.pk])).content.decode()
    assert "Close the challenge" not in page


def test_a_follow_up_gives_the_owner_as_long_again_to_answer(make_person):
    member, director = make_person(Role.LEAD_MEMBER), make_person(Role.DCS)
    item = services.raise_challenge(by=member, question="Q", factor="leadership", raised_on=date(2026, 1, 1))
    item = services.assign(item, by=director, seen_version=1, owner=director, due=date(2026, 1, 21))
    item = services.move_challenge(item, "answer", by=director, seen_version=2, reason="A")
    from datetime import datetime

    item = services.move_challenge(item, "follow_up", by=member, seen_version=3, reason="And?", at=datetime(2026, 3, 2, 10, tzinfo=UTC))
    assert item.due == date(2026, 3, 22)  # 20 days, as the first time


def test_a_framework_question_is_asked_as_a_challenge_in_one_step(client_as):
    from safeguard.framework import load_framework

    question = load_framework().factors[0].questions[0]
    member = client_as(Role.LEAD_MEMBER)
    framework_page = member.get(reverse("framework:framework")).content.decode()
    assert "Ask this as a challenge" in framework_page
    form = member.get(reverse("challenge:raise") + f"?question={question.id}&factor={question.id.split('.')[0]}").content.decode()
    assert "Raised from a question of the assurance framework" in form
