"""Setting up a second factor needs more than the password (DOMAIN.md §7, "Sign-in and
sessions"; issue 12, point 9): an enrolment code an administrator issues (shown once, kept
hashed, single use, expiring) comes before the authenticator's secret, and every code issued and
every enrolment is in the access log."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from web_support import sign_in

from safeguard.web.access.policy import ROLES, Role
from safeguard.web.accounts.models import EnrolmentCode, User
from safeguard.web.accounts.signing_in import ENROLMENT_CODE_NOT_ACCEPTED
from safeguard.web.audit.models import AccessRecord, Outcome

CODE = re.compile(r'<code class="app-enrolment-code">([A-Z0-9-]+)</code>')


def records(action: str) -> list[tuple[str, str, str]]:
    return list(
        AccessRecord.objects.filter(action=action).order_by("id").values_list("username", "object_id", "outcome")
    )


def issue_on_the_page(administrator: Client, person: User) -> str:
    page = administrator.post(reverse("accounts:user_detail", args=[person.pk]), {"action": "issue_enrolment_code"})
    assert page.status_code == 200
    [code] = CODE.findall(page.content.decode())
    return code


@pytest.fixture
def newcomer(make_person) -> tuple[User, Client]:
    """An analyst an administrator has just added, signed in with their password only."""
    person = make_person(Role.ANALYST, username="new.analyst")
    return person, sign_in(Client(), person, second_factor=False)


def test_a_password_alone_never_shows_an_authenticator_secret(newcomer):
    """Guards the enrolment itself: without the enrolment code, whoever has learned a newcomer's
    first password could set up their own authenticator on the account and keep its access."""
    person, client = newcomer
    page = client.get(reverse("second_factor_setup")).content.decode()
    assert "Enter your enrolment code" in page
    assert "app-secret" not in page and "<svg" not in page
    assert not TOTPDevice.objects.filter(user=person).exists()
    refused = client.post(reverse("second_factor_setup"), {"code": "123456"})
    assert "app-secret" not in refused.content.decode(), "a one-time code posted straight away is no way round it"
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_an_administrator_issues_a_code_shown_once_kept_hashed_and_recorded(newcomer, client_as):
    person, _ = newcomer
    administrator = client_as(Role.ADMINISTRATOR, username="admin")
    before = administrator.get(reverse("accounts:user_detail", args=[person.pk])).content.decode()
    assert "Issue an enrolment code" in before
    code = issue_on_the_page(administrator, person)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}", code)
    [stored] = EnrolmentCode.objects.filter(user=person)
    assert stored.code_hash.startswith("argon2$") and code.replace("-", "") not in stored.code_hash
    assert stored.issued_by.username == "admin" and stored.used_at is None
    after = administrator.get(reverse("accounts:user_detail", args=[person.pk])).content.decode()
    assert code not in after and "has not been used yet" in after
    assert records("issue_enrolment_code") == [("admin", "new.analyst", Outcome.SUCCEEDED)]


def test_the_code_opens_the_set_up_once_and_the_enrolment_is_recorded(newcomer, client_as):
    person, client = newcomer
    code = issue_on_the_page(client_as(Role.ADMINISTRATOR), person)
    assert client.post(reverse("second_factor_setup"), {"enrolment_code": code.lower().replace("-", " ")}).status_code == 302
    page = client.get(reverse("second_factor_setup")).content.decode()
    assert "app-secret" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    assert client.post(reverse("second_factor_setup"), {"code": f"{totp(device.bin_key):06d}"})["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert records("redeem_enrolment_code") == [("new.analyst", "new.analyst", Outcome.SUCCEEDED)]
    assert records("set_up_second_factor") == [("new.analyst", "new.analyst", Outcome.SUCCEEDED)]

    other = make_second_session(person)
    again = other.post(reverse("second_factor_setup"), {"enrolment_code": code})
    assert again["Location"] == reverse("second_factor_verify"), "set up already: nothing left to enrol"


def make_second_session(person: User) -> Client:
    return sign_in(Client(), person, second_factor=False)


def test_a_used_code_does_not_work_a_second_time(newcomer, client_as):
    """Guards single use: a code seen over someone's shoulder after it was used opens nothing."""
    person, client = newcomer
    code = issue_on_the_page(client_as(Role.ADMINISTRATOR), person)
    client.post(reverse("second_factor_setup"), {"enrolment_code": code})
    other = make_second_session(person)
    page = other.post(reverse("second_factor_setup"), {"enrolment_code": code})
    assert page.status_code == 200 and ENROLMENT_CODE_NOT_ACCEPTED in page.content.decode()
    assert "app-secret" not in page.content.decode()
    assert [outcome for *_, outcome in records("redeem_enrolment_code")] == [Outcome.SUCCEEDED, Outcome.FAILED]


