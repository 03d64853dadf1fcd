"""Session limits: idle and absolute timeouts on a frozen clock, and disabling an account or
changing a password ending the other sessions."""

from __future__ import annotations

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.web.access.policy import Role

START = "2026-03-02 09:00:00+00:00"


def test_an_idle_session_ends(make_person):
    person = make_person(Role.LEAD_MEMBER)
    with time_machine.travel(START, tick=False) as traveller:
        client = sign_in(Client(), person)
        traveller.shift(settings.SESSION_IDLE_SECONDS - 60)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(settings.SESSION_IDLE_SECONDS - 60)
        assert client.get(reverse("home")).status_code == 200, "activity restarts the idle clock"
        traveller.shift(settings.SESSION_IDLE_SECONDS + 1)
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("sign_in"))
        page = client.get(response["Location"])
        assert "without activity" in page.content.decode()
        assert client.get(reverse("home")).status_code == 302


def test_a_busy_session_still_ends_at_the_absolute_limit(make_person):
    person = make_person(Role.LEAD_MEMBER)
    with time_machine.travel(START, tick=False) as traveller:
        client = sign_in(Client(), person)
        step = settings.SESSION_IDLE_SECONDS // 2
        elapsed = 0
        while elapsed + step <= settings.SESSION_ABSOLUTE_SECONDS:
            traveller.shift(step)
            elapsed += step
            assert client.get(reverse("home")).status_code == 200
        traveller.shift(step)
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert "sessions last at most" in client.get(response["Location"]).content.decode()


def test_disabling_an_account_ends_its_sessions_at_once(make_person, client_as):
    person = make_person(Role.SCRUTINY_MEMBER)
    their_session = sign_in(Client(), person)
    assert their_session.get(reverse("home")).status_code == 200
    administrator = client_as(Role.ADMINISTRATOR)
    administrator.post(reverse("accounts:user_detail", args=[person.pk]), {"action": "disable"})
    response = their_session.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign_in"))


def test_changing_a_password_keeps_this_session_and_ends_the_others(make_person):
    person = make_person(Role.LEAD_MEMBER, password="old password that is long")
    here, elsewhere = sign_in(Client(), person), sign_in(Client(), person)
    response = here.post(
        reverse("password_change"),
        {"old_password": "old password that is long", "new_password1": "a brand new passphrase 42",
         "new_password2": "a brand new passphrase 42"},
    )
    assert response.status_code == 302
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302


def test_a_person_given_a_password_must_change_it_first(make_person):
    person = make_person(Role.LEAD_MEMBER)
    person.must_change_password = True
    person.save()
    client = sign_in(Client(), person)
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    assert client.get(reverse("sign_out")).status_code == 200
