"""Signing in: passwords hashed with Argon2, the same answer for unknown names, lockout by
username and address, one-time codes that work once, sign-out by POST only, nothing secret in
the logs (DOMAIN.md §7, "Sign-in and sessions")."""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from web_support import enter_enrolment_code

from safeguard.web.access.policy import Role
from safeguard.web.accounts.models import SignInFailure, User
from safeguard.web.accounts.signing_in import CODE_NOT_ACCEPTED, NOT_SIGNED_IN
from safeguard.web.audit.models import AccessRecord, Outcome

PASSWORD = "correct horse battery staple"


def post_sign_in(client: Client, username: str, password: str, address: str = "10.1.1.1", next_page: str = ""):
    url = reverse("sign_in") + (f"?next={next_page}" if next_page else "")
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():06d}"


def test_a_good_password_signs_in_and_is_stored_as_argon2(make_person):
    make_person(Role.LEAD_MEMBER, username="lm", password=PASSWORD)
    client = Client()
    response = post_sign_in(client, "lm", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert User.objects.get(username="lm").password.startswith("argon2$")
    assert AccessRecord.objects.filter(action="sign_in", outcome=Outcome.SUCCEEDED, username="lm").count() == 1


def test_unknown_name_wrong_password_and_disabled_account_get_the_same_page(make_person):
    make_person(Role.LEAD_MEMBER, username="known", password=PASSWORD)
    make_person(Role.LEAD_MEMBER, username="gone", password=PASSWORD, active=False)
    attempts = [("known", "wrong password"), ("nobody-by-this-name", "wrong password"), ("gone", PASSWORD)]
    pages = [post_sign_in(Client(), username, password) for username, password in attempts]
    assert {page.status_code for page in pages} == {200}
    assert NOT_SIGNED_IN in pages[0].content.decode()
    normalised = {_without_per_request_values(page, username) for page, (username, _) in zip(pages, attempts)}
    assert len(normalised) == 1


def _without_per_request_values(page, username: str) -> str:
    """The page less what differs per request by design: the CSRF token, the script nonce,
    and the username echoed back into its box."""
    body = page.content.decode().replace(page.wsgi_request.csp_nonce, "NONCE")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    return body.replace(f'value="{username}"', 'value="USERNAME"')


def test_every_answer_costs_one_argon2_hash_known_or_not(make_person, monkeypatch):
    from django.contrib.auth.hashers import make_password

    person = make_person(Role.LEAD_MEMBER, username="known")
    person.password = make_password(PASSWORD, hasher="argon2")
    person.save()
    calls = []
    original_encode, original_verify = Argon2PasswordHasher.encode, Argon2PasswordHasher.verify
    monkeypatch.setattr(Argon2PasswordHasher, "encode", lambda self, *a, **k: calls.append("hash") or original_encode(self, *a, **k))
    monkeypatch.setattr(Argon2PasswordHasher, "verify", lambda self, *a, **k: calls.append("hash") or original_verify(self, *a, **k))
    post_sign_in(Client(), "known", "wrong password")
    assert calls == ["hash"]
    calls.clear()
    post_sign_in(Client(), "unknown", "wrong password")
    assert calls == ["hash"]


@override_settings(SIGN_IN_PAIR_LIMIT=3, SIGN_IN_ADDRESS_LIMIT=100)
def test_lockout_pauses_the_name_from_that_address_only(make_person):
    make_person(Role.LEAD_MEMBER, username="target", password=PASSWORD)
    for _ in range(3):
        post_sign_in(Client(), "target", "guess", address="10.9.9.9")
    paused = post_sign_in(Client(), "target", PASSWORD, address="10.9.9.9")
    assert paused.status_code == 200 and NOT_SIGNED_IN in paused.content.decode()
    elsewhere = post_sign_in(Client(), "target", PASSWORD, address="10.2.2.2")
    assert elsewhere.status_code == 302
    assert AccessRecord.objects.filter(action="sign_in", outcome=Outcome.REFUSED).count() == 1


@override_settings(SIGN_IN_PAIR_LIMIT=3, SIGN_IN_ADDRESS_LIMIT=100)
def test_an_unknown_name_is_paused_exactly_like_a_known_one(make_person):
    make_person(Role.LEAD_MEMBER, username="real", password=PASSWORD)
    answers = {}
    for name in ("real", "imaginary"):
        for _ in range(3):
            post_sign_in(Client(), name, "guess", address="10.3.3.3")
        answers[name] = post_sign_in(Client(), name, "guess", address="10.3.3.3").content.decode()
    assert all(NOT_SIGNED_IN in page for page in answers.values())
    assert SignInFailure.objects.filter(username="imaginary").count() == 3


@override_settings(SIGN_IN_PAIR_LIMIT=100, SIGN_IN_ADDRESS_LIMIT=4)
def test_one_address_trying_many_names_is_paused(make_person):
    make_person(Role.LEAD_MEMBER, username="victim", password=PASSWORD)
    for number in range(4):
        post_sign_in(Client(), f"name{number}", "Winter2025!", address="10.4.4.4")
    assert post_sign_in(Client(), "victim", PASSWORD, address="10.4.4.4").status_code == 200
    assert post_sign_in(Client(), "victim", PASSWORD, address="10.5.5.5").status_code == 302


@override_settings(SIGN_IN_PAIR_LIMIT=3)
def test_the_pause_ends_after_its_window(make_person):
    import time_machine

    make_person(Role.LEAD_MEMBER, username="patient", password=PASSWORD)
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False) as traveller:
        for _ in range(3):
            post_sign_in(Client(), "patient", "guess")
        assert post_sign_in(Client(), "patient", PASSWORD).status_code == 200
        traveller.shift(15 * 60 + 1)
        assert post_sign_in(Client(), "patient", PASSWORD).status_code == 302