def test_an_expired_or_replaced_code_is_refused(newcomer, client_as):
    import time_machine

    person, client = newcomer
    administrator = client_as(Role.ADMINISTRATOR)
    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False) as traveller:
        first = issue_on_the_page(administrator, person)
        second = issue_on_the_page(administrator, person)
        replaced = client.post(reverse("second_factor_setup"), {"enrolment_code": first})
        assert ENROLMENT_CODE_NOT_ACCEPTED in replaced.content.decode(), "a newer code ends the earlier one"
        traveller.shift(72 * 3600 + 1)
        expired = client.post(reverse("second_factor_setup"), {"enrolment_code": second})
        assert ENROLMENT_CODE_NOT_ACCEPTED in expired.content.decode()
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_a_code_is_only_for_the_person_it_was_issued_to(newcomer, make_person, client_as):
    person, _ = newcomer
    code = issue_on_the_page(client_as(Role.ADMINISTRATOR), person)
    someone_else = make_second_session(make_person(Role.DCS))
    page = someone_else.post(reverse("second_factor_setup"), {"enrolment_code": code})
    assert ENROLMENT_CODE_NOT_ACCEPTED in page.content.decode()


def test_no_code_is_issued_for_someone_who_needs_none(client_as, make_person):
    councillor = make_person(Role.LEAD_MEMBER)
    enrolled = make_person(Role.DCS)
    sign_in(Client(), enrolled)  # gives them a confirmed authenticator
    administrator = client_as(Role.ADMINISTRATOR)
    for person in (councillor, enrolled):
        page = administrator.post(reverse("accounts:user_detail", args=[person.pk]), {"action": "issue_enrolment_code"})
        assert not CODE.findall(page.content.decode())
        assert "Issue an enrolment code" not in page.content.decode()
    assert not EnrolmentCode.objects.exists() and not records("issue_enrolment_code")


def test_the_first_administrator_gets_their_code_on_the_command_line(db, monkeypatch, capsys):
    """The first administrator has nobody to issue their code: ``add_user`` prints one, and the
    access log records it as issued on the server."""
    answers = iter(["a long first password 99"] * 2)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("add_user", "owner", "--role", "administrator")
    printed = capsys.readouterr().out
    [code] = re.findall(r"Enrolment code for owner: ([A-Z0-9-]{19})", printed)
    [(username, object_id, outcome)] = records("issue_enrolment_code")
    assert username.startswith("(server command line)") and (object_id, outcome) == ("owner", Outcome.SUCCEEDED)
    client = make_second_session(User.objects.get(username="owner"))
    assert client.post(reverse("second_factor_setup"), {"enrolment_code": code}).status_code == 302

    call_command("issue_enrolment_code", "owner")
    assert "Enrolment code for owner:" in capsys.readouterr().out
    assert len(records("issue_enrolment_code")) == 2


def test_every_demo_authenticator_is_recorded_as_an_enrolment(db):
    from safeguard.web.demo_users import create_demo_users

    create_demo_users()
    enrolled = {object_id for _, object_id, _ in records("set_up_second_factor")}
    assert enrolled == {f"demo-{role.value.replace('_', '-')}" for role, definition in ROLES.items() if definition.second_factor}
