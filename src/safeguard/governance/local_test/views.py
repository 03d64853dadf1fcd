"""The Local Test of Assurance's pages: the tests, one test by consideration, the forms that
name the portfolios and assess each consideration, and the printable record (page and PDF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.governance.local_test import services
from safeguard.governance.local_test.considerations import considerations
from safeguard.governance.local_test.forms import ItemForm, TestForm
from safeguard.governance.local_test.models import LocalTest, Status
from safeguard.governance.workflow.printing import pdf_response, printed_page
from safeguard.governance.workflow.transitions import transitions_of
from safeguard.governance.workflow.views import history_of, posted_version, steps_for, take_step, today, versioned_edit
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest

FIELD_LABELS = {
    "title": "the title", "dcs_name": "the Director", "dcs_other_portfolios": "the Director's other portfolios",
    "lead_member_name": "the Lead Member", "lead_member_other_portfolios": "the Lead Member's other portfolios",
    "next_review": "the next review", "assessed_by": "assessed by", "assessed_on": "assessed on",
}


def _may_manage(request: SignedInRequest) -> bool:
    return Permission.MANAGE_LOCAL_TEST in permissions_of(request.user.roles)


def tests(request: SignedInRequest) -> HttpResponse:
    found = list(LocalTest.objects.select_related("assessed_by"))
    return render(request, "local_test/tests.html", {"tests": found, "can_manage": _may_manage(request)})


def test_start(request: SignedInRequest) -> HttpResponse:
    form = TestForm(request.POST or None, initial={"title": f"Local Test of Assurance, {today().year}"})
    return versioned_edit(
        request, form, lambda: services.start_test(by=request.user, **form.details()),
        record=None, action="start_local_test", done="The test is started: assess each consideration, then complete it.",
        then=lambda started: reverse("local_test:test", args=[started.pk]), template="local_test/test_form.html",
        context=lambda _: {"form": form, "test": None},
    )


def _test(local_test_id: int) -> LocalTest:
    return get_object_or_404(LocalTest.objects.select_related("created_by", "assessed_by"), pk=local_test_id)


def _test_context(request: SignedInRequest, test: LocalTest, **extra: Any) -> dict[str, Any]:
    return {
        "test": test,
        "sections": services.sections(test),
        "counts": services.status_counts(test),
        "statuses": dict(Status.choices),
        "steps": steps_for(request, test),
        "history": history_of(test, FIELD_LABELS),
        "can_manage": _may_manage(request) and test.state == "in_progress",
        **extra,
    }


def test(request: SignedInRequest, local_test_id: int) -> HttpResponse:
    return render(request, "local_test/test.html", _test_context(request, _test(local_test_id)))


def test_edit(request: SignedInRequest, local_test_id: int) -> HttpResponse:
    found = _test(local_test_id)
    initial = {name: getattr(found, name) for name in services.TEST_FIELDS} | {"version": found.version}
    form = TestForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.edit_test(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=found, action="change_local_test", done="Your changes are saved.", then=reverse("local_test:test", args=[found.pk]),
        template="local_test/test_form.html", context=lambda shown: {"form": form, "test": shown},
    )


def item_edit(request: SignedInRequest, local_test_id: int, consideration_id: str) -> HttpResponse:
    found = _test(local_test_id)
    try:
        item = services.item_of(found, consideration_id)
    except KeyError:
        explanation = f"This Local Test of Assurance has no consideration {consideration_id!r}. Go back to the test and choose one from its list."
        return render(request, "error.html", {"title": "There is no such consideration", "explanation": explanation}, status=404)
    initial = {name: getattr(item, name) for name in services.ITEM_FIELDS} | {"version": item.version}
    form = ItemForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.assess_item(item, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=item, action="assess_local_test_item", done="Your assessment is saved.",
        then=reverse("local_test:test", args=[found.pk]) + f"#{item.consideration_id}", template="local_test/item_form.html",
        context=lambda shown: {"form": form, "test": found, "item": shown, "consideration": considerations().get(shown.consideration_id)},
    )


def test_step(request: SignedInRequest, local_test_id: int) -> HttpResponse:
    found = _test(local_test_id)
    return take_step(
        request, found, services.move_test,
        back_to=reverse("local_test:test", args=[found.pk]), conflict_template="local_test/test.html",
        conflict_context=_test_context(request, _test(local_test_id)),
    )


def _record_context(test: LocalTest) -> dict[str, Any]:
    completed = [step for step in transitions_of(test) if step.transition == "complete"]
    return {
        "test": test,
        "sections": services.sections(test),
        "counts": services.status_counts(test),
        "statuses": dict(Status.choices),
        "completed": completed[-1] if completed else None,
        "document_title": f"{test.title}: Local Test of Assurance",
        "author": test.assessed_by.display_name if test.assessed_by else test.created_by.display_name,
    }


def test_print(request: SignedInRequest, local_test_id: int) -> HttpResponse:
    found = _test(local_test_id)
    context = _record_context(found) | {
        "back_href": reverse("local_test:test", args=[found.pk]), "pdf_href": reverse("local_test:test_pdf", args=[found.pk]),
    }
    return printed_page(request, "local_test/record.html", context)


def test_pdf(request: SignedInRequest, local_test_id: int) -> HttpResponse:
    found = _test(local_test_id)
    context = _record_context(found)
    return pdf_response(
        "local_test/record.html", context, title=context["document_title"], author=context["author"],
        filename=f"local-test-of-assurance-{found.pk}.pdf",
    )
