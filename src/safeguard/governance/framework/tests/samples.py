"""Sample values for the framework's routes, for the permission matrix and audit tests."""

from __future__ import annotations

from safeguard.governance.framework.services import add_question
from safeguard.roles import Role


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _question_id(person: object) -> int:
    """A council's own question in the assurance framework (added by a Director)."""
    from safeguard.governance.framework.models import CouncilQuestion
    from safeguard.web.accounts.models import RoleGrant, User

    author, made = User.objects.get_or_create(username="matrix.director")
    if made:
        RoleGrant.objects.create(user=author, role=Role.DCS.value)
    question, _ = CouncilQuestion.objects.get_or_create(
        factor="culture", text="Do staff feel heard?", defaults={"created_by": author, "state": "active"}
    )
    return question.pk


def _add_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.ANALYST)
    data = {"factor": "partnership", "text": "Do schools know whom to call out of hours?", "indicators": ["contacts_per_10k"]}
    return client, reverse("framework:question_add"), data, "add_framework_question"


def _retire_change(make_person, **_):
    from django.urls import reverse

    client, director = _signed_in(make_person, Role.DCS)
    question = add_question(by=director, factor="culture", text="Do staff feel heard?")
    data = {"step": "retire", "reason": "The staff survey asks it.", "version": question.version}
    return client, reverse("framework:question", args=[question.pk]), data, "retire_framework_question"


ROUTE_SAMPLES = {"question_id": _question_id}
POST_CHANGES = {"framework:question_add": _add_change, "framework:question": _retire_change}
