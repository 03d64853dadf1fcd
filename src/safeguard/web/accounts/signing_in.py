"""Signing in with a password, then a one-time code; setting up the authenticator that makes
those codes (after an enrolment code from an administrator); signing out; changing one's password.

A wrong password, an unknown username, a disabled account and a paused sign-in all get the
same page with the same message, and every path that checks a password runs the Argon2 hash
once (Django's backend hashes the password typed even for an unknown name), so neither the
words nor the timing tell a stranger which usernames exist.
"""

from __future__ import annotations

from base64 import b32encode
from functools import partial

import segno
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as remember_second_factor
from django_otp.middleware import is_verified as otp_is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.web.access.enforcement import second_factor_outstanding, user_has_confirmed_device
from safeguard.web.access.policy import needs_second_factor
from safeguard.web.access.requests import SignedInRequest, is_signed_in
from safeguard.web.accounts.enrolment import EnrolmentCodeRefused, redeem_code
from safeguard.web.accounts.forms import CodeForm, EnrolmentCodeForm, SignInForm
from safeguard.web.accounts.known_browsers import recognised_browser, remember_browser
from safeguard.web.accounts.lockout import attempt_from, forget_failures, is_paused, normalised_username, note_failure
from safeguard.web.accounts.models import User
from safeguard.web.accounts.session_limits import start_session_clock
from safeguard.web.audit.models import ObjectType, Outcome
from safeguard.web.audit.recording import record, recorded_change

NOT_SIGNED_IN = (
    "The username or password is not right, or signing in is paused for a while after too many tries. "
    "Check them and try again in a few minutes."
)
CODE_NOT_ACCEPTED = (
    "That code was not accepted. Codes change every 30 seconds and each works once: "
    "wait for the next one and try again."
)
ENROLMENT_CODE_NOT_ACCEPTED = (
    "That enrolment code was not accepted. Check it with the administrator who gave it to you: each code "
    "works once, and only until it expires or a newer one is issued."
)
NEXT_PAGE = "safeguard_next_page"


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return None


def _after_sign_in(request: HttpRequest) -> HttpResponse:
    if not is_signed_in(request):
        raise RuntimeError("The next page after signing in is chosen only once login() has set request.user.")
    if second_factor_outstanding(request):
        return redirect("second_factor_verify" if user_has_confirmed_device(request.user) else "second_factor_setup")
    response = redirect(request.session.pop(NEXT_PAGE, None) or "home")
    username = normalised_username(request.user.get_username())
    remember_browser(response, username, browser=recognised_browser(request, username))
    return response


def _known_username(username: str) -> str:
    """The name to write in the access log for a failed sign-in: an existing account's name, or
    a placeholder (what was typed may be a password typed into the wrong box)."""
    return username if User.objects.filter(username=username).exists() else "(not a known username)"


def _with_code(user: User | None, code: str) -> User | None:
    """``user`` if ``code`` is the current code of their confirmed authenticator (marked as the
    device that verified this sign-in), else None."""
    if user is None or not code:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    if device is None or not device.verify_token(code):
        return None
    user.otp_device = device  # django-otp keeps it in the session at login()
    user.is_verified = partial(otp_is_verified, user)
    return user


@sensitive_post_parameters("password", "code")
def sign_in(request: HttpRequest) -> HttpResponse:
    """A password, or while sign-in is paused for the name typed, a password and a one-time code
    together (see ``lockout``: nobody who knows both is ever kept out)."""
    if is_signed_in(request):
        return _after_sign_in(request)
    form = SignInForm(request.POST or None)
    problem = None
    paused = False
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        attempt = attempt_from(request, username)
        paused = is_paused(attempt)
        code = form.cleaned_data["code"]
        if paused and not code:
            record(request, action="sign_in", object_type=ObjectType.USER, object_id="", outcome=Outcome.REFUSED,
                   username=_known_username(username))
            problem = NOT_SIGNED_IN
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if paused:
                user = _with_code(user, code)
            if user is None:
                note_failure(attempt)
                record(request, action="sign_in", object_type=ObjectType.USER, outcome=Outcome.FAILED,
                       username=_known_username(username))
                problem = NOT_SIGNED_IN
            else:
                next_page = _safe_next(request, request.GET.get("next"))
                forget_failures(attempt)
                login(request, user)
                start_session_clock(request)
                if next_page:
                    request.session[NEXT_PAGE] = next_page
                record(request, action="sign_in", object_type=ObjectType.USER, object_id=user.username,
                       outcome=Outcome.SUCCEEDED)
                return _after_sign_in(request)
    return render(request, "accounts/sign_in.html", {"form": form, "problem": problem, "ask_for_code": paused})