def test_next_page_is_followed_only_within_the_site(make_person):
    make_person(Role.LEAD_MEMBER, username="lm", password=PASSWORD)
    inside = post_sign_in(Client(), "lm", PASSWORD, next_page="/account/password")
    assert inside["Location"] == "/account/password"
    outside = post_sign_in(Client(), "lm", PASSWORD, next_page="https://evil.example/")
    assert outside["Location"] == reverse("home")


def test_a_child_level_role_sets_up_codes_at_first_sign_in_and_each_code_works_once(make_person):
    person = make_person(Role.ANALYST, username="analyst", password=PASSWORD)
    client = Client()
    response = post_sign_in(client, "analyst", PASSWORD)
    assert response["Location"] == reverse("second_factor_setup")
    assert client.get(reverse("home"))["Location"] == reverse("second_factor_setup")
    enter_enrolment_code(client, person)
    setup_page = client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user__username="analyst")
    assert not device.confirmed
    assert "<svg" in setup_page.content.decode()
    code = code_for(device)
    assert client.post(reverse("second_factor_setup"), {"code": code})["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200

    second = Client()
    assert post_sign_in(second, "analyst", PASSWORD)["Location"] == reverse("second_factor_verify")
    replay = second.post(reverse("second_factor_verify"), {"code": code})
    assert replay.status_code == 200 and CODE_NOT_ACCEPTED in replay.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    fresh = second.post(reverse("second_factor_verify"), {"code": code_for(device, offset_steps=1)})
    assert fresh["Location"] == reverse("home")
    outcomes = list(AccessRecord.objects.filter(action="verify_second_factor").values_list("outcome", flat=True))
    assert sorted(outcomes) == [Outcome.FAILED, Outcome.SUCCEEDED]


def test_sign_out_needs_a_post(client_as):
    client = client_as(Role.SCRUTINY_MEMBER)
    assert client.get(reverse("sign_out")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("sign_out"))["Location"] == reverse("sign_in")
    assert client.get(reverse("home")).status_code == 302


def test_no_password_or_code_reaches_the_logs(make_person, caplog):
    director = make_person(Role.DCS, username="director", password=PASSWORD)
    caplog.set_level(logging.DEBUG)
    client = Client()
    post_sign_in(client, "director", "a-wrong-Secret-9")
    post_sign_in(client, "director", PASSWORD)
    enter_enrolment_code(client, director)
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user__username="director")
    code = code_for(device)
    client.post(reverse("second_factor_setup"), {"code": code})
    client.post(reverse("second_factor_setup"), {"code": "000000"})
    logged = caplog.text
    for secret in (PASSWORD, "a-wrong-Secret-9", code, device.key):
        assert secret not in logged
    assert not AccessRecord.objects.filter(username__icontains="Secret").exists()


@pytest.mark.parametrize("code", ["12345", "abcdef", "1234567", ""])
def test_malformed_codes_are_refused_before_checking(make_person, code):
    from web_support import sign_in

    person = make_person(Role.DCS)
    client = sign_in(Client(), person, second_factor=False)
    TOTPDevice.objects.create(user=person, confirmed=True)
    response = client.post(reverse("second_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert TOTPDevice.objects.get(user=person).throttling_failure_count == 0


def test_no_navigation_is_offered_before_the_code(make_person):
    from web_support import sign_in

    person = make_person(Role.ANALYST)
    client = sign_in(Client(), person, second_factor=False)
    assert reverse("data:imports") not in client.get(reverse("second_factor_setup")).content.decode()
    enter_enrolment_code(client, person)
    waiting = client.get(reverse("second_factor_setup")).content.decode()
    assert reverse("data:imports") not in waiting
    signed_in = sign_in(Client(), person).get(reverse("home")).content.decode()
    assert reverse("data:imports") in signed_in
