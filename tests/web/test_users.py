"""The administrator's pages: adding people, giving only roles one holds, ignoring anything
else posted, and changes recorded in the access log."""

from __future__ import annotations

from django.urls import reverse

from safeguard.web.access.policy import Role
from safeguard.web.accounts.models import RoleGrant, User
from safeguard.web.audit.models import AccessRecord, Outcome

NEW_PERSON = {
    "username": "j.smith",
    "full_name": "Jo Smith",
    "email": "jo.smith@example.invalid",
    "password": "a first password, long enough",
}


def test_an_administrator_adds_a_person_with_a_role_they_hold(client_as):
    client = client_as(Role.ADMINISTRATOR, Role.LEAD_MEMBER)
    response = client.post(reverse("accounts:user_add"), {**NEW_PERSON, "roles": ["lead_member"]})
    person = User.objects.get(username="j.smith")
    assert response["Location"] == reverse("accounts:user_detail", args=[person.pk])
    assert person.roles == {Role.LEAD_MEMBER}
    assert person.must_change_password
    assert person.password.startswith("argon2$")
    assert person.get_full_name() == "Jo Smith"
    assert AccessRecord.objects.filter(action="add_user", object_id="j.smith", outcome=Outcome.SUCCEEDED).count() == 1


def test_a_role_the_administrator_does_not_hold_cannot_be_given(client_as):
    client = client_as(Role.ADMINISTRATOR)
    response = client.post(reverse("accounts:user_add"), {**NEW_PERSON, "roles": ["dcs"]})
    assert response.status_code == 200
    assert "only give roles that you hold" in response.content.decode()
    assert not User.objects.filter(username="j.smith").exists()
    assert not AccessRecord.objects.filter(action="add_user").exists()


def test_extra_posted_fields_are_ignored(client_as):
    client = client_as(Role.ADMINISTRATOR)
    client.post(
        reverse("accounts:user_add"),
        {**NEW_PERSON, "roles": ["administrator"], "is_superuser": "on", "is_staff": "on",
         "must_change_password": "", "role": "dcs", "granted_by": "1", "is_active": ""},
    )
    person = User.objects.get(username="j.smith")
    assert not person.is_superuser and not person.is_staff and person.is_active
    assert person.must_change_password
    assert person.roles == {Role.ADMINISTRATOR}


def test_changing_roles_leaves_the_roles_the_administrator_does_not_hold(client_as, make_person):
    person = make_person(Role.DCS, Role.LEAD_MEMBER)
    client = client_as(Role.ADMINISTRATOR, Role.LEAD_MEMBER, Role.SCRUTINY_MEMBER)
    url = reverse("accounts:user_detail", args=[person.pk])
    response = client.post(url, {"action": "roles", "roles": ["scrutiny_member", "dcs"]})
    assert response.status_code == 200, "dcs is not grantable: the whole change is refused"
    assert User.objects.get(pk=person.pk).roles == {Role.DCS, Role.LEAD_MEMBER}
    client.post(url, {"action": "roles", "roles": ["scrutiny_member"]})
    assert User.objects.get(pk=person.pk).roles == {Role.DCS, Role.SCRUTINY_MEMBER}
    grant = RoleGrant.objects.get(user=person, role="scrutiny_member")
    assert grant.granted_by.roles >= {Role.ADMINISTRATOR}


def test_an_administrator_cannot_disable_themselves(make_person):
    from django.test import Client
    from web_support import sign_in

    administrator = make_person(Role.ADMINISTRATOR)
    client = sign_in(Client(), administrator)
    client.post(reverse("accounts:user_detail", args=[administrator.pk]), {"action": "disable"})
    assert User.objects.get(pk=administrator.pk).is_active


def test_disable_and_enable_are_recorded_once_each(client_as, make_person):
    person = make_person(Role.SCRUTINY_MEMBER, username="member")
    client = client_as(Role.ADMINISTRATOR)
    url = reverse("accounts:user_detail", args=[person.pk])
    client.post(url, {"action": "disable"})
    assert not User.objects.get(pk=person.pk).is_active
    client.post(url, {"action": "enable"})
    assert User.objects.get(pk=person.pk).is_active
    actions = list(AccessRecord.objects.filter(object_id="member").order_by("id").values_list("action", "outcome"))
    assert actions == [("disable_user", "succeeded"), ("enable_user", "succeeded")]


def test_the_user_list_shows_everyone_with_their_roles(client_as, make_person):
    make_person(Role.DCS, username="director")
    page = client_as(Role.ADMINISTRATOR).get(reverse("accounts:users")).content.decode()
    assert "director" in page and "Director of Children&#39;s Services" in page


def test_the_first_administrator_is_added_from_the_command_line(db, monkeypatch, capsys):
    import pytest
    from django.core.management import CommandError, call_command

    answers = iter(["a long first password 99", "a long first password 99"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("add_user", "owner", "--role", "administrator", "--full-name", "Sam Owner")
    person = User.objects.get(username="owner")
    assert person.roles == {Role.ADMINISTRATOR} and person.must_change_password
    assert person.check_password("a long first password 99")
    assert "a long first password 99" not in capsys.readouterr().out

    mismatched = iter(["a long first password 99", "something else entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(mismatched))
    with pytest.raises(CommandError, match="differ"):
        call_command("add_user", "second", "--role", "administrator")
    assert not User.objects.filter(username="second").exists()