def sign_out(request: SignedInRequest) -> HttpResponse:
    if request.method == "POST":
        record(request, action="sign_out", object_type=ObjectType.USER, object_id=request.user.username,
               outcome=Outcome.SUCCEEDED)
        logout(request)
        return redirect("sign_in")
    return render(request, "accounts/sign_out.html", {})


ENROLMENT_DEVICE = "safeguard_enrolment_device"
"""Session key: the authenticator being set up, once this session has given an enrolment code."""


def _device_being_set_up(request: SignedInRequest) -> TOTPDevice | None:
    device_id = request.session.get(ENROLMENT_DEVICE)
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()


def second_factor_setup(request: SignedInRequest) -> HttpResponse:
    """First sign-in of a role that needs codes: the enrolment code an administrator issued
    (``enrolment``), then the authenticator's secret, then a code from it to confirm it. The
    secret is made, and shown, only after the enrolment code has been accepted."""
    if not needs_second_factor(request.user.roles) or user_has_confirmed_device(request.user):
        return redirect("second_factor_verify" if second_factor_outstanding(request) else "home")
    device = _device_being_set_up(request)
    if device is None:
        return _enrolment_code_step(request)
    form = CodeForm(request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with recorded_change(request, action="set_up_second_factor", object_type=ObjectType.USER,
                                 object_id=request.user.username):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            request.session.pop(ENROLMENT_DEVICE, None)
            remember_second_factor(request, device)
            return _after_sign_in(request)
        record(request, action="set_up_second_factor", object_type=ObjectType.USER,
               object_id=request.user.username, outcome=Outcome.FAILED)
        problem = CODE_NOT_ACCEPTED
    secret = b32encode(device.bin_key).decode("ascii")
    qr_code = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#0b0c0c", light="#ffffff")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {"form": form, "problem": problem, "secret": secret, "qr_code": qr_code},
    )


def _enrolment_code_step(request: SignedInRequest) -> HttpResponse:
    """Ask for the enrolment code; once it is accepted, a new authenticator secret is made for
    this session (any secret made earlier, and perhaps seen by someone else, is dropped)."""
    form = EnrolmentCodeForm(request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        person = request.user
        try:
            with recorded_change(request, action="redeem_enrolment_code", object_type=ObjectType.USER,
                                 object_id=person.username):
                redeem_code(person, form.cleaned_data["enrolment_code"])
                TOTPDevice.objects.filter(user=person, confirmed=False).delete()
                device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=False)
        except EnrolmentCodeRefused:
            problem = ENROLMENT_CODE_NOT_ACCEPTED
        else:
            request.session[ENROLMENT_DEVICE] = device.pk
            return redirect("second_factor_setup")
    return render(request, "accounts/enrolment_code.html", {"form": form, "problem": problem})


def second_factor_verify(request: SignedInRequest) -> HttpResponse:
    if not second_factor_outstanding(request):
        return redirect("home")
    if not user_has_confirmed_device(request.user):
        return redirect("second_factor_setup")
    form = CodeForm(request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("id").first()
        if device is not None and device.verify_token(form.cleaned_data["code"]):
            remember_second_factor(request, device)
            record(request, action="verify_second_factor", object_type=ObjectType.USER,
                   object_id=request.user.username, outcome=Outcome.SUCCEEDED)
            return _after_sign_in(request)
        record(request, action="verify_second_factor", object_type=ObjectType.USER,
               object_id=request.user.username, outcome=Outcome.FAILED)
        problem = CODE_NOT_ACCEPTED
    return render(request, "accounts/second_factor_verify.html", {"form": form, "problem": problem})


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request: SignedInRequest) -> HttpResponse:
    """Changing one's password keeps this session and ends every other (their stored password
    hash no longer matches)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with recorded_change(request, action="change_password", object_type=ObjectType.USER,
                             object_id=request.user.username):
            user = form.save(commit=False)
            user.must_change_password = False
            user.save()
        update_session_auth_hash(request, user)
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})
