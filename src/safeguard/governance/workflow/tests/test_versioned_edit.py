"""``versioned_edit`` on its own: a tiny form and hand-written service calls on a plan action,
a request built by hand, and the page it would render caught (template, context, status), so
that each answer (the page, a form's mistakes, someone else's newer version, a refusal, a saved
change, a new record) can be checked against what was saved and what the access log says."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from safeguard.governance.plan import services
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow import views
from safeguard.governance.workflow.transitions import NotAllowed
from safeguard.governance.workflow.views import EDIT_ANSWERS, Answer, posted_version, versioned_edit
from safeguard.roles import Role
from safeguard.web.audit.models import AccessRecord, Outcome, record_id

pytestmark = pytest.mark.django_db


class TitleForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter what the action is"})
    version = forms.IntegerField(required=False)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Each page ``versioned_edit`` renders, in place of rendering it."""
    pages: list[dict[str, Any]] = []

    def render(request: Any, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        pages.append({"template": template, "context": context})
        return HttpResponse(template, status=status)

    monkeypatch.setattr(views, "render", render)
    return pages


@pytest.fixture
def director(make_person: Any) -> Any:
    return make_person(Role.DCS)


@pytest.fixture
def action(director: Any) -> PlanAction:
    return services.raise_action(by=director, title="Original", source="data", factor="leadership", owner=director, due=date(2027, 1, 1))


def _request(person: Any, data: dict[str, str] | None = None) -> Any:
    factory = RequestFactory()
    request: Any = factory.post("/edit", data) if data is not None else factory.get("/edit")
    request.user = person
    request._messages = CookieStorage(request)
    return request


def _edit(request: Any, action: PlanAction, saves: list[str], **options: Any) -> HttpResponse:
    """The plan action's title changed from the version the person saw, through the real service."""
    form = TitleForm(request.POST if request.method == "POST" else None, initial={"title": action.title, "version": action.version})

    def save() -> PlanAction:
        saves.append(form.cleaned_data["title"])
        return services.edit_action(action, by=request.user, seen_version=posted_version(request), changes={"title": form.cleaned_data["title"]})

    chosen_save = options.pop("save", save)
    settings: dict[str, Any] = {
        "record": action, "action": "change_plan_action", "done": "Your changes are saved.", "then": "/plan/1",
        "template": "edit.html", "context": lambda record: {"form": form, "record": record},
    } | options
    return versioned_edit(request, form, chosen_save, **settings)


def _log() -> list[tuple[str, str, str]]:
    return list(AccessRecord.objects.order_by("id").values_list("action", "object_id", "outcome"))


def test_the_page_itself_is_shown_200_with_nothing_saved_or_logged(director, action, shown):
    saves: list[str] = []
    response = _edit(_request(director), action, saves)
    assert response.status_code == 200
    assert shown[0]["template"] == "edit.html"
    assert shown[0]["context"]["record"] == action
    assert not shown[0]["context"]["form"].is_bound
    assert saves == []
    assert _log() == []


def test_a_form_with_a_mistake_is_400_and_nothing_is_saved_or_logged(director, action, shown):
    saves: list[str] = []
    response = _edit(_request(director, {"title": "", "version": "1"}), action, saves)
    assert response.status_code == 400
    assert shown[0]["context"]["form"].errors == {"title": ["Enter what the action is"]}
    assert saves == []
    assert PlanAction.objects.get(pk=action.pk).title == "Original"
    assert _log() == []


def test_someone_elses_newer_version_is_409_shown_in_place_of_the_one_seen_and_logged_as_failed(director, action, shown, make_person):
    services.edit_action(PlanAction.objects.get(pk=action.pk), by=make_person(Role.DCS), seen_version=1, changes={"title": "Theirs"})
    saves: list[str] = []
    response = _edit(_request(director, {"title": "Mine", "version": "1"}), action, saves)
    assert response.status_code == 409
    page = shown[0]["context"]
    assert (page["record"].title, page["record"].version) == ("Theirs", 2)
    assert page["conflict"].startswith("Someone else changed this record while you were working on it")
    assert page["form"].data["title"] == "Mine"
    assert saves == ["Mine"]
    assert PlanAction.objects.get(pk=action.pk).title == "Theirs"
    assert _log() == [("change_plan_action", record_id(action), Outcome.FAILED)]


def test_a_refusal_is_on_the_form_400_by_the_usual_answers_and_where_the_page_says_otherwise(director, action, shown):
    def refuse() -> None:
        raise NotAllowed("Only the plan's managers may change an action.")

    usual = _edit(_request(director, {"title": "Mine", "version": "1"}), action, [], save=refuse)
    assert usual.status_code == 400
    assert shown[0]["context"]["form"].non_field_errors() == ["Only the plan's managers may change an action."]
    assert "refusal" not in shown[0]["context"]

    said = _edit(_request(director, {"title": "Mine", "version": "1"}), action, [], save=refuse,
                 answers={**EDIT_ANSWERS, NotAllowed: Answer(403, "refusal")})
    assert said.status_code == 403
    assert shown[1]["context"]["refusal"] == "Only the plan's managers may change an action."
    assert not shown[1]["context"]["form"].errors
    assert _log() == [("change_plan_action", record_id(action), Outcome.FAILED)] * 2


def test_a_services_refusal_of_a_value_goes_beside_its_field_named_as_the_form_names_it(director, action, shown):
    def refuse() -> None:
        raise ValidationError({"headline": "The title is too like another action's", "owner": "Choose someone who still works here"})

    response = _edit(_request(director, {"title": "Mine", "version": "1"}), action, [], save=refuse, field_names={"headline": "title"})
    assert response.status_code == 400
    assert shown[0]["context"]["form"].errors == {
        "title": ["The title is too like another action's"], "__all__": ["Choose someone who still works here"],
    }


def test_a_problem_the_page_does_not_expect_is_raised_with_its_change_logged_as_failed(director, action, shown):
    def refuse() -> None:
        raise NotAllowed("No")

    with pytest.raises(NotAllowed):
        _edit(_request(director, {"title": "Mine", "version": "1"}), action, [], save=refuse, answers={})
    assert shown == []
    assert _log() == [("change_plan_action", record_id(action), Outcome.FAILED)]


def test_a_saved_change_is_said_and_the_person_goes_on(director, action, shown):
    saves: list[str] = []
    request = _request(director, {"title": "Mine", "version": "1"})
    response = _edit(request, action, saves, then=lambda saved: f"/plan/{saved.pk}?v={saved.version}")
    assert (response.status_code, response["Location"]) == (302, f"/plan/{action.pk}?v=2")
    assert [str(message) for message in get_messages(request)] == ["Your changes are saved."]
    assert shown == []
    assert PlanAction.objects.get(pk=action.pk).title == "Mine"
    assert _log() == [("change_plan_action", record_id(action), Outcome.SUCCEEDED)]


def _create(person: Any, title: str) -> tuple[Any, HttpResponse, list[PlanAction | None]]:
    """A plan action made from the tiny form with no record: the request, its answer, and each
    record the page was given."""
    request = _request(person, {"title": title})
    form = TitleForm(request.POST)
    seen: list[PlanAction | None] = []

    def page(record: PlanAction | None) -> dict[str, Any]:
        seen.append(record)
        return {"form": form}

    response = versioned_edit(
        request, form,
        lambda: services.raise_action(by=person, title=form.cleaned_data["title"], source="data", factor="leadership", owner=person, due=date(2027, 1, 1)),
        record=None, action="raise_plan_action", done=lambda made: f"Action {made.reference} is on the plan.",
        then=lambda made: f"/plan/{made.pk}", template="add.html", context=page,
    )
    return request, response, seen


def test_with_no_record_it_creates_one_said_in_words_worked_out_from_what_was_made(director, shown):
    request, response, seen = _create(director, "A new action")
    made = PlanAction.objects.get(title="A new action")
    assert (response.status_code, response["Location"]) == (302, f"/plan/{made.pk}")
    assert [str(message) for message in get_messages(request)] == [f"Action {made.reference} is on the plan."]
    assert seen == [] and shown == []
    assert _log() == [("raise_plan_action", "", Outcome.SUCCEEDED)]


def test_with_no_record_a_mistake_shows_the_empty_page_400_and_makes_nothing(director, shown):
    _, response, seen = _create(director, "")
    assert response.status_code == 400
    assert seen == [None]
    assert shown[0]["context"]["form"].errors == {"title": ["Enter what the action is"]}
    assert PlanAction.objects.count() == 0
    assert _log() == []
