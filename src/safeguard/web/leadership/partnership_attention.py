"""What the safeguarding partnership's records ask of a person now, for the top of their home page.

A partner is told when their own agency's section 11 self-assessment is due or overdue, or a
challenge waits for its answer; the partnership's chair and business unit are told what waits
for their decision and what is late across every agency (seed 003 §18.4: the partnership follows
its audits through). Counts and links only.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from safeguard.governance.partnership import access
from safeguard.governance.partnership import services as partnership
from safeguard.governance.partnership.models import Section11Audit
from safeguard.governance.workflow.transitions import Actor
from safeguard.roles import Permission
from safeguard.web.leadership.attention import Item


def _audit_link(audit: Section11Audit) -> str:
    return reverse("partnership:audit", args=[audit.pk])


def _partner_items(person: Actor, today: date) -> list[Item]:
    seat = access.membership_of(person)
    if seat is None:
        return []
    items = []
    for audit in Section11Audit.objects.filter(agency_id=seat.agency_id, state__in=("requested", "challenged")).select_related("agency"):
        if audit.state == "challenged":
            items.append(Item(f"The partnership has challenged {audit.agency.name}'s section 11 self-assessment: it waits for your agency's answer.",
                              _audit_link(audit), "Answer the challenge"))
        else:
            late = partnership.is_audit_overdue(audit, today)
            items.append(Item(f"{audit.agency.name}'s section 11 self-assessment {'was' if late else 'is'} due by {audit.due:%-d %B %Y}.",
                              _audit_link(audit), "Fill it in", overdue=late))
    return items


def _chair_items(today: date) -> list[Item]:
    items = []
    deciding = Section11Audit.objects.filter(state__in=("submitted", "answered")).count()
    if deciding:
        items.append(Item(f"{deciding} section 11 {'audit waits' if deciding == 1 else 'audits wait'} for the partnership's decision.",
                          reverse("partnership:overview"), "The section 11 audits"))
    late = [audit for audit in Section11Audit.objects.filter(state__in=("requested", "accepted"))
            if partnership.is_audit_overdue(audit, today) or partnership.is_follow_up_overdue(audit, today)]
    if late:
        items.append(Item(f"{len(late)} section 11 {'audit is' if len(late) == 1 else 'audits are'} late: a self-assessment not returned, "
                          "or a follow-up past the day agreed.", reverse("partnership:overview"), "The late audits", overdue=True))
    work = sum(partnership.is_work_overdue(item, today) for item in partnership.work_programme())
    if work:
        items.append(Item(f"{work} {'piece' if work == 1 else 'pieces'} of the partnership's work programme {'is' if work == 1 else 'are'} past the due date.",
                          reverse("partnership:overview"), "The work programme", overdue=True))
    return items


def partnership_items(person: Actor, permissions: frozenset[Permission], today: date) -> list[Item]:
    if Permission.SEE_PARTNERSHIP not in permissions:
        return []
    return _chair_items(today) if access.runs_partnership(person) else _partner_items(person, today)
