"""Sample values for the induction and briefing cycle's routes, and one successful POST per
route, for the permission matrix, the access-log coverage and the hardening tests (``tests/web``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.governance.induction.induction_plan import induction_plan
from safeguard.governance.induction.models import BriefingDelivery, InductionPlan, InductionStep
from safeguard.roles import Role

TOOK_OFFICE = date(2026, 5, 18)


def make_plan(person: Any, done: bool = False) -> InductionPlan:
    contents = induction_plan()
    plan = InductionPlan.objects.create(lead_member=person, took_office_on=TOOK_OFFICE, contents_version=contents.version,
                                        state="in_progress", created_by=person)
    for item in contents.items:
        InductionStep.objects.create(plan=plan, item_id=item.id, due=contents.stage(item.stage).due(TOOK_OFFICE),
                                     done_on=TOOK_OFFICE if done else None, done_by=person if done else None, created_by=person)
    return plan


def _plan_id(person: Any) -> int:
    return make_plan(person).pk


def _item_id(person: Any) -> str:
    return induction_plan().items[0].id


def _delivery_id(person: Any) -> int:
    return BriefingDelivery.objects.create(briefing_id="performance", period_start=date(2026, 3, 1), delivered_on=date(2026, 4, 14),
                                           delivered_by=person, sent_to=["lead_member"], created_by=person).pk


ROUTE_SAMPLES = {"induction_plan_id": _plan_id, "induction_item_id": _item_id, "delivery_id": _delivery_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


DELIVERY = {"delivered_on_day": "14", "delivered_on_month": "4", "delivered_on_year": "2026", "sent_to": ["lead_member", "chief_executive"],
            "note": "Sent with the month's early warnings."}


def _delivery_add_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.ANALYST)
    return client, reverse("induction:delivery_add"), {**DELIVERY, "occurrence": "performance:2026-03-01"}, "record_briefing_delivery"


def _delivery_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.ANALYST)
    return client, reverse("induction:delivery", args=[_delivery_id(person)]), {**DELIVERY, "version": "1"}, "change_briefing_delivery"


def _plan_start_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.DCS)
    member = make_person(Role.LEAD_MEMBER)
    data = {"lead_member": member.pk, "took_office_on_day": "18", "took_office_on_month": "5", "took_office_on_year": "2026"}
    return client, reverse("induction:plan_start"), data, "start_induction_plan"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.LEAD_MEMBER)
    url = reverse("induction:step_edit", args=[_plan_id(person), _item_id(person)])
    data = {"done_on_day": "20", "done_on_month": "5", "done_on_year": "2026", "note": "Met the Leader.", "version": "1"}
    return client, url, data, "record_induction_item"


def _plan_step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.LEAD_MEMBER)
    return client, reverse("induction:plan_step", args=[make_plan(person, done=True).pk]), {"step": "complete", "version": "1"}, "inductionplan_complete"


def _plan_redate_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.LEAD_MEMBER)
    data = {"took_office_on_day": "1", "took_office_on_month": "6", "took_office_on_year": "2026", "reason": "Sworn in later.",
            "version": "1"}
    return client, reverse("induction:plan_redate", args=[_plan_id(person)]), data, "redate_induction_plan"


POST_CHANGES = {
    "induction:delivery_add": _delivery_add_change,
    "induction:delivery": _delivery_change,
    "induction:plan_start": _plan_start_change,
    "induction:step_edit": _step_change,
    "induction:plan_step": _plan_step_change,
    "induction:plan_redate": _plan_redate_change,
}
