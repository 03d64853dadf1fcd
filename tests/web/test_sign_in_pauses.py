"""Sign-in pauses that a stranger cannot turn against a person (DOMAIN.md §7, "Sign-in and
sessions"; issue 12, point 1): failures counted per account and per address separately, the
client's own address read past trusted proxies only, a password with a one-time code still
signing in while a pause holds, a browser that signed in before not held back by guessing
elsewhere, and the same answers for unknown names."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from test_signing_in import PASSWORD, _without_per_request_values, code_for
from web_support import confirmed_device

from safeguard.web.access.policy import Role
from safeguard.web.accounts.signing_in import NOT_SIGNED_IN
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.audit.recording import client_address

PROXY = "10.0.0.2"


def attempt(client: Client, username: str, password: str, *, peer: str, forwarded: str | None = None, code: str = ""):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    data = {"username": username, "password": password}
    if code:
        data["code"] = code
    return client.post(reverse("sign_in"), data, **headers)


@pytest.mark.parametrize(
    ("peer", "forwarded", "seen"),
    [
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        (PROXY, "198.51.100.1", "198.51.100.1"),
        (PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (PROXY, "198.51.100.1, 10.0.0.3", "198.51.100.1"),
        (PROXY, "10.0.0.7", "10.0.0.7"),
        (PROXY, "not an address", PROXY),
        (PROXY, None, PROXY),
        ("::ffff:10.0.0.2", "198.51.100.1", "198.51.100.1"),
    ],
    ids=["untrusted-peer", "one-proxy", "spoofed-left", "two-proxies", "all-trusted", "garbage", "no-header", "mapped"],
)
@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_client_address_is_read_past_trusted_proxies_only(peer, forwarded, seen):
    """Guards the client address: X-Forwarded-For is believed only from a configured proxy, and
    only its right-hand entries that our proxies added (without this, every person behind the
    council's proxy shares one address)."""
    headers = {"REMOTE_ADDR": peer} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    assert client_address(RequestFactory().get("/", **headers)) == seen


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"], SIGN_IN_ADDRESS_LIMIT=5, SIGN_IN_PAIR_LIMIT=3)
def test_guessing_behind_the_councils_proxy_does_not_pause_everyone_behind_it(make_person):
    """Guards against the lockout by address: failures from one person behind the proxy pause
    that person's address only, not every colleague whose requests come through the same proxy."""
    make_person(Role.LEAD_MEMBER, username="colleague", password=PASSWORD)
    for number in range(5):
        attempt(Client(), f"name{number}", "Winter2026!", peer=PROXY, forwarded="203.0.113.7")
    assert attempt(Client(), "colleague", PASSWORD, peer=PROXY, forwarded="203.0.113.7").status_code == 200
    assert attempt(Client(), "colleague", PASSWORD, peer=PROXY, forwarded="198.51.100.20").status_code == 302
    addresses = set(AccessRecord.objects.filter(action="sign_in").values_list("address", flat=True))
    assert addresses == {"203.0.113.7", "198.51.100.20"}, "the access log names people's own addresses too"


@override_settings(TRUSTED_PROXIES=[], SIGN_IN_PAIR_LIMIT=3)
def test_a_forged_forwarded_for_does_not_escape_the_pause(make_person):
    """Guards the other side of trusting proxies: a client that is not one cannot pick a new
    address per request by writing the header itself."""
    make_person(Role.LEAD_MEMBER, username="target", password=PASSWORD)
    for number in range(3):
        attempt(Client(), "target", "guess", peer="203.0.113.9", forwarded=f"198.51.100.{number}")
    assert attempt(Client(), "target", PASSWORD, peer="203.0.113.9", forwarded="198.51.100.99").status_code == 200


@override_settings(SIGN_IN_ACCOUNT_LIMIT=4, SIGN_IN_PAIR_LIMIT=3)
def test_guessing_from_many_addresses_pauses_the_account_but_a_password_with_a_code_still_signs_in(make_person):
    """Guards the per-account count: guesses spread over many addresses stop a password alone
    from signing in (without it, each address gets its own five guesses for ever), while the
    person who knows the password and holds the authenticator is never kept out."""
    director = make_person(Role.DCS, username="director", password=PASSWORD)
    device = confirmed_device(director)
    for number in range(4):
        attempt(Client(), "director", "guess", peer=f"203.0.113.{number + 1}")
    paused = attempt(Client(), "director", PASSWORD, peer="198.51.100.5")
    assert paused.status_code == 200 and NOT_SIGNED_IN in paused.content.decode()
    assert 'name="code"' in paused.content.decode(), "the page offers the one-time code"
    wrong_code = attempt(Client(), "director", PASSWORD, peer="198.51.100.5", code="000000")
    assert wrong_code.status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # django-otp's own pause after a wrong code is not what is tested here
    client = Client()
    signed_in = attempt(client, "director", PASSWORD, peer="198.51.100.5", code=code_for(device))
    assert signed_in["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200, "the code given counts as this session's code"
    outcomes = list(AccessRecord.objects.filter(action="sign_in").order_by("id").values_list("outcome", flat=True))
    assert outcomes == [Outcome.FAILED] * 4 + [Outcome.REFUSED, Outcome.FAILED, Outcome.SUCCEEDED]


@override_settings(SIGN_IN_ACCOUNT_LIMIT=4, SIGN_IN_PAIR_LIMIT=3, SIGN_IN_ADDRESS_LIMIT=5)
def test_a_browser_that_signed_in_before_is_not_held_back_by_guessing_elsewhere(make_person):
    """Guards the known browser: after a complete sign-in, this browser's attempts are counted on
    their own, so an attacker pausing the account, its address or the whole office's address
    does not stop the person on the computer they use (the leaders' roles have no code to fall
    back on)."""
    make_person(Role.LEAD_MEMBER, username="councillor", password=PASSWORD)
    usual = Client()
    assert attempt(usual, "councillor", PASSWORD, peer="198.51.100.5")["Location"] == reverse("home")
    usual.post(reverse("sign_out"))
    for number in range(5):
        attempt(Client(), "councillor", "guess", peer="198.51.100.5")
        attempt(Client(), "councillor", "guess", peer=f"203.0.113.{number + 1}")
    assert attempt(Client(), "councillor", PASSWORD, peer="198.51.100.5").status_code == 200, "a new browser waits"
    assert attempt(usual, "councillor", PASSWORD, peer="198.51.100.5")["Location"] == reverse("home")

    stranger = Client()
    stranger.cookies["safeguard_known_browser"] = usual.cookies["safeguard_known_browser"].value + "x"
    assert attempt(stranger, "councillor", PASSWORD, peer="198.51.100.5").status_code == 200, "a forged cookie is nothing"


@override_settings(SIGN_IN_ACCOUNT_LIMIT=3, SIGN_IN_PAIR_LIMIT=100)
def test_a_paused_unknown_name_gets_the_same_page_as_a_paused_real_one(make_person):
    """Guards against enumeration while paused: the page, the code box included, is the same
    for a name that does not exist."""
    make_person(Role.DCS, username="real", password=PASSWORD)
    pages = {}
    for name in ("real", "imaginary"):
        for number in range(3):
            attempt(Client(), name, "guess", peer=f"203.0.113.{number + 1}")
        pages[name] = attempt(Client(), name, "guess", peer="198.51.100.5", code="123456")
    normalised = {_without_per_request_values(page, name) for name, page in pages.items()}
    assert len(normalised) == 1
    assert 'name="code"' in normalised.pop()
